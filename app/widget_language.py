"""Streamlit's own English texts: replaced by ours where its API allows, hidden where it does not.

`install()` runs at the top of every script run (app/main.py). Selectboxes and multiselects get our
placeholder and date inputs the day/month/year format unless a page passes its own, so no page can
forget them. A small stylesheet hides the "Press Enter to submit form" hint and writes the file
uploader's texts ("Drag and drop", "Upload", "200MB per file") in the user's language.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app.strings import t

DATE_FORMAT = "DD/MM/YYYY"
DEFAULTS: dict[str, dict[str, Callable[[], Any]]] = {
    "selectbox": {"placeholder": lambda: t("choose")},
    "multiselect": {"placeholder": lambda: t("choose")},
    "date_input": {"format": lambda: DATE_FORMAT},
}


def _with_defaults(method: Callable[..., Any], defaults: dict[str, Callable[[], Any]]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        for name, value in defaults.items():
            if kwargs.get(name) is None:
                kwargs[name] = value()
        return method(*args, **kwargs)

    call.__wrapped_by_werkbank__ = True  # type: ignore[attr-defined]
    return call


def _stylesheet() -> str:
    size = st.get_option("server.maxUploadSize")
    drop, limit, button = (json.dumps(t(key, size=size)) for key in ("upload.drop", "upload.limit", "upload.button"))
    return f"""<style>
[data-testid="InputInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {{ content: {drop}; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{ content: {limit}; font-size: 0.85em;
  opacity: 0.7; display: block; }}
[data-testid="stFileUploaderDropzone"] button {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: {button}; font-size: 1rem; }}
[data-testid="stFileUploaderDropzone"] button > * {{ display: none; }}
</style>"""


def install() -> None:
    """Our defaults on Streamlit's widgets (once per process) and the stylesheet (once per page run)."""
    for name, defaults in DEFAULTS.items():
        method = getattr(DeltaGenerator, name)
        if not getattr(method, "__wrapped_by_werkbank__", False):
            setattr(DeltaGenerator, name, _with_defaults(method, defaults))
        setattr(st, name, getattr(st._main, name))
    st.html(_stylesheet())

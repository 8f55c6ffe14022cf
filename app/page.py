"""What every page shares: the open project and coder (or a clear stop), whose codings are
visible, safe text display and turning a ProjectError into a Dutch message."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import streamlit as st

from coding.team.assignments import is_blind
from coding.team.coders import visible_coders
from coding.store.project import Project, ProjectError

from . import roles, state
from .strings import t

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:^=@])")


def md(text: Any) -> str:
    """Escape text for st.markdown: data never becomes a link, image, heading or formula."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def require_project() -> Project:
    """The open project, or a message and a stop (pages that need no coder, like the wall)."""
    try:
        project = state.open_current()
    except ProjectError as error:
        st.error(t("error", message=error))
        st.stop()
    if project is None:
        st.info(t("need.project"))
        st.stop()
    return project


def require() -> tuple[Project, str]:
    """The open project and the coder's name, or a message and a stop."""
    project = require_project()
    me = state.coder()
    if not me:
        st.info(t("need.coder"))
        st.stop()
    return project, me


def shown_coders(project: Project, me: str) -> list[str] | None:
    """Whose codings this session shows (sidebar choice; blind means only mine). A coder with a blind
    assignment sees only their own codings whatever the session asks: the server decides."""
    forced = is_blind(project.db.conn, me) and state.team_mode()
    return visible_coders(project.db.conn, me, st.session_state.get("view", "all"),
                          st.session_state.get("view_other"), state.blind() or forced)


def role() -> str | None:
    """The logged-in account's role (None: a single-user project without accounts)."""
    logged_in = state.account()
    return logged_in[1] if logged_in else None


def may(action: str) -> bool:
    """Whether this session's role may do `action` (see app/roles.py); checked on the server."""
    return roles.may(role(), action)


@contextmanager
def reported():
    """Show a ProjectError as a Dutch error line instead of a traceback."""
    try:
        yield
    except ProjectError as error:
        st.error(t("error", message=error))


def until_changed(name: str, project: Project, fn: Callable[..., Any], *args: Any) -> Any:
    """fn(*args), kept in this session until the project changes (every write is an event) or the
    arguments do: what a page shows again on every rerun is not worked out again each time."""
    tag = (str(project.path), project.db.conn.execute("SELECT max(id) FROM events").fetchone()[0], repr(args))
    held = st.session_state.get(f"_kept_{name}")
    if held is None or held[0] != tag:
        held = st.session_state[f"_kept_{name}"] = (tag, fn(*args))
    return held[1]


IN_SCRIPT = "_in_script"  # set by main.py while the page's script runs (not during callbacks)


def _run(fn: Callable[..., Any], args: tuple, kwargs: dict, message: str | None) -> tuple[bool, Any]:
    try:
        result = fn(*args, **kwargs)
    except ProjectError as error:
        shown = t("error", message=error)
        if st.session_state.get(IN_SCRIPT):
            st.error(shown)  # drawn right here, beside the control that was used, in this run
        else:
            st.session_state["_flash_error"] = shown  # a callback: at the top of the run it starts
        return False, None
    if message:
        st.session_state["_flash"] = message
    return True, result


def act(fn: Callable[..., Any], *args: Any, message: str | None = None, **kwargs: Any) -> Any:
    """Run a write; on success queue a toast, on ProjectError show the error at once (see _run).
    Returns what `fn` returned, None after an error."""
    return _run(fn, args, kwargs, message)[1]


def done(fn: Callable[..., Any], *args: Any, message: str | None = None, **kwargs: Any) -> bool:
    """Run a write like act; True when it went through (for writes that return nothing), so a
    page reruns only after a success and an error stays on screen."""
    return _run(fn, args, kwargs, message)[0]


def flash() -> None:
    """Show the message a callback left for this run."""
    if "_flash" in st.session_state:
        st.toast(st.session_state.pop("_flash"))
    if "_flash_error" in st.session_state:
        st.error(st.session_state.pop("_flash_error"))

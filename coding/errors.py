"""Errors a user can act on, as a code and parameters, and the gettext catalogs that say them.

The core never builds a finished sentence for a person: it raises `WerkbankError("room.what",
name=...)`; the text lives in the catalogs of coding/locale (Dutch, English), so the app and the CLI
say it in the user's language. `str(error)` is the text in the current language (WERKBANK_LANG, Dutch
by default), so `except ValueError` and messages shown as they are keep working.

This is the lowest room of coding/: every other room may import it, it imports none of them.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "errors"


def language() -> str:
    """The language chosen with WERKBANK_LANG (or the older WERKBANK_LANGUAGE): nl unless it names en."""
    chosen = os.environ.get("WERKBANK_LANG") or os.environ.get("WERKBANK_LANGUAGE") or DEFAULT_LANGUAGE
    chosen = chosen.split(".")[0].split("_")[0].split("-")[0].lower()
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalog(directory: Path, domain: str, lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `domain` in `lang` (a text missing there falls back to Dutch)."""
    found = gettext.translation(domain, directory, languages=[lang], fallback=True)
    if lang != DEFAULT_LANGUAGE:
        found.add_fallback(gettext.translation(domain, directory, languages=[DEFAULT_LANGUAGE], fallback=True))
    return found


def fill(text: str, values: dict[str, Any]) -> str:
    """`text` with its {placeholders} filled; a text that does not fit its values is shown as it is."""
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def say(code: str, values: dict[str, Any] | None = None, lang: str | None = None) -> str:
    """The text of an error `code` in `lang` (default: the current language), values filled in."""
    return fill(catalog(LOCALE_DIR, DOMAIN, lang or language()).gettext(code), values or {})


class WerkbankError(ValueError):
    """A problem the user can act on: `code` names it, `params` are its particulars.

    A code missing from the catalogs is shown as it is, so an old-style sentence still reads.
    """

    def __init__(self, code: str, /, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params

    def text(self, lang: str | None = None) -> str:
        return say(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.text()

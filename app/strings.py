"""Every text the Werkbank app and CLI show, by key, from the gettext catalogs in app/locale.

Pages call `t("key", name=value)`; a missing key shows the key itself so it is noticed, not hidden.
The texts live in app/locale/{nl,en}/LC_MESSAGES/werkbank.po (Dutch by default, English with
WERKBANK_LANG=en); the core's error codes (coding/locale) are found by the same `t`.
After editing a .po, compile it: `pybabel compile -d app/locale -D werkbank` (a test compares them).
"""

from __future__ import annotations

from pathlib import Path

from coding.errors import LOCALE_DIR, catalog, language

APP_LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "werkbank"

# Texts added on a branch before they reach the catalogs; /work/tools/strings_to_po.py moves them there.
NL: dict[str, str] = {}


def t(key: str, **values: object) -> str:
    """The text for `key` in the current language, with {placeholders} filled in."""
    lang = language()
    text = catalog(APP_LOCALE, DOMAIN, lang).gettext(key)
    if text == key:
        text = catalog(LOCALE_DIR, "errors", lang).gettext(key)
    if text == key:
        text = NL.get(key, key)
    return text.format(**values) if values else text


def action_label(action: str) -> str:
    """What a logged action (e.g. "uncode", "import-codings") is called for a person; unknown ones as they are."""
    label = t(f"action.{action}")
    return action if label == f"action.{action}" else label


def tn(key: str, count: int, /, **values: object) -> str:
    """`t(key)` for a count: the singular text `key.one` when count is 1 and the catalog has one."""
    one = f"{key}.one"
    return t(one if count == 1 and t(one) != one else key, **values)

"""Numbers, percentages and dates as a reader of the chosen language writes them (Babel, nl_BE or en_GB).

Rounded before formatting, so a tiny negative value never shows as "-0,00". Babel is imported only
when a number is formatted, so the CLI's start-up does not pay for it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from coding.errors import language

if TYPE_CHECKING:
    import pandas as pd

LOCALES = {"nl": "nl_BE", "en": "en_GB"}


def _locale() -> str:
    return LOCALES[language()]


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits else "")


def number(value: float | int, digits: int = 2) -> str:
    """`value` with `digits` decimals: 0,85 in Dutch, 0.85 in English; never -0,00."""
    from babel.numbers import format_decimal

    return format_decimal(round(float(value), digits) + 0.0, format=_pattern(digits), locale=_locale())


def percent(share: float, digits: int = 0) -> str:
    """A share (0.971) as a percentage: 97% (digits=0) or 97,1% (digits=1)."""
    from babel.numbers import format_percent

    return format_percent(round(float(share), digits + 2) + 0.0, format=_pattern(digits) + "%", locale=_locale())


def day(value: date | datetime | str) -> str:
    """A date as people write it (7/12/2026 in Dutch); text that is no ISO date is shown as it is."""
    from babel.dates import format_date

    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value, format="short", locale=_locale())


def joined(items: list[str]) -> str:
    """Items as a sentence lists them: "a, b en c" in Dutch, "a, b and c" in English."""
    from babel.lists import format_list

    return format_list(items, locale=_locale()) if items else ""



def figures(frame: pd.DataFrame, shares: bool = False, digits: int = 2) -> pd.DataFrame:
    """A table for reading: every float column as text in the language's number format (Streamlit's own
    formats write 0.85 and 97.0% whatever the language). Columns named *share*, or all of them with
    `shares`, become percentages with one decimal; a float column of whole numbers loses its decimals;
    a missing figure is an empty cell."""
    import pandas as pd

    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if not pd.api.types.is_float_dtype(values):
            continue
        if shares or "share" in str(column):
            shown[column] = ["" if pd.isna(v) else percent(v, 1) for v in values]
        else:
            places = 0 if all(pd.isna(v) or float(v).is_integer() for v in values) else digits
            shown[column] = ["" if pd.isna(v) else number(v, places) for v in values]
    return shown


def chart_locale() -> dict:
    """How Vega writes a chart's numbers (axes, labels) in the chosen language: its own default is American."""
    if language() == "nl":
        return {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}}
    return {"number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["£", ""]}}

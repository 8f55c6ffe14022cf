"""Tables to CSV and XLSX, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) can be run as a formula by Excel or
LibreOffice ("formula injection"): a respondent's answer must never do that, so such text cells
get a leading apostrophe. Numbers are left alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from coding.errors import say
from coding.store.project import ProjectError

from .atomic import replacing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TABLE_SUFFIXES = (".csv", ".xlsx")


def neutralise(value: Any) -> Any:
    """The value, with a leading apostrophe if it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the table with every text cell (and column name) neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].astype(object).map(neutralise)
    return safe.rename(columns=lambda c: neutralise(str(c)))


def sheet_title(sheet: str) -> str:
    """The name of an .xlsx sheet in the reader's language (`exports.sheet.NAME`); one without a text as it is."""
    title = say(f"exports.sheet.{sheet}")
    return (sheet if title == f"exports.sheet.{sheet}" else title)[:31]


def save_table(frame: pd.DataFrame, path: str | Path, sheet: str = "table") -> Path:
    """Write a table as .csv (UTF-8 with BOM, so Excel reads the accents) or .xlsx (its sheet named in the
    reader's language; the column names stay as they are, since other tools read them)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise ProjectError("exports.tables.suffix", suffix=suffix or say("exports.no_extension"))
    safe = neutralised(frame)
    with replacing(path) as partial:
        if suffix == ".csv":
            safe.to_csv(partial, index=False, encoding="utf-8-sig")
        else:
            safe.to_excel(partial, index=False, sheet_name=sheet_title(sheet), engine="openpyxl")
    return path

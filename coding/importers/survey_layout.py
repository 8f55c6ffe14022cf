"""The layout of a survey export: which rows are headers, what each column is called, which tool wrote it.

Form tools write more than one header row: Qualtrics a row of question texts and a row of ImportId
JSON under its column ids, SurveyMonkey a row of sub-labels (`Response`, `Open-Ended Response`,
option and matrix-row labels) under question texts that are only written on the first column of a
multi-column question. Reading those rows as respondents makes fake respondents out of header text.
A row right under the header counts as a header row when it is JSON import ids, repeats the header
names, or carries sub-labels where the header row is blank while the columns that identify a
respondent are empty in it. The column names join the header rows (a question's text carried over its
continuation columns, its sub-label after it). Excel cells are decoded (`_x000D_` escapes, line ends).
A summary row that Excel users add under the data ('Totaal', 'Gemiddelde' with the column's sum or mean)
is no respondent: it is left out and listed in `summary_rows`, so the import says so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from coding.store.project import ProjectError
from coding.files.limits import MAX_COLUMNS
from coding.files.package import open_package
from coding.importers.csv_table import read_records, unique_headers
from coding.importers.text import decode

MAX_HEADER_ROWS = 4
"""Most header rows looked for (Qualtrics writes 3)."""

SUB_LABELS = {"response", "open-ended response", "antwoord", "open antwoord", "reactie", "selected choice"}
"""Row-2 labels that only say "the answer": left out of the column name."""

_IMPORT_ID = re.compile(r"""^\{\s*["']ImportId["']\s*:""")
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_CODE = re.compile(r"^[A-Za-z_]*\d[\w\[\]\-.]*$")
SUMMARY_LABELS = {"totaal", "total", "totalen", "gemiddelde", "average", "gemiddeld", "som", "sum"}
"""First cell of a row of column totals or means, as spreadsheet users type it."""
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


@dataclass
class SurveyTable:
    """Column names, data rows (all cells text, as wide as the names) and what the reading found."""

    headers: list[str]
    rows: list[list[str]]
    header_rows: int = 1
    tool: str | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)
    """(line, what a lenient read changed there)."""
    summary_rows: list[str] = field(default_factory=list)
    """First cells of the summary rows left out ('Totaal')."""


def excel_text(value: Any) -> str:
    """An Excel cell as text: whole numbers without '.0', dates in ISO form, escapes and line ends decoded."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    text = str(value)
    if "_x" in text:  # OOXML escapes (_x000D_ for a carriage return); _x005F_ escapes the underscore itself
        text = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _is_header_row(header: list[str], row: list[str], below: list[list[str]]) -> bool:
    """Whether `row`, right under the header (rows), is one more header row (see module doc)."""
    cells = [c.strip() for c in row]
    filled = [c for c in cells if c]
    if not filled:
        return False
    if sum(bool(_IMPORT_ID.match(c)) for c in filled) * 2 >= len(filled):
        return True
    same = sum(1 for c, h in zip(cells, header) if c and _norm(c) and _norm(c) == _norm(h))
    if same >= max(2, 0.3 * len(filled)):
        return True
    # Sub-labels: text under blank header cells (continuation columns), while a column that is filled
    # in every row below (a respondent id, a date) is empty here.
    under_blank = sum(1 for c, h in zip(cells, header) if c and not h.strip())
    labels = sum(c.casefold() in SUB_LABELS for c in filled)
    if not under_blank and not labels:
        return False
    if not below:
        return labels > 0
    always = [n for n in range(len(header)) if all(n < len(r) and r[n].strip() for r in below[:50])]
    return any(not cells[n] for n in always) or labels >= 2


def _number(cell: str) -> float | None:
    cell = cell.strip()
    return float(cell.replace(",", ".")) if _NUMBER.match(cell) else None


def _is_summary_row(row: list[str], above: list[list[str]]) -> bool:
    """A row whose first filled cell is 'Totaal' (or the like), whose other filled cells are numbers (no
    answers), at least one of them the sum or mean of its column in the rows above."""
    filled = [(n, c.strip()) for n, c in enumerate(row) if c.strip()]
    if len(filled) < 2 or filled[0][1].rstrip(":").casefold() not in SUMMARY_LABELS or not above:
        return False
    if any(_number(c) is None for _, c in filled[1:]):
        return False
    for n, cell in filled[1:]:
        column = [_number(r[n]) for r in above if n < len(r) and r[n].strip()]
        if not column or None in column:
            continue
        total = sum(column)  # type: ignore[arg-type]
        if any(abs(_number(cell) - v) <= 0.01 * max(1.0, abs(v)) for v in (total, total / len(column))):
            return True
    return False


def _column_names(header_rows: list[list[str]]) -> list[str]:
    """One name per column from several header rows (see module doc)."""
    if len(header_rows) == 1:
        return header_rows[0]
    width = max(map(len, header_rows))
    grid = [(r + [""] * width)[:width] for r in header_rows]
    carried = list(grid[0])
    for n in range(1, width):  # a multi-column question's text is written on its first column only
        if not carried[n].strip() and any(r[n].strip() for r in grid[1:]):
            carried[n] = carried[n - 1]
    # A first row of identifiers (Qualtrics: StartDate, Q3) under which texts follow: a question code
    # (with a digit) is named by its text, a bookkeeping identifier keeps its own name.
    identifiers = sum(bool(c.strip()) and not re.search(r"\s", c.strip()) for c in grid[0]) >= 0.8 * width
    names = []
    for n in range(width):
        if identifiers and grid[0][n].strip() and not re.search(r"\d", grid[0][n]):
            names.append(grid[0][n].strip())
            continue
        parts: list[str] = []
        for k, text in enumerate([carried[n]] + [r[n] for r in grid[1:]]):
            text = text.strip()
            if not text or _IMPORT_ID.match(text) or text.casefold() in SUB_LABELS:
                continue
            if any(_norm(text) == _norm(p) for p in parts):
                continue
            if k > 0 and len(parts) == 1 and _CODE.match(parts[0]) and " " in text:
                parts = []  # a column code (Q3, QID4) with its question text below: the text names it
            parts.append(text)
        names.append(" - ".join(parts))
    return names


def _tool(headers: list[str], header_rows: list[list[str]]) -> str | None:
    """Which tool wrote the export, by its own column names (shown to the user; nothing depends on it)."""
    names = {_norm(h) for h in headers}
    cells = {c.strip() for r in header_rows[1:] for c in r}
    if any(_IMPORT_ID.match(c) for c in cells) or {"responseid", "recordeddate"} <= {_norm(c) for r in header_rows
                                                                                  for c in r}:
        return "Qualtrics"
    if {"respondentid", "collectorid"} <= names or {"respondentid", "collectorid"} <= {_norm(c) for r in header_rows
                                                                                     for c in r}:
        return "SurveyMonkey"
    if {"submitdate", "lastpage"} & names or {"lastpage", "startlanguage"} <= names or \
            {"datesubmitted", "lastpage"} <= names:
        return "LimeSurvey"
    if {"id", "completiontime"} <= names or {"id", "tijdvanvoltooien"} <= names or {"id", "begintijd"} <= names:
        return "Microsoft Forms"
    if headers and _norm(headers[0]) in ("tijdstempel", "timestamp"):
        return "Google Forms"
    return None


def layout(raw: list[list[str]], name: str) -> SurveyTable:
    """Header rows found, column names made, data rows as wide as the header (see module doc)."""
    if not raw:
        raise ProjectError("importers.survey_layout.file_empty", name=name)
    width = max(len(raw[0]), 1)
    if width > MAX_COLUMNS:
        raise ProjectError("importers.survey_layout.columns_limit_export_only", name=name, width=width,
                           max_columns=MAX_COLUMNS)
    rows = [(r + [""] * width)[:width] if len(r) != width else r for r in raw]
    count = 1
    for k in range(1, min(MAX_HEADER_ROWS, len(rows))):  # a row of import ids closes the header (Qualtrics)
        filled = [c.strip() for c in rows[k] if c.strip()]
        if filled and sum(bool(_IMPORT_ID.match(c)) for c in filled) * 2 >= len(filled):
            count = k + 1
    while count < min(MAX_HEADER_ROWS, len(rows)) and _is_header_row(rows[0], rows[count], rows[count + 1:]):
        count += 1
    header_rows = rows[:count]
    headers = unique_headers(_column_names(header_rows))
    data = [r for r in rows[count:] if any(c.strip() for c in r)]
    summaries: list[str] = []
    while data and _is_summary_row(data[-1], data[:-1]):
        summaries.insert(0, next(c.strip() for c in data.pop() if c.strip()))
    if not data:
        raise ProjectError("importers.survey_layout.header_row_but_respondents", name=name)
    return SurveyTable(headers, data, count, _tool(headers, header_rows), summary_rows=summaries)


def read_survey(path: str | Path, data: bytes | None = None, sheet: str | None = None,
                delimiter: str | None = None, lenient: bool = False, max_rows: int | None = None) -> SurveyTable:
    """A .csv or .xlsx export as a SurveyTable; a strict read of a CSV unless `lenient` (see csv_table)."""
    path = Path(path)
    data = path.read_bytes() if data is None else data
    if not data:
        raise ProjectError("importers.survey_layout.file_empty", name=path.name)
    if path.suffix.lower() == ".xlsx":
        return layout(_excel_rows(data, path.name, sheet, max_rows), path.name)
    records = read_records(decode(data, path.name), path.name, delimiter, lenient, max_rows)
    table = layout(records.rows, path.name)
    table.notes = records.notes
    return table


def _excel_rows(data: bytes, name: str, sheet: str | None, max_rows: int | None) -> list[list[str]]:
    import openpyxl
    open_package(data, name, "Excel", "xl/workbook.xml")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise ProjectError("importers.survey_layout.readable_excel_file", name=name, error=error) from error
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ProjectError("importers.survey_layout.sheet_sheets", name=name, sheet=sheet,
                               sheetnames=', '.join(book.sheetnames))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        rows = []
        for values in worksheet.iter_rows(values_only=True):
            cells = [excel_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if max_rows is not None and len(rows) > max_rows:
                raise ProjectError("importers.survey_layout.more_than_rows_limit", name=name,
                                   max_rows=max_rows)
            rows.append(cells)
        return rows
    finally:
        book.close()

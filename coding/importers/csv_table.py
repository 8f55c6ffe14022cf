"""Reading a CSV export strictly: every record checked before anything is imported.

Why strict: one unbalanced quote makes a lenient reader swallow the rest of the file (names and
e-mail addresses included) into one answer, and the import then "succeeds". Here a record with an
unclosed quote, a record with another number of fields than the header, or a quoted field that
swallows lines that look like records of their own is refused with its line number. A lenient
read is only done when the caller asks for it; it pads or cuts rows to the header's width and
says so in its notes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from coding.store.project import ProjectError

DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str) -> str:
    """The delimiter (, ; or tab) that occurs most often outside quotes in the header record."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text.lstrip():
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda d: counts[d])  # ties: the earlier, "," first


@dataclass
class CsvRecords:
    """The non-blank records of a CSV file, and what a lenient read changed (line, problem)."""

    rows: list[list[str]]
    notes: list[tuple[int, str]] = field(default_factory=list)


def _label(delimiter: str) -> str:
    return {"\t": "tab", ";": "';'", ",": "','"}[delimiter]


def _swallows(cell: str, delimiter: str, width: int) -> bool:
    """A quoted cell holding several lines that each look like a record: a quote left open."""
    if width < 3 or cell.count("\n") < 1:
        return False
    lines = cell.split("\n")[1:]
    return sum(line.count(delimiter) >= width - 1 for line in lines) >= 1


def read_records(text: str, name: str, delimiter: str | None = None, lenient: bool = False,
                 max_rows: int | None = None) -> CsvRecords:
    """All non-blank records; a ProjectError naming the line of the first bad one unless `lenient`."""
    delimiter = delimiter or sniff_delimiter(text)
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 2**20))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=not lenient)
    out = CsvRecords([])
    width = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "end of data" in str(error):
                raise ProjectError("importers.csv_table.line_quote_opened_record", name=name, start=start) from error
            raise ProjectError("importers.csv_table.line_readable_csv_record", name=name,
                               line_num=reader.line_num, error=error) from error
        if not any(cell.strip() for cell in row):
            continue
        if max_rows is not None and len(out.rows) > max_rows:
            raise ProjectError("importers.csv_table.more_than_rows_limit", name=name, max_rows=max_rows)
        if not width:
            width = len(row)
        else:
            while len(row) > width and not row[-1].strip():
                row.pop()  # a trailing delimiter adds empty fields, nothing else
            problem = None
            if len(row) != width:
                problem = f"has {len(row)} fields separated by {_label(delimiter)}, the header has {width}"
            else:
                swallowing = next((n for n, cell in enumerate(row) if _swallows(cell, delimiter, width)), None)
                if swallowing is not None:
                    end = reader.line_num
                    problem = (f"field {swallowing + 1} runs over lines {start}-{end} that look like records "
                               f"of their own (a quote left open?)")
            if problem is not None:
                if not lenient:
                    raise ProjectError("importers.csv_table.line_record_nothing_was", name=name, start=start,
                                       problem=problem)
                out.notes.append((start, problem))
                row = (row + [""] * width)[:width]
        out.rows.append(row)
    return out


def unique_headers(headers: list[str]) -> list[str]:
    """Header texts made unique and non-empty, so a column can be named in a mapping.

    Linear: a counter per base name remembers where the numbering got to (20,000 equal cells
    take milliseconds, not minutes).
    """
    out: list[str] = []
    used: set[str] = set()
    next_number: dict[str, int] = {}
    for n, header in enumerate(headers, start=1):
        base = " ".join(str(header or "").split()) or f"kolom {n}"
        candidate = base
        if candidate in used:
            k = next_number.get(base, 2)
            while f"{base} ({k})" in used:
                k += 1
            next_number[base] = k + 1
            candidate = f"{base} ({k})"
        used.add(candidate)
        out.append(candidate)
    return out

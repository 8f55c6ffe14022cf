"""Word reports (.docx): paragraphs and tables in reading order, headings marked.

Headings are paragraphs styled `Heading N`, `Kop N` (Dutch Word) or `Title`/`Titel`. A table
becomes one paragraph per row with its cells joined by " | " (merged cells once). Footnotes,
comments, headers and footers are not part of the report text. The package is checked for
zip bombs, encryption and missing parts before python-docx reads it (see package.py).
"""

from __future__ import annotations

import io
import re

import docx
from docx.table import Table

from coding.store.project import ProjectError
from coding.files.package import content_types, open_package
from coding.importers.parsed import Paragraph

HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*\d$|^(?:title|titel)$", re.IGNORECASE)
MAIN_PART = "word/document.xml"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n\s*\n+", "\n", text)  # a blank line inside a paragraph would look like a new one
    return _CONTROL.sub("", text).strip()


def _style_names(document) -> dict[str | None, str]:
    """Style id -> name, read once: python-docx's `paragraph.style` searches the styles part on every
    call (a few ms each: 16 s for a report of 3,000 paragraphs)."""
    try:
        return {style.style_id: style.name or "" for style in document.styles}
    except (AttributeError, KeyError, ValueError):
        return {}


def _style(paragraph, names: dict[str | None, str]) -> str:
    try:
        return names.get(paragraph._p.style, "")
    except (AttributeError, KeyError, ValueError):
        return ""


def _rows(table: Table) -> list[str]:
    out = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(_clean(cell.text).split("\n")))
        if any(cells):
            out.append(" | ".join(cells))
    return out


def read_docx(data: bytes, name: str) -> list[Paragraph]:
    """The paragraphs of a Word file, or a ProjectError saying why it cannot be read."""
    package = open_package(data, name, "Word", MAIN_PART)
    main_type = content_types(package, name).get(MAIN_PART, "")
    if "wordprocessingml" not in main_type and "ms-word" not in main_type:
        raise ProjectError(f"{name} is not a Word document (its main part is {main_type or 'untyped'})")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
        names = _style_names(document)
    except Exception as error:  # python-docx raises many kinds on damaged files
        raise ProjectError(f"{name} is not a readable Word file ({type(error).__name__}: {error})") from error
    out: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Table):
            out += [Paragraph(row) for row in _rows(block)]
            continue
        text = _clean(block.text)
        if text:
            out.append(Paragraph(text, heading=bool(HEADING_STYLE.match(_style(block, names)))))
    return out

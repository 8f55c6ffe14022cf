"""Plain-text reports (.txt, .md): decode whatever encoding Word, Notepad or a form tool wrote.

Decoding order: a byte-order mark decides (UTF-8, UTF-16 LE/BE); otherwise UTF-8 if it decodes
cleanly, else cp1252 (Windows Western European), which accepts any byte. Line endings become
"\n" and NUL characters are dropped, so offsets never depend on the platform that wrote the file.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

from coding.store.project import ProjectError
from coding.importers.speakers import PREFIX, SpeakerMapping, label_like
from coding.importers.parsed import Paragraph, Source

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# "2. Samenwerking in de klas", "3.1 Wat moet er anders?": a numbered section heading (a list item ends in ".")
_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-ZÀ-Ý][^\n]{0,70}[^.,;:\s]$")


def decode(data: bytes, what: str = "file") -> str:
    """Bytes to normalised text (see module doc); refuses an empty file."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ProjectError("importers.text.byte_order_mark_but", what=what, encoding=encoding) from error
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise ProjectError("importers.text.file_empty", what=what)
    return text


def starts_turn(line: str, speakers: SpeakerMapping) -> bool:
    """A line that may start a turn: a label the mapping knows, or a capitalised label-like start."""
    start = PREFIX.match(line).end()
    return start < len(line) and line[start].isupper() and (
        speakers.match(line) is not None or label_like(line, start) is not None)


WRAPPED_WIDTH = 60   # a text whose longest lines are at least this long may be hard-wrapped (pasted from a PDF)
FULL_LINE = 0.8      # a line at least this share of the longest is a wrapped one: the paragraph goes on
_HYPHENATED = re.compile(r"[^\W\d_]-$")
PAGE_NUMBER = re.compile(r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?$"
                         r"|^[-–]\s*\d{1,4}\s*[-–]$", re.IGNORECASE)
RUNNING = 3  # a short line repeated this often in a hard-wrapped text is a page's header or footer


def paragraphs(text: str, speakers: SpeakerMapping) -> Source:
    """Paragraphs of a plain-text report, and its word count.

    With blank lines in the file, a paragraph is a block between blank lines (hard-wrapped lines
    are joined), except that a line that may start a turn or a Markdown `#` heading starts a new
    paragraph, and a table row (`| a | b |`) is a paragraph of its own. Without any blank line,
    every line is a paragraph (one turn per line), unless the text is hard-wrapped (as when a PDF's
    text is pasted): then a line goes on the one before when that one was full-width, and does not
    start a turn. A word hyphenated at a line end ("onder-" +
    "steuning") is joined when lines are.
    """
    stripped = [line.strip() for line in text.split("\n")]
    width = max(map(len, stripped), default=0)
    full = width * FULL_LINE
    filled = [line for line in stripped if line]
    wrapped = width >= WRAPPED_WIDTH and sum(len(line) >= full for line in filled) >= 0.3 * len(filled)
    if wrapped and len(filled) >= 5 and all(not a or not b for a, b in zip(stripped, stripped[1:])):
        stripped = filled  # a blank line after every line (some PDF readers copy so): no paragraphs in that
    blank_separated = any(not line for line in stripped[:-1]) and len(stripped) > 2
    source = Source([], words=len(text.split()))
    if wrapped:  # pasted from a PDF: its running headers, footers and page numbers are left out
        shapes = Counter(re.sub(r"\d+", "#", line) for line in filled)
        running = [line for line in stripped if line and (PAGE_NUMBER.match(line) or (
            shapes[re.sub(r"\d+", "#", line)] >= RUNNING and len(line) < full and speakers.match(line) is None))]
        if running:
            source.left_out["kop- of voettekst"] = sum(len(line.split()) for line in running)
            drop = set(running)
            stripped = [line for line in stripped if line not in drop]
    current: list[str] = []

    def flush() -> None:
        if current:
            source.paragraphs.append(Paragraph("".join(current)))
            current.clear()

    previous = ""
    for line in stripped:
        if not line:
            flush()
            previous = ""
            continue
        heading = _HEADING.match(line)
        if heading or (_NUMBERED.match(line) and len(previous) < full and not starts_turn(line, speakers)):
            flush()
            source.paragraphs.append(Paragraph(heading.group(2).strip() if heading else line, heading=True,
                                               level=len(heading.group(1)) if heading else line.split()[0].count(".")
                                               or 1))
            previous = ""
            continue
        goes_on = blank_separated or (wrapped and len(previous) >= full)
        table_row = line.startswith("|")  # a Markdown table row is a paragraph of its own, like a Word table row
        if current and (not goes_on or starts_turn(line, speakers) or table_row or current[-1].startswith("|")):
            flush()
        if current:
            if _HYPHENATED.search(current[-1]) and line[:1].islower():
                current[-1] = current[-1][:-1]
                source.joined += 1
            else:
                current.append(" ")
        current.append(line)
        previous = line
    flush()
    return source

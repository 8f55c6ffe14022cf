"""Plain-text reports (.txt, .md): decode whatever encoding Word, Notepad or a form tool wrote.

Decoding order: a byte-order mark decides (UTF-8, UTF-16 LE/BE); otherwise UTF-8 if it decodes
cleanly, else cp1252 (Windows Western European), which accepts any byte. Line endings become
"\n" and NUL characters are dropped, so offsets never depend on the platform that wrote the file.
"""

from __future__ import annotations

import codecs
import re

from coding.store.project import ProjectError
from coding.importers.speakers import LABEL_LIKE, PREFIX, SpeakerMapping
from coding.importers.parsed import Paragraph

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def decode(data: bytes, what: str = "file") -> str:
    """Bytes to normalised text (see module doc); refuses an empty file."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ProjectError(f"{what} has a {encoding} byte-order mark but is not valid {encoding}") from error
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise ProjectError(f"{what}: file is empty")
    return text


def starts_turn(line: str, speakers: SpeakerMapping) -> bool:
    """A line that may start a turn: a label the mapping knows, or a capitalised label-like start."""
    start = PREFIX.match(line).end()
    return start < len(line) and line[start].isupper() and (
        speakers.match(line) is not None or LABEL_LIKE.match(line, start) is not None)


def paragraphs(text: str, speakers: SpeakerMapping) -> list[Paragraph]:
    """Paragraphs of a plain-text report.

    With blank lines in the file, a paragraph is a block between blank lines (hard-wrapped lines
    are joined by a space), except that a line starting with a speaker label or a Markdown `#`
    heading starts a new paragraph. Without any blank line, every line is a paragraph.
    """
    lines = text.split("\n")
    blank_separated = any(not line.strip() for line in lines[:-1]) and len(lines) > 2
    out: list[Paragraph] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            out.append(Paragraph(" ".join(current)))
            current.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            out.append(Paragraph(heading.group(2).strip(), heading=True))
            continue
        if current and (not blank_separated or starts_turn(line, speakers)):
            flush()
        current.append(line)
    flush()
    return out

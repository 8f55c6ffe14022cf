"""PDF reports: the text layer (pdfminer.six) reflowed into the paragraphs the writer typed.

A PDF holds positioned lines, not paragraphs. Lines that repeat at the top or bottom of the pages
(a running header, "Pagina 2 van 3") and bare page numbers are left out and counted. The body lines
are joined into paragraphs: a larger vertical gap than the usual line spacing, a heading, or a line
that starts with a speaker label starts a new one; a line ending in a hyphen is joined to a next
line that starts in lower case without the hyphen ("onder-" + "steuning"), also across a page
break; any other line end becomes a space. A line that starts in lower case never starts a turn
("leerkracht: die rol ..." is a wrapped line). All-bold lines in a larger size than the body text are
headings (the largest at the very start: the title). A PDF without a text layer (a scan) is refused
with what to do about it.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from coding.importers.parsed import Paragraph, Source
from coding.importers.speakers import PREFIX, SpeakerMapping, label_like
from coding.importers.text import PAGE_NUMBER
from coding.store.project import ProjectError

EDGE = 0.12  # the top and bottom 12% of a page: where running headers and footers sit
_HYPHENATED = re.compile(r"[^\W\d_]-$")


@dataclass
class _Line:
    page: int
    text: str
    top: float
    bottom: float
    size: float
    bold: int        # length of the bold start
    all_bold: bool
    height: float    # the page's height


def _is_bold(font: str) -> bool:
    return bool(re.search(r"bold|black|heavy|semibold|demi", font, re.IGNORECASE))


def _lines(data: bytes, name: str) -> list[_Line]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    out: list[_Line] = []
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
            found = []
            for box in page:
                if not isinstance(box, LTTextContainer):
                    continue
                for line in box:
                    if not isinstance(line, LTTextLine):
                        continue
                    text = " ".join(line.get_text().split())
                    if not text:
                        continue
                    chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                    bold = 0
                    for char in line:
                        if isinstance(char, LTChar) and char.get_text().strip() and not _is_bold(char.fontname):
                            break
                        bold += len(char.get_text())
                    sizes = Counter(round(c.size, 1) for c in chars)
                    found.append(_Line(number, text, line.y1, line.y0, sizes.most_common(1)[0][0] if sizes else 0,
                                       min(bold, len(text)), bool(chars) and all(_is_bold(c.fontname) for c in chars),
                                       page.height))
            out += sorted(found, key=lambda line: -line.top)
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise ProjectError("importers.pdf.password_protected_save_without", name=name) from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as error:
        raise ProjectError("importers.pdf.readable_pdf", name=name, error_type=type(error).__name__,
                           error=error) from error
    return out


def _edges(lines: list[_Line]) -> tuple[list[_Line], dict[str, int]]:
    """Body lines, and the words of running headers, footers and page numbers left out."""
    pages = len({line.page for line in lines})
    shape = Counter(re.sub(r"\d+", "#", line.text) for line in lines
                    if line.top > line.height * (1 - EDGE) or line.bottom < line.height * EDGE)
    body, left_out = [], {}
    for line in lines:
        top, bottom = line.top > line.height * (1 - EDGE), line.bottom < line.height * EDGE
        repeated = pages > 1 and shape[re.sub(r"\d+", "#", line.text)] >= max(2, pages // 2)
        if (top or bottom) and (repeated or PAGE_NUMBER.match(line.text)):
            kind = "koptekst" if top else "voettekst"
            left_out[kind] = left_out.get(kind, 0) + len(line.text.split())
        else:
            body.append(line)
    return body, left_out


def _starts_turn(text: str, mapping: SpeakerMapping) -> bool:
    start = PREFIX.match(text).end()
    return start < len(text) and text[start].isupper() and (
        mapping.match(text) is not None or label_like(text, start) is not None)


def read_pdf(data: bytes, name: str, mapping: SpeakerMapping) -> Source:
    """The paragraphs of a PDF report and its word counts (see module doc)."""
    lines = _lines(data, name)
    if not lines:
        raise ProjectError("importers.pdf.text_layer_scan_image", name=name)
    source = Source([], words=sum(len(line.text.split()) for line in lines))
    body, source.left_out = _edges(lines)
    sizes = Counter(line.size for line in body for _ in line.text.split())
    usual = sizes.most_common(1)[0][0] if sizes else 0
    gaps = Counter(round(a.bottom - b.top, 0) for a, b in zip(body, body[1:]) if a.page == b.page)
    spacing = min((gap for gap, n in gaps.most_common(3)), default=0)  # the usual gap between lines
    heading_sizes = sorted({line.size for line in body if line.all_bold and line.size > usual + 0.2}, reverse=True)
    current: list[str] = []
    current_line: _Line | None = None
    previous: _Line | None = None

    def level(line: _Line) -> int | None:
        if not (line.all_bold and line.size > usual + 0.2):
            return None
        rank = heading_sizes.index(line.size)
        first = line is body[0] or (previous is not None and previous.size == line.size and current_line is body[0])
        return 0 if rank == 0 and first and len(heading_sizes) > 1 else max(1, rank + (len(heading_sizes) == 1))

    def flush() -> None:
        if current:
            heading = level(current_line)
            source.paragraphs.append(Paragraph(
                "".join(current), heading=heading is not None, level=heading or 0,
                bold=0 if heading is not None else current_line.bold, standalone=heading == 0))
            current.clear()

    for line in body:
        new = previous is None
        if previous is not None:
            same_page = previous.page == line.page
            gap = previous.bottom - line.top if same_page else 0
            new = (level(line) != level(previous) or (same_page and spacing and gap > spacing * 1.25 + 1)
                   or _starts_turn(line.text, mapping))
            if not new and previous.text.endswith("-") and _HYPHENATED.search(previous.text) \
                    and line.text[:1].islower():
                current[-1] = current[-1][:-1]  # "onder-" + "steuning": one word again
                source.joined += 1
            elif not new:
                current.append(" ")
        if new:
            flush()
            current_line = line
        current.append(line.text)
        previous = line
    flush()
    return source

"""Word reports (.docx): the text as Word shows it in its accepted view, in reading order.

Read from the package's XML (lxml), because what evaluators type lives in places a paragraph's
plain text misses: tracked insertions (in) and deletions or moved-away text (out, counted),
text boxes (the DrawingML copy; the VML fallback copy of the same box is skipped), content
controls, field results (the cached value, never the field code), hyperlinks. A soft line break
(Shift+Enter) stays a "\n" inside the paragraph, so the report builder can start a turn there.
A paragraph is a heading when its outline level (its own, or its style's or a base style's, or
a built-in `heading N` style in the chain) says so, whatever the style is called.
A two-column table whose header ("Spreker | Uitspraak") or first cells name speakers gives one
turn per row; any other table gives one paragraph per row (cells joined by " | ").
Headers, footers, footnotes, endnotes and comments are left out, and their words counted, as are
deleted revisions: see `Source`. A wholly italic paragraph that starts with a note label ('Aanwezig:',
'Noot:') is a reporter's aside: standalone other text, never part of the turn before it.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from coding.files.package import content_types, open_package, read_part
from coding.importers.parsed import Paragraph, Source
from coding.importers.speakers import SpeakerMapping, label_like
from coding.store.project import ProjectError

MAIN_PART = "word/document.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
TITLE_STYLES = ("title", "titel")
_BUILTIN_HEADING = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)
# Header cells that make a two-column table a conversation: the speaker column, then what was said.
SPEAKER_HEADER = re.compile(r"^(spreker|sprekers|naam|wie|persoon|deelnemer|rol)\s*:?$", re.IGNORECASE)
WORDS_HEADER = re.compile(r"^(uitspraak|uitspraken|tekst|inbreng|antwoord|wat .*|citaat|gesprek|bijdrage)\s*:?$",
                          re.IGNORECASE)
LEFT_OUT_PARTS = (("header", "koptekst"), ("footer", "voettekst"), ("footnotes", "voetnoot"),
                  ("endnotes", "eindnoot"), ("comments", "opmerking"))
NOTE_LABEL = re.compile(r"^(aanwezig|aanwezigen|afwezig|afwezigen|verontschuldigd|noot|opmerking verslaggever)\s*:",
                        re.IGNORECASE)
"""How a reporter starts an aside typed in italics between the turns."""
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


T, DEL_TEXT, P, R, TBL, TR, TC = q("t"), q("delText"), q("p"), q("r"), q("tbl"), q("tr"), q("tc")
SKIPPED = {q("instrText"), q("delInstrText"), q("pPr"), q("rPr"), q("sdtPr"), q("sdtEndPr"), q("footnoteReference"),
           q("endnoteReference"), q("commentReference"), q("tblPr"), q("tcPr"), q("trPr"), q("tblGrid")}
DELETED = {q("del"), q("moveFrom")}
FALLBACK = f"{{{MC}}}Fallback"


def _parse(package, part: str, name: str) -> etree._Element:
    try:
        return etree.fromstring(read_part(package, part, name), _PARSER)
    except etree.XMLSyntaxError as error:
        raise ProjectError("importers.docx.readable_word_file_xmlsyntaxerror", name=name, part=part,
                           error=error) from error


def _on(element: etree._Element | None) -> bool:
    """A toggle property (w:b) that is switched on."""
    return element is not None and element.get(q("val"), "true").lower() not in ("0", "false", "off")


class _Styles:
    """Outline level per paragraph style, following basedOn (a custom style based on Heading 1 is one)."""

    def __init__(self, root: etree._Element | None):
        self.styles: dict[str, etree._Element] = {}
        self.default = None
        if root is not None:
            for style in root.iter(q("style")):
                if style.get(q("type")) == "paragraph":
                    self.styles[style.get(q("styleId"), "")] = style
                    if style.get(q("default")) in ("1", "true"):
                        self.default = style.get(q("styleId"))
        self.levels: dict[str, int | None] = {}

    def level(self, style_id: str | None) -> int | None:
        """1-based heading level, 0 for a title, None for body text."""
        style_id = style_id or self.default or ""
        if style_id not in self.levels:
            self.levels[style_id] = None  # a basedOn loop ends here
            self.levels[style_id] = self._level(style_id)
        return self.levels[style_id]

    def _level(self, style_id: str) -> int | None:
        style = self.styles.get(style_id)
        if style is None:
            return None
        name = (style.find(q("name")).get(q("val"), "") if style.find(q("name")) is not None else "").strip()
        outline = style.find(f"{q('pPr')}/{q('outlineLvl')}")
        if outline is not None:
            value = int(outline.get(q("val"), "9") or 9)
            return value + 1 if value < 9 else None
        builtin = _BUILTIN_HEADING.match(name) or _BUILTIN_HEADING.match(style_id)
        if builtin:
            return int(builtin.group(1))
        if name.casefold() in TITLE_STYLES or style_id.casefold() in TITLE_STYLES:
            return 0
        based = style.find(q("basedOn"))
        return self.level(based.get(q("val"))) if based is not None else None


class _Text:
    """The accepted-view text of one paragraph, with where its bold start ends; nested text-box
    paragraphs are collected to follow it."""

    def __init__(self, reader: "_Reader"):
        self.reader = reader
        self.pieces: list[str] = []
        self.bold_end: int | None = None  # length of the leading bold text (None: still all bold so far)
        self.length = 0
        self.boxes: list[etree._Element] = []
        self.all_italic = True  # every run with visible text is in italics

    def add(self, text: str, bold: bool, italic: bool = False) -> None:
        if not text:
            return
        if text.strip() and not italic:
            self.all_italic = False
        if self.bold_end is None and not bold and (text.strip() or self.length == 0):
            self.bold_end = self.length
        self.pieces.append(text)
        self.length += len(text)

    def walk(self, element: etree._Element, bold: bool = False, italic: bool = False) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED or tag == FALLBACK:
                continue
            if tag in DELETED:
                self.reader.deleted += _words_in(child)
                continue
            if tag == T:
                self.add(child.text or "", bold, italic)
            elif tag == DEL_TEXT:
                self.reader.deleted += len((child.text or "").split())
            elif tag == R:
                self.walk(child, _on(child.find(f"{q('rPr')}/{q('b')}")), _on(child.find(f"{q('rPr')}/{q('i')}")))
            elif tag == q("tab"):
                self.add("\t", bold)
            elif tag in (q("br"), q("cr")):
                self.add("\n", bold)
            elif tag == q("noBreakHyphen"):
                self.add("-", bold)
            elif tag == q("txbxContent"):
                self.boxes.append(child)
            elif tag == q("p"):  # a paragraph inside something inline: its own block
                self.boxes.append(child)
            else:
                self.walk(child, bold, italic)

    @property
    def text(self) -> str:
        return "".join(self.pieces)


def _words_in(element: etree._Element) -> int:
    """Words of deleted or moved-away text (w:delText, or w:t inside w:moveFrom), paragraphs apart."""
    count = 0
    for paragraph_text in _texts_by_paragraph(element, (T, DEL_TEXT)):
        count += len(paragraph_text.split())
    return count


def _texts_by_paragraph(root: etree._Element, tags: tuple[str, ...]) -> list[str]:
    """All text of `tags` under root, one string per paragraph, skipping fallback copies: an
    independent count of what a part holds, whatever structure the reader understands."""
    out: dict[Any, list[str]] = {}
    for element in root.iter(*tags, q("tab"), q("br"), q("cr")):
        if any(a.tag == FALLBACK for a in element.iterancestors()):
            continue
        paragraph = next(element.iterancestors(P), None)
        text = element.text or "" if element.tag in tags else " "
        out.setdefault(paragraph, []).append(text)
    return ["".join(pieces) for pieces in out.values()]


def _clean(text: str) -> str:
    text = _CONTROL.sub(lambda m: "\n" if m.group() == "\n" else " " if m.group() == "\t" else "", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


class _Reader:
    def __init__(self, styles: _Styles, mapping: SpeakerMapping):
        self.styles = styles
        self.mapping = mapping
        self.deleted = 0
        self.out: list[Paragraph] = []

    def block(self, element: etree._Element) -> None:
        for child in element:
            if child.tag == P:
                self.paragraph(child)
            elif child.tag == TBL:
                self.table(child)
            elif child.tag in DELETED:
                self.deleted += _words_in(child)
            elif isinstance(child.tag, str) and child.tag not in SKIPPED and child.tag != FALLBACK:
                self.block(child)  # a block content control, w:ins around paragraphs, customXml

    def paragraph_text(self, element: etree._Element) -> _Text:
        text = _Text(self)
        text.walk(element)
        return text

    def paragraph(self, element: etree._Element) -> None:
        text = self.paragraph_text(element)
        cleaned = _clean(text.text)
        if cleaned:
            level = self._level(element)
            bold = len(_clean(text.text[:text.bold_end])) if text.bold_end is not None else len(cleaned)
            aside = level is None and text.all_italic and bool(NOTE_LABEL.match(cleaned))
            self.out.append(Paragraph(cleaned, heading=level is not None, level=level or 0, bold=bold,
                                      standalone=aside))
        for box in text.boxes:
            if box.tag == P:
                self.paragraph(box)
            else:
                self.block(box)

    def _level(self, element: etree._Element) -> int | None:
        properties = element.find(q("pPr"))
        if properties is not None:
            outline = properties.find(q("outlineLvl"))
            if outline is not None:
                value = int(outline.get(q("val"), "9") or 9)
                return value + 1 if value < 9 else None
            style = properties.find(q("pStyle"))
            if style is not None:
                return self.styles.level(style.get(q("val")))
        return self.styles.level(None)

    def cell_text(self, cell: etree._Element) -> str:
        parts = []
        for paragraph in cell.iter(P):
            if any(a.tag == FALLBACK for a in paragraph.iterancestors()):
                continue
            parts.append(_clean(self.paragraph_text(paragraph).text).replace("\n", " "))
        return " ".join(p for p in parts if p)

    def table(self, element: etree._Element) -> None:
        rows = []
        for row in element.iter(TR):
            if next(row.iterancestors(TBL)) is not element:
                continue  # a row of a nested table: read with its cell
            cells = [cell for cell in row if cell.tag == TC]
            if any(ancestor.tag in DELETED for ancestor in row.iterancestors()):
                continue
            rows.append([self.cell_text(cell) for cell in cells])
        rows = [cells for cells in rows if any(cells)]
        if _is_conversation(rows, self.mapping):
            self.conversation(rows)
            return
        for cells in rows:
            self.out.append(Paragraph(" | ".join(cells), standalone=True))

    def conversation(self, rows: list[list[str]]) -> None:
        first = rows[0]
        header = SPEAKER_HEADER.match(first[0]) and WORDS_HEADER.match(first[1]) if len(first) == 2 else False
        for n, cells in enumerate(rows):
            if n == 0 and header:
                self.out.append(Paragraph(" | ".join(cells), standalone=True))
            elif len(cells) == 1 or (len(set(cells)) == 1 and cells[0]):
                self.out.append(Paragraph(cells[0], heading=True, level=2))  # a merged row: a section heading
            elif cells[1]:
                self.out.append(Paragraph(cells[1], speaker=cells[0].strip()))


def _is_conversation(rows: list[list[str]], mapping: SpeakerMapping) -> bool:
    """Two columns, and a header "Spreker | Uitspraak" (or alike), or no header but speaker labels
    in most first cells."""
    if len(rows) < 2:
        return False
    widths = [len(cells) for cells in rows if len(cells) > 1]
    if not widths or max(widths) != 2:
        return False
    first = rows[0]
    if len(first) == 2 and SPEAKER_HEADER.match(first[0]) and WORDS_HEADER.match(first[1]):
        return True
    pairs = [cells for cells in rows if len(cells) == 2]
    labels = sum(1 for cells in pairs if cells[0] and len(cells[0]) < 50 and (
        mapping.match(cells[0].rstrip(":-–— ") + ":") is not None or label_like(cells[0].rstrip(":-–— ") + ":")
        is not None and any(c.isdigit() for c in cells[0])))
    return labels >= max(2, 0.6 * len(pairs))


def read_docx(data: bytes, name: str, mapping: SpeakerMapping | None = None) -> Source:
    """The paragraphs of a Word file and its word counts, or a ProjectError saying why it cannot be read."""
    package = open_package(data, name, "Word", MAIN_PART)
    types = content_types(package, name)
    main_type = types.get(MAIN_PART, "")
    if "wordprocessingml" not in main_type and "ms-word" not in main_type:
        raise ProjectError("importers.docx.word_document_main_part", name=name,
                           main_type=main_type or 'untyped')
    root = _parse(package, MAIN_PART, name)
    body = root.find(q("body"))
    if body is None:
        raise ProjectError("importers.docx.readable_word_file_document", name=name)
    names = set(package.namelist())
    styles = _Styles(_parse(package, "word/styles.xml", name) if "word/styles.xml" in names else None)
    reader = _Reader(styles, mapping or SpeakerMapping())
    reader.block(body)
    source = Source(reader.out)
    source.words = sum(len(text.split()) for text in _texts_by_paragraph(body, (T,))) - _deleted_t_words(body)
    source.deleted = reader.deleted
    for part in sorted(names):
        stem = part.rsplit("/", 1)[-1]
        kind = next((kind for prefix, kind in LEFT_OUT_PARTS if stem.startswith(prefix) and stem.endswith(".xml")
                     and part.startswith("word/") and "/" not in part[5:]), None)
        if kind is None:
            continue
        words = sum(len(text.split()) for text in _texts_by_paragraph(_parse(package, part, name), (T,)))
        if words:
            source.left_out[kind] = source.left_out.get(kind, 0) + words
            source.words += words
    return source


def _deleted_t_words(body: etree._Element) -> int:
    """Words of w:t inside moved-away text (w:moveFrom holds w:t, not w:delText): not visible."""
    return sum(_words_in(moved) for moved in body.iter(q("moveFrom")))

"""Meeting transcripts read as speaker turns: WebVTT (Teams, Zoom), SRT (Otter, Whisper) and Teams .docx.

Every layout is first read into cues (speaker, start, end, text), then consecutive cues of one speaker
are merged into a turn: their texts joined by one space (a line break inside a cue is a space too).
Who speaks a cue:
- a WebVTT voice tag `<v Name>...</v>` (Teams);
- else a `Name: ` prefix on the cue's first line (Zoom writes it on every cue, Otter only on the
  first cue of a paragraph). A cue without a prefix continues the speaker before it; before the first
  prefix nobody is known (`None`). A prefix is a name when it reads like one (capitalised words, name
  particles such as `van`/`de`, a number as in "Spreker 2"): "Mijn laatste vraag: ..." is text. A
  one-word prefix must come back at least twice in the file, so "Oké: ..." once is text too;
- in a Teams .docx, the block header `Name   M:SS` (or only `M:SS`: an unidentified speaker).
Cue numbers, cue identifiers, timestamps, tags and NOTE blocks are never part of the text. Times are
kept in milliseconds; a Teams .docx has no end times (`None`). Both are read by block (`vtt_cues`,
`srt_cues`; see there why not by webvtt-py and srt, which the tests hold them to): a malformed cue is
refused with its reason, never skipped in silence.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

from coding.store.project import ProjectError

TRANSCRIPT_SUFFIXES = (".vtt", ".srt")

NAME_PARTICLES = ("van", "de", "der", "den", "het", "ter", "ten", "te", "le", "la", "du", "da", "di", "el",
                  "al", "bin", "von", "vander", "vanden", "'t", "op", "in")
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'’.-]*|\d{1,3})$")
_PREFIX = re.compile(r"^\s*([^:\n]{1,60}?)\s*:(?:\s+|$)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
"""A WebVTT voice span ('<v Leerkracht 1>'): the speaker as the captioning tool marked it."""
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}>")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_VTT_HEADER = re.compile(r"^WEBVTT(?:[ \t][^\n]*)?(?:\n|$)")
_VTT_SKIPPED = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
"""WebVTT blocks that hold no cue text: comments, styling, layout."""
_VTT_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_VTT_TIMING = re.compile(rf"^{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:[ \t].*)?$")
_SRT_TIME = r"(\d+):(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?"
_SRT_TIMING = re.compile(rf"^\s*{_SRT_TIME}\s*-[ -]*>\s*{_SRT_TIME}")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_T, _W_TAB, _W_BREAKS = f"{_W}t", f"{_W}tab", (f"{_W}br", f"{_W}cr")
_DOCX_HEADER = re.compile(r"^(?:(?P<name>.+?)(?:\s{2,}|\t)\s*)?(?P<time>\d{1,2}:\d{2}(?::\d{2})?)$")
_DOCX_STATUS = re.compile(r"(?:started|stopped) transcription|transcriptie (?:gestart|gestopt|beëindigd)"
                          r"|heeft de transcriptie", re.IGNORECASE)


@dataclass
class Cue:
    speaker: str | None
    start_ms: int
    end_ms: int | None
    text: str


@dataclass
class Turn:
    """Consecutive cues of one speaker; `cues` keeps each cue's text and times (they fill the turn in order)."""

    speaker: str | None
    cues: list[Cue] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cues)

    @property
    def start_ms(self) -> int:
        return self.cues[0].start_ms

    @property
    def end_ms(self) -> int | None:
        return self.cues[-1].end_ms


@dataclass
class Transcript:
    turns: list[Turn]
    cues: int
    skipped: list[str] = field(default_factory=list)  # header lines of a Teams .docx (title, date, duration)

    @property
    def speakers(self) -> list[str]:
        """Speaker names in order of first appearance."""
        return list(dict.fromkeys(t.speaker for t in self.turns if t.speaker is not None))


def one_line(text: str) -> str:
    return " ".join(text.split())


def looks_like_name(prefix: str) -> bool:
    """Capitalised words with name particles (and a number, "Spreker 2"): 1 to 5 words."""
    words = prefix.split()
    return 1 <= len(words) <= 5 and words[0][:1].isupper() and all(
        w in NAME_PARTICLES or (_NAME_WORD.match(w) and (w[0].isupper() or w.isdigit())) for w in words)


def merge(cues: list[Cue], merge_unknown: bool = True) -> list[Turn]:
    """One turn per speaker change. Unknown-speaker cues merge only when `merge_unknown` (subtitle cues
    of one stream); a Teams .docx block without a name is a speaker change of its own."""
    turns: list[Turn] = []
    for cue in cues:
        if not cue.text:
            continue
        last = turns[-1] if turns else None
        if last is not None and last.speaker == cue.speaker and (cue.speaker is not None or merge_unknown):
            last.cues.append(cue)
        else:
            turns.append(Turn(cue.speaker, [cue]))
    return turns


def _prefixed(cues: list[tuple[int, int | None, str]]) -> list[Cue]:
    """Speakers from `Name: ` prefixes (see module doc); `cues` are (start, end, text with line breaks)."""
    names: dict[str, str | None] = {}  # prefix -> the name it is, or None
    found = []
    counts: dict[str, int] = {}
    for _, _, text in cues:
        match = _PREFIX.match(text)
        name = None
        if match:
            prefix = match.group(1)
            if prefix not in names:
                names[prefix] = one_line(prefix) if looks_like_name(prefix) else None
            name = names[prefix]
            if name is not None:
                counts[name] = counts.get(name, 0) + 1
        found.append((name, match.end() if name is not None else 0))
    current: str | None = None
    out = []
    for (start, end, text), (name, body) in zip(cues, found):
        if name is not None and (counts[name] > 1 or " " in name):
            current, text = name, text[body:]
        out.append(Cue(current, start, end, one_line(text)))
    return out


def _clean(text: str) -> str:
    if "<" in text:
        text = _TAG.sub("", text)
    return html.unescape(text) if "&" in text else text


@functools.lru_cache(maxsize=4096)
def _voice_name(tag: str) -> str | None:
    return one_line(html.unescape(tag)) or None


def _voices(raw: str) -> list[tuple[str | None, str]]:
    """(voice, text) parts of a cue payload; text before the first voice tag has no voice."""
    marks = list(_VOICE.finditer(raw)) if "<v" in raw else []
    if not marks:
        return [(None, _clean(raw))]
    parts = [(None, _clean(raw[:marks[0].start()]))] if raw[:marks[0].start()].strip() else []
    for mark, following in zip(marks, marks[1:] + [None]):
        body = raw[mark.end():following.start() if following else len(raw)]
        parts.append((_voice_name(mark.group(1)), _clean(body)))
    return parts


def vtt_cues(text: str, name: str) -> list[tuple[str | None, int, int, str]]:
    """The cues of a WebVTT file as (identifier, start ms, end ms, payload with its line breaks).

    Read by block as the W3C format defines it: the `WEBVTT` header block, then blocks separated by blank
    lines; NOTE, STYLE and REGION blocks are skipped; a cue block is an optional identifier line, the
    timing line (`[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm [settings]`) and the payload. Anything else is refused
    with where it is. Why not webvtt-py: it builds several objects per cue and alone took about as long as
    the whole import of the same words as plain text (bench/transcript_bench.py); the tests check that
    this reader gives exactly webvtt-py's cues (tests/test_import_transcripts.py).
    """
    blocks = _BLANK_LINES.split(text.lstrip("\ufeff").strip("\n"))
    if not _VTT_HEADER.match(blocks[0]):
        raise ProjectError("importers.transcript_formats.readable_webvtt_file_does", name=name)
    cues = []
    for number, block in enumerate(blocks[1:], 2):
        lines = block.split("\n")
        if _VTT_SKIPPED.match(lines[0]) and "-->" not in lines[0]:
            continue
        at = 0 if "-->" in lines[0] else 1
        timing = _VTT_TIMING.match(lines[at].strip()) if len(lines) > at else None
        if timing is None:
            raise ProjectError("importers.transcript_formats.readable_webvtt_file_block", name=name,
                               number=number, lines=lines[0][:60])
        start, end = _timing_ms(timing)
        if end < start:
            raise ProjectError("importers.transcript_formats.readable_webvtt_file_cue", name=name,
                               lines=lines[0][:40] if at else number)
        cues.append((lines[0] if at else None, start, end, "\n".join(lines[at + 1:])))
    return cues


def read_vtt(text: str, name: str) -> Transcript:
    captions = vtt_cues(text, name)
    voiced: list[Cue] = []
    plain: list[tuple[int, int | None, str]] = []
    any_voice = False
    for _, start, end, raw in captions:
        for voice, body in _voices(raw):
            any_voice |= voice is not None
            voiced.append(Cue(voice, start, end, body))
            plain.append((start, end, body))
    if any_voice:
        cues, current = [], None
        for cue in voiced:  # a cue without a voice tag continues the voice before it
            current = cue.speaker or current
            cues.append(Cue(current, cue.start_ms, cue.end_ms, one_line(cue.text)))
    else:
        cues = _prefixed(plain)
    return Transcript(merge(cues), len(captions))


def _timing_ms(timing: re.Match) -> tuple[int, int]:
    """(start, end) ms of a timing line matched as hours, minutes, seconds, fraction twice."""
    h1, m1, s1, f1, h2, m2, s2, f2 = timing.groups()
    start = ((int(h1 or 0) * 60 + int(m1)) * 60 + int(s1)) * 1000 + int(((f1 or "") + "000")[:3])
    return start, ((int(h2 or 0) * 60 + int(m2)) * 60 + int(s2)) * 1000 + int(((f2 or "") + "000")[:3])


def _ms(stamp: str) -> int:
    """Milliseconds of a WebVTT or SRT timestamp ("00:01:02.345", "01:02.345", "0:03")."""
    clock, _, fraction = stamp.replace(",", ".").partition(".")
    seconds = 0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds * 1000 + int((fraction + "000")[:3])


def srt_cues(text: str, name: str) -> list[tuple[int, int, str]]:
    """The cues of an SRT file as (start ms, end ms, text with its line breaks), read by block: a
    number line (optional), the timing line (`HH:MM:SS,mmm --> HH:MM:SS,mmm`), the text. A block without
    a timing line continues the text of the cue before it, as the `srt` library reads it; the tests check
    that both give the same cues (the library builds objects per cue and took a quarter of the time of
    the whole import, bench/transcript_bench.py)."""
    cues: list[tuple[int, int, str]] = []
    for number, block in enumerate(_BLANK_LINES.split(text.lstrip("\ufeff").strip()), 1):
        lines = block.split("\n")
        at = 1 if len(lines) > 1 and lines[0].strip().isdigit() else 0
        timing = _SRT_TIMING.match(lines[at]) if len(lines) > at else None
        if timing is None:
            if not cues:
                raise ProjectError("importers.transcript_formats.readable_srt_file_block", name=name,
                                   number=number, lines=lines[0][:60])
            start, end, body = cues[-1]
            cues[-1] = (start, end, body + "\n\n" + block)
            continue
        start, end = _timing_ms(timing)
        if end < start:
            raise ProjectError("importers.transcript_formats.readable_srt_file_subtitle", name=name,
                               number=number)
        cues.append((start, end, "\n".join(lines[at + 1:])))
    return cues


def read_srt(text: str, name: str) -> Transcript:
    cues = srt_cues(text, name)
    return Transcript(merge(_prefixed([(start, end, _clean(body)) for start, end, body in cues])), len(cues))


def teams_blocks(paragraphs: list[str]) -> int:
    """How many paragraphs open with a Teams block header (`Name   M:SS` or `M:SS`)."""
    return sum(1 for p in paragraphs if p.strip() and _DOCX_HEADER.match(p.strip().split("\n")[0].strip()))


def looks_like_teams_docx(paragraphs: list[str]) -> bool:
    """A Word file is a Teams transcript when block headers open a good share of its paragraphs."""
    found = teams_blocks(paragraphs)
    return found >= 2 and found * 3 >= len([p for p in paragraphs if p.strip()])


def word_paragraphs(data: bytes, name: str) -> list[str] | None:
    """The paragraph texts of a Word file's body, line breaks kept, read from its XML (python-docx's
    object model, styles above all, is most of the time of reading a Word file); None when it is no
    readable Word file (the report reader then says why)."""
    import defusedxml.ElementTree as SafeXML

    from coding.files.package import open_package, read_part
    try:
        package = open_package(data, name, "Word", "word/document.xml")
        root = SafeXML.fromstring(read_part(package, "word/document.xml", name))
    except Exception:  # damaged or no Word file: read_docx says why
        return None
    body = root.find(f"{_W}body")
    if body is None:
        return None
    out = []
    for paragraph in body.iter(f"{_W}p"):
        parts = []
        for element in paragraph.iter():
            tag = element.tag
            if tag == _W_T:
                parts.append(element.text or "")
            elif tag in _W_BREAKS:
                parts.append("\n")
            elif tag == _W_TAB:
                parts.append("\t")
        out.append("".join(parts))
    return out


def read_teams_docx(paragraphs: list[str]) -> Transcript:
    """Blocks of a Teams .docx: a header line then the text lines (or text paragraphs after a lone header)."""
    cues: list[Cue] = []
    skipped: list[str] = []
    for paragraph in paragraphs:
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        header = _DOCX_HEADER.match(lines[0])
        if header:
            speaker = one_line(header.group("name") or "") or None
            cues.append(Cue(speaker, _ms(header.group("time")), None, one_line(" ".join(lines[1:]))))
        elif cues and not _DOCX_STATUS.search(lines[0]):
            cues[-1].text = one_line(cues[-1].text + " " + " ".join(lines))  # text in a paragraph of its own
        else:
            skipped.append(paragraph)
    return Transcript(merge(cues, merge_unknown=False), len(cues), skipped)


def read_transcript(text: str, name: str) -> Transcript:
    """A .vtt or .srt transcript (decoded text) as turns; refuses a file without any spoken text."""
    found = read_vtt(text, name) if name.lower().endswith(".vtt") else read_srt(text, name)
    if not found.turns:
        raise ProjectError("importers.transcript_formats.holds_spoken_text", name=name)
    return found

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
kept in milliseconds; a Teams .docx has no end times (`None`). Parsing uses webvtt-py and srt, both
strict: a malformed cue is refused with its reason, never skipped in silence.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import timedelta

from coding.store.project import ProjectError

TRANSCRIPT_SUFFIXES = (".vtt", ".srt")

NAME_PARTICLES = ("van", "de", "der", "den", "het", "ter", "ten", "te", "le", "la", "du", "da", "di", "el",
                  "al", "bin", "von", "vander", "vanden", "'t", "op", "in")
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'’.-]*|\d{1,3})$")
_PREFIX = re.compile(r"^\s*([^:\n]{1,60}?)\s*:(?:\s+|$)")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}>")
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
    found = [_PREFIX.match(text) for _, _, text in cues]
    counts: dict[str, int] = {}
    for match in found:
        if match and looks_like_name(match.group(1)):
            name = one_line(match.group(1))
            counts[name] = counts.get(name, 0) + 1
    current: str | None = None
    out = []
    for (start, end, text), match in zip(cues, found):
        if match:
            name = one_line(match.group(1))
            if looks_like_name(name) and (len(name.split()) > 1 or counts[name] > 1):
                current, text = name, text[match.end():]
        out.append(Cue(current, start, end, one_line(text)))
    return out


def _clean(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


def _voices(raw: str) -> list[tuple[str | None, str]]:
    """(voice, text) parts of a cue payload; text before the first voice tag has no voice."""
    marks = list(_VOICE.finditer(raw))
    if not marks:
        return [(None, _clean(raw))]
    parts = [(None, _clean(raw[:marks[0].start()]))] if raw[:marks[0].start()].strip() else []
    for mark, following in zip(marks, marks[1:] + [None]):
        body = raw[mark.end():following.start() if following else len(raw)]
        parts.append((one_line(html.unescape(mark.group(1))) or None, _clean(body)))
    return parts


def read_vtt(text: str, name: str) -> Transcript:
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        captions = webvtt.WebVTT.from_string(text, strict=True).captions
    except (MalformedFileError, MalformedCaptionError, ValueError) as error:
        raise ProjectError(f"{name} is not a readable WebVTT file ({error})") from error
    voiced: list[Cue] = []
    plain: list[tuple[int, int | None, str]] = []
    any_voice = False
    for caption in captions:
        start, end = _ms(caption.start), _ms(caption.end)
        for voice, body in _voices(caption.raw_text):
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


def _ms(stamp: str) -> int:
    """Milliseconds of a WebVTT timestamp ("00:01:02.345" or "01:02.345")."""
    clock, _, fraction = stamp.replace(",", ".").partition(".")
    seconds = 0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds * 1000 + int((fraction + "000")[:3])


def read_srt(text: str, name: str) -> Transcript:
    import srt

    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        raise ProjectError(f"{name} is not a readable SRT file ({error})") from error
    milli = timedelta(milliseconds=1)
    plain = [(s.start // milli, s.end // milli, _clean(s.content)) for s in subtitles]
    return Transcript(merge(_prefixed(plain)), len(subtitles))


def teams_blocks(paragraphs: list[str]) -> int:
    """How many paragraphs open with a Teams block header (`Name   M:SS` or `M:SS`)."""
    return sum(1 for p in paragraphs if p.strip() and _DOCX_HEADER.match(p.strip().split("\n")[0].strip()))


def looks_like_teams_docx(paragraphs: list[str]) -> bool:
    """A Word file is a Teams transcript when block headers open a good share of its paragraphs."""
    found = teams_blocks(paragraphs)
    return found >= 2 and found * 3 >= len([p for p in paragraphs if p.strip()])


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
        raise ProjectError(f"{name} holds no spoken text")
    return found

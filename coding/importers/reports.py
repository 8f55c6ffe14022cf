"""From the paragraphs of a report to its text, units and speakers, with an account of every word.

The document text is the paragraphs joined by a blank line ("\n\n"). A paragraph (or a line after a
soft line break) that starts with a speaker label is a `turn` of that speaker's case; the turn, and
the sentences in it, start AFTER the label (and a time stamp before it), so codings and autocoding
only see what was said. A label alone in its paragraph makes the next paragraph that speaker's
turn; a paragraph without a label continues the turn before it (until a heading or a table), so a
turn may span paragraphs. A participant table gives each speaker their own attributes
(coding.importers.participants). Other paragraphs are `paragraph` units; headings are `heading` units.

Labels the speaker mapping knows give the speaker's role and sector. A label-like start that no rule
knows ("Ouder 1:", "Logopediste:") still makes a speaker when the report shows it is one (a number
or letter in it, bold, on its own line, or used twice); it is listed as unknown so the user can map
it (`werkbank speakers`). Others stay text, attributed to nobody, and are listed as not understood;
common words that open a sentence ("Bijvoorbeeld:") are neither.
A known label followed by only a name ("Procesbegeleider: Karen Wouters") is front matter, no turn.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from coding.importers import participants
from coding.importers.parsed import Case, Paragraph, Parsed, Segment, Source
from coding.importers.speakers import PREFIX, Label, SpeakerMapping, label_like, speaker_attributes

_NAME_WORD = re.compile(r"^[A-ZÀ-Ý][\w’'-]*$|^(?:van|de|der|den|het|ter|ten|vanden|vander|'t)$")


@dataclass
class Accounting:
    """Words per place they went (see coding.importers.accounting for the report built on it)."""

    data: int = 0
    facilitator: int = 0
    labels: int = 0
    headings: int = 0
    other: int = 0
    time_stamps: int = 0
    layout: list[dict[str, Any]] = field(default_factory=list)  # per paragraph of the text: how to read it again
    unknown_speakers: Counter = field(default_factory=Counter)   # label -> turns (speakers no rule knows)
    not_understood: Counter = field(default_factory=Counter)     # label-like starts taken as text


def _words(text: str) -> int:
    return len(text.split())


def _is_name(text: str) -> bool:
    """Only a person's name ("Karen Wouters"): front matter after a role, not something said."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words) and _NAME_WORD.match(words[0]) \
        and words[0][0].isupper()


def _lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Split paragraphs at soft line breaks; a line stays with the one before unless it could start a turn
    (a capital, then a label-like start)."""
    out = []
    for paragraph in paragraphs:
        if "\n" not in paragraph.text or paragraph.heading or paragraph.speaker is not None:
            out.append(paragraph)
            continue
        lines = paragraph.text.split("\n")
        current = [lines[0]]
        first = True
        for line in lines[1:]:
            start = PREFIX.match(line).end()
            if start < len(line) and line[start].isupper() and label_like(line, start):
                out.append(Paragraph("\n".join(current), bold=paragraph.bold if first else 0,
                                     standalone=paragraph.standalone))
                current, first = [line], False
            else:
                current.append(line)
        out.append(Paragraph("\n".join(current), bold=paragraph.bold if first else 0,
                             standalone=paragraph.standalone))
    return out


class _Speakers:
    """Which label-like starts the mapping does not know are speakers all the same (see module doc)."""

    def __init__(self, paragraphs: list[Paragraph], mapping: SpeakerMapping):
        self.mapping = mapping
        seen: Counter = Counter()
        evidence: set[str] = set()
        for paragraph in paragraphs:
            if paragraph.heading or paragraph.standalone or paragraph.speaker is not None:
                continue
            text = paragraph.text
            start = PREFIX.match(text).end()
            if mapping.match(text, paragraph.bold) is not None or start >= len(text) or not text[start].isupper():
                continue
            found = label_like(text, start)
            if found is None:
                continue
            label = " ".join(found.group("label").split())
            if label.casefold() in mapping.not_speakers:
                continue
            seen[label] += 1
            alone = found.end() >= len(text.rstrip())
            if found.group("rest").strip() or alone or paragraph.bold >= found.end("label") or seen[label] > 1:
                evidence.add(label)
        self.accepted = evidence

    def label(self, paragraph: Paragraph) -> Label | None:
        """A known label, or an unknown one the report shows to be a speaker."""
        known = self.mapping.match(paragraph.text, paragraph.bold)
        if known is not None:
            return known
        text = paragraph.text
        start = PREFIX.match(text).end()
        if start >= len(text) or not text[start].isupper():
            return None
        found = label_like(text, start)
        if found is None:
            return None
        label = " ".join(found.group("label").split())
        if label not in self.accepted:
            return None
        return Label(label, found.end(), {}, True, "?" + "".join(label.casefold().split()), found.start())

    def table_label(self, cell: str) -> Label:
        """The speaker of a conversation table row: the whole cell, known to the mapping or not."""
        label = " ".join(cell.replace("*", "").split()).rstrip(":-–— ").strip()
        known = self.mapping.match(label + ":")
        if known is not None:
            return Label(known.text, 0, known.attributes, known.is_data, known.key)
        return Label(label, 0, {}, True, "?" + "".join(label.casefold().split()))


def build(document_name: str, source: Source | list[Paragraph], speakers: SpeakerMapping,
          document_attributes: dict[str, Any]) -> Parsed:
    """The text, units and cases of a report; `parsed.accounting` says where every word went."""
    paragraphs = _lines(source.paragraphs if isinstance(source, Source) else source)
    parsed = Parsed(document_name)
    count = parsed.accounting = Accounting()
    layout = count.layout
    known = _Speakers(paragraphs, speakers)
    parsed.participants = participants.read(paragraphs, speakers)
    rows = participants.by_speaker(parsed.participants, speakers)
    pending: Label | None = None  # a label that stood alone in its paragraph
    turn: Segment | None = None   # the turn a paragraph without a label continues

    def speaker_of(label: Label) -> str:
        key = label.key or "".join(label.text.casefold().split())  # "LK 3", "LK3", "Leerkracht 3": one speaker
        if key not in parsed.cases:
            parsed.cases[key] = Case(label=label.text, is_data=label.is_data, attributes=speaker_attributes(
                label.attributes, document_attributes, label.is_data, rows.get(key)))
        if key.startswith("?"):
            count.unknown_speakers[label.text] += 1
        return key

    def add_turn(label: Label, body: int, end: int) -> Segment:
        segment = Segment("turn", body, end, case=speaker_of(label), is_data=label.is_data)
        parsed.segments.append(segment)
        return segment

    in_table = False
    for paragraph in paragraphs:
        if in_table and paragraph.speaker is None:
            turn = None  # a conversation table's last turn ends with the table
        in_table = paragraph.speaker is not None
        if paragraph.speaker is not None:  # a row of a conversation table
            if paragraph.speaker == "" and turn is not None:
                start = parsed.add_paragraph(paragraph.text)
                layout.append({"c": ""})
                turn.end = start + len(paragraph.text)
                _count_turn(count, turn, paragraph.text)
                continue
            label = known.table_label(paragraph.speaker or "?")
            cell = paragraph.speaker or "?"
            text = f"{cell} {paragraph.text}" if cell.endswith(":") else f"{cell}: {paragraph.text}"
            start = parsed.add_paragraph(text)
            layout.append({"c": cell})
            count.labels += _words(cell)
            body = start + len(text) - len(paragraph.text)
            turn = add_turn(label, body, start + len(text))
            _count_turn(count, turn, paragraph.text)
            pending = None
            continue
        start = parsed.add_paragraph(paragraph.text)
        end = start + len(paragraph.text)
        layout.append({key: value for key, value in (("h", paragraph.level if paragraph.heading else None),
                                                     ("s", paragraph.standalone or None), ("b", paragraph.bold or None))
                       if value is not None})
        if paragraph.heading:
            parsed.segments.append(Segment("heading", start, end))
            if paragraph.level:
                count.headings += _words(paragraph.text)
            else:
                count.other += _words(paragraph.text)  # a title: no section of the report
            pending = turn = None
            continue
        if paragraph.standalone:
            parsed.segments.append(Segment("paragraph", start, end))
            count.other += sum(1 for word in paragraph.text.split() if word != "|")  # "|" joins table cells
            pending = turn = None
            continue
        label = known.label(paragraph)
        if label is not None and label.body < len(paragraph.text) and not label.key.startswith("?") \
                and _is_name(paragraph.text[label.body:]) and turn is None:
            label = None  # "Procesbegeleider: Karen Wouters": who led the session, said before it started
        stamp = PREFIX.match(paragraph.text).group("stamp") or ""
        if label is not None:
            count.time_stamps += _words(stamp)
            count.labels += _words(paragraph.text[len(stamp):label.body])
            if label.body >= len(paragraph.text):
                pending, turn = label, None
                continue
            turn = add_turn(label, start + label.body, end)
            _count_turn(count, turn, paragraph.text[label.body:])
            pending = None
            continue
        if participants.cells(paragraph.text):  # a table row typed as text (`| a | b |`): never part of a turn
            parsed.segments.append(Segment("paragraph", start, end))
            count.other += _words(paragraph.text)
            pending = turn = None
            continue
        found = label_like(paragraph.text, PREFIX.match(paragraph.text).end())
        if found is not None and speakers.match(paragraph.text) is None \
                and " ".join(found.group("label").split()).casefold() not in speakers.not_speakers:
            count.not_understood[" ".join(found.group("label").split())] += 1
            turn = None  # maybe someone else speaking: nobody's words rather than the previous speaker's
        if pending is not None:
            turn = add_turn(pending, start, end)
            _count_turn(count, turn, paragraph.text)
            pending = None
        elif turn is not None:
            turn.end = end
            _count_turn(count, turn, paragraph.text)
        else:
            parsed.segments.append(Segment("paragraph", start, end))
            count.other += _words(paragraph.text)
    return parsed


def paragraphs_again(text: str, layout: list[dict[str, Any]]) -> list[Paragraph]:
    """The paragraphs a report was built from, read back from its text and `Accounting.layout`: what
    `build` needs to derive the turns again with another speaker mapping, on the same text."""
    parts = text.split("\n\n")
    if len(parts) != len(layout):
        raise ValueError("the layout does not fit the text")
    out = []
    for part, how in zip(parts, layout):
        if "c" in how:
            cell = how["c"]
            body = part[len(cell) + (1 if cell.endswith(":") else 2):] if cell else part
            out.append(Paragraph(body, speaker=cell))
        else:
            out.append(Paragraph(part, heading="h" in how, level=how.get("h", 0), bold=how.get("b", 0),
                                 standalone=bool(how.get("s"))))
    return out


def _count_turn(count: Accounting, turn: Segment, text: str) -> None:
    if turn.is_data:
        count.data += _words(text)
    else:
        count.facilitator += _words(text)

"""From the paragraphs of a report to its text, units and speakers.

The document text is the paragraphs joined by a blank line ("\n\n"). A paragraph that starts
with a speaker label the mapping knows (see coding.importers.speakers) is a `turn` of that speaker's case;
the turn, and the sentences in it, start AFTER the label, so codings and autocoding only see
what was said. A paragraph that is only a label (no unit of its own) makes the next plain
paragraph that speaker's turn, and a paragraph without a label continues the turn of the
speaker before it (until a heading). A participant table gives each speaker their own attributes
(coding.importers.participants).
Other paragraphs are `paragraph` units; headings are `heading` units without sentences.
"""

from __future__ import annotations

from typing import Any

from coding.importers import participants
from coding.importers.speakers import SpeakerMapping, speaker_attributes
from coding.importers.parsed import Case, Paragraph, Parsed, Segment


def build(document_name: str, paragraphs: list[Paragraph], speakers: SpeakerMapping,
          document_attributes: dict[str, Any]) -> Parsed:
    """The text, units and cases of a report."""
    parsed = Parsed(document_name)
    parsed.participants = participants.read(paragraphs, speakers)
    rows = participants.by_speaker(parsed.participants, speakers)
    pending = None  # a label that stood alone in its paragraph
    speaking = None  # the label of the turn a plain paragraph continues
    for paragraph in paragraphs:
        start = parsed.add_paragraph(paragraph.text)
        end = start + len(paragraph.text)
        if paragraph.heading:
            parsed.segments.append(Segment("heading", start, end))
            pending = speaking = None
            continue
        label = speakers.match(paragraph.text)
        if label is not None and label.body >= len(paragraph.text):
            pending = label
            continue
        if label is None and (pending or speaking) is not None and not participants.cells(paragraph.text):
            label, body = pending or speaking, start
        elif label is not None:
            body = start + label.body
        pending = None
        speaking = label
        if label is None:
            parsed.segments.append(Segment("paragraph", start, end))
            continue
        key = label.key or "".join(label.text.casefold().split())  # "LK 3", "LK3", "Leerkracht 3": one speaker
        if key not in parsed.cases:
            parsed.cases[key] = Case(
                label=label.text, is_data=label.is_data,
                attributes=speaker_attributes(label.attributes, document_attributes, label.is_data, rows.get(key)))
        parsed.segments.append(Segment("turn", body, end, case=key, is_data=label.is_data))
    return parsed


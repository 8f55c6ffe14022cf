"""From the paragraphs of a report to its text, units and speakers.

The document text is the paragraphs joined by a blank line ("\n\n"). A paragraph that starts
with a speaker label the mapping knows (see coding.importers.speakers) is a `turn` of that speaker's case;
the turn, and the sentences in it, start AFTER the label, so codings and autocoding only see
what was said. A paragraph that is only a label (no unit of its own) makes the next plain
paragraph that speaker's turn.
Other paragraphs are `paragraph` units; headings are `heading` units without sentences.
"""

from __future__ import annotations

from typing import Any

from coding.importers.speakers import SpeakerMapping, speaker_attributes
from coding.importers.parsed import Case, Paragraph, Parsed, Segment


def build(document_name: str, paragraphs: list[Paragraph], speakers: SpeakerMapping,
          document_attributes: dict[str, Any]) -> Parsed:
    """The text, units and cases of a report."""
    parsed = Parsed(document_name)
    pending = None  # a label that stood alone in its paragraph
    for paragraph in paragraphs:
        start = parsed.add_paragraph(paragraph.text)
        end = start + len(paragraph.text)
        if paragraph.heading:
            parsed.segments.append(Segment("heading", start, end))
            pending = None
            continue
        label = speakers.match(paragraph.text)
        if label is not None and label.body >= len(paragraph.text):
            pending = label
            continue
        if label is None and pending is not None:
            label, body = pending, start
        elif label is not None:
            body = start + label.body
        pending = None
        if label is None:
            parsed.segments.append(Segment("paragraph", start, end))
            continue
        key = label.key or "".join(label.text.casefold().split())  # "LK 3", "LK3", "Leerkracht 3": one speaker
        if key not in parsed.cases:
            parsed.cases[key] = Case(
                label=label.text, is_data=label.is_data,
                attributes=speaker_attributes(label.attributes, document_attributes, label.is_data))
        parsed.segments.append(Segment("turn", body, end, case=key, is_data=label.is_data))
    return parsed


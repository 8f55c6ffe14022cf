"""Importing a meeting transcript (.vtt, .srt, Teams .docx): turns with their times, names sealed.

The document text is the turns' spoken words, one paragraph per turn: no names, cue numbers or times
(those are read by coding.importers.transcript_formats). Each named speaker becomes a case under the
label of the speaker mapping (coding.importers.speaker_names), with the name sealed and its parts in
the name-replacement table; a turn whose speaker the file does not name is a turn without a case. The
cue times go to `cue_times`. All of it is written in the one import transaction (parsed.store): an undo
of the import removes the document, its times and the names it added to the table.
"""

from __future__ import annotations

from typing import Any

from coding.importers import speaker_names
from coding.importers.parsed import Case, Parsed, Segment, insert_rows
from coding.importers.speaker_names import Speaker
from coding.importers.speakers import speaker_attributes
from coding.importers.transcript_formats import Transcript
from coding.store.project import now


def build(document_name: str, transcript: Transcript, speakers: list[Speaker],
          document_attributes: dict[str, Any]) -> tuple[Parsed, list[tuple[int, int, int, int | None]]]:
    """The document (turns as paragraphs) and its cue spans (start, end, start_ms, end_ms)."""
    parsed = Parsed(document_name)
    by_name = {s.name: s for s in speakers}
    cues = []
    for turn in transcript.turns:
        text = turn.text
        start = parsed.add_paragraph(text)
        at = start
        for cue in turn.cues:
            cues.append((at, at + len(cue.text), cue.start_ms, cue.end_ms))
            at += len(cue.text) + 1
        speaker = by_name.get(turn.speaker) if turn.speaker is not None else None
        key = None
        if speaker is not None:
            key = speaker.label
            if key not in parsed.cases:
                parsed.cases[key] = Case(
                    label=speaker.label, is_data=not speaker.facilitator,
                    attributes=speaker_attributes(speaker.case_attributes, document_attributes, not speaker.facilitator),
                    sealed=speaker_names.sealed(speaker))
        parsed.segments.append(Segment("turn", start, start + len(text), case=key,
                                       is_data=speaker is None or not speaker.facilitator))
    return parsed, cues


def store_extras(cues: list[tuple[int, int, int, int | None]], speakers: list[Speaker]):
    """What the import transaction writes besides the document: cue times and the speakers' names."""
    def write(tx: Any, document_id: int) -> None:
        insert_rows(tx.db.conn, "cue_times", ("document_id", "start", "end", "start_ms", "end_ms"),
                    [(document_id, *cue) for cue in cues])
        for name, replacement in speaker_names.replacements(speakers).items():
            row = tx.db.execute("SELECT replacement FROM replacements WHERE name = ? COLLATE NOCASE",
                                [name]).fetchone()
            if row is None:  # a name already in the table keeps its replacement: it is hidden either way
                tx.insert("replacements", {"name": name, "replacement": replacement, "created_at": now()})
    return write

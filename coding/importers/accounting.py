"""Where the words of an imported report went: nothing is dropped in silence.

Every report import counts the words in the source file itself (independently of how the reader
understood its structure) and the words it placed: in participants' turns (data), in facilitator
turns, in speaker labels, headings and other paragraphs, and the words left out by design
(headers/footers, footnotes, comments, time stamps; tracked deletions are counted apart, since
Word does not show them). What is neither placed nor left out by design is `lost`, and the import
warns about it. Label-like starts no rule knows are listed with their counts. The account is kept
with the document (table meta, key `import:<document id>`) so the app and the CLI can show it later.
"""

from __future__ import annotations

import json
from typing import Any

from coding.importers.parsed import Parsed, Source


def meta_key(document_id: int) -> str:
    return f"import:{document_id}"


def account(source: Source, parsed: Parsed) -> dict[str, Any]:
    """The word account of one report (see module doc); all counts are whitespace-separated words."""
    count = parsed.accounting
    left_out = dict(source.left_out)
    if count.time_stamps:
        left_out["tijdstempel"] = left_out.get("tijdstempel", 0) + count.time_stamps
    placed = count.data + count.facilitator + count.labels + count.headings + count.other
    words_in = source.words - source.joined
    return {
        "words_in": words_in, "data": count.data, "facilitator": count.facilitator, "labels": count.labels,
        "headings": count.headings, "other": count.other, "left_out": left_out, "deleted": source.deleted,
        "joined": source.joined, "lost": words_in - placed - sum(left_out.values()),
        "unknown_speakers": dict(count.unknown_speakers), "not_understood": dict(count.not_understood),
        "layout": count.layout,
    }


def stored(db: Any, document_id: int) -> dict[str, Any] | None:
    """The account kept with a document, or None (imported before accounts were kept, or not a report)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [meta_key(document_id)]).fetchone()
    return json.loads(row[0]) if row else None


def to_meta(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, sort_keys=True)

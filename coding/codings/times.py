"""When something in a transcript was said: times of turns and of coded spans, from the cue times.

A transcript import stores each cue's span of the text with its start and end (table `cue_times`). A span
(a turn, a coding) was said from the start of the first cue it touches to the end of the last; a document
without cue times (a report) has no times. Clock text is HH:MM:SS, floored to the second.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

TimeRange = tuple[int, int | None]
"""(start_ms, end_ms or None when the format has no end times)."""


def clock(ms: int | None) -> str:
    """Milliseconds as HH:MM:SS (floored); '' for None."""
    if ms is None:
        return ""
    seconds = int(ms) // 1000
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def clock_range(found: TimeRange | None) -> str:
    """"00:14:05–00:14:31", or only the start when there is no end; '' for no time."""
    if found is None:
        return ""
    start, end = found
    return clock(start) if end is None or clock(end) == clock(start) else f"{clock(start)}\u2013{clock(end)}"


class CueTimes:
    """The cue times of one document, for looking up many spans."""

    def __init__(self, rows: list[tuple[int, int, int, int | None]]):
        self.rows = sorted(rows)
        self.starts = [r[0] for r in self.rows]

    def __bool__(self) -> bool:
        return bool(self.rows)

    def of(self, start: int, end: int) -> TimeRange | None:
        """The time of the text span [start, end): first to last cue it overlaps."""
        if not self.rows:
            return None
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        hits = []
        for row in self.rows[first:]:
            if row[0] >= max(end, start + 1):
                break
            if row[1] > start:
                hits.append(row)
        if not hits:
            return None
        ends = [r[3] for r in hits]
        return hits[0][2], (None if ends[-1] is None else max(e for e in ends if e is not None))


def cue_times(db: Any, document_id: int) -> CueTimes:
    """A document's cue times (empty for a document that is not a transcript)."""
    return CueTimes(db.execute("SELECT start, end, start_ms, end_ms FROM cue_times WHERE document_id = ?",
                               [document_id]).fetchall())


def span_times(db: Any, spans: Iterable[tuple[int, int, int]]) -> dict[tuple[int, int, int], TimeRange | None]:
    """(document_id, start, end) -> its time range; documents are read once each."""
    held: dict[int, CueTimes] = {}
    out = {}
    for document_id, start, end in spans:
        if document_id not in held:
            held[document_id] = cue_times(db, document_id)
        out[(document_id, start, end)] = held[document_id].of(start, end)
    return out

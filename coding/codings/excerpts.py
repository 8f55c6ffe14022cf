"""The codings of one code with a short excerpt: what a person reads to split a code fragment by
fragment. Only the coded span is shown (never case names or sealed identities)."""

from __future__ import annotations

from typing import Any

EXCERPT = 240


def codings_of_code(db: Any, code_id: int, excerpt: int = EXCERPT) -> list[dict[str, Any]]:
    """One row per coding of `code_id` in document order: id, coder, valence, document, start, end, text."""
    rows = db.execute("""SELECT g.id, g.coder, g.valence, d.name, g.start, g."end",
                                substr(d.text, g.start + 1, min(g."end" - g.start, ?))
                         FROM codings g JOIN documents d ON d.id = g.document_id
                         WHERE g.code_id = ? ORDER BY d.name, g.start, g.id""", [excerpt + 1, code_id]).fetchall()
    return [{"id": r[0], "coder": r[1], "valence": r[2], "document": r[3], "start": r[4], "end": r[5],
             "text": r[6] if len(r[6]) <= excerpt else r[6][:excerpt] + " \u2026"} for r in rows]

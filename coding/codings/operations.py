"""Coding operations: apply, change and remove codes on spans of a document.

A coding is a span [start, end) in code points of one document, one code, a valence and an
optional rating and memo, made by one coder. The speaking case (whose words the span covers, see
`speaker_of`) is looked up once, when the coding is made, so analyses can count distinct speakers
without re-reading turns.
"""

from __future__ import annotations

import json
from typing import Any

from coding.codings.quote_selection import clear_excerpt
from coding.store.model import VALENCES
from coding.store.project import Project, ProjectError, Tx, now


def case_at(db: Any, document_id: int, offset: int) -> int | None:
    """The case speaking at `offset`: the turn or answer that contains it, if any."""
    row = db.execute(
        """SELECT case_id FROM units WHERE document_id = ? AND kind IN ('turn', 'answer')
           AND start <= ? AND ? < end AND case_id IS NOT NULL ORDER BY start DESC LIMIT 1""",
        [document_id, offset, offset],
    ).fetchone()
    return row[0] if row else None


def speaker_of(db: Any, document_id: int, start: int, end: int) -> int | None:
    """The case whose words a coding of [start, end) covers.

    Why not the case at `start`: a coding that starts in the facilitator's question and runs on into
    the participant's answer is about the answer. Of the turns and answers the span overlaps, the
    data speaker it covers most wins; only when it covers no data speaker, the case at `start`.
    """
    rows = db.execute(
        """SELECT u.case_id, sum(min(u.end, ?) - max(u.start, ?)) AS covered FROM units u JOIN cases c ON c.id = u.case_id
           WHERE u.document_id = ? AND u.kind IN ('turn', 'answer') AND u.start < ? AND u.end > ? AND c.is_data = 1
           GROUP BY u.case_id ORDER BY covered DESC, min(u.start) LIMIT 1""",
        [end, start, document_id, end, start]).fetchone()
    return rows[0] if rows else case_at(db, document_id, start)


def _check(db: Any, document_id: int, start: int, end: int, code_id: int, valence: str,
           rating: str | None, length: int | None = None) -> dict[str, Any]:
    # length(text) reads the whole text: an importer that knows it passes it (once per coding is quadratic)
    doc = (length,) if length is not None else \
        db.execute("SELECT length(text) FROM documents WHERE id = ?", [document_id]).fetchone()
    if doc is None:
        raise ProjectError("codings.operations.document_does_exist", document_id=document_id)
    if not (0 <= start < end <= doc[0]):
        raise ProjectError("codings.operations.span_outside_document_length", start=start, end=end,
                           document_id=document_id, doc=doc[0])
    if valence not in VALENCES:
        raise ProjectError("codings.operations.valence_must_one", valences=', '.join(VALENCES),
                           valence=valence)
    code = db.execute(
        """SELECT c.id, c.codable, c.active, b.version, b.rating_scale, c.label
           FROM codes c JOIN codebooks b ON b.id = c.codebook_id WHERE c.id = ?""", [code_id]).fetchone()
    if code is None:
        raise ProjectError("codings.operations.code_does_exist", code_id=code_id)
    if not code[1] or not code[2]:
        raise ProjectError("codings.operations.code_codable_inactive_grouping", code=code[5])
    if rating is not None:
        scale = json.loads(code[4]) if code[4] else []
        if rating not in scale:
            raise ProjectError("codings.operations.rating_codebook_scale", rating=rating,
                               scale=', '.join(scale) or 'none')
    return {"codebook_version": code[3]}


def insert_coding(tx: Tx, coder: str, document_id: int, start: int, end: int, code_id: int,
                  valence: str = "neutraal", rating: str | None = None, memo: str | None = None,
                  selected: bool = False, length: int | None = None) -> int:
    """Add a coding inside an open transaction (for commands that add several at once); `length`: the
    document's length in code points, when the caller knows it."""
    checked = _check(tx.db.conn, document_id, start, end, code_id, valence, rating, length)
    stamp = now()
    return tx.insert("codings", {
        "document_id": document_id, "start": start, "end": end, "code_id": code_id, "valence": valence,
        "rating": rating, "coder": coder, "case_id": speaker_of(tx.db.conn, document_id, start, end), "memo": memo,
        "selected": int(selected), "codebook_version": checked["codebook_version"],
        "created_at": stamp, "updated_at": stamp,
    })


def add_coding(project: Project, coder: str, document_id: int, start: int, end: int, code_id: int,
               valence: str = "neutraal", rating: str | None = None, memo: str | None = None) -> int:
    """Apply one code to one span; one logged, undoable event."""
    with project.write(coder, "code", {"document": document_id, "code": code_id, "start": start, "end": end}) as tx:
        return insert_coding(tx, coder, document_id, start, end, code_id, valence, rating, memo)


EDITABLE = ("code_id", "valence", "rating", "memo", "selected", "start", "end")


def update_coding(project: Project, actor: str, coding_id: int, **values: Any) -> None:
    """Change a coding's code, valence, rating, memo, report flag or span."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ProjectError("codings.operations.cannot_change_coding", unknown=', '.join(sorted(unknown)))
    with project.write(actor, "recode", {"coding": coding_id, **values}) as tx:
        row = tx.get("codings", coding_id)
        if row is None:
            raise ProjectError("codings.operations.coding_does_exist", coding_id=coding_id)
        merged = {**row, **values}
        checked = _check(tx.db.conn, merged["document_id"], merged["start"], merged["end"], merged["code_id"],
                         merged["valence"], merged["rating"])
        if "code_id" in values:
            values["codebook_version"] = checked["codebook_version"]
        if "start" in values or "end" in values:
            values["case_id"] = speaker_of(tx.db.conn, merged["document_id"], merged["start"], merged["end"])
            clear_excerpt(tx, coding_id)
        tx.update("codings", coding_id, **values, updated_at=now())


def delete_coding(project: Project, actor: str, coding_id: int) -> None:
    """Remove a coding (undoable)."""
    with project.write(actor, "uncode", {"coding": coding_id}) as tx:
        if tx.get("codings", coding_id) is None:
            raise ProjectError("codings.operations.coding_does_exist", coding_id=coding_id)
        chosen = tx.db.execute("SELECT id FROM quote_selections WHERE coding_id = ?", [coding_id]).fetchone()
        if chosen:  # recorded, so undo brings the quote's place in the report back too
            tx.delete("quote_selections", chosen[0])
        tx.delete("codings", coding_id)

"""What a coding screen needs to draw one document: its text, blocks, sentences and codings.

The app's document view renders this as plain data (every string goes through textContent, never
HTML). Blocks are the top-level units (heading, paragraph, turn, answer) with the speaker's role
and sector, so a turn shows who spoke; sentences let a click select one sentence; codings carry the
code colour so overlapping codes stay visible. Offsets are code points, as in the store.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Sequence
from typing import Any

from coding.codings.times import clock_range, cue_times
from coding.store.model import ROLE, SECTOR
from coding.store.project import ProjectError

# Colours for codes that have none in their codebook (Tableau 10, readable under dark text at low alpha).
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
# The fields of a coding that the document view draws (highlight, marker, tooltip, click target).
DRAWN = ("id", "start", "end", "code", "label", "color", "valence", "coder")


def code_colour(code_id: int, colour: str | None) -> str:
    """The code's own colour if it is a valid #rrggbb, else a stable palette colour."""
    if colour and len(colour) == 7 and colour[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in colour[1:]):
        return colour.lower()
    return PALETTE[code_id % len(PALETTE)]


def document_layout(db: Any, document_id: int) -> dict[str, Any]:
    """Text, blocks (with `time` in a transcript) and sentences of one document (independent of who codes it);
    `times` looks up when a span of a transcript was said (coding.codings.times)."""
    row = db.execute("SELECT id, name, kind, text, version FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise ProjectError("codings.layout.document_does_exist", document_id=document_id)
    blocks = [
        {"id": r[0], "kind": r[1], "start": r[2], "end": r[3], "case": r[4], "label": r[5], "is_data": bool(r[6]),
         "question": r[7], "role": r[8], "sector": r[9]}
        for r in db.execute(
            f"""SELECT u.id, u.kind, u.start, u.end, u.case_id, c.label, u.is_data, u.question,
                       (SELECT value FROM case_attributes WHERE case_id = u.case_id AND name = '{ROLE}'),
                       (SELECT value FROM case_attributes WHERE case_id = u.case_id AND name = '{SECTOR}')
                FROM units u LEFT JOIN cases c ON c.id = u.case_id
                WHERE u.document_id = ? AND u.kind != 'sentence' ORDER BY u.start, u.id""", [document_id])]
    sentences = [list(r) for r in db.execute(
        "SELECT start, end FROM units WHERE document_id = ? AND kind = 'sentence' ORDER BY start", [document_id])]
    times = cue_times(db, document_id)
    if times:  # a transcript: when each turn was said
        for block in blocks:
            block["time"] = clock_range(times.of(block["start"], block["end"]))
    return {"id": row[0], "name": row[1], "kind": row[2], "text": row[3], "version": row[4], "times": times,
            "length": len(row[3]), "digest": hashlib.blake2b(row[3].encode(), digest_size=8).hexdigest(),
            "blocks": blocks, "sentences": sentences}


def document_codings(db: Any, document_id: int, coders: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The document's codings (of `coders` only, when given), with code label and colour."""
    where, args = "", [document_id]
    if coders is not None:
        if not coders:
            return []
        where = f" AND g.coder IN ({', '.join('?' for _ in coders)})"
        args += list(coders)
    return [
        {"id": r[0], "start": r[1], "end": r[2], "code": r[3], "label": r[4], "color": code_colour(r[3], r[5]),
         "valence": r[6], "rating": r[7], "coder": r[8], "memo": r[9]}
        for r in db.execute(
            f"""SELECT g.id, g.start, g.end, g.code_id, c.label, c.color, g.valence, g.rating, g.coder, g.memo
                FROM codings g JOIN codes c ON c.id = g.code_id
                WHERE g.document_id = ?{where} ORDER BY g.start, g.end DESC, g.id""", args)]


def codings_at(codings: Sequence[dict[str, Any]], start: int, end: int) -> list[dict[str, Any]]:
    """Codings that overlap [start, end) (a click is the span [at, at + 1))."""
    return [c for c in codings if c["start"] < end and start < c["end"]]


def sentence_at(layout: dict[str, Any], offset: int) -> tuple[int, int] | None:
    """The sentence holding `offset`, else the block holding it (a heading has no sentences)."""
    for start, end in layout["sentences"]:
        if start <= offset < end:
            return start, end
    for block in layout["blocks"]:
        if block["start"] <= offset < block["end"]:
            return block["start"], block["end"]
    return None


def signature(layout: dict[str, Any], codings: Sequence[dict[str, Any]]) -> str:
    """A short fingerprint of what is drawn (the document and the DRAWN fields of its codings), so
    the browser is sent the codings, and redraws, only when it changed."""
    drawn = operator.itemgetter(*DRAWN)
    digest = hashlib.blake2b(f"{layout['id']}:{layout['digest']}".encode(), digest_size=8)
    digest.update(repr([drawn(c) for c in codings]).encode())
    return digest.hexdigest()


def code_choices(db: Any) -> list[dict[str, Any]]:
    """Every active code in tree order with what the codebook panel shows: path, depth, whether it
    can be applied, definition, inclusion, exclusion, examples, colour and the rating scale."""
    cursor = db.execute(
        """SELECT c.id, c.codebook_id, c.key, c.label, c.parent_id, c.position, c.definition, c.inclusion,
                  c.exclusion, c.examples, c.color, c.codable, c.aliases, b.title AS codebook, b.rating_scale
           FROM codes c JOIN codebooks b ON b.id = c.codebook_id
           WHERE c.active ORDER BY c.codebook_id, c.position, c.id""")
    columns = [d[0] for d in cursor.description]
    rows = [dict(zip(columns, r)) for r in cursor]
    children: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault((row["codebook_id"], row["parent_id"]), []).append(row)
    out: list[dict[str, Any]] = []

    def visit(codebook: str, parent: int | None, depth: int, path: str) -> None:
        for row in children.get((codebook, parent), []):
            here = f"{path} > {row['label']}" if path else row["label"]
            out.append({
                "id": row["id"], "codebook_id": codebook, "codebook": row["codebook"], "key": row["key"],
                "label": row["label"], "path": here, "depth": depth, "codable": bool(row["codable"]),
                "definition": row["definition"], "inclusion": row["inclusion"], "exclusion": row["exclusion"],
                "examples": json.loads(row["examples"]) if row["examples"] else [],
                "aliases": json.loads(row["aliases"]) if row["aliases"] else [],
                "color": code_colour(row["id"], row["color"]),
                "rating_scale": json.loads(row["rating_scale"]) if row["rating_scale"] else [],
            })
            visit(codebook, row["id"], depth + 1, here)

    for codebook in dict.fromkeys(r["codebook_id"] for r in rows):
        visit(codebook, None, 0, "")
    return out


def crossed_speakers(db: Any, document_id: int, start: int, end: int) -> list[str]:
    """The speakers (case labels; facilitator turns too) whose turn or answer a selection runs into
    beyond the first one it touches: empty when the selection stays within one speaker's words.

    Why: a coding that crosses a turn would attribute the next speaker's words to the first; the
    coding page warns, and the quote bank splits such a coding per speaker.
    """
    rows = db.execute("""SELECT u.case_id, coalesce(c.label, '?') FROM units u LEFT JOIN cases c ON c.id = u.case_id
                         WHERE u.document_id = ? AND u.kind IN ('turn', 'answer') AND u.start < ? AND ? < u.end
                         ORDER BY u.start""", [document_id, end, start]).fetchall()
    if not rows:
        return []
    first = rows[0][0]
    return list(dict.fromkeys(label for case, label in rows[1:] if case != first or case is None))

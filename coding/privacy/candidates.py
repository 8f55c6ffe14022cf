"""The review list of possible names ("Mogelijke namen"): found at import, decided by a person.

Why: an export may only carry text in which every possible name has been looked at. The finder
(`names.find`) runs on each document's text at import (and for existing projects on demand,
`scan`); each distinct text becomes one candidate, with every place it occurs. A reviewer accepts
a candidate with a replacement (it goes into the name table, so every export replaces it) or
rejects it (not a name). Contact details the anonymiser's patterns already replace are recorded
as accepted. `unreviewed()` is what the export gate asks: the open candidates that text an export
would carry still contains after anonymisation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from coding.privacy import names
from coding.privacy.anonymise import Anonymiser, anonymiser, replacement_row
from coding.store.project import Project, ProjectError, now

TERMS_KEY = "name_terms"
AUTOMATIC_REPLACEMENT = "(automatisch afgeschermd)"


def terms(db: Any) -> list[str]:
    """The school and place names the user listed for this project."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [TERMS_KEY]).fetchone()
    return json.loads(row[0]) if row else []


def find_in(db: Any, text: str) -> list[names.Candidate]:
    """What the finder proposes in one text, with this project's listed terms (no write)."""
    return names.find(text, terms(db))


def record(db: Any, document_id: int, found: Iterable[names.Candidate]) -> int:
    """Store the candidates of one document inside the caller's transaction; returns how many.

    A name already in the name table (registered by the user, or a transcript's speaker) is someone
    nobody has to review again: it is recorded as accepted with its registered replacement."""
    count = 0
    for candidate in found:
        key = " ".join(candidate.text.split())
        registered = db.execute("SELECT replacement FROM replacements WHERE name = ? COLLATE NOCASE",
                                [key]).fetchone()
        if registered:
            status, replacement = "accepted", registered[0]
        elif candidate.kind in names.AUTOMATIC_KINDS:
            status, replacement = "accepted", AUTOMATIC_REPLACEMENT
        else:
            status, replacement = "open", None
        db.execute("""INSERT OR IGNORE INTO name_candidates (name, kind, status, replacement)
                      VALUES (?, ?, ?, ?)""", [key, candidate.kind, status, replacement])
        candidate_id = db.execute("SELECT id FROM name_candidates WHERE name = ?", [key]).fetchone()[0]
        db.execute("INSERT OR IGNORE INTO name_occurrences (candidate_id, document_id, start, end) VALUES (?, ?, ?, ?)",
                   [candidate_id, document_id, candidate.start, candidate.end])
        count += 1
    return count


def scan(project: Project, actor: str) -> int:
    """Find candidates in every document again (existing projects, or after listing terms); keeps decisions."""
    documents = project.db.execute("SELECT id, text FROM documents ORDER BY id").fetchall()
    found = {doc_id: find_in(project.db, text) for doc_id, text in documents}
    with project.write(actor, "find names", {"documents": len(documents)}) as tx:
        db = tx.db.conn
        db.execute("DELETE FROM name_occurrences")
        total = sum(record(db, doc_id, cands) for doc_id, cands in found.items())
    return total


def set_terms(project: Project, actor: str, listed: list[str]) -> None:
    """Replace the listed school and place names (undoable), then look for them in every document."""
    cleaned = sorted({" ".join(t.split()) for t in listed if t and t.strip()}, key=str.casefold)
    with project.write(actor, "list names", {"terms": len(cleaned)}) as tx:
        value = json.dumps(cleaned, ensure_ascii=False)
        if tx.get("meta", TERMS_KEY):
            tx.update("meta", TERMS_KEY, value=value)
        else:
            tx.insert("meta", {"key": TERMS_KEY, "value": value})
    scan(project, actor)


def _candidate(db: Any, name: str) -> dict[str, Any]:
    row = db.execute("SELECT id, name, kind, status FROM name_candidates WHERE name = ? COLLATE NOCASE",
                     [" ".join(name.split())]).fetchone()
    if row is None:
        raise ProjectError("privacy.candidates.not_a_candidate", name=name)
    return dict(zip(("id", "name", "kind", "status"), row))


def accept(project: Project, actor: str, name: str, replacement: str) -> None:
    """A name: exports write `replacement` for it from now on (one undoable write with the name table)."""
    found = _candidate(project.db, name)
    with project.write(actor, "accept name", {"name": found["name"], "replacement": replacement}) as tx:
        replacement_row(tx, found["name"], replacement)
        tx.update("name_candidates", found["id"], status="accepted", replacement=" ".join(replacement.split()),
                  decided_by=actor, decided_at=now())


def reject(project: Project, actor: str, name: str) -> None:
    """Not a name: it no longer holds up an export (undoable)."""
    found = _candidate(project.db, name)
    with project.write(actor, "reject name", {"name": found["name"]}) as tx:
        tx.update("name_candidates", found["id"], status="rejected", replacement=None, decided_by=actor,
                  decided_at=now())


def _sentence(db: Any, document_id: int, start: int, end: int, text: str) -> str:
    row = db.execute("""SELECT start, end FROM units WHERE document_id = ? AND kind = 'sentence'
                        AND start <= ? AND end >= ? ORDER BY end - start LIMIT 1""",
                     [document_id, start, end]).fetchone()
    lo, hi = row if row else (max(0, start - 60), min(len(text), end + 60))
    return " ".join(text[lo:hi].split())


def listing(db: Any, status: str | None = None) -> list[dict[str, Any]]:
    """Every candidate that occurs somewhere: name, kind, status, replacement, occurrences, where."""
    rows = db.execute("""SELECT c.id, c.name, c.kind, c.status, c.replacement, count(*),
                                group_concat(DISTINCT d.name)
                         FROM name_candidates c JOIN name_occurrences o ON o.candidate_id = c.id
                         JOIN documents d ON d.id = o.document_id
                         WHERE ? IS NULL OR c.status = ?
                         GROUP BY c.id ORDER BY c.status != 'open', c.name COLLATE NOCASE""",
                      [status, status]).fetchall()
    return [dict(zip(("id", "name", "kind", "status", "replacement", "occurrences", "documents"), r)) for r in rows]


def unreviewed(project: Project | Any, spans: Iterable[tuple[int, int, int]] | None = None,
               hide: Anonymiser | None = None) -> list[dict[str, Any]]:
    """Open candidates an export would still carry: each with its document and sentence.

    `spans`: (document_id, start, end) of the text the export contains (None: every document).
    An occurrence the anonymiser replaces whole (a name already in the name table) is not open.
    """
    db = getattr(project, "db", project)
    hide = hide or anonymiser(db)
    rows = db.execute("""SELECT c.name, c.kind, o.document_id, o.start, o.end, d.name
                         FROM name_candidates c JOIN name_occurrences o ON o.candidate_id = c.id
                         JOIN documents d ON d.id = o.document_id
                         WHERE c.status = 'open' ORDER BY o.document_id, o.start""").fetchall()
    if not rows:
        return []
    wanted: dict[int, list[tuple[int, int]]] | None = None
    if spans is not None:
        wanted = {}
        for doc_id, start, end in spans:
            wanted.setdefault(doc_id, []).append((start, end))
    texts: dict[int, tuple[str, list[tuple[int, int]]]] = {}
    out = []
    for name, kind, doc_id, start, end, document in rows:
        if wanted is not None and not any(s < end and start < e for s, e in wanted.get(doc_id, ())):
            continue
        if doc_id not in texts:
            text = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
            texts[doc_id] = (text, hide.spans(text, doc_id))
        text, replaced = texts[doc_id]
        if any(s <= start and end <= e for s, e in replaced):
            continue
        out.append({"name": name, "kind": kind, "document": document, "start": start,
                    "sentence": _sentence(db, doc_id, start, end, text)})
    return out

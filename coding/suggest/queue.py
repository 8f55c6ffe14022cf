"""Suggestions: what to train on, what to propose, and the queue a coder works through.

A unit (see coding.text.scopes) is *labelled* with a code when one of the coder's codings of that code
covers at least half of the unit or lies at least half inside it, and *touched* when any of their
codings overlaps it; only untouched units get suggestions. Suggestions live in the `suggestions`
table until the coder accepts (a coding of theirs is made through coding.codings.operations), changes (a
coding with another code or valence) or rejects them; a rejected (unit, code) is never proposed
again and teaches the model "not this code here". Refreshing the queue is logged under the actor
SUGGEST_ACTOR, so a coder's undo never lands on a refresh; accept/change/reject are the coder's own
undoable actions.
The fitted model is kept per process and refitted (about a second for 2,000 codings) only when the
coder's codings or rejections change, so the queue follows the coder as they work.
"""

from __future__ import annotations

import bisect
import json
from typing import Any

from coding.suggest.autocode import CodeInfo, RuleMatcher, codebook_codes, cue_valence
from coding.codebooks.codes import resolve_code
from coding.codings.operations import insert_coding
from coding.store.model import VALENCES
from coding.text.scopes import ScopeUnit, scope_units
from coding.store.project import Project, ProjectError, now
from coding.suggest.model import Example, Suggester, Suggestion, codebook_examples

SUGGEST_ACTOR = "werkbank-suggest"
Key = tuple[int, int, int]


def _codings(db: Any, codebook_id: str, coder: str | None) -> list[tuple]:
    sql = """SELECT g.document_id, g.start, g.end, g.code_id, g.valence FROM codings g
             JOIN codes c ON c.id = g.code_id WHERE c.codebook_id = ?"""
    args: list[Any] = [codebook_id]
    if coder is not None:
        sql += " AND g.coder = ?"
        args.append(coder)
    return db.execute(sql + " ORDER BY g.id", args).fetchall()


def labels(db: Any, codebook_id: str, coder: str | None, units: list[ScopeUnit]) -> tuple[dict[Key, dict[int, str]], set[Key]]:
    """Per labelled unit its codes (code id -> valence), and the keys of all touched units."""
    by_doc: dict[int, list[ScopeUnit]] = {}
    for unit in units:
        by_doc.setdefault(unit.document_id, []).append(unit)
    ends = {doc: [u.end for u in us] for doc, us in by_doc.items()}
    labelled: dict[Key, dict[int, str]] = {}
    touched: set[Key] = set()
    for doc, start, end, code_id, valence in _codings(db, codebook_id, coder):
        doc_units = by_doc.get(doc, [])
        for unit in doc_units[bisect.bisect_right(ends.get(doc, []), start):]:
            if unit.start >= end:
                break
            overlap = min(end, unit.end) - max(start, unit.start)
            if overlap <= 0:
                continue
            touched.add(unit.key)
            if overlap * 2 >= unit.end - unit.start or overlap * 2 >= end - start:
                labelled.setdefault(unit.key, {}).setdefault(code_id, valence)
    return labelled, touched


def rejected_pairs(db: Any, codebook_id: str, coder: str | None) -> set[tuple[Key, int]]:
    sql = "SELECT document_id, start, end, code_id FROM suggestions WHERE codebook_id = ? AND status = 'rejected'"
    args: list[Any] = [codebook_id]
    if coder is not None:
        sql += " AND coder = ?"
        args.append(coder)
    return {((d, s, e), c) for d, s, e, c in db.execute(sql, args).fetchall()}


def training_examples(units: list[ScopeUnit], labelled: dict[Key, dict[int, str]],
                      rejected: set[tuple[Key, int]] = frozenset()) -> list[Example]:
    """Rows from the coder's labelled units and their rejections (codebook rows are added by train)."""
    refused: dict[Key, set[int]] = {}
    for key, code in rejected:
        refused.setdefault(key, set()).add(code)
    return [Example(u.lemmas, u.context, labelled.get(u.key, {}), rejected=frozenset(refused.get(u.key, ())),
                    where=u.key)
            for u in units if u.key in labelled or u.key in refused]


_prior_cache: dict[tuple, list[Example]] = {}


def train(codes: list[CodeInfo], examples: list[Example], matcher: RuleMatcher | None = None) -> Suggester:
    """A model from these rows plus the codebook's own examples and definitions."""
    prior_key = tuple((c.id, c.text, c.examples, json.dumps(c.rules, sort_keys=True)) for c in codes)
    if prior_key not in _prior_cache:
        _prior_cache.clear()
        _prior_cache[prior_key] = codebook_examples(codes)
    return Suggester(codes, matcher).fit(_prior_cache[prior_key] + examples)


_models: dict[tuple, tuple[Any, Suggester]] = {}


def _fingerprint(db: Any, codebook_id: str, coder: str | None) -> tuple:
    codings = _codings(db, codebook_id, coder)
    return (len(codings), hash(tuple(codings)), len(rejected_pairs(db, codebook_id, coder)),
            db.execute("SELECT max(id) FROM codes").fetchone()[0], db.execute("SELECT count(*) FROM units").fetchone()[0])


def model_for(project: Project, codebook_id: str, coder: str | None, scope: str = "sentence") -> Suggester:
    """The fitted model for this coder's codings, refitted only when they changed."""
    key = (str(project.path), codebook_id, coder, scope)
    fingerprint = _fingerprint(project.conn, codebook_id, coder)
    cached = _models.get(key)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    codes = codebook_codes(project.conn, codebook_id)
    units = scope_units(project.conn, scope)
    labelled, _ = labels(project.conn, codebook_id, coder, units)
    examples = training_examples(units, labelled, rejected_pairs(project.conn, codebook_id, coder))
    model = train(codes, examples)
    _models[key] = (fingerprint, model)
    return model


def trained_on(project: Project, codebook_id: str, coder: str | None, scope: str = "sentence") -> tuple[int, int] | None:
    """What this coder's current model learned from: (coded units, rejected suggestions); None when
    no model was fitted in this process yet."""
    cached = _models.get((str(project.path), codebook_id, coder, scope))
    return cached[1].trained_on if cached else None


def suggest(project: Project, codebook_id: str, coder: str | None = None, scope: str = "sentence",
            top: int = 3) -> list[Suggestion]:
    """The top codes for every unit `coder` (None: anyone) has not coded in this codebook."""
    if top < 1:
        raise ProjectError("suggest.queue.top_must_at_least")
    model = model_for(project, codebook_id, coder, scope)
    units = scope_units(project.conn, scope)
    _, touched = labels(project.conn, codebook_id, coder, units)
    open_units = [u for u in units if u.key not in touched]
    skip = rejected_pairs(project.conn, codebook_id, coder)
    return [s for row in model.suggest(open_units, top, skip) for s in row]


def rule_suggestions(db: Any, codebook_id: str, scope: str = "sentence", coder: str | None = None) -> list[Suggestion]:
    """Rule autocoding as suggestions: score = number of rule terms matched; valence from synonyms."""
    codes = codebook_codes(db, codebook_id)
    matcher = RuleMatcher(codes)
    units = scope_units(db, scope)
    touched = labels(db, codebook_id, coder, units)[1] if coder is not None else set()
    skip = rejected_pairs(db, codebook_id, coder) if coder is not None else set()
    out = []
    for unit in units:
        if unit.key in touched:
            continue
        hits = [h for h in matcher.match(unit.lemmas) if (unit.key, h.code_id) not in skip]
        valence, valence_score = cue_valence(matcher, unit)
        out += [Suggestion(unit, hit.code_id, float(len(hit.matched)), valence, valence_score, rank,
                           {"matched": list(hit.matched)}) for rank, hit in enumerate(hits, 1)]
    return out


CSV_COLUMNS = ("document", "start", "end", "code_id", "code_label", "code_path", "score", "valence",
               "valence_score", "rank")


def suggestion_rows(db: Any, codebook_id: str, suggestions: list[Suggestion]) -> list[dict[str, Any]]:
    """Flat rows (CSV_COLUMNS, plus `matched` rule terms) for files and tables; `code_id` is the
    codebook's code id (its key), the same id the codebook file and codings files use."""
    codes = {c.id: c for c in codebook_codes(db, codebook_id)}
    names = dict(db.execute("SELECT id, name FROM documents").fetchall())
    return [{"document": names[s.unit.document_id], "start": s.unit.start, "end": s.unit.end,
             "code_id": codes[s.code_id].key, "code_label": codes[s.code_id].label,
             "code_path": codes[s.code_id].path, "score": round(s.score, 4), "valence": s.valence,
             "valence_score": round(s.valence_score, 4), "rank": s.rank,
             "matched": " ".join(s.reason.get("matched", []))} for s in suggestions]


# --- the queue ---------------------------------------------------------------------------------

def refresh_queue(project: Project, codebook_id: str, coder: str, scope: str = "sentence", top: int = 3,
                  source: str = "model") -> int:
    """Replace `coder`'s open suggestions for this codebook with fresh ones; returns how many."""
    if source not in ("model", "rules"):
        raise ProjectError("suggest.queue.source_must_model_rules", source=source)
    found = (suggest(project, codebook_id, coder, scope, top) if source == "model"
             else rule_suggestions(project.conn, codebook_id, scope, coder))
    stamp = now()
    rows = [{"codebook_id": codebook_id, "coder": coder, "document_id": s.unit.document_id, "start": s.unit.start,
             "end": s.unit.end, "code_id": s.code_id, "score": s.score, "valence": s.valence,
             "valence_score": s.valence_score, "rank": s.rank, "source": source,
             "reason": json.dumps(s.reason, ensure_ascii=False), "status": "open", "created_at": stamp}
            for s in found]
    with project.write(SUGGEST_ACTOR, "suggest", {"codebook": codebook_id, "coder": coder, "count": len(rows)}) as tx:
        tx.db.execute("DELETE FROM suggestions WHERE codebook_id = ? AND coder = ? AND status = 'open'",
                      [codebook_id, coder])
        tx.bulk_insert("suggestions", rows)
    return len(rows)


def queue(db: Any, codebook_id: str, coder: str, document_id: int | None = None,
          limit: int | None = None) -> list[dict[str, Any]]:
    """Open suggestions for `coder`, per unit in text order, each with its text, code and reason."""
    sql = """SELECT s.id, s.document_id, d.name AS document, s.start, s.end,
                    substr(d.text, s.start + 1, s.end - s.start) AS text, s.code_id, c.key AS code_key,
                    c.label AS code_label, s.score, s.valence, s.valence_score, s.rank, s.source, s.reason
             FROM suggestions s JOIN documents d ON d.id = s.document_id JOIN codes c ON c.id = s.code_id
             WHERE s.codebook_id = ? AND s.coder = ? AND s.status = 'open'"""
    args: list[Any] = [codebook_id, coder]
    if document_id is not None:
        sql += " AND s.document_id = ?"
        args.append(document_id)
    sql += " ORDER BY s.document_id, s.start, s.rank"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    paths = {c.id: c.path for c in codebook_codes(db, codebook_id)}
    rows = []
    for row in db.execute(sql, args).fetchall():
        item = dict(zip(("id", "document_id", "document", "start", "end", "text", "code_id", "code_key",
                         "code_label", "score", "valence", "valence_score", "rank", "source", "reason"), row))
        item["code_path"] = paths.get(item["code_id"], item["code_label"])
        item["reason"] = json.loads(item["reason"]) if item["reason"] else {}
        rows.append(item)
    return rows


def _open_suggestion(tx: Any, suggestion_id: int, coder: str) -> dict[str, Any]:
    row = tx.get("suggestions", suggestion_id)
    if row is None:
        raise ProjectError("suggest.queue.suggestion_does_exist", suggestion_id=suggestion_id)
    if row["coder"] != coder:
        raise ProjectError("suggest.queue.suggestion_was_made", suggestion_id=suggestion_id,
                           coder=row['coder'], coder2=coder)
    if row["status"] != "open":
        raise ProjectError("suggest.queue.suggestion_already", suggestion_id=suggestion_id,
                           status=row['status'])
    return row


def accept(project: Project, coder: str, suggestion_id: int, code: str | int | None = None,
           valence: str | None = None) -> int:
    """Make the suggestion a coding of `coder` (with another code and/or valence: a change);
    returns the coding id. One undoable action."""
    with project.write(coder, "accept suggestion", {"suggestion": suggestion_id}) as tx:
        row = _open_suggestion(tx, suggestion_id, coder)
        code_id = resolve_code(tx.db.conn, code, row["codebook_id"]) if code is not None else row["code_id"]
        chosen = valence if valence is not None else row["valence"]
        if chosen not in VALENCES:
            raise ProjectError("suggest.queue.valence_must_one", valences=', '.join(VALENCES), chosen=chosen)
        coding_id = insert_coding(tx, coder, row["document_id"], row["start"], row["end"], code_id, chosen)
        status = "accepted" if (code_id, chosen) == (row["code_id"], row["valence"]) else "changed"
        tx.update("suggestions", suggestion_id, status=status, coding_id=coding_id, decided_at=now())
        return coding_id


def change(project: Project, coder: str, suggestion_id: int, code: str | int | None = None,
           valence: str | None = None) -> int:
    """Accept with another code and/or valence (at least one must be given)."""
    if code is None and valence is None:
        raise ProjectError("suggest.queue.give_code_valence_use")
    return accept(project, coder, suggestion_id, code, valence)


def reject(project: Project, coder: str, suggestion_id: int) -> None:
    """Say no: this code is never proposed for this unit again (undoable)."""
    with project.write(coder, "reject suggestion", {"suggestion": suggestion_id}) as tx:
        _open_suggestion(tx, suggestion_id, coder)
        tx.update("suggestions", suggestion_id, status="rejected", decided_at=now())


def decisions(db: Any, codebook_id: str, coder: str | None = None) -> list[dict[str, Any]]:
    """The log of decided suggestions (accepted, changed, rejected), newest first."""
    sql = """SELECT id, coder, document_id, start, end, code_id, valence, score, source, status, coding_id,
                    decided_at FROM suggestions WHERE codebook_id = ? AND status != 'open'"""
    args: list[Any] = [codebook_id]
    if coder is not None:
        sql += " AND coder = ?"
        args.append(coder)
    cursor = db.execute(sql + " ORDER BY decided_at DESC, id DESC", args)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]

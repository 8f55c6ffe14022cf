"""Consensus review: every disagreement between coders, unit by unit, and the reviewer's decision,
written as a separate coder layer named "consensus".

A disagreement is a (unit, code) where the compared coders who rated the unit differ on whether
the code applies, or all applied it but with different valences. The units and the rule "coded"
are those of coding.agreement.measure (same unit kind, threshold and scope), so the review lists exactly
what pulls the agreement figures down. Each decision is one logged, undoable write: a row in
`consensus_decisions` plus the consensus codings it made; deciding again replaces them.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from coding.agreement.measure import Coded, coded_units, resolve_codes
from coding.codings.operations import insert_coding
from coding.store.model import VALENCES
from coding.store.project import Project, ProjectError, now

CONSENSUS = "consensus"
NOT_CODED = "—"


def _key(coders: list[str]) -> str:
    return ",".join(sorted(coders))


def _context(db: Any, unit_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Text, surrounding turn/answer/paragraph, speaker label and question of each unit (no sealed data)."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in range(0, len(unit_ids), 500):
        ids = unit_ids[chunk:chunk + 500]
        rows = db.execute(
            f"""SELECT u.id, substr(d.text, u.start + 1, u.end - u.start),
                       substr(d.text, coalesce(p.start, u.start) + 1, coalesce(p.end, u.end) - coalesce(p.start, u.start)),
                       c.label, u.question
                FROM units u JOIN documents d ON d.id = u.document_id LEFT JOIN units p ON p.id = u.parent_id
                LEFT JOIN cases c ON c.id = u.case_id WHERE u.id IN ({','.join('?' * len(ids))})""", ids)
        for unit_id, text, context, speaker, question in rows:
            out[unit_id] = {"text": text, "context": context, "speaker": speaker, "question": question}
    return out


def _decisions(db: Any, coders: list[str]) -> dict[tuple[int, int], dict[str, Any]]:
    rows = db.execute("""SELECT unit_id, code_id, decision, valence, reviewer, note FROM consensus_decisions
                         WHERE coders = ?""", [_key(coders)])
    return {(r[0], r[1]): {"decision": r[2], "valence": r[3], "reviewer": r[4], "note": r[5]} for r in rows}


def _find(coded: Coded) -> list[tuple[int, int, str]]:
    """(unit_id, code_id, kind) of every disagreement; kind is 'code' or 'valence'."""
    rated = pd.DataFrame(coded.rated, index=coded.units.index, columns=coded.coders)
    found = []
    for (unit_id, code_id), group in coded.cells.groupby(["unit_id", "code_id"]):
        raters = [c for c in coded.coders if rated.at[unit_id, c]]
        if len(raters) < 2:
            continue
        applied = set(group["coder"])
        if any(c not in applied for c in raters):
            found.append((int(unit_id), int(code_id), "code"))
        elif group["valence"].nunique() > 1:
            found.append((int(unit_id), int(code_id), "valence"))
    return found


def disagreements(project: Project, coders: list[str], unit: str = "sentence", codes: list[str] | None = None,
                  threshold: float = 0.0, documents: list[str] | None = None) -> pd.DataFrame:
    """Every disagreement, in document order, filterable by code (keys or labels in `codes`).

    Columns: unit_id, document, start, end, speaker, question, text, context, code_id, code, label,
    kind ('code' or 'valence'), one column per coder (their valence for this code, or "—" when they
    did not apply it), one "<coder> codes" column per coder (all their codes on this unit, to see
    e.g. that the other coder chose a sibling code), and the decision so far (decision, valence,
    reviewer, resolved).
    """
    coded = coded_units(project, coders, unit, threshold, documents)
    db = project.db.conn
    wanted = resolve_codes(db, codes)
    found = [f for f in _find(coded) if wanted is None or f[1] in wanted]
    codes_info = {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, key, label FROM codes")}
    context = _context(db, sorted({f[0] for f in found}))
    decided = _decisions(db, coded.coders)
    cells = coded.cells.set_index(["unit_id", "coder", "code_id"])["valence"].to_dict()
    per_unit: dict[tuple[int, str], list[str]] = {}
    for (unit_id, coder, code_id), valence in sorted(cells.items(), key=lambda kv: codes_info[kv[0][2]][0]):
        per_unit.setdefault((unit_id, coder), []).append(f"{codes_info[code_id][0]} ({valence})")
    rows = []
    for unit_id, code_id, kind in found:
        u = coded.units.loc[unit_id]
        decision = decided.get((unit_id, code_id), {})
        row = {"unit_id": unit_id, "document": u["document"], "start": int(u["start"]), "end": int(u["end"]),
               **context[unit_id], "code_id": code_id, "code": codes_info[code_id][0],
               "label": codes_info[code_id][1], "kind": kind}
        for coder in coded.coders:
            row[coder] = cells.get((unit_id, coder, code_id), NOT_CODED)
            row[f"{coder} codes"] = ", ".join(per_unit.get((unit_id, coder), [])) or NOT_CODED
        row.update(decision=decision.get("decision"), decided_valence=decision.get("valence"),
                   reviewer=decision.get("reviewer"), resolved=bool(decision))
        rows.append(row)
    columns = ["unit_id", "document", "start", "end", "speaker", "question", "text", "context", "code_id", "code",
               "label", "kind", *[x for c in coded.coders for x in (c, f"{c} codes")], "decision",
               "decided_valence", "reviewer", "resolved"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["document", "start", "code"], kind="stable").reset_index(drop=True)


def progress(project: Project, coders: list[str], unit: str = "sentence", codes: list[str] | None = None,
             threshold: float = 0.0, documents: list[str] | None = None) -> dict[str, int]:
    """How far the review is: {"resolved": n, "total": n}."""
    frame = disagreements(project, coders, unit, codes, threshold, documents)
    return {"resolved": int(frame["resolved"].sum()), "total": len(frame)}


def resolve(project: Project, reviewer: str, coders: list[str], unit_id: int, code_id: int,
            decision: str | None = None, valence: str | None = None, take_from: str | None = None,
            note: str | None = None) -> list[int]:
    """Decide one disagreement and write the consensus codings; returns their ids.

    Either pick a coder's version (`take_from`: their codings of this code on this unit are copied
    with their spans and valences; if they did not apply the code, the decision is 'reject'), or
    write it: decision 'apply' (a consensus coding over the unit with `valence`, default neutraal)
    or 'reject' (the code does not apply here; no coding). Deciding again replaces the earlier
    decision and the consensus codings it made.
    """
    db = project.db.conn
    unit_id, code_id = int(unit_id), int(code_id)   # numpy integers from a DataFrame do not bind in sqlite3
    unit = db.execute("SELECT document_id, start, end FROM units WHERE id = ?", [unit_id]).fetchone()
    if unit is None:
        raise ProjectError("agreement.consensus.unit_does_exist", unit_id=unit_id)
    document_id, start, end = unit
    if take_from is not None:
        if take_from not in coders:
            raise ProjectError("agreement.consensus.one_compared_coders", take_from=take_from,
                               coders=', '.join(coders))
        copies = db.execute(
            """SELECT start, end, valence, rating FROM codings WHERE coder = ? AND code_id = ? AND document_id = ?
               AND start < ? AND end > ? ORDER BY start""", [take_from, code_id, document_id, end, start]).fetchall()
        decision = "apply" if copies else "reject"
        valence = copies[0][2] if copies else None
    elif decision == "apply":
        valence = valence or "neutraal"
        if valence not in VALENCES:
            raise ProjectError("agreement.consensus.valence_must_one", valences=', '.join(VALENCES),
                               valence=valence)
        copies = [(start, end, valence, None)]
    elif decision == "reject":
        copies, valence = [], None
    else:
        raise ProjectError("agreement.consensus.give_decision_apply_reject")
    key = _key(coders)
    summary = {"unit": unit_id, "code": code_id, "decision": decision, "valence": valence, "from": take_from}
    with project.write(reviewer, "consensus", summary) as tx:
        earlier = db.execute("SELECT id, coding_ids FROM consensus_decisions WHERE unit_id = ? AND code_id = ? "
                             "AND coders = ?", [unit_id, code_id, key]).fetchone()
        if earlier is not None:
            for coding_id in json.loads(earlier[1]):
                tx.delete("codings", coding_id)
        made = []
        for lo, hi, val, rating in copies:
            exists = db.execute("SELECT 1 FROM codings WHERE coder = ? AND document_id = ? AND start = ? AND end = ? "
                                "AND code_id = ?", [CONSENSUS, document_id, lo, hi, code_id]).fetchone()
            if not exists:
                made.append(insert_coding(tx, CONSENSUS, document_id, lo, hi, code_id, val, rating))
        values = {"decision": decision, "valence": valence, "coding_ids": json.dumps(made), "note": note,
                  "reviewer": reviewer, "decided_at": now()}
        if earlier is None:
            tx.insert("consensus_decisions", {"unit_id": unit_id, "code_id": code_id, "coders": key, **values})
        else:
            tx.update("consensus_decisions", earlier[0], **values)
    return made

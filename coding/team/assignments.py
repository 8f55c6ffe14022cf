"""Blind second coding: give a coder whole documents or a seeded random sample of units, and
decide whose codings they may see.

While a coder has a blind assignment they see only their own codings, everywhere: the UI asks
`visible_coders_for` (or passes `is_blind` to coding.team.coders.visible_coders) before listing codings.
Agreement (coding.agreement.measure) treats units outside a coder's assignment as "not rated by that
coder" (missing), not as "coded with nothing", so a sample does not count as disagreement.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any


from coding.store.model import AGREEMENT_UNITS
from coding.store.project import Project, ProjectError, now

if TYPE_CHECKING:  # pandas takes half a second to import: only the functions that build frames pay
    import numpy as np
    import pandas as pd

SAMPLE_UNITS = AGREEMENT_UNITS


def _document_ids(db: Any, documents: list[str]) -> list[int]:
    ids = []
    for name in documents:
        row = db.execute("SELECT id FROM documents WHERE name = ?", [name]).fetchone()
        if row is None:
            raise ProjectError("team.assignments.document_named", name=name)
        ids.append(row[0])
    return ids


def _check_coder(coder: str) -> str:
    coder = coder.strip()
    if not coder or coder == "consensus":
        raise ProjectError("team.assignments.give_second_coder_name")
    return coder


def assign_documents(project: Project, actor: str, coder: str, documents: list[str], blind: bool = True) -> int:
    """Assign whole documents to `coder`; returns how many were newly assigned."""
    coder = _check_coder(coder)
    if not documents:
        raise ProjectError("team.assignments.name_at_least_one")
    db = project.db.conn
    ids = _document_ids(db, documents)
    with project.write(actor, "assign", {"coder": coder, "documents": documents, "blind": blind}) as tx:
        made = 0
        for document_id in ids:
            if db.execute("SELECT 1 FROM assignments WHERE coder = ? AND document_id = ? AND unit_id IS NULL",
                          [coder, document_id]).fetchone():
                continue
            tx.insert("assignments", {"coder": coder, "document_id": document_id, "unit_id": None,
                                      "blind": int(blind), "assigned_by": actor, "assigned_at": now()})
            made += 1
    return made


def sample_units(db: Any, n: int, unit: str = "sentence", seed: int = 1,
                 documents: list[str] | None = None) -> list[int]:
    """A seeded random sample of `n` data units of one kind (same seed and project: same sample)."""
    if unit not in SAMPLE_UNITS:
        raise ProjectError("team.assignments.unit_must_one", sample_units=', '.join(SAMPLE_UNITS), unit=unit)
    sql = "SELECT id FROM units WHERE kind = ? AND is_data = 1 AND end > start"
    params: list[Any] = [unit]
    if documents:
        ids = _document_ids(db, documents)
        sql += f" AND document_id IN ({','.join('?' * len(ids))})"
        params += ids
    population = [r[0] for r in db.execute(sql + " ORDER BY id", params)]
    if n <= 0 or n > len(population):
        raise ProjectError("team.assignments.sample_size_must_between", n_population=len(population),
                           unit=unit, n=n)
    return sorted(random.Random(seed).sample(population, n))


def assign_sample(project: Project, actor: str, coder: str, n: int, unit: str = "sentence", seed: int = 1,
                  documents: list[str] | None = None, blind: bool = True) -> list[int]:
    """Assign a seeded random sample of units to `coder`; returns the sampled unit ids."""
    coder = _check_coder(coder)
    db = project.db.conn
    unit_ids = sample_units(db, n, unit, seed, documents)
    rows = db.execute(f"SELECT id, document_id FROM units WHERE id IN ({','.join('?' * len(unit_ids))})",
                      unit_ids).fetchall()
    with project.write(actor, "assign", {"coder": coder, "sample": n, "unit": unit, "seed": seed}) as tx:
        for unit_id, document_id in rows:
            tx.insert("assignments", {"coder": coder, "document_id": document_id, "unit_id": unit_id,
                                      "blind": int(blind), "seed": seed, "assigned_by": actor, "assigned_at": now()})
    return unit_ids


def end_blind(project: Project, actor: str, coder: str) -> int:
    """Lift blindness for `coder` (e.g. when the consensus meeting starts); returns rows changed."""
    ids = [r[0] for r in project.db.execute("SELECT id FROM assignments WHERE coder = ? AND blind = 1", [coder])]
    with project.write(actor, "unblind", {"coder": coder}) as tx:
        for assignment_id in ids:
            tx.update("assignments", assignment_id, blind=0)
    return len(ids)


def assignments(db: Any, coder: str | None = None) -> pd.DataFrame:
    """The assignments (all, or of one coder) with document names and unit spans."""
    import pandas as pd
    sql = """SELECT a.id, a.coder, d.name AS document, a.unit_id, u.kind AS unit_kind, u.start, u.end,
                    a.blind, a.seed, a.assigned_by, a.assigned_at
             FROM assignments a JOIN documents d ON d.id = a.document_id LEFT JOIN units u ON u.id = a.unit_id"""
    params = [coder] if coder else []
    rows = db.execute(sql + (" WHERE a.coder = ?" if coder else "") + " ORDER BY a.coder, d.name, u.start", params)
    columns = ["id", "coder", "document", "unit_id", "unit_kind", "start", "end", "blind", "seed", "assigned_by",
               "assigned_at"]
    return pd.DataFrame(rows.fetchall(), columns=columns)


def is_blind(db: Any, coder: str) -> bool:
    """True while the coder has a blind assignment: they may see only their own codings."""
    return db.execute("SELECT 1 FROM assignments WHERE coder = ? AND blind = 1 LIMIT 1", [coder]).fetchone() is not None


def visible_coders_for(db: Any, me: str) -> list[str] | None:
    """Whose codings `me` may see: only their own while blind, else everyone's (None)."""
    return [me] if is_blind(db, me) else None


def may_see(db: Any, me: str, coder: str) -> bool:
    """Whether `me` may see codings made by `coder`."""
    return coder == me or not is_blind(db, me)


def rated_mask(db: Any, coder: str, units: pd.DataFrame) -> np.ndarray | None:
    """Which of `units` (index unit_id, column document_id) the coder was asked to code.

    None when the coder has no assignments (they rated everything in scope). A unit counts as
    assigned when its document is assigned, or it or the unit it sits in (its parent) was sampled.
    """
    rows = db.execute("SELECT document_id, unit_id FROM assignments WHERE coder = ?", [coder]).fetchall()
    if not rows:
        return None
    whole = {d for d, u in rows if u is None}
    sampled = [u for _, u in rows if u is not None]
    related: set[int] = set(sampled)
    if sampled:
        marks = ",".join("?" * len(sampled))
        related |= {r[0] for r in db.execute(f"SELECT id FROM units WHERE parent_id IN ({marks})", sampled)}
    return (units["document_id"].isin(whole).to_numpy() | units.index.isin(list(related)))

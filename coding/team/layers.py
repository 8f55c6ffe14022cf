"""Coder layers: whose codings an analysis, chart or export counts.

A layer is one coder, the consensus layer, or several coders pooled. Why it matters: a second
coder's reliability coding is a check, not data; pooled by default it would count fragments twice
and give one fragment both valences. So every analysis works on a layer and says which one.

- `NAME` (a coder): that coder's codings.
- `consensus`: the consensus review's decisions (coder "consensus") plus the primary coder's
  codings wherever no decision was taken on that code in that unit (a decision replaces them).
- `pooled`: every coder's codings, shown as pooled.
- The default: consensus when a consensus review has decided anything, otherwise the primary
  coder set in the project (meta `primary_coder`), otherwise every coder except the reliability
  coders (a coder with an assignment is checking, see coding.team.assignments) pooled as the team.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coding.store.project import Project, ProjectError

CONSENSUS = "consensus"
POOLED = "pooled"
PRIMARY_KEY = "primary_coder"


@dataclass(frozen=True)
class Layer:
    """Whose codings count. `kind` is coder, consensus, team (default pooling) or pooled (everyone)."""

    kind: str
    coders: tuple[str, ...]        # coder: the one; consensus: the base coders; team: the pooled ones; pooled: all
    default: bool = False
    excluded: tuple[str, ...] = ()  # reliability coders left out of a team layer

    @property
    def name(self) -> str:
        """What a user types to choose this layer again (--layer NAME)."""
        if self.kind == "coder":
            return self.coders[0]
        return {"consensus": CONSENSUS, "pooled": POOLED}.get(self.kind, ",".join(self.coders))

    def where(self, alias: str = "codings") -> tuple[str, list[Any]]:
        """A SQL condition on the codings table (under `alias`) that keeps this layer's codings."""
        if self.kind == POOLED:
            return "1", []
        marks = ", ".join("?" for _ in self.coders) or "NULL"
        if self.kind != CONSENSUS:
            return f"{alias}.coder IN ({marks})", list(self.coders)
        decided = f"""EXISTS (SELECT 1 FROM consensus_decisions d JOIN units u ON u.id = d.unit_id
                              WHERE d.code_id = {alias}.code_id AND u.document_id = {alias}.document_id
                                AND u.start < {alias}.end AND {alias}.start < u.end)"""
        return f"({alias}.coder = ? OR ({alias}.coder IN ({marks}) AND NOT {decided}))", [CONSENSUS, *self.coders]


def all_coders(db: Any) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT coder FROM codings ORDER BY coder")]


def reliability_coders(db: Any) -> list[str]:
    """Coders who were given assignments to check someone else's coding."""
    return [r[0] for r in db.execute("SELECT DISTINCT coder FROM assignments WHERE coder != ? ORDER BY coder",
                                     [CONSENSUS])]


def primary_coder(db: Any) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [PRIMARY_KEY]).fetchone()
    return row[0] if row and row[0] else None


def set_primary_coder(project: Project, actor: str, coder: str | None) -> None:
    """Name the coder whose codings are the project's data (None: pool the non-reliability coders)."""
    db = project.db.conn
    if coder is not None and coder not in all_coders(db):
        raise ProjectError("team.layers.codings_coders", coder=coder,
                           value=', '.join(all_coders(db)) or 'none')
    with project.write(actor, "primary coder", {"coder": coder}) as tx:
        if tx.get("meta", PRIMARY_KEY) is None:
            tx.insert("meta", {"key": PRIMARY_KEY, "value": coder})
        else:
            tx.update("meta", PRIMARY_KEY, value=coder)


def _base(db: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the coders whose codings are the data, the reliability coders left out)."""
    primary = primary_coder(db)
    if primary is not None:
        return (primary,), ()
    checking = set(reliability_coders(db))
    coders = [c for c in all_coders(db) if c != CONSENSUS]
    base = [c for c in coders if c not in checking] or coders
    return tuple(base), tuple(c for c in coders if c not in base)


def default_layer(db: Any) -> Layer:
    """The layer every analysis uses unless told otherwise (see module doc)."""
    base, excluded = _base(db)
    if db.execute("SELECT 1 FROM consensus_decisions LIMIT 1").fetchone():
        return Layer(CONSENSUS, base, default=True)
    if len(base) == 1:
        return Layer("coder", base, default=True)
    return Layer("team", base, default=True, excluded=excluded)


def layer(db: Any, name: str | None = None) -> Layer:
    """The layer a user named (a coder, `consensus`, `pooled`, or coders a,b), or the default."""
    name = (name or "").strip()
    if not name:
        return default_layer(db)
    default = default_layer(db)
    coders = all_coders(db)
    if name == POOLED:
        found = Layer(POOLED, tuple(coders))
    elif name == CONSENSUS:
        found = Layer(CONSENSUS, _base(db)[0])
    else:
        names = tuple(n.strip() for n in name.split(",") if n.strip())
        unknown = [n for n in names if n not in coders]
        if unknown:
            raise ProjectError("team.layers.layer_choose_coder", unknown=unknown[0],
                               coders=', '.join(coders) or 'none', consensus=CONSENSUS, pooled=POOLED)
        found = Layer("coder", names) if len(names) == 1 else Layer("team", names)
    same = (found.kind, found.coders) == (default.kind, default.coders)
    return default if same else found


def choices(db: Any) -> list[Layer]:
    """The layers a user can pick: the default first, then each coder, consensus, and everyone pooled."""
    default = default_layer(db)
    options = [default] + [layer(db, c) for c in all_coders(db) if c != CONSENSUS]
    if db.execute("SELECT 1 FROM consensus_decisions LIMIT 1").fetchone():
        options.append(layer(db, CONSENSUS))
    options.append(layer(db, POOLED))
    unique: dict[tuple, Layer] = {}
    for option in options:
        unique.setdefault((option.kind, option.coders), option)
    return list(unique.values())

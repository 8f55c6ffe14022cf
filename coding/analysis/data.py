"""The codings of a project as columns: the one read every analysis starts from.

`load()` runs one SQL query over a covering index and brings the coded spans across as numpy
arrays (one `group_concat` per column, parsed by numpy). Why: fetching a million rows as Python
tuples costs seconds; this costs a fraction, and every table is then plain array arithmetic.

Rules every analysis shares (documented once, here):
- Facilitator talk is not data: a coding whose speaking case has `is_data = 0`, or that starts
  inside a turn/answer unit with `is_data = 0` and covers no data speaker's words, is left out.
  (A coding that runs from the facilitator's question into the answer counts for the participant.)
- An attribute of a coding is looked up on its speaking case first, then on its document: a
  speaker inherits the attributes of the session they spoke in (respondentgroep, regio ...).
  Pseudo-attributes: `kind` (source kind), `document` (document name), `session`.
- A session is a meeting: the value of the document attribute `sessie` (the two note-takers'
  reports and the written input of one meeting share it); a group session, interview or live
  session without it is a session of its own. A mailbox export, a school document or written
  input that names no session is a source but no session (docs/vocabulary.md).
- Speakers are participants (cases in sessions' documents) and respondents (cases of a mailbox).
- A fragment is a distinct (document, start, end) span.
- Whose codings: a coder layer (coding.team.layers), given as the filter `layer` (a coder,
  `consensus`, `pooled`); without it the project's default layer, which never pools the
  reliability coders. A `coder` filter names the coders itself and overrides the layer.
- Sealed identities are never read.
"""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coding.store.model import KINDS, SESSION, SESSION_KINDS, VALENCES
from coding.store.project import Project, ProjectError
from coding.team.layers import Layer, layer as find_layer

MISSING = "(onbekend)"
PSEUDO_ATTRIBUTES = ("kind", "document", "session")
SQL_FILTERS = ("coder", "valence", "layer")  # applied by the read itself, part of what is remembered

Filters = Mapping[str, Any]
"""Attribute name (or kind, document, session, coder, valence, layer) -> value or list of values (OR)."""


def _values(value: Any) -> list[str]:
    items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    return [str(item) for item in items]


def code_tree(project: Project, codebook: str | None = None) -> pd.DataFrame:
    """The codes in codebook order (depth first by position), indexed by code id.

    Columns: codebook, key, label, parent_id, depth, order, codable, active, color, path.
    """
    if codebook is not None and project.db.execute(
            "SELECT 1 FROM codebooks WHERE id = ?", [codebook]).fetchone() is None:
        known = ", ".join(r[0] for r in project.db.execute("SELECT id FROM codebooks ORDER BY id"))
        raise ProjectError("analysis.data.codebook_project_known", codebook=codebook, known=known or 'none')
    sql = """SELECT c.id, c.codebook_id, c.key, c.label, c.parent_id, c.position, c.codable, c.active, c.color
             FROM codes c JOIN codebooks b ON b.id = c.codebook_id"""
    params: list[Any] = []
    if codebook is not None:
        sql += " WHERE c.codebook_id = ?"
        params.append(codebook)
    rows = project.db.execute(sql + " ORDER BY b.imported_at, b.id, c.position, c.id", params).fetchall()
    children: dict[int | None, list[tuple]] = {}
    ids = {row[0] for row in rows}
    for row in rows:
        parent = row[4] if row[4] in ids else None
        children.setdefault(parent, []).append(row)
    ordered: list[dict[str, Any]] = []

    def walk(parent: int | None, depth: int, path: str) -> None:
        for row in children.get(parent, []):
            full = f"{path} > {row[3]}" if path else row[3]
            ordered.append({"code_id": row[0], "codebook": row[1], "key": row[2], "label": row[3],
                            "parent_id": row[4] if row[4] in ids else None, "depth": depth,
                            "order": len(ordered), "codable": bool(row[6]), "active": bool(row[7]),
                            "color": row[8], "path": full})
            walk(row[0], depth + 1, full)

    walk(None, 0, "")
    frame = pd.DataFrame(ordered, columns=["code_id", "codebook", "key", "label", "parent_id", "depth", "order",
                                           "codable", "active", "color", "path"])
    frame["parent_id"] = frame["parent_id"].astype("Int64")
    return frame.set_index("code_id")


def _ancestors(tree: pd.DataFrame) -> np.ndarray:
    """Node positions of each code's chain (itself, parent, ...), padded with -1: for rolling up."""
    position = {code: i for i, code in enumerate(tree.index)}
    parents = [position.get(p) if pd.notna(p) else None for p in tree["parent_id"]]
    depth = int(tree["depth"].max()) + 1 if len(tree) else 1
    chains = np.full((len(tree), depth), -1, dtype=np.int64)
    for i in range(len(tree)):
        node, level = i, 0
        while node is not None:
            chains[i, level] = node
            node, level = parents[node], level + 1
    return chains


def _attribute_table(project: Project, table: str, owner: str) -> pd.DataFrame:
    rows = project.db.execute(f"SELECT {owner}, name, value FROM {table}").fetchall()
    frame = pd.DataFrame(rows, columns=[owner, "name", "value"], dtype=object)
    if frame.empty:
        return pd.DataFrame()
    return frame.pivot(index=owner, columns="name", values="value")


def _join_attributes(frame: pd.DataFrame, attributes: pd.DataFrame) -> pd.DataFrame:
    """Attributes as extra columns; one named like a built-in column gets the suffix `_attribute`."""
    attributes = attributes.rename(columns={c: f"{c}_attribute" for c in attributes.columns if c in frame.columns})
    return frame.join(attributes)


def documents_frame(project: Project) -> pd.DataFrame:
    """Documents (without text) with their attributes as columns and the session key, by id."""
    return _while_unchanged(project, ("documents",), lambda: _documents(project))


def _documents(project: Project) -> pd.DataFrame:
    docs = pd.DataFrame(project.db.execute("SELECT id, name, kind FROM documents ORDER BY id").fetchall(),
                        columns=["id", "name", "kind"]).set_index("id")
    docs = _join_attributes(docs, _attribute_table(project, "document_attributes", "document_id"))
    own = docs["name"].where(docs["kind"].isin(SESSION_KINDS))  # a meeting without `sessie` is its own session
    docs["session"] = docs[SESSION].where(docs[SESSION].notna(), own) if SESSION in docs else own
    return docs


def cases_frame(project: Project, attributes: bool = True) -> pd.DataFrame:
    """Cases (label, document, is_data), with their attributes as columns unless attributes=False, by id.

    No identities. Codings reads case attributes one name at a time instead (tens of thousands of cases).
    """
    return _while_unchanged(project, ("cases", attributes), lambda: _cases(project, attributes))


def _cases(project: Project, attributes: bool) -> pd.DataFrame:
    cases = pd.DataFrame(project.db.execute("SELECT id, label, document_id, is_data FROM cases ORDER BY id").fetchall(),
                         columns=["id", "label", "document_id", "is_data"]).set_index("id")
    return _join_attributes(cases, _attribute_table(project, "case_attributes", "case_id")) if attributes else cases


@dataclass
class Codings:
    """Coded spans as aligned arrays, plus the small tables they point into.

    `node` is the position of the coding's code in `tree`; `valence` indexes VALENCES;
    `case` is 0 when no case speaks at the span. Case attributes are read per name, on demand.
    """

    db: Any
    tree: pd.DataFrame
    ancestors: np.ndarray
    documents: pd.DataFrame
    cases: pd.DataFrame
    node: np.ndarray
    valence: np.ndarray
    document: np.ndarray
    case: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lookups: dict[tuple[str, str], _Lookup | None] = field(default_factory=dict)  # per column, shared by every take()
    layer: Layer | None = None   # whose codings these are
    _fragments: tuple[np.ndarray, int] | None = field(default=None, repr=False)  # fragment_ids(), once per object
    _by_code: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)  # of_code(), once per object

    def __len__(self) -> int:
        return len(self.node)

    def take(self, mask: np.ndarray) -> Codings:
        return Codings(self.db, self.tree, self.ancestors, self.documents, self.cases, self.node[mask], self.valence[mask],
                       self.document[mask], self.case[mask], self.start[mask], self.end[mask], self.lookups,
                       self.layer)

    def of_code(self, node: int | Sequence[int], rollup: bool = True) -> Codings:
        """The codings of the code at tree position `node` (and of its subtree when rollup), in their order here.

        Several positions: the codings of any of those codes (a co-occurrence drill-down takes two).

        Why not a mask: a retrieval on a big project picks a few thousand codings out of a million.
        The codings' positions grouped by code are sorted once per object (the last read is reused
        while the project is unchanged), so picking costs the code's codings, not a pass over all.
        """
        if self._by_code is None:
            order = np.argsort(self.node, kind="stable")
            self._by_code = order, np.searchsorted(self.node[order], np.arange(len(self.tree) + 1))
        order, bounds = self._by_code
        wanted = np.unique(node)
        nodes = np.flatnonzero(np.isin(self.ancestors, wanted).any(axis=1)) if rollup else wanted
        picked = np.concatenate([order[bounds[n]:bounds[n + 1]] for n in nodes])
        return self.take(np.sort(picked) if len(nodes) > 1 else picked)

    def fragment_ids(self) -> tuple[np.ndarray, int]:
        """Dense ids of the distinct (document, start, end) spans, and how many there are.

        Ids are numbered in document order (document id, start, end): listing fragments needs no sort."""
        if self._fragments is None:
            self._fragments = self._distinct_spans()
        return self._fragments

    def _distinct_spans(self) -> tuple[np.ndarray, int]:
        if not len(self):
            return np.zeros(0, dtype=np.int64), 0
        documents, _ = pd.factorize(self.document, sort=True)
        span_bits = int(self.end.max()).bit_length()
        if 2 * span_bits + int(documents.max()).bit_length() <= 62:
            key = (documents.astype(np.int64) << (2 * span_bits)) | (self.start << span_bits) | self.end
            uniques, ids = np.unique(key, return_inverse=True)
            return ids, len(uniques)
        order = np.lexsort((self.end, self.start, documents))
        keys = np.stack([documents[order], self.start[order], self.end[order]])
        new = np.ones(len(order), dtype=bool)
        new[1:] = (keys[:, 1:] != keys[:, :-1]).any(axis=0)
        ids = np.empty(len(order), dtype=np.int64)
        ids[order] = np.cumsum(new) - 1
        return ids, int(new.sum())

    def _document_lookup(self, column: str) -> _Lookup:
        key = ("document", column)
        if key not in self.lookups:  # made once per read of the project, not once per use
            self.lookups[key] = _Lookup(self.documents[column])
        return self.lookups[key]

    def _case_lookup(self, name: str) -> _Lookup | None:
        key = ("case", name)
        if key not in self.lookups:  # read once per read of the project, not once per use
            values = self.cases[name] if name in self.cases.columns else self._read_case_values(name)
            self.lookups[key] = None if values is None else _Lookup(values)
        return self.lookups[key]

    def _read_case_values(self, name: str) -> pd.Series | None:
        rows = self.db.execute("SELECT case_id, value FROM case_attributes WHERE name = ? ORDER BY case_id",
                               [name]).fetchall()
        if not rows:
            return None
        return pd.Series([r[1] for r in rows], index=[r[0] for r in rows], dtype=object)

    def has_attribute(self, name: str) -> bool:
        return name in PSEUDO_ATTRIBUTES or name in self.documents.columns or self._case_lookup(name) is not None

    def attribute(self, name: str) -> pd.Categorical:
        """The value of attribute `name` for every coding (case first, then document; MISSING if none)."""
        if name in PSEUDO_ATTRIBUTES:
            column = {"kind": "kind", "document": "name", "session": "session"}[name]
            return self._document_lookup(column)(self.document)
        case_lookup = self._case_lookup(name)
        if case_lookup is None and name not in self.documents.columns:
            raise ProjectError("analysis.data.attribute_cases_documents_project", name=name)
        values = self._document_lookup(name)(self.document) if name in self.documents.columns else None
        if case_lookup is not None:
            by_case = case_lookup(self.case)
            if values is None:
                values = by_case
            else:
                categories = by_case.categories.union(values.categories)
                case_codes = categories.get_indexer(by_case.categories)[by_case.codes]
                doc_codes = categories.get_indexer(values.categories)[values.codes]
                codes = np.where(by_case.codes >= 0, case_codes, np.where(values.codes >= 0, doc_codes, -1))
                values = pd.Categorical.from_codes(codes, categories)
        if (values.codes < 0).any():
            values = values.add_categories([MISSING]).fillna(MISSING)
        return values

    def where(self, filters: Filters | None) -> Codings:
        """Only the codings whose attributes match every filter (a list of values means any of them)."""
        chosen = {name: value for name, value in (filters or {}).items() if name not in SQL_FILTERS}
        if not chosen:
            return self
        mask = np.ones(len(self), dtype=bool)
        for name, value in chosen.items():
            values = self.attribute(name)
            wanted = values.categories.get_indexer(_values(value))
            mask &= np.isin(values.codes, wanted[wanted >= 0])
        return self.take(mask)


class _Lookup:
    """column[keys] as a categorical (missing keys and values have code -1), without a hash per row.

    Made once per column and read (every take() shares it): a retrieval looks up a few attributes
    of a few thousand codings, and factorising the column each time cost more than the lookup.
    Ids are small integers, so a table indexed by id finds each key in one step; other indexes
    are binary-searched.
    """

    def __init__(self, column: pd.Series) -> None:
        codes, categories = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
        self.categories = pd.Index(categories.astype(str), dtype=object)
        self.index, self.codes = column.index.to_numpy(), codes
        self.table: np.ndarray | None = None
        index = self.index
        if len(index) and index.dtype.kind in "iu" and 0 <= index.min() and index.max() <= 4 * len(index) + 1_000_000:
            self.table = np.full(int(index.max()) + 2, -1, dtype=np.int64)
            self.table[index] = codes

    def __call__(self, keys: np.ndarray) -> pd.Categorical:
        if self.table is not None:
            return pd.Categorical.from_codes(self.table[np.clip(keys, 0, len(self.table) - 1)], self.categories)
        if not len(self.index):
            return pd.Categorical.from_codes(np.full(len(keys), -1), self.categories)
        at = np.clip(np.searchsorted(self.index, keys), 0, len(self.index) - 1)
        return pd.Categorical.from_codes(np.where(self.index[at] == keys, self.codes[at], -1), self.categories)


def _parse(text: str | None) -> np.ndarray:
    return np.fromstring(text, sep=",", dtype=np.int64) if text else np.zeros(0, dtype=np.int64)


def _non_data_mask(project: Project, codings: Codings) -> np.ndarray:
    """True for codings in facilitator talk: a non-data case, or a start inside a non-data turn/answer
    without a data speaker."""
    excluded = codings.cases.index[codings.cases["is_data"] == 0].to_numpy()
    mask = np.isin(codings.case, excluded) if len(excluded) else np.zeros(len(codings), dtype=bool)
    speaking = np.isin(codings.case, codings.cases.index[codings.cases["is_data"] == 1].to_numpy())
    units = project.db.execute("""SELECT document_id, start, end FROM units
                                  WHERE is_data = 0 AND kind IN ('turn', 'answer')
                                  ORDER BY document_id, start""").fetchall()
    if units:
        spans = pd.DataFrame(units, columns=["document", "start", "end"])
        for document, group in spans.groupby("document"):
            rows = np.flatnonzero(codings.document == document)
            at = np.searchsorted(group["start"].to_numpy(), codings.start[rows], side="right") - 1
            inside = (at >= 0) & (codings.start[rows] < group["end"].to_numpy()[np.maximum(at, 0)])
            mask[rows[inside & ~speaking[rows]]] = True
    return mask


PARALLEL_FROM = 200_000  # codings from which the read is split over the machine's cores
_GROUPS_SQL = """SELECT code_id, valence, count(*), group_concat(document_id * 4294967296 + ifnull(case_id, 0)),
                        group_concat(start * 4294967296 + end)
                 FROM codings WHERE {where} GROUP BY code_id, valence"""


def _query_groups(conn: sqlite3.Connection, where: list[str], params: list[Any]) -> list[tuple]:
    return conn.execute(_GROUPS_SQL.format(where=" AND ".join(where)), params).fetchall()


def _query_part(path: Path, where: list[str], params: list[Any]) -> list[tuple]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return _query_groups(conn, where, params)
    finally:
        conn.close()


def _groups(project: Project, tree: pd.DataFrame, where: list[str], params: list[Any]) -> list[tuple]:
    """One row per (code, valence) with its codings packed as text; see _read.

    Why the split: on a big project the GROUP BY scan is most of a cold analysis, and SQLite runs
    one query on one core. Disjoint code ranges are read on their own read-only connections in
    threads (sqlite3 lets go of the GIL while it steps). Should another connection commit during
    the read, the parts could come from different moments, so the read is then done again as one query.
    """
    workers = min(os.cpu_count() or 1, 4)
    biggest = project.db.execute("SELECT max(id) FROM codings").fetchone()[0] or 0
    codes = sorted(int(code) for code in tree.index)
    if workers < 2 or biggest < PARALLEL_FROM or len(codes) < workers or not project.path.is_file():
        return _query_groups(project.db, where, params)
    bounds = [codes[len(codes) * i // workers] for i in range(workers)] + [codes[-1] + 1]
    before = _state(project)
    with ThreadPoolExecutor(workers) as pool:
        parts = pool.map(lambda i: _query_part(project.path, [*where, "code_id >= ? AND code_id < ?"],
                                               [*params, bounds[i], bounds[i + 1]]), range(workers))
        rows = [row for part in parts for row in part]
    return rows if _state(project) == before else _query_groups(project.db, where, params)


def _read(project: Project, codebook: str | None, layer: Layer, valence: list[str] | None) -> Codings:
    """The data codings of a layer as arrays: one GROUP BY over the covering index `codings_analysis`."""
    tree = code_tree(project, codebook)
    condition, params = layer.where()
    where = [condition]
    if codebook is not None:
        where.append("code_id IN (SELECT id FROM codes WHERE codebook_id = ?)")
        params.append(codebook)
    if valence is not None:
        where.append(f"valence IN ({', '.join('?' for _ in valence)})")
        params.extend(valence)
    # two numbers per coding (document << 32 | case, start << 32 | end): ids and offsets stay far below 2**31
    position = {code: i for i, code in enumerate(tree.index)}
    rows = [row for row in _groups(project, tree, where, params) if row[0] in position]
    counts = np.array([row[2] for row in rows], dtype=np.int64)
    owners, spans = (_parse(",".join(row[i] for row in rows)) for i in (3, 4))
    codings = Codings(
        db=project.db, tree=tree, ancestors=_ancestors(tree), documents=documents_frame(project),
        cases=cases_frame(project, attributes=False),
        node=np.repeat(np.array([position[row[0]] for row in rows], dtype=np.int64), counts),
        valence=np.repeat(np.array([VALENCES.index(row[1]) for row in rows], dtype=np.int8), counts),
        document=owners >> 32, case=owners & 0xFFFFFFFF, start=spans >> 32, end=spans & 0xFFFFFFFF, layer=layer)
    excluded = _non_data_mask(project, codings)
    return codings.take(~excluded) if excluded.any() else codings


# Reads per open project, reused while the file is unchanged: a page that shows a table, a chart and
# a drill-down reads the codings once, a findings draft that counts sterktes and groeikansen per theme
# and group reads each once. Unchanged = same `PRAGMA data_version` (moves when another connection
# commits) and same `total_changes` (moves with every change made here).
_READS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_KEPT_READS = 8


def _state(project: Project) -> tuple[int, int]:
    return project.conn.execute("PRAGMA data_version").fetchone()[0], project.conn.total_changes


def _while_unchanged(project: Project, key: tuple, build: Callable[[], Any]) -> Any:
    """What `build` read for `key`, read again only once the project changed (the oldest of more
    than _KEPT_READS is let go). A DataFrame comes as a copy: what a caller changes stays its own."""
    kept = _READS.setdefault(project, {})
    state = _state(project)
    if key not in kept or kept[key][0] != state:
        if len(kept) >= _KEPT_READS:
            kept.pop(next(iter(kept)))
        kept[key] = (state, build())
    value = kept[key][1]
    return value.copy() if isinstance(value, pd.DataFrame) else value


def check(filters: Filters) -> None:
    """A clear error for a valence or source kind that does not exist (it would silently match nothing)."""
    unknown = [v for v in _values(filters["valence"]) if v not in VALENCES] if "valence" in filters else []
    if unknown:
        raise ProjectError("analysis.data.valence_must_one", valences=', '.join(VALENCES),
                           unknown=unknown[0])
    bad = [k for k in _values(filters["kind"]) if k not in KINDS] if "kind" in filters else []
    if bad:
        raise ProjectError("analysis.data.kind_must_one", kinds=', '.join(KINDS), bad=bad[0])


def layer_of(project: Project, filters: Filters | None = None) -> Layer:
    """The coder layer these filters choose (see the module rules): what a table or chart states."""
    filters = filters or {}
    if "coder" in filters:
        coders = tuple(dict.fromkeys(_values(filters["coder"])))
        return Layer("coder" if len(coders) == 1 else "team", coders)
    value = filters.get("layer")
    return find_layer(project.db, ",".join(_values(value)) if value not in (None, "", []) else None)


def load(project: Project, codebook: str | None = None, filters: Filters | None = None) -> Codings:
    """The data codings of a codebook (or all codebooks) in one coder layer, filtered; see the module rules."""
    filters = dict(filters or {})
    check(filters)
    layer = layer_of(project, filters)
    valence = _values(filters["valence"]) if "valence" in filters else None
    condition, params = layer.where()
    key = ("codings", codebook, condition, tuple(params), None if valence is None else tuple(valence))
    return _while_unchanged(project, key, lambda: _read(project, codebook, layer, valence)).where(filters)


def forget(project: Project) -> None:
    """Drop the remembered reads (benchmarks use it to time a cold start)."""
    _READS.pop(project, None)

"""Drill-down: the fragments behind any cell of a table or chart.

Rows carry the attribution a report may print (case label, role, sector, support model), never
a sealed identity, and never facilitator talk (see coding.analysis.data).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..model import ROLE, SECTOR, SUPPORT_MODEL, VALENCES
from ..store import Project, ProjectError
from .data import MISSING, Codings, Filters, _state, load

ATTRIBUTION = (ROLE, SECTOR, SUPPORT_MODEL)


# Document texts read for drill-downs, kept while the project file is unchanged (as data.load does):
# a page rerun on a large project otherwise reads every document's text again.
_TEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _texts(project: Project) -> dict[int, str]:
    state = _state(project)
    cached = _TEXTS.get(project)
    if cached is None or cached[0] != state:
        cached = (state, {})
        _TEXTS[project] = cached
    return cached[1]


def describe(project: Project, codings: Codings) -> pd.DataFrame:
    """One row per entry of `codings`: document, offsets, text, case label and attribution."""
    texts = _texts(project)
    for document in np.unique(codings.document):
        if int(document) not in texts:
            texts[int(document)] = project.db.execute("SELECT text FROM documents WHERE id = ?",
                                                      [int(document)]).fetchone()[0]
    docs = codings.documents
    has_case = np.isin(codings.case, codings.cases.index)
    rows = pd.DataFrame({
        "document_id": codings.document,
        "document": docs["name"].reindex(codings.document).to_numpy(),
        "kind": docs["kind"].reindex(codings.document).to_numpy(),
        "start": codings.start,
        "end": codings.end,
        "text": [texts[int(d)][s:e] for d, s, e in zip(codings.document, codings.start, codings.end)],
        "case_id": pd.array(np.where(has_case, codings.case, 0), dtype="Int64"),
        "case": codings.cases["label"].reindex(codings.case).to_numpy(),
    })
    rows.loc[~has_case, "case_id"] = pd.NA
    for name in ATTRIBUTION:
        values = np.asarray(codings.attribute(name), dtype=object) if codings.has_attribute(name) else \
            np.full(len(codings), None, dtype=object)
        rows[name] = np.where(values == MISSING, None, values)
    return rows


def _pairs(attributes: Mapping[str, Any] | Iterable[tuple[str, Any]] | None) -> list[tuple[str, Any]]:
    if attributes is None:
        return []
    return list(attributes.items()) if isinstance(attributes, Mapping) else list(attributes)


# The valences of a fragment as text, by the bit set of the valence indexes it carries.
_VALENCE_SETS = np.array([", ".join(v for i, v in enumerate(VALENCES) if mask >> i & 1)
                          for mask in range(1 << len(VALENCES))], dtype=object)


def _summary(ids: np.ndarray, codes: np.ndarray, valences: np.ndarray) -> pd.DataFrame:
    """Per fragment (sorted by id): the codes applied (first-seen order), its valences and how many codings.

    Vectorised: a Python call per fragment was most of the time of a retrieval on a large project."""
    order = np.lexsort((np.arange(len(ids)), ids))
    sorted_ids = ids[order]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]]) if len(ids) else np.array([], int)
    sizes = np.diff(np.r_[starts, len(ids)])
    in_order = codes[order]
    labels = in_order[starts].astype(object)
    for k in np.flatnonzero(sizes > 1):
        labels[k] = ", ".join(dict.fromkeys(in_order[starts[k]:starts[k] + sizes[k]]))
    masks = np.bitwise_or.reduceat(np.left_shift(1, valences[order].astype(np.int64)), starts) if len(ids) else \
        np.array([], dtype=np.int64)
    return pd.DataFrame({"codes": labels, "valences": _VALENCE_SETS[masks], "codings": sizes})


def fragments(project: Project, code_id: int | None = None, codebook: str | None = None,
              filters: Filters | None = None, valence: str | None = None,
              attributes: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
              rollup: bool = True) -> pd.DataFrame:
    """The distinct fragments behind a cell, in document order.

    code_id: the code (with its subtree unless rollup=False); valence: sterkte/groeikans/neutraal;
    attributes: (name, value) pairs or a dict, e.g. {"sector": "GeO"} for one column of a matrix
    (same lookup as the tables: case first, then document). Columns: document_id, document, kind,
    start, end, text, case_id, case, rol, sector, ondersteuningsmodel, codes (keys applied, within
    the subtree), valences, codings (how many codings the fragment carries).
    """
    if valence is not None and valence not in VALENCES:
        raise ProjectError(f"valence must be one of {', '.join(VALENCES)}, not {valence!r}")
    chosen = dict(filters or {})
    if valence is not None:
        chosen["valence"] = valence
    for name, value in _pairs(attributes):
        chosen[name] = value
    # The code first (a cheap mask), then the attribute filters over its few codings, not over all.
    early = {k: v for k, v in chosen.items() if k in ("coder", "valence", "kind")}
    codings = load(project, codebook, early)
    if code_id is not None:
        if code_id not in codings.tree.index:
            raise ProjectError(f"code {code_id} is not in {'codebook ' + codebook if codebook else 'this project'}")
        node = codings.tree.index.get_loc(code_id)
        chains = codings.ancestors[codings.node] if rollup else codings.node[:, None]
        codings = codings.take((chains == node).any(axis=1))
    codings = codings.where({k: v for k, v in chosen.items() if k not in early})
    ids, _ = codings.fragment_ids()
    summary = _summary(ids, codings.tree["key"].to_numpy()[codings.node], np.asarray(codings.valence))
    _, first = np.unique(ids, return_index=True)
    rows = describe(project, codings.take(first))
    rows = pd.concat([rows, summary], axis=1)
    return rows.sort_values(["document_id", "start", "end"]).reset_index(drop=True)

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
from pandas.api.extensions import take

from coding.store.model import ROLE, SECTOR, SUPPORT_MODEL, VALENCES
from coding.store.project import Project, ProjectError
from coding.analysis.data import MISSING, SQL_FILTERS, Codings, Filters, _state, check, load

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


def document_texts(project: Project, ids: Iterable[int]) -> dict[int, str]:
    """The texts of these documents by id (with those read before while the project file is unchanged)."""
    texts = _texts(project)
    for missing in set(ids).difference(texts):
        texts[missing] = project.db.execute("SELECT text FROM documents WHERE id = ?", [missing]).fetchone()[0]
    return texts


def _pick(values: Any, at: np.ndarray) -> Any:
    """values[at], missing where at < 0: a string column stays one (no round trip through Python
    objects); when nothing is found, the object column of NaN a reindex gave."""
    if not (at >= 0).any():
        return np.full(len(at), np.nan, dtype=object)
    return take(values, at, allow_fill=True)


def _attribution_column(codings: Codings, name: str) -> Any:
    """The attribute for every coding as text, None (NaN in a string column) where it is missing."""
    if not codings.has_attribute(name):
        return np.full(len(codings), None, dtype=object)
    values = codings.attribute(name)
    codes = values.codes
    if MISSING in values.categories:
        codes = np.where(codes == values.categories.get_loc(MISSING), -1, codes)
    if not (codes >= 0).any():
        return np.full(len(codings), None, dtype=object)
    return take(pd.array(values.categories, dtype="str"), codes, allow_fill=True)


def _columns(project: Project, codings: Codings) -> dict[str, Any]:
    """The columns of describe(), built from arrays (lookups by position, text sliced from plain ints):
    at a few thousand rows a retrieval spent most of its time turning values into Python objects and back."""
    document, start, end = codings.document.tolist(), codings.start.tolist(), codings.end.tolist()
    texts = document_texts(project, document)
    docs, cases = codings.documents, codings.cases
    doc_at = docs.index.get_indexer(codings.document)
    case_at = cases.index.get_indexer(codings.case)
    has_case = case_at >= 0
    return {
        "document_id": codings.document,
        "document": _pick(docs["name"].array, doc_at),
        "kind": _pick(docs["kind"].array, doc_at),
        "start": codings.start,
        "end": codings.end,
        "text": [texts[d][s:e] for d, s, e in zip(document, start, end)],
        "case_id": pd.arrays.IntegerArray(np.where(has_case, codings.case, 0), ~has_case),
        "case": _pick(cases["label"].array, case_at),
        **{name: _attribution_column(codings, name) for name in ATTRIBUTION},
    }


def describe(project: Project, codings: Codings) -> pd.DataFrame:
    """One row per entry of `codings`: document, offsets, text, case label and attribution."""
    return pd.DataFrame(_columns(project, codings))


def _pairs(attributes: Mapping[str, Any] | Iterable[tuple[str, Any]] | None) -> list[tuple[str, Any]]:
    if attributes is None:
        return []
    return list(attributes.items()) if isinstance(attributes, Mapping) else list(attributes)


# The valences of a fragment as text, by the bit set of the valence indexes it carries.
_VALENCE_SETS = np.array([", ".join(v for i, v in enumerate(VALENCES) if mask >> i & 1)
                          for mask in range(1 << len(VALENCES))], dtype=object)


def _summary(ids: np.ndarray, codes: np.ndarray, valences: np.ndarray) -> tuple[dict[str, Any], np.ndarray]:
    """Per fragment (sorted by id): the codes applied (first-seen order), its valences and how many
    codings; and the position of each fragment's first coding.

    Vectorised: a Python call per fragment was most of the time of a retrieval on a large project."""
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]]) if len(ids) else np.array([], int)
    sizes = np.diff(np.r_[starts, len(ids)])
    in_order = codes[order]
    labels = in_order[starts].astype(object)
    for k in np.flatnonzero(sizes > 1):
        labels[k] = ", ".join(dict.fromkeys(in_order[starts[k]:starts[k] + sizes[k]]))
    masks = np.bitwise_or.reduceat(np.left_shift(1, valences[order].astype(np.int64)), starts) if len(ids) else \
        np.array([], dtype=np.int64)
    return {"codes": labels, "valences": _VALENCE_SETS[masks], "codings": sizes}, order[starts]


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
        raise ProjectError("analysis.fragments.valence_must_one", valences=', '.join(VALENCES),
                           valence=valence)
    chosen = dict(filters or {})
    if valence is not None:
        chosen["valence"] = valence
    for name, value in _pairs(attributes):
        chosen[name] = value
    check(chosen)
    codings = load(project, codebook, {k: v for k, v in chosen.items() if k in SQL_FILTERS})
    if code_id is not None:
        if code_id not in codings.tree.index:
            raise ProjectError("analysis.fragments.code", code_id=code_id,
                               value='codebook ' + codebook if codebook else 'this project')
        codings = codings.of_code(codings.tree.index.get_loc(code_id), rollup)
    codings = codings.where(chosen)  # the code first, then the other filters over its few codings, not over all
    ids, _ = codings.fragment_ids()  # numbered in document order, so the fragments need no sort
    summary, first = _summary(ids, codings.tree["key"].to_numpy()[codings.node], np.asarray(codings.valence))
    return pd.DataFrame({**_columns(project, codings.take(first)), **summary})

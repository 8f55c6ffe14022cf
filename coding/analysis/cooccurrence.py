"""Which codes are applied together: overlapping spans in the same document.

Rule: two codings co-occur when they are in the same document and their spans overlap
(start_a < end_b and start_b < end_a). Overlap rather than a shared unit (sentence, turn) so the
count does not depend on how an importer segmented a document, and a fragment coded with two
codes (the usual case) counts once. Codings of the same code on the same span (two coders) count
once; a code never co-occurs with itself. Codes as applied (no rolling up: a parent would
trivially co-occur with its children). count(A, B) = number of overlapping (A-fragment,
B-fragment) pairs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coding.store.project import Project, ProjectError
from coding.analysis.data import SQL_FILTERS, Codings, Filters, check, load
from coding.analysis.fragments import describe

_SHIFT = np.int64(1) << 32  # offsets stay below 2**31


def _items(codings: Codings) -> Codings:
    """One entry per distinct (span, code), sorted by document, start and end.

    Fragment ids are numbered in document order, so sorting by (fragment, code) is that order."""
    ids, _ = codings.fragment_ids()
    key = ids * len(codings.tree) + codings.node
    _, first = np.unique(key, return_index=True)
    return codings.take(first)


def _pairs(items: Codings) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j) of overlapping items with different codes (each pair once)."""
    position = items.document * _SHIFT + items.start
    upto = np.searchsorted(position, items.document * _SHIFT + items.end, side="left")
    n = np.maximum(upto - np.arange(len(items)) - 1, 0)
    first = np.repeat(np.arange(len(items)), n)
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    second = first + 1 + offsets
    keep = items.node[first] != items.node[second]
    return first[keep], second[keep]


def cooccurrence(project: Project, codebook: str | None = None, filters: Filters | None = None) -> pd.DataFrame:
    """Code pairs that co-occur, most frequent first: code_a, code_b (ids, keys, labels), count."""
    items = _items(load(project, codebook, filters))
    first, second = _pairs(items)
    a, b = items.node[first], items.node[second]
    low, high = np.minimum(a, b), np.maximum(a, b)
    n_nodes = len(items.tree)
    counted = np.bincount(low * n_nodes + high, minlength=n_nodes * n_nodes)
    cells = np.flatnonzero(counted)
    info = items.tree.reset_index()
    result = pd.DataFrame({"count": counted[cells]})
    for side, nodes in (("a", cells // n_nodes), ("b", cells % n_nodes)):
        for column in ("code_id", "key", "label", "order"):
            result[f"{column}_{side}"] = info[column].to_numpy()[nodes]
    result = result.sort_values(["count", "order_a", "order_b"], ascending=[False, True, True])
    columns = ["code_id_a", "key_a", "label_a", "code_id_b", "key_b", "label_b", "count", "order_a", "order_b"]
    return result[columns].reset_index(drop=True)


def symmetric(pairs: pd.DataFrame) -> pd.DataFrame:
    """Both orientations of every pair: the data of a square heatmap."""
    swapped = pairs.rename(columns=lambda c: c[:-1] + ("b" if c.endswith("a") else "a") if c[-2:] in ("_a", "_b")
                           else c)
    return pd.concat([pairs, swapped[pairs.columns]], ignore_index=True)


def pair_fragments(project: Project, code_a: int, code_b: int, codebook: str | None = None,
                   filters: Filters | None = None) -> pd.DataFrame:
    """The overlapping fragments behind one cell: one row per pair, text of the span they cover together."""
    chosen = dict(filters or {})
    check(chosen)
    codings = load(project, codebook, {k: v for k, v in chosen.items() if k in SQL_FILTERS})
    wanted = codings.tree.index.get_indexer([code_a, code_b])
    # the two codes' codings by the read's index, then the other filters over those few, not over all
    # (an unknown filter attribute is reported before an unknown code, as when filters came first)
    codings = (codings.take(slice(0, 0)) if (wanted < 0).any() else codings.of_code(wanted, rollup=False))
    codings = codings.where(chosen)
    for code in (code_a, code_b):
        if code not in codings.tree.index:
            raise ProjectError("analysis.cooccurrence.code", code=code,
                               value='codebook ' + codebook if codebook else 'this project')
    items = _items(codings)
    first, second = _pairs(items)
    a_first = items.node[first] == wanted[0]
    left = np.where(a_first, first, second)
    right = np.where(a_first, second, first)
    covering = items.take(left)
    covering.start = np.minimum(items.start[left], items.start[right])
    covering.end = np.maximum(items.end[left], items.end[right])
    rows = describe(project, covering)
    rows.insert(rows.columns.get_loc("start"), "start_a", items.start[left])
    rows.insert(rows.columns.get_loc("start"), "end_a", items.end[left])
    rows.insert(rows.columns.get_loc("start"), "start_b", items.start[right])
    rows.insert(rows.columns.get_loc("start"), "end_b", items.end[right])
    return rows

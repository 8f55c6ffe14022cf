"""Retrieval for the app: the fragments of a code with their context and attribution, and
lemma-aware text search, under one set of filters.

Fragments come from `coding.analysis.fragments` (so the app and the report tables agree on what
a fragment is and how attributes are looked up: case first, then document; facilitator talk
left out). This module adds what reading needs: the words around a fragment from the turn,
answer or paragraph it sits in, and the attribution a quote may carry (role, sector, support
model; never a name or a sealed identity).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from coding.analysis.fragments import document_texts, fragments
from coding.codings.attributes import stored_value
from coding.codings.search import ATTRIBUTION, attribution, search
from coding.store.project import Project
from coding.team.layers import POOLED

CONTEXT = 160  # code points shown on each side of a fragment
FRAGMENT_COLUMNS = ["document_id", "document", "kind", "start", "end", "text", "before", "after", "attribution",
                    "codes", "valences", "codings"]


def attribute_options(db: Any, limit: int = 40) -> dict[str, list[str]]:
    """Attribute names (case and document) with their values, for filter menus; names with more
    than `limit` distinct values (free text, dates) are left out."""
    rows = db.execute(
        """SELECT name, value FROM case_attributes WHERE value IS NOT NULL
           UNION SELECT name, value FROM document_attributes WHERE value IS NOT NULL
           ORDER BY name, value""").fetchall()
    options: dict[str, list[str]] = {}
    for name, value in rows:
        options.setdefault(name, []).append(value)
    return {name: values for name, values in options.items() if len(values) <= limit}


def _filters(attributes: dict[str, Sequence[str]] | None, valences: Sequence[str] | None,
             coders: Sequence[str] | None, kinds: Sequence[str] | None) -> dict[str, Any]:
    chosen: dict[str, Any] = {name: list(values) for name, values in (attributes or {}).items() if values}
    if valences:
        chosen["valence"] = list(valences)
    if coders is not None:
        chosen["coder"] = list(coders)
    else:  # retrieval is for the coding work: every coder's fragments, the pooled layer, not a report's default
        chosen["layer"] = POOLED
    if kinds:
        chosen["kind"] = list(kinds)
    return chosen


_CELLS = 1 << 21  # unit x fragment comparisons made at once when finding the units that hold fragments


def _holders(units: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each start, the row of `units` ((start, end) in index order: kind, start, id) of the
    shortest unit holding it, -1 if none. Ties go to the first in index order, as SQLite's
    `ORDER BY end - start LIMIT 1` over that index does (the query this replaces, once per fragment)."""
    found = np.full(len(starts), -1, dtype=np.int64)
    if not len(units):
        return found
    rank = np.lexsort((np.arange(len(units)), units[:, 1] - units[:, 0]))  # shortest first, then index order
    unit_start, unit_end = units[rank, 0], units[rank, 1]
    step = max(1, _CELLS // len(units))
    for lo in range(0, len(starts), step):
        start = starts[lo:lo + step, None]
        inside = (unit_start <= start) & (start < unit_end)
        first = inside.argmax(axis=1)
        found[lo:lo + step] = np.where(inside[np.arange(len(start)), first], rank[first], -1)
    return found


def _contexts(db: Any, rows: pd.DataFrame, texts: dict[int, str], width: int) -> tuple[list[str], list[str]]:
    """The words before and after each fragment inside the turn, answer or paragraph that holds its
    start (the shortest such unit), else `width` characters; at most `width` on either side.

    One read of the units of the documents involved, not a query per fragment: a query scans
    every unit of its document, which on a long report or a large mailbox made the Fragments page slow."""
    documents = rows["document_id"].to_numpy()
    units = pd.DataFrame(db.execute(
        """SELECT document_id, start, end FROM units WHERE kind != 'sentence'
           AND document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, kind, start, id""",
        [json.dumps(np.unique(documents).tolist())]).fetchall(), columns=["document", "start", "end"])
    spans = np.full((len(rows), 2), -1, dtype=np.int64)
    for document, group in units.groupby("document", sort=False):
        at = np.flatnonzero(documents == document)
        extents = group[["start", "end"]].to_numpy(dtype=np.int64)
        held = _holders(extents, rows["start"].to_numpy()[at])
        spans[at[held >= 0]] = extents[held[held >= 0]]
    before, after = [], []
    for document, start, end, (unit_start, unit_end) in zip(documents.tolist(), rows["start"].tolist(),
                                                             rows["end"].tolist(), spans.tolist()):
        lo, hi = (unit_start, max(unit_end, end)) if unit_start >= 0 else (max(0, start - width), end + width)
        lo, hi = max(lo, start - width), min(hi, end + width)
        text = texts[document]
        before.append(text[lo:start])
        after.append(text[end:hi])
    return before, after


def _attributions(db: Any, cases: pd.Series) -> list[str | None]:
    """How each row's case is attributed (None without a case): one query for the cases involved."""
    ids = sorted({int(case) for case in cases.dropna()})
    found: dict[int, dict[str, Any]] = {case: {} for case in ids}
    names = ", ".join("?" for _ in ATTRIBUTION)
    for case, name, value, kind in db.execute(
            f"""SELECT case_id, name, value, type FROM case_attributes
                WHERE case_id IN (SELECT value FROM json_each(?)) AND name IN ({names})""",
            [json.dumps(ids), *ATTRIBUTION]):
        value = stored_value(value, kind)
        if value not in (None, ""):
            found[case][name] = value
    labels = {case: attribution(attributes) for case, attributes in found.items()}
    return [None if pd.isna(case) else labels[int(case)] for case in cases]


def code_fragments(project: Project, code_id: int | None = None, descendants: bool = True,
                   attributes: dict[str, Sequence[str]] | None = None, valences: Sequence[str] | None = None,
                   coders: Sequence[str] | None = None, kinds: Sequence[str] | None = None,
                   width: int = CONTEXT) -> pd.DataFrame:
    """The fragments of a code (all codes when None), in document order, with context and attribution.

    attributes: {name: [values]} matched on the speaking case, else the document (e.g. {"sector": ["BuO"]});
    valences, coders, kinds: keep only codings with one of these (coders=None means every coder: the
    pooled layer, see coding.team.layers).
    """
    rows = fragments(project, code_id=code_id, filters=_filters(attributes, valences, coders, kinds),
                     rollup=descendants)
    if rows.empty:
        return pd.DataFrame(columns=FRAGMENT_COLUMNS)
    db = project.db.conn
    texts = document_texts(project, rows["document_id"].tolist())
    rows["before"], rows["after"] = _contexts(db, rows, texts, width)
    rows["attribution"] = _attributions(db, rows["case_id"])
    return rows[FRAGMENT_COLUMNS]


def text_search(project: Project, query: str, attributes: dict[str, Sequence[str]] | None = None,
                kinds: Sequence[str] | None = None, valences: Sequence[str] | None = None,
                coders: Sequence[str] | None = None, limit: int = 200) -> pd.DataFrame:
    """Sentences matching `query` by lemma (coding.codings.search), under the filters of code_fragments:
    attributes (case or document) and kinds; valences and coders keep sentences that overlap a
    coding with one of those valences by one of those coders (coders=None: any coder)."""
    filters: dict[str, Any] = {}
    chosen = {name: list(values) for name, values in (attributes or {}).items() if values}
    if chosen:
        filters["attributes"] = chosen
    if kinds:
        filters["kind"] = list(kinds)
    if valences:
        filters["valence"] = list(valences)
    if coders is not None:
        filters["coder"] = list(coders)
    hits = search(project, query, filters, limit=limit)
    columns = ["document_id", "document", "kind", "start", "end", "sentence", "context", "attribution"]
    return pd.DataFrame([{c: h[c] for c in columns} for h in hits], columns=columns)

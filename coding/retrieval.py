"""Retrieval for the app: the fragments of a code with their context and attribution, and
lemma-aware text search, under one set of filters.

Fragments come from `coding.analysis.fragments` (so the app and the report tables agree on what
a fragment is and how attributes are looked up: case first, then document; facilitator talk
left out). This module adds what reading needs: the words around a fragment from the turn,
answer or paragraph it sits in, and the attribution a quote may carry (role, sector, support
model; never a name or a sealed identity).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from .analysis.fragments import fragments
from .attributes import case_attributes
from .search import ATTRIBUTION, attribution, search
from .store import Project

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
    if kinds:
        chosen["kind"] = list(kinds)
    return chosen


def _context(db: Any, text: str, document_id: int, start: int, end: int, width: int) -> tuple[str, str]:
    """The words before and after [start, end) inside the unit that holds the start."""
    unit = db.execute(
        """SELECT start, end FROM units WHERE document_id = ? AND kind != 'sentence' AND start <= ? AND ? < end
           ORDER BY end - start LIMIT 1""", [document_id, start, start]).fetchone()
    lo, hi = (unit[0], max(unit[1], end)) if unit else (max(0, start - width), end + width)
    lo, hi = max(lo, start - width), min(hi, end + width)
    return text[lo:start], text[end:hi]


def _attribution(db: Any, case_id: Any) -> str | None:
    if pd.isna(case_id):
        return None
    attributes = case_attributes(db, int(case_id))
    return attribution({k: attributes[k] for k in ATTRIBUTION if attributes.get(k) not in (None, "")})


def code_fragments(project: Project, code_id: int | None = None, descendants: bool = True,
                   attributes: dict[str, Sequence[str]] | None = None, valences: Sequence[str] | None = None,
                   coders: Sequence[str] | None = None, kinds: Sequence[str] | None = None,
                   width: int = CONTEXT) -> pd.DataFrame:
    """The fragments of a code (all codes when None), in document order, with context and attribution.

    attributes: {name: [values]} matched on the speaking case, else the document (e.g. {"sector": ["BuO"]});
    valences, coders, kinds: keep only codings with one of these (coders=None means every coder).
    """
    rows = fragments(project, code_id=code_id, filters=_filters(attributes, valences, coders, kinds),
                     rollup=descendants)
    if rows.empty:
        return pd.DataFrame(columns=FRAGMENT_COLUMNS)
    db = project.db.conn
    texts = {int(d): db.execute("SELECT text FROM documents WHERE id = ?", [int(d)]).fetchone()[0]
             for d in rows["document_id"].unique()}
    contexts = [_context(db, texts[int(d)], int(d), int(s), int(e), width)
                for d, s, e in zip(rows["document_id"], rows["start"], rows["end"])]
    rows["before"] = [c[0] for c in contexts]
    rows["after"] = [c[1] for c in contexts]
    rows["attribution"] = [_attribution(db, case) for case in rows["case_id"]]
    return rows[FRAGMENT_COLUMNS]


def text_search(project: Project, query: str, attributes: dict[str, Sequence[str]] | None = None,
                kinds: Sequence[str] | None = None, valences: Sequence[str] | None = None,
                coders: Sequence[str] | None = None, limit: int = 200) -> pd.DataFrame:
    """Sentences matching `query` by lemma (coding.search), under the filters of code_fragments:
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

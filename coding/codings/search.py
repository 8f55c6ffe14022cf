"""Lemma-aware full-text search over the sentences of a project.

The query is lemmatised with the same pipeline as the import (coding.text.nlp), so "ondersteunde
leerkrachten" finds "de leerkracht ondersteunt". The FTS5 query is built from those lemmas, each
quoted as a plain term: no user text ever reaches FTS5 syntax. All terms must occur in the
sentence; a word ending in `*` matches as a prefix ("ondersteun*"). Results carry the sentence,
its context (the paragraph, turn or answer around it) and the speaker's attribution attributes;
sealed identities are never read. The filters are those of code retrieval: source kind, document
and case attributes, and valence and coder, which keep sentences that overlap a coding with one of
those valences by one of those coders.
"""

from __future__ import annotations

import re
from typing import Any

from coding.text import nlp
from coding.codings.attributes import case_attributes
from coding.store.model import FUNCTION, ROLE, SECTOR, SUPPORT_MODEL, VALENCES
from coding.store.project import Project, ProjectError

ATTRIBUTION = (ROLE, FUNCTION, SECTOR, SUPPORT_MODEL)
"""The only case attributes a quote is attributed by (brief section 4): function, never a name."""


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts_query(query: str) -> str:
    """A safe FTS5 expression for a user's query (see module doc)."""
    words = query.split()
    prefixes = [re.sub(r"\W+", "", w[:-1].lower()) for w in words if w.endswith("*")]
    terms = [_quote(t) for t in nlp.lemmas(" ".join(w for w in words if not w.endswith("*")))]
    terms += [_quote(p) + "*" for p in prefixes if p]
    if not terms:
        raise ProjectError("codings.search.query_words_search")
    return " ".join(terms)


def _values(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple, set)) else [str(value)]


def _filter_sql(filters: dict[str, Any]) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    unknown = set(filters) - {"kind", "document_attributes", "case_attributes", "attributes", "valence", "coder"}
    if unknown:
        raise ProjectError("codings.search.unknown_search_filter", unknown=sorted(unknown)[0])
    if filters.get("kind"):
        kinds = _values(filters["kind"])
        where.append(f"d.kind IN ({', '.join('?' * len(kinds))})")
        params += kinds
    coded = _coded_sql(filters)
    if coded:
        where.append(coded[0])
        params += coded[1]
    document = "EXISTS (SELECT 1 FROM document_attributes a WHERE a.document_id = u.document_id " \
               "AND a.name = ? AND a.value IN ({}))"
    case = "EXISTS (SELECT 1 FROM case_attributes a WHERE a.case_id = u.case_id AND a.name = ? AND a.value IN ({}))"
    for key, templates in (("document_attributes", [document]), ("case_attributes", [case]),
                           ("attributes", [document, case])):
        for name, value in (filters.get(key) or {}).items():
            values = _values(value)
            marks = ", ".join("?" * len(values))
            where.append("(" + " OR ".join(t.format(marks) for t in templates) + ")")
            params += [name, *values] * len(templates)
    return where, params


def _coded_sql(filters: dict[str, Any]) -> tuple[str, list[Any]] | None:
    """The valence and coder filters: the sentence overlaps one coding that has one of the
    valences and is by one of the coders (an empty coder list keeps nothing)."""
    valences = _values(filters["valence"]) if filters.get("valence") else []
    bad = [v for v in valences if v not in VALENCES]
    if bad:
        raise ProjectError("codings.search.valence_must_one", valences=', '.join(VALENCES), bad=bad[0])
    coders = _values(filters["coder"]) if filters.get("coder") is not None else None
    if not valences and coders is None:
        return None
    conditions = ["g.document_id = u.document_id", "g.start < u.end", "u.start < g.end"]
    params: list[Any] = []
    if valences:
        conditions.append(f"g.valence IN ({', '.join('?' * len(valences))})")
        params += valences
    if coders is not None:
        conditions.append(f"g.coder IN ({', '.join('?' * len(coders))})" if coders else "0")
        params += coders
    return f"EXISTS (SELECT 1 FROM codings g WHERE {' AND '.join(conditions)})", params


def attribution(attributes: dict[str, Any]) -> str:
    """How a quote is attributed: role (or function), then sector and support model in brackets."""
    details = [str(attributes[k]) for k in (SECTOR, SUPPORT_MODEL) if attributes.get(k)]
    role = str(attributes.get(ROLE) or attributes.get(FUNCTION) or "respondent")
    return f"{role} ({', '.join(details)})" if details else role


def search(project: Project, query: str, filters: dict[str, Any] | None = None, limit: int = 50,
           include_non_data: bool = False) -> list[dict[str, Any]]:
    """The best-matching sentences, best first.

    filters: {"kind": kind or [kinds], "document_attributes": {name: value or [values]},
    "case_attributes": {...}, "attributes": {...} (document OR case attribute),
    "valence": valence or [valences], "coder": coder or [coders]} (a sentence overlapping a coding
    that has both).
    Facilitator turns (is_data = 0) are left out unless include_non_data.
    """
    where, params = _filter_sql(filters or {})
    if not include_non_data:
        where.append("u.is_data = 1")
    db = project.db.conn
    rows = db.execute(
        f"""WITH hits AS (
                SELECT u.id, bm25(units_fts) AS rank FROM units_fts
                JOIN units u ON u.id = units_fts.rowid JOIN documents d ON d.id = u.document_id
                WHERE units_fts MATCH ? AND u.kind = 'sentence' {''.join(' AND ' + w for w in where)}
                ORDER BY rank LIMIT ?)
            SELECT u.id, u.document_id, d.name, d.kind, u.start, u.end, u.case_id, c.label, u.question, u.is_data,
                   substr(d.text, u.start + 1, u.end - u.start), p.kind, p.start, p.end,
                   substr(d.text, p.start + 1, p.end - p.start)
            FROM hits JOIN units u ON u.id = hits.id JOIN documents d ON d.id = u.document_id
            LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN cases c ON c.id = u.case_id
            ORDER BY hits.rank""",
        [fts_query(query), *params, limit]).fetchall()
    out = []
    for (unit_id, document_id, document, kind, start, end, case_id, label, question, is_data, sentence,
         context_kind, context_start, context_end, context) in rows:
        attributes = case_attributes(db, case_id) if case_id is not None else {}
        shown = {k: attributes[k] for k in ATTRIBUTION if k in attributes}
        out.append({"unit_id": unit_id, "document_id": document_id, "document": document, "kind": kind,
                    "start": start, "end": end, "sentence": sentence, "context": context,
                    "context_kind": context_kind, "context_start": context_start, "context_end": context_end,
                    "case_id": case_id, "case": label, "question": question, "is_data": bool(is_data),
                    "attributes": shown, "attribution": attribution(shown) if case_id is not None else None})
    return out

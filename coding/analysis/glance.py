"""The project at a glance: how much is there and who did what lately (start page)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd


def counts(db: Any) -> dict[str, int]:
    """Numbers of documents, data cases (participants and respondents), active codes and codings."""
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "cases": one("SELECT count(*) FROM cases WHERE is_data"),
        "codes": one("SELECT count(*) FROM codes WHERE active"),
        "codings": one("SELECT count(*) FROM codings"),
    }


def codings_per_coder(db: Any) -> pd.DataFrame:
    """One row per coder: codings in total and per valence, and in how many documents."""
    return pd.read_sql_query(
        """SELECT coder, count(*) AS codings,
                  sum(valence = 'sterkte') AS sterkte, sum(valence = 'groeikans') AS groeikans,
                  sum(valence = 'neutraal') AS neutraal, count(DISTINCT document_id) AS documents
           FROM codings GROUP BY coder ORDER BY codings DESC, coder""", db)


def documents_per_kind(db: Any) -> pd.DataFrame:
    return pd.read_sql_query("SELECT kind, count(*) AS count FROM documents GROUP BY kind ORDER BY kind", db)


def last_changes(db: Any, limit: int = 10) -> pd.DataFrame:
    """The latest events, newest first, with their summary flattened to one readable line."""
    rows = db.execute("SELECT at, actor, action, summary, undone_by FROM events ORDER BY id DESC LIMIT ?",
                      [limit]).fetchall()
    out = []
    for at, actor, action, summary, undone_by in rows:
        details = json.loads(summary or "{}")
        what = ", ".join(f"{k}={v}" for k, v in details.items() if v is not None)
        out.append({"at": at[:19].replace("T", " "), "actor": actor, "action": action,
                    "what": what, "undone": undone_by is not None})
    return pd.DataFrame(out, columns=["at", "actor", "action", "what", "undone"])


def documents_listing(db: Any) -> pd.DataFrame:
    """One row per document by name: kind, import, data cases, codings, and each attribute as a column.

    A document without an attribute shows an empty cell, not "None": the table is read by people.
    """
    documents = pd.read_sql_query(
        """SELECT d.id, d.name, d.kind, d.imported_at, d.imported_by,
                  (SELECT count(*) FROM cases c WHERE c.document_id = d.id AND c.is_data) AS cases,
                  (SELECT count(*) FROM codings g WHERE g.document_id = d.id) AS codings
           FROM documents d ORDER BY d.name""", db)
    values = pd.read_sql_query("SELECT document_id AS id, name, value FROM document_attributes", db)
    if values.empty:
        return documents
    wide = values.pivot(index="id", columns="name", values="value").fillna("")
    wide = wide.rename(columns={c: f"{c}_attribute" for c in wide.columns if c in documents.columns})
    return documents.merge(wide, left_on="id", right_index=True, how="left").fillna(
        {column: "" for column in wide.columns})

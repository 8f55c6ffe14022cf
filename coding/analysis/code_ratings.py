"""Ratings of a rating codebook (e.g. the OKT bouwstenen: wel passend, deels passend ...) per code and group.

Why per document: a bouwsteen gets its rating per conversation partner, so a session that rated
a bouwsteen twice the same way counts once. The group is a document attribute (by default the
respondent group); a document without it counts under its source kind (e.g. mailbox).
"""

from __future__ import annotations

import json

import pandas as pd

from coding.store.project import Project
from coding.team.layers import layer as find_layer

COLUMNS = ["code_id", "key", "label", "group", "rating", "count"]


def rating_scale(project: Project, codebook: str) -> list[str]:
    """The codebook's rating labels in scale order (empty: the codebook has no rating scale)."""
    row = project.db.execute("SELECT rating_scale FROM codebooks WHERE id = ?", [codebook]).fetchone()
    return json.loads(row[0]) if row and row[0] else []


def code_ratings(project: Project, codebook: str, layer: str | None = None, by: str = "respondentgroep") -> pd.DataFrame:
    """One row per code, group and rating: how many documents gave the code that rating (COLUMNS)."""
    condition, values = find_layer(project.db, layer).where("c")
    rows = project.db.execute(f"""
        SELECT k.id, k.key, k.label, coalesce(a.value, d.kind), c.rating, count(DISTINCT c.document_id)
        FROM codings c JOIN codes k ON k.id = c.code_id JOIN documents d ON d.id = c.document_id
        LEFT JOIN document_attributes a ON a.document_id = c.document_id AND a.name = ?
        WHERE k.codebook_id = ? AND c.rating IS NOT NULL AND c.rating != '' AND {condition}
        GROUP BY k.id, 4, c.rating""", [by, codebook, *values]).fetchall()
    return pd.DataFrame(rows, columns=COLUMNS)

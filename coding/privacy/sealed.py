"""Sealed columns: which identity columns a mailbox document has, and unsealing one that was
sealed by mistake.

Why: a column proposal can be wrong (a column of places, networks or answers mapped as identity).
Its values never mask other text (see anonymise.is_identifier), but the user must get them back:
unsealing moves the column's values to the respondents' attributes in ONE logged write, so one
undo seals them again. Values are never returned here, only column names and counts.
"""

from __future__ import annotations

from typing import Any

from coding.store.project import Project, ProjectError


def sealed_columns(db: Any, document_id: int | None = None) -> list[dict[str, Any]]:
    """(document_id, document, column, values) per sealed column; no value itself."""
    rows = db.execute("""SELECT k.document_id, d.name, s.name, count(s.value)
                         FROM sealed_identities s JOIN cases k ON k.id = s.case_id
                         JOIN documents d ON d.id = k.document_id
                         WHERE ? IS NULL OR k.document_id = ?
                         GROUP BY k.document_id, s.name ORDER BY d.name, s.name""",
                      [document_id, document_id]).fetchall()
    return [dict(zip(("document_id", "document", "column", "values"), row)) for row in rows]


def unseal_column(project: Project, actor: str, document_id: int, column: str) -> int:
    """Give a wrongly sealed column back: its values become respondent attributes named after the
    column (one undoable write). Returns how many values came back."""
    db = project.db
    rows = db.execute("""SELECT s.case_id, s.value FROM sealed_identities s JOIN cases k ON k.id = s.case_id
                         WHERE k.document_id = ? AND s.name = ?""", [document_id, column]).fetchall()
    if not rows:
        raise ProjectError("privacy.sealed.document_sealed_column", document_id=document_id, column=column)
    taken = db.execute("""SELECT count(*) FROM case_attributes a JOIN cases k ON k.id = a.case_id
                          WHERE k.document_id = ? AND a.name = ?""", [document_id, column]).fetchone()[0]
    if taken:
        raise ProjectError("privacy.sealed.respondents_document_already_attribute", document_id=document_id,
                           column=column)
    with project.write(actor, "unseal column", {"document": document_id, "column": column,
                                                "values": len(rows)}) as tx:
        for case_id, value in rows:
            tx.delete("sealed_identities", [case_id, column])
            if value is not None and str(value).strip():
                tx.insert("case_attributes", {"case_id": case_id, "name": column, "value": value, "type": "text"})
    return len(rows)

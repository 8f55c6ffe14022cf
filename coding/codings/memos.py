"""Memos: the researcher's notes on the project, a document, a case, a code or one coding.

Every change is one logged, undoable write. `overview()` lists memos with a readable name of what
they are about (document name, case label, code label, or the coded words), never a sealed identity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


from coding.store.project import Project, ProjectError, now

if TYPE_CHECKING:  # pandas takes half a second to import: only overview() pays for it
    import pandas as pd

TARGETS = ("project", "document", "case", "code", "coding")
_TABLES = {"document": "documents", "case": "cases", "code": "codes", "coding": "codings"}


def _check_target(db: Any, target_type: str, target_id: int | None) -> None:
    if target_type not in TARGETS:
        raise ProjectError("codings.memos.memo_about_one", targets=', '.join(TARGETS),
                           target_type=target_type)
    if target_type == "project":
        return
    if target_id is None or db.execute(f"SELECT 1 FROM {_TABLES[target_type]} WHERE id = ?",
                                       [target_id]).fetchone() is None:
        raise ProjectError("codings.memos.does_exist", target_type=target_type, target_id=target_id)


def add_memo(project: Project, author: str, target_type: str, target_id: int | None, text: str,
             title: str | None = None) -> int:
    """Write a new memo; returns its id."""
    if not text.strip():
        raise ProjectError("codings.memos.memo_needs_some_text")
    _check_target(project.db.conn, target_type, target_id)
    stamp = now()
    with project.write(author, "memo", {"target": target_type, "id": target_id}) as tx:
        return tx.insert("memos", {"target_type": target_type, "target_id": None if target_type == "project"
                                   else target_id, "title": (title or "").strip() or None, "text": text.strip(),
                                   "author": author, "created_at": stamp, "updated_at": stamp})


def update_memo(project: Project, actor: str, memo_id: int, text: str, title: str | None = None) -> None:
    """Change a memo's text, and its title unless `title` is None ("" removes it)."""
    if not text.strip():
        raise ProjectError("codings.memos.memo_needs_some_text")
    with project.write(actor, "edit memo", {"memo": memo_id}) as tx:
        if tx.get("memos", memo_id) is None:
            raise ProjectError("codings.memos.memo_does_exist", memo_id=memo_id)
        values = {"text": text.strip(), "updated_at": now()}
        if title is not None:
            values["title"] = title.strip() or None
        tx.update("memos", memo_id, **values)


def delete_memo(project: Project, actor: str, memo_id: int) -> None:
    with project.write(actor, "delete memo", {"memo": memo_id}) as tx:
        if tx.get("memos", memo_id) is None:
            raise ProjectError("codings.memos.memo_does_exist", memo_id=memo_id)
        tx.delete("memos", memo_id)


def memos_for(db: Any, target_type: str, target_id: int | None) -> list[dict[str, Any]]:
    cursor = db.execute("""SELECT id, title, text, author, created_at, updated_at FROM memos
                           WHERE target_type = ? AND target_id IS ? ORDER BY id""", [target_type, target_id])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor]


def overview(db: Any) -> pd.DataFrame:
    """Every memo with what it is about, newest change first. Coding memos (the `memo` field of a
    coding) are included, so one list shows all the thinking."""
    import pandas as pd
    frame = pd.read_sql_query(
        """SELECT m.id, m.target_type, m.target_id,
                  CASE m.target_type
                    WHEN 'project' THEN ''
                    WHEN 'document' THEN (SELECT name FROM documents WHERE id = m.target_id)
                    WHEN 'case' THEN (SELECT label FROM cases WHERE id = m.target_id)
                    WHEN 'code' THEN (SELECT label FROM codes WHERE id = m.target_id)
                    WHEN 'coding' THEN (SELECT k.label || ': ' || substr(d.text, g.start + 1, min(g.end - g.start, 80))
                                        FROM codings g JOIN codes k ON k.id = g.code_id
                                        JOIN documents d ON d.id = g.document_id WHERE g.id = m.target_id)
                  END AS about, m.title, m.text, m.author, m.updated_at
           FROM memos m
           UNION ALL
           SELECT NULL, 'coding', g.id, k.label || ': ' || substr(d.text, g.start + 1, min(g.end - g.start, 80)),
                  NULL, g.memo, g.coder, g.updated_at
           FROM codings g JOIN codes k ON k.id = g.code_id JOIN documents d ON d.id = g.document_id
           WHERE g.memo IS NOT NULL AND g.memo != ''
           ORDER BY updated_at DESC""", db)
    return frame


def to_markdown(frame: pd.DataFrame, headings: dict[str, str]) -> str:
    """The memo overview as a Markdown document (grouped by what the memos are about)."""
    lines: list[str] = []
    for target_type, group in frame.groupby("target_type", sort=False):
        lines.append(f"## {headings.get(target_type, target_type)}\n")
        for row in group.itertuples():
            about = f" — {row.about}" if isinstance(row.about, str) and row.about else ""
            title = f"{row.title}: " if isinstance(row.title, str) and row.title else ""
            lines.append(f"- **{row.author}**, {str(row.updated_at)[:10]}{about}\n\n  {title}{row.text}\n")
    return "\n".join(lines)

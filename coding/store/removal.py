"""Removing a document with everything that hangs on it, in a way undo can put back.

What hangs on a document is found from the schema itself (every foreign key that cascades from
`documents`, followed down: cases, their attributes and sealed identities, units, codings,
assignments, live sessions ...), plus what points at it without a key: memos on the document, its
cases or its codings, and its `meta` entries. Those rows are kept in the removal's event, so undo
re-inserts them exactly (parents before children); nothing else in the project changes.
"""

from __future__ import annotations

from typing import Any

from coding.store.project import Project, ProjectError, Tx

Rows = list[tuple[str, list[dict[str, Any]]]]
"""(table, rows) in the order they must be inserted again."""

_CHUNK = 500


def _cascades(db: Any) -> list[tuple[str, str, str, str]]:
    """(child table, child column, parent table, parent column) of every ON DELETE CASCADE key."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                       "'sqlite_%' AND name NOT LIKE '%fts%' AND name != 'events'")]
    out = []
    for table in tables:
        for key in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            parent, child_column, parent_column, on_delete = key[2], key[3], key[4] or "id", key[6]
            if on_delete == "CASCADE" and parent != table:
                out.append((table, child_column, parent, parent_column))
    return out


def _select(db: Any, table: str, column: str, values: list[Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for start in range(0, len(values), _CHUNK):
        part = values[start:start + _CHUNK]
        cursor = db.execute(f"SELECT * FROM [{table}] WHERE [{column}] IN ({', '.join('?' * len(part))})", part)
        names = [d[0] for d in cursor.description]
        rows += [dict(zip(names, row)) for row in cursor.fetchall()]
    return rows


def document_rows(db: Any, document_id: int) -> Rows:
    """Every row that goes when the document goes (see module doc), parents first."""
    found: dict[str, dict[Any, dict[str, Any]]] = {"documents": {}}
    order = ["documents"]
    for row in _select(db, "documents", "id", [document_id]):
        found["documents"][row["id"]] = row
    if not found["documents"]:
        raise ProjectError("store.removal.document", document_id=document_id)
    cascades = _cascades(db)
    changed = True
    while changed:
        changed = False
        for child, column, parent, parent_column in cascades:
            if parent not in found:
                continue
            keys = sorted({row[parent_column] for row in found[parent].values()}, key=str)
            for row in _select(db, child, column, keys):
                key = tuple(row.items())
                bucket = found.setdefault(child, {})
                if child not in order:
                    order.append(child)
                if key not in bucket:
                    bucket[key] = row
                    changed = True
    memos = []
    for target, table in (("document", "documents"), ("case", "cases"), ("coding", "codings")):
        ids = [row["id"] for row in found.get(table, {}).values()]
        memos += [m for m in _select(db, "memos", "target_id", ids) if m["target_type"] == target]
    meta = [dict(zip(("key", "value"), r)) for r in
            db.execute("SELECT key, value FROM meta WHERE key LIKE ?", [f"%:{document_id}"]).fetchall()]
    rows: Rows = [(table, sorted(found[table].values(), key=lambda r: (r.get("id") is None, r.get("id") or 0)))
                  for table in order]
    return rows + [("memos", memos), ("meta", meta)]


def restore_rows(tx: Tx, rows: Rows) -> None:
    """Insert rows kept by `document_rows` again (undo of a removal)."""
    for table, items in rows:
        for start in range(0, len(items), _CHUNK):
            tx.bulk_insert(table, items[start:start + _CHUNK])


def delete_document_rows(tx: Tx, document_id: int, rows: Rows) -> None:
    """Delete the document (its rows cascade) and the rows that point at it without a key."""
    for table, items in rows:
        if table == "memos":
            for memo in items:
                tx.db.execute("DELETE FROM memos WHERE id = ?", [memo["id"]])
        elif table == "meta":
            for entry in items:
                tx.db.execute("DELETE FROM meta WHERE key = ?", [entry["key"]])
    tx.db.execute("DELETE FROM documents WHERE id = ?", [document_id])


def remove_document(project: Project, actor: str, document_id: int) -> dict[str, Any]:
    """Remove one document and all its rows in one undoable step; returns what went (rows per table)."""
    spec: dict[str, Any] = {}
    summary: dict[str, Any] = {"id": document_id}
    with project.write(actor, "remove", summary, undo_spec=spec) as tx:
        rows = document_rows(tx.db, document_id)
        summary.update(document=rows[0][1][0]["name"], rows={table: len(items) for table, items in rows if items})
        spec.update(removed=rows, removed_documents=[document_id])  # read at commit
        delete_document_rows(tx, document_id, rows)
    return summary

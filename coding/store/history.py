"""Undo and redo a user's recent actions from the event log.

An event's `changes` is either a list of row changes, or an object with `rows` plus a bulk part
(`documents`: ids of documents an import added, removed as a whole on undo; `removed`: the rows of
documents a removal or an update took away, see store.removal, inserted again on undo). Undo replays the row
changes backwards inside one transaction and logs itself as a new event, so the log stays append-only.
"""

from __future__ import annotations

import json
from typing import Any

from coding.store.project import Project, ProjectError, Tx
from coding.store.removal import delete_document_rows, restore_rows


def _restore(tx: Tx, table: str, row: dict[str, Any]) -> None:
    tx.insert(table, dict(row))


def _invert(tx: Tx, change: dict[str, Any]) -> None:
    table, op, pk = change["table"], change["op"], change["pk"]
    if op == "insert":
        tx.delete(table, pk)
    elif op == "delete":
        _restore(tx, table, change["before"])
    elif op == "update":
        before = {k: v for k, v in change["before"].items() if k not in ("id",)}
        tx.update(table, pk, **before)


def _apply(tx: Tx, change: dict[str, Any]) -> None:
    table, op, pk = change["table"], change["op"], change["pk"]
    if op == "insert":
        _restore(tx, table, change["after"])
    elif op == "delete":
        tx.delete(table, pk)
    elif op == "update":
        tx.update(table, pk, **{k: v for k, v in change["after"].items() if k != "id"})


def _rows(changes: Any) -> list[dict[str, Any]]:
    return changes["rows"] if isinstance(changes, dict) else changes


def _last(project: Project, actor: str, undone: bool) -> dict[str, Any] | None:
    """The actor's latest undoable event (undone=False) or latest undone one (undone=True)."""
    if undone:
        sql = """SELECT e.* FROM events e WHERE e.actor = ? AND e.undoes IS NULL AND e.undone_by IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM events later WHERE later.actor = e.actor AND later.id > e.undone_by
                                 AND later.undoes IS NULL AND later.action != 'redo')
                 ORDER BY e.undone_by DESC LIMIT 1"""
    else:
        sql = """SELECT * FROM events WHERE actor = ? AND undoes IS NULL AND undone_by IS NULL
                 AND action NOT IN ('undo', 'redo') ORDER BY id DESC LIMIT 1"""
    rows = list(project.db.query(sql, [actor]))
    return rows[0] if rows else None


def undo(project: Project, actor: str) -> dict[str, Any]:
    """Undo the actor's most recent action that is not undone yet; returns that event."""
    event = _last(project, actor, undone=False)
    if event is None:
        raise ProjectError(f"nothing to undo for {actor}")
    changes = json.loads(event["changes"])
    with project.write(actor, "undo", {"event": event["id"], "action": event["action"]}) as tx:
        for change in reversed(_rows(changes)):
            _invert(tx, change)
        if isinstance(changes, dict):
            for document_id in changes.get("documents", []):
                tx.db.execute("DELETE FROM codings WHERE document_id = ?", [document_id])
                tx.db.execute("DELETE FROM documents WHERE id = ?", [document_id])
            restore_rows(tx, [(table, rows) for table, rows in changes.get("removed", [])])
        tx.undoes = event["id"]
    return event


def redo(project: Project, actor: str) -> dict[str, Any]:
    """Redo the actor's most recently undone action, if nothing new happened since."""
    event = _last(project, actor, undone=True)
    if event is None:
        raise ProjectError(f"nothing to redo for {actor}")
    changes = json.loads(event["changes"])
    if isinstance(changes, dict) and changes.get("documents"):
        raise ProjectError("an undone import cannot be redone; import the file again")
    with project.write(actor, "redo", {"event": event["id"], "action": event["action"]}) as tx:
        for change in _rows(changes):
            _apply(tx, change)
        if isinstance(changes, dict):
            removed = [(table, rows) for table, rows in changes.get("removed", [])]
            for document_id in changes.get("removed_documents", []):
                delete_document_rows(tx, document_id, removed)
        tx.redoes = event["id"]
    return event


def recent_events(project: Project, limit: int = 20) -> list[dict[str, Any]]:
    """The latest events for an at-a-glance list (without their row payloads)."""
    return list(project.db.query(
        "SELECT id, at, actor, action, summary, undone_by FROM events ORDER BY id DESC LIMIT ?", [limit]))

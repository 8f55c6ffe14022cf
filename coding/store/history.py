"""Undo and redo a user's recent actions from the event log.

An event's `changes` is either a list of row changes, or an object with `rows` plus a bulk part
(`documents`: ids of documents an import added, removed as a whole on undo; `removed`: the rows of
documents a removal or an update took away, see store.removal, inserted again on undo). Undo replays the row
changes backwards inside one transaction and logs itself as a new event, so the log stays append-only.

Two rules keep this safe when several people (or several tabs) work in one project:
- the event to undo or redo is chosen INSIDE the write transaction, so two undos at the same moment
  take two different events (never one twice) and two redos never re-insert the same row;
- before a row is put back, it must still be exactly as the event left it (for redo: as the undo left
  it). If anyone changed it since, nothing is undone and the message names that later change, so
  a colleague's work is never reverted in silence.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from coding.errors import say
from coding.store.project import Project, ProjectError, Tx
from coding.store.removal import delete_document_rows, restore_rows


class Conflict(ProjectError):
    """The action cannot be undone or redone: someone changed its rows afterwards."""


def _rows(changes: Any) -> list[dict[str, Any]]:
    return changes["rows"] if isinstance(changes, dict) else changes


def _label(table: str) -> str:
    return table[:-1] if table.endswith("s") else table


def _later_change(tx: Tx, event_id: int, table: str, pk: Any) -> str:
    """Who changed a row after `event_id`, as "bert ('recode', event 57 at 2026-...)"."""
    marker = f'%"table": {json.dumps(table)}%'
    for row in tx.db.query("SELECT id, at, actor, action, changes FROM events WHERE id > ? AND changes LIKE ? "
                           "ORDER BY id DESC", [event_id, marker]):
        for change in _rows(json.loads(row["changes"])):
            if change.get("table") == table and change.get("pk") == pk:
                return f"{row['actor']} ({row['action']!r}, #{row['id']}, {row['at'][:19].replace('T', ' ')})"
    return say("store.history.unlogged_change")


def _check(tx: Tx, event: dict[str, Any], change: dict[str, Any], expected: dict[str, Any] | None,
           verb: str) -> None:
    """Refuse (Conflict) unless the row is as `expected` (None: absent)."""
    table, pk = change["table"], change["pk"]
    if tx.get(table, pk) == expected:
        return
    raise Conflict(f"store.history.{verb}_changed_afterwards", action=event["action"], id=event["id"],
                   table=_label(table), pk=pk, by=_later_change(tx, event["id"], table, pk))


def _invert(tx: Tx, event: dict[str, Any], change: dict[str, Any]) -> None:
    table, op, pk = change["table"], change["op"], change["pk"]
    _check(tx, event, change, None if op == "delete" else change["after"], "undo")
    if op == "insert":
        tx.delete(table, pk)
    elif op == "delete":
        tx.insert(table, dict(change["before"]))
    elif op == "update":
        tx.update(table, pk, **{k: v for k, v in change["before"].items() if k != "id"})


def _apply(tx: Tx, event: dict[str, Any], change: dict[str, Any]) -> None:
    table, op, pk = change["table"], change["op"], change["pk"]
    _check(tx, event, change, None if op == "insert" else change["before"], "redo")
    if op == "insert":
        tx.insert(table, dict(change["after"]))
    elif op == "delete":
        tx.delete(table, pk)
    elif op == "update":
        tx.update(table, pk, **{k: v for k, v in change["after"].items() if k != "id"})


def _last(tx: Tx, actor: str, undone: bool) -> dict[str, Any] | None:
    """The actor's latest undoable event (undone=False) or latest undone one (undone=True)."""
    if undone:
        sql = """SELECT e.* FROM events e WHERE e.actor = ? AND e.undoes IS NULL AND e.undone_by IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM events later WHERE later.actor = e.actor AND later.id > e.undone_by
                                 AND later.undoes IS NULL AND later.action != 'redo')
                 ORDER BY e.undone_by DESC LIMIT 1"""
    else:
        sql = """SELECT * FROM events WHERE actor = ? AND undoes IS NULL AND undone_by IS NULL
                 AND action NOT IN ('undo', 'redo') ORDER BY id DESC LIMIT 1"""
    rows = list(tx.db.query(sql, [actor]))
    return rows[0] if rows else None


def _remove_documents(tx: Tx, event: dict[str, Any], documents: list[int], own_until: int = 0) -> None:
    """Remove what an import added, unless someone coded in it since (their codings would go too).

    Codings up to id `own_until` came with the import itself (an update carries codings over)."""
    for document_id in documents:
        coders = [r[0] for r in tx.db.execute(
            "SELECT coder FROM codings WHERE document_id = ? AND id > ? GROUP BY coder ORDER BY max(id) DESC",
            [document_id, own_until])]
        if coders:
            raise Conflict("store.history.cannot_undo_event_document", action=event['action'],
                           id=event['id'], coders=', '.join(coders))
        tx.db.execute("DELETE FROM documents WHERE id = ?", [document_id])


def _replay(project: Project, actor: str, undone: bool) -> dict[str, Any]:
    """Undo (undone=False) or redo (undone=True) one event in one transaction; returns that event."""
    verb = "redo" if undone else "undo"
    summary: dict[str, Any] = {}
    try:
        with project.write(actor, verb, summary) as tx:
            event = _last(tx, actor, undone)
            if event is None:
                raise ProjectError(f"store.history.nothing_to_{verb}", actor=actor)
            summary.update(event=event["id"], action=event["action"])
            changes = json.loads(event["changes"])
            if undone:
                if isinstance(changes, dict) and changes.get("documents"):
                    raise ProjectError("store.history.undone_import_cannot_redone")
                for change in _rows(changes):
                    _apply(tx, event, change)
                if isinstance(changes, dict):  # a removal or an update: take its documents away again
                    removed = [(table, rows) for table, rows in changes.get("removed", [])]
                    for document_id in changes.get("removed_documents", []):
                        delete_document_rows(tx, document_id, removed)
                tx.redoes = event["id"]
            else:
                for change in reversed(_rows(changes)):
                    _invert(tx, event, change)
                if isinstance(changes, dict):
                    _remove_documents(tx, event, changes.get("documents", []), changes.get("own_codings_until") or 0)
                    restore_rows(tx, [(table, rows) for table, rows in changes.get("removed", [])])
                tx.undoes = event["id"]
    except sqlite3.IntegrityError as error:  # a row the event needs was taken meanwhile: same as a conflict
        raise Conflict(f"store.history.{verb}_changed_meanwhile", error=error) from None
    return event


def undo(project: Project, actor: str) -> dict[str, Any]:
    """Undo the actor's most recent action that is not undone yet; returns that event."""
    return _replay(project, actor, undone=False)


def redo(project: Project, actor: str) -> dict[str, Any]:
    """Redo the actor's most recently undone action, if nothing new happened since."""
    return _replay(project, actor, undone=True)


def recent_events(project: Project, limit: int = 20) -> list[dict[str, Any]]:
    """The latest events for an at-a-glance list (without their row payloads)."""
    return list(project.db.query(
        "SELECT id, at, actor, action, summary, undone_by FROM events ORDER BY id DESC LIMIT ?", [limit]))

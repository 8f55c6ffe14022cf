"""Open a project file and change it safely.

Every change goes through `Project.write()`: one `BEGIN IMMEDIATE` transaction that either fully
happens or not at all, retried with backoff while another process holds the write lock, and
recorded in the append-only `events` table with the row changes that `undo()` replays backwards.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from coding.errors import WerkbankError
from coding.store.database import Database
from coding.store.schema import MIGRATIONS, SCHEMA_VERSION


class ProjectError(WerkbankError):
    """A problem the user can act on with a project: a code from the catalogs and its parameters."""


BUSY_TIMEOUT_MS = 5_000
LOCK_RETRY_SECONDS = 60.0

# Tables whose rows undo can restore; their primary key is the `id` column unless listed.
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "document_attributes": ("document_id", "name"),
    "case_attributes": ("case_id", "name"),
    "sealed_identities": ("case_id", "name"),
    "meta": ("key",),
}


def now() -> str:
    """UTC timestamp with milliseconds, sortable as text."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _is_locked(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _with_retry(fn, *args):
    """Run fn, retrying with jittered exponential backoff while the database is locked."""
    deadline = time.monotonic() + LOCK_RETRY_SECONDS
    delay = 0.005
    while True:
        try:
            return fn(*args)
        except sqlite3.OperationalError as error:
            if not _is_locked(error) or time.monotonic() > deadline:
                raise
            import random  # only when the file is locked

            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 0.5)


class Tx:
    """The open write transaction: row operations that are recorded for undo.

    A plain class, not a dataclass: `werkbank list` and `code` should not pay for the dataclasses module."""

    def __init__(self, db: Database):
        self.db = db
        self.changes: list[dict[str, Any]] = []
        self.undoes: int | None = None   # set by undo: the event this transaction reverses
        self.redoes: int | None = None   # set by redo: the undone event this transaction re-applies

    def _key(self, table: str, row: dict[str, Any]) -> Any:
        cols = ROW_KEYS.get(table, ("id",))
        return [row[c] for c in cols] if len(cols) > 1 else row[cols[0]]

    def _where(self, table: str, pk: Any) -> tuple[str, list[Any]]:
        cols = ROW_KEYS.get(table, ("id",))
        values = list(pk) if len(cols) > 1 else [pk]
        return " AND ".join(f"[{c}] = ?" for c in cols), values

    def get(self, table: str, pk: Any) -> dict[str, Any] | None:
        where, values = self._where(table, pk)
        rows = list(self.db.query(f"SELECT * FROM [{table}] WHERE {where}", values))
        return rows[0] if rows else None

    def insert(self, table: str, row: dict[str, Any], record: bool = True) -> Any:
        """Insert one row and return its key."""
        cols = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(row.values()))
        if table not in ROW_KEYS and "id" not in row:
            row = {**row, "id": cursor.lastrowid}
        pk = self._key(table, row)
        if record:
            self.changes.append({"table": table, "op": "insert", "pk": pk, "after": self.get(table, pk)})
        return pk

    def update(self, table: str, pk: Any, **values: Any) -> None:
        before = self.get(table, pk)
        if before is None:
            raise ProjectError("store.project.row_does_exist", table=table, pk=pk)
        sets = ", ".join(f"[{c}] = ?" for c in values)
        where, key_values = self._where(table, pk)
        self.db.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", [*values.values(), *key_values])
        self.changes.append({"table": table, "op": "update", "pk": pk, "before": before,
                             "after": self.get(table, pk)})

    def delete(self, table: str, pk: Any) -> None:
        before = self.get(table, pk)
        if before is None:
            return
        where, values = self._where(table, pk)
        self.db.execute(f"DELETE FROM [{table}] WHERE {where}", values)
        self.changes.append({"table": table, "op": "delete", "pk": pk, "before": before})

    def bulk_insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert many rows without recording each; undo for these comes from the action (e.g. import)."""
        if rows:
            self.db.insert_all(table, rows)


class Project:
    """A project file, opened. Reads go through `db`; writes through `write()`."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        self.db = Database(conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self, actor: str, action: str, summary: dict[str, Any] | None = None,
              undo_spec: dict[str, Any] | None = None) -> Iterator[Tx]:
        """One atomic, logged change. Nothing is written if the block raises.

        A full disk, a read-only file or a lock held beyond LOCK_RETRY_SECONDS end in a ProjectError
        of their own (see `fault`); SQLite has then already rolled back, and that is not an error.
        """
        try:
            _with_retry(self.conn.execute, "BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise (fault(error, self.path) or error) from error
        tx = Tx(self.db)
        try:
            yield tx
            import json  # here: a command that only reads never needs it

            changes: Any = tx.changes
            if undo_spec is not None:
                changes = {"rows": tx.changes, **undo_spec}
            cursor = self.conn.execute(
                "INSERT INTO events (at, actor, action, summary, changes, undoes) VALUES (?, ?, ?, ?, ?, ?)",
                [now(), actor, action, json.dumps(summary or {}, ensure_ascii=False),
                 json.dumps(changes, ensure_ascii=False), tx.undoes],
            )
            if tx.undoes is not None:
                self.conn.execute("UPDATE events SET undone_by = ? WHERE id = ?", [cursor.lastrowid, tx.undoes])
            if tx.redoes is not None:
                self.conn.execute("UPDATE events SET undone_by = NULL WHERE id = ?", [tx.redoes])
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as error:
            _rollback(self.conn)
            raise (fault(error, self.path) or error) from error
        except BaseException:
            _rollback(self.conn)
            raise

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already done so (it does on a full disk)."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


def fault(error: sqlite3.Error, path: Path) -> ProjectError | None:
    """The one-line message for a fault of the file or the machine, or None for any other error."""
    text = str(error).lower()
    if "full" in text:
        return ProjectError("store.project.disk_full_nothing_was", path=path)
    if "readonly" in text or "read-only" in text:
        return ProjectError("store.project.read_only_nothing_was", path=path)
    if _is_locked(error):
        return ProjectError("store.project.locked_another_program_more", path=path,
                            lock_retry_seconds=LOCK_RETRY_SECONDS)
    if "unable to open" in text or "disk i/o" in text:
        return ProjectError("store.project.cannot_opened_written_check", path=path, error=error)
    return None


def _read_only(path: Path) -> str | None:
    """"medium" on a read-only disk or mount, "file" for a file we may not write, else None."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "medium"
    except OSError:
        return None
    return None if os.access(path, os.W_OK) else "file"


def _connect(path: Path, read_only: str | None = None) -> sqlite3.Connection:
    """A connection in WAL mode; on a read-only file one that reads (writes then fail with `fault`).

    On a read-only medium nobody can change the file, so SQLite may read it as immutable (it
    cannot make the WAL index beside it there)."""
    if read_only:
        flags = "mode=ro&immutable=1" if read_only == "medium" else "mode=ro"
        conn = sqlite3.connect(f"file:{path.resolve()}?{flags}", uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    _with_retry(conn.execute, "PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _migrate(conn: sqlite3.Connection, path: Path, read_only: str | None = None) -> None:
    version = _schema_version(conn)
    if version > SCHEMA_VERSION:
        raise ProjectError("store.project.was_made_newer_werkbank", path=path, version=version)
    if version < SCHEMA_VERSION and read_only:
        raise ProjectError("store.project.read_only_made_older", path=path)
    while version < SCHEMA_VERSION:
        _with_retry(conn.execute, "BEGIN IMMEDIATE")
        try:
            if _schema_version(conn) == version:  # another process may have migrated meanwhile
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        version = _schema_version(conn)


def _statements(script: str) -> Iterator[str]:
    """Split a DDL script into statements (executescript would commit our transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()


WERKBANK_TABLES = {"meta", "events"}
"""Tables every Werkbank project has had since schema 1: without them an SQLite file is someone else's."""


def _check_ours(path: Path, read_only: str | None) -> None:
    """Refuse, before anything is written, a file that is not a Werkbank project (or a newer one).

    The file is probed read-only through SQLite. An SQLite file without tables (a new project) is ours
    to fill; one with other tables, or without Werkbank's, belongs to another program and is never
    migrated.
    """
    try:
        immutable = "&immutable=1" if read_only == "medium" else ""
        probe = sqlite3.connect(f"file:{path.resolve()}?mode=ro{immutable}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise (fault(error, path) or ProjectError("store.project.werkbank_project_file", path=path)) from None
    try:
        tables = {row[0] for row in probe.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
        version = _schema_version(probe)
    except sqlite3.DatabaseError as error:
        found = None if "not a database" in str(error) else fault(error, path)
        raise (found or ProjectError("store.project.werkbank_project_file", path=path)) from None
    finally:
        probe.close()
    if not tables and version == 0:
        return
    if not WERKBANK_TABLES <= tables:
        raise ProjectError("store.project.sqlite_database_another_program", path=path)
    if version > SCHEMA_VERSION:
        raise ProjectError("store.project.was_made_newer_werkbank_2", path=path, version=version,
                           schema_version=SCHEMA_VERSION)


def open_project(path: str | Path, create: bool = False) -> Project:
    """Open (or with create=True make) a project file, migrating it to the current schema."""
    path = Path(path)
    if not create and not path.exists():
        raise ProjectError("store.project.no_project", path=path)
    # The file is never opened outside SQLite: closing any descriptor of a database file drops
    # every POSIX lock this process holds on it, so another process would delete the WAL that an
    # open connection here (an app session) still writes to. SQLite itself refuses a foreign file.
    path.parent.mkdir(parents=True, exist_ok=True)
    read_only = None
    if path.exists():
        read_only = _read_only(path)
        _check_ours(path, read_only)
    try:
        conn = _connect(path, read_only)
    except sqlite3.Error as error:
        raise (fault(error, path) or ProjectError("store.project.readable_werkbank_project", path=path,
                                                  error=error)) from None
    try:
        _migrate(conn, path, read_only)
        if not read_only and conn.execute("SELECT count(*) FROM meta WHERE key = 'created_at'").fetchone()[0] == 0:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?)", [now()])
    except sqlite3.DatabaseError as error:
        conn.close()
        raise (fault(error, path) or ProjectError("store.project.readable_werkbank_project", path=path,
                                                  error=error)) from None
    except ProjectError:
        conn.close()
        raise
    return Project(path, conn)

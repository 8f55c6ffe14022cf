"""Backups of a project file through SQLite's online backup API, and restoring one.

The backup API copies a consistent snapshot while other processes keep working (a plain file copy
of a WAL database can miss committed pages or catch a half-written one). Backups go to
`<project>.backups/` beside the project, named `<name>-<UTC timestamp>-<reason>.werkbank` so they
sort by age; only the newest `KEEP` there are kept. Each is written under a temporary name and
renamed when complete, so a killed backup never looks like a backup. Risky operations (codebook
merge and split, .qdpx and mailbox imports) call `before_risky` first; the app calls
`backup_if_due` at start. Restoring first backs up the current state, so it can be undone by hand.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from coding.store.schema import SCHEMA_VERSION
from coding.store.project import Project, ProjectError, open_project

KEEP = 10
"""Backups kept per project folder; the oldest go first."""

DUE_HOURS = 24.0
"""The app makes a backup at start when the newest is older than this."""

REQUIRED_TABLES = {"meta", "documents", "cases", "codebooks", "codes", "codings", "events"}
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"-(\d{8}T\d{12}Z)-[a-z0-9-]+\.werkbank$")


def folder(project_path: str | Path) -> Path:
    """Where a project's automatic backups live: `<project>.backups/` beside it."""
    path = Path(project_path)
    return path.with_name(path.name + ".backups")


def backups(project_path: str | Path) -> list[Path]:
    """The project's backups in its backup folder, oldest first."""
    place = folder(project_path)
    if not place.is_dir():
        return []
    return sorted((p for p in place.iterdir() if _NAME.search(p.name)), key=lambda p: _NAME.search(p.name).group(1))


def _taken_at(path: Path) -> datetime:
    return datetime.strptime(_NAME.search(path.name).group(1), _STAMP).replace(tzinfo=timezone.utc)


def _copy(source: sqlite3.Connection, dest: Path) -> None:
    """Snapshot `source` into a new single file at `dest` (written aside, then renamed)."""
    partial = dest.with_name(f".{dest.name}.partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(str(partial))
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    finally:
        target.close()
    os.replace(partial, dest)


def backup(project_path: str | Path, dest: str | Path | None = None, reason: str = "manual",
           keep: int = KEEP) -> Path:
    """Back the project up to `dest`, or into its backup folder (keeping the newest `keep`); returns the file."""
    with open_project(project_path) as project:
        return _backup(project, dest, reason, keep)


def _backup(project: Project, dest: str | Path | None, reason: str, keep: int) -> Path:
    if dest is not None:
        target = Path(dest)
        if target.resolve() == project.path.resolve():
            raise ProjectError("store.backup.backup_cannot_overwrite_project")
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy(project.conn, target)
        return target
    place = folder(project.path)
    place.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime(_STAMP)
    label = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "backup"
    target = place / f"{project.path.stem}-{stamp}-{label}.werkbank"
    _copy(project.conn, target)
    for old in backups(project.path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target


def before_risky(project: Project, operation: str) -> Path:
    """Back up before an operation that changes much at once (a merge, a split, a large import)."""
    return _backup(project, None, f"before-{operation}", KEEP)


def backup_if_due(project_path: str | Path, hours: float = DUE_HOURS) -> Path | None:
    """A backup when the newest one is older than `hours` (or there is none); else None. The app calls this at start."""
    existing = backups(project_path)
    if existing and datetime.now(timezone.utc) - _taken_at(existing[-1]) < timedelta(hours=hours):
        return None
    return backup(project_path, reason="scheduled")


def check_project_file(path: str | Path) -> None:
    """Refuse a file that is not a readable Werkbank project (read through SQLite, read-only)."""
    path = Path(path)
    if not path.is_file():
        raise ProjectError("store.backup.backup_file_at", path=path)
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ProjectError("store.backup.werkbank_project_file", name=path.name) from error
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        intact = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError as error:
        raise ProjectError("store.backup.werkbank_project_file", name=path.name) from error
    finally:
        conn.close()
    if not REQUIRED_TABLES <= tables or not 1 <= version <= SCHEMA_VERSION:
        raise ProjectError("store.backup.werkbank_project_file", name=path.name)
    if not intact:
        raise ProjectError("store.backup.damaged_sqlite_integrity_check", name=path.name)


def restore(project_path: str | Path, backup_path: str | Path, actor: str) -> Path:
    """Replace the project's contents with a backup; the current state is backed up first (returned)."""
    check_project_file(backup_path)
    with open_project(project_path) as project:
        saved = _backup(project, None, "before-restore", KEEP)
        source = sqlite3.connect(f"file:{Path(backup_path).resolve()}?mode=ro", uri=True)
        try:
            source.backup(project.conn)  # page by page under SQLite's own locks: other connections see all or nothing
        finally:
            source.close()
        with project.write(actor, "restore", {"from": Path(backup_path).name, "saved_current_as": saved.name}):
            pass
    return saved

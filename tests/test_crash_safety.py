"""kill -9 in the middle of a merge, an import or an export; backups and restore.

A killed operation leaves the project as it was (integrity_check ok, nothing half applied) or, if
it got to COMMIT, fully applied; a killed export leaves no half-written file (a previous export
under the same name stays intact). Backups are consistent snapshots; restore refuses a file that
is not a Werkbank project and saves the current state first.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from app.cli import _load_commands, cli
from coding.store import backup as backups
from coding.store.project import ProjectError, now, open_project

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
MOVED = 3000  # codings on the merged code: enough that a merge takes a noticeable time

# A child that runs one operation; with "pause" it stops inside the transaction just before COMMIT
# (when the event row would be written) or, for an export, after the first part of the zip is written.
CHILD = """
import sys, time, zipfile
from coding.store.project import open_project
operation, project_path, pause = sys.argv[1], sys.argv[2], sys.argv[3] == "pause"

class PauseBeforeCommit:
    def __init__(self, conn):
        self._conn = conn
    def __getattr__(self, name):
        return getattr(self._conn, name)
    def execute(self, sql, *args):
        if sql.startswith("INSERT INTO events") and "backup" not in sql:
            print("inside the transaction", flush=True)
            time.sleep(120)
        return self._conn.execute(sql, *args)

if pause and operation.startswith("export"):
    original = zipfile.ZipFile.writestr
    def writestr(self, *args, **kwargs):
        original(self, *args, **kwargs)
        print("inside the transaction", flush=True)
        time.sleep(120)
    zipfile.ZipFile.writestr = writestr

project = open_project(project_path)
if pause and not operation.startswith("export"):
    project.conn = PauseBeforeCommit(project.conn)
print("ready", flush=True)
if operation == "merge":
    from coding.codebooks.operations import merge_codes
    merge_codes(project, "crash", sys.argv[4], sys.argv[5])
elif operation == "import":
    from coding.importers import import_file
    import_file(project, sys.argv[4], "crash")
elif operation == "export-quotes":
    from exports.quotes import write_quote_bank
    write_quote_bank(project, sys.argv[4])
elif operation == "export-qdpx":
    from exports.qdpx import write_qdpx
    write_qdpx(project, sys.argv[4])
elif operation == "export-xlsx":
    from coding import analysis
    from exports.tables import save_table
    save_table(analysis.frequencies(project), sys.argv[4])
print("done", flush=True)
"""


def _child(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def _kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


def _snapshot(path: Path) -> dict[str, object]:
    """Row counts of every table, where the moved codings point, and the integrity check."""
    with open_project(path) as project:
        db = project.conn
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.execute("INSERT INTO units_fts(units_fts) VALUES ('integrity-check')")
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'units_fts%'")]
        state: dict[str, object] = {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}
        state["codings per code"] = dict(db.execute("SELECT code_id, count(*) FROM codings GROUP BY code_id"))
        state["active codes"] = db.execute("SELECT count(*) FROM codes WHERE active = 1").fetchone()[0]
        return state


def _merge_project(demo_copy: Path) -> tuple[str, str, int]:
    """Two codable codes of one codebook, the source carrying MOVED codings."""
    with open_project(demo_copy) as project:
        db = project.conn
        source, target = db.execute("SELECT id, key FROM codes WHERE codebook_id = 'randvoorwaarden' AND codable = 1 "
                                    "AND active = 1 AND parent_id IS NOT NULL ORDER BY id LIMIT 2").fetchall()
        document, length = db.execute("SELECT id, length(text) FROM documents ORDER BY id LIMIT 1").fetchone()
        stamp = now()
        db.execute("BEGIN")
        db.executemany("INSERT INTO codings (document_id, start, end, code_id, coder, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, 'seed', ?, ?)",
                       [(document, n % (length - 5), n % (length - 5) + 3, source[0], stamp, stamp)
                        for n in range(MOVED)])
        db.execute("COMMIT")
        return source[1], target[1], source[0]


def test_merge_killed_before_commit_leaves_nothing(demo_copy):
    source, target, source_id = _merge_project(demo_copy)
    before = _snapshot(demo_copy)
    child = _child("merge", str(demo_copy), "pause", source, target)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert child.stdout.readline().strip() == "inside the transaction"  # every coding moved, not committed
        _kill(child)
    finally:
        child.kill()
    after = _snapshot(demo_copy)
    assert after == before
    assert len(backups.backups(demo_copy)) == 1  # the merge backed the project up before it started


def test_merge_killed_at_random_moments_is_all_or_nothing(demo_copy, tmp_path):
    source, target, source_id = _merge_project(demo_copy)
    before = _snapshot(demo_copy)
    rng = random.Random(11)
    outcomes = set()
    for attempt in range(3):
        copy = tmp_path / f"attempt{attempt}.werkbank"
        shutil.copy(demo_copy, copy)
        child = _child("merge", str(copy), "run", source, target)
        try:
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.8))
            _kill(child)
        finally:
            child.kill()
        after = _snapshot(copy)
        if after == before:
            outcomes.add("none")
            continue
        outcomes.add("all")
        moved = after["codings per code"]
        assert source_id not in moved and after["events"] == before["events"] + 1
        assert after["active codes"] == before["active codes"] - 1
        with open_project(copy) as project:  # a merge that committed can be undone as a whole
            from coding.store.history import undo
            undo(project, "crash")
        assert _snapshot(copy)["codings per code"] == before["codings per code"]
    assert outcomes  # each attempt ended in exactly one of the two states (asserted above)


def _report(path: Path, paragraphs: int) -> Path:
    lines = [f"Leerkracht {n % 5}: In week {n} spraken we over differentiatie in de klas en de rol van "
             f"de ondersteuner bij leerling {n}." for n in range(paragraphs)]
    path.write_text("\n\n".join(lines), encoding="utf-8")
    return path


def test_import_killed_at_random_moments_is_all_or_nothing(demo_copy, tmp_path):
    report = _report(tmp_path / "groot.txt", 800)
    before = _snapshot(demo_copy)
    rng = random.Random(5)
    for attempt in range(2):
        copy = tmp_path / f"attempt{attempt}.werkbank"
        shutil.copy(demo_copy, copy)
        child = _child("import", str(copy), "run", str(report))
        try:
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.2, 2.5))
            _kill(child)
        finally:
            child.kill()
        after = _snapshot(copy)
        if after != before:  # it committed: the whole report is there, logged as one event
            assert after["documents"] == before["documents"] + 1
            assert after["events"] == before["events"] + 1
            with open_project(copy) as project:
                turns = project.conn.execute("SELECT count(*) FROM units u JOIN documents d ON d.id = u.document_id "
                                             "WHERE d.name = 'groot' AND u.kind = 'turn'").fetchone()[0]
            assert turns == 800


@pytest.mark.parametrize("operation, name", [("export-quotes", "citaten.docx"), ("export-qdpx", "project.qdpx"),
                                             ("export-xlsx", "frequenties.xlsx")])
def test_export_killed_midway_leaves_no_half_file(demo_master, tmp_path, operation, name):
    out = tmp_path / name
    child = _child(operation, str(demo_master), "pause", str(out))
    try:
        assert child.stdout.readline().strip() == "ready"
        assert child.stdout.readline().strip() == "inside the transaction"
        _kill(child)
    finally:
        child.kill()
    assert not out.exists()  # nothing under the export's name until it is complete
    finished = subprocess.run([sys.executable, "-c", CHILD, operation, str(demo_master), "run", str(out)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    previous = out.read_bytes()
    child = _child(operation, str(demo_master), "pause", str(out))
    try:
        assert child.stdout.readline().strip() == "ready"
        assert child.stdout.readline().strip() == "inside the transaction"
        _kill(child)
    finally:
        child.kill()
    assert out.read_bytes() == previous  # the earlier complete export is untouched
    assert zipfile.ZipFile(out).testzip() is None
    if name.endswith(".docx"):
        assert docx.Document(str(out)).paragraphs
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != name]
    assert leftovers == [] or all(p.startswith(".") for p in leftovers)


# ---- backups and restore -------------------------------------------------------------------------


def _run(*args: str):
    _load_commands()
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _codings(path: Path) -> int:
    with open_project(path) as project:
        return project.conn.execute("SELECT count(*) FROM codings").fetchone()[0]


def test_backup_and_restore_from_the_command_line(demo_copy, tmp_path):
    original = _codings(demo_copy)
    made = _run("backup", str(demo_copy))
    assert made.exit_code == 0, made.output
    [snapshot] = backups.backups(demo_copy)
    assert snapshot.parent == demo_copy.with_name(demo_copy.name + ".backups")
    assert not Path(f"{snapshot}-wal").exists()  # one self-contained file
    with open_project(demo_copy) as project:
        project.conn.execute("DELETE FROM codings")
    restored = _run("restore", str(demo_copy), str(snapshot), "--coder", "an")
    assert restored.exit_code == 0, restored.output
    assert _codings(demo_copy) == original
    saved = [p for p in backups.backups(demo_copy) if "before-restore" in p.name]
    assert len(saved) == 1 and _codings(saved[0]) == 0  # the state before the restore was kept
    with open_project(demo_copy) as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert project.conn.execute("SELECT actor FROM events ORDER BY id DESC LIMIT 1").fetchone()[0] == "an"
    explicit = tmp_path / "elders" / "kopie.werkbank"
    assert _run("backup", str(demo_copy), "--to", str(explicit)).exit_code == 0
    assert _codings(explicit) == original


def test_restore_refuses_a_file_that_is_not_a_project(demo_copy, tmp_path):
    text = tmp_path / "notities.werkbank"
    text.write_text("geen project", encoding="utf-8")
    other = tmp_path / "andere.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE documents (id INTEGER)")
    conn.close()
    before = _snapshot(demo_copy)
    for bad in (text, other, tmp_path / "bestaat-niet.werkbank"):
        result = _run("restore", str(demo_copy), str(bad))
        assert result.exit_code == 1
        assert "error:" in result.output and bad.name in result.output
    assert backups.backups(demo_copy) == []  # refused before anything was touched
    assert _snapshot(demo_copy) == before
    with pytest.raises(ProjectError, match="cannot overwrite the project"):
        backups.backup(demo_copy, demo_copy)


def test_backups_keep_the_newest_and_run_when_due(demo_copy):
    made = [backups.backup(demo_copy, keep=3) for _ in range(5)]
    kept = backups.backups(demo_copy)
    assert kept == made[-3:]
    assert backups.backup_if_due(demo_copy) is None  # the newest is seconds old
    old_stamp = (datetime.now(timezone.utc) - timedelta(hours=30)).strftime("%Y%m%dT%H%M%S%fZ")
    stale = kept[-1].with_name(f"{demo_copy.stem}-{old_stamp}-manual.werkbank")
    kept[-1].rename(stale)
    for path in kept[:-1]:
        path.unlink()
    assert backups.backups(demo_copy) == [stale]
    due = backups.backup_if_due(demo_copy, hours=24)
    assert due is not None and "scheduled" in due.name and _codings(due) == _codings(demo_copy)


def test_risky_operations_back_up_first(demo_copy, tmp_path):
    from coding.importers import import_mailbox

    answers = tmp_path / "mailbox.csv"
    answers.write_text("Functie;Onderwijsvorm;Wat loopt goed?\nleerkracht;gewoon onderwijs;Het overleg.\n",
                       encoding="utf-8")
    with open_project(demo_copy) as project:
        import_mailbox(project, answers, "an")
    [made] = backups.backups(demo_copy)
    assert "before-mailbox-import" in made.name
    assert _codings(made) == _codings(demo_copy)

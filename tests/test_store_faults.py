"""Faults of the file or the machine each end in their own one-line message, and nothing is half-written.

Disk full and read-only run the real CLI on a small tmpfs in a private mount namespace
(`unshare -rm`); they are skipped where mounting is not allowed.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coding.codings.operations import add_coding
from coding.store import project as store
from coding.store.project import ProjectError, now, open_project
from coding.store.schema import SCHEMA_VERSION

# The tests in this process pin the core's errors by their English text (see the `english` fixture);
# the command lines they start speak the default language, Dutch.
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parents[1]
REPORT = "\n\n".join(f"Leerkracht {i % 5}: De ondersteuner kwam elke week langs en we plannen samen de lessen "
                     f"voor groep {i}." for i in range(300))


def _in_tmpfs(tmp_path: Path, size: str, script: str) -> subprocess.CompletedProcess:
    """Run a shell script with $D a fresh tmpfs of `size`, $W the werkbank CLI, in its own mount namespace."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=1m tmpfs {tmp_path}"],
                           capture_output=True)
    if probe.returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here")
    mount = tmp_path / "mnt"
    mount.mkdir()
    body = f"set -u\nD={mount}\nW='{sys.executable} -m app.cli'\nmount -t tmpfs -o size={size} tmpfs $D\n" + \
        textwrap.dedent(script)
    return subprocess.run(["unshare", "-rm", "bash", "-c", body], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "WERKBANK_CODER": "an"},
                          timeout=300)


def test_full_disk_ends_an_import_with_one_line_and_the_project_still_opens(tmp_path):
    report = tmp_path / "verslag.txt"
    report.write_text(REPORT)
    result = _in_tmpfs(tmp_path, "3m", f"""
        $W init $D/p.werkbank >/dev/null
        {sys.executable} -c "import os; s = os.statvfs('$D'); open('$D/filler', 'wb').write(bytes(max(s.f_bavail * s.f_frsize - 40000, 0)))"
        $W import $D/p.werkbank {report}; echo "import=$?"
        $W list $D/p.werkbank documents; echo "list=$?"
        rm $D/filler
        $W import $D/p.werkbank {report} >/dev/null; echo "again=$?"
        $W list $D/p.werkbank documents | wc -l
        {sys.executable} -c "import sqlite3; print(sqlite3.connect('$D/p.werkbank').execute('PRAGMA integrity_check').fetchone()[0])"
    """)
    lines = result.stderr.strip().splitlines()
    assert "is vol; er is niets geschreven" in lines[0] and lines[1:] == ["geen documenten"], result.stderr
    assert "Traceback" not in result.stderr and "rollback" not in result.stderr
    out = result.stdout.split()
    assert "import=1" in out and "list=0" in out and "again=0" in out
    assert out[-2:] == ["2", "ok"]   # header + the one document imported once space was free


def test_read_only_project_can_be_read_and_a_write_says_so(tmp_path):
    report = tmp_path / "verslag.txt"
    report.write_text(REPORT)
    result = _in_tmpfs(tmp_path, "20m", f"""
        $W init $D/p.werkbank >/dev/null
        $W import $D/p.werkbank {report} >/dev/null
        mount -o remount,ro $D
        $W list $D/p.werkbank documents | wc -l
        $W undo $D/p.werkbank; echo "undo=$?"
    """)
    assert result.stdout.split() == ["2", "undo=1"], (result.stdout, result.stderr)
    assert result.stderr.strip().splitlines() == [
        f"fout: {tmp_path / 'mnt' / 'p.werkbank'} is alleen-lezen; er is niets geschreven (controleer de rechten "
        "van het bestand of kopieer het naar een map waarin je kunt schrijven)"]


def test_a_lock_held_beyond_the_retry_time_gets_its_own_message(tmp_path, monkeypatch):
    path = tmp_path / "p.werkbank"
    with open_project(path, create=True) as project, project.write("seed", "seed") as tx:
        document = tx.insert("documents", {"name": "d", "kind": "interview", "text": "Een tekst.", "sha256": "x",
                                           "imported_at": now()})
        tx.insert("codebooks", {"id": "cb", "title": "T", "version": "1", "imported_at": now()})
        code = tx.insert("codes", {"codebook_id": "cb", "key": "a", "label": "A"})
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(store, "LOCK_RETRY_SECONDS", 0.3)
    try:
        with open_project(path) as project:
            project.conn.execute("PRAGMA busy_timeout = 50")
            with pytest.raises(ProjectError, match=r"is locked by another program for more than 0 s; nothing"):
                add_coding(project, "an", document, 0, 3, code)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)


def test_a_foreign_sqlite_file_is_refused_and_never_migrated(tmp_path):
    foreign = tmp_path / "klanten.sqlite"
    conn = sqlite3.connect(foreign)
    conn.executescript("CREATE TABLE klanten (id INTEGER PRIMARY KEY, naam TEXT); INSERT INTO klanten VALUES (1, 'x');")
    conn.close()
    before = _digest(foreign)
    for args in (["list", str(foreign), "documents"], ["undo", str(foreign)]):
        result = _cli(*args)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"fout: {foreign} is een SQLite-databank van een ander programma, geen Werkbank-project; "
            "het bleef ongewijzigd"]
    assert _digest(foreign) == before and not Path(f"{foreign}-wal").exists()
    assert sqlite3.connect(foreign).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_newer_schema_and_a_non_database_each_get_their_own_line(tmp_path):
    newer = tmp_path / "nieuw.werkbank"
    open_project(newer, create=True).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = _digest(newer)
    result = _cli("list", str(newer), "codes")
    assert result.stderr.strip().splitlines() == [
        f"fout: {newer} werd gemaakt door een nieuwere Werkbank (schema {SCHEMA_VERSION + 1}, deze leest tot "
        f"{SCHEMA_VERSION}); werk Werkbank bij"]
    assert _digest(newer) == before
    garbage = tmp_path / "notities.werkbank"
    garbage.write_bytes(b"geen database " * 100)
    result = _cli("list", str(garbage), "codes")
    assert result.stderr.strip().splitlines() == [f"fout: {garbage} is geen Werkbank-projectbestand"]

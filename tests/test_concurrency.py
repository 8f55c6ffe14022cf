"""Many processes, one project file: a killed import leaves no trace, concurrent writers lose nothing."""

import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

from coding import analysis
from coding.codings.operations import add_coding
from coding.importers import import_file
from coding.store.project import now, open_project

ROOT = Path(__file__).resolve().parent.parent

# The child imports a large report and stops just before COMMIT (when the event row would be
# written): every unit and index row of the import has been written into the open transaction.
CRASHING_IMPORT = """
import sys, time
from coding.importers import import_file
from coding.store.project import open_project

class PauseBeforeCommit:
    def __init__(self, conn):
        self._conn = conn
    def __getattr__(self, name):
        return getattr(self._conn, name)
    def execute(self, sql, *args):
        if sql.startswith("INSERT INTO events"):
            print("inside the transaction", flush=True)
            time.sleep(120)
        return self._conn.execute(sql, *args)

project = open_project(sys.argv[1])
project.conn.execute("PRAGMA cache_size = -256")  # small page cache: the open transaction spills to the WAL
project.conn = PauseBeforeCommit(project.conn)
import_file(project, sys.argv[2], "crash")
"""


def _report(path, paragraphs):
    lines = [f"Leerkracht {n % 7}: In week {n} overlegden we over de planning van de klas. "
             f"De ondersteuner gaf tips voor leerling {n}, en dat hielp." for n in range(paragraphs)]
    path.write_text("\n\n".join(lines), encoding="utf-8")
    return path


def _state(path):
    with open_project(path) as project:
        tables = [r[0] for r in project.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'units_fts%'")]
        counts = {t: project.db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}
        counts["fts matches"] = project.db.execute(
            "SELECT count(*) FROM units_fts WHERE units_fts MATCH 'planning'").fetchone()[0]
        assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        project.db.execute("INSERT INTO units_fts(units_fts) VALUES ('integrity-check')")
        return counts


def _seed(path, text="Een korte tekst. " * 40):
    with open_project(path, create=True) as project, project.write("seed", "seed") as tx:
        document = tx.insert("documents", {"name": "basis", "kind": "groepsgesprek", "text": text, "sha256": "x",
                                           "imported_at": now()})
        tx.insert("codebooks", {"id": "cb", "title": "Test", "version": "1", "imported_at": now()})
        code = tx.insert("codes", {"codebook_id": "cb", "key": "a", "label": "A"})
    return document, code


def test_import_killed_mid_transaction_leaves_project_exactly_as_before(tmp_path):
    db = tmp_path / "p.db"
    document, code = _seed(db)
    with open_project(db) as project:
        import_file(project, _report(tmp_path / "klein.txt", 20), "an")
        add_coding(project, "an", document, 0, 4, code)
    before = _state(db)
    wal = Path(f"{db}-wal")
    wal_before = wal.stat().st_size if wal.exists() else 0
    child = subprocess.Popen([sys.executable, "-c", CRASHING_IMPORT, str(db), str(_report(tmp_path / "groot.txt", 1500))],
                             cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "inside the transaction"
        assert wal.stat().st_size > wal_before + 500_000  # uncommitted rows of the import are on disk
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    assert _state(db) == before
    with open_project(db) as project:  # and the project keeps working
        import_file(project, _report(tmp_path / "ander.txt", 30), "an")
        add_coding(project, "an", document, 4, 8, code)
        assert project.db.execute("SELECT count(*) FROM codings").fetchone()[0] == 2


def _write_codings(path, coder, document, code, count, barrier):
    with open_project(path) as project:
        barrier.wait()
        for n in range(count):
            add_coding(project, coder, document, n, n + 1, code, memo=f"{coder} {n}")


def _import(path, report, barrier):
    with open_project(path) as project:
        barrier.wait()
        import_file(project, report, "importer")


def _analyse(path, barrier, stop, runs):
    """A reader that keeps running analyses while the others write; any error fails its exit code."""
    with open_project(path) as project:
        barrier.wait()
        while not stop.is_set():
            table = analysis.frequencies(project)
            assert (table["fragments"] >= 0).all()
            analysis.fragments(project)
            runs.value += 1


def test_concurrent_writers_lose_nothing(tmp_path):
    db = tmp_path / "p.db"
    document, code = _seed(db)
    report = _report(tmp_path / "verslag.txt", 300)
    coders, per_coder = ["an", "bert", "carla", "dirk"], 150
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(coders) + 2)
    stop, runs = context.Event(), context.Value("i", 0)
    workers = [context.Process(target=_write_codings, args=(db, coder, document, code, per_coder, barrier))
               for coder in coders]
    workers.append(context.Process(target=_import, args=(db, report, barrier)))
    reader = context.Process(target=_analyse, args=(db, barrier, stop, runs))
    reader.start()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    stop.set()
    reader.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * len(workers)
    assert reader.exitcode == 0 and runs.value > 0  # the reader ran analyses throughout, never "locked"

    with open_project(db) as project:
        rows = project.db.execute("SELECT coder, start, memo FROM codings").fetchall()
        assert len(rows) == len(coders) * per_coder
        assert {(c, s) for c, s, _ in rows} == {(c, n) for c in coders for n in range(per_coder)}
        assert all(memo == f"{c} {s}" for c, s, memo in rows)
        events = dict(project.db.execute("SELECT actor, count(*) FROM events WHERE action = 'code' GROUP BY actor"))
        assert events == {coder: per_coder for coder in coders}
        assert project.db.execute("SELECT count(*) FROM events WHERE action = 'import'").fetchone()[0] == 1
        assert project.db.execute("SELECT count(*) FROM units WHERE kind = 'turn'").fetchone()[0] == 300
        assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

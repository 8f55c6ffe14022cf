"""Many coders at once on one project file: 8 writer processes x 1,000 codings while a reader analyses.

Each writer adds its codings one by one (one transaction and one event each, as the app does);
a reader process runs `frequencies` and `fragments` in a loop meanwhile. The run checks that every
coding and every event is there afterwards and that no process saw "database is locked". The
baseline, measured in the same run, is ONE writer adding the same number of codings alone, so the
ratio says what contention costs. Everything written is SYNTHETIC (coders "synthetic-N").

    python bench/concurrency_bench.py [--writers 8] [--codings 1000]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coding import analysis  # noqa: E402
from coding.codings.operations import add_coding  # noqa: E402
from coding.store.project import now, open_project  # noqa: E402


def seed(path: Path) -> tuple[int, int]:
    with open_project(path, create=True) as project, project.write("bench", "seed") as tx:
        document = tx.insert("documents", {"name": "SYNTHETIC", "kind": "groepsgesprek",
                                           "text": "SYNTHETIC filler. " * 200, "sha256": "x", "imported_at": now()})
        tx.insert("codebooks", {"id": "cb", "title": "SYNTHETIC", "version": "1", "imported_at": now()})
        code = tx.insert("codes", {"codebook_id": "cb", "key": "a", "label": "SYNTHETIC A"})
    return document, code


def write(path, coder, document, code, count, barrier, latencies) -> None:
    with open_project(path) as project:
        barrier.wait()
        worst = 0.0
        for n in range(count):
            started = time.perf_counter()
            add_coding(project, coder, document, n % 3000, n % 3000 + 1, code, memo=f"{coder} {n}")
            worst = max(worst, time.perf_counter() - started)
        latencies.put(worst)


def read(path, barrier, stop, runs) -> None:
    with open_project(path) as project:
        barrier.wait()
        while not stop.is_set():
            analysis.frequencies(project)
            analysis.fragments(project)
            runs.value += 1


def run(path: Path, writers: int, count: int, reader: bool) -> dict[str, float]:
    document, code = seed(path)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(writers + (1 if reader else 0) + 1)
    stop, runs, latencies = context.Event(), context.Value("i", 0), context.Queue()
    procs = [context.Process(target=write, args=(path, f"synthetic-{w}", document, code, count, barrier, latencies))
             for w in range(writers)]
    reading = context.Process(target=read, args=(path, barrier, stop, runs)) if reader else None
    for proc in procs + ([reading] if reading else []):
        proc.start()
    barrier.wait()
    started = time.perf_counter()
    for proc in procs:
        proc.join()
    seconds = time.perf_counter() - started
    stop.set()
    if reading:
        reading.join()
    failed = [p.exitcode for p in procs + ([reading] if reading else []) if p.exitcode != 0]
    worst = max(latencies.get() for _ in procs)
    with open_project(path) as project:
        codings = project.db.execute("SELECT count(*) FROM codings").fetchone()[0]
        events = project.db.execute("SELECT count(*) FROM events WHERE action = 'code'").fetchone()[0]
        ok = project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    expected = writers * count
    assert not failed, f"processes failed: {failed}"
    assert codings == expected and events == expected and ok, (codings, events, ok)
    return {"seconds": seconds, "per_second": expected / seconds, "worst_ms": worst * 1000,
            "analyses": runs.value}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--codings", type=int, default=1000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    alone = run(folder / "alone.db", 1, args.codings, reader=False)
    many = run(folder / "many.db", args.writers, args.codings, reader=True)
    print(f"1 writer alone:           {args.codings:,} codings in {alone['seconds']:.1f} s "
          f"({alone['per_second']:.0f}/s), worst single write {alone['worst_ms']:.0f} ms")
    print(f"{args.writers} writers + 1 reader:     {args.writers * args.codings:,} codings in {many['seconds']:.1f} s "
          f"({many['per_second']:.0f}/s, {many['per_second'] / alone['per_second']:.2f}x the lone writer's rate), "
          f"worst single write {many['worst_ms']:.0f} ms, {many['analyses']} analyses meanwhile")
    print("every coding and every event present, integrity_check ok, no 'database is locked'")


if __name__ == "__main__":
    main()

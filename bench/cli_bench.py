"""Start-up of the `werkbank` command: wall time of everyday commands against `python -c pass`.

A user scripting Werkbank (or coding one fragment at a time) pays the command's start-up on every
call, so the commands that do little work must start at once. Each command is run `--repeat` times
(default 7), interleaved with `python -c pass` of the same interpreter so both see the same machine
load; the median counts. The project is a copy of the demo project (built once, or `--project`).
Each command runs once before it is timed, with PYTHONDONTWRITEBYTECODE removed from its environment,
so that it is timed as a user meets it from the second call on: with its bytecode cached (a fresh
`pip install -e .` compiles Werkbank's own modules on first use; without the cache every call
compiles them again, ~40 ms).

Each call's CPU seconds (user + system, from the children's rusage) are printed beside its wall time:
on a loaded machine the wall time is mostly waiting for a core, and the CPU ratio says what the
command itself costs.

Targets (issue #16): `--help`, `list` and `code` each under 0.3 s wall and under 3x `python -c pass`;
`search` under 0.3 s.

    python bench/cli_bench.py [--repeat N] [--project demo.werkbank]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 0.3
TARGET_RATIO = 3.0
WERKBANK = Path(sys.executable).with_name("werkbank")
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def wall(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    seconds, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def commands(project: Path) -> dict[str, list[list[str]] | list[str]]:
    """The measured calls; `code` codes a new sentence each time so every run is a real write."""
    conn = sqlite3.connect(project)
    document, = conn.execute("SELECT name FROM documents WHERE kind = 'groepsgesprek' ORDER BY id LIMIT 1").fetchone()
    spans = conn.execute("""SELECT u.start, u.end FROM units u JOIN documents d ON d.id = u.document_id
                            WHERE d.name = ? AND u.kind = 'sentence' ORDER BY u.start""", [document]).fetchall()
    code, = conn.execute("SELECT key FROM codes WHERE active = 1 AND parent_id IS NOT NULL LIMIT 1").fetchone()
    conn.close()
    base = [str(WERKBANK)]
    return {
        "--help": base + ["--help"],
        "list documents": base + ["list", str(project), "documents"],
        "list codes": base + ["list", str(project), "codes"],
        "code": [base + ["code", str(project), document, str(s), str(e), code, "--valence", "sterkte"]
                 for s, e in spans],
        "undo": base + ["undo", str(project)],
        "search": base + ["search", str(project), "leerkrachten"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--project", type=Path, help="an existing demo project (copied, never changed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="werkbank-cli-bench-") as folder:
        work = Path(folder)
        project = work / "demo.werkbank"
        if args.project:
            shutil.copy(args.project, project)
        else:
            subprocess.run([str(WERKBANK), "demo", str(project)], check=True, stdout=subprocess.DEVNULL)
        calls = commands(project)
        print(f"{'command':<16} {'median s':>9} {'pass s':>8} {'ratio':>6} {'CPU s':>7} {'pass CPU':>8} "
              f"{'ratio':>6}  target: < {TARGET_SECONDS} s and < {TARGET_RATIO}x (--help, list, code)")
        for name, call in calls.items():
            times, bases = [], []
            wall(call[-1] if isinstance(call[0], list) else call)  # writes the bytecode cache
            for i in range(args.repeat):
                argv = call[i % len(call)] if isinstance(call[0], list) else call
                bases.append(wall([sys.executable, "-c", "pass"]))
                times.append(wall(argv))
            (median, cpu), (base, base_cpu) = ([statistics.median(column) for column in zip(*runs)]
                                               for runs in (times, bases))
            print(f"{name:<16} {median:>9.3f} {base:>8.3f} {median / base:>5.2f}x {cpu:>7.3f} {base_cpu:>8.3f} "
                  f"{cpu / base_cpu:>5.2f}x")


if __name__ == "__main__":
    main()

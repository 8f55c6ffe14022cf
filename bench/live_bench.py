"""Live capture round trip: save a point, then read the wall data that shows it.

With 500 points already in the session (target: < 1 s per round trip), against the same round trip
in a session with 10 points (baseline measured in the same run) to show how it grows.

    python bench/live_bench.py [--points 500] [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from live_fixture import BRANCHES, build_live_project  # noqa: E402

from coding.live import session as live  # noqa: E402
from coding.store.project import open_project  # noqa: E402


def round_trips(folder: Path, points: int, repeat: int) -> list[float]:
    """Seconds per capture + wall read, in a session that already holds `points` points."""
    ids = build_live_project(folder / f"live_{points}.db")
    cases = list(ids["cases"].values())
    codes = [ids["codes"][c] for children in BRANCHES.values() for c in children]
    with open_project(ids["path"]) as project:
        for i in range(points):
            live.capture(project, "bench", ids["session"], cases[i % len(cases)], f"Voorbereid punt {i} over de vorming.",
                         codes[i % len(codes)], "sgn"[i % 3])
        timings = []
        for i in range(repeat):
            text = f"Nieuw punt {i} tijdens de meting."
            start = time.perf_counter()
            live.capture(project, "bench", ids["session"], cases[i % len(cases)], text, codes[0], "s")
            wall = live.wall(project.db.conn, ids["session"])
            timings.append(time.perf_counter() - start)
            theme = next(t for t in wall["themes"] if t["code_id"] == ids["codes"][list(BRANCHES)[0]])
            assert theme["latest"]["sterkte"][0] == text, "the saved point is not on the wall"
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = round_trips(Path(folder), 10, args.repeat)
        big = round_trips(Path(folder), args.points, args.repeat)
    b, m = statistics.median(base), statistics.median(big)
    print(f"round trip (capture + wall data), median of {args.repeat}:")
    print(f"  10 points in session:  {b * 1000:7.1f} ms")
    print(f"  {args.points} points in session: {m * 1000:7.1f} ms  (max {max(big) * 1000:.1f} ms; "
          f"{m / b:.1f}x the 10-point baseline; target < 1000 ms: {'met' if max(big) < 1 else 'NOT met'})")


if __name__ == "__main__":
    main()

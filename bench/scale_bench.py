"""How Werkbank grows with project size: 10k, 100k and 1M codings (SYNTHETIC projects).

Everything built here is SYNTHETIC (see bench/analysis_bench.py: codebook `synthetic`, filler text,
inserted directly with executemany). Per size it reports:
  build      seconds to insert the project (the bulk path, not the user's import);
  retrieval  p50/p95 of `coding.analysis.fragments` for one code filtered on sector=GeO (the
             Fragments page's query), against p95 of a hand-written indexed SQL query returning the
             same fragments (plus their text, sliced in Python as the page does), in the same run;
  analysis   `coding.analysis.frequencies`, cold (first read after a change) and warm;
  page       the data a Fragments page rerun computes (`coding.analysis.retrieval.code_fragments` with
             context and attribution, the code choices and the attribute options), warm.
Target at 1M codings: retrieval p95 < 50 ms and <= 2x the hand-written query.

    python bench/scale_bench.py [--sizes 10000 100000 1000000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis_bench import build  # noqa: E402
from coding import analysis  # noqa: E402
from coding.codings import layout  # noqa: E402
from coding.analysis import retrieval  # noqa: E402
from coding.analysis.data import forget  # noqa: E402
from coding.store.project import Project, open_project  # noqa: E402

HAND_SQL = """SELECT c.document_id, c.start, c.end, c.case_id FROM codings c
              JOIN case_attributes a ON a.case_id = c.case_id AND a.name = 'sector' AND a.value = 'GeO'
              WHERE c.code_id = ? GROUP BY c.document_id, c.start, c.end ORDER BY c.document_id, c.start, c.end"""


def _hand(project: Project, code: int, texts: dict[int, str]) -> int:
    rows = project.conn.execute(HAND_SQL, [code]).fetchall()
    return len([texts[d][s:e] for d, s, e, _ in rows])


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def measure(path: Path, repeat: int) -> dict[str, float]:
    with open_project(path) as project:
        db = project.conn
        code = db.execute("SELECT code_id FROM codings GROUP BY code_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        texts = dict(db.execute("SELECT id, text FROM documents"))
        analysis.fragments(project, code_id=code, attributes={"sector": "GeO"}, rollup=False)  # first read
        ours, hand = [], []
        for _ in range(repeat):  # interleaved, so load on the machine hits both alike
            started = time.perf_counter()
            found = analysis.fragments(project, code_id=code, attributes={"sector": "GeO"}, rollup=False)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            count = _hand(project, code, texts)
            hand.append(time.perf_counter() - started)
        assert count == len(found), (count, len(found))  # the same fragments
        cold, warm = [], []
        for _ in range(3):
            forget(project)
            started = time.perf_counter()
            analysis.frequencies(project)
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            analysis.frequencies(project)
            warm.append(time.perf_counter() - started)
        page = []
        for _ in range(max(3, repeat // 10)):
            started = time.perf_counter()
            layout.code_choices(db)
            retrieval.attribute_options(db)
            retrieval.code_fragments(project, code, attributes={"sector": ["GeO"]})
            page.append(time.perf_counter() - started)
        return {"fragments": len(found), "p50": _p(ours, 50), "p95": _p(ours, 95), "hand_p95": _p(hand, 95),
                "freq_cold": min(cold), "freq_warm": min(warm), "page": statistics.median(page)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    print(f"{'codings':>9} {'build s':>8} {'fragments':>9} {'retr p50':>9} {'retr p95':>9} {'SQL p95':>8} "
          f"{'ratio':>6} {'freq cold':>9} {'freq warm':>9} {'page':>7}  (ms unless s)")
    for size in args.sizes:
        path = folder / f"synthetic-{size}.db"
        started = time.perf_counter()
        build(path, size, min(10_000, max(500, size // 100)))
        built = time.perf_counter() - started
        r = measure(path, args.repeat)
        verdict = ""
        if size >= 1_000_000:
            met = r["p95"] < 0.050 and r["p95"] <= 2 * r["hand_p95"]
            verdict = "  target p95<50 ms and <=2x SQL: " + ("met" if met else "NOT met")
        print(f"{size:>9,} {built:8.1f} {r['fragments']:>9,} {r['p50'] * 1000:9.1f} {r['p95'] * 1000:9.1f} "
              f"{r['hand_p95'] * 1000:8.1f} {r['p95'] / r['hand_p95']:6.2f} {r['freq_cold'] * 1000:9.0f} "
              f"{r['freq_warm'] * 1000:9.1f} {r['page'] * 1000:7.0f}{verdict}", flush=True)
        path.unlink()


if __name__ == "__main__":
    main()

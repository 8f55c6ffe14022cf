"""Speed of the analysis tables on a SYNTHETIC project of a million codings.

Everything this builds is SYNTHETIC (codebook `synthetic`, labels "SYNTHETIC ...", filler text):
it exists only to be timed. Each analysis is timed against one hand-written SQL GROUP BY over the
same codings in the same run (the number a bare query gives: no rolling up the tree, no distinct
fragments, no facilitator rule), so the ratio does not depend on how busy the machine is.
Target: each analysis under 0.5 s and at most 3x its bare SQL.

    python bench/analysis_bench.py [--codings 1000000] [--cases 10000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coding import analysis  # noqa: E402
from coding.analysis.data import forget  # noqa: E402
from coding.store.project import Project, now, open_project  # noqa: E402

SPEAKERS_PER_SESSION = 15
MAILBOX_SHARE = 0.1          # share of the cases that are mailbox respondents (one mailbox document)
MULTI_CODED = 0.15           # share of fragments that carry a second code
SESSION_TEXT = 40_000        # characters of filler text per session document
GROUPS = ["SYNTHETIC leerkrachten GeO", "SYNTHETIC ondersteuners BuO", "SYNTHETIC directies GeO",
          "SYNTHETIC directies BuO"]


def _codes(db) -> list[int]:
    """A SYNTHETIC tree: 6 themes x 5 codes, two of which have 3 sub-codes (66 codes, depth 3)."""
    db.execute("INSERT INTO codebooks (id, title, version, imported_at) VALUES ('synthetic', 'SYNTHETIC', '1', ?)",
               [now()])
    leaves, next_id = [], 1

    def add(parent: int | None, codable: int) -> int:
        nonlocal next_id
        db.execute("INSERT INTO codes (id, codebook_id, key, label, parent_id, position, codable) "
                   "VALUES (?, 'synthetic', ?, ?, ?, ?, ?)",
                   [next_id, f"syn.{next_id}", f"SYNTHETIC code {next_id}", parent, next_id, codable])
        next_id += 1
        return next_id - 1

    for _ in range(6):
        theme = add(None, 0)
        for j in range(5):
            code = add(theme, 1)
            leaves.append(code)
            if j < 2:
                leaves.extend(add(code, 1) for _ in range(3))
    return leaves


def build(path: Path, n_codings: int, n_cases: int, seed: int = 7) -> None:
    """Insert the SYNTHETIC project directly (executemany in one transaction): fast, not undoable."""
    rng = random.Random(seed)
    with open_project(path, create=True) as project:
        db = project.conn
        db.execute("BEGIN")
        leaves = _codes(db)
        n_mailbox = int(n_cases * MAILBOX_SHARE)
        n_sessions = -(-(n_cases - n_mailbox) // SPEAKERS_PER_SESSION)
        filler = ("SYNTHETIC filler text. " * (SESSION_TEXT // 23 + 1))[:SESSION_TEXT]
        mailbox_text = filler * max(1, n_mailbox // 100)
        documents, attributes = [], []
        for d in range(1, n_sessions + 2):
            mailbox = d == n_sessions + 1
            documents.append((d, f"SYNTHETIC {'mailbox' if mailbox else f'sessie {d}'}",
                              "mailbox" if mailbox else "groepsgesprek", mailbox_text if mailbox else filler,
                              "synthetic", now()))
            if not mailbox:
                attributes += [(d, "respondentgroep", GROUPS[d % 4]), (d, "regio", ["Centrum", "West", "Oost"][d % 3]),
                               (d, "sessie", f"S{d}"), (d, "datum", f"2016-0{1 + d % 9}-1{d % 10}")]
        db.executemany("INSERT INTO documents (id, name, kind, text, sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                       documents)
        db.executemany("INSERT INTO document_attributes (document_id, name, value) VALUES (?, ?, ?)", attributes)
        cases, case_attributes, case_document = [], [], {}
        for c in range(1, n_cases + 1):
            document = n_sessions + 1 if c > n_cases - n_mailbox else (c - 1) // SPEAKERS_PER_SESSION + 1
            case_document[c] = document
            cases.append((c, f"synthetic-{c}", f"SYNTHETIC spreker {c}", document))
            case_attributes += [(c, "sector", rng.choice(["GeO", "BuO"])),
                                (c, "rol", rng.choice(["leerkracht", "ondersteuner", "directie"])),
                                (c, "ondersteuningsmodel", rng.choice(["co-teaching", "ambulante ondersteuning"])),
                                (c, "onderwijsnet", rng.choice(["GO!", "OVSG", "Katholiek Onderwijs Vlaanderen"]))]
        db.executemany("INSERT INTO cases (id, name, label, document_id) VALUES (?, ?, ?, ?)", cases)
        db.executemany("INSERT INTO case_attributes (case_id, name, value) VALUES (?, ?, ?)", case_attributes)
        codings, stamp = [], now()
        while len(codings) < n_codings:
            case = rng.randint(1, n_cases)
            document = case_document[case]
            length = len(mailbox_text) if document == n_sessions + 1 else SESSION_TEXT
            start = rng.randrange(0, length - 400)
            end = start + rng.randint(40, 400)
            valence = rng.choices(["sterkte", "groeikans", "neutraal"], [45, 40, 15])[0]
            for code in rng.sample(leaves, 2 if rng.random() < MULTI_CODED else 1):
                codings.append((document, start, end, code, valence, "synthetic", case, stamp, stamp))
        db.executemany("INSERT INTO codings (document_id, start, end, code_id, valence, coder, case_id, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", codings[:n_codings])
        db.execute("COMMIT")


BARE = {
    "frequencies": """SELECT code_id, valence, count(*), count(DISTINCT case_id), count(DISTINCT document_id)
                      FROM codings GROUP BY code_id, valence""",
    "balance (by sector)": """SELECT c.code_id, c.valence, a.value, count(*) FROM codings c
                              LEFT JOIN case_attributes a ON a.case_id = c.case_id AND a.name = 'sector'
                              GROUP BY c.code_id, c.valence, a.value""",
    "matrix (code x respondentgroep)": """SELECT c.code_id, a.value, count(*) FROM codings c
                              LEFT JOIN document_attributes a ON a.document_id = c.document_id
                              AND a.name = 'respondentgroep' GROUP BY c.code_id, a.value""",
}


def measure(project: Project, repeat: int = 5) -> list[tuple[str, float, float, float]]:
    """(analysis, cold seconds, warm seconds, bare SQL seconds): best of `repeat`, runs interleaved.

    Cold: the codings are read from the file (what a first call or a call after any change costs).
    Warm: the project is unchanged since the previous analysis, so its read is reused.
    """
    runs = {
        "frequencies": lambda: analysis.frequencies(project),
        "balance (by sector)": lambda: analysis.balance(project, by="sector"),
        "matrix (code x respondentgroep)": lambda: analysis.code_matrix(project, "respondentgroep"),
    }
    results = []
    for name, run in runs.items():
        cold, warm, bare = [], [], []
        for _ in range(repeat):
            for times, fn in ((bare, lambda: project.conn.execute(BARE[name]).fetchall()),
                              (cold, lambda: (forget(project), run())), (warm, run)):
                started = time.perf_counter()
                fn()
                times.append(time.perf_counter() - started)
        results.append((name, min(cold), min(warm), min(bare)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Build (or reuse) the SYNTHETIC project at this path.")
    args = parser.parse_args()
    path = args.keep or Path(tempfile.mkdtemp()) / "synthetic.db"
    if not path.exists():
        started = time.perf_counter()
        build(path, args.codings, args.cases)
        print(f"built SYNTHETIC project {path}: {args.codings:,} codings, {args.cases:,} cases "
              f"in {time.perf_counter() - started:.1f} s")
    with open_project(path) as project:
        print(f"{'analysis':34} {'bare SQL':>9} {'cold s':>7} {'ratio':>6} {'warm s':>7} {'ratio':>6}"
              "  target <0.5 s and <=3x: cold / warm")
        for name, cold, warm, bare in measure(project, args.repeat):
            verdict = ["met" if s < 0.5 and s <= 3 * bare else "NOT met" for s in (cold, warm)]
            print(f"{name:34} {bare:9.3f} {cold:7.3f} {cold / bare:6.2f} {warm:7.3f} {warm / bare:6.2f}"
                  f"  {verdict[0]} / {verdict[1]}")


if __name__ == "__main__":
    main()

"""Import throughput against a bare spaCy pass over the same texts, measured in the same run.

Data is SYNTHETIC (bench/synth.py): 10,000 mailbox reactions (~1M words) and 200 reports
(~500k words); `--quick` uses a tenth. The mailbox comes as exports of at most 2,500 reactions,
each under the text limit of one import (coding/files/limits.py), as a user would split it.
The baseline is the plain spaCy way to get the same sentences and lemmas: a separate
`spacy.blank("nl")` + sentencizer + lookup lemmatizer running `nlp.pipe` over the same answers
and paragraphs, nothing else. The import is the whole `werkbank` import: reading and decoding the
files, units, cases, sentences, lemmas, the FTS index, the possible names (coding/privacy/names.py)
and their review list, one transaction per file. (coding/text/nlp.py applies the sentencizer's
rule and the lemmatizer's table once per distinct word instead of running those components per
token, so its NLP step costs less than the baseline; the output is the same, see tests/test_nlp.py.)
Target: import time <= 1.5x the bare pass (issue #14). Both pipelines start cold (fresh
vocabularies; the name finder forgets what it judged per word, its word lists stay loaded). The
machine is shared, so each side is run `--repeat` times (default 3) and its best time counts;
the ratio is of CPU time (all work is in this one thread), with the wall-clock ratio beside it.

    python bench/import_bench.py [--quick] [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


import synth  # noqa: E402
from coding.privacy import names  # noqa: E402
from coding.text import nlp  # noqa: E402
from coding.importers import import_file, import_mailbox  # noqa: E402
from coding.store.project import open_project  # noqa: E402

TARGET_RATIO = 1.5
MAILBOX_PART = 2_500  # reactions per export: ~1.5M characters of answers, under MAX_TEXT_CHARS


def mailbox_texts(paths: list[Path]) -> list[str]:
    questions = range(5, 5 + len(synth.MAILBOX_QUESTIONS))
    texts = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
        texts += [row[i] for row in rows[1:] for i in questions if row[i].strip()]
    return texts


def write_mailboxes(folder: Path, respondents: int) -> list[Path]:
    """SYNTHETIC exports of at most MAILBOX_PART reactions each, `respondents` in all."""
    sizes = [min(MAILBOX_PART, respondents - start) for start in range(0, respondents, MAILBOX_PART)]
    return [synth.write_mailbox(folder / f"synthetisch_mailbox_{n}.csv", size, words_per_answer=25, seed=2 + n)
            for n, size in enumerate(sizes)]


def report_texts(paths: list[Path]) -> list[str]:
    return [p for path in paths for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]


def timed(action) -> tuple[float, float]:
    """(CPU seconds of this process, wall seconds). Everything runs in this one thread (SQLite
    included), so CPU time is the work done; wall time also counts waiting for a busy machine."""
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    return time.process_time() - cpu, time.perf_counter() - wall


def bare_pass(texts: list[str]) -> tuple[float, float]:
    pipeline = nlp.reference_pipeline()
    return timed(lambda: [None for _ in pipeline.pipe(texts, batch_size=nlp.BATCH_SIZE)])


def run_once(folder: Path, exports: list[Path], report_files: list[Path], datasets: dict[str, list[str]], rep: int
             ) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """(bare, import) (cpu, wall) seconds per dataset; both pipelines start with a fresh vocabulary."""
    nlp.pipeline.cache_clear()
    nlp._words.cache_clear()
    nlp._words()  # loading (tokenizer, lemma table) is outside the timings, as for the bare pipeline
    names.first_names(), names.surnames(), names._dutch_words(), names.zipf("de")  # so is loading the name
    # finder's word lists; what it learns per word is not:
    names._CHUNK_FLAGS.clear()
    for cached in (names._may_open, names._may_follow, names.is_dutch, names.zipf):
        cached.cache_clear()
    out = {}
    with open_project(folder / f"bench{rep}.db", create=True) as project:
        imports = {
            "mailbox": lambda: [import_mailbox(project, export, "bench") for export in exports],
            "reports": lambda: [import_file(project, path, "bench") for path in report_files],
        }
        for name, texts in datasets.items():
            out[name] = (bare_pass(texts), timed(imports[name]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the data")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best time of each side counts")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    respondents, reports, report_words = 10_000 // scale, 200 // scale, 2_500
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        exports = write_mailboxes(folder, respondents)
        report_files = synth.write_reports(folder / "verslagen", reports, report_words)
        datasets = {"mailbox": mailbox_texts(exports), "reports": report_texts(report_files)}
        runs = [run_once(folder, exports, report_files, datasets, rep) for rep in range(args.repeat)]
        with open_project(folder / "bench0.db") as project:
            units = project.db.execute("SELECT count(*) FROM units").fetchone()[0]
    print(f"SYNTHETIC data; {units} units stored; best of {args.repeat} runs; CPU seconds (wall in brackets)\n")
    print(f"{'data':8} {'texts':>7} {'words':>9} {'bare s':>14} {'bare w/s':>9} {'import s':>14} {'import w/s':>10} "
          f"{'ratio':>6} {'(wall)':>7}")
    worst = 0.0
    for name, texts in datasets.items():
        words = sum(len(t.split()) for t in texts)
        bare, bare_wall = (min(run[name][0][i] for run in runs) for i in (0, 1))
        whole, whole_wall = (min(run[name][1][i] for run in runs) for i in (0, 1))
        worst = max(worst, whole / bare)
        print(f"{name:8} {len(texts):7d} {words:9d} {bare:6.2f} ({bare_wall:5.2f}) {words / bare:9.0f} "
              f"{whole:6.2f} ({whole_wall:5.2f}) {words / whole:10.0f} {whole / bare:6.2f} ({whole_wall / bare_wall:5.2f})")
    print(f"\ntarget: import <= {TARGET_RATIO}x the bare pass: {'met' if worst <= TARGET_RATIO else 'NOT met'} "
          f"(worst {worst:.2f}x)")


if __name__ == "__main__":
    main()

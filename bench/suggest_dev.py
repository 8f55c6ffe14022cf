"""Suggestion quality on our own development sets, in one process: the held-out protocol of
bench/suggest_holdout.py (each fragment one document unit, k seeded folds, the other folds as the
coder's codings, top 3 per fragment) without its `werkbank` subprocesses, so a setting can be tried
in seconds. Use it on bench/dev/ and the demo only; bench/eval/ is measured with suggest_holdout.py.

    python bench/suggest_dev.py bench/dev/randvoorwaarden_dev.csv
    python bench/suggest_dev.py bench/dev/valence_report_dev.csv bench/dev/valence_dev.csv
    python bench/suggest_dev.py bench/dev/randvoorwaarden_dev.csv --misses   # which fragments it got wrong
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def codes_of(codebook_file: Path, codebook_id: str) -> list:
    """The codebook's codable codes as the model sees them, from a scratch project."""
    from coding.codebooks.operations import import_codebook
    from coding.codebooks.format import load
    from coding.store.project import open_project
    from coding.suggest.autocode import codebook_codes

    with tempfile.TemporaryDirectory() as folder:
        with open_project(Path(folder) / "dev.werkbank", create=True) as project:
            import_codebook(project, "dev", load(codebook_file))
            return codebook_codes(project.conn, codebook_id)


def run(path: Path, codes: list, folds: int, seed: int, misses: bool) -> dict[str, float]:
    from coding.suggest.evaluate import folds_of
    from coding.suggest.model import Example
    from coding.suggest.queue import train
    from coding.text import nlp
    from coding.text.scopes import ScopeUnit, join_sentences

    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_key = {c.key: c for c in codes}
    has_codes = "code" in rows[0]
    gold = [(by_key[r["code"]].id if has_codes else codes[0].id, r["valence"]) for r in rows]
    units = [ScopeUnit(n, 0, len(r["text"]), join_sentences(s.lemmas for s in sents))
             for n, (r, sents) in enumerate(zip(rows, nlp.sentences([r["text"] for r in rows])))]
    fold = folds_of(len(rows), folds, seed)
    hits1 = hits3 = valence_hits = 0
    wrong = []
    for f in range(folds):
        train_idx = [i for i in range(len(rows)) if fold[i] != f]
        test_idx = [i for i in range(len(rows)) if fold[i] == f]
        model = train(codes, [Example(units[i].lemmas, "", {gold[i][0]: gold[i][1]}, where=units[i].key)
                              for i in train_idx])
        for i, offers in zip(test_idx, model.suggest([units[i] for i in test_idx], top=3, reasons=False)):
            code, valence = gold[i]
            hits1 += offers[0].code_id == code
            hits3 += any(s.code_id == code for s in offers)
            valence_hits += offers[0].valence == valence
            if misses and (offers[0].code_id != code and has_codes or offers[0].valence != valence):
                names = {c.id: c.key for c in codes}
                wrong.append(f"{rows[i]['id']} gold {names[code] if has_codes else ''} {valence} | got "
                             f"{[names[s.code_id] for s in offers] if has_codes else ''} {offers[0].valence} | "
                             f"{rows[i]['text']}")
    n = len(rows)
    for line in wrong:
        print(line)
    return {"top1": hits1 / n, "top3": hits3 / n, "valence": valence_hits / n, "n": n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fragments", type=Path, nargs="+")
    parser.add_argument("--codebook-file", type=Path, default=ROOT / "codebooks" / "randvoorwaarden.yaml")
    parser.add_argument("--codebook", default="randvoorwaarden")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--misses", action="store_true", help="Print each fragment the model got wrong.")
    args = parser.parse_args()
    if any("eval" in p.parts for p in args.fragments):
        raise SystemExit("bench/eval/ is for measuring only: use bench/suggest_holdout.py")
    codes = codes_of(args.codebook_file, args.codebook)
    for path in args.fragments:
        started = time.process_time()
        r = run(path, codes, args.folds, args.seed, args.misses)
        print(f"{path.name}: {r['n']} fragments, {args.folds} folds: top-1 {r['top1']:.3f}  top-3 {r['top3']:.3f}  "
              f"valence {r['valence']:.3f}  ({time.process_time() - started:.0f} s CPU)")


if __name__ == "__main__":
    main()

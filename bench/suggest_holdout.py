"""Suggestion quality the way our held-out check measures it, through the `werkbank` command only.

Each fragment of a CSV (`id,text,code,valence`; `code` may be absent, see --code) becomes a document
of its own in a fresh project with the codebook; per fold (k folds, seeded) a copy of that project gets
the other folds' fragments as codings (`werkbank import-codings`, one coding per whole document) and
`werkbank suggest --unit document --top 3` proposes codes and a valence for the held-out fragments.
Reported: top-1 and top-3 accuracy of the codes, accuracy of the proposed valence, and the majority
baseline of the same folds (the training folds' most frequent codes and valence).

The sets under bench/eval/ were written by someone who never saw the model and are for measuring
only: never read them to tune the model, its cue lexicon or the codebook rules.

    python bench/suggest_holdout.py bench/eval/randvoorwaarden_eval.csv
    python bench/suggest_holdout.py bench/eval/valence_eval.csv          # no code column: one code for all
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODEBOOK = ROOT / "codebooks" / "randvoorwaarden.yaml"
CODER = "holdout"


def werkbank(*args: object) -> str:
    """Run one `werkbank` command from this checkout; stop the bench on an error."""
    result = subprocess.run([sys.executable, "-m", "app.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                            text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", str(ROOT))})
    if result.returncode != 0:
        raise SystemExit(f"werkbank {args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def first_code(project: Path, codebook: str) -> str:
    """The first codable code of the codebook, for a set without a code column."""
    sys.path.insert(0, str(ROOT))
    from coding.store.project import open_project
    from coding.suggest.autocode import codebook_codes
    with open_project(project) as p:
        return codebook_codes(p.conn, codebook)[0].key


def current_keys(codebook_file: Path) -> dict[str, str]:
    """Old code key -> the key its codings moved to, by the codebook's own history (the sets were coded
    against an earlier version; `werkbank codebook import` moves a project's codings the same way)."""
    sys.path.insert(0, str(ROOT))
    from coding.codebooks.format import final_key, parse
    book, _ = parse(codebook_file.read_text(encoding="utf-8"), codebook_file.name)
    return {old: final_key(book.history, old) for step in book.history for old in step.moved}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fragments", type=Path)
    parser.add_argument("--codebook-file", type=Path, default=CODEBOOK)
    parser.add_argument("--codebook", default="randvoorwaarden")
    parser.add_argument("--code", default=None, help="Code for every fragment of a set without a code column "
                                                     "(default: the codebook's first codable code).")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with open(args.fragments, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        texts = work / "texts"
        texts.mkdir()
        for row in rows:
            (texts / f"{row['id']}.txt").write_text(row["text"] + "\n", encoding="utf-8")
        master = work / "master.werkbank"
        werkbank("init", master)
        werkbank("codebook", "import", master, args.codebook_file)
        werkbank("import", master, *sorted(texts.iterdir()), "--kind", "groepsgesprek")
        fixed = None if "code" in rows[0] else (args.code or first_code(master, args.codebook))
        moved = current_keys(args.codebook_file)
        gold = [(moved.get(row.get("code") or fixed, row.get("code") or fixed), row["valence"]) for row in rows]
        remapped = sum(bool(row.get("code")) and row["code"] in moved for row in rows)
        from coding.suggest.evaluate import folds_of  # the folds `werkbank suggest-eval` deals

        fold = folds_of(len(rows), args.folds, args.seed)
        hits1 = hits3 = valence_hits = base1 = base3 = base_valence = 0
        for f in range(args.folds):
            train = [i for i in range(len(rows)) if fold[i] != f]
            test = [i for i in range(len(rows)) if fold[i] == f]
            project = work / f"fold{f}.werkbank"
            shutil.copy(master, project)
            codings = work / f"fold{f}.csv"
            with open(codings, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["document", "start", "end", "code", "valence", "coder"])
                writer.writerows([rows[i]["id"], "", "", gold[i][0], gold[i][1], CODER] for i in train)
            werkbank("import-codings", project, codings, "--codebook", args.codebook)
            out = work / f"fold{f}_suggestions.csv"
            werkbank("suggest", project, "--codebook", args.codebook, "--train-coder", CODER, "--unit", "document",
                     "--top", 3, "--out", out)
            proposed: dict[str, list[tuple[str, str]]] = {}
            with open(out, encoding="utf-8") as handle:
                for s in csv.DictReader(handle):
                    proposed.setdefault(s["document"], []).append((s["code_id"], s["valence"]))
            common = [c for c, _ in Counter(gold[i][0] for i in train).most_common(3)]
            common_valence = Counter(gold[i][1] for i in train).most_common(1)[0][0]
            for i in test:
                offers = proposed.get(rows[i]["id"], [])
                code, valence = gold[i]
                hits1 += bool(offers) and offers[0][0] == code
                hits3 += any(c == code for c, _ in offers[:3])
                valence_hits += bool(offers) and offers[0][1] == valence
                base1 += common[0] == code
                base3 += code in common
                base_valence += common_valence == valence
    n = len(rows)
    print(f"{args.fragments.name}: {n} fragments, {args.folds} folds (seed {args.seed}), through werkbank "
          f"import-codings + suggest --unit document --top 3 ({time.perf_counter() - started:.0f} s)")
    if remapped:
        print(f"{remapped} fragments' codes moved to their current key by the codebook's history")
    if fixed is None:
        print(f"codes    model top-1 {hits1 / n:.3f}  top-3 {hits3 / n:.3f}   "
              f"majority baseline top-1 {base1 / n:.3f}  top-3 {base3 / n:.3f}")
    print(f"valence  model {valence_hits / n:.3f}   majority baseline {base_valence / n:.3f}")


if __name__ == "__main__":
    main()

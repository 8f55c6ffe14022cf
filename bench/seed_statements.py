"""Valence statements from two real Flemish reports, for measuring only.

The reports are the reference documents in ../shared/seeds/ (a study of cooperation between regular
and special education, 002, and an evaluation of a support scheme, 004). Their sentences may not be
copied into this repository, so bench/dev/seed_statements.csv keeps only where each statement stands
(character offsets in the seed file) and how the report frames it: a strength (a success or
facilitating factor) or a growth point (an obstacle, a lack, a recommendation). A helper who saw
neither the model nor its lexicon picked and labelled them. This script cuts the statements out of
the seed files into a set that bench/suggest_dev.py reads:

    python bench/seed_statements.py /tmp/seed.csv                  # both reports
    python bench/seed_statements.py /tmp/seed002.csv --source 002   # one report, as a coder would train on it
    python bench/suggest_dev.py /tmp/seed002.csv /tmp/seed004.csv
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCES = ROOT / "bench" / "dev" / "seed_statements.csv"
SEEDS = ROOT.parent / "shared" / "seeds"


def statements(source: str | None = None) -> list[dict[str, str]]:
    """The statements as (id, text, valence), their text cut from the seed file and its PDF line
    breaks joined."""
    with open(REFERENCES, encoding="utf-8", newline="") as handle:
        references = [r for r in csv.DictReader(handle) if source in (None, r["source"])]
    texts = {}
    out = []
    for r in references:
        if r["source"] not in texts:
            texts[r["source"]] = next(SEEDS.glob(f"{r['source']}_*.txt")).read_text(encoding="utf-8")
        text = " ".join(texts[r["source"]][int(r["start"]):int(r["end"])].split())
        out.append({"id": f"{r['source']}_{r['start']}", "text": re.sub(r"(?<=\w)- (?=[a-z])", "-", text),
                    "valence": r["valence"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", choices=["002", "004"])
    args = parser.parse_args()
    rows = statements(args.source)
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "valence"], quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} statements -> {args.out}")


if __name__ == "__main__":
    main()

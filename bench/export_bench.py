"""Speed of the quote bank: 2,000 quotes to Word, on a SYNTHETIC project.

Everything built here is SYNTHETIC (codebook `synthetic`, filler sentences from bench/synth.py): it
exists only to be timed. Baseline, measured in the same run: python-docx writing the same 2,000
texts as bare paragraphs (no project reads, no anonymising, no attribution, no styles), so the
ratio shows what the quote bank adds. Target: under 10 s.

    python bench/export_bench.py [--quotes 2000] [--names 200]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document  # noqa: E402

from bench.synth import paragraph  # noqa: E402
from coding.store.project import open_project, now  # noqa: E402
from exports.quotes import write_quote_bank  # noqa: E402

CODES = 20


def build(path: Path, quotes: int, names: int) -> list[str]:
    """A SYNTHETIC project: one report of `quotes` turns, each coded once; `names` in the name table."""
    rng = random.Random(7)
    texts = [paragraph(rng, (1, 3)) for _ in range(quotes)]
    with open_project(path, create=True) as project, project.write("bench", "SYNTHETIC seed") as tx:
        tx.insert("codebooks", {"id": "synthetic", "title": "SYNTHETIC", "version": "1", "imported_at": now()})
        codes = [tx.insert("codes", {"codebook_id": "synthetic", "key": f"c{n}", "label": f"SYNTHETIC code {n}",
                                     "position": n}) for n in range(CODES)]
        text = "\n\n".join(texts)
        doc = tx.insert("documents", {"name": "SYNTHETIC verslag", "kind": "groepsgesprek", "text": text,
                                      "sha256": "synthetic", "imported_at": now()})
        offset = 0
        for n, body in enumerate(texts):
            case = tx.insert("cases", {"name": f"SYNTHETIC / Leerkracht {n}", "label": f"Leerkracht {n}",
                                       "document_id": doc})
            tx.insert("case_attributes", {"case_id": case, "name": "rol", "value": "leerkracht"})
            tx.insert("case_attributes", {"case_id": case, "name": "sector", "value": rng.choice(["GeO", "BuO"])})
            tx.insert("units", {"document_id": doc, "kind": "turn", "start": offset, "end": offset + len(body),
                                "case_id": case})
            tx.insert("codings", {"document_id": doc, "start": offset, "end": offset + len(body),
                                  "code_id": rng.choice(codes), "valence": rng.choice(["sterkte", "groeikans"]),
                                  "coder": "bench", "case_id": case, "selected": 1, "created_at": now(),
                                  "updated_at": now()})
            offset += len(body) + 2
        for n in range(names):
            tx.insert("replacements", {"name": f"Synthetischenaam{n}", "replacement": f"persoon {n}",
                                       "created_at": now()})
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=2000)
    parser.add_argument("--names", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        texts = build(folder / "bench.db", args.quotes, args.names)
        started = time.perf_counter()
        document = Document()
        for text in texts:
            document.add_paragraph(text)
        document.save(str(folder / "baseline.docx"))
        baseline = time.perf_counter() - started
        with open_project(folder / "bench.db") as project:
            started = time.perf_counter()
            result = write_quote_bank(project, folder / "quotes.docx", context=True, memo=True)
            elapsed = time.perf_counter() - started
        print(f"quote bank: {result['quotes']} quotes, {args.names} names in the table: {elapsed:.2f} s "
              f"(target < 10 s); bare python-docx baseline {baseline:.2f} s; ratio {elapsed / baseline:.1f}x")


if __name__ == "__main__":
    main()

"""Name finder: recall of planted names and false candidates per 500 words.

Two corpora, both fictional:
- `tests/data/names/` (written by someone who never saw the finder): four group-interview reports
  and a mailbox with 126 planted names and contact details of 11 kinds and their offsets
  (MANIFEST.yaml). Recall per kind, overlap-based (a found span that overlaps a planted one finds
  it); a found span that overlaps no planted span is a false candidate.
- our demo corpus (`corpora/sources/*.txt` and the mailbox answers of `corpora/mailbox/`): no
  planted names in its text, so every candidate is counted as false (targets: recall >= 0.95 on
  the first, at most one false candidate per 500 words on the demo corpus).

The listed school and place names (`sensitive_terms` of the manifest) are given to the finder as a
user would list them; the demo corpus has none. Run: python bench/names_bench.py
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coding.privacy.names import find  # noqa: E402

FIXTURE = ROOT / "tests" / "data" / "names"
WORDS = re.compile(r"\w+")


def fixture_texts() -> tuple[dict[str, str], dict]:
    """Texts keyed as the manifest names them: report file names, and 'mailbox.csv|R01|column'."""
    manifest = yaml.safe_load((FIXTURE / "MANIFEST.yaml").read_text(encoding="utf-8"))
    texts = {path.name: open(path, encoding="utf-8", newline="").read()
             for path in sorted(FIXTURE.glob("groepsgesprek_*.txt"))}
    with open(FIXTURE / "mailbox.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header = rows[0]
    for row in rows[1:]:
        for column in header[3:]:
            texts[f"mailbox.csv|{row[0]}|{column}"] = row[header.index(column)]
    return texts, manifest


def key(item: dict) -> str:
    return item["file"] if item["file"] != "mailbox.csv" else f"mailbox.csv|{item['row_respondent']}|{item['column']}"


def demo_texts() -> dict[str, str]:
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpora" / "sources").glob("*.txt"))}
    mapping = yaml.safe_load((ROOT / "corpora" / "mailbox" / "mapping_pwb.yaml").read_text(encoding="utf-8"))
    questions = [h for h, spec in mapping["columns"].items()
                 if spec == "question" or (isinstance(spec, dict) and spec.get("role") == "question")]
    with open(ROOT / "corpora" / "mailbox" / "mailbox_pwb.csv", encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            for question in questions:
                texts[f"mailbox|{n}|{question}"] = row[question]
    return texts


def main() -> None:
    texts, manifest = fixture_texts()
    terms = manifest["sensitive_terms"]
    started = time.perf_counter()
    found = {name: find(text, terms) for name, text in texts.items()}
    seconds = time.perf_counter() - started
    planted = manifest["planted"]
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    missed = []
    for item in planted:
        totals[item["kind"]] += 1
        if any(c.start < item["end"] and item["start"] < c.end for c in found[key(item)]):
            hits[item["kind"]] += 1
        else:
            missed.append(item)
    false = [(name, c) for name, cands in found.items() for c in cands
             if not any(c.start < p["end"] and p["start"] < c.end for p in planted if key(p) == name)]
    words = sum(len(WORDS.findall(t)) for t in texts.values())
    not_names = manifest["not_names"]
    flagged_not_names = [n for n in not_names
                         if any(c.start < n["end"] and n["start"] < c.end for c in found[key(n)])]
    print("== names fixture (tests/data/names) ==")
    for kind in manifest["kinds"]:
        print(f"  {kind:18} {hits[kind]:3}/{totals[kind]:<3} {hits[kind] / totals[kind]:.2f}")
    recall = sum(hits.values()) / len(planted)
    print(f"  recall {sum(hits.values())}/{len(planted)} = {recall:.3f} (target >= 0.95)")
    for item in missed:
        print(f"  missed {item['kind']}: {item['text']!r} ({key(item)})")
    print(f"  false candidates {len(false)} in {words} words = {len(false) / words * 500:.2f} per 500 words")
    for name, c in false:
        print(f"    false {c.kind}: {c.text!r} ({name})")
    print(f"  labelled not_names flagged: {len(flagged_not_names)}/{len(not_names)}"
          + "".join(f"\n    {n['text']!r} ({n['why']})" for n in flagged_not_names))
    print(f"  time {seconds:.2f} s for {words} words (word lists loaded on first use)")

    demo = demo_texts()
    started = time.perf_counter()
    demo_found = [(name, c) for name, text in demo.items() for c in find(text, [])]
    seconds = time.perf_counter() - started
    demo_words = sum(len(WORDS.findall(t)) for t in demo.values())
    rate = len(demo_found) / demo_words * 500
    print("== demo corpus (corpora/) ==")
    print(f"  candidates {len(demo_found)} in {demo_words} words = {rate:.2f} per 500 words (target <= 1)")
    for name, c in demo_found:
        print(f"    {c.kind}: {c.text!r} ({name})")
    print(f"  time {seconds:.2f} s")


if __name__ == "__main__":
    main()

"""Suggestion speed on SYNTHETIC data (bench/synth.py sentences; never real data).

Measures: fitting the model (codes and valence) on 2,000 coded units (target < 2 s), the refit
after one more coding (what the queue pays per coding), and suggesting the top 3 codes with a
valence and reasons for 10,000 units (target < 5 s). scikit-learn is imported before the clock
starts (the app and CLI pay that once per process). The baseline in the same run is rule matching
alone over the same 10,000 units, so the cost of the learned model is reported as a ratio to it.

    python bench/suggest_bench.py [--train 2000] [--units 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402

from coding.codebooks import operations as codebook_ops  # noqa: E402
from coding.text import nlp  # noqa: E402
from coding.suggest.autocode import RuleMatcher, codebook_codes  # noqa: E402
from coding.text.scopes import ScopeUnit, join_sentences  # noqa: E402
from coding.store.project import open_project  # noqa: E402
from coding.suggest.model import Example  # noqa: E402
from coding.suggest.queue import train  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def synthetic_units(count: int, seed: int) -> list[tuple[str, str]]:
    """(sentence text, SYNTHETIC context) pairs."""
    rng = random.Random(seed)
    return [(synth.sentence(rng), rng.choice(["positieve ervaring", "negatieve ervaring", "de klasvloer"]))
            for _ in range(count)]


def synthetic_label(text: str, codes: list, rng: random.Random) -> tuple[int, str]:
    """A SYNTHETIC coder: the object phrase decides the code (10% noise), the tail the valence."""
    lower = text.lower()
    index = next((n for n, o in enumerate(synth.OBJECTS) if o.lower() in lower), 0)
    code = codes[(index * 3) % len(codes)] if rng.random() > 0.1 else rng.choice(codes)
    valence = ("groeikans" if any(t in lower for t in ("knelpunt", "te weinig", "niet altijd")) else
               "sterkte" if any(t in lower for t in ("vertrouwen", "iedereen")) else "neutraal")
    return code.id, valence


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=2000)
    parser.add_argument("--units", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        with open_project(Path(folder) / "bench.werkbank", create=True) as project:
            codebook_ops.import_file(project, "bench", ROOT / "codebooks" / "randvoorwaarden.yaml")
            codes = codebook_codes(project.conn, "randvoorwaarden")
    nlp.pipeline()
    texts = synthetic_units(args.train + args.units, seed=11)
    started = time.perf_counter()
    lemmatised = nlp.sentences([t for t, _ in texts])
    lemmatise_s = time.perf_counter() - started
    units = [ScopeUnit(0, n * 1000, n * 1000 + len(t), join_sentences(s.lemmas for s in sents), " ".join(nlp.lemmas(c)))
             for n, ((t, c), sents) in enumerate(zip(texts, lemmatised))]
    rng = random.Random(5)
    labelled = [synthetic_label(t, codes, rng) for t, _ in texts[:args.train]]
    examples = [Example(u.lemmas, u.context, {code: valence}, where=u.key)
                for u, (code, valence) in zip(units[:args.train], labelled)]
    to_suggest = units[args.train:]
    matcher = RuleMatcher(codes)

    train(codes, examples[:50], matcher=matcher)    # imports scikit-learn, lemmatises the codebook and cues
    started, cpu = time.perf_counter(), time.process_time()
    model = train(codes, examples, matcher=matcher)
    fit_s, fit_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    extra = Example(to_suggest[0].lemmas, to_suggest[0].context, {codes[0].id: "sterkte"}, where=to_suggest[0].key)
    train(codes, [*examples, extra], matcher=matcher)
    refit_s = time.perf_counter() - started

    started = time.perf_counter()
    for unit in to_suggest:
        matcher.match(unit.lemmas)
    rules_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    found = model.suggest(to_suggest, top=3)
    suggest_s, suggest_cpu = time.perf_counter() - started, time.process_time() - cpu

    held_out = [synthetic_label(t, codes, rng)[0] for t, _ in texts[args.train:]]
    top1 = sum(row[0].code_id == gold for row, gold in zip(found, held_out)) / len(found)
    print("SYNTHETIC data (bench/synth.py): speed only, not a quality measure of real coding")
    print(f"codebook randvoorwaarden: {len(codes)} codable codes; lemmatising {len(texts)} sentences: {lemmatise_s:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; CPU time counts every thread")
    print(f"fit on {args.train} coded units: {fit_s:.2f} s wall, {fit_cpu:.2f} s CPU (target < 2 s)")
    print(f"refit after one more coding: {refit_s:.2f} s wall")
    print(f"suggest top 3 for {len(to_suggest)} units: {suggest_s:.2f} s wall, {suggest_cpu:.2f} s CPU (target < 5 s); "
          f"rules alone on the same units (baseline): {rules_s:.1f} s; ratio {suggest_s / rules_s:.1f} x")
    print(f"(sanity: top-1 agreement with the synthetic coder on held-out units: {top1:.2f})")


if __name__ == "__main__":
    main()

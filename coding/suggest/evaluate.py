"""How good are the suggestions, measured as a second coder against one human coder.

k-fold cross-validation over the units that coder labelled (folds by unit, seeded): the model is
trained on the other folds (plus the codebook's own examples and definitions, as in use) and ranks
the codes for each held-out unit. On the SAME folds two references are scored: the codebook rules
alone (codes ranked by how many of their terms match; no match = no suggestion, which counts as a
miss) and a baseline that always proposes the codes most frequent in the training folds.

Figures per method: top-1 and top-3 accuracy per unit (a hit when a suggested code is one of the
unit's human codes), precision and recall per code of the top-1 suggestion, and Krippendorff's
alpha (nominal) between the top-1 suggestion and the human code. A unit with several human codes
counts the one the method proposed when it proposed one of them, else the first the human coded;
"no suggestion" is its own category, so it disagrees. The same is reported for valence.

The learning curve repeats the model's folds with only a seeded share of each training fold (10,
25, 50 and 100% by default), so a coder sees how much the suggestions gain from more codings.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

import krippendorff
import numpy as np
import pandas as pd

from coding.suggest.autocode import RuleMatcher, codebook_codes, cue_valence
from coding.store.model import VALENCES
from coding.text.scopes import scope_units
from coding.store.project import ProjectError
from coding.suggest.queue import labels, train, training_examples

METHODS = ("model", "rules", "most frequent")
NONE = -1
CURVE = (0.1, 0.25, 0.5, 1.0)


@dataclass
class Evaluation:
    summary: pd.DataFrame     # one row per method
    per_code: pd.DataFrame    # method, code, support, precision, recall
    folds: int
    units: int
    curve: pd.DataFrame | None = None   # share, codings (mean per training fold), top1, top3, valence_accuracy


def folds_of(n: int, k: int, seed: int) -> list[int]:
    """Fold number per unit: a seeded shuffle dealt round-robin, so fold sizes differ by at most one."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    fold = [0] * n
    for position, index in enumerate(order):
        fold[index] = position % k
    return fold


def _alpha(human: list[int], method: list[int]) -> float:
    data = np.array([human, method], dtype=float)
    if len(set(data.ravel())) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _items(db: Any, codebook_id: str, coder: str, scope: str) -> tuple[list, list[tuple[Any, dict[int, str]]]]:
    codes = codebook_codes(db, codebook_id)
    units = scope_units(db, scope)
    labelled, _ = labels(db, codebook_id, coder, units)
    known = {c.id for c in codes}
    items = [(u, {c: v for c, v in labelled[u.key].items() if c in known}) for u in units if u.key in labelled]
    return codes, [(u, gold) for u, gold in items if gold]


def evaluate(db: Any, codebook_id: str, coder: str, folds: int = 5, scope: str = "sentence",
             seed: int = 1, curve: tuple[float, ...] = ()) -> Evaluation:
    """Cross-validate model, rules and most-frequent on the same folds of `coder`'s units; with
    `curve`, also the model trained on those shares of each training fold."""
    codes, items = _items(db, codebook_id, coder, scope)
    if folds < 2:
        raise ProjectError("suggest.evaluate.folds_must_at_least")
    if len(items) < folds:
        raise ProjectError("suggest.evaluate.coded_units_need_at", coder=coder, n_items=len(items),
                           codebook_id=codebook_id, folds=folds)
    if any(not 0 < share <= 1 for share in curve):
        raise ProjectError("suggest.evaluate.learning_curve_shares_must")
    fold = folds_of(len(items), folds, seed)
    matcher = RuleMatcher(codes)
    ranked: dict[str, list[list[int]]] = {m: [[] for _ in items] for m in METHODS}
    valence: dict[str, list[str]] = {m: ["neutraal"] * len(items) for m in METHODS}
    for f in range(folds):
        train_idx = [i for i in range(len(items)) if fold[i] != f]
        test_idx = [i for i in range(len(items)) if fold[i] == f]
        _model_fold(items, train_idx, test_idx, codes, matcher, ranked["model"], valence["model"])
        frequency = Counter(c for i in train_idx for c in items[i][1])
        by_frequency = sorted((c.id for c in codes), key=lambda c: -frequency[c])
        common_valence = Counter(v for i in train_idx for v in items[i][1].values()).most_common(1)[0][0]
        for i in test_idx:
            unit = items[i][0]
            ranked["rules"][i] = [h.code_id for h in matcher.match(unit.lemmas)]
            valence["rules"][i] = cue_valence(matcher, unit)[0]
            ranked["most frequent"][i] = by_frequency
            valence["most frequent"][i] = common_valence
    result = _score(items, ranked, valence, codes, folds)
    if curve:
        result.curve = _curve(items, fold, folds, codes, matcher, curve, seed, ranked["model"], valence["model"])
    return result


def _model_fold(items: list, train_idx: list[int], test_idx: list[int], codes: list, matcher: RuleMatcher,
                ranked: list[list[int]], valence: list[str]) -> None:
    """Train on train_idx, rank all codes and propose a valence for each unit of test_idx."""
    model = train(codes, training_examples([items[i][0] for i in train_idx], {items[i][0].key: items[i][1]
                                                                             for i in train_idx}), matcher=matcher)
    for i, row in zip(test_idx, model.suggest([items[i][0] for i in test_idx], top=len(codes), reasons=False)):
        ranked[i] = [s.code_id for s in row]
        valence[i] = row[0].valence


def _curve(items: list, fold: list[int], folds: int, codes: list, matcher: RuleMatcher, shares: tuple[float, ...],
           seed: int, full_ranked: list[list[int]], full_valence: list[str]) -> pd.DataFrame:
    rows = []
    for share in shares:
        ranked: list[list[int]] = [[] for _ in items]
        valence = ["neutraal"] * len(items)
        sizes = []
        for f in range(folds):
            train_idx = [i for i in range(len(items)) if fold[i] != f]
            random.Random(seed * 1000 + f).shuffle(train_idx)
            train_idx = sorted(train_idx[:max(1, round(share * len(train_idx)))])
            sizes.append(len(train_idx))
            if share == 1:
                continue
            _model_fold(items, train_idx, [i for i in range(len(items)) if fold[i] == f], codes, matcher,
                        ranked, valence)
        if share == 1:
            ranked, valence = full_ranked, full_valence
        n = len(items)
        rows.append({"share": share, "codings": round(sum(sizes) / folds),
                     "top1": sum(bool(r) and r[0] in g for r, (_, g) in zip(ranked, items)) / n,
                     "top3": sum(any(c in g for c in r[:3]) for r, (_, g) in zip(ranked, items)) / n,
                     "valence_accuracy": sum(_valence_hit(r, v, g) for r, v, (_, g) in zip(ranked, valence, items)) / n})
    return pd.DataFrame(rows)


def _valence_hit(ranks: list[int], valence: str, gold: dict[int, str]) -> bool:
    """As in _score: the valence the human gave the code the method proposed, else their first code."""
    top = ranks[0] if ranks else NONE
    return valence == gold[top if top in gold else next(iter(gold))]


def _score(items: list, ranked: dict[str, list[list[int]]], valence: dict[str, list[str]], codes: list,
           folds: int) -> Evaluation:
    summary, per_code = [], []
    for method in METHODS:
        human, machine, human_v, machine_v = [], [], [], []
        hits1 = hits3 = valence_hits = 0
        predicted: Counter = Counter()
        correct: Counter = Counter()
        support: Counter = Counter()
        for (unit, gold), ranks, v in zip(items, ranked[method], valence[method]):
            top = ranks[0] if ranks else NONE
            hits1 += top in gold
            hits3 += any(c in gold for c in ranks[:3])
            truth = top if top in gold else next(iter(gold))
            human.append(truth)
            machine.append(top)
            human_v.append(VALENCES.index(gold[truth]))
            machine_v.append(VALENCES.index(v))
            valence_hits += v == gold[truth]
            predicted[top] += 1
            correct[top] += top in gold
            support.update(gold.keys())
        n = len(items)
        summary.append({"method": method, "units": n, "top1": hits1 / n, "top3": hits3 / n,
                        "alpha": _alpha(human, machine), "valence_accuracy": valence_hits / n,
                        "valence_alpha": _alpha(human_v, machine_v)})
        for code in codes:
            if support[code.id] or predicted[code.id]:
                per_code.append({"method": method, "code_id": code.key, "code_label": code.label,
                                 "support": support[code.id], "suggested": predicted[code.id],
                                 "precision": correct[code.id] / predicted[code.id] if predicted[code.id] else np.nan,
                                 "recall": correct[code.id] / support[code.id] if support[code.id] else np.nan})
    return Evaluation(pd.DataFrame(summary), pd.DataFrame(per_code), folds, len(items))

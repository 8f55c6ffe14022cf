"""The learned part of suggestions: a linear model on lemma n-grams, plus rule and context evidence.

Deliberately simple and inspectable. Each unit becomes a sparse vector: tf-idf weighted lemma
unigrams and bigrams (L2-normalised), the lemmas of its context (question or heading, prefixed
`c:`), one indicator per code whose rules match it (`r:<code>`) and indicators for the valence
synonyms found in it or its context. One logistic regression per code (one-vs-rest, fitted jointly
with L-BFGS, L2-penalised) turns that into a score per code; a second one over the three valences
proposes the valence.

Training rows are the coder's coded units (weight 1), and, so that it works before the first
coding, the codebook itself: every example fragment (weight EXAMPLE_WEIGHT) and every code's
label + definition + inclusion + aliases + rule terms (weight DEFINITION_WEIGHT), each with that
code's rule indicator set, which teaches the model to trust rules until codings say otherwise.
Rejected suggestions are rows that say "not this code" for that unit only. Refitting starts from
the previous weights (warm start), so retraining after each coding costs a few iterations.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import optimize, sparse

from coding.suggest.autocode import CodeInfo, RuleHit, RuleMatcher
from coding.store.model import VALENCE_SYNONYMS, VALENCES
from coding.text.scopes import ScopeUnit

EXAMPLE_WEIGHT = 0.5
DEFINITION_WEIGHT = 0.3
CUE_WEIGHT = 2.0          # pseudo-rows that tie a valence synonym to its valence
L2 = 1e-4                 # penalty per unit of training weight (1e-3 and 3e-3 did worse on the demo)
MAX_ITER = 300
BATCH = 500               # units scored at once (bounds the dense similarity block)


@dataclass
class Example:
    """One training row: lemmas and context, the codes it has (code id -> valence), its weight."""

    lemmas: str
    context: str = ""
    codes: dict[int, str] = field(default_factory=dict)
    weight: float = 1.0
    rejected: frozenset[int] = frozenset()    # codes a coder said do NOT apply here
    source: str = "coding"                    # coding | example | definition
    where: Any = None                         # (document_id, start, end) of a coded unit


def _ngrams(lemmas: str, context: str) -> Counter:
    words = lemmas.split()
    grams = Counter(words)
    grams.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    grams.update(f"c:{w}" for w in context.split())
    return grams


class _Features:
    """Vocabulary, idf and the column layout, fixed at training time."""

    def __init__(self, grams: list[Counter], code_ids: list[int]):
        df: Counter = Counter()
        for g in grams:
            df.update(g.keys())
        self.vocab = {term: n for n, term in enumerate(sorted(df))}
        total = float(len(grams))
        self.idf = np.array([math.log((1 + total) / (1 + df[t])) + 1 for t in sorted(df)])
        self.rule_col = {code: len(self.vocab) + n for n, code in enumerate(code_ids)}
        base = len(self.vocab) + len(code_ids)
        self.cue_col = {(where, v): base + n for n, (where, v) in
                        enumerate((w, v) for w in ("text", "context") for v in VALENCES)}
        self.size = base + len(self.cue_col)

    def names(self) -> list[str]:
        out = [""] * self.size
        for term, col in self.vocab.items():
            out[col] = term
        for code, col in self.rule_col.items():
            out[col] = f"r:{code}"
        for (where, v), col in self.cue_col.items():
            out[col] = f"{where}:{v}"
        return out

    def matrix(self, grams: list[Counter], rules: list[set[int]], cues: list[dict[str, str]]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for i, (g, hit, cue) in enumerate(zip(grams, rules, cues)):
            terms = [(self.vocab[t], c) for t, c in g.items() if t in self.vocab]
            if terms:
                idx = np.fromiter((t for t, _ in terms), int, len(terms))
                w = (1 + np.log(np.fromiter((c for _, c in terms), float, len(terms)))) * self.idf[idx]
                w /= np.linalg.norm(w)
                rows += [i] * len(idx)
                cols += idx.tolist()
                vals += w.tolist()
            for code in hit:
                if code in self.rule_col:
                    rows.append(i)
                    cols.append(self.rule_col[code])
                    vals.append(1.0)
            for where, v in cue.items():
                rows.append(i)
                cols.append(self.cue_col[(where, v)])
                vals.append(1.0)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(grams), self.size))


def _fit_logistic(X: sparse.csr_matrix, Y: np.ndarray, W8: np.ndarray, start: np.ndarray | None) -> np.ndarray:
    """Weights (features + bias) x outputs of independent logistic regressions, fitted jointly.
    Y holds targets in [0, 1]; W8 the weight of each (row, output) cell (0 = no opinion)."""
    n, d = X.shape
    k = Y.shape[1]
    lam = L2 * max(W8.sum() / k, 1.0)
    Xt = X.T.tocsr()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        coef = theta.reshape(d + 1, k)
        z = X @ coef[:-1] + coef[-1]
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        value = (W8 * (np.logaddexp(0, z) - Y * z)).sum() + lam / 2 * (coef[:-1] ** 2).sum()
        g = W8 * (p - Y)
        grad = np.vstack([Xt @ g + lam * coef[:-1], g.sum(axis=0)])
        return value, grad.ravel()

    theta0 = start.ravel() if start is not None else np.zeros((d + 1) * k)
    result = optimize.minimize(loss, theta0, jac=True, method="L-BFGS-B",
                               options={"maxiter": MAX_ITER, "maxcor": 5})
    return result.x.reshape(d + 1, k)


@dataclass
class Suggestion:
    """One proposed code for one unit, with why."""

    unit: ScopeUnit
    code_id: int
    score: float
    valence: str
    valence_score: float
    rank: int
    reason: dict[str, Any]


class Suggester:
    """A fitted model for one codebook: `fit(examples)`, then `suggest(units)`."""

    def __init__(self, codes: list[CodeInfo], matcher: RuleMatcher | None = None):
        self.codes = codes
        self.code_ids = [c.id for c in codes]
        self.column = {c: n for n, c in enumerate(self.code_ids)}
        self.matcher = matcher or RuleMatcher(codes)
        self.features: _Features | None = None
        self.coef: np.ndarray | None = None
        self.valence_coef: np.ndarray | None = None
        self.fragments: sparse.csr_matrix | None = None   # n-gram vectors of coded units, for reasons
        self.fragment_examples: list[Example] = []
        self.fragments_of: list[np.ndarray] = []           # per code column: its coded fragments

    def _evidence(self, lemmas: str, context: str) -> tuple[set[int], dict[str, str]]:
        rules = {hit.code_id for hit in self.matcher.match(lemmas)}
        cues = {}
        for where, text in (("text", lemmas), ("context", context)):
            found = self.matcher.valence_cues(text)
            if len(found) == 1:
                cues[where] = next(iter(found))
        return rules, cues

    def fit(self, examples: list[Example], warm: Suggester | None = None) -> Suggester:
        """Fit both models on these rows (codebook rows included by the caller)."""
        grams = [_ngrams(e.lemmas, e.context) for e in examples]
        evidence = [self._evidence(e.lemmas, e.context) for e in examples]
        rules = [r | ({next(iter(e.codes))} if e.source == "definition" else set())
                 for (r, _), e in zip(evidence, examples)]
        cues = [c for _, c in evidence]
        # pseudo-rows: each valence synonym cue stands for its valence
        for where in ("text", "context"):
            for v in VALENCE_SYNONYMS:
                grams.append(Counter())
                rules.append(set())
                cues.append({where: v})
        self.features = _Features(grams, self.code_ids)
        X = self.features.matrix(grams, rules, cues)
        n, k = len(examples), len(self.code_ids)
        Y = np.zeros((X.shape[0], k))
        W8 = np.zeros((X.shape[0], k))
        V = np.zeros((X.shape[0], len(VALENCES)))
        VW = np.zeros((X.shape[0], len(VALENCES)))
        for i, e in enumerate(examples):
            if e.codes:
                W8[i] = e.weight
                for code in e.codes:
                    if code in self.column:
                        Y[i, self.column[code]] = 1.0
                if e.source == "coding":
                    counts = Counter(e.codes.values())
                    for v, c in counts.items():
                        V[i, VALENCES.index(v)] = c / len(e.codes)
                    VW[i] = e.weight
            for code in e.rejected:
                if code in self.column:
                    W8[i, self.column[code]] = max(e.weight, 1.0)
        for j in range(n, X.shape[0]):
            v = next(iter(cues[j].values()))
            V[j, VALENCES.index(v)] = 1.0
            VW[j] = CUE_WEIGHT
        self.coef = _fit_logistic(X, Y, W8, self._warm(warm, "coef", k))
        self.valence_coef = _fit_logistic(X, V, VW, self._warm(warm, "valence_coef", len(VALENCES)))
        coded = [i for i, e in enumerate(examples) if e.source == "coding" and e.codes]
        self.fragment_examples = [examples[i] for i in coded]
        self.fragments = self._ngram_part(X[coded])
        self.fragments_of = [np.array([n for n, e in enumerate(self.fragment_examples) if code in e.codes], int)
                             for code in self.code_ids]
        return self

    def _ngram_part(self, X: sparse.csr_matrix) -> sparse.csr_matrix:
        return X[:, :len(self.features.vocab)].tocsr()

    def _warm(self, warm: Suggester | None, name: str, k: int) -> np.ndarray | None:
        """The previous model's weights moved to this model's columns (new terms start at 0)."""
        old = getattr(warm, name, None) if warm is not None else None
        if old is None or warm.code_ids != self.code_ids:
            return None
        start = np.zeros((self.features.size + 1, k))
        where = {name: n for n, name in enumerate(warm.features.names())}
        for n, name in enumerate(self.features.names()):
            if name in where:
                start[n] = old[where[name]]
        start[-1] = old[-1]
        return start

    def scores(self, units: list[ScopeUnit]) -> tuple[np.ndarray, np.ndarray, sparse.csr_matrix, list[list[RuleHit]]]:
        """Code scores (units x codes), valence probabilities (units x 3), n-gram vectors, rule hits."""
        grams = [_ngrams(u.lemmas, u.context) for u in units]
        hits = [self.matcher.match(u.lemmas) for u in units]
        cues = [self._evidence(u.lemmas, u.context)[1] for u in units]
        X = self.features.matrix(grams, [{h.code_id for h in found} for found in hits], cues)
        code_p = 1 / (1 + np.exp(-np.clip(X @ self.coef[:-1] + self.coef[-1], -30, 30)))
        val = 1 / (1 + np.exp(-np.clip(X @ self.valence_coef[:-1] + self.valence_coef[-1], -30, 30)))
        val /= val.sum(axis=1, keepdims=True)
        return code_p, val, self._ngram_part(X), hits

    def suggest(self, units: list[ScopeUnit], top: int = 3,
                skip: set[tuple[tuple[int, int, int], int]] = frozenset(),
                reasons: bool = True) -> list[list[Suggestion]]:
        """The `top` codes per unit, best first; (unit key, code id) pairs in `skip` never come back."""
        out: list[list[Suggestion]] = []
        for first in range(0, len(units), BATCH):
            out += self._suggest_batch(units[first:first + BATCH], top, skip, reasons)
        return out

    def _suggest_batch(self, units: list[ScopeUnit], top: int, skip: Any, reasons: bool) -> list[list[Suggestion]]:
        code_p, val, vectors, hits = self.scores(units)
        similar = (vectors @ self.fragments.T).toarray() if reasons and self.fragments.shape[0] else None
        out = []
        for i, unit in enumerate(units):
            order = np.argsort(-code_p[i], kind="stable")
            chosen = [j for j in order if (unit.key, self.code_ids[j]) not in skip][:top]
            v = int(np.argmax(val[i]))
            matched = {h.code_id: h.matched for h in hits[i]}
            row = []
            for rank, j in enumerate(chosen, 1):
                code_id = self.code_ids[j]
                reason = self._reason(code_id, matched, similar, i, j) if reasons else {}
                row.append(Suggestion(unit, code_id, float(code_p[i, j]), VALENCES[v], float(val[i, v]), rank, reason))
            out.append(row)
        return out

    def _reason(self, code_id: int, matched: dict[int, tuple[str, ...]], similar: Any, i: int, j: int) -> dict[str, Any]:
        """The rule terms that matched and the most similar unit the coder gave this code."""
        reason: dict[str, Any] = {}
        if code_id in matched:
            reason["matched"] = list(matched[code_id])
        members = self.fragments_of[j] if similar is not None else []
        if len(members):
            best = members[int(np.argmax(similar[i, members]))]
            if similar[i, best] > 0:
                reason["similar"] = {"where": list(self.fragment_examples[best].where),
                                     "similarity": round(float(similar[i, best]), 3)}
        return reason


def codebook_examples(codes: list[CodeInfo]) -> list[Example]:
    """Training rows from the codebook itself: examples and definitions of each code."""
    from coding.text import nlp

    texts, meta = [], []
    for code in codes:
        for example in code.examples:
            texts.append(example)
            meta.append((code, "example", EXAMPLE_WEIGHT))
        terms = [t for kind in ("lemmas", "phrases") for t in code.rules.get(kind, [])]
        texts.append(" ".join([code.text, *terms]))
        meta.append((code, "definition", DEFINITION_WEIGHT))
    found = nlp.sentences(texts)
    return [Example(" ".join(s.lemmas for s in sents), "", {code.id: "neutraal"}, weight, source=source)
            for sents, (code, source, weight) in zip(found, meta)]

"""The learned part of suggestions: a scikit-learn pipeline per codebook, plus a nearest-example
second opinion and the valence classifier (coding.suggest.valence).

Each unit is four text columns: its lemmas (tf-idf word unigrams and bigrams, and `char_wb` 3-5
character n-grams, which tie Dutch compounds such as "ondersteuningsnetwerk" to "ondersteuning"), its
context (the lemmas of its question or heading) and the codes whose codebook rules match it (one
token per code). A multinomial logistic regression turns that into a probability per code, which
is calibrated by construction (it minimises log loss). Its second opinion is the coded units most
like this one (cosine over the word and character blocks): their codes, weighted by similarity,
are blended into the score, and the most similar one is shown as the reason ("lijkt op ...").

Training rows are the coder's coded units (weight 1, split over the codes of a unit) and, so that
it works before the first coding, the codebook itself: each code's label + definition + inclusion
+ aliases + rule terms (DEFINITION_WEIGHT, with that code's rule token set, which teaches the model
to trust rules until codings say otherwise) and each example (EXAMPLE_WEIGHT). A rejected
suggestion says "not this code here": after a first fit, the unit becomes rows for the codes the
model then prefers among the others (the soft label whose log loss is -log(1 - p(code))), and the
model is refitted from the first fit's weights. Fitting 2,000 codings takes about a second, so the
queue simply refits when the coder's codings or rejections change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

import numpy as np

from coding.store.model import VALENCES
from coding.suggest.autocode import CodeInfo, RuleHit, RuleMatcher
from coding.suggest.valence import ValenceModel
from coding.text.scopes import ScopeUnit, join_sentences

EXAMPLE_WEIGHT = 1.0       # a codebook example weighs as much as one coded unit
DEFINITION_WEIGHT = 0.5
SENTENCE_WEIGHT = 1.0     # each sentence of a code's label, definition and inclusion note
PARENT_SHARE = 0.5        # of those weights for a code with codes under it (coders code at the leaves)
C = 30.0                  # inverse L2 strength of the logistic regression
TOL = 3e-3                # its stopping tolerance: 3e-3 ranks as 1e-3 did in 70% of the iterations
WORD_MIN_DF = 2           # training rows a word or word pair must be in to count, and a character n-gram:
CHAR_MIN_DF = 4           # rarer ones are half the features (the fit's cost) and rank no better
BLOCKS = {"words": 1.0, "chars": 1.0, "context": 0.5, "rules": 1.0}
NEIGHBOURS = 5            # coded units asked for the second opinion
NEIGHBOUR_SHARE = 0.1     # its share of the blended score (more crowds the linear model's second and third codes out)
SIMILARITY_BLOCKS = ("words", "chars")   # the leading feature blocks the neighbours are found by
REJECTED_ALTERNATIVES = 3
BATCH = 1000              # units scored at once (bounds the dense similarity block)
T = TypeVar("T")


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


def one_thread(method: Callable[..., T]) -> Callable[..., T]:
    """Run with BLAS/OpenMP limited to one thread: the fits and products here are small, and on a
    shared machine extra threads mostly spin (2,000 codings took 2.5x the CPU with the defaults)."""
    @wraps(method)
    def limited(*args: Any, **kwargs: Any) -> T:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1):
            return method(*args, **kwargs)
    return limited


def _rule_tokens(codes: set[int]) -> str:
    return " ".join(f"r{c}" for c in sorted(codes)) or "r-"


def _table(rows: list[tuple[str, str, set[int]]]) -> np.ndarray:
    """The pipeline's input: one row per unit, columns lemmas, context, rule tokens."""
    return np.array([[lemmas, f"c- {context}", _rule_tokens(rules)] for lemmas, context, rules in rows],
                    dtype=object).reshape(len(rows), 3)


@lru_cache(maxsize=100_000)
def _word_grams(word: str) -> tuple[str, ...]:
    """The 3-5 character n-grams of one word padded with spaces (scikit-learn's `char_wb`), lowercased;
    cached per word, since a corpus repeats its words and counting them per text is most of a fit."""
    padded = f" {word.lower()} "
    if len(padded) <= 3:
        return (padded,)
    return tuple(padded[i:i + n] for n in range(3, 6) for i in range(len(padded) - n + 1))


def char_grams(text: str) -> list[str]:
    """The character n-grams of a text, word by word (ties "ondersteuningsnetwerk" to "ondersteuning")."""
    return [gram for word in text.split() for gram in _word_grams(word)]


def _pipeline() -> Any:
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    words = dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=True)
    features = ColumnTransformer([
        ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=WORD_MIN_DF, **words), 0),
        ("chars", TfidfVectorizer(analyzer=char_grams, sublinear_tf=True, min_df=CHAR_MIN_DF), 0),
        ("context", TfidfVectorizer(**words), 1),
        ("rules", TfidfVectorizer(use_idf=False, norm=None, **words), 2),
    ], transformer_weights=BLOCKS, sparse_threshold=1.0)     # sparse even for a small, dense fit
    return Pipeline([("features", features),
                     ("classifier", LogisticRegression(C=C, max_iter=300, tol=TOL))])


class Suggester:
    """A fitted model for one codebook: `fit(examples)`, then `suggest(units)`."""

    def __init__(self, codes: list[CodeInfo], matcher: RuleMatcher | None = None):
        self.codes = codes
        self.code_ids = [c.id for c in codes]
        self.matcher = matcher or RuleMatcher(codes)
        self.pipeline: Any = None
        self.columns: np.ndarray = np.zeros(0, int)     # classifier class -> position in code_ids
        self.valence = ValenceModel()
        self.fragments: Any = None                      # similarity vectors of the coded units
        self.fragment_examples: list[Example] = []
        self.fragment_codes: np.ndarray = np.zeros((0, len(codes)))
        self.members: list[np.ndarray] = []              # per code: its coded units
        self.trained_on = (0, 0)                         # coded units, rejected (unit, code) pairs

    def _rules(self, lemmas: str) -> set[int]:
        return {hit.code_id for hit in self.matcher.match(lemmas)}

    @one_thread
    def fit(self, examples: list[Example]) -> Suggester:
        """Fit the code and valence models on these rows (codebook rows included by the caller)."""
        known = set(self.code_ids)
        rules = [self._rules(e.lemmas) | ({next(iter(e.codes))} if e.source == "definition" else set())
                 for e in examples]
        rows, labels, weights, first_row = [], [], [], {}
        for n, (e, hit) in enumerate(zip(examples, rules)):
            codes = [c for c in e.codes if c in known]
            if codes:
                first_row[n] = len(rows)
            for code in codes:
                rows.append((e.lemmas, e.context, hit))
                labels.append(code)
                weights.append(e.weight / len(codes))
        self.pipeline = _pipeline()
        features, classifier = self.pipeline.named_steps["features"], self.pipeline.named_steps["classifier"]
        refused = [(e, hit) for e, hit in zip(examples, rules) if e.rejected & known and not e.codes]
        X = features.fit_transform(_table(rows + [(e.lemmas, e.context, hit) for e, hit in refused]))
        classifier.fit(X[:len(rows)], labels, sample_weight=np.array(weights))
        if refused:
            self._refit_with_rejections(X, labels, weights, refused)
        self.columns = np.array([self.code_ids.index(c) for c in classifier.classes_], int)
        self.trained_on = (sum(e.source == "coding" and bool(e.codes) for e in examples),
                           sum(len(e.rejected & known) for e in examples))
        self._fit_valence(examples)
        coded = [(e, first_row[n]) for n, e in enumerate(examples) if e.source == "coding" and n in first_row]
        self.fragment_examples = [e for e, _ in coded]
        self.fragments = self._similarity_part(X[[row for _, row in coded]]) if coded else None
        self.fragment_codes = np.zeros((len(coded), len(self.code_ids)))
        for n, (e, _) in enumerate(coded):
            for code in e.codes:
                if code in known:
                    self.fragment_codes[n, self.code_ids.index(code)] = 1.0
        self.members = [np.flatnonzero(column) for column in self.fragment_codes.T]
        return self

    def _refit_with_rejections(self, X: Any, labels: list[int], weights: list[float],
                               refused: list[tuple[Example, set[int]]]) -> None:
        """Each rejected unit becomes rows for the codes the first fit prefers among the others."""
        classifier = self.pipeline.named_steps["classifier"]
        classes = list(classifier.classes_)
        proba = classifier.predict_proba(X[len(labels):])
        extra_rows, extra_labels, extra_weights = [], [], []
        for n, (e, _) in enumerate(refused):
            p = proba[n].copy()
            for code in e.rejected:
                if code in classes:
                    p[classes.index(code)] = 0.0
            best = np.argsort(-p)[:REJECTED_ALTERNATIVES]
            share = p[best] / p[best].sum() if p[best].sum() > 0 else np.full(len(best), 1 / len(best))
            for j, s in zip(best, share):
                extra_rows.append(len(labels) + n)
                extra_labels.append(classes[j])
                extra_weights.append(max(e.weight, 1.0) * s)
        index = np.concatenate([np.arange(len(labels)), np.array(extra_rows, int)])
        classifier.set_params(warm_start=True)
        classifier.fit(X[index], labels + extra_labels, sample_weight=np.array(weights + extra_weights))

    def _fit_valence(self, examples: list[Example]) -> None:
        rows = []
        for e in examples:
            if e.source != "coding" or not e.codes:
                continue
            for valence in e.codes.values():
                rows.append((e.lemmas, e.context, valence, e.weight / len(e.codes)))
        self.valence.fit(rows)

    def _similarity_part(self, X: Any) -> Any:
        """The word and character blocks of the features, renormalised for cosine similarity."""
        from sklearn.preprocessing import normalize

        features = self.pipeline.named_steps["features"]
        width = sum(len(features.named_transformers_[name].vocabulary_) for name in SIMILARITY_BLOCKS)
        return normalize(X[:, :width].tocsr())

    def scores(self, units: list[ScopeUnit]) -> tuple[np.ndarray, np.ndarray, list[dict | None], np.ndarray | None,
                                                      list[list[RuleHit]]]:
        """Blended code scores (units x codes), valence probabilities (units x 3) with the cue behind
        each, cosine similarity to each coded unit (None before the first coding) and rule hits."""
        hits = [self.matcher.match(u.lemmas) for u in units]
        X = self.pipeline.named_steps["features"].transform(
            _table([(u.lemmas, u.context, {h.code_id for h in found}) for u, found in zip(units, hits)]))
        code_p = np.zeros((len(units), len(self.code_ids)))
        code_p[:, self.columns] = self.pipeline.named_steps["classifier"].predict_proba(X)
        similar = None
        if self.fragments is not None:
            similar = (self._similarity_part(X) @ self.fragments.T).toarray()
            code_p = (1 - NEIGHBOUR_SHARE) * code_p + NEIGHBOUR_SHARE * self._neighbours(similar, code_p)
        valence, cues = self.valence.predict([(u.lemmas, u.context) for u in units])
        return code_p, valence, cues, similar, hits

    def _neighbours(self, similar: np.ndarray, fallback: np.ndarray) -> np.ndarray:
        """The codes of the NEIGHBOURS most similar coded units, weighted by similarity (rows sum to 1;
        a unit like none of them keeps the linear opinion)."""
        k = min(NEIGHBOURS, similar.shape[1])
        nearest = np.argpartition(-similar, k - 1, axis=1)[:, :k]
        weight = np.take_along_axis(similar, nearest, axis=1)
        votes = np.einsum("uk,ukc->uc", weight, self.fragment_codes[nearest])
        total = votes.sum(axis=1, keepdims=True)
        return np.where(total > 0, votes / np.where(total > 0, total, 1), fallback)

    @one_thread
    def suggest(self, units: list[ScopeUnit], top: int = 3,
                skip: set[tuple[tuple[int, int, int], int]] = frozenset(),
                reasons: bool = True) -> list[list[Suggestion]]:
        """The `top` codes per unit, best first; (unit key, code id) pairs in `skip` never come back."""
        out: list[list[Suggestion]] = []
        for first in range(0, len(units), BATCH):
            out += self._suggest_batch(units[first:first + BATCH], top, skip, reasons)
        return out

    def _suggest_batch(self, units: list[ScopeUnit], top: int, skip: Any, reasons: bool) -> list[list[Suggestion]]:
        code_p, val, cues, similar, hits = self.scores(units)
        similar = similar if reasons else None
        order = np.argsort(-code_p, axis=1, kind="stable")
        out = []
        for i, unit in enumerate(units):
            chosen = ([j for j in order[i] if (unit.key, self.code_ids[j]) not in skip][:top] if skip
                      else order[i, :top])
            v = int(np.argmax(val[i]))
            matched = {h.code_id: h.matched for h in hits[i]}
            row_similar = similar[i] if similar is not None else None
            row = []
            for rank, j in enumerate(chosen, 1):
                code_id = self.code_ids[j]
                reason = self._reason(code_id, matched, row_similar, j, cues[i]) if reasons else {}
                row.append(Suggestion(unit, code_id, float(code_p[i, j]), VALENCES[v], float(val[i, v]), rank, reason))
            out.append(row)
        return out

    def _reason(self, code_id: int, matched: dict[int, tuple[str, ...]], similar: np.ndarray | None, j: int,
                cue: dict | None) -> dict[str, Any]:
        """Why: the rule terms that matched, the most similar unit the coder gave this code, the valence cue."""
        reason: dict[str, Any] = {}
        if code_id in matched:
            reason["matched"] = list(matched[code_id])
        if similar is not None:
            members = self.members[j]
            if len(members):
                best = members[int(np.argmax(similar[members]))]
                if similar[best] > 0:
                    reason["similar"] = {"where": list(self.fragment_examples[best].where),
                                         "similarity": round(float(similar[best]), 3)}
        if cue:
            reason["cue"] = cue
        return reason


def codebook_examples(codes: list[CodeInfo]) -> list[Example]:
    """Training rows from the codebook itself: each code's examples, its whole description with its
    rule terms (the row that carries the code's rule token), and each sentence of its label,
    definition and inclusion note on its own, so that a short fragment meets a short row."""
    from coding.text import nlp

    parents = {c.path.rsplit(" > ", 1)[0] for c in codes if " > " in c.path}
    texts, meta = [], []
    for code in codes:
        share = PARENT_SHARE if code.path in parents else 1.0
        for example in code.examples:
            texts.append(example)
            meta.append((code, "example", EXAMPLE_WEIGHT * share))
        terms = [t for kind in ("lemmas", "phrases") for t in code.rules.get(kind, [])]
        texts.append(" ".join([code.text, *terms]))
        meta.append((code, "definition", DEFINITION_WEIGHT * share))
        texts.append(code.text)
        meta.append((code, "sentences", SENTENCE_WEIGHT * share))
    found = nlp.sentences(texts)
    out = []
    for sents, (code, source, weight) in zip(found, meta):
        if source == "sentences":
            out += [Example(s.lemmas, "", {code.id: "neutraal"}, weight, source="definition sentence")
                    for s in sents if weight > 0 and len(s.lemmas.split()) > 1]
        else:
            out.append(Example(join_sentences(s.lemmas for s in sents), "", {code.id: "neutraal"}, weight,
                               source=source))
    return out

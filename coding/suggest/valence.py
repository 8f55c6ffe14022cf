"""Valence suggestions: a classifier of its own, on Dutch cue words with negation scope.

`CueFinder` finds the cues of coding.suggest.cues in a unit's lemmas and resolves negation ("niet
goed" and "het helpt niet" turn a strength around, "geen probleem" a problem) and contrast (after
"maar" the second half carries the verdict). Before the negations it reads the shapes that turn a cue
around as a whole: advice in the imperative, a wish (and a wish that something stays), an imagined
loss ("zou jammer zijn als dit verdwijnt"), relief that something is over, two negations across a
relative clause ("niemand die niet mee wilde"), a concession ("ondanks", "hoewel"). Each rule keeps to
its sentence: units join their sentences with coding.text.scopes.SENTENCE_BREAK. `ValenceModel` is a logistic regression over those cues
(counted per polarity, before and after a contrast, in the text and in its question or heading) and
over the unit's lemma n-grams with negated words marked `NEG_`, so that it learns the coder's own
words. It is trained on the coder's valences plus prior rows from the cue lexicon itself, so it
proposes a sensible valence before the first coding; each proposal names the cue it rests on. The
lexicon alone knows words, not how a whole statement is put, so written example statements
(valence_examples.csv: strengths told as plain good practice, lacks told as plain facts, advice,
negated problems, shares and counts, hedged conclusions, bullet items, in report, interview and survey
register; about 2,000, by writers who never saw this model) are prior rows too.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from coding.store.model import VALENCE_SYNONYMS, VALENCES
from coding.suggest import cues as lexicon
from coding.text.scopes import SENTENCE_BREAK, join_sentences

PRIOR_WEIGHT = 0.3        # one lexicon row against one coded unit
EXAMPLE_WEIGHT = 0.5      # one written example statement against one coded unit
EXAMPLES = Path(__file__).with_name("valence_examples.csv")
CONTEXT_WEIGHT = 1.0      # pseudo-rows: a question or heading that names a pole
C = 10.0                 # inverse L2 strength of the logistic regression (best of 0.5, 2, 10 on the demo)
WORD_MIN_DF = 4           # rows a word or word pair must be in to count: rarer ones are most of the features
                          # (the fit's cost) and, with 2,000 example rows, read no better (2, 3, 4 alike on the dev sets)
TOL = 1e-3                # the regression's stopping tolerance (the fit's cost is its iterations over the features)
CUE_SCALE = 1.0           # weight of the cue counts against the tf-idf blocks
POLES = ("sterkte", "groeikans")
MISSING_FIRST = frozenset(m[0] for m in lexicon.MISSING)


@dataclass(frozen=True)
class Cue:
    """One cue found in a unit: the words as found, the pole they point to after negation."""

    text: str
    valence: str
    negated: bool = False
    after_contrast: bool = False
    absence: bool = False      # a negator of lack with no cue in reach: "geen tijd"
    last: bool = False         # in the last of a unit's sentences, where a story often ends on its verdict


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First lemma -> (lemma sequence, pole), longest first; lemmatised like the units."""
    from coding.text import nlp

    terms = [(t, "sterkte") for t in (*lexicon.POSITIVE, *VALENCE_SYNONYMS["sterkte"])]
    terms += [(t, "groeikans") for t in (*lexicon.NEGATIVE, *VALENCE_SYNONYMS["groeikans"])]
    found = nlp.sentences([t for t, _ in terms])
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for (term, pole), sents in zip(terms, found):
        forms = {tuple(w for s in sents for w in s.lemmas.split()), tuple(term.lower().split())}
        words = term.lower().split()
        if len(words) == 1:
            forms |= {(form,) for form in inflected(words[0])}
        elif len(words) == 2 and words[0] == "te":                     # "te groot" -> "te grote last"
            forms |= {("te", form) for form in inflected(words[1])}
        for words in forms:
            if words and (words, pole) not in index.get(words[0], []):
                index.setdefault(words[0], []).append((words, pole))
    for options in index.values():
        options.sort(key=lambda o: -len(o[0]))
    return index


@lru_cache(maxsize=1)
def _examples() -> tuple[tuple[str, str], ...]:
    """The example statements as (lemmas, valence), lemmatised like the units."""
    from coding.text import nlp

    with open(EXAMPLES, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = nlp.sentences([row["text"] for row in rows])
    return tuple((join_sentences(s.lemmas for s in sents), row["valence"]) for row, sents in zip(rows, found))


@lru_cache(maxsize=3)
def _lemma_phrases(terms: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """These phrases as lemma sequences (the form `_phrases` finds them in)."""
    from coding.text import nlp

    return frozenset(tuple(w for s in sents for w in s.lemmas.split()) for sents in nlp.sentences(list(terms)))


def inflected(word: str) -> set[str]:
    """The attributive forms of an adjective ("goed" -> "goede", "vlot" -> "vlotte", "zwaar" -> "zware",
    "positief" -> "positieve"), which the lookup lemmatiser leaves as they are; a form no word takes
    simply never matches."""
    vowels = "aeiou"
    if len(word) < 3 or not word.isalpha() or word.endswith("e"):
        return set()
    stem = word
    if word.endswith("f"):
        stem = word[:-1] + "v"
    elif word.endswith("s"):
        stem = word[:-1] + "z"
    if len(stem) > 3 and stem[-1] not in vowels and stem[-2] == stem[-3] in vowels and stem[-4] not in vowels:
        return {stem[:-2] + stem[-1] + "e"}                               # zwaar -> zware, groot -> grote
    if stem[-1] not in vowels and stem[-2] in vowels and stem[-3] not in vowels:
        return {stem + "e", stem + stem[-1] + "e"}                        # short or long vowel: vlot -> vlotte
    return {stem + "e"}


def _flip(valence: str) -> str:
    return "groeikans" if valence == "sterkte" else "sterkte"


class CueFinder:
    """Cues with negation scope in lemma strings."""

    def __init__(self) -> None:
        self.index = _phrases()
        self.wishes = _lemma_phrases(lexicon.WISHES)
        self.partly = _lemma_phrases(lexicon.PARTLY)
        self.shares = _lemma_phrases(lexicon.MANY)

    def find(self, lemmas: str) -> list[Cue]:
        words = lemmas.split()
        spans: list[list[Any]] = []         # [start, end, pole, after_contrast, negator position or None]
        covered: set[int] = set()
        contrast = False
        i = 0
        while i < len(words):
            if words[i] in lexicon.CONTRAST:
                contrast = True
            match = next((o for o in self.index.get(words[i], ()) if tuple(words[i:i + len(o[0])]) == o[0]), None)
            if match is None:
                i += 1
                continue
            end = i + len(match[0])
            spans.append([i, end, match[1], contrast, None])
            covered.update(range(i, end))
            i = end
        keep = {j for a, b in self._sentences(words) if lexicon.KEEP & set(words[a:b]) for j in range(a, b)}
        growth = self._advice(words, spans, keep) + self._growth(words, spans, covered)
        self._wished(words, spans, keep)
        losses = self._loss_sentences(words)
        valued = self._imagined_loss(words, spans, losses) + self._relief(words, spans)
        whole, cancelled = self._whole(words, spans)
        self._missing(words, spans)
        quiet = {j for a, b, _ in losses for j in range(a, b)}
        bare: list[Cue] = []
        for j, word in enumerate(words):
            if j in cancelled:
                continue
            if word in lexicon.CONCESSIVES or (j and lexicon.CONCESSIVE_PAIRS.get(word) == words[j - 1]):
                target = next((s for s in spans if j < s[0] <= j + lexicon.CONCESSION_WINDOW), None)
                if target is not None:
                    target[4] = None if target[4] is not None else j
                continue
            following = words[j + 1] if j + 1 < len(words) else ""
            few = word in lexicon.FEW or lexicon.FEW_BEFORE.get(word) == following
            if few and set(words[j + 1:j + 4]) & lexicon.FEW:
                continue                                # "slechts een minderheid": the last word counts
            if word not in lexicon.NEGATORS or j in covered:
                continue
            wide = few or following in lexicon.WIDE_NEGATION
            targets = self._scope(words, spans, j, lexicon.WIDE_WINDOW if wide else lexicon.NEGATION_WINDOW)
            for target in targets:
                target[4] = None if target[4] is not None else j
            if targets:
                continue
            if (word in lexicon.LACK or few) and j not in quiet:
                tail = " ".join(words[j:j + 2])
                bare.append(Cue(tail, "groeikans", after_contrast=any(w in lexicon.CONTRAST for w in words[:j]),
                                absence=True))
        out = []
        breaks = [j for j, word in enumerate(words) if word == SENTENCE_BREAK]
        for start, end, pole, after, negator in spans:
            shown = " ".join(words[start:end])
            if negator is not None:
                shown = f"{words[negator]} {shown}" if negator < start else f"{shown} {words[negator]}"
            out.append(Cue(shown, pole if negator is None else _flip(pole), negator is not None, after,
                           last=bool(breaks) and start > breaks[-1]))
        return valued + whole + growth + out + bare + self._shares(words, spans)

    @staticmethod
    def _sentences(words: list[str]) -> list[tuple[int, int]]:
        """[start, end) of each sentence in a unit's lemmas."""
        bounds = [-1, *(j for j, w in enumerate(words) if w == SENTENCE_BREAK), len(words)]
        return [(a + 1, b) for a, b in zip(bounds, bounds[1:])]

    def _loss_sentences(self, words: list[str]) -> list[tuple[int, int, int]]:
        """The sentences that imagine a loss (see cues.HYPOTHETICAL), with where their marker stands."""
        out = []
        for a, b in self._sentences(words):
            marker = next((j for j in range(a, b) if words[j] in lexicon.HYPOTHETICAL and lexicon.LOSS
                           & set(words[j + 1:min(b, j + 1 + lexicon.HYPOTHETICAL_WINDOW)])), None)
            if marker is not None:
                out.append((a, b, marker))
        return out

    @staticmethod
    def _imagined_loss(words: list[str], spans: list[list[Any]], losses: list[tuple[int, int, int]]) -> list[Cue]:
        """An imagined loss values the thing: a strength, and the sentence's regrets with it."""
        out = []
        for a, b, marker in losses:
            loss = next(w for w in words[marker + 1:b] if w in lexicon.LOSS)
            out.append(Cue(f"{words[marker]} ... {loss}", "sterkte"))
            for span in spans:
                if a <= span[0] < b and span[2] == "groeikans":
                    span[2] = "sterkte"
        return out

    @staticmethod
    def _missing(words: list[str], spans: list[list[Any]]) -> None:
        """A strength in the clause of words that say something is missing or held back (cues.MISSING)
        is what is missing: turned like a negated strength."""
        start = 0
        for end in [*(j for j, w in enumerate(words) if w in lexicon.CLAUSE_BREAKS), len(words)]:
            missing = next((j for j in range(start, end) if words[j] in MISSING_FIRST for m in lexicon.MISSING
                            if tuple(words[j:j + len(m)]) == m and j + len(m) <= end), None)
            if missing is not None:
                for span in spans:
                    if start <= span[0] < end and span[2] == "sterkte" and span[4] is None:
                        span[4] = missing          # shown and turned like a negation: "gedeelde ... ontbreken"
            start = end + 1

    def _shares(self, words: list[str], spans: list[list[Any]]) -> list[Cue]:
        """A large share (cues.MANY) in a sentence with no cue of its own: most do it, a strength."""
        out = []
        for a, b in self._sentences(words):
            if any(a <= span[0] < b for span in spans):
                continue
            share = next((m for j in range(a, b) for m in self.shares if tuple(words[j:j + len(m)]) == m), None)
            if share is not None:
                out.append(Cue(" ".join(share), "sterkte"))
        return out

    @staticmethod
    def _relief(words: list[str], spans: list[list[Any]]) -> list[Cue]:
        """Relief that something is over: the relief word turns into room to grow."""
        out = []
        for span in spans:
            if span[2] == "sterkte" and span[1] - span[0] == 1 and words[span[0]] in lexicon.RELIEF:
                after = words[span[1]:span[1] + lexicon.RELIEF_WINDOW]
                ended = next((w for w in after if w in lexicon.ENDED), None)
                if ended is not None and SENTENCE_BREAK not in after[:after.index(ended)]:
                    span[2] = "groeikans"
                    out.append(Cue(f"{words[span[0]]} ... {ended}", "groeikans"))
        return out

    def _whole(self, words: list[str], spans: list[list[Any]]) -> tuple[list[Cue], set[int]]:
        """Two negations across a relative clause (cues.WHOLE_FIRST ... WHOLE_LINK ... WHOLE_SECOND): the
        negators cancel; a strength when no cue follows the first in its sentence."""
        out, cancelled = [], set()
        for a, b in self._sentences(words):
            for j in range(a, b):
                if words[j] not in lexicon.WHOLE_FIRST or j in cancelled:
                    continue
                reach = range(j + 1, min(b, j + 1 + lexicon.WHOLE_WINDOW))
                link = next((k for k in reach if words[k] in lexicon.WHOLE_LINK), None)
                second = next((k for k in reach if link is not None and k > link and words[k] in lexicon.WHOLE_SECOND),
                              None)
                if second is None:
                    continue
                cancelled |= {j, second}
                if not any(j < span[0] < b for span in spans):
                    burden = next((w for w in words[second + 1:b] if w in lexicon.CAN_SHOULD - {"kunnen", "kan"}), None)
                    out.append(Cue(f"{words[j]} ... {words[second]}" + (f" {burden}" if burden else ""),
                                   "groeikans" if burden else "sterkte"))
        return out, cancelled

    def _advice(self, words: list[str], spans: list[list[Any]], keep: set[int]) -> list[Cue]:
        """A unit that opens with an imperative ("Voorzie tijd voor overleg") gives advice: room to
        grow, and the strengths in its first clause are what it asks for; unless it asks to keep
        something ("Laat ons dit behouden")."""
        if not words or words[0] not in lexicon.ADVICE_VERBS or words[1:2] == ["factor"]:
            return []                  # "Stimulerende factoren zijn ...": a participle, not an imperative
        if 0 in keep:
            return [Cue(words[0], "sterkte")]
        end = next((j for j, w in enumerate(words) if w in lexicon.CLAUSE_BREAKS), len(words))
        for span in spans:
            if span[0] < end and span[2] == "sterkte":
                span[2] = "groeikans"
        return [Cue(words[0], "groeikans")]

    @staticmethod
    def _growth(words: list[str], spans: list[list[Any]], covered: set[int]) -> list[Cue]:
        """A clause that says what can or should still be more or better (cues.MODALS with a GROWTH_WORD,
        or "zou ... kunnen"): a growth point, and the strengths after its modal in that clause are what
        it wishes for. A modal inside a cue of its own ("moet blijven") is that cue's."""
        out = []
        start = 0
        for end in [*(j for j, w in enumerate(words) if w in lexicon.CLAUSE_BREAKS), len(words)]:
            clause = words[start:end]
            modal = next((j for j, w in enumerate(clause) if w in lexicon.MODALS and start + j not in covered), None)
            if modal is not None and not lexicon.ALREADY & set(clause):
                growth = next((w for w in clause if w in lexicon.GROWTH_WORDS), None)
                if growth is None and clause[modal] in lexicon.CONDITIONAL:
                    growth = next((w for w in clause[modal + 1:] if w in lexicon.CAN_SHOULD), None)
                if growth is not None:
                    at = start + modal
                    out.append(Cue(f"{clause[modal]} {growth}", "groeikans",
                                   after_contrast=any(w in lexicon.CONTRAST for w in words[:at])))
                    for span in spans:
                        if at < span[0] < end and span[2] == "sterkte":
                            span[2] = "groeikans"
            start = end + 1
        return out

    def _wished(self, words: list[str], spans: list[list[Any]], keep: set[int]) -> None:
        """A strength within reach after a wish in the same clause is what is wished for (so is the
        next one in "een duidelijke en haalbare planning"): room to grow. A wish that something stays
        ("hopelijk blijft dit zo") is praise: the wish turns into a strength."""
        reach = None                    # end of the last wish or wished strength
        for span in spans:
            phrase = tuple(words[span[0]:span[1]])
            wish = phrase in self.wishes or (words[span[0]] in lexicon.CONDITIONAL
                                                                     and span[2] == "groeikans")
            if wish and span[0] in keep and words[span[0]] != "hebben":     # "had graag gehad": it did not stay
                span[2], reach = "sterkte", None
            elif phrase in self.wishes or phrase in self.partly:
                reach = span[1]
            elif (reach is not None and span[2] == "sterkte" and span[0] - reach <= lexicon.NEGATION_WINDOW
                  and not any(w in lexicon.CLAUSE_BREAKS for w in words[reach:span[0]])):
                span[2], reach = "groeikans", span[1]
            else:
                reach = None

    @staticmethod
    def _scope(words: list[str], spans: list[list[Any]], j: int, window: int) -> list[list[Any]]:
        """The cues this negator turns: those starting within `window` words after it in the clause
        ("geen gedoe met papierwerk", "niet duidelijk en haalbaar"; only the first for a stretched
        reach), else the one ending right before it ("het helpt niet")."""
        ahead = [span for span in spans if j < span[0] <= j + window
                 and not any(w in lexicon.CLAUSE_BREAKS for w in words[j + 1:span[0]])]
        if ahead:
            return ahead[:1] if window > lexicon.NEGATION_WINDOW else ahead
        ends_clause = j + 1 == len(words) or words[j + 1] in lexicon.CLAUSE_BREAKS
        start = max((k + 1 for k in range(j) if words[k] in lexicon.CLAUSE_BREAKS), default=0)
        for span in reversed(spans):
            if span[1] <= j:
                near = j - span[1] <= 1 or (ends_clause and span[0] >= start)   # "... zijn er hier niet"
                return [span] if near else []
        return []

    def negation_marked(self, lemmas: str) -> str:
        """The lemmas with words in a negation's forward scope prefixed NEG_ (for n-gram features)."""
        words = lemmas.split()
        out, left = [], 0
        for word in words:
            if word in lexicon.CLAUSE_BREAKS:
                left = 0
            out.append(f"NEG_{word}" if left > 0 else word)
            left = lexicon.NEGATION_WINDOW if word in lexicon.NEGATORS else max(left - 1, 0)
        return " ".join(out)


def cue_tokens(text_cues: list[Cue], context_cues: list[Cue]) -> str:
    """The cues as feature tokens: the pole, before or after a contrast, in the text or its context
    ("pos", "neg_contrast", "absence", "ctx_neg", ...); counted by the classifier's vectorizer."""
    out = []
    for cue in text_cues:
        if cue.absence:
            out.append("neg_contrast" if cue.after_contrast else "absence")
        else:
            out.append(("pos" if cue.valence == "sterkte" else "neg") + ("_contrast" if cue.after_contrast else ""))
            if cue.last:
                out.append("pos_last" if cue.valence == "sterkte" else "neg_last")
    out += ["ctx_pos" if c.valence == "sterkte" else "ctx_neg" for c in context_cues if not c.absence]
    return " ".join(out) or "none"


def reason_cue(valence: str, text_cues: list[Cue], context_cues: list[Cue]) -> dict[str, str] | None:
    """The cue that backs this valence: the verdict after a contrast first, then any in the text, then
    the question or heading; None when no cue points that way."""
    for pool, where in ((sorted(text_cues, key=lambda c: (not c.after_contrast, c.absence)), "tekst"),
                        (context_cues, "context")):
        for cue in pool:
            if cue.valence == valence:
                return {"text": cue.text, "where": where}
    return None


@lru_cache(maxsize=1)
def _finder() -> CueFinder:
    return CueFinder()


@lru_cache(maxsize=50_000)
def _row(lemmas: str, context: str) -> tuple[tuple[str, str, str], tuple[list[Cue], list[Cue]]]:
    """One unit's classifier columns (marked lemmas, context, cue tokens) and its cues; cached, since
    the lexicon's prior rows, the contexts and the coded units come back at every refit."""
    finder = _finder()
    cues = (finder.find(lemmas), finder.find(context))
    return (finder.negation_marked(lemmas), context or "", cue_tokens(*cues)), cues


class ValenceModel:
    """The valence classifier: fit on the coder's (lemmas, context, valence, weight) rows plus
    lexicon priors; a pipeline of vectorizers (marked lemmas, context, cue tokens) into a
    logistic regression."""

    def __init__(self) -> None:
        self.finder = _finder()
        self.pipeline: Any = None

    def _columns(self, rows: list[tuple[str, str]]) -> tuple[np.ndarray, list[tuple[list[Cue], list[Cue]]]]:
        done = [_row(lemmas, context or "") for lemmas, context in rows]
        table = np.array([columns for columns, _ in done], dtype=object).reshape(len(rows), 3)
        return table, [cues for _, cues in done]

    def fit(self, rows: list[tuple[str, str, str, float]]) -> ValenceModel:
        """rows: (lemmas, context, valence, weight) of the coder's coded units."""
        from sklearn.compose import ColumnTransformer
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline

        data = [*rows, *self._prior_rows()]
        table, _ = self._columns([(d[0], d[1]) for d in data])
        words = dict(token_pattern=r"\S+", lowercase=False, sublinear_tf=True)
        features = ColumnTransformer([
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=WORD_MIN_DF, **words), 0),
            ("context", TfidfVectorizer(**words), 1),
            ("cues", CountVectorizer(token_pattern=r"\S+", lowercase=False), 2),
        ], transformer_weights={"words": 1.0, "context": 0.5, "cues": CUE_SCALE})
        self.pipeline = Pipeline([("features", features), ("classifier", LogisticRegression(C=C, max_iter=1000, tol=TOL))])
        self.pipeline.fit(table, [d[2] for d in data], classifier__sample_weight=np.array([d[3] for d in data]))
        return self

    def _prior_rows(self) -> list[tuple[str, str, str, float]]:
        """Each cue for its pole; negated single words for the other pole; after "maar" the second
        half wins; a bare negation ("geen tijd") leans to groeikans; a named pole in the context; the
        example statements."""
        rows = []
        singles = {"sterkte": [], "groeikans": []}
        for options in self.finder.index.values():
            for words, pole in options:
                rows.append((" ".join(words), "", pole, PRIOR_WEIGHT))
                if len(words) == 1:
                    singles[pole].append(words[0])
                    rows.append((f"niet {words[0]}", "", _flip(pole), PRIOR_WEIGHT / 2))
        for pole, words in singles.items():
            other = singles[_flip(pole)]
            for n, word in enumerate(words):
                rows.append((f"{other[n % len(other)]} maar {word}", "", pole, PRIOR_WEIGHT / 2))
        for negator in sorted(lexicon.LACK):
            rows.append((negator, "", "groeikans", PRIOR_WEIGHT / 2))
        for pole in POLES:
            for term in VALENCE_SYNONYMS[pole]:
                rows.append(("", term, pole, CONTEXT_WEIGHT))
        rows += [(lemmas, "", pole, EXAMPLE_WEIGHT) for lemmas, pole in _examples()]
        return rows

    def predict(self, rows: list[tuple[str, str]]) -> tuple[np.ndarray, list[dict[str, str] | None]]:
        """Probabilities per VALENCES (units x 3) and, per unit, the cue behind the likeliest valence."""
        out = np.zeros((len(rows), len(VALENCES)))
        if not rows:
            return out, []
        table, found = self._columns(rows)
        proba = self.pipeline.predict_proba(table)
        for n, label in enumerate(self.pipeline.classes_):
            out[:, VALENCES.index(label)] = proba[:, n]
        best = out.argmax(axis=1)
        return out, [reason_cue(VALENCES[b], *cues) for b, cues in zip(best, found)]

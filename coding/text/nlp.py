"""Sentences and lemmas for Dutch text: the one analysis every part of Werkbank shares.

spaCy's Dutch tokenizer (`spacy.blank("nl")`) splits a text into words; the rules of spaCy's
sentencizer and its lookup lemmatizer's table (spacy-lookups-data) then give sentences and
lemmas. No statistical model, so it is fast, deterministic and needs no download. Import,
search and autocoding all lemmatise through `sentences()` / `lemmas()`, so a query matches the
index exactly when their lemmas agree.

Why not spaCy's sentencizer and lemmatizer components: both look at every token in Python
(a Token object each), though all they read is a property of the word. Here each distinct word
is looked up once (`_Words`) and a token costs one dict lookup: the same sentences and lemmas
(checked over our corpora) in a third of the time, which is most of an import's time.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # spaCy takes a second to import: only the first analysis pays for it
    from spacy.language import Language
    from spacy.lookups import Table

BATCH_SIZE = 256


class Sentence(NamedTuple):
    """A sentence of one text: [start, end) in code points of that text, and its lemma string."""

    start: int
    end: int
    lemmas: str


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The shared tokenizer, built on first use and cached for the process."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.initialize()
    return nlp


def reference_pipeline() -> Language:
    """spaCy's own sentencizer and lookup lemmatizer on the same tokenizer: what `sentences()`
    reproduces. Not used by Werkbank itself; the tests hold our rules to it and the import bench
    times it as the bare pass."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def lemma_table() -> Table:
    """The Dutch lookup lemmatizer's table (lower-case word -> lemma), loaded as spaCy's lemmatizer does."""
    from spacy.lookups import load_lookups

    return load_lookups(lang="nl", tables=["lemma_lookup"]).get_table("lemma_lookup")


class Word(NamedTuple):
    """What the analysis needs of a word, the same for each of its tokens."""

    length: int
    space: bool     # whitespace: not part of a sentence's span
    lemma: str      # lower-case lemma, "" for punctuation and symbols (no letter or digit)
    ends: bool      # one of the sentencizer's sentence-final characters (. ! ? ...)
    punct: bool     # punctuation (spaCy's is_punct): does not start a sentence


class _Words(dict):
    """Word (orth hash) -> Word, filled on first sight: the vocabulary of a corpus is small.

    Words with inner hyphens or apostrophes ("co-teaching", "zo'n") count as words; the index
    tokenizer splits them further. The lemma is the lookup lemmatizer's: table.get(lower, lower).
    """

    def __init__(self, nlp: Language, table: Table):
        from spacy.pipeline import Sentencizer

        super().__init__()
        self.vocab = nlp.vocab
        self.table = table
        self.final = frozenset(Sentencizer.default_punct_chars)

    def __missing__(self, orth: int) -> Word:
        lexeme = self.vocab[orth]
        text = lexeme.orth_
        lower = text.lower()
        lemma = self.table.get(lower, lower).lower()
        word = self[orth] = Word(len(text), lexeme.is_space, lemma if any(c.isalnum() for c in lemma) else "",
                                 text in self.final, lexeme.is_punct)
        return word


@lru_cache(maxsize=1)
def _words() -> _Words:
    return _Words(pipeline(), lemma_table())


@lru_cache(maxsize=1)
def _attrs() -> list[int]:
    from spacy.attrs import IDX, ORTH

    return [IDX, ORTH]


def _split(doc, words: _Words) -> list[Sentence]:
    """Sentence spans (trimmed of whitespace) and lemmas, from one array read of the doc.

    The sentencizer's rule: after a sentence-final character, the first token that is neither
    punctuation nor sentence-final starts a new sentence (so `Ja!" Nee.` is two sentences).
    """
    out: list[Sentence] = []
    start = end = -1
    lemmas: list[str] = []
    after_final = False
    for idx, orth in doc.to_array(_attrs()).tolist():
        length, space, lemma, ends, punct = words[orth]
        if after_final and not punct and not ends:
            after_final = False
            if end > start:
                out.append(Sentence(start, end, " ".join(lemmas)))
                start = end = -1
                lemmas = []
        elif ends:
            after_final = True
        if space:
            continue
        if start < 0:
            start = idx
        end = idx + length
        if lemma:
            lemmas.append(lemma)
    if end > start:
        out.append(Sentence(start, end, " ".join(lemmas)))
    return out


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector: a pass allocates millions of small acyclic objects, and the
    collector would traverse all of them again and again (measured: up to a third of the pass)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def sentences(texts: Sequence[str], progress: Callable[[int], None] | None = None,
              batch_size: int = BATCH_SIZE) -> list[list[Sentence]]:
    """Split each text into sentences with lemmas; `progress(n)` is called per batch of n texts."""
    tokenizer = pipeline().tokenizer
    words = _words()
    out: list[list[Sentence]] = []
    with no_cyclic_gc():
        for doc in tokenizer.pipe(texts, batch_size=batch_size):
            out.append(_split(doc, words))
            if progress is not None and len(out) % batch_size == 0:
                progress(batch_size)
    if progress is not None and len(out) % batch_size:
        progress(len(out) % batch_size)
    return out


def lemmas(text: str) -> list[str]:
    """The lower-case lemmas of the words and numbers of a short text (a search query)."""
    return [word for sentence in sentences([text])[0] for word in sentence.lemmas.split()]

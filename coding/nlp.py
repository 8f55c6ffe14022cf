"""Sentences and lemmas for Dutch text: the one spaCy pipeline every part of Werkbank shares.

The pipeline is `spacy.blank("nl")` + sentencizer + lookup lemmatizer (spacy-lookups-data): no
statistical model, so it is fast, deterministic and needs no download. It is built once per
process. Import, search and autocoding all lemmatise through `sentences()` / `lemmas()`, so a
query matches the index exactly when their lemmas agree.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # spaCy takes a second to import: only the first analysis pays for it
    from spacy.language import Language

BATCH_SIZE = 256


class Sentence(NamedTuple):
    """A sentence of one text: [start, end) in code points of that text, and its lemma string."""

    start: int
    end: int
    lemmas: str


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The shared pipeline, built on first use (about a second) and cached for the process."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


class _LowerLemmas(dict):
    """Lemma hash -> lower-case lemma text, or "" for punctuation and symbols (no letter or digit).

    Filled on first sight: the vocabulary of a corpus is small. Words with inner hyphens or
    apostrophes ("co-teaching", "zo'n") count as words; the index tokenizer splits them further.
    """

    def __init__(self, nlp: Language):
        super().__init__()
        self.strings = nlp.vocab.strings

    def __missing__(self, key: int) -> str:
        text = self.strings[key].lower()
        value = self[key] = text if any(c.isalnum() for c in text) else ""
        return value


@lru_cache(maxsize=1)
def _lemma_text() -> _LowerLemmas:
    return _LowerLemmas(pipeline())


@lru_cache(maxsize=1)
def _attrs() -> list[int]:
    from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH, SENT_START

    return [IDX, LENGTH, IS_SPACE, LEMMA, SENT_START]


def _split(doc, lemma_text: _LowerLemmas) -> list[Sentence]:
    """Sentence spans (trimmed of whitespace tokens) and lemmas, from one array read of the doc."""
    out: list[Sentence] = []
    start = end = -1
    words: list[str] = []
    for idx, length, space, lemma, sent_start in doc.to_array(_attrs()).tolist():
        if sent_start == 1 and end > start:
            out.append(Sentence(start, end, " ".join(words)))
            start = end = -1
            words = []
        if space:
            continue
        if start < 0:
            start = idx
        end = idx + length
        word = lemma_text[lemma]
        if word:
            words.append(word)
    if end > start:
        out.append(Sentence(start, end, " ".join(words)))
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
    nlp = pipeline()
    lemma_text = _lemma_text()
    out: list[list[Sentence]] = []
    with no_cyclic_gc():
        for doc in nlp.pipe(texts, batch_size=batch_size):
            out.append(_split(doc, lemma_text))
            if progress is not None and len(out) % batch_size == 0:
                progress(batch_size)
    if progress is not None and len(out) % batch_size:
        progress(len(out) % batch_size)
    return out


def lemmas(text: str) -> list[str]:
    """The lower-case lemmas of the words and numbers of a short text (a search query)."""
    return [word for sentence in sentences([text])[0] for word in sentence.lemmas.split()]

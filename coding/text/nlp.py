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
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from coding.text import word_tables

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
    """The shared tokenizer, built on first use and cached for the process.

    Its vocabulary works out only the two word properties Werkbank reads (`is_space`, `is_punct`):
    spaCy's other ones (shape, like_num, stop word, ...) are computed in Python for every word it
    meets, the tokenizer's ~4,700 exceptions included, which took a quarter of building it. Where the
    tokenizer splits does not depend on them (tests/test_nlp.py holds the result to spaCy's own)."""
    import spacy
    from spacy.attrs import IS_PUNCT, IS_SPACE
    from spacy.lang.lex_attrs import LEX_ATTRS
    from spacy.vocab import Vocab

    nlp = spacy.blank("nl", vocab=Vocab(lex_attr_getters={IS_SPACE: LEX_ATTRS[IS_SPACE],
                                                          IS_PUNCT: LEX_ATTRS[IS_PUNCT]}))
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


# Gap filling: spaCy's Dutch lookup table lacks many irregular plurals ("scholen", "kinderen", "ouders")
# and most compounds ("zorgcoördinatoren"). simplemma's Dutch list has them; it is used ONLY for a word the
# spaCy table has no entry for, and only where it names a plural or diminutive (the word ends in -en, -s,
# -'s, -je(s), and its lemma is no infinitive), so every lemma spaCy gives stays as it is.
_PLURAL_END = ("en", "s", "je", "jes", "ën")
_VERB_END = ("aan", "oen", "ien")  # "verslagen" -> "verslaan" is a verb's form, not the plural of "verslag"
GAP_RULES = 5  # the version of the rules below: a cache built by other rules is not read
_HEAD_MIN, _TAIL_MIN = 3, 7  # a compound "zorg" + "coördinatoren": parts at least this long
# Heads that make separable verbs ("uit" + "proberen"), whose tail is no plural even if it looks like one.
_PARTICLES = frozenset("aan achter af bij binnen door in los mee na om onder op over samen terug thuis toe "
                       "uit vast voor weg ver ont her".split())


def _plural_like(word: str, lemma: str) -> bool:
    return (lemma != word and word.endswith(_PLURAL_END) and not lemma.endswith("en") and "_" not in lemma
            and lemma[:2] == word[:2])


def gap_lemmas() -> dict[str, str]:
    """Plural/diminutive -> lemma for words spaCy's table lacks, from simplemma's Dutch list (kept as
    spaCy would: a diminutive lemma it knows, "klasje", becomes its lemma, "klas")."""
    return _gap_data()[0]


@lru_cache(maxsize=1)
def _gap_data() -> tuple[dict[str, str], frozenset[str]]:
    """The gap lemmas and the words a compound may start with. Decoding simplemma's list takes seconds,
    so the result is cached per user (see `cached_per_user`)."""
    gaps, heads = cached_per_user("gaps", _build_gap_data)  # type: ignore[misc]
    return gaps, heads


def _build_gap_data() -> tuple[dict[str, str], frozenset[str]]:
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    table = lemma_table()
    candidates, verbs, lemmas = [], set(), set()
    plural_ends = tuple(end.encode() for end in _PLURAL_END)
    for raw_word, raw_lemma in _load_dictionary_from_disk("nl").items():
        lemmas.add(raw_lemma)
        if raw_word.startswith(b"ge") and not raw_lemma.startswith(b"ge") or (
                raw_word.endswith((b"de", b"te")) and raw_word[:-2] == raw_lemma):
            verbs.add(raw_lemma)  # "gezeten", "leerde": a verb's lemma ("zitten" -> "zit" is no plural)
        elif raw_word.endswith(plural_ends) and raw_word.islower():
            candidates.append((raw_word, raw_lemma))
    out: dict[str, str] = {}
    for raw_word, raw_lemma in candidates:
        if raw_lemma in verbs:
            continue
        word, lemma = raw_word.decode(), raw_lemma.decode().lower()
        if word in table:
            continue
        if lemma.endswith("je"):  # a diminutive: spaCy's lemma of it where it has one ("klasje" -> "klas")
            lemma = (table.get(lemma) or lemma).lower()
        if not lemma.endswith(_VERB_END) and _plural_like(word, lemma) and _spacy_lemma(table, lemma):
            out[word] = lemma
    heads = frozenset(lemma for lemma in (raw.decode() for raw in lemmas - verbs)
                      if len(lemma) >= _HEAD_MIN and lemma.isalpha())
    return out, heads


def _spacy_lemma(table: Table, lemma: str) -> bool:
    """spaCy's table takes `lemma` for a lemma too (it has no entry, or itself): else it is a form of a
    verb there ("bel" -> "bellen"), and "bellen" -> "bel" would part "ik bel" from "bellen" in a search."""
    return table.get(lemma) in (None, lemma)


LIST_SOURCES = (("simplemma", "strategies/dictionaries/data/nl.plzma"),
                ("spacy_lookups_data", "data/nl_lemma_lookup.json.gz"))
"""The lists the lemma tables are made from: their sizes and times name the per-user caches."""


def cached_per_user(kind: str, build: Callable[[], object], sources: word_tables.Sources = ()) -> object:
    """`build()`'s result, kept per user (see `word_tables.cached`) because building it takes seconds;
    `kind` names it, `sources` are package files it is made from besides `LIST_SOURCES`."""
    return word_tables.cached(kind, f"r{GAP_RULES}", (*LIST_SOURCES, *sources), build)


def word_table(kind: str, whole: Callable[[], Collection[str]], sources: word_tables.Sources = ()) -> word_tables.WordTable:
    """A table asked one word at a time (see `word_tables.WordTable`), named like `cached_per_user`'s."""
    return word_tables.WordTable(f"{kind}-index", f"r{GAP_RULES}", (*LIST_SOURCES, *sources), whole)


def fill_gap(lower: str, table: Mapping[str, str] | Table, gaps: Mapping[str, str],
             heads: Collection[str] | None = None) -> str:
    """The lemma of a word spaCy's table has no entry for: simplemma's plural or diminutive lemma, else
    the last part of a compound that has one ("zorg" + "coördinatoren" -> "zorgcoördinator"), else the word.
    `heads`: the words a compound may start with (default: all of them, in memory)."""
    found = gaps.get(lower)
    if found is not None:
        return found
    if heads is None:
        heads = _gap_data()[1]
    for cut in range(_HEAD_MIN, len(lower) - _TAIL_MIN + 1):
        head = lower[:cut]
        if head in _PARTICLES or head not in heads:  # "zelfver" + "trouwen": no word to start a compound
            continue
        tail = lower[cut:]
        lemma = gaps.get(tail) or table.get(tail)
        if lemma is not None and _plural_like(tail, lemma.lower()) and _spacy_lemma(table, lemma.lower()):
            return lower[:cut] + lemma.lower()
    return lower


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
    tokenizer splits them further. The lemma is the lookup lemmatizer's, table.get(lower), and where the
    table has none, `fill_gap`'s. The table is the lookup lemmatizer's JSON as a plain dict (from the
    per-user cache): spaCy's own `Table` takes half a second more to load, hashing every entry.
    """

    def __init__(self, nlp: Language, table: Mapping[str, str], gaps: dict[str, str]):
        from spacy.pipeline import Sentencizer

        super().__init__()
        self.vocab = nlp.vocab
        self.table = table
        self.gaps = gaps
        self.final = frozenset(Sentencizer.default_punct_chars)

    def __missing__(self, orth: int) -> Word:
        lexeme = self.vocab[orth]
        text = lexeme.orth_
        lower = text.lower()
        known = self.table.get(lower)
        lemma = known.lower() if known is not None else fill_gap(lower, self.table, self.gaps)
        word = self[orth] = Word(len(text), lexeme.is_space, lemma if any(c.isalnum() for c in lemma) else "",
                                 text in self.final, lexeme.is_punct)
        return word


@lru_cache(maxsize=1)
def _words() -> _Words:
    return _Words(pipeline(), _lookup_dict(), gap_lemmas())


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
    """The lower-case lemmas of the words and numbers of a short text (a search query).

    A query of plain words (letters only, or digits only) is one token per word for spaCy's tokenizer
    too, so its lemmas come straight from the lookup table, without loading spaCy: `werkbank search`
    then starts at once. Anything else goes through the tokenizer, as at import."""
    words = text.split()
    if all(word.isalpha() or word.isdigit() for word in words):
        table, gaps, heads = _indexes()
        out = []
        for word in words:
            lower = word.lower()
            known = table.get(lower)
            lemma = known.lower() if known is not None else fill_gap(lower, table, gaps, heads)
            if any(c.isalnum() for c in lemma):
                out.append(lemma)
        return out
    return [word for sentence in sentences([text])[0] for word in sentence.lemmas.split()]


@lru_cache(maxsize=1)
def _indexes() -> tuple[word_tables.WordTable, word_tables.WordTable, word_tables.WordTable]:
    """The lookup table, the gap lemmas and the compound heads asked a word at a time: a query's few
    words never read the whole tables (a tenth of a second each)."""
    return (word_table("lemmas", _lookup_dict), word_table("gap-lemmas", gap_lemmas),
            word_table("gap-heads", lambda: _gap_data()[1]))


@lru_cache(maxsize=1)
def _lookup_dict() -> dict[str, str]:
    """The lookup lemmatizer's table as a plain dict, read without spaCy (cached per user)."""
    return cached_per_user("lemmas", _read_lookup_table)  # type: ignore[return-value]


def _read_lookup_table() -> dict[str, str]:
    import gzip
    import json
    from importlib.resources import files

    with gzip.open(files("spacy_lookups_data") / "data" / "nl_lemma_lookup.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)

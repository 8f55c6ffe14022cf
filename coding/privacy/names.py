"""Find names and contact details nobody registered: the candidates a person reviews before export.

Why: the name table only hides what someone typed into it, and people forget. The finder reads
any text and proposes spans that look like a person, a contact detail, or a school or place the
user listed. It errs towards proposing (a missed name leaks; a false one costs a click), but
stays quiet on ordinary Dutch: a word counts as Dutch when the lookup tables of spaCy
(spacy-lookups-data) know it as an inflected form, when it is frequent in Dutch (wordfreq), or
when it is a compound that ends in such a word.

Where the evidence comes from:
- first names and surnames: Deduce's lookup lists (Dutch de-identification; items minus its own
  exceptions), with diminutives (`Wardje` from `Ward`) and a possessive `s` (`Fiens`);
- capitalised words in mid-sentence that are not Dutch words, with the name particles after
  them (`Van den Broeck`, `El Amrani`, `D'hondt`);
- titles (`meneer`, `mevrouw`, `juf`, `meester`, `dhr.`, `directeur` ... + a name), initials
  (`K.M.`, `J. Janssens`), a role word before a lower-case first name (`ondersteuner els`),
  lower-case and all-caps full names;
- e-mail addresses, written-out ones (`an . devos @ scholen . be`, `info[at]x[dot]be`, `lies punt
  v at gmail punt com`), phone numbers, street addresses;
- the school and place names the user lists, matched as whole words with their case.

`find()` is pure: it takes a text and the listed terms and returns `Candidate`s in text order.

Why it is fast (it runs at every import, over up to two million characters): a text is split at
whitespace, and each distinct chunk is judged once (`_ChunkFlags`) for what could start in it (a word
that may open a name, a title, an "@" or "at", a street, initials, a phone number); only the few
flagged chunks are located in the text and looked at with their context. Every pattern keeps the
matches a scan of the whole text would give (`_matches_from`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from coding.text.word_tables import WordTable

KINDS = ("person", "first_name", "title_name", "initials", "email", "obfuscated_email", "phone",
         "address", "term")
"""What a candidate can be; `term` is a school or place the user listed."""

AUTOMATIC_KINDS = ("email", "obfuscated_email", "phone", "address")
"""Kinds the anonymiser's fixed patterns already replace: found and shown, but not an open question."""

COMMON_ZIPF = 4.0  # a word at least this frequent in Dutch (wordfreq) is not taken for a surname
NAME_WORD_ZIPF = 4.6  # a first name this frequent is also a word: it needs more evidence
WORD_ZIPF = 5.0  # a word this frequent is taken for the word, even after a title
HEAD_ZIPF = 3.5  # the end of a compound this frequent makes the compound Dutch
ZIPF_FLOOR = min(COMMON_ZIPF, NAME_WORD_ZIPF, WORD_ZIPF, HEAD_ZIPF)
"""The lowest Zipf value any rule compares with: `zipf()` gives 0 below it, so only the words at or
above it are kept (a tenth of wordfreq's list)."""
PARTICLES = {"van", "de", "der", "den", "vanden", "vander", "ver", "ten", "ter", "te", "el", "al", "le", "la",
             "du", "da", "di", "del", "'t", "von", "op", "in", "het"}
TITLES = ("meneer", "mevrouw", "mevr.", "mw.", "mvr.", "dhr.", "hr.", "de heer", "juf", "juffrouw", "meester",
          "dokter", "dr.", "mr.", "zuster", "pater")
ROLE_TITLES = ("directeur", "directrice")
ROLE_WORDS = ("ondersteuner", "ondersteuners", "leerkracht", "collega", "collega's", "zorgcoördinator", "zoco",
              "directeur", "directrice", "begeleider", "logopedist", "juf", "meester", "leerling", "kleuter",
              "jongen", "meisje", "zoon", "dochter", "mama", "papa", "duopartner", "coördinator")
INVERSION_CUES = {"je", "jij", "u", "ik", "we", "wij", "jullie", "ze", "zij", "hij", "het", "er", "dat", "de",
                  "een", "die", "dit", "deze", "men", "ook", "nog", "niet", "wel", "maar", "en", "of", "dan"}
_ROLES = frozenset(ROLE_WORDS)
DIMINUTIVE_ENDINGS = ("tje", "pje", "je", "ke", "ske")
SENTENCE_ENDS = ".!?:\n"
OPENERS = " \t\r‘'\"„“«([#*•>-"

_WORD = re.compile(r"[^\W\d_](?:[\w'’]*[^\W\d_])?(?:-[^\W\d_](?:[\w'’]*[^\W\d_])?)*")
_TLD = r"(?:be|nl|com|org|net|eu|fr|de|info|edu|gov|uk|lu|biz|io)"
_AT = r"(?:\s*@\s*|\s*[\[(]\s*(?:at|apenstaart)\s*[\])]\s*|\s+(?:at|apenstaart)\s+)"
_DOT = r"(?:\s*\.\s*|\s*[\[(]\s*(?:dot|punt)\s*[\])]\s*|\s+(?:dot|punt)\s+)"
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
OBFUSCATED_EMAIL = (rf"(?<![\w@.])[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_TLD}(?![\w@])")
PHONE = (r"(?<![\w+])(?:(?:\+|00)3[12]\s?(?:\(0\)\s?)?|0)[1-9](?:[\s./-]?\d){7,8}(?!\w)")
_STREET = (r"(?:straat|laan|weg|plein|dreef|steenweg|lei|kaai|markt|baan|dijk|singel|gracht|pad|hof|park|vest"
           r"|wegel|ring|kouter|dries|gang|berg|veld)")
ADDRESS = (rf"(?:[A-ZÀ-Ý][\w'’-]*[ \t]+){{0,3}}[A-ZÀ-Ý][\w'’-]*{_STREET}[ \t]+\d{{1,4}}[a-zA-Z]?"
           r"(?:[ \t]*(?:/|bus)[ \t]*\w{1,4})?(?:,?[ \t]+\d{4}[ \t]+[A-ZÀ-Ý][\w'’]*(?:[- ][A-ZÀ-Ý][\w'’]*)*)?")
INITIALS = (r"(?<![\w.])(?:[A-Z]\.\s?){2,}(?!\w)"
            r"|(?<![\w.])[A-Z]\.\s?(?:(?:[Vv]an|[Dd]e|[Dd]en|[Dd]er|[Tt]er|[Vv]anden|[Ee]l)\s+)*[A-ZÀ-Ý][\w'’-]+")


@dataclass(frozen=True)
class Candidate:
    """A span of a text that may identify someone: [start, end) in code points, what it looks like."""

    start: int
    end: int
    text: str
    kind: str


# --- what the finder knows -------------------------------------------------------------------

def _deduce_list(path: str) -> set[str]:
    """One of Deduce's lookup lists (its items minus its exceptions), read as data files (found without
    importing Deduce or reading its metadata, which would take longer than the lists)."""
    from importlib.util import find_spec

    spec = find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:  # declared in pyproject: a broken install
        raise RuntimeError("the package 'deduce' (name lists) is not installed")
    base = Path(spec.submodule_search_locations[0]) / "data" / "lookup" / "src" / path

    def read(name: str) -> set[str]:
        file = base / name
        try:
            return {line.strip() for line in open(file, encoding="utf-8") if line.strip()}
        except FileNotFoundError:
            return set()

    return read("items.txt") - read("exceptions.txt")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names in lower case (Deduce's list for the Dutch language area)."""
    return frozenset(n.casefold() for n in _deduce_list("names/lst_first_name") if len(n) >= 2)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(n.casefold() for n in _deduce_list("names/lst_surname") if len(n) >= 2)


DUTCH_WORD_SOURCES = (("spacy_lookups_data", "data/nl_lemma_index.json.gz"),
                      ("deduce", "data/lookup/src/whitelist/lst_common_word/items.txt"),
                      ("deduce", "data/lookup/src/whitelist/lst_stop_word/items.txt"))
"""Files the Dutch word set is made from besides the lemma lookup table (their stamps name its cache)."""


@lru_cache(maxsize=1)
def _inflected() -> WordTable:
    """The Dutch word set (`_dutch_words`) asked a word at a time: the anonymiser asks about the few
    names of a name table, which should not read half a million words for them."""
    from coding.text.nlp import word_table

    return word_table("dutch-words", _dutch_words, DUTCH_WORD_SOURCES)


@lru_cache(maxsize=1)
def _dutch_words() -> frozenset[str]:
    """Dutch word forms from spaCy's lookup lemmatizer (forms and their lemmas), plus Deduce's
    common and stop words. spaCy's noun index also lists first names, so it is not used.
    Reading them takes seconds: the set is kept per user (every export's anonymiser needs it)."""
    from coding.text.nlp import cached_per_user

    return cached_per_user("dutch-words", _read_inflected, DUTCH_WORD_SOURCES)  # type: ignore[return-value]


def _read_inflected() -> frozenset[str]:
    import gzip
    import json
    from importlib.metadata import distribution

    data = distribution("spacy-lookups-data")

    def table(name: str) -> dict:  # the JSON itself: spaCy's Table would hash every entry (10x slower)
        with gzip.open(data.locate_file(f"spacy_lookups_data/data/nl_{name}.json.gz"), "rt", encoding="utf-8") as f:
            return json.load(f)

    lookup = table("lemma_lookup")
    words = set(lookup) | set(lookup.values())
    index = table("lemma_index")
    for pos in ("adj", "verb", "adp", "det"):
        words |= set(index.get(pos, []))
    words |= {w.casefold() for w in _deduce_list("whitelist/lst_common_word")}
    words |= {w.casefold() for w in _deduce_list("whitelist/lst_stop_word")}
    return frozenset(words)


@lru_cache(maxsize=1)
def _zipf_table() -> dict[str, float]:
    """wordfreq's Dutch list as word -> Zipf value, for the words at or above ZIPF_FLOOR, kept per user:
    importing wordfreq and reading its list takes a second or more, which every export and search would
    pay, and the rarer words (most of the list) all count as 0."""
    from coding.text.nlp import cached_per_user

    return cached_per_user(f"zipf-nl-from{ZIPF_FLOOR}", _read_zipf,  # type: ignore[return-value]
                           (("wordfreq", "data/large_nl.msgpack.gz"),))


def _read_zipf() -> dict[str, float]:
    from wordfreq import get_frequency_dict, zipf_frequency

    values = ((word, zipf_frequency(word, "nl")) for word in get_frequency_dict("nl"))
    return {word: value for word, value in values if value >= ZIPF_FLOOR}


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """wordfreq's Zipf value of a word in Dutch, 0 below ZIPF_FLOOR. A word of letters only is one token
    for wordfreq too, so its value is the list's (0 when not listed); anything else asks wordfreq itself."""
    if word.isalpha():
        return _zipf_table().get(unicodedata.normalize("NFC", word).casefold(), 0.0)
    from wordfreq import zipf_frequency

    value = zipf_frequency(word, "nl")
    return value if value >= ZIPF_FLOOR else 0.0


@lru_cache(maxsize=200_000)
def is_dutch(word: str) -> bool:
    """Whether a word (any case) is ordinary Dutch: a known form, frequent, or a compound of one."""
    low = word.casefold()
    if low in _inflected() or zipf(low) >= COMMON_ZIPF:
        return True
    if "-" in low:
        return all(is_dutch(part) for part in low.split("-") if part)
    for cut in range(2, len(low) - 3):
        head = low[cut:]
        if (head in _inflected() and len(head) >= 5) or zipf(head) >= HEAD_ZIPF:
            return True
    return False


def is_first_name(word: str) -> bool:
    low = word.casefold()
    if low in first_names():
        return True
    return all(part in first_names() for part in low.split("-")) if "-" in low else False


def _diminutive_base(word: str) -> bool:
    low = word.casefold()
    return any(low.endswith(end) and low[:-len(end)] in first_names() and len(low) - len(end) >= 3
               for end in DIMINUTIVE_ENDINGS)


# --- the finder ------------------------------------------------------------------------------

class _Token(NamedTuple):
    start: int
    end: int
    text: str


def sentence_start(text: str, position: int) -> bool:
    """Whether a word at `position` opens a sentence (after quotes, brackets, bullets)."""
    i = position - 1
    while i >= 0 and text[i] in OPENERS:
        i -= 1
    return i < 0 or text[i] in SENTENCE_ENDS or text[i] in "–—"


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _gap(text: str, end: int, start: int) -> bool:
    """Whether a word ending at `end` and the next starting at `start` are next to each other on
    one line (only spaces between)."""
    between = text[end:start]
    return bool(between) and between.strip(" \t") == ""


def _tokens_from(text: str, position: int, end: int | None = None) -> Iterator[_Token]:
    """The words of a text from `position` on (to `end`), read only as far as the caller asks."""
    matches = _WORD.finditer(text, position) if end is None else _WORD.finditer(text, position, end)
    for match in matches:
        yield _Token(match.start(), match.end(), match.group())


def _surname_run(text: str, first: _Token, following: Iterable[_Token]) -> _Token:
    """The last word of the surname after `first` (particles + capitalised words), or `first`."""
    last = previous = first
    after_particle = False
    for token in following:
        if not _gap(text, previous.end, token.start):
            break
        word = token.text
        low = word.casefold()
        if low in PARTICLES and not sentence_start(text, token.start):
            previous, after_particle = token, True
            continue
        if _capitalised(word) and (after_particle or (not is_dutch(word) or low in surnames())
                                   and zipf(low) < NAME_WORD_ZIPF):
            previous = last = token
            after_particle = False
            continue
        break
    return last


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    return first_names() | _ROLES


def _name_like(word: str) -> bool:
    """A first name, its diminutive, or its possessive (`Fiens`)."""
    low = word.casefold()
    return is_first_name(word) or _diminutive_base(word) or \
        (low.endswith("s") and is_first_name(low[:-1]) and not is_dutch(word))


@lru_cache(maxsize=200_000)
def _may_open(word: str) -> bool:
    """Whether a word can open a candidate at all; its context decides the rest (`_token_candidates`).

    Only a capitalised word, a lower-case first name or a role word can: a name in capitals, a
    lower-case first name or role word, or a capitalised word that is a name or no Dutch word."""
    if not (word[0].isupper() or word in _starters()):
        return False
    low = word.casefold()
    if word.isupper():
        return len(word) > 2 and is_first_name(word)
    if word.islower():
        return low not in PARTICLES and (is_first_name(word) or low in _ROLES)
    if _capitalised(word) and low not in PARTICLES and sum(ch.isupper() for ch in word.split("-")[0]) == 1 \
            and ("-" not in word or all(_capitalised(part) for part in word.split("-"))):
        return _name_like(word) or not is_dutch(word)
    return False


@lru_cache(maxsize=200_000)
def _may_follow(chunk: str) -> bool:
    """Whether a chunk starts with a lower-case first name or surname: the only word after which a
    lower-case first name or role word opens a candidate."""
    first = _WORD.match(chunk)
    return first is not None and first.group().islower() and \
        (first.group() in surnames() or is_first_name(first.group()))


def _token_candidates(text: str, chunks: list[_Chunk]) -> list[Candidate]:
    found: list[Candidate] = []
    done = 0
    for chunk in chunks:
        if not chunk.flags & _OPENS:
            continue
        for token in _tokens_from(text, chunk.start, chunk.end):
            if token.start < done or not _may_open(token.text):
                continue
            if token.text.islower() and not (token.end == chunk.end and _may_follow(chunk.following)):
                continue  # the next word is no lower-case name, or not just after a space
            word, low = token.text, token.text.casefold()
            following = _WORD.search(text, token.end)
            nxt = _Token(following.start(), following.end(), following.group()) \
                if following and _gap(text, token.end, following.start()) else None
            kind, last = None, token
            if word.isupper() and nxt is not None and nxt.text.isupper() \
                    and (nxt.text.casefold() in surnames() or not is_dutch(nxt.text)):
                kind, last = "person", nxt
            elif word.islower() and is_first_name(word) and nxt is not None and nxt.text.islower() \
                    and nxt.text in surnames() and not is_dutch(nxt.text):
                kind, last = "person", nxt
            elif word.islower() and low in ROLE_WORDS and nxt is not None and nxt.text.islower() \
                    and is_first_name(nxt.text) and zipf(nxt.text) < NAME_WORD_ZIPF \
                    and nxt.text not in INVERSION_CUES:
                found.append(Candidate(nxt.start, nxt.end, nxt.text, "first_name"))
                done = nxt.end
                continue
            elif _capitalised(word):
                kind, last = _capitalised_kind(text, token, sentence_start(text, token.start), nxt)
            if kind is None:
                continue
            stop = last.end
            if last is token and kind == "first_name" and not is_first_name(word) and low.endswith("s") \
                    and is_first_name(low[:-1]):
                stop -= 1  # possessive: "Fiens moeder"
            found.append(Candidate(token.start, stop, text[token.start:stop], kind))
            done = last.end
    return found


def _capitalised_kind(text: str, token: _Token, start_of_sentence: bool,
                      nxt: _Token | None) -> tuple[str | None, _Token]:
    word = token.text
    low = word.casefold()
    last = _surname_run(text, token, _tokens_from(text, token.end))
    if _name_like(word):
        word_too = is_dutch(word) and not _diminutive_base(word)
        if start_of_sentence and word_too and last is token:
            after = text[token.end:token.end + 1]
            if after != "," and (nxt is None or nxt.text.casefold() in INVERSION_CUES or not nxt.text.islower()
                                 or zipf(low) >= WORD_ZIPF):
                return None, token
        if not start_of_sentence and word_too and zipf(low) >= NAME_WORD_ZIPF and last is token \
                and low in _inflected():
            return None, token
        return ("person" if last is not token else "first_name"), last
    if is_dutch(word) or start_of_sentence and last is token:
        return None, token
    return ("person" if last is not token or low in surnames() else "first_name"), last


_TITLE = re.compile(r"(?<!\w)(?i:{})(?!\w)".format(
    "|".join(re.escape(t) for t in sorted(TITLES + ROLE_TITLES, key=len, reverse=True))))
_TITLE_AFTER_DE = re.compile(r"(?i:heer)(?!\w)")  # "de heer" is the one title across whitespace


def _title_matches(text: str, chunks: list[_Chunk]) -> list[re.Match]:
    """What `_TITLE.finditer(text)` finds: titles lie inside a chunk, "de heer" across two."""
    found = []
    for start, end, flags, _following in chunks:
        if flags & _TITLED:
            if start >= 3 and _TITLE_AFTER_DE.match(text, start):
                found += [m for m in [_TITLE.match(text, start - 3)] if m]
            found += _TITLE.finditer(text, start, end)
    return sorted(found, key=lambda m: m.start())


def _title_candidates(text: str, chunks: list[_Chunk]) -> list[Candidate]:
    found = []
    for match in _title_matches(text, chunks):
        tokens = list(_tokens_from(text, match.end(), match.end() + 80))
        if not tokens or not _gap(text, match.end(), tokens[0].start):
            continue
        j = 0
        while j < len(tokens) - 1 and tokens[j].text.casefold() in PARTICLES and _capitalised(tokens[j].text):
            j += 1
        head = tokens[j]
        if not _capitalised(head.text) or len(head.text) < 2:
            continue
        role = match.group().casefold() in ROLE_TITLES
        if role and is_dutch(head.text) and not is_first_name(head.text):
            continue
        stop = _surname_run(text, head, tokens[j + 1:]).end
        found.append(Candidate(match.start(), stop, text[match.start():stop], "title_name"))
    return found


_AT_ANCHOR = re.compile(rf"@|(?i:{_AT})")
WINDOW = 200  # an address is looked for this far around an @ or a written-out "at"


def _around_at(pattern: str, text: str, anchors: list[re.Match]) -> list[re.Match]:
    """Matches of an e-mail pattern, looked for only near an @ or "[at]" (most texts have none)."""
    compiled = re.compile(pattern)
    found: dict[tuple[int, int], re.Match] = {}
    for anchor in anchors:
        for match in compiled.finditer(text, max(0, anchor.start() - WINDOW), anchor.end() + WINDOW):
            if match.start() <= anchor.start() and anchor.end() <= match.end():
                found.setdefault(match.span(), match)
    return [found[span] for span in sorted(found)]


def _matches_from(pattern: re.Pattern, text: str, starts: Iterable[int]) -> list[re.Match]:
    """What `pattern.finditer(text)` finds, given (in ascending order) every position where one of
    its matches could start: each is tried as the scan would, after the end of the match before."""
    found: list[re.Match] = []
    end = 0
    for position in starts:
        if position < end:
            continue
        match = pattern.match(text, position)
        if match:
            found.append(match)
            end = match.end()
    return found


def _whitespace_before(text: str, position: int) -> int:
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def _anchors(text: str, chunks: list[_Chunk]) -> list[re.Match]:
    """What `_AT_ANCHOR.finditer(text)` finds. An anchor starts at an "@", "[" or "(", or at the
    whitespace before the chunk that holds one or a written-out "at"."""
    starts = set()
    for start, end, flags, _following in chunks:
        if flags & _ANCHORED:
            starts.add(_whitespace_before(text, start))
            starts.update(m.start() for m in _ANCHOR_CHARS.finditer(text, start, end))
    return _matches_from(_AT_ANCHOR, text, sorted(starts))


def _address_matches(text: str, chunks: list[_Chunk]) -> list[re.Match]:
    """What `ADDRESS` finds in the whole text: a match ends a chunk with a street and stays on its line."""
    found: list[re.Match] = []
    line_end = -1
    for start, _end, flags, _following in chunks:
        if flags & _STREETED and start > line_end:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            line_end = len(text) if line_end < 0 else line_end
            found += _ADDRESS.finditer(text, line_start, line_end)
    return found


def _starts_in(chunks: list[_Chunk], flag: int, text: str, where: re.Pattern) -> list[int]:
    return [m.start() for start, end, flags, _ in chunks if flags & flag for m in where.finditer(text, start, end)]


def _pattern_candidates(text: str, chunks: list[_Chunk]) -> list[Candidate]:
    anchors = _anchors(text, chunks)
    matches = {
        "email": _around_at(EMAIL, text, anchors) if anchors else [],
        "obfuscated_email": _around_at(OBFUSCATED_EMAIL, text, anchors) if anchors else [],
        "phone": _matches_from(_PHONE, text, _starts_in(chunks, _DIALLED, text, _PHONE_START)),
        "address": _address_matches(text, chunks),
        "initials": _matches_from(_INITIALS, text, _starts_in(chunks, _INITIALLED, text, _INITIAL_START)),
    }
    found = []
    for kind, kind_matches in matches.items():
        for match in kind_matches:
            if kind == "obfuscated_email" and "@" in match.group() and re.fullmatch(EMAIL, match.group()):
                continue
            surname = match.group().split()[-1].casefold()
            if kind == "initials" and " " in match.group().strip() and surname not in surnames() \
                    and is_dutch(surname):
                continue
            found.append(Candidate(match.start(), match.end(), match.group(), kind))
    return found


# --- what may start in a chunk (text between whitespace) ------------------------------------------

_OPENS, _TITLED, _ANCHORED, _STREETED, _INITIALLED, _DIALLED = 1, 2, 4, 8, 16, 32
_PHONE, _ADDRESS, _INITIALS = re.compile(PHONE), re.compile(ADDRESS), re.compile(INITIALS)
_PHONE_START = re.compile(r"[+0]")
_INITIAL_START = re.compile(r"[A-Z]\.")
_ANCHOR_CHARS = re.compile(r"[@\[(]")
_AT_WORD = re.compile(r"(?i)(?:^|[\[(])(?:at|apenstaart)(?:$|[\])])")
_STREET_END = re.compile(rf"[A-ZÀ-Ý][\w'’-]*{_STREET}\Z")
_PLAIN_TITLES = frozenset(t for t in TITLES + ROLE_TITLES if t.isalpha()) | {"heer"}
CHUNK_MEMORY = 500_000  # distinct chunks judged before the memory is emptied


class _ChunkFlags(dict):
    """Chunk -> what may start in it (the flags above), judged on first sight: a corpus repeats its
    words, so most chunks cost one dict lookup. A word never runs across whitespace; a pattern that
    does (a phone number, an address, initials, "de heer", a written-out e-mail address) starts in
    a flagged chunk, and the function that uses the flag reads on from there in the whole text."""

    def __missing__(self, chunk: str) -> int:
        if chunk.isascii() and chunk.isalpha() and chunk.islower():  # most chunks: one plain word
            flags = (_OPENS if _may_open(chunk) else 0) | (_TITLED if chunk in _PLAIN_TITLES else 0) \
                | (_ANCHORED if chunk in ("at", "apenstaart") else 0)
            self[chunk] = flags
            return flags
        flags = 0
        if any(_may_open(word) for word in _WORD.findall(chunk)):
            flags |= _OPENS
        if _TITLE.search(chunk) or _TITLE_AFTER_DE.match(chunk):
            flags |= _TITLED
        if "@" in chunk or chunk.endswith(("[", "(")) or _AT_WORD.search(chunk):
            flags |= _ANCHORED
        if _STREET_END.search(chunk):
            flags |= _STREETED
        if _INITIAL_START.search(chunk):
            flags |= _INITIALLED
        if "0" in chunk or "+" in chunk:
            flags |= _DIALLED
        self[chunk] = flags
        return flags


_CHUNK_FLAGS = _ChunkFlags()


class _Chunk(NamedTuple):
    """A flagged chunk: [start, end) in the text, its flags, and the chunk after it ("" at the end)."""

    start: int
    end: int
    flags: int
    following: str


def _flagged_chunks(text: str) -> list[_Chunk]:
    """Every chunk of the text where something may start, in text order."""
    if len(_CHUNK_FLAGS) > CHUNK_MEMORY:
        _CHUNK_FLAGS.clear()
    chunks = text.split()
    chunks.append("")  # what follows the last chunk
    out = []
    position = 0
    for n in compress(range(len(chunks) - 1), map(_CHUNK_FLAGS.__getitem__, chunks)):
        chunk = chunks[n]
        # the next place the chunk stands alone: an earlier one would be a chunk of its own, flagged too
        position = text.find(chunk, position)
        while not (position == 0 or text[position - 1].isspace()) or \
                not (position + len(chunk) == len(text) or text[position + len(chunk)].isspace()):
            position = text.find(chunk, position + 1)
        out.append(_Chunk(position, position + len(chunk), _CHUNK_FLAGS[chunk], chunks[n + 1]))
        position += len(chunk)
    return out


def term_pattern(terms: list[str]) -> re.Pattern | None:
    """Listed school and place names as one pattern: whole words, case as listed, any whitespace."""
    terms = [" ".join(t.split()) for t in terms if t and t.strip()]
    if not terms:
        return None
    alternatives = sorted({r"\s+".join(re.escape(p) for p in t.split()) for t in terms}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])")


def find(text: str, terms: list[str] | None = None) -> list[Candidate]:
    """Every candidate in a text, in text order, overlapping finds merged to the widest."""
    if not text:
        return []
    chunks = _flagged_chunks(text)
    found = _pattern_candidates(text, chunks) + _title_candidates(text, chunks)
    pattern = term_pattern(terms or [])
    if pattern is not None:
        found += [Candidate(m.start(), m.end(), m.group(), "term") for m in pattern.finditer(text)]
    found += _token_candidates(text, chunks)
    priority = {kind: n for n, kind in enumerate(("email", "obfuscated_email", "phone", "address", "term",
                                                  "title_name", "initials", "person", "first_name"))}
    found.sort(key=lambda c: (c.start, -(c.end - c.start), priority[c.kind]))
    kept: list[Candidate] = []
    for candidate in found:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept

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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

KINDS = ("person", "first_name", "title_name", "initials", "email", "obfuscated_email", "phone",
         "address", "term")
"""What a candidate can be; `term` is a school or place the user listed."""

AUTOMATIC_KINDS = ("email", "obfuscated_email", "phone", "address")
"""Kinds the anonymiser's fixed patterns already replace: found and shown, but not an open question."""

COMMON_ZIPF = 4.0  # a word at least this frequent in Dutch (wordfreq) is not taken for a surname
NAME_WORD_ZIPF = 4.6  # a first name this frequent is also a word: it needs more evidence
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
    """One of Deduce's lookup lists (its items minus its exceptions), read as data files."""
    from importlib.metadata import PackageNotFoundError, distribution  # 30 ms: only when names are looked up

    try:
        dist = distribution("deduce")
    except PackageNotFoundError as error:  # declared in pyproject: a broken install, not a user error
        raise RuntimeError("the package 'deduce' (name lists) is not installed") from error
    base = f"deduce/data/lookup/src/{path}"

    def read(name: str) -> set[str]:
        file = dist.locate_file(f"{base}/{name}")
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


@lru_cache(maxsize=1)
def _inflected() -> frozenset[str]:
    """Dutch word forms from spaCy's lookup lemmatizer (forms and their lemmas), plus Deduce's
    common and stop words. spaCy's noun index also lists first names, so it is not used."""
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


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "nl")


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
        if (head in _inflected() and len(head) >= 5) or zipf(head) >= 3.5:
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


def _gap(text: str, a: _Token, b: _Token) -> bool:
    """Whether two tokens are next to each other on one line (only spaces between)."""
    between = text[a.end:b.start]
    return bool(between) and between.strip(" \t") == ""


def _surname_run(text: str, tokens: list[_Token], i: int) -> int:
    """Index after the surname that follows token i (particles + capitalised words), or i + 1."""
    j = i + 1
    end = i + 1
    while j < len(tokens) and _gap(text, tokens[j - 1], tokens[j]):
        word = tokens[j].text
        low = word.casefold()
        if low in PARTICLES and not sentence_start(text, tokens[j].start):
            j += 1
            continue
        after_particle = j > end
        if _capitalised(word) and (after_particle or (not is_dutch(word) or low in surnames())
                                   and zipf(low) < NAME_WORD_ZIPF):
            j += 1
            end = j
            continue
        break
    return end


def _token_candidates(text: str) -> list[Candidate]:
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    # Only a capitalised word, a lower-case first name or a role word can start a candidate: the
    # rest (most words) is looked at only as the word after one of these.
    starters = first_names() | _ROLES
    interesting = [n for n, token in enumerate(tokens) if token.text[0].isupper() or token.text in starters]
    found: list[Candidate] = []
    done = 0
    for i in interesting:
        if i < done:
            continue
        token = tokens[i]
        word, low = token.text, token.text.casefold()
        nxt = tokens[i + 1] if i + 1 < len(tokens) and _gap(text, token, tokens[i + 1]) else None
        start_of_sentence = sentence_start(text, token.start)
        kind = None
        if word.isupper() and len(word) > 2 and is_first_name(word) and nxt is not None and nxt.text.isupper() \
                and (nxt.text.casefold() in surnames() or not is_dutch(nxt.text)):
            kind, end = "person", i + 2
        elif word.islower() and low not in PARTICLES and is_first_name(word) and nxt is not None and nxt.text.islower() \
                and nxt.text in surnames() and not is_dutch(nxt.text):
            kind, end = "person", i + 2
        elif word.islower() and low in ROLE_WORDS and nxt is not None and nxt.text.islower() \
                and is_first_name(nxt.text) and low not in PARTICLES and zipf(nxt.text) < NAME_WORD_ZIPF \
                and nxt.text not in INVERSION_CUES:
            found.append(Candidate(nxt.start, nxt.end, nxt.text, "first_name"))
            done = i + 2
            continue
        elif _capitalised(word) and low not in PARTICLES and sum(ch.isupper() for ch in word.split("-")[0]) == 1 \
                and ("-" not in word or all(_capitalised(part) for part in word.split("-"))):
            kind, end = _capitalised_kind(text, tokens, i, start_of_sentence, nxt)
        if kind is None:
            continue
        first, last = tokens[i], tokens[end - 1]
        stop = last.end
        if end == i + 1 and kind == "first_name" and not is_first_name(word) and low.endswith("s") \
                and is_first_name(low[:-1]):
            stop -= 1  # possessive: "Fiens moeder"
        found.append(Candidate(first.start, stop, text[first.start:stop], kind))
        done = end
    return found


def _capitalised_kind(text: str, tokens: list[_Token], i: int, start_of_sentence: bool,
                      nxt: _Token | None) -> tuple[str | None, int]:
    word = tokens[i].text
    low = word.casefold()
    name = is_first_name(word) or _diminutive_base(word) or \
        (low.endswith("s") and is_first_name(low[:-1]) and not is_dutch(word))
    run = _surname_run(text, tokens, i)
    if name:
        word_too = is_dutch(word) and not _diminutive_base(word)
        if start_of_sentence and word_too and run == i + 1:
            after = text[tokens[i].end:tokens[i].end + 1]
            if after != "," and (nxt is None or nxt.text.casefold() in INVERSION_CUES or not nxt.text.islower()
                                 or zipf(low) >= 5.0):
                return None, i + 1
        if not start_of_sentence and word_too and zipf(low) >= NAME_WORD_ZIPF and run == i + 1 \
                and low in _inflected():
            return None, i + 1
        return ("person" if run > i + 1 else "first_name"), run
    if is_dutch(word) or start_of_sentence and run == i + 1:
        return None, i + 1
    return ("person" if run > i + 1 or low in surnames() else "first_name"), run


def _title_candidates(text: str) -> list[Candidate]:
    titles = "|".join(re.escape(t) for t in sorted(TITLES + ROLE_TITLES, key=len, reverse=True))
    found = []
    for match in re.finditer(rf"(?<!\w)(?i:{titles})(?!\w)", text):
        tokens = [_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, match.end(), match.end() + 80)]
        if not tokens or not _gap(text, _Token(match.start(), match.end(), match.group()), tokens[0]):
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
        end = _surname_run(text, tokens, j)
        stop = tokens[end - 1].end
        found.append(Candidate(match.start(), stop, text[match.start():stop], "title_name"))
    return found


_AT_ANCHOR = re.compile(rf"@|(?i:{_AT})")
WINDOW = 200  # an address is looked for this far around an @ or a written-out "at"


def _around_at(pattern: str, text: str) -> list[re.Match]:
    """Matches of an e-mail pattern, looked for only near an @ or "[at]" (most texts have none)."""
    compiled = re.compile(pattern)
    found: dict[tuple[int, int], re.Match] = {}
    for anchor in _AT_ANCHOR.finditer(text):
        for match in compiled.finditer(text, max(0, anchor.start() - WINDOW), anchor.end() + WINDOW):
            if match.start() <= anchor.start() and anchor.end() <= match.end():
                found.setdefault(match.span(), match)
    return [found[span] for span in sorted(found)]


def _pattern_candidates(text: str) -> list[Candidate]:
    found = []
    for kind, pattern in (("email", EMAIL), ("obfuscated_email", OBFUSCATED_EMAIL), ("phone", PHONE),
                          ("address", ADDRESS), ("initials", INITIALS)):
        matches = _around_at(pattern, text) if "email" in kind else re.finditer(pattern, text)
        for match in matches:
            if kind == "obfuscated_email" and "@" in match.group() and re.fullmatch(EMAIL, match.group()):
                continue
            surname = match.group().split()[-1].casefold()
            if kind == "initials" and " " in match.group().strip() and surname not in surnames() \
                    and is_dutch(surname):
                continue
            found.append(Candidate(match.start(), match.end(), match.group(), kind))
    return found


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
    found = _pattern_candidates(text) + _title_candidates(text)
    pattern = term_pattern(terms or [])
    if pattern is not None:
        found += [Candidate(m.start(), m.end(), m.group(), "term") for m in pattern.finditer(text)]
    found += _token_candidates(text)
    priority = {kind: n for n, kind in enumerate(("email", "obfuscated_email", "phone", "address", "term",
                                                  "title_name", "initials", "person", "first_name"))}
    found.sort(key=lambda c: (c.start, -(c.end - c.start), priority[c.kind]))
    kept: list[Candidate] = []
    for candidate in found:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept

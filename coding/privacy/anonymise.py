"""Anonymisation of everything that leaves the project: names, identities, contact numbers.

Three sources of what must not leave:
- the project's name table (`replacements`): a person, school or place and what to write instead
  (a pseudonym or a role word such as "de zorgcoördinator"), matched as whole words, any case;
- sealed identity values (`sealed_identities`): replaced as "[afgeschermd]", whole-word and only in
  the document of their case, and only a value that is an identifier (a person's name or an e-mail
  address): a wrongly sealed column of places, networks or "nvt" never blanks any text;
- patterns: e-mail addresses (also written out: "an . devos @ scholen . be", "x[at]y[dot]be"),
  phone numbers, street addresses, staff numbers (stamboeknummer) and school numbers.

A replacement that starts in lower case ("de zorgcoördinator") is capitalised at a sentence start.

Every exporter runs its text through one `Anonymiser`; `leaks()` is the independent check that
what an export would contain holds no identity value, no part of a sealed name and no known name.
Sealed values are read here only to hide them: they are never returned or printed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from coding.privacy import names as finder
from coding.store.project import Project, ProjectError, now

SEALED_REPLACEMENT = "[afgeschermd]"
MIN_SEALED_LENGTH = 3  # shorter values ("ja", "1") would blank out ordinary words
PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("email", finder.EMAIL, "[e-mailadres]"),
    ("obfuscated_email", finder.OBFUSCATED_EMAIL, "[e-mailadres]"),
    ("address", finder.ADDRESS, "[adres]"),
    ("staff", r"(?i:\b(?:stamboek(?:nummer|nr\.?)?|personeelsnummer|personeelsnr\.?)\s*:?\s*)\d(?:[\s./-]?\d){4,}"
              r"|(?<!\d)\d{11}(?!\d)", "[stamboeknummer]"),
    ("school", r"(?i:\b(?:instellingsnummer|instellingsnr\.?|schoolnummer|schoolnr\.?)\s*:?\s*)\d{3,6}\b",
               "[schoolnummer]"),
    ("phone", finder.PHONE, "[telefoonnummer]"),
)
NAME_PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "le", "la", "du", "da", "di", "vanden",
                  "vander", "op", "in", "'t"}


ORGANISATION_WORDS = {"school", "basisschool", "college", "atheneum", "instituut", "lyceum", "campus", "vbs", "gbs",
                      "bubao", "buso", "kleuterschool", "academie", "centrum", "clb", "net", "onderwijs"}


def is_identifier(value: str) -> bool:
    """Whether a sealed value names a person or is an e-mail address, so it may mask text.

    A place ("Antwerpen"), a network ("Katholiek Onderwijs Vlaanderen"), a school or a word
    ("nvt") sealed by a wrong column proposal is kept sealed but masks nothing.
    """
    value = " ".join(str(value).split())
    if len(value) < MIN_SEALED_LENGTH or any(ch.isdigit() for ch in value):
        return False
    if re.fullmatch(finder.EMAIL, value):
        return True
    words = re.split(r"[\s,]+", value)
    if len(words) > 5 or any(w.casefold().strip(".") in ORGANISATION_WORDS for w in words):
        return False
    core = [w for w in words if w.casefold() not in NAME_PARTICLES]
    if not core or not all(w[:1].isupper() and not (len(w) > 1 and w.isupper()) for w in core):
        return False
    return any(finder.is_first_name(w) or not finder.is_dutch(w) for w in core)


def case_sensitive(name: str) -> bool:
    """A one-word name that is also a Dutch word is matched with its capital only."""
    name = " ".join(name.split())
    return " " not in name and name[:1].isupper() and finder.is_dutch(name)


def _loose(value: str) -> str:
    """A regex for a value as typed: any run of whitespace matches any other."""
    return r"\s+".join(re.escape(part) for part in value.split())


@dataclass
class Edit:
    start: int
    end: int
    length: int  # length of the replacement


@dataclass
class Mapped:
    """Anonymised text plus the edits, so offsets into the original can be carried over."""

    text: str
    edits: list[Edit] = field(default_factory=list)

    def offset(self, position: int, end: bool = False) -> int:
        """Where `position` of the original lands; inside a replaced span, at its start (or end)."""
        starts = [e.start for e in self.edits]
        i = bisect.bisect_right(starts, position) - 1
        if i < 0:
            return position
        shift = sum(e.length - (e.end - e.start) for e in self.edits[:i])
        edit = self.edits[i]
        new_start = edit.start + shift
        if position >= edit.end:
            return position + shift + edit.length - (edit.end - edit.start)
        if position == edit.start:
            return new_start
        return new_start + edit.length if end else new_start


def _key(text: str) -> str:
    return " ".join(text.split()).lower()  # what re.IGNORECASE folds (casefold would turn ß into ss)


def _trie_pattern(values: list[str]) -> str:
    """One regex for many literal values, as a trie (re tries alternatives one by one: a plain
    alternation of hundreds of names is ~50x slower on long texts). Whitespace matches any run."""
    trie: dict[str, dict] = {}
    for value in values:
        node = trie
        for char in _key(value):
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [(r"\s+" if char == " " else re.escape(char)) + walk(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return walk(trie)


class Anonymiser:
    """Replaces known names, sealed values and identifying patterns in any text.

    `sealed` maps a document id to the identifier values sealed for its cases; they are replaced
    only in text of that document (`apply(text, document=...)`).
    """

    def __init__(self, names: list[tuple[str, str]], sealed: dict[int, list[str]] | list[str] | None = None):
        self.names = {_key(name): replacement for name, replacement in names}
        # a name that is also a Dutch word ("Roos", "Ben") is replaced only as written, not as the word
        self._exact = {_key(name): " ".join(name.split()) for name, _ in names if case_sensitive(name)}
        if isinstance(sealed, list):  # values not tied to a document: they apply everywhere
            sealed = {-1: sealed}
        self.sealed = {doc: sorted({_key(v) for v in values if is_identifier(v)})
                       for doc, values in (sealed or {}).items()}
        self._patterns: dict[int | None, re.Pattern] = {}
        self._replacement: dict[str, str] = {"sealed": SEALED_REPLACEMENT}
        for key, _, replacement in PATTERNS:
            self._replacement[f"p_{key}"] = replacement

    def _pattern(self, document: int | None) -> re.Pattern:
        if document not in self._patterns:
            alternatives: list[str] = []
            values = sorted(set(self.sealed.get(-1, [])) | set(self.sealed.get(document, []) if document else []))
            if values:
                alternatives.append(f"(?P<sealed>(?i:(?<!\\w){_trie_pattern(values)}(?!\\w)))")
            folded = [n for n in self.names if n not in self._exact]
            if folded:
                alternatives.append(rf"(?P<name>(?i:(?<!\w){_trie_pattern(folded)}(?!\w)))")
            if self._exact:
                exact = "|".join(re.escape(n) for n in sorted(self._exact.values(), key=len, reverse=True))
                alternatives.append(rf"(?P<exact>(?<!\w)(?:{exact})(?!\w))")
            for key, pattern, _ in PATTERNS:
                alternatives.append(f"(?P<p_{key}>{pattern})")
            self._patterns[document] = re.compile("|".join(alternatives))
        return self._patterns[document]

    def _replace(self, match: re.Match, text: str) -> str:
        group = match.lastgroup or ""
        if group not in ("name", "exact"):
            return self._replacement[group]
        replacement = self.names[_key(match.group())]
        if replacement[:1].islower() and finder.sentence_start(text, match.start()):
            return replacement[:1].upper() + replacement[1:]
        return replacement

    def apply(self, text: Any, document: int | None = None) -> Any:
        """The text with every match replaced; anything that is not text passes unchanged."""
        if not isinstance(text, str) or not text:
            return text
        return self._pattern(document).sub(lambda m: self._replace(m, text), text)

    def spans(self, text: str, document: int | None = None) -> list[tuple[int, int]]:
        """Where `apply` would replace: [start, end) in the text."""
        return [m.span() for m in self._pattern(document).finditer(text)]

    def mapped(self, text: str, document: int | None = None) -> Mapped:
        """Like apply, keeping the edits so coded spans can follow the text (REFI-QDA export)."""
        parts: list[str] = []
        edits: list[Edit] = []
        last = 0
        for match in self._pattern(document).finditer(text):
            replacement = self._replace(match, text)
            parts += [text[last:match.start()], replacement]
            edits.append(Edit(match.start(), match.end(), len(replacement)))
            last = match.end()
        parts.append(text[last:])
        return Mapped("".join(parts), edits)


def replacements(db: Any) -> list[dict[str, Any]]:
    """The name table, alphabetically."""
    return [dict(zip(("id", "name", "replacement"), row)) for row in db.execute(
        "SELECT id, name, replacement FROM replacements ORDER BY name COLLATE NOCASE").fetchall()]


def anonymiser(project: Project | Any) -> Anonymiser:
    """The project's anonymiser: its name table, its sealed values and the fixed patterns."""
    db = getattr(project, "db", project)
    names = [(r["name"], r["replacement"]) for r in replacements(db)]
    sealed: dict[int, list[str]] = {}
    for document, value in db.execute("""SELECT k.document_id, s.value FROM sealed_identities s
                                         JOIN cases k ON k.id = s.case_id WHERE s.value IS NOT NULL"""):
        sealed.setdefault(document, []).append(value)
    return Anonymiser(names, sealed)


def replacement_row(tx: Any, name: str, replacement: str) -> int:
    """Add or change one row of the name table inside an open write (see set_replacement)."""
    name, replacement = " ".join(str(name).split()), " ".join(str(replacement).split())
    if len(name) < 2:
        raise ProjectError("privacy.anonymise.name_replace_needs_at")
    if not replacement:
        raise ProjectError("privacy.anonymise.give_what_replaces_pseudonym", name=name)
    if re.search(rf"(?i:(?<!\w){re.escape(name)}(?!\w))", replacement):
        raise ProjectError("privacy.anonymise.replacement_contains_name_itself", name=name)
    row = tx.db.execute("SELECT id FROM replacements WHERE name = ? COLLATE NOCASE", [name]).fetchone()
    if row:
        tx.update("replacements", row[0], name=name, replacement=replacement)
        return row[0]
    return tx.insert("replacements", {"name": name, "replacement": replacement, "created_at": now()})


def set_replacement(project: Project, actor: str, name: str, replacement: str) -> int:
    """Add a name to the table, or change what replaces it (one logged, undoable write)."""
    name, replacement = " ".join(str(name).split()), " ".join(str(replacement).split())
    with project.write(actor, "replace name", {"name": name, "replacement": replacement}) as tx:
        return replacement_row(tx, name, replacement)


def remove_replacement(project: Project, actor: str, name: str) -> None:
    """Take a name out of the table (undoable)."""
    with project.write(actor, "unreplace name", {"name": name}) as tx:
        row = tx.db.execute("SELECT id FROM replacements WHERE name = ? COLLATE NOCASE", [name]).fetchone()
        if row is None:
            raise ProjectError("privacy.anonymise.name_table", name=name)
        tx.delete("replacements", row[0])


def exported_texts(db: Any) -> Iterator[tuple[str, str]]:
    """(where, text) for every text an export can carry: documents, cases, attributes, codes, memos, recommendations."""
    queries = (
        ("SELECT 'document ' || id, name FROM documents", None),
        ("SELECT 'document ' || id, text FROM documents", None),
        ("SELECT 'case ' || id, label FROM cases", None),
        ("SELECT 'case ' || id, name FROM cases", None),
        ("SELECT 'attribute ' || name || ' of document ' || document_id, value FROM document_attributes", None),
        ("SELECT 'attribute ' || name || ' of case ' || case_id, value FROM case_attributes", None),
        ("SELECT 'code ' || id, coalesce(label, '') || ' ' || coalesce(definition, '') FROM codes", None),
        ("SELECT 'memo ' || id, coalesce(title, '') || ' ' || text FROM memos", None),
        ("SELECT 'memo of coding ' || id, memo FROM codings WHERE memo IS NOT NULL", None),
        ("SELECT 'recommendation ' || id, text FROM recommendations", None),
        ("SELECT 'setting ' || key, value FROM meta WHERE key LIKE 'attribution%'", None),
    )
    for sql, _ in queries:
        for where, text in db.execute(sql):
            if text:
                yield where, str(text)


def _needles(db: Any) -> list[tuple[str, re.Pattern]]:
    """What must not appear after anonymisation, described without revealing sealed values."""
    needles: list[tuple[str, re.Pattern]] = []
    for case_id, name, value in db.execute("SELECT case_id, name, value FROM sealed_identities WHERE value IS NOT NULL"):
        value = " ".join(str(value).split())
        if not is_identifier(value):
            continue
        label = f"sealed {name} of case {case_id}"
        needles.append((label, re.compile(rf"(?i:(?<!\w){_loose(value)}(?!\w))")))
        if re.search(r"naam|name", name, re.IGNORECASE) and not re.search(r"school", name, re.IGNORECASE) \
                and "@" not in value and not any(ch.isdigit() for ch in value):
            for part in re.split(r"[\s-]+", value)[1:]:  # surnames: first names are too often plain words
                if len(part) >= MIN_SEALED_LENGTH and part.casefold() not in NAME_PARTICLES and part[:1].isupper():
                    needles.append((f"part of {label}", re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")))
    for name, _ in ((r["name"], r["replacement"]) for r in replacements(db)):
        flags = "" if case_sensitive(name) else "(?i)"
        needles.append((f"name {name!r}", re.compile(rf"{flags}(?<!\w){_loose(name)}(?!\w)")))
    for key, pattern, _ in PATTERNS:
        needles.append((f"pattern {key}", re.compile(pattern)))
    return needles


def leaks(project: Project | Any, texts: Callable[[Any], Iterator[tuple[str, str]]] = exported_texts) -> list[dict[str, Any]]:
    """Every identity value, sealed-name part or known name an export would still contain.

    Each leak: what (e.g. "part of sealed naam of case 7", "name 'Marijke'"), where (e.g.
    "document 3") and offset into the anonymised text. Empty list: nothing would leak.
    """
    db = getattr(project, "db", project)
    hide = anonymiser(db)
    needles = _needles(db)
    found: list[dict[str, Any]] = []
    for where, text in texts(db):
        document = int(where.split()[1]) if where.startswith("document ") else None
        safe = hide.apply(text, document)
        for what, needle in needles:
            for match in needle.finditer(safe):
                found.append({"what": what, "where": where, "offset": match.start()})
    return found

"""Rule autocoding: the codebook's lemma rules matched over the stored lemmas of text units.

A code's `rules` are `lemmas` (single words), `phrases` (word sequences) and `exclude` (terms that
veto the code for a unit, e.g. "lerarenopleiding" for a code about training). Every term is
lemmatised with the shared pipeline (coding.text.nlp) exactly as the units were at import, and matched
with a spaCy PhraseMatcher over the unit's lemma sequence, so "ambulante ondersteuning" in a rule
finds "ambulant ondersteunde" when their lemmas agree. The result is suggestions with the terms
that matched; nothing here writes codings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from coding.text import nlp
from coding.store.model import VALENCE_SYNONYMS
from coding.text.scopes import ScopeUnit
from coding.store.project import ProjectError


@dataclass(frozen=True)
class CodeInfo:
    """What suggestions need to know of one codable code."""

    id: int
    key: str
    label: str
    path: str
    text: str                      # label, definition, inclusion and aliases: evidence of meaning
    examples: tuple[str, ...]
    rules: dict[str, list[str]] = field(default_factory=dict, hash=False)


def codebook_codes(db: Any, codebook_id: str) -> list[CodeInfo]:
    """The active, codable codes of a codebook in tree order; ProjectError for an unknown codebook."""
    if db.execute("SELECT 1 FROM codebooks WHERE id = ?", [codebook_id]).fetchone() is None:
        known = ", ".join(r[0] for r in db.execute("SELECT id FROM codebooks ORDER BY id")) or "none"
        raise ProjectError("suggest.autocode.codebook_project_codebooks", codebook_id=codebook_id,
                           known=known)
    rows = db.execute(
        """SELECT id, key, label, parent_id, definition, inclusion, aliases, examples, rules, codable, active
           FROM codes WHERE codebook_id = ? ORDER BY position, id""", [codebook_id]).fetchall()
    by_id = {r[0]: r for r in rows}

    def path(code_id: int) -> str:
        row = by_id[code_id]
        return row[2] if row[3] not in by_id else f"{path(row[3])} > {row[2]}"

    out = []
    for r in rows:
        if not (r[9] and r[10]):
            continue
        aliases = json.loads(r[6]) if r[6] else []
        text = " ".join(t for t in (r[2], r[4], r[5], " ".join(aliases)) if t)
        out.append(CodeInfo(r[0], r[1], r[2], path(r[0]), text, tuple(json.loads(r[7]) if r[7] else ()),
                            json.loads(r[8]) if r[8] else {}))
    order = {r[0]: n for n, r in enumerate(_tree_order(rows))}
    return sorted(out, key=lambda c: order[c.id])


def _tree_order(rows: list[tuple]) -> list[tuple]:
    children: dict[Any, list[tuple]] = {}
    for r in rows:
        children.setdefault(r[3], []).append(r)
    ids = {r[0] for r in rows}
    ordered: list[tuple] = []

    def visit(parent: Any) -> None:
        for r in children.get(parent, []):
            ordered.append(r)
            visit(r[0])
    for root in [p for p in children if p is None or p not in ids]:
        visit(root)
    return ordered


@dataclass(frozen=True)
class RuleHit:
    code_id: int
    matched: tuple[str, ...]   # the rule terms found, as written in the codebook


def _term_patterns(term: str) -> list[tuple[str, ...]]:
    """The lemma sequences a rule term stands for: its lemmatised form and, for one word, itself."""
    forms = {tuple(nlp.lemmas(term))}
    if " " not in term.strip():
        forms.add((term.strip().lower(),))
    return [f for f in forms if f]


class RuleMatcher:
    """The compiled rules of a set of codes (and the valence synonyms), matched on lemma strings."""

    def __init__(self, codes: list[CodeInfo]):
        from spacy.matcher import PhraseMatcher

        self.vocab = nlp.pipeline().vocab
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.terms: dict[int, tuple[str, int, str]] = {}   # match id -> (sign, code id or valence, term)
        self.order = {code.id: n for n, code in enumerate(codes)}   # ties go to the earlier code
        for code in codes:
            for kind in ("lemmas", "phrases", "exclude"):
                for term in code.rules.get(kind, []):
                    self._add("-" if kind == "exclude" else "+", code.id, term)
        for valence, synonyms in VALENCE_SYNONYMS.items():
            for term in synonyms:
                self._add("v", valence, term)

    def _add(self, sign: str, target: Any, term: str) -> None:
        from spacy.tokens import Doc

        name = f"{sign}|{target}|{term}"
        match_id = self.vocab.strings.add(name)
        self.terms[match_id] = (sign, target, term)
        self.matcher.add(name, [Doc(self.vocab, words=list(p)) for p in _term_patterns(term)])

    def _found(self, lemmas: str) -> set[tuple[str, Any, str]]:
        from spacy.tokens import Doc

        words = lemmas.split()
        if not words:
            return set()
        return {self.terms[match_id] for match_id, _, _ in self.matcher(Doc(self.vocab, words=words))}

    def match(self, lemmas: str) -> list[RuleHit]:
        """The codes whose rules match these lemmas and whose exclude terms do not, most terms first."""
        found = self._found(lemmas)
        vetoed = {target for sign, target, _ in found if sign == "-"}
        hits: dict[int, set[str]] = {}
        for sign, target, term in found:
            if sign == "+" and target not in vetoed:
                hits.setdefault(target, set()).add(term)
        return sorted((RuleHit(code, tuple(sorted(terms))) for code, terms in hits.items()),
                      key=lambda h: (-len(h.matched), self.order[h.code_id]))

    def valence_cues(self, lemmas: str) -> dict[str, list[str]]:
        """The valence synonyms (coding.store.model.VALENCE_SYNONYMS) found in these lemmas, per valence."""
        cues: dict[str, list[str]] = {}
        for sign, valence, term in self._found(lemmas):
            if sign == "v":
                cues.setdefault(valence, []).append(term)
        return cues


def cue_valence(matcher: RuleMatcher, unit: ScopeUnit) -> tuple[str, float]:
    """The valence the synonyms point to (context first: a question or heading names the pole),
    with a rough confidence; neutraal when they say nothing or disagree."""
    for lemmas, confidence in ((unit.context, 0.8), (unit.lemmas, 0.6)):
        cues = matcher.valence_cues(lemmas)
        if len(cues) == 1:
            return next(iter(cues)), confidence
    return "neutraal", 0.34


def autocode(codes: list[CodeInfo], units: list[ScopeUnit]) -> list[tuple[ScopeUnit, RuleHit]]:
    """Every (unit, rule hit) pair, units in text order, hits with most matched terms first."""
    matcher = RuleMatcher(codes)
    return [(unit, hit) for unit in units for hit in matcher.match(unit.lemmas)]

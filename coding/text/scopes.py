"""The units autocoding and suggestions work on: sentences, or the sentences grouped by answer,
paragraph or document.

Only sentences carry lemmas (units.lemmas), so every scope is built from them: a scope unit is a
span [start, end) from its first sentence to its last, with their lemmas joined. Facilitator turns
(is_data = 0) are left out, and so is the unattributed text of a document that has speakers (a
report's introduction, its list of participants): that is the writer's, not participant data; a
document without any speaker (written input) is all data. Scope `answer` is what one person said in one go (a mailbox answer or a
speaker's turn; a report's unattributed paragraphs are no one's answer and are skipped); scope
`paragraph` is the paragraph, turn or answer a sentence sits in. Each unit also carries its
`context`: the lemmas of the mailbox question it answers, or of the report heading above it, because
a coder reads a fragment under its heading and that is evidence for both code and valence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from coding.text import nlp
from coding.store.project import ProjectError

SCOPES = ("sentence", "answer", "paragraph", "document")
SENTENCE_BREAK = "."   # between a unit's sentences: the lemmas keep no punctuation, and a clause ends there


def join_sentences(lemmas: Iterable[str]) -> str:
    """One unit's lemmas from its sentences' lemmas, with SENTENCE_BREAK between them, so that a
    negation, a wish or a rule phrase does not reach into the next sentence."""
    return f" {SENTENCE_BREAK} ".join(part for part in lemmas if part)


@dataclass(frozen=True)
class ScopeUnit:
    document_id: int
    start: int
    end: int
    lemmas: str
    context: str = ""

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.document_id, self.start, self.end)


def _heading_lemmas(db: Any, document_ids: set[int] | None) -> dict[int, list[tuple[int, str]]]:
    """Per document, its headings as (start, lemmas) in text order."""
    rows = db.execute(
        """SELECT u.document_id, u.start, substr(d.text, u.start + 1, u.end - u.start) FROM units u
           JOIN documents d ON d.id = u.document_id WHERE u.kind = 'heading' ORDER BY u.document_id, u.start"""
    ).fetchall()
    rows = [r for r in rows if document_ids is None or r[0] in document_ids]
    found = nlp.sentences([r[2] for r in rows]) if rows else []
    out: dict[int, list[tuple[int, str]]] = {}
    for (doc, start, _), sents in zip(rows, found):
        out.setdefault(doc, []).append((start, " ".join(s.lemmas for s in sents)))
    return out


def scope_units(db: Any, scope: str = "sentence", document_ids: Iterable[int] | None = None) -> list[ScopeUnit]:
    """The units of `scope` over all documents (or the given ones), in document and text order."""
    if scope not in SCOPES:
        raise ProjectError("text.scopes.unit_must_one", scopes=', '.join(SCOPES), scope=scope)
    wanted = set(document_ids) if document_ids is not None else None
    rows = db.execute(
        """SELECT s.document_id, s.start, s.end, s.lemmas, s.question, s.parent_id, p.kind
           FROM units s LEFT JOIN units p ON p.id = s.parent_id
           WHERE s.kind = 'sentence' AND s.is_data = 1 AND s.lemmas IS NOT NULL
             AND (s.case_id IS NOT NULL OR s.document_id NOT IN (
                  SELECT document_id FROM units WHERE kind = 'sentence' AND case_id IS NOT NULL))
           ORDER BY s.document_id, s.start"""
    ).fetchall()
    if wanted is not None:
        rows = [r for r in rows if r[0] in wanted]
    headings = _heading_lemmas(db, wanted)
    question_lemmas = {q: " ".join(nlp.lemmas(q)) for q in {r[4] for r in rows if r[4]}}

    def context(doc: int, start: int, question: str | None) -> str:
        if question:
            return question_lemmas[question]
        above = [lemmas for at, lemmas in headings.get(doc, ()) if at <= start]
        return above[-1] if above else ""

    groups: dict[Any, list[tuple]] = {}
    for row in rows:
        if scope == "sentence":
            group = (row[0], row[1])
        elif scope == "document":
            group = row[0]
        elif scope == "answer" and row[6] not in ("answer", "turn"):
            continue
        else:
            group = (row[0], "parent", row[5] if row[5] is not None else row[1])
        groups.setdefault(group, []).append(row)
    return [ScopeUnit(members[0][0], members[0][1], members[-1][2],
                      join_sentences(m[3] for m in members),
                      context(members[0][0], members[0][1], members[0][4]))
            for members in groups.values()]

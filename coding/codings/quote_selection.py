"""Quotes chosen for the report: which codings, in what order per code, shortened how, attributed how.

Why here and not in the writer: the choice is project data a report writer builds up over days,
from the app and the CLI alike, so every change is one logged, undoable write. A shortened quote
keeps only words of the coded text, in their order: the kept spans are stored as document offsets,
and the writer puts an ellipsis exactly where words were left out, so a quote can never say
something the speaker did not say.
"""

from __future__ import annotations

import json
import re
from typing import Any

from coding.store.project import Project, ProjectError, Tx

FORMS = ("sjabloon", "rol", "rol_sector", "rol_groep")
"""Attribution forms: the project's template, role, role + sector, role + respondent group."""
ELLIPSIS = "\u2026"
_CUT_MARKS = re.compile(r"[\[(]?(?:\u2026|\.\.\.)[\])]?")
_PUNCTUATION = ".,;:!?\"'()[]\u2018\u2019\u201c\u201d-\u2013\u2014"

Spans = list[tuple[int, int]]


def _coding(db: Any, coding_id: int) -> dict[str, Any]:
    row = db.execute("""SELECT c.id, c.code_id, c.document_id, c.start, c."end", d.text FROM codings c
                        JOIN documents d ON d.id = c.document_id WHERE c.id = ?""", [coding_id]).fetchone()
    if row is None:
        raise ProjectError("codings.quote_selection.no_fragment", coding_id=coding_id)
    return dict(zip(("id", "code_id", "document_id", "start", "end", "text"), row))


def _selection(tx: Tx, coding_id: int) -> dict[str, Any] | None:
    row = tx.db.execute("SELECT id FROM quote_selections WHERE coding_id = ?", [coding_id]).fetchone()
    return tx.get("quote_selections", row[0]) if row else None


def select(project: Project, actor: str, coding_id: int, attribution: str | None = None) -> None:
    """Mark a coding for the report, last among the chosen quotes of its code (already marked: kept)."""
    if attribution is not None and attribution not in FORMS:
        raise ProjectError("codings.quote_selection.unknown_form", form=attribution, forms=", ".join(FORMS))
    with project.write(actor, "select quote", {"coding": coding_id}) as tx:
        coding = _coding(tx.db.conn, coding_id)
        if _selection(tx, coding_id) is None:
            position = tx.db.execute("""SELECT coalesce(max(s.position), -1) + 1 FROM quote_selections s
                                        JOIN codings c ON c.id = s.coding_id WHERE c.code_id = ?""",
                                     [coding["code_id"]]).fetchone()[0]
            tx.insert("quote_selections", {"coding_id": coding_id, "position": position,
                                           "attribution": attribution or "sjabloon"})
        elif attribution is not None:
            tx.update("quote_selections", _selection(tx, coding_id)["id"], attribution=attribution)
        if not tx.get("codings", coding_id)["selected"]:
            tx.update("codings", coding_id, selected=1)


def unselect(project: Project, actor: str, coding_id: int) -> None:
    """Take a coding out of the report (its order, shortening and attribution go with it; undo restores them)."""
    with project.write(actor, "unselect quote", {"coding": coding_id}) as tx:
        _coding(tx.db.conn, coding_id)
        found = _selection(tx, coding_id)
        if found is not None:
            tx.delete("quote_selections", found["id"])
        if tx.get("codings", coding_id)["selected"]:
            tx.update("codings", coding_id, selected=0)


def _ordered(db: Any, code_id: int) -> list[int]:
    """Chosen codings of a code in report order (those marked elsewhere, e.g. a .qdpx, last)."""
    return [r[0] for r in db.execute("""SELECT c.id FROM codings c LEFT JOIN quote_selections s ON s.coding_id = c.id
                                        WHERE c.code_id = ? AND c.selected = 1
                                        ORDER BY s.position IS NULL, s.position, c.document_id, c.start, c.id""",
                                     [code_id])]


def move(project: Project, actor: str, coding_id: int, steps: int) -> None:
    """Move a chosen quote `steps` places later (negative: earlier) among the chosen quotes of its code."""
    with project.write(actor, "move quote", {"coding": coding_id, "steps": steps}) as tx:
        coding = _coding(tx.db.conn, coding_id)
        order = _ordered(tx.db.conn, coding["code_id"])
        if coding_id not in order:
            raise ProjectError("codings.quote_selection.not_chosen", coding_id=coding_id)
        at = order.index(coding_id)
        order.pop(at)
        order.insert(max(0, min(len(order), at + steps)), coding_id)
        for position, member in enumerate(order):
            found = _selection(tx, member)
            if found is None:
                tx.insert("quote_selections", {"coding_id": member, "position": position})
            elif found["position"] != position:
                tx.update("quote_selections", found["id"], position=position)


def excerpt_spans(text: str, start: int, end: int, shortened: str) -> Spans:
    """The document spans of the words `shortened` keeps of text[start:end], in order.

    Cut marks (… ... […]) are ignored: the writer places its own where words were left out. A
    word may lose punctuation at its edges (the stored span keeps the original word); any other
    word, or a word out of order, is refused: a shortened quote leaves words out, it adds none.
    """
    words = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\S+", text[start:end])]
    wanted = re.findall(r"\S+", _CUT_MARKS.sub(" ", shortened))
    if not wanted:
        raise ProjectError("codings.quote_selection.shortened_empty")
    spans: Spans = []
    at, previous = 0, -2
    for word in wanted:
        while at < len(words) and not _same(words[at][2], word):
            at += 1
        if at == len(words):
            raise ProjectError("codings.quote_selection.word_not_in_fragment", word=word)
        if at == previous + 1 and spans:
            spans[-1] = (spans[-1][0], words[at][1])
        else:
            spans.append((words[at][0], words[at][1]))
        previous, at = at, at + 1
    return spans


def _same(original: str, typed: str) -> bool:
    return original == typed or original.strip(_PUNCTUATION) == typed.strip(_PUNCTUATION) != ""


def render_excerpt(text: str, start: int, end: int, spans: Spans | None) -> str:
    """text[start:end] as quoted: the kept spans inside it, an ellipsis wherever words were cut."""
    whole = " ".join(text[start:end].split())
    kept = [(max(s, start), min(e, end)) for s, e in (spans or []) if s < end and start < e]
    if not spans:
        return whole
    if not kept:
        return ""
    first = start + len(text[start:end]) - len(text[start:end].lstrip())
    last = end - (len(text[start:end]) - len(text[start:end].rstrip()))
    pieces = [" ".join(text[s:e].split()) for s, e in kept]
    cut_after = [bool(text[a_end:b_start].strip()) for (_, a_end), (b_start, _) in zip(kept, kept[1:])]
    cut_after.append(kept[-1][1] < last)
    out = "" if kept[0][0] <= first else ELLIPSIS + " "
    for piece, cut in zip(pieces, cut_after):
        # a comma or colon before a cut is the cut sentence's, not the kept one's
        out += (piece.rstrip(",;:") + f" {ELLIPSIS} ") if cut else piece + " "
    return out.rstrip()


def shorten(project: Project, actor: str, coding_id: int, shortened: str | None) -> str:
    """Keep only the words `shortened` keeps (None or the whole text: undo the shortening); returns the quote as shown."""
    with project.write(actor, "shorten quote", {"coding": coding_id}) as tx:
        coding = _coding(tx.db.conn, coding_id)
        found = _selection(tx, coding_id)
        if found is None:
            raise ProjectError("codings.quote_selection.not_chosen", coding_id=coding_id)
        text, start, end = coding["text"], coding["start"], coding["end"]
        spans = excerpt_spans(text, start, end, shortened) if shortened and shortened.strip() else None
        whole = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        if spans and spans[0][0] == whole[0][0] and spans[0][1] == whole[-1][1]:
            spans = None
        tx.update("quote_selections", found["id"], excerpt=json.dumps(spans) if spans else None)
        return render_excerpt(text, start, end, spans)


def set_form(project: Project, actor: str, coding_id: int, attribution: str) -> None:
    """Choose how a chosen quote names its speaker (see FORMS)."""
    select(project, actor, coding_id, attribution)


def selections(db: Any) -> dict[int, dict[str, Any]]:
    """Per chosen coding: position, excerpt spans (or None) and attribution form."""
    db = getattr(db, "db", db)
    return {r[0]: {"position": r[1], "excerpt": [tuple(s) for s in json.loads(r[2])] if r[2] else None,
                   "attribution": r[3]}
            for r in db.execute("""SELECT s.coding_id, s.position, s.excerpt, s.attribution FROM quote_selections s
                                   JOIN codings c ON c.id = s.coding_id WHERE c.selected = 1""")}


def clear_excerpt(tx: Tx, coding_id: int) -> None:
    """A coding's span changed: its shortening no longer fits, so it goes (recorded with the change)."""
    found = _selection(tx, coding_id)
    if found is not None and found["excerpt"] is not None:
        tx.update("quote_selections", found["id"], excerpt=None)


def span_codings(project: Project, document_id: int, start: int, end: int, code_id: int | None = None,
                 descendants: bool = True) -> list[dict[str, Any]]:
    """The codings of the project's default layer on exactly this span (of `code_id` and, with
    `descendants`, its subtree): what a fragment offers to mark. Why the default layer: the findings
    draft counts and quotes that layer, so a quote marked on a reliability coder's coding would never
    reach the report."""
    from coding.team.layers import layer

    condition, values = layer(project.db, None).where("c")
    codes, params = "", []
    if code_id is not None:
        codes = ("""AND c.code_id IN (WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL
                    SELECT k.id FROM codes k JOIN sub ON k.parent_id = sub.id) SELECT id FROM sub)"""
                 if descendants else "AND c.code_id = ?")
        params = [code_id]
    rows = project.db.execute(f"""SELECT c.id, c.code_id, k.label, c.valence, c.selected FROM codings c
                                   JOIN codes k ON k.id = c.code_id
                                   WHERE c.document_id = ? AND c.start = ? AND c."end" = ? {codes} AND {condition}
                                   ORDER BY k.codebook_id, k.position, c.id""",
                              [document_id, start, end, *params, *values]).fetchall()
    return [dict(zip(("id", "code_id", "label", "valence", "selected"), r)) for r in rows]

"""The mailbox grid: one row per answer, the respondent's background attributes as columns.

`rows()` reads every answer unit of the mailbox documents with its text, question, the codes it
carries (of the visible coders) and the respondent's case attributes, pivoted to columns. The
app filters and sorts that frame with `select()`, and codes one or many rows at once with
`code_rows()` (one transaction, one undo step). Sealed identities are never read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from coding.codings.operations import insert_coding
from coding.store.project import Project, ProjectError

BASE_COLUMNS = ["unit_id", "document_id", "document", "start", "end", "respondent", "case_id", "question",
                "text", "codes", "coded"]


def rows(db: Any, document_ids: Sequence[int] | None = None, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """All answers of mailbox documents (or of `document_ids`), coded state by `coders` (None = all).
    Non-substantive answers ("nvt", "geen": units that are not data) are not rows to code."""
    where, args = "d.kind = 'mailbox'", []
    if document_ids is not None:
        where = f"d.id IN ({', '.join('?' for _ in document_ids)})" if document_ids else "0"
        args = list(document_ids)
    frame = pd.read_sql_query(
        f"""SELECT u.id AS unit_id, u.document_id, d.name AS document, u.start, u.end, c.label AS respondent,
                   u.case_id, u.question
            FROM units u JOIN documents d ON d.id = u.document_id LEFT JOIN cases c ON c.id = u.case_id
            WHERE u.kind = 'answer' AND u.is_data = 1 AND {where} ORDER BY u.document_id, u.start""", db, params=args)
    frame.insert(frame.columns.get_loc("question") + 1, "text", _answer_texts(db, frame))
    coder_sql, coder_args = "", []
    if coders is not None:
        coder_sql = f" AND g.coder IN ({', '.join('?' for _ in coders)})" if coders else " AND 0"
        coder_args = list(coders)
    codings = pd.read_sql_query(
        f"""SELECT g.document_id, g.start, k.label, g.valence FROM codings g JOIN codes k ON k.id = g.code_id
            JOIN documents d ON d.id = g.document_id WHERE {where}{coder_sql} ORDER BY g.id""",
        db, params=args + coder_args)
    frame["codes"] = _codes_per_answer(frame, codings)
    frame["codes"] = frame["codes"].fillna("")
    frame["coded"] = frame["codes"] != ""
    attributes = pd.read_sql_query(
        f"""SELECT a.case_id, a.name, a.value FROM case_attributes a
            WHERE a.case_id IN (SELECT u.case_id FROM units u JOIN documents d ON d.id = u.document_id
                                WHERE u.kind = 'answer' AND {where})""", db, params=args)
    if not attributes.empty:
        wide = attributes.pivot(index="case_id", columns="name", values="value")
        wide = wide[[c for c in wide.columns if c not in BASE_COLUMNS]]
        frame = frame.merge(wide, left_on="case_id", right_index=True, how="left")
    return frame


def _answer_texts(db: Any, answers: pd.DataFrame) -> list[str]:
    """Each answer's words, sliced in Python from its document's text read once: SQLite's substr()
    walks UTF-8 from the start of the text, which over 10,000 answers of one document is quadratic."""
    texts = {int(d): db.execute("SELECT text FROM documents WHERE id = ?", [int(d)]).fetchone()[0]
             for d in answers["document_id"].unique()}
    return [texts[d][s:e] for d, s, e in zip(answers["document_id"], answers["start"], answers["end"])]


VALENCE_MARKS = {"sterkte": "+", "groeikans": "\u2212", "neutraal": "\u00b7"}  # as the document view marks them


def _codes_per_answer(answers: pd.DataFrame, codings: pd.DataFrame) -> list[str]:
    """Labels of the codings that start inside each answer, each with its valence mark ("Relatie +")
    (sorted search, not a range join: a range join over 10,000 answers is quadratic)."""
    labels: dict[int, list[str]] = {}
    for document_id, group in answers.groupby("document_id", sort=False):
        mine = codings[codings["document_id"] == document_id]
        if mine.empty:
            continue
        starts, ends = group["start"].to_numpy(), group["end"].to_numpy()
        at = np.searchsorted(starts, mine["start"].to_numpy(), side="right") - 1
        marked = [f"{label} {VALENCE_MARKS.get(valence, '')}".rstrip()
                  for label, valence in zip(mine["label"], mine["valence"])]
        for position, start, label in zip(at, mine["start"], marked):
            if position >= 0 and start < ends[position]:
                names = labels.setdefault(int(group.index[position]), [])
                if label not in names:
                    names.append(label)
    return [", ".join(labels.get(i, [])) for i in answers.index]


def attribute_columns(frame: pd.DataFrame) -> list[str]:
    """The background attribute columns of a grid frame, in name order."""
    return sorted(c for c in frame.columns if c not in BASE_COLUMNS)


def select(frame: pd.DataFrame, filters: dict[str, Sequence[str]] | None = None, question: str | None = None,
           coded: bool | None = None, text: str = "", sort: str | None = None,
           descending: bool = False) -> pd.DataFrame:
    """Rows matching every filter: attribute values (any of the listed), question, coded state and a
    case-insensitive text fragment (in the answer or the respondent label); sorted if asked."""
    mask = pd.Series(True, index=frame.index)
    for name, values in (filters or {}).items():
        if values and name in frame.columns:
            mask &= frame[name].isin(list(values))
    if question:
        mask &= frame["question"] == question
    if coded is not None:
        mask &= frame["coded"] == coded
    if text.strip():
        needle = text.strip().casefold()
        mask &= frame["text"].str.casefold().str.contains(needle, regex=False) | \
            frame["respondent"].fillna("").str.casefold().str.contains(needle, regex=False)
    out = frame[mask]
    if sort and sort in out.columns:
        out = out.sort_values(sort, ascending=not descending, kind="stable")
    return out


def code_rows(project: Project, coder: str, unit_ids: Sequence[int], code_id: int, valence: str = "neutraal",
              rating: str | None = None) -> list[int]:
    """Code the whole answer of each unit with one code and valence: one transaction, one undo step.
    An answer that already carries this code from this coder is left as it is."""
    if not unit_ids:
        raise ProjectError("codings.grid.rows_chosen_code")
    db = project.db.conn
    units = db.execute(
        f"""SELECT id, document_id, start, end FROM units WHERE kind = 'answer'
            AND id IN ({', '.join('?' for _ in unit_ids)})""", list(unit_ids)).fetchall()
    missing = set(unit_ids) - {u[0] for u in units}
    if missing:
        raise ProjectError("codings.grid.answer_unit", value=min(missing))
    made = []
    with project.write(coder, "code rows", {"code": code_id, "rows": len(units), "valence": valence}) as tx:
        for _, document_id, start, end in units:
            if start >= end:
                continue
            exists = tx.db.execute(
                "SELECT 1 FROM codings WHERE document_id = ? AND start = ? AND end = ? AND code_id = ? AND coder = ?",
                [document_id, start, end, code_id, coder]).fetchone()
            if exists is None:
                made.append(insert_coding(tx, coder, document_id, start, end, code_id, valence, rating))
    return made


def recent_codes(db: Any, coder: str, limit: int = 9) -> list[int]:
    """The codes this coder applied most recently (for number keys 1-9), newest first."""
    return [r[0] for r in db.execute(
        """SELECT g.code_id FROM codings g JOIN codes c ON c.id = g.code_id
           WHERE g.coder = ? AND c.active AND c.codable
           GROUP BY g.code_id ORDER BY max(g.id) DESC LIMIT ?""", [coder, limit])]

"""Updating a survey import with a newer export of the same survey.

The new export replaces the old document in one step: respondents are matched by their id (the
case label) and answers by respondent and question. A coding inside an answer whose text did not
change moves to the same answer in the new document (offsets shifted, coder, valence, memo kept);
codings on answers that changed or disappeared are not carried but listed, and undo brings the
old document back with all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coding.store.project import ProjectError
from coding.store.removal import Rows

if TYPE_CHECKING:  # parsed.store calls carry_codings
    from coding.importers.parsed import Parsed


@dataclass
class UpdateReport:
    replaced: str
    carried: int = 0
    changed: list[tuple[str, str]] = field(default_factory=list)
    """(respondent, question) of answers that changed or went, whose codings were not carried."""
    lost_codings: int = 0
    new_respondents: list[str] = field(default_factory=list)
    gone_respondents: list[str] = field(default_factory=list)


def previous_import(db: Any, name: str) -> int:
    """The latest mailbox document imported under `name` (or as a version of it), else a refusal."""
    row = db.execute("""SELECT id FROM documents WHERE kind = 'mailbox' AND (name = ? OR name LIKE ? || ' (v%)')
                        ORDER BY version DESC, id DESC LIMIT 1""", [name, name]).fetchone()
    if row is None:
        raise ProjectError("importers.update.no_earlier_import", name=name)
    return row[0]


def _table(rows: Rows, name: str) -> list[dict[str, Any]]:
    return next((items for table, items in rows if table == name), [])


def carry_codings(old: Rows, parsed: "Parsed", document_id: int, case_ids: dict[str, int]
                  ) -> tuple[list[dict[str, Any]], UpdateReport]:
    """The old document's codings moved onto the new one where their answer is unchanged."""
    document = _table(old, "documents")[0]
    text = document["text"]
    labels = {case["id"]: case["label"] for case in _table(old, "cases")}
    answers = [u for u in _table(old, "units") if u["kind"] == "answer"]
    new_text = parsed.text
    new_answers = {(s.case, s.question): s for s in parsed.segments if s.kind == "answer"}
    report = UpdateReport(document["name"])
    old_keys = {c.casefold() for c in labels.values()}
    report.new_respondents = [c.label for key, c in parsed.cases.items() if key not in old_keys]
    report.gone_respondents = [label for label in labels.values() if label.casefold() not in parsed.cases]
    moved: dict[int, tuple[int, int]] = {}  # old answer unit id -> (shift, new case id)
    for unit in answers:
        key = (labels.get(unit["case_id"], "").casefold(), unit["question"])
        segment = new_answers.get(key)
        if segment is not None and new_text[segment.start:segment.end] == text[unit["start"]:unit["end"]]:
            moved[unit["id"]] = (segment.start - unit["start"], case_ids[key[0]])
        else:
            report.changed.append((labels.get(unit["case_id"], "?"), unit["question"] or ""))
    carried = []
    for coding in _table(old, "codings"):
        unit = next((u for u in answers if u["start"] <= coding["start"] and coding["end"] <= u["end"]), None)
        if unit is None or unit["id"] not in moved:
            report.lost_codings += 1
            continue
        shift, case_id = moved[unit["id"]]
        carried.append({**{k: v for k, v in coding.items() if k != "id"}, "document_id": document_id,
                        "start": coding["start"] + shift, "end": coding["end"] + shift, "case_id": case_id})
    report.carried = len(carried)
    return carried, report

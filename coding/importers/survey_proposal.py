"""What an import of a survey export will do, shown before anything is written.

For every column: its role (or that it is left out), the attribute name, three sample values
(identity samples masked), and for open questions how many answers, non-substantive answers
("nvt", "geen", "-") and empty cells it has. Warnings say what needs a look: identity columns,
header rows that were skipped, summary rows ('Totaal') left out, answer codes (A1) instead of answers,
columns the proposal is unsure of, records a lenient read repaired, columns the mapping leaves out. A mapping naming a column the file lacks is refused here already. The shells turn these into sentences (app/strings.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coding.store.project import ProjectError
from coding.importers import mailbox
from coding.importers.survey_layout import SurveyTable
from coding.importers.survey_roles import ColumnGuess, answer_codes

LEFT_OUT = "niet geïmporteerd"
"""The role shown for a column the mapping does not name."""


@dataclass
class ColumnPlan:
    header: str
    role: str
    name: str | None
    samples: list[str]
    sure: bool = True
    reason: str = ""
    answers: int = 0
    non_substantive: int = 0
    empty: int = 0


@dataclass
class Plan:
    """The proposal (or a given mapping) applied to one export, for a person to check."""

    tool: str | None
    header_rows: int
    respondents: int
    columns: list[ColumnPlan]
    mapping: dict[str, Any]
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def sure(self) -> bool:
        """Whether the proposal is sure of every column (the CLI then imports without asking)."""
        return all(column.sure for column in self.columns)


def mask(value: str) -> str:
    """A sample of an identity value that shows the kind of value, not the value."""
    return " ".join(word[0] + "•" * min(len(word) - 1, 6) for word in value.split()) or "•"


def _samples(values: list[str], masked: bool) -> list[str]:
    seen: list[str] = []
    for value in values:
        value = " ".join(value.split())
        if value and value not in seen:
            seen.append(value)
        if len(seen) == 3:
            break
    return [mask(v) if masked else (v if len(v) <= 80 else v[:79] + "…") for v in seen]


def plan(table: SurveyTable, mapping: dict[str, Any] | None = None) -> Plan:
    """The plan for `mapping`, or for the proposal from headers and content when None."""
    guesses: list[ColumnGuess] | None = None
    if mapping is None:
        guesses = mailbox.guess_columns(table.headers, table.rows)
        mapping = mailbox.mapping_of(table.headers, guesses)
    mapping = mailbox.check_mapping(mapping)
    specs = mapping["columns"]
    present = set(table.headers)
    missing = [h for h in specs if h not in present]
    if missing:
        raise ProjectError("importers.survey_proposal.column_mapping_file_columns", missing=missing[0],
                           headers=', '.join(table.headers))
    empty_answers = {str(a).strip().casefold() for a in mapping.get("empty_answers", mailbox.EMPTY_ANSWERS)}
    columns = []
    notes: list[tuple[str, dict[str, Any]]] = []
    for n, header in enumerate(table.headers):
        spec = specs.get(header)
        values = [row[n] for row in table.rows]
        role = spec["role"] if spec else LEFT_OUT
        column = ColumnPlan(header, role, spec.get("name") if spec else None,
                            _samples(values, masked=role == "identity"))
        if guesses is not None:
            column.sure, column.reason = guesses[n].sure, guesses[n].reason
        if role == "attribute" and answer_codes(values):
            notes.append(("answer_codes", {"column": header}))
        if role == "rating":
            unread = sum(1 for v in values if v.strip() and mailbox.rating_value(v) is None)
            if unread:
                notes.append(("not_numbers", {"column": header, "count": unread}))
        if role == "question":
            filled = [v.strip() for v in values if v.strip()]
            column.non_substantive = sum(v.casefold() in empty_answers for v in filled)
            column.answers = len(filled) - column.non_substantive
            column.empty = len(values) - len(filled)
        columns.append(column)
    result = Plan(table.tool, table.header_rows, len(table.rows), columns, mapping)
    if table.header_rows > 1:
        result.warnings.append(("header_rows", {"count": table.header_rows - 1}))
    for label in table.summary_rows:
        result.warnings.append(("summary_row", {"label": label}))
    for line, problem in table.notes:
        result.warnings.append(("repaired", {"line": line, "problem": problem}))
    for column in columns:
        if column.role == "identity":
            result.warnings.append(("identity", {"column": column.header}))
        if not column.sure:
            result.warnings.append(("unsure", {"column": column.header, "role": column.role,
                                               "reason": column.reason}))
    result.warnings += notes
    left_out = [c.header for c in columns if c.role == LEFT_OUT]
    if left_out:
        result.warnings.append(("left_out", {"columns": left_out}))
    if not any(c.role == "question" for c in columns):
        result.warnings.append(("no_questions", {}))
    return result

"""The survey import plan (coding.importers.survey_proposal) in Dutch sentences, for the CLI and the app."""

from __future__ import annotations

from typing import Any

from app.strings import t


def warning_text(kind: str, values: dict[str, Any]) -> str:
    values = {k: ", ".join(map(repr, v)) if isinstance(v, list) else v for k, v in values.items()}
    return t(f"survey.warn.{kind}", **values)


def role_text(role: str) -> str:
    return t("survey.left_out_role") if role not in ("id", "attribute", "question", "rating", "identity",
                                                      "ignore") else role


def answers_text(column: Any) -> str:
    if column.role != "question":
        return ""
    return t("survey.answers", answers=column.answers, non_substantive=column.non_substantive, empty=column.empty)


def plan_lines(plan: Any, file: str) -> list[str]:
    """The plan as lines: a head line, one line per column, then the warnings."""
    tool = t("survey.tool", tool=plan.tool) if plan.tool else ""
    lines = [t("survey.head", file=file, tool=tool, respondents=plan.respondents, header_rows=plan.header_rows)]
    for column in plan.columns:
        name = f" -> {column.name}" if column.name else ""
        sure = "" if column.sure else "  (?)"
        samples = " | ".join(column.samples)
        counts = answers_text(column)
        lines.append(f"  {role_text(column.role):<9} {column.header}{name}{sure}")
        lines.append(f"            {samples}" + (f"  [{counts}]" if counts else ""))
    lines += [f"! {warning_text(kind, values)}" for kind, values in plan.warnings]
    return lines

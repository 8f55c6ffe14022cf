"""An intercoder agreement in words, in the user's language: the conventions behind its figures (the
review page and the notes file next to `werkbank agreement --out`) and the summary the CLI prints.

Kept apart from the page so the CLI needs no Streamlit; figures in the language's number format.
"""

from __future__ import annotations

import math
from typing import Any

from app import formats
from app.strings import t
from coding.agreement.measure import OVERALL_PAIRS, OVERALL_SETS

RESAMPLES = 1000
"""The bootstrap resamples when the settings do not say (the measure's default)."""


def figure(value: Any, digits: int = 2) -> str:
    """A coefficient or share; a dash where it is undefined (one category, no units)."""
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else formats.number(value, digits)


def notes(result: Any, sample_key: str = "review.note.sample") -> list[str]:
    """How to read the figures. `sample_key` words the warning about a sample drawn at another unit (the
    CLI's names the option to use)."""
    s = result.settings
    sample = s.get("sample_mismatch")
    unit = t(f"review.unit.{result.unit}")
    warning = [t(sample_key, coder=sample[0], kind=t(f"review.unit.{sample[1]}"), unit=unit,
                 option=sample[1])] if sample else []
    return warning + [
        t("review.note.units", unit=unit, documents=len(result.documents), coders=formats.joined(list(result.coders)),
          total=result.units_total),
        t("review.note.threshold", threshold=formats.percent(s.get("threshold", 0))),
        t("review.note.uncoded", uncoded=result.units_uncoded, total=result.units_total),
        t("review.note.not_code"), t("review.note.coefficients"), t("review.note.valence"),
        t("review.note.segments", overlap=formats.number(s.get("segment_overlap", 90), 0)),
        t("review.note.intervals", resamples=s.get("resamples", RESAMPLES), seed=s.get("seed", 1)),
        t("review.note.overall"),
    ]


def code_name(code: str) -> str:
    """A row's code, with the two overall rows named in the user's language."""
    return {OVERALL_PAIRS: t("review.overall"), OVERALL_SETS: t("review.overall_sets")}.get(code, code)


def summary(result: Any) -> str:
    """What `werkbank agreement` prints: the overall figures, every code from the weakest alpha up, the notes."""
    def interval(row: Any, name: str) -> str:
        low, high = row[f"{name}_low"], row[f"{name}_high"]
        return "" if figure(low) == "–" else f" [{figure(low)}; {figure(high)}]"

    table = result.table
    lines = [t("cli.agree.head", coders=formats.joined(list(result.coders)),
               total=formats.number(result.units_total, 0),
               unit=t(f"review.unit.{result.unit}"), documents=len(result.documents))]
    overall = table["code"].isin([OVERALL_PAIRS, OVERALL_SETS])
    for row in table[overall].to_dict("records"):
        lines.append("  " + t("cli.agree.overall", code=code_name(row["code"]), units=formats.number(row["units"], 0),
                              percent=figure(row["percent"], 3) + interval(row, "percent"),
                              kappa=figure(row["kappa"], 3) + interval(row, "kappa"),
                              alpha=figure(row["alpha"], 3) + interval(row, "alpha")))
    codes = table[~overall]
    if len(codes):
        lines.append(t("cli.agree.per_code"))
        for row in codes.sort_values("alpha", na_position="last").to_dict("records"):
            rating = "" if figure(row["rating_units"]) == "–" else t(
                "cli.agree.rating", ordinal=figure(row["rating_alpha_ordinal"], 3),
                interval=figure(row["rating_alpha_interval"], 3), units=int(row["rating_units"]))
            lines.append("  " + t("cli.agree.code", code=row["code"], coded=row["coded_any"],
                                  percent=figure(row["percent"], 3), kappa=figure(row["kappa"], 3),
                                  alpha=figure(row["alpha"], 3), valence_alpha=figure(row["valence_alpha"], 3),
                                  valence_units=row["valence_units"], matched=row["segments_matched"],
                                  segments=row["segments"]) + rating)
    lines.append(t("cli.agree.how"))
    lines += [f"  - {note}" for note in notes(result, "cli.agree.sample")]
    return "\n".join(lines)

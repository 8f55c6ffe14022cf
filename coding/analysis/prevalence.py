"""How many speakers or sessions mention a code, and the Dutch word a report may use for it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from coding.store.model import RESPONDENT_KINDS
from coding.store.project import Project, ProjectError
from coding.analysis.data import SQL_FILTERS, Filters, cases_frame, check, documents_frame, load



UNITS = ("speakers", "participants", "respondents", "sessions")


def quantifier(count: int, total: int) -> str:
    """The prevalence word for `count` out of `total` (speakers or sessions).

    Thresholds (share = count / total):
    - `geen`: count 0;  `slechts één`: count 1 (whatever the total);
    - `alle`: every one of them (share 1, total >= 2);
    - `de meeste`: share > 0.5;  `heel wat`: share >= 0.25;  `een aantal`: share >= 0.10;
    - `enkele`: fewer (at least two).
    """
    if count < 0 or total < count:
        raise ProjectError("analysis.prevalence.cannot_put_out_into", count=count, total=total)
    if count == 0:
        return "geen"
    if count == 1:
        return "slechts één"
    share = count / total
    if share == 1:
        return "alle"
    if share > 0.5:
        return "de meeste"
    if share >= 0.25:
        return "heel wat"
    if share >= 0.10:
        return "een aantal"
    return "enkele"


def _population(project: Project, unit: str, group: tuple[str, Any] | None) -> set:
    """Every speaker, participant or respondent (data case) or session in the group, mentioning the code or not."""
    cases, docs = cases_frame(project), documents_frame(project)
    cases = cases[cases["is_data"] == 1]
    answering = docs["kind"].reindex(cases["document_id"]).isin(RESPONDENT_KINDS).to_numpy()
    if unit == "participants":
        cases = cases[~answering]
    elif unit == "respondents":
        cases = cases[answering]
    if unit != "sessions":
        keys = cases.index.to_numpy()
        if group is None:
            return set(keys.tolist())
        name, value = group
        values = pd.Series(None, index=cases.index, dtype=object)
        if name in docs.columns:
            values = docs[name].reindex(cases["document_id"]).set_axis(cases.index)
        if name in cases.columns:
            values = cases[name].where(cases[name].notna(), values)
        return set(keys[(values == str(value)).to_numpy()].tolist())
    sessions = docs[docs["session"].notna()]
    if group is not None:
        name, value = group
        if name not in sessions.columns:
            return set()
        sessions = sessions[sessions[name] == str(value)]
    return set(sessions["session"])


def prevalence(project: Project, code_id: int, unit: str = "speakers", group: tuple[str, Any] | None = None,
               valence: str | None = None, filters: Filters | None = None) -> dict[str, Any]:
    """Share of the speakers, participants, respondents (or sessions) of a group that mention a code (or its subtree).

    unit: speakers (participants + respondents), participants (in sessions), respondents (mailbox),
    or sessions (meetings, see coding.analysis.data: the same sessions frequencies count).
    group: (attribute, value), e.g. ("sector", "BuO"); speakers inherit document attributes;
    a session is in the group when its document attribute has the value.
    Returns code_id, unit, count, total, share, quantifier.
    """
    if unit not in UNITS:
        raise ProjectError("analysis.prevalence.prevalence_counts", units=', '.join(UNITS), unit=unit)
    population = _population(project, unit, group)
    chosen = dict(filters or {})
    if valence is not None:
        chosen["valence"] = valence
    check(chosen)
    codings = load(project, None, {k: v for k, v in chosen.items() if k in SQL_FILTERS})
    known = code_id in codings.tree.index
    # the code's codings by the read's index, then the other filters over those few, not over all
    # (an unknown filter attribute is reported before an unknown code, as when filters came first)
    codings = (codings.of_code(codings.tree.index.get_loc(code_id)) if known else codings.take(slice(0, 0)))
    codings = codings.where(chosen)
    if not known:
        raise ProjectError("analysis.prevalence.code_does_exist", code_id=code_id)
    if unit != "sessions":
        mentioned = set(np.unique(codings.case).tolist())
    else:
        mentioned = set(codings.documents["session"].reindex(np.unique(codings.document)).dropna())
    count, total = len(mentioned & population), len(population)
    return {"code_id": code_id, "unit": unit, "count": count, "total": total,
            "share": round(count / total, 3) if total else None, "quantifier": quantifier(count, total)}

"""Descriptive tables a report opens with: data collection, mailbox response, self-ratings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coding.store.model import NET, RATING_NOW, RATING_START, SECTOR, SESSION_KINDS
from coding.store.project import Project, ProjectError
from coding.analysis.counting import TOTAL
from coding.analysis.data import MISSING, cases_frame, documents_frame

WRITTEN_INPUT = "schriftelijke input"
BANDS = ("<5", "5-7", ">=8")


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series(None, index=frame.index, dtype=object)


def _data_cases(cases: pd.DataFrame) -> pd.DataFrame:
    return cases[cases["is_data"] == 1]


def overview(project: Project) -> pd.DataFrame:
    """Data collection: one row per session (date, place, region, group, N, written input) and per mailbox.

    participants: the document attribute `aantal_deelnemers`, else the number of speakers;
    speakers: data cases in the session's documents; written_input: attached written-input documents
    (same `sessie`); responses: respondents of a mailbox.
    """
    docs, cases = documents_frame(project), _data_cases(cases_frame(project))
    speakers = cases.groupby("document_id").size()
    docs["speakers"] = speakers.reindex(docs.index, fill_value=0)
    rows = []
    sessions = docs[docs["kind"].isin(SESSION_KINDS)]
    for session, group in sessions.groupby("session", sort=False):
        first = group.iloc[0]
        attached = docs[(docs["kind"] == WRITTEN_INPUT) & (docs["session"] == session)]
        stated = pd.to_numeric(_column(group, "aantal_deelnemers"), errors="coerce").dropna()
        rows.append({"kind": first["kind"], "session": session, "documents": ", ".join(group["name"]),
                     "datum": _column(group, "datum").dropna().min(), "locatie": _column(group, "locatie").iloc[0],
                     "regio": _column(group, "regio").iloc[0],
                     "respondentgroep": _column(group, "respondentgroep").iloc[0],
                     "participants": int(stated.iloc[0]) if len(stated) else int(group["speakers"].max()),
                     "speakers": int(group["speakers"].sum()), "written_input": len(attached), "responses": None})
    for _, doc in docs[docs["kind"] == "mailbox"].iterrows():
        rows.append({"kind": "mailbox", "session": doc["name"], "documents": doc["name"],
                     "datum": _column(docs, "datum").get(doc.name), "locatie": None, "regio": None,
                     "respondentgroep": _column(docs, "respondentgroep").get(doc.name), "participants": None,
                     "speakers": None, "written_input": None, "responses": int(doc["speakers"])})
    table = pd.DataFrame(rows, columns=["kind", "session", "documents", "datum", "locatie", "regio", "respondentgroep",
                                        "participants", "speakers", "written_input", "responses"])
    for column in ("participants", "speakers", "written_input", "responses"):
        table[column] = table[column].astype("Int64")
    return table.sort_values(["kind", "datum", "session"], na_position="last", kind="stable").reset_index(drop=True)


def _respondents(project: Project) -> pd.DataFrame:
    """Data cases of mailbox documents, with document attributes filled in where the case has none."""
    docs, cases = documents_frame(project), _data_cases(cases_frame(project))
    cases = cases[cases["document_id"].isin(docs.index[docs["kind"] == "mailbox"])].copy()
    for name in docs.columns.drop(["name", "kind", "session"]):
        inherited = docs[name].reindex(cases["document_id"]).to_numpy()
        cases[name] = _column(cases, name).where(_column(cases, name).notna(), inherited)
    return cases


def mailbox_crosstab(project: Project, columns: str = NET, rows: str = SECTOR) -> pd.DataFrame:
    """Mailbox respondents counted by two attributes (e.g. sector x onderwijsnet), with totals."""
    respondents = _respondents(project)
    for name in (rows, columns):
        if name not in respondents.columns:
            raise ProjectError("analysis.descriptives.mailbox_respondents_attribute_2", name=name)
    table = pd.crosstab(respondents[rows].fillna(MISSING), respondents[columns].fillna(MISSING),
                        margins=True, margins_name=TOTAL)
    return table.reset_index().rename_axis(columns=None)


def band(value: float) -> str | None:
    """Self-rating band: <5, 5-7 (5 up to but not including 8), >=8."""
    if pd.isna(value):
        return None
    return BANDS[0] if value < 5 else BANDS[1] if value < 8 else BANDS[2]


def _ratings(project: Project, by: str | None) -> pd.DataFrame:
    respondents = _respondents(project)
    for name in (RATING_START, RATING_NOW):
        respondents[name] = pd.to_numeric(_column(respondents, name), errors="coerce")
    if by is not None and by not in respondents.columns:
        raise ProjectError("analysis.descriptives.mailbox_respondents_attribute", by=by)
    respondents["group"] = respondents[by].fillna(MISSING) if by else TOTAL
    return respondents[respondents[[RATING_START, RATING_NOW]].notna().any(axis=1)]


def ratings(project: Project, by: str | None = SECTOR) -> pd.DataFrame:
    """Self-rating (handelingsbekwaamheid) bands at the start and now, per group: count and share."""
    respondents = _ratings(project, by)
    rows = []
    for group, members in respondents.groupby("group", sort=True):
        for moment, column in (("start", RATING_START), ("nu", RATING_NOW)):
            bands = members[column].dropna().map(band)
            for name in BANDS:
                count = int((bands == name).sum())
                rows.append({"group": group, "moment": moment, "band": name, "count": count,
                             "share": round(count / len(bands), 3) if len(bands) else None})
    table = pd.DataFrame(rows, columns=["group", "moment", "band", "count", "share"])
    return table.rename(columns={"group": by or "group"})


def rating_changes(project: Project, by: str | None = SECTOR) -> pd.DataFrame:
    """Per group, respondents with both ratings: mean start and now, and how many rose, stayed, fell."""
    respondents = _ratings(project, by).dropna(subset=[RATING_START, RATING_NOW])
    change = np.sign(respondents[RATING_NOW] - respondents[RATING_START])
    rows = []
    for group, members in respondents.assign(change=change).groupby("group", sort=True):
        n = len(members)
        counted = {name: int((members["change"] == sign).sum()) for name, sign in
                   (("rose", 1), ("stayed", 0), ("fell", -1))}
        rows.append({"group": group, "respondents": n, "mean_start": round(members[RATING_START].mean(), 2),
                     "mean_now": round(members[RATING_NOW].mean(), 2), **counted,
                     **{f"share_{k}": round(v / n, 3) for k, v in counted.items()}})
    columns = ["group", "respondents", "mean_start", "mean_now", "rose", "stayed", "fell",
               "share_rose", "share_stayed", "share_fell"]
    return pd.DataFrame(rows, columns=columns).rename(columns={"group": by or "group"})


def rating_summary(project: Project, by: str | None = SECTOR) -> pd.DataFrame:
    """One row per group: the changes (rating_changes) and the band counts at the start and now."""
    changes = rating_changes(project, by)
    bands = ratings(project, by)
    key = by or "group"
    bands["column"] = bands["moment"] + " " + bands["band"]
    wide = bands.pivot_table(index=key, columns="column", values="count", aggfunc="sum", sort=False)
    wide = wide[[f"{m} {b}" for m in ("start", "nu") for b in BANDS]].reset_index().rename_axis(columns=None)
    return wide.merge(changes, on=key, how="left")

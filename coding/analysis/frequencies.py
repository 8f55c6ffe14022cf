"""Code frequency table and sterkte/groeikans balance, per code in codebook order."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coding.store.model import VALENCES
from coding.store.project import Project, ProjectError
from coding.analysis.counting import MEASURES, TOTAL, VALENCE_LABELS, counts, with_codes
from coding.analysis.data import Filters, load


def _wide(long: pd.DataFrame, by: str | None, measures: tuple[str, ...]) -> pd.DataFrame:
    """One row per code (x group), columns `measure` (all valences) and `measure_valence`."""
    n_valences = len(VALENCE_LABELS)
    first = long.iloc[::n_valences].reset_index(drop=True)
    keys = first[["node"] + (["group"] if by else [])]
    columns: dict[str, np.ndarray] = {}
    for measure in measures:
        grid = long[measure].to_numpy().reshape(-1, n_valences)
        columns[measure] = grid[:, VALENCE_LABELS.index(TOTAL)]
    for measure in measures:
        grid = long[measure].to_numpy().reshape(-1, n_valences)
        for valence in VALENCES:
            columns[f"{measure}_{valence}"] = grid[:, VALENCE_LABELS.index(valence)]
    wide = pd.concat([keys, pd.DataFrame(columns)], axis=1)
    return wide.rename(columns={"group": by}) if by else wide


def frequencies(project: Project, codebook: str | None = None, filters: Filters | None = None,
                by: str | None = None, rollup: bool = True) -> pd.DataFrame:
    """Per code: fragments, distinct speakers, documents and sessions, in total and per valence.

    Rolled up the tree unless rollup=False (see coding.analysis.counting). With `by`, one row
    per code and value of that attribute.
    """
    codings = load(project, codebook, filters)
    long = counts(codings, codings.attribute(by) if by else None, rollup)
    return with_codes(_wide(long, by, MEASURES), codings)


def balance(project: Project, codebook: str | None = None, by: str | None = None, measure: str = "fragments",
            filters: Filters | None = None, rollup: bool = True) -> pd.DataFrame:
    """Sterkte against groeikans per code (and group): the data of the diverging bar chart.

    `measure` is fragments or speakers. `share_sterkte` = sterkte / (sterkte + groeikans), empty
    when a code has neither.
    """
    if measure not in ("fragments", "speakers"):
        raise ProjectError("analysis.frequencies.balance_counts_fragments_speakers", measure=measure)
    codings = load(project, codebook, filters)
    long = counts(codings, codings.attribute(by) if by else None, rollup, measures=(measure,))
    wide = with_codes(_wide(long, by, (measure,)), codings)
    wide = wide.rename(columns={measure: "total", **{f"{measure}_{v}": v for v in VALENCES}})
    valenced = wide["sterkte"] + wide["groeikans"]
    wide["share_sterkte"] = (wide["sterkte"] / valenced.where(valenced > 0)).round(3)
    wide.insert(wide.columns.get_loc("total"), "measure", measure)
    return wide

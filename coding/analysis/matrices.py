"""Code x attribute value matrices, and the mailbox against the sessions (triangulation)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from coding.store.project import Project, ProjectError
from coding.analysis.counting import TOTAL, VALENCE_LABELS, counts, distinct_per_cell, entities, with_codes
from coding.analysis.data import Filters, load

MAILBOX = "mailbox"
TRIANGULATION_MIN = 3          # valenced fragments needed on each side before calling a contradiction
TRIANGULATION_THRESHOLD = 0.4  # difference in share sterkte that counts as a contradiction


def code_matrix(project: Project, by: str, codebook: str | None = None, measure: str = "fragments",
                filters: Filters | None = None, rollup: bool = True) -> pd.DataFrame:
    """Code x value of `by` (an attribute, or kind / document / session), long: one row per cell.

    count: distinct fragments (or speakers, documents, sessions) of the code with that value.
    row_share: count / the code's total over all values (where does this code come from?).
    column_share: count / all distinct entities of that value in the codebook (how much of, say,
    the GeO talk carries this code?).
    """
    codings = load(project, codebook, filters)
    group = codings.attribute(by)
    long = counts(codings, group, rollup, measures=(measure,))
    long = long[long["valence"] == TOTAL].drop(columns="valence").rename(columns={measure: "count"})
    ids, n_ids = entities(codings, measure)
    keep = ids >= 0
    column_totals = distinct_per_cell(group.codes[keep].astype(np.int64), ids[keep], len(group.categories),
                                      max(n_ids, 1))
    long = long.reset_index(drop=True)
    row_totals = long.groupby("node")["count"].transform("sum")
    long["row_share"] = (long["count"] / row_totals.where(row_totals > 0)).round(3)
    long["column_share"] = (long["count"] / column_totals[long["group"].cat.codes.to_numpy()]).round(3)
    long = long.rename(columns={"group": by})
    long.insert(0, "measure", measure)
    return with_codes(long, codings)


def pivot(matrix: pd.DataFrame, by: str, value: str = "count") -> pd.DataFrame:
    """A long matrix as a report table: one row per code, one column per value of `by`."""
    table = matrix.pivot_table(index=["order", "key", "label"], columns=by, values=value, observed=False,
                               sort=False, aggfunc="first")
    return table.reset_index().drop(columns="order").rename_axis(columns=None)


def sources(project: Project, codebook: str | None = None, filters: Filters | None = None,
            min_fragments: int = TRIANGULATION_MIN, threshold: float = TRIANGULATION_THRESHOLD) -> pd.DataFrame:
    """Fragments per code and source kind, with what the mailbox does to the sessions.

    Sessions = every source kind except the mailbox. `role`:
    - `aanvulling` (addition): the code has mailbox fragments and none from sessions;
    - `tegenspraak` (contradiction to check): both sides have at least `min_fragments` sterkte +
      groeikans fragments and their share sterkte (sterkte / (sterkte + groeikans)) differs by at
      least `threshold`;
    - `bevestiging` (confirmation): both sides have the code, otherwise;
    - empty when the mailbox does not have the code.
    """
    if min_fragments < 1 or not 0 < threshold <= 1:
        raise ProjectError("analysis.matrices.min_fragments_must_threshold")
    codings = load(project, codebook, filters)
    kinds = codings.attribute("kind")
    long = counts(codings, kinds, rollup=True, measures=("fragments",))
    grid = long["fragments"].to_numpy().reshape(len(codings.tree), len(kinds.categories), len(VALENCE_LABELS))
    names = list(kinds.categories)
    session_columns = [i for i, kind in enumerate(names) if kind != MAILBOX]
    mailbox_columns = [i for i, kind in enumerate(names) if kind == MAILBOX]
    result = pd.DataFrame({"node": np.arange(len(codings.tree))})
    for i, kind in enumerate(names):
        result[kind] = grid[:, i, VALENCE_LABELS.index(TOTAL)]
    for side, columns in (("sessions", session_columns), ("mailbox", mailbox_columns)):
        per_valence = grid[:, columns, :].sum(axis=1)
        result[side] = per_valence[:, VALENCE_LABELS.index(TOTAL)]
        strong, growth = per_valence[:, VALENCE_LABELS.index("sterkte")], per_valence[:, VALENCE_LABELS.index("groeikans")]
        result[f"{side}_valenced"] = strong + growth
        result[f"{side}_share_sterkte"] = np.round(strong / np.where(strong + growth > 0, strong + growth, np.nan), 3)
    in_mailbox = result["mailbox"] > 0
    enough = (result["sessions_valenced"] >= min_fragments) & (result["mailbox_valenced"] >= min_fragments)
    gap = (result["sessions_share_sterkte"] - result["mailbox_share_sterkte"]).abs()
    differs = gap >= threshold - 1e-9  # shares are rounded; 0.8 - 0.4 must count as 0.4
    result["role"] = np.select([in_mailbox & (result["sessions"] == 0), in_mailbox & enough & differs, in_mailbox],
                               ["aanvulling", "tegenspraak", "bevestiging"], default="")
    return with_codes(result, codings)

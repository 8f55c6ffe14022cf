"""The project's data as report tables (codings, fragments with attributes, code x attribute
matrices), anonymised, for CSV and XLSX via exports.tables (which neutralises formula injection).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coding.analysis import code_matrix, fragments, pivot
from coding.privacy.anonymise import Anonymiser, anonymiser
from coding.store.model import SECTOR
from coding.store.project import Project, ProjectError

from .layer_note import chosen_layer
from .quotes import quotes
from .tables import save_table

WHAT = ("codings", "fragments", "matrix")


def _anonymised(frame: pd.DataFrame, hide: Anonymiser) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = safe[column].astype(object).map(hide.apply)
    return safe


def codings_table(project: Project, codebook: str | None = None, selected_only: bool = False,
                  layer: str | None = None) -> pd.DataFrame:
    """One row per coding that may be quoted: code, valence, source, paragraph, text, attribution, memo."""
    frame = quotes(project, codebook, selected_only, layer=layer)
    coders = dict(project.db.execute("SELECT id, coder FROM codings").fetchall())
    frame.insert(frame.columns.get_loc("valence") + 1, "coder", frame["coding_id"].map(coders))
    return frame.drop(columns=["depth", "order", "context"])


def fragments_table(project: Project, codebook: str | None = None, layer: str | None = None) -> pd.DataFrame:
    """Distinct fragments with their text, speaker label and attributes (no identities)."""
    filters = {"layer": layer} if layer else None
    return _anonymised(fragments(project, codebook=codebook, filters=filters), anonymiser(project))


def matrix_table(project: Project, codebook: str | None = None, by: str = SECTOR,
                 measure: str = "fragments", layer: str | None = None) -> pd.DataFrame:
    """Code x value of `by`: one row per code, one column per value (counts of `measure`)."""
    filters = {"layer": layer} if layer else None
    return _anonymised(pivot(code_matrix(project, by, codebook, measure, filters), by), anonymiser(project))


def export_table(project: Project, path: str | Path, what: str = "codings", codebook: str | None = None,
                 by: str = SECTOR, selected_only: bool = False, layer: str | None = None) -> Path:
    """Write one of WHAT as .csv or .xlsx (formula-safe), each row naming its coder layer; returns the path."""
    if what not in WHAT:
        raise ProjectError(f"a table export is one of {', '.join(WHAT)}, not {what!r}")
    if what == "codings":
        frame = codings_table(project, codebook, selected_only, layer)
    elif what == "fragments":
        frame = fragments_table(project, codebook, layer)
    else:
        frame = matrix_table(project, codebook, by, layer=layer)
    frame.insert(0, "layer", chosen_layer(project, layer).label)
    return save_table(frame, path, sheet=what)

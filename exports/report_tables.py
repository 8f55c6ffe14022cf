"""The project's data as report tables (codings, fragments with attributes, code x attribute
matrices), anonymised, for CSV and XLSX via the export gate (exports.gate: anonymised, formula injection neutralised).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coding.analysis import code_matrix, fragments, pivot
from coding.store.model import SECTOR
from coding.store.project import Project, ProjectError

from .layer_note import chosen_layer, layer_label
from .quotes import quotes
from .gate import anonymised_frame, write_table

WHAT = ("codings", "fragments", "matrix")


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
    return anonymised_frame(project, fragments(project, codebook=codebook, filters=filters))


def matrix_table(project: Project, codebook: str | None = None, by: str = SECTOR,
                 measure: str = "fragments", layer: str | None = None) -> pd.DataFrame:
    """Code x value of `by`: one row per code, one column per value (counts of `measure`)."""
    filters = {"layer": layer} if layer else None
    return anonymised_frame(project, pivot(code_matrix(project, by, codebook, measure, filters), by))


def export_table(project: Project, path: str | Path, what: str = "codings", codebook: str | None = None,
                 by: str = SECTOR, selected_only: bool = False, layer: str | None = None) -> Path:
    """Write one of WHAT as .csv or .xlsx (formula-safe), each row naming its coder layer; returns the path."""
    if what not in WHAT:
        raise ProjectError("exports.tables.what", choices=", ".join(WHAT), what=what)
    if what == "codings":
        frame = codings_table(project, codebook, selected_only, layer)
    elif what == "fragments":
        frame = fragments_table(project, codebook, layer)
    else:
        frame = matrix_table(project, codebook, by, layer=layer)
    frame.insert(0, "layer", layer_label(chosen_layer(project, layer)))
    return write_table(project, frame, path, sheet=what)

"""What an interactive analysis screen needs beyond the tables: the values each filter can take,
and the fragments behind a clicked chart cell.

A chart cell arrives as the field values of the point selection in `coding.analysis.charts`
(code_id, valence, an attribute or `kind`; or code_id_a/code_id_b for co-occurrence). Turning that
into the right drill-down call lives here, not in the page, so it is tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from coding.store.model import NET, RESPONDENT_GROUP, ROLE, SECTOR, SUPPORT_MODEL, VALENCES
from coding.store.project import Project
from coding.analysis.cooccurrence import pair_fragments
from coding.analysis.data import MISSING, Filters
from coding.analysis.fragments import fragments

GROUPS = (SECTOR, ROLE, NET, SUPPORT_MODEL, RESPONDENT_GROUP)
FILTERS = (*GROUPS, "kind", "coder", "valence")
CELL_CODE_FIELDS = ("code_id", "valence")


def filter_choices(project: Project) -> dict[str, list[str]]:
    """Per filter name, the values that occur in the project (attributes case- or document-level)."""
    choices: dict[str, list[str]] = {}
    for name in GROUPS:
        rows = project.db.execute("""SELECT value FROM case_attributes WHERE name = ?
                                     UNION SELECT value FROM document_attributes WHERE name = ?
                                     ORDER BY 1""", [name, name]).fetchall()
        choices[name] = [r[0] for r in rows if r[0] is not None]
    choices["kind"] = [r[0] for r in project.db.execute("SELECT DISTINCT kind FROM documents ORDER BY 1")]
    choices["coder"] = [r[0] for r in project.db.execute("SELECT DISTINCT coder FROM codings ORDER BY 1")]
    choices["valence"] = list(VALENCES)
    return choices


def _number(value: Any) -> int:
    """Vega hands quantitative fields back as floats (165.0)."""
    return int(float(value))


def cell_fragments(project: Project, cell: Mapping[str, Any], codebook: str | None = None,
                   filters: Filters | None = None) -> pd.DataFrame | None:
    """The fragments behind one selected chart cell; None when the cell names no code (e.g. a
    rating or data-collection chart, whose cells are respondents or sessions, not fragments)."""
    if "code_id_a" in cell and "code_id_b" in cell:
        return pair_fragments(project, _number(cell["code_id_a"]), _number(cell["code_id_b"]), codebook, filters)
    if "code_id" not in cell:
        return None
    attributes = {name: (MISSING if value is None else str(value)) for name, value in cell.items()
                  if name not in CELL_CODE_FIELDS}
    return fragments(project, _number(cell["code_id"]), codebook, filters, valence=cell.get("valence"),
                     attributes=attributes)

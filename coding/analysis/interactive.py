"""What an interactive analysis screen needs beyond the tables: the values each filter can take,
and the fragments behind a clicked chart cell.

A chart cell arrives as the field values of the point selection in `coding.analysis.charts`
(code_id, valence, an attribute or `kind`; code_id_a/code_id_b for co-occurrence; a session, or
respondents' attributes, for the charts of the data collection). Turning that
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


def cell_attributes(cell: Mapping[str, Any]) -> dict[str, str]:
    """The attribute values a clicked cell stands for, as `fragments` filters on them.

    Everything but the code fields is an attribute (an unknown value, None, is the MISSING group the
    tables count). A bar of the data-collection chart names a session, or for a mailbox the mailbox
    document itself (its `session` field holds the document name); a crosstab or rating cell names
    mailbox respondents, so only mailbox fragments belong to it."""
    attributes = {name: (MISSING if value is None else str(value)) for name, value in cell.items()
                  if name not in CELL_CODE_FIELDS}
    if "session" in attributes:  # a session is all its documents (written input too), whatever kind the bar shows
        if attributes.pop("kind", None) == "mailbox":
            attributes["document"] = attributes.pop("session")
    if "code_id" not in cell and not {"kind", "session", "document"} & set(attributes):
        attributes["kind"] = "mailbox"
    return attributes


def cell_fragments(project: Project, cell: Mapping[str, Any], codebook: str | None = None,
                   filters: Filters | None = None) -> pd.DataFrame | None:
    """The fragments behind one selected chart cell (coded in `codebook`, within `filters`): those
    of the cell's code (with its subtree) and valence in the cell's group; of a co-occurrence cell
    the overlapping pairs; of a cell without a code every fragment coded in its session or by its
    respondents. None for an empty selection."""
    if "code_id_a" in cell and "code_id_b" in cell:
        return pair_fragments(project, _number(cell["code_id_a"]), _number(cell["code_id_b"]), codebook, filters)
    if not cell:
        return None
    code = _number(cell["code_id"]) if "code_id" in cell else None
    return fragments(project, code, codebook, filters, valence=cell.get("valence"), attributes=cell_attributes(cell))

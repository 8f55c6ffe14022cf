"""Who sees whose codings: mine, all, or one other coder; blind coders see only their own.

Every screen that lists codings (document view, grid, retrieval) asks `visible_coders` so a coder
working blind for a reliability check never sees a colleague's codings anywhere.
"""

from __future__ import annotations

from typing import Any

VIEWS = ("mine", "all", "one")


def coders(db: Any) -> list[str]:
    """Everyone who has coded in this project, alphabetically."""
    return [r[0] for r in db.execute("SELECT DISTINCT coder FROM codings ORDER BY coder")]


def visible_coders(db: Any, me: str, view: str = "all", other: str | None = None,
                   blind: bool = False) -> list[str] | None:
    """The coders whose codings to show; None means everyone."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
    if blind or view == "mine":
        return [me]
    if view == "one":
        return [other or me]
    return None

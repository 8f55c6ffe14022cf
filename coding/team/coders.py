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


def busiest_pair(db: Any, exclude: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """The two coders who coded the most in common: per document both coded, the smaller of their
    two numbers of codings, summed. Why: a review compares a reliability pair, not whoever sorts
    first (someone with three codings against a main coder gives a meaningless kappa)."""
    per = db.execute("SELECT coder, document_id, count(*) FROM codings GROUP BY coder, document_id").fetchall()
    counts: dict[str, dict[int, int]] = {}
    for coder, document, n in per:
        if coder not in exclude:
            counts.setdefault(coder, {})[document] = n
    names = sorted(counts)
    best: tuple[int, int, tuple[str, str]] | None = None
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            shared = sum(min(n, counts[b][d]) for d, n in counts[a].items() if d in counts[b])
            total = sum(counts[a].values()) + sum(counts[b].values())
            if best is None or (shared, total) > best[:2]:
                best = (shared, total, (a, b))
    return best[2] if best else None

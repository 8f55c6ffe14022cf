"""Which pages and actions each role may use; the server checks these, the menu only follows them.

beheerder: everything (codebooks, assignments, documents, accounts, all exports); codeur: codes in
their own layer; procesbegeleider: live sessions; lezer: analysis and retrieval, no quotes out.
A coder with a blind assignment loses every page that shows or learns from others' codings.
"""

from __future__ import annotations

ALL_PAGES = ("start", "coding", "grid", "retrieval", "documents", "memos", "analysis", "codebook", "suggest",
             "review", "live_session", "live_capture", "live_wall", "users")
PAGES = {
    "beheerder": ALL_PAGES,
    "codeur": ("start", "coding", "grid", "retrieval", "memos", "analysis", "suggest", "review"),
    "procesbegeleider": ("start", "live_session", "live_capture", "live_wall"),
    "lezer": ("start", "retrieval", "analysis"),
}
# Pages that show other coders' codings or what was learned from them (charts, agreement,
# suggestions, live walls): closed to a coder while blind.
NOT_WHILE_BLIND = ("analysis", "review", "suggest", "documents", "live_session", "live_capture", "live_wall")
ACTIONS = {
    "beheerder": {"export_quotes", "export", "manage_users", "assign"},
    "codeur": {"export_quotes", "export"},
    "procesbegeleider": {"export"},
    "lezer": {"export"},
}


def pages(role: str | None, blind: bool = False) -> tuple[str, ...]:
    """The pages a role may open (None: single-user project without accounts, all but 'users')."""
    allowed = tuple(p for p in ALL_PAGES if p != "users") if role is None else PAGES.get(role, ())
    return tuple(p for p in allowed if not (blind and p in NOT_WHILE_BLIND))


def may(role: str | None, action: str) -> bool:
    return role is None or action in ACTIONS.get(role, set())

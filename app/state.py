"""Which project is open and who is coding, for one browser session.

The project comes from the session (chosen on the start page) or else from WERKBANK_PROJECT (set by
`werkbank app`). Each session holds its own connection: Streamlit runs one script run per session
at a time, so a connection is never shared between two writers. Recent projects are remembered in
$WERKBANK_HOME/recent.json (default ~/.werkbank) so the start page can offer them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import streamlit as st

from app import coder_cookie

from coding.store.project import Project, ProjectError, open_project

ENV_PROJECT = "WERKBANK_PROJECT"
ENV_CODER = "WERKBANK_CODER"
ENV_HOME = "WERKBANK_HOME"
RECENT_LIMIT = 8


def _home() -> Path:
    return Path(os.environ.get(ENV_HOME) or Path.home() / ".werkbank")


def recent_projects() -> list[str]:
    """Recently opened project paths that still exist, newest first."""
    try:
        paths = json.loads((_home() / "recent.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [p for p in paths if isinstance(p, str) and Path(p).is_file()]


def _remember(path: Path) -> None:
    paths = [str(path)] + [p for p in recent_projects() if p != str(path)]
    try:
        _home().mkdir(parents=True, exist_ok=True)
        (_home() / "recent.json").write_text(json.dumps(paths[:RECENT_LIMIT]), encoding="utf-8")
    except OSError:
        pass  # remembering is a convenience; a read-only home must not block work


def project_path() -> Path | None:
    if team_mode():  # the project the login was for (main.py sets it on every run)
        return Path(st.session_state.get("_served_path") or os.environ[ENV_PROJECT])
    chosen = st.session_state.get("project_path") or os.environ.get(ENV_PROJECT)
    return Path(chosen) if chosen else None


def open_current() -> Project | None:
    """The session's open project, opened on first use (ProjectError if the file is bad)."""
    path = project_path()
    if path is None:
        return None
    held = st.session_state.get("_project")
    if held is not None and held.path == path:
        return held
    if held is not None:
        held.close()
    project = open_project(path)
    st.session_state["_project"] = project
    _remember(path.resolve())
    return project


def choose_project(path: str | Path, create: bool = False) -> Project:
    """Open (or create) the project at `path` for this session; ProjectError if it cannot be.
    Refused in team mode: the server serves the project it was started with, no typed path."""
    if team_mode():
        raise ProjectError("this server serves one project; another cannot be opened here")
    path = Path(path).expanduser()
    project = open_project(path, create=create)
    held = st.session_state.get("_project")
    if held is not None:
        held.close()
    st.session_state["_project"] = project
    st.session_state["project_path"] = str(path)
    _remember(path.resolve())
    return project


def account() -> tuple[str, str] | None:
    """(name, role) of the logged-in account, set by main.py from the session cookie on every run."""
    return st.session_state.get("_account")


def team_mode() -> bool:
    """The project has accounts: identity comes from the login, and no other project can be opened."""
    return account() is not None


def coder() -> str | None:
    """Who is coding: the logged-in account, never a typed name, when the project has accounts."""
    logged_in = account()
    if logged_in is not None:
        return logged_in[0]
    return st.session_state.get("coder") or os.environ.get(ENV_CODER) or None


def set_coder(name: str) -> None:
    """Who codes in this session, also kept in the browser (signed cookie) for a reload or new tab."""
    if not team_mode():
        st.session_state["coder"] = name.strip()
        st.session_state["_coder_cookie"] = coder_cookie.sign(_home(), name.strip())


def store_coder_cookie() -> None:
    """Hand the browser the signed cookie set_coder prepared (a zero-height frame of our own origin)."""
    value = st.session_state.pop("_coder_cookie", None)
    if value:
        import streamlit.components.v1 as components

        components.html(coder_cookie.setter_html(value), height=0)


def restore_coder() -> None:
    """A new session (reload, new tab) takes the coder's name from the browser's signed cookie."""
    if team_mode() or st.session_state.get("coder"):
        return
    name = coder_cookie.name_from(_home(), st.context.cookies.get(coder_cookie.COOKIE))
    if name:
        st.session_state["coder"] = name


def blind() -> bool:
    """Blind coding: this coder sees only their own codings (for reliability work)."""
    return bool(st.session_state.get("blind", False))


# Choices that outlive a page change: Streamlit forgets a widget's value when its page is left, so
# main.py hands these keys back to the session on every run (the chosen document and code on the
# coding page, the filters of the grid and the Fragmenten page, the analysis and review choices).
KEPT_KEYS = ("coding_doc", "coding_code", "coding_rating", "grid_question", "grid_coded", "grid_search", "grid_sort",
             "grid_desc", "grid_first", "grid_slots", "grid_page", "ret_code", "ret_page", "ret_valence", "ret_kind", "ret_coder",
             "ret_query", "an_codebook", "an_analysis", "an_layer", "review_a", "review_b", "review_unit",
             "sq_codebook", "sq_scope", "sq_document")
KEPT_PREFIXES = ("grid_f_", "ret_attr_", "an_f_")


def keep_choices() -> None:
    """Turn the kept widget values into session values, which survive the page that set them."""
    for key in list(st.session_state.keys()):
        if key in KEPT_KEYS or key.startswith(KEPT_PREFIXES):
            st.session_state[key] = st.session_state[key]

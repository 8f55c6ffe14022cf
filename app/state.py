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

from coding.store.project import Project, open_project

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
    """Open (or create) the project at `path` for this session; ProjectError if it cannot be."""
    path = Path(path).expanduser()
    project = open_project(path, create=create)
    held = st.session_state.get("_project")
    if held is not None:
        held.close()
    st.session_state["_project"] = project
    st.session_state["project_path"] = str(path)
    _remember(path.resolve())
    return project


def coder() -> str | None:
    return st.session_state.get("coder") or os.environ.get(ENV_CODER) or None


def set_coder(name: str) -> None:
    st.session_state["coder"] = name.strip()


def blind() -> bool:
    """Blind coding: this coder sees only their own codings (for reliability work)."""
    return bool(st.session_state.get("blind", False))

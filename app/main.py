"""The Werkbank app: `streamlit run app/main.py` (or `werkbank app PROJECT`).

Multipage navigation; the sidebar shows the open project, the coder and whose codings are shown.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app import state
from app.gate import require_secret
from app.page import flash
from app.strings import t
from coding.team.coders import coders

st.set_page_config(page_title=t("app.title"), layout="wide")
require_secret()  # served to a team: nothing below runs until this session gave the shared secret

# (view file, title key). A view another part is still writing may not exist yet: it is left
# out of the menu instead of breaking the app.
VIEWS = [
    ("start", "nav.start"),
    ("coding", "nav.coding"),
    ("grid", "nav.grid"),
    ("retrieval", "nav.retrieval"),
    ("documents", "nav.documents"),
    ("memos", "nav.memos"),
    ("analysis", "nav.analysis"),
    ("codebook", "nav.codebook"),
    ("suggest", "nav.suggest"),
    ("review", "nav.review"),
    ("live_session", "nav.live_session"),
    ("live_capture", "nav.live_capture"),
    ("live_wall", "nav.live_wall"),
]
HERE = Path(__file__).parent
pages = [st.Page(f"views/{name}.py", title=t(key), default=(name == "start"))
         for name, key in VIEWS if (HERE / "views" / f"{name}.py").is_file()]
current = st.navigation(pages, expanded=True)

with st.sidebar:
    try:
        project = state.open_current()
    except Exception:  # the start page explains a bad project file
        project = None
    me = state.coder()
    if project is None:
        st.caption(t("side.no_project"))
    else:
        st.caption(t("side.project", name=project.path.name))
    if me:
        st.caption(t("side.coder", name=me))
    if project is not None and me:
        st.toggle(t("side.blind"), key="blind")
        if st.session_state.get("blind"):
            st.caption(t("side.blind_on"))
        else:
            views = ["all", "mine", "one"]
            st.radio(t("side.view"), views, key="view", format_func=lambda v: t(f"side.view.{v}"))
            if st.session_state.get("view") == "one":
                others = coders(project.db.conn) or [me]
                st.selectbox(t("side.other"), others, key="view_other")

flash()
current.run()

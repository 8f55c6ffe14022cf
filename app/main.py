"""The Werkbank app: `streamlit run app/main.py` (or `werkbank app PROJECT`).

Multipage navigation; the sidebar shows the open project, the coder and whose codings are shown.
"""

from __future__ import annotations

import streamlit as st

from app import state
from app.page import flash
from app.strings import t
from coding.coders import coders

st.set_page_config(page_title=t("app.title"), layout="wide")

pages = [
    st.Page("views/start.py", title=t("nav.start"), default=True),
    st.Page("views/coding.py", title=t("nav.coding")),
    st.Page("views/grid.py", title=t("nav.grid")),
    st.Page("views/retrieval.py", title=t("nav.retrieval")),
    st.Page("views/documents.py", title=t("nav.documents")),
    st.Page("views/memos.py", title=t("nav.memos")),
    st.Page("views/analysis.py", title=t("nav.analysis")),
    st.Page("views/codebook.py", title=t("nav.codebook")),
    st.Page("views/review.py", title=t("nav.review")),
    st.Page("views/live_session.py", title=t("nav.live_session")),
    st.Page("views/live_capture.py", title=t("nav.live_capture")),
    st.Page("views/live_wall.py", title=t("nav.live_wall")),
]
current = st.navigation(pages)

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

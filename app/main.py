"""The Werkbank app: `streamlit run app/main.py` (or `werkbank app PROJECT`).

Multipage navigation; the sidebar shows the open project, the coder and whose codings are shown.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from app import auth, roles, state, widget_language
from app.gate import require_secret
from app.page import IN_SCRIPT, flash
from app.strings import t
from coding.team.accounts import account, has_accounts
from coding.team.assignments import is_blind
from coding.team.coders import coders
from coding.store.project import ProjectError, open_project

st.set_page_config(page_title=t("app.title"), layout="wide")
widget_language.install()


def _log_in() -> tuple[str, str] | None:
    """The logged-in account (name, role) from the signed cookie when the project has accounts;
    without a valid one nothing of the project runs (the guard in app/auth.py stops it earlier).
    In folder mode (`--projects-dir`) the cookie also says which project this session works in."""
    st.session_state.pop("_account", None)
    folder_mode = bool(os.environ.get(auth.ENV_PROJECTS_DIR))
    if not folder_mode and not os.environ.get(state.ENV_PROJECT):
        return None
    cookie = st.context.cookies.get(auth.COOKIE)
    path = auth.served_path(cookie)
    found = None
    try:
        if path is not None:
            with open_project(path) as served:
                if not folder_mode and not has_accounts(served.db.conn):
                    return None
                name = auth.identity(cookie)
                found = account(served.db.conn, name) if name else None
    except ProjectError:
        if not folder_mode:
            return None  # the start page explains a bad project file
    if found is None:
        st.title(t("login.title"))
        st.markdown(f"[{t('login.go')}]({auth.LOGIN_PATH})")
        st.stop()
    st.session_state["_account"] = (found.name, found.role)
    st.session_state["_served_path"] = str(path)
    return found.name, found.role


logged_in = _log_in()
if logged_in is None:
    require_secret()  # a project without accounts served with the old shared secret

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
    ("users", "nav.users"),
]
HERE = Path(__file__).parent
state.restore_coder()
try:
    project = state.open_current()
except Exception:  # the start page explains a bad project file
    project = None
me = state.coder()
blind_now = bool(logged_in and project is not None and is_blind(project.db.conn, logged_in[0]))
# The server lists only the pages this role may open: a page left out cannot be reached by its URL.
allowed = roles.pages(logged_in[1] if logged_in else None, blind=blind_now)
pages = [st.Page(f"views/{name}.py", title=t(key), default=(name == "start"))
         for name, key in VIEWS if name in allowed and (HERE / "views" / f"{name}.py").is_file()]
current = st.navigation(pages, expanded=True)

with st.sidebar:
    if project is None:
        st.caption(t("side.no_project"))
    else:
        st.caption(t("side.project", name=project.path.name))
    if me:
        st.caption(t("side.coder", name=me))
    if logged_in:
        st.caption(t("side.role", role=logged_in[1]))
        st.markdown(f"[{t('side.logout')}]({auth.LOGOUT_PATH})")
    if project is not None and me:
        if blind_now:
            st.session_state["blind"] = True
        st.toggle(t("side.blind"), key="blind", disabled=blind_now)
        if st.session_state.get("blind"):
            st.caption(t("side.blind_on"))
        else:
            views = ["all", "mine", "one"]
            st.radio(t("side.view"), views, key="view", format_func=lambda v: t(f"side.view.{v}"))
            if st.session_state.get("view") == "one":
                others = coders(project.db.conn) or [me]
                st.selectbox(t("side.other"), others, key="view_other")
    state.store_coder_cookie()

state.keep_choices()
flash()
st.session_state[IN_SCRIPT] = True  # act() shows an error where it happens; callbacks run outside this
try:
    current.run()
finally:
    st.session_state[IN_SCRIPT] = False

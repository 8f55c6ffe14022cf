"""Start: open or create a project, say who you are, see the project at a glance."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from app import state
from app.auth import ENV_PROJECTS_DIR
from app.page import reported
from app.strings import action_label, t
from coding.analysis import glance as overview
from coding.store.project import ProjectError
from coding.team.assignments import is_blind

st.title(t("start.title"))
st.caption(t("start.intro"))

if state.team_mode():  # one server, its project only: no path field, no list of other projects
    name, role = state.account()
    if os.environ.get(ENV_PROJECTS_DIR):  # a folder of projects: the login named this one
        st.info(t("start.team_folder", project=state.project_path().name, name=name, role=role))
    else:
        st.info(t("start.team_project", name=name, role=role))
else:
    left, right = st.columns(2)
    with left:
        st.subheader(t("start.open"))
        recent = state.recent_projects()
        if recent:
            st.markdown(f"**{t('start.recent')}**")
            for path in recent:
                if st.button(Path(path).name, key=f"recent:{path}", help=path):
                    with reported():
                        state.choose_project(path)
                        st.rerun()
        else:
            st.caption(t("start.recent_none"))
        path = st.text_input(t("start.path"), value=str(state.project_path() or ""), key="start_path")
        open_col, new_col = st.columns(2)
        if open_col.button(t("start.open_button"), type="primary"):
            if not path.strip():
                st.error(t("start.path_empty"))
            else:
                try:
                    project = state.choose_project(path.strip())
                    st.success(t("start.opened", name=project.path.name))
                except ProjectError as error:
                    st.error(t("error", message=error))
        if new_col.button(t("start.create_button")):
            if not path.strip():
                st.error(t("start.path_empty"))
            elif Path(path.strip()).expanduser().exists():
                st.error(t("start.exists", path=path.strip()))
            else:
                with reported():
                    project = state.choose_project(path.strip(), create=True)
                    st.success(t("start.created", name=project.path.name))

    def _save_coder() -> None:
        name = st.session_state.get("start_coder") or ""
        if name.strip():
            state.set_coder(name)

    with right:
        st.subheader(t("start.who"))
        with st.form("coder_form", border=False):
            st.text_input(t("start.coder"), value=state.coder() or "", help=t("start.coder_help"), key="start_coder")
            # A callback: the sidebar, drawn before this page, already shows the new name.
            st.form_submit_button(t("start.coder_save"), on_click=_save_coder)
        if state.coder():
            st.success(t("start.coder_saved", name=state.coder()))


try:
    project = state.open_current()
except ProjectError as error:
    st.error(t("error", message=error))
    project = None

if project is not None:
    st.divider()
    st.subheader(t("start.glance"))
    numbers = overview.counts(project.db.conn)
    cols = st.columns(4)
    for col, key in zip(cols, ("documents", "cases", "codes", "codings")):
        col.metric(t(f"start.{key}"), numbers[key])
    a, b = st.columns(2)
    blind_here = state.team_mode() and is_blind(project.db.conn, state.coder() or "")
    with a:
        if not blind_here:  # a blind coder learns nothing of the others' codings, not even counts
            st.markdown(f"**{t('start.per_coder')}**")
            st.dataframe(overview.codings_per_coder(project.db.conn), hide_index=True, column_config={
                "coder": t("col.coder"), "codings": t("col.codings"), "sterkte": t("col.sterkte"),
                "groeikans": t("col.groeikans"), "neutraal": t("col.neutraal"), "documents": t("col.documents")})
        st.markdown(f"**{t('start.per_kind')}**")
        st.dataframe(overview.documents_per_kind(project.db.conn), hide_index=True,
                     column_config={"kind": t("col.kind"), "count": t("col.count")})
    with b:
        st.markdown(f"**{t('start.last_changes')}**")
        changes = overview.last_changes(project.db.conn)
        if blind_here:
            changes = changes[changes["actor"] == state.coder()]
        if changes.empty:
            st.caption(t("start.no_changes"))
        else:
            changes["action"] = [action_label(a) + (f" ({t('start.undone')})" if u else "")
                                 for a, u in zip(changes["action"], changes["undone"])]
            st.dataframe(changes.drop(columns=["undone"]), hide_index=True, column_config={
                "at": t("col.at"), "actor": t("col.actor"), "action": t("col.action"), "what": t("col.what")})

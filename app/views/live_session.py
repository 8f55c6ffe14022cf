"""Prepare, steer and close a live session: the session and its mindmap, participants, prepared
points, guiding questions with the draaiboek and mindmap, the wall's label switch, closing and the
member-check report."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app.components.live_picker import pick_session
from app.components.mindmap import mindmap_dot
from app.page import act, done, require
from app.strings import t, tn
from coding.live import session as live
from coding.store.model import SECTORS
from coding.store.project import ProjectError
from exports import gate, live_docs

project, me = require()
db = project.db.conn

codebooks = dict(db.execute("SELECT id, title FROM codebooks ORDER BY title").fetchall())

with st.expander(t("live.new"), expanded=live.sessions(db).empty):
    if not codebooks:
        st.info(t("live.no_codebook"))
    else:
        codebook = st.selectbox(t("live.codebook"), list(codebooks), format_func=codebooks.get, key="live_new_cb")
        tops = db.execute("SELECT id, label FROM codes WHERE codebook_id = ? AND active ORDER BY parent_id IS NOT NULL, "
                          "position, id", [codebook]).fetchall()
        with st.form("live_new", border=False):
            name = st.text_input(t("live.name"))
            a, b = st.columns(2)
            date = a.date_input(t("live.date"), value=None, format="DD/MM/YYYY")
            place = b.text_input(t("live.place"))
            group = a.text_input(t("live.group"))
            facilitator = b.text_input(t("live.facilitator"), value=me)
            chosen = st.multiselect(t("live.branches"), [r[0] for r in tops], format_func=dict(tops).get,
                                    help=t("live.branches_help"))
            if st.form_submit_button(t("live.create"), type="primary"):
                made = act(live.create_session, project, me, name, codebook, date=date.isoformat() if date else None,
                           place=place.strip() or None, respondent_group=group.strip() or None,
                           facilitator=facilitator.strip() or None, branches=chosen or None,
                           message=t("live.created", name=name.strip()))
                if made is not None:
                    st.session_state["live_session_id"] = made
                    st.query_params["sessie"] = str(made)
                    st.rerun()

session_id = pick_session(db)
if session_id is None:
    st.info(t("live.no_sessions"))
    st.stop()
found = live.session(db, session_id)
is_open = found["status"] == "open"
notice = st.empty()  # always there, so closing keeps the tabs in place (and the chosen tab open)
if not is_open:
    notice.info(t("live.closed"))

people_tab, prepared_tab, mindmap_tab, close_tab = st.tabs(
    [t("live.tab.people"), t("live.tab.prepared"), t("live.tab.mindmap"), t("live.tab.close")])
ATTRS = live.PARTICIPANT_ATTRIBUTES

with people_tab:
    people = live.participants(db, session_id)
    if people.empty:
        st.caption(t("live.people_none"))
    else:
        st.dataframe(people.drop(columns=["id"]), hide_index=True,
                     column_config={c: t(f"live.col.{c}") for c in ("label", *ATTRS)})
    if is_open:
        st.markdown(f"**{t('live.people_add')}**")
        edited = st.data_editor(pd.DataFrame(columns=["label", *ATTRS], dtype=str), num_rows="dynamic",
                                key="live_people_editor", width="stretch", column_config={
                                    "label": st.column_config.TextColumn(t("live.col.label"), required=True),
                                    "sector": st.column_config.SelectboxColumn(t("live.col.sector"), options=SECTORS),
                                    **{c: t(f"live.col.{c}") for c in ATTRS if c != "sector"}})
        if st.button(t("live.people_save"), type="primary"):
            rows = [{k: (v if isinstance(v, str) else None) for k, v in r.items()}
                    for r in edited.to_dict("records") if isinstance(r.get("label"), str) and r["label"].strip()]
            if act(live.add_participants, project, me, session_id, rows,
                   message=tn("live.people_saved", len(rows), count=len(rows))) is not None:
                del st.session_state["live_people_editor"]
                st.rerun()

with prepared_tab:
    prepared = live.prepared_points(db, session_id)
    if prepared.empty:
        st.caption(t("live.prepared_none"))
    else:
        st.dataframe(prepared[["participant", "text", "code", "done"]], hide_index=True, column_config={
            "participant": t("live.col.label"), "text": t("live.col.text"), "code": t("live.col.code"),
            "done": st.column_config.CheckboxColumn(t("live.col.done"))})
    people = live.participants(db, session_id)
    if not people.empty:
        upload = st.file_uploader(t("live.prepared_file"), type=["csv", "xlsx"])
        if upload is not None and st.button(t("live.prepared_import")):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / Path(upload.name).name
                path.write_bytes(upload.getvalue())
                try:
                    rows = live.read_prepared_points(path)
                except ProjectError as error:
                    st.error(t("error", message=error))
                    rows = None
            if rows is not None and act(live.add_prepared_points, project, me, session_id, rows,
                                        message=tn("live.prepared_saved", len(rows), count=len(rows))) is not None:
                st.rerun()
        codes = [c for c in live.session_codes(db, session_id)]
        with st.form("live_prepared_one", clear_on_submit=True):
            st.markdown(f"**{t('live.prepared_one')}**")
            who = st.selectbox(t("live.participant"), people["label"].tolist())
            text = st.text_input(t("live.col.text"))
            code = st.selectbox(t("live.code"), [""] + [c["label"] for c in codes],
                                format_func=lambda c: c or t("live.no_code"))
            if st.form_submit_button(t("live.prepared_add")):
                if act(live.add_prepared_points, project, me, session_id,
                       [{"participant": who, "text": text, "code": code}],
                       message=tn("live.prepared_saved", 1, count=1)) is not None:
                    st.rerun()

with mindmap_tab:
    mindmap = live.branches(db, session_id)
    with st.form("live_questions"):
        st.markdown(f"**{t('live.questions')}**")
        questions = {b.code_id: st.text_input(b.label, value=b.question or "", key=f"live_q_{b.code_id}")
                     for b in mindmap.itertuples(index=False)}
        if st.form_submit_button(t("live.questions_save")):
            saved = [done(live.set_question, project, me, session_id, branch.code_id, questions[branch.code_id])
                     for branch in mindmap.itertuples(index=False)
                     if (questions[branch.code_id] or "") != (branch.question or "")]
            if all(saved):
                st.session_state["_flash"] = t("live.questions_saved")
                st.rerun()
    counts = live.points(db, session_id)["code_id"].value_counts().to_dict()
    hide = gate.anonymiser(project).apply
    st.graphviz_chart(mindmap_dot(found["name"], mindmap.itertuples(index=False), live.session_codes(db, session_id),
                                  counts, hide), width="stretch")

    def _docx(kind: str) -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / f"{kind}.docx"
            (live_docs.draaiboek if kind == "draaiboek" else live_docs.session_report)(db, session_id, target)
            return gate.anonymise_docx(project, target).read_bytes()

    def _png() -> bytes:
        import vl_convert as vlc

        return vlc.svg_to_png(gate.mindmap_svg(project, session_id), scale=2)

    with st.container(horizontal=True):
        st.download_button(t("live.download_draaiboek"), lambda: _docx("draaiboek"),
                           file_name=f"draaiboek {found['name']}.docx", on_click="ignore")
        st.download_button(t("live.download_mindmap"), _png, file_name=f"mindmap {found['name']}.png",
                           mime="image/png", on_click="ignore")
        st.download_button(t("live.download_mindmap_svg"), lambda: gate.mindmap_svg(project, session_id),
                           file_name=f"mindmap {found['name']}.svg", mime="image/svg+xml", on_click="ignore")

with close_tab:
    st.markdown(t("live.wall_link", url=f"live_wall?sessie={session_id}"))
    hide = st.toggle(t("live.hide_labels"), value=bool(found["hide_labels"]), key=f"live_hide_{session_id}")
    if hide != bool(found["hide_labels"]):
        act(live.set_hide_labels, project, me, session_id, hide)
    if is_open:
        sure = st.checkbox(t("live.close_confirm"))
        # A callback: the session is closed before the page is drawn again, so it shows "gesloten" at once.
        st.button(t("live.close"), disabled=not sure, on_click=act,
                  args=(live.close_session, project, me, session_id), kwargs={"message": t("live.closed")})
    st.download_button(t("live.report"), lambda: _docx("verslag"), file_name=f"sessieverslag {found['name']}.docx",
                       type="primary", on_click="ignore")

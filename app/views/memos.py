"""Memos on the project, documents, cases, codes and codings; an overview with export."""

from __future__ import annotations

import streamlit as st

from app import state
from app.page import act, done, md, require
from app.strings import t
from coding.codings import memos
from exports import gate

project, me = require()
db = project.db.conn
st.title(t("memo.title"))

write_tab, overview_tab = st.tabs([t("memo.write"), t("memo.overview")])

with write_tab:
    kind = st.segmented_control(t("memo.about"), ["project", "document", "case", "code"], default="project",
                                key="memo_kind", format_func=lambda k: t(f"memo.target.{k}")) or "project"
    target = None
    if kind != "project":
        sql = {"document": "SELECT id, name FROM documents ORDER BY name",
               "case": "SELECT c.id, c.label || ' (' || d.name || ')' FROM cases c "
                       "LEFT JOIN documents d ON d.id = c.document_id WHERE c.is_data ORDER BY d.name, c.label",
               "code": "SELECT id, label FROM codes WHERE active ORDER BY codebook_id, position, id"}[kind]
        names = dict(db.execute(sql).fetchall())
        if not names:
            st.info(t("memo.nothing", what=t(f"memo.target.{kind}")))
            st.stop()
        target = st.selectbox(t(f"memo.target.{kind}"), list(names), format_func=names.get, key=f"memo_t_{kind}")
    for memo in memos.memos_for(db, kind, target):
        with st.container(border=True):
            st.caption(md(f"{memo['author']} · {memo['updated_at'][:16].replace('T', ' ')}"))
            if memo["title"]:
                st.markdown(f"**{md(memo['title'])}**")
            st.text(memo["text"])
            if memo["author"] == me:
                with st.popover(t("memo.edit")):
                    with st.form(f"memo_edit_{memo['id']}", border=False):
                        title = st.text_input(t("memo.heading"), value=memo["title"] or "")
                        text = st.text_area(t("memo.text"), value=memo["text"])
                        save, remove = st.columns(2)
                        if save.form_submit_button(t("memo.save")):
                            if done(memos.update_memo, project, me, memo["id"], text, title, message=t("memo.saved")):
                                st.rerun()
                        if remove.form_submit_button(t("memo.delete")):
                            if done(memos.delete_memo, project, me, memo["id"], message=t("memo.deleted")):
                                st.rerun()
    with st.form("memo_new", clear_on_submit=True):
        title = st.text_input(t("memo.heading"))
        text = st.text_area(t("memo.text"))
        if st.form_submit_button(t("memo.add"), type="primary"):
            if act(memos.add_memo, project, me, kind, target, text, title, message=t("memo.saved")) is not None:
                st.rerun()

with overview_tab:
    frame = memos.overview(db)
    if state.blind():
        frame = frame[(frame["target_type"] != "coding") | (frame["author"] == me)]
    kinds = st.multiselect(t("memo.filter"), list(memos.TARGETS), key="memo_filter", placeholder=t("choose"),
                           format_func=lambda k: t(f"memo.target.{k}"))
    if kinds:
        frame = frame[frame["target_type"].isin(kinds)]
    shown = frame.drop(columns=["id", "target_id"]).assign(
        target_type=frame["target_type"].map(lambda k: t(f"memo.target.{k}")))
    st.dataframe(shown, hide_index=True, width="stretch", column_config={
        "target_type": t("memo.col.type"), "about": t("memo.col.about"), "title": t("memo.heading"),
        "text": t("memo.text"), "author": t("col.actor"), "updated_at": t("col.at")})
    a, b = st.columns(2)
    a.download_button(t("memo.export_csv"), gate.csv_bytes(project, shown), "memos.csv", "text/csv")
    headings = {k: t(f"memo.target.{k}") for k in memos.TARGETS}
    b.download_button(t("memo.export_md"), gate.text_bytes(project, memos.to_markdown(frame, headings)), "memos.md",
                      "text/markdown")

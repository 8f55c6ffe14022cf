"""The review list of possible names ("Mogelijke namen") and the notice beside download buttons.

Why here: the Documents page reviews the whole list; pages with a download show the open names
that file would carry next to its button, so nobody exports them without seeing them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from app.page import act, done, md
from app.strings import t, tn
from coding.privacy import candidates, sealed
from coding.store.project import Project


def unreviewed_notice(project: Project, spans: Iterable[tuple[int, int, int]] | None = None) -> None:
    """A warning with each unreviewed possible name the download beside it would carry."""
    found = candidates.unreviewed(project, spans)
    if not found:
        return
    st.warning(tn("names.open_in_download", len(found), count=len(found)), icon=":material/person_search:")
    with st.expander(tn("names.show_open", len(found), count=len(found))):
        st.dataframe(pd.DataFrame(found)[["name", "document", "sentence"]], hide_index=True, width="stretch",
                     column_config={"name": t("names.col.name"), "document": t("names.col.document"),
                                    "sentence": t("names.col.sentence")})


def review_panel(project: Project, me: str) -> None:
    """List, accept (with a replacement) or reject possible names; list schools and places to look for."""
    st.caption(t("names.intro"))
    with st.form("names_terms"):
        listed = st.text_area(t("names.terms"), value="\n".join(candidates.terms(project.db)),
                              help=t("names.terms_help"))
        if st.form_submit_button(t("names.terms_save")):
            if act(candidates.set_terms, project, me, listed.splitlines(), message=t("names.terms_saved")) is not None:
                st.rerun()
    if st.button(t("names.scan"), key="names_scan"):
        if done(candidates.scan, project, me, message=t("names.scanned")):
            st.rerun()
    rows = candidates.listing(project.db)
    open_rows = [r for r in rows if r["status"] == "open"]
    if not rows:
        st.info(t("names.none"))
        return
    st.markdown(f"**{t('names.open', count=len(open_rows))}**")
    if open_rows:
        by_name = {r["name"]: r for r in open_rows}
        chosen = st.selectbox(t("names.choose"), list(by_name), key="names_choice",
                              format_func=lambda n: f"{n} ({t('names.kind.' + by_name[n]['kind'])}, "
                                                    f"{by_name[n]['occurrences']}×)")
        where = [r for r in candidates.unreviewed(project) if r["name"] == chosen]
        for occurrence in where[:5]:
            st.text(f"{occurrence['document']}: {occurrence['sentence']}")
        replacement = st.text_input(t("names.replacement"), key=f"names_repl_{chosen}",
                                    placeholder=t("names.replacement_hint"))
        accept, reject = st.columns(2)
        if accept.button(t("names.accept"), key="names_accept", type="primary", disabled=not replacement.strip()):
            if done(candidates.accept, project, me, chosen, replacement, message=t("names.accepted", name=chosen)):
                st.rerun()
        if reject.button(t("names.reject"), key="names_reject"):
            if done(candidates.reject, project, me, chosen, message=t("names.rejected", name=chosen)):
                st.rerun()
    frame = pd.DataFrame(rows)[["name", "kind", "status", "replacement", "occurrences", "documents"]]
    frame["kind"] = frame["kind"].map(lambda k: t(f"names.kind.{k}"))
    frame["status"] = frame["status"].map(lambda s: t(f"names.status.{s}"))
    st.dataframe(frame, hide_index=True, width="stretch", column_config={
        "name": t("names.col.name"), "kind": t("names.col.kind"), "status": t("names.col.status"),
        "replacement": t("names.col.replacement"), "occurrences": t("names.col.occurrences"),
        "documents": t("names.col.document")})
    st.caption(md(t("names.undo_hint")))


def sealed_panel(project: Project, me: str) -> None:
    """The sealed identity columns (names and counts, never values), each with a way to give a
    column back that was sealed by mistake."""
    columns = sealed.sealed_columns(project.db)
    st.subheader(t("sealed.title"))
    if not columns:
        st.caption(t("sealed.none"))
        return
    st.caption(t("sealed.intro"))
    labels = {(c["document_id"], c["column"]): f"{c['document']} · {c['column']} ({c['values']})" for c in columns}
    chosen = st.selectbox(t("sealed.column"), list(labels), format_func=labels.get, key="sealed_choice")
    sure = st.checkbox(t("sealed.confirm"), key="sealed_sure")
    if st.button(t("sealed.unseal"), key="sealed_unseal", disabled=not sure):
        if done(sealed.unseal_column, project, me, chosen[0], chosen[1], message=t("sealed.unsealed", column=chosen[1])):
            st.rerun()

"""Recommendations (aanbevelingen) in the app, beside the quote bank: write them, say for whom, and
link them to the themes they follow from, so the findings draft places each under its theme.

Why here: the report writer picks quotes, then writes what should change, then downloads the
draft; the same panel on the same page keeps that path in one place. Every change is one undoable
write in coding.reporting.recommendations.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.page import done, may, md
from app.strings import t, tn
from coding.reporting import recommendations as rec
from coding.store.project import Project


def _codes(project: Project, codebook: str) -> tuple[dict[int, str], dict[int, int]]:
    """The codebook's active codes as 'Theme › Sub' labels (tree order), and each code's theme."""
    rows = project.db.execute("""SELECT id, parent_id, label FROM codes WHERE codebook_id = ? AND active
                                 ORDER BY position, id""", [codebook]).fetchall()
    label = {code: text for code, _, text in rows}
    children: dict[int | None, list[int]] = {}
    for code, up, _ in rows:
        children.setdefault(up if up in label else None, []).append(code)
    paths: dict[int, str] = {}
    themes: dict[int, int] = {}

    def walk(code: int, above: str, theme: int) -> None:
        paths[code], themes[code] = f"{above} \u203a {label[code]}" if above else label[code], theme
        for child in children.get(code, []):
            walk(child, paths[code], theme)

    for top in children.get(None, []):
        walk(top, "", top)
    return paths, themes


def _fields(prefix: str, codes: dict[int, str], found: dict[str, Any] | None = None) -> tuple[str, list, list]:
    """Text, addressees and linked codes: the same fields to add a recommendation or to change one."""
    found = found or {"text": "", "addressees": [], "code_ids": []}
    text = st.text_area(t("recs.text"), value=found["text"], key=f"{prefix}_text")
    offered = list(dict.fromkeys([*rec.ADDRESSEES, *found["addressees"]]))
    addressees = st.multiselect(t("recs.addressees"), offered, default=found["addressees"], key=f"{prefix}_to",
                                accept_new_options=True, placeholder=t("recs.addressees_hint"))
    linked = st.multiselect(t("recs.codes"), list(codes), default=[c for c in found["code_ids"] if c in codes],
                            format_func=codes.get, key=f"{prefix}_codes", placeholder=t("choose"),
                            help=t("recs.codes_help"))
    return text, addressees, linked


def recommendations_panel(project: Project, me: str, codebook: str | None) -> None:
    """The recommendations per theme of `codebook` (and those under no theme of it), each with its
    addressees; a form to add one and, for who may write the report, to change or remove each."""
    if not codebook:
        st.caption(t("quotes.pick_codebook"))
        return
    codes, themes = _codes(project, codebook)
    writable = may("export_quotes")
    found = rec.recommendations(project)
    st.caption(tn("recs.count", len(found), n=len(found)))
    placed: dict[int | None, list[dict[str, Any]]] = {}
    for one in found:
        under = list(dict.fromkeys(themes[c] for c in one["code_ids"] if c in themes)) or [None]
        for theme in under:
            placed.setdefault(theme, []).append(one)
    for theme in [*(c for c in codes if themes[c] == c), None]:
        if theme not in placed:
            continue
        st.markdown(f"**{md(codes[theme]) if theme is not None else t('recs.no_theme')}**")
        for one in placed[theme]:
            key = f"rec_{theme}_{one['id']}"
            with st.container(border=True, key=key):
                st.text(one["text"])
                linked = ", ".join(codes.get(c, "") for c in one["code_ids"] if c in codes)
                st.caption(md(t("recs.for", who=", ".join(one["addressees"]) or t("recs.nobody"))
                              + (f" \u00b7 {linked}" if linked else "")))
                if writable:
                    with st.popover(t("recs.edit")):
                        with st.form(f"{key}_form", border=False):
                            text, addressees, linked_codes = _fields(key, codes, one)
                            save, remove = st.columns(2)
                            if save.form_submit_button(t("recs.save"), type="primary"):
                                other = [c for c in one["code_ids"] if c not in codes]  # other codebooks' links stay
                                if done(rec.update_recommendation, project, me, one["id"], text, addressees,
                                        [*linked_codes, *other], message=t("recs.saved")):
                                    st.rerun()
                            if remove.form_submit_button(t("recs.delete")):
                                if done(rec.delete_recommendation, project, me, one["id"],
                                        message=t("recs.deleted")):
                                    st.rerun()
    if not found:
        st.info(t("recs.empty"))
    if writable:
        st.markdown(f"**{t('recs.new')}**")
        with st.form("rec_new", clear_on_submit=True):
            text, addressees, linked_codes = _fields("rec_new", codes)
            if st.form_submit_button(t("recs.add"), type="primary"):
                if done(rec.add_recommendation, project, me, text, addressees, linked_codes,
                        message=t("recs.added")):
                    st.rerun()

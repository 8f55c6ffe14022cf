"""Quotes for the report in the app: mark a fragment, the running quote bank (order, shorten,
attribution form) and the report downloads (quote bank, findings draft, tables, .qdpx).

Why a component: the Fragmenten page and a chart's fragments offer the same mark button; every
change is one undoable write in coding.codings.quote_selection, every download goes through
exports.gate, and the name check runs before a file with quotes is offered.
"""

from __future__ import annotations

import streamlit as st

from app.components.names_review import unreviewed_notice
from app.page import act, may, md
from app.strings import t, tn
from coding.codings import quote_selection as qs
from coding.store.project import Project
from exports import gate

FORM_LABELS = {form: f"quotes.form.{form}" for form in qs.FORMS}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def mark_buttons(project: Project, me: str, document_id: int, start: int, end: int, code_id: int | None,
                 descendants: bool, valences: list[str] | None, key: str) -> None:
    """One button per coding (of the default layer) on this fragment: mark it for the report, or take it out."""
    if not may("export_quotes"):
        return
    codings = [c for c in qs.span_codings(project, document_id, start, end, code_id, descendants)
               if not valences or c["valence"] in valences]
    if not codings:
        return
    columns = st.columns(min(len(codings), 3))
    for number, coding in enumerate(codings):
        which = f" \u00b7 {coding['label']}" if len(codings) > 1 else ""
        if coding["selected"]:
            columns[number % 3].button(t("quotes.unmark") + which, key=f"{key}_{coding['id']}", type="primary",
                                       icon=":material/bookmark_added:",
                                       on_click=act, args=(qs.unselect, project, me, coding["id"]),
                                       kwargs={"message": t("quotes.unmarked")})
        else:
            columns[number % 3].button(t("quotes.mark") + which, key=f"{key}_{coding['id']}",
                                       icon=":material/bookmark_add:",
                                       on_click=act, args=(qs.select, project, me, coding["id"]),
                                       kwargs={"message": t("quotes.marked")})


def _shorten(project: Project, me: str, coding_id: int) -> None:
    act(qs.shorten, project, me, coding_id, st.session_state.get(f"qb_short_{coding_id}") or None,
        message=t("quotes.shortened"))


def _form(project: Project, me: str, coding_id: int) -> None:
    act(qs.set_form, project, me, coding_id, st.session_state[f"qb_form_{coding_id}"], message=t("quotes.form_set"))


def quote_bank_panel(project: Project, me: str, codebook: str | None) -> None:
    """The running quote bank: per code and valence the chosen quotes in report order, each with
    up/down, take out, a shortened excerpt (words left out only) and the attribution form."""
    from exports.quotes import quotes

    frame = quotes(project, codebook, selected_only=True)
    st.caption(tn("quotes.count", len(frame), n=len(frame)))
    if frame.empty:
        st.info(t("quotes.empty"))
        return
    writable = may("export_quotes")
    for (_, valence), group in frame.groupby(["code_id", "valence"], sort=False):
        st.markdown(f"**{md(group['label'].iloc[0])}** \u00b7 {md(t(f'valence.{valence}'))}")
        rows = group.drop_duplicates("coding_id").to_dict("records")
        for number, row in enumerate(rows):
            coding = int(row["coding_id"])
            with st.container(border=True, key=f"qb_quote_{coding}"):
                st.text(f"\u2018{row['text']}\u2019 ({row['attribution']})")
                if not writable:
                    continue
                up, down, out, form = st.columns([1, 1, 1, 3], vertical_alignment="bottom")
                up.button(t("quotes.up"), key=f"qb_up_{coding}", disabled=number == 0, icon=":material/arrow_upward:",
                          on_click=act, args=(qs.move, project, me, coding, -1))
                down.button(t("quotes.down"), key=f"qb_down_{coding}", disabled=number == len(rows) - 1,
                            icon=":material/arrow_downward:", on_click=act, args=(qs.move, project, me, coding, 1))
                out.button(t("quotes.remove"), key=f"qb_out_{coding}", icon=":material/bookmark_remove:",
                           on_click=act, args=(qs.unselect, project, me, coding),
                           kwargs={"message": t("quotes.unmarked")})
                form.selectbox(t("quotes.form"), qs.FORMS, index=qs.FORMS.index(row["form"]), key=f"qb_form_{coding}",
                               format_func=lambda f: t(FORM_LABELS[f]), on_change=_form, args=(project, me, coding))
                with st.expander(t("quotes.shorten")):
                    st.caption(t("quotes.shorten_help"))
                    st.text(row["whole"])
                    st.text_input(t("quotes.shortened_text"), value=row["text"], key=f"qb_short_{coding}")
                    st.button(t("quotes.shorten_save"), key=f"qb_short_save_{coding}", on_click=_shorten,
                              args=(project, me, coding))


def report_downloads(project: Project, codebook: str | None) -> None:
    """Quote bank, findings draft, tables and .qdpx, as the CLI writes them: a file with quotes is
    offered only when no open possible name is in it (the writers check again)."""
    from exports.quotes import quotes

    if not may("export_quotes"):
        st.caption(t("ret.no_quote_export"))
        return
    chosen = quotes(project, codebook, selected_only=True)
    open_names = gate.unreviewed(project, gate.frame_spans(chosen))
    a, b, _ = st.columns(3)
    if open_names:
        st.error(tn("quotes.names_block", len(open_names), count=len(open_names)))
        unreviewed_notice(project, gate.frame_spans(chosen))
    else:
        a.download_button(t("quotes.download_bank"), lambda: gate.quote_bank_bytes(project, codebook),
                          "citatenbank.docx", DOCX, icon=":material/format_quote:", key="dl_bank")
        if codebook:
            b.download_button(t("quotes.download_findings"), lambda: gate.findings_bytes(project, codebook),
                              f"bevindingen {codebook}.docx", DOCX, icon=":material/description:", key="dl_findings")
        else:
            b.caption(t("quotes.pick_codebook"))
    c, d, e = st.columns(3)
    c.download_button(t("quotes.download_csv"), lambda: gate.table_bytes(project, "codings", ".csv", codebook),
                      "coderingen.csv", "text/csv", key="dl_csv")
    d.download_button(t("quotes.download_xlsx"), lambda: gate.table_bytes(project, "codings", ".xlsx", codebook),
                      "coderingen.xlsx", XLSX, key="dl_xlsx")
    e.download_button(t("quotes.download_qdpx"), lambda: gate.qdpx_bytes(project), "project.qdpx",
                      "application/zip", key="dl_qdpx")
    if not open_names:
        unreviewed_notice(project)  # tables and .qdpx carry whole texts: they go with a warning, as from the CLI


"""Fragments: everything coded with a code, filtered by attributes, valence, coder and source
kind, each with context and attribution; and lemma-aware text search under the same filters."""

from __future__ import annotations

import streamlit as st

from app.page import may, md, require, shown_coders, until_changed
from app.strings import t, tn
from coding.codings import layout as docs
from coding.analysis import retrieval
from coding.store.model import KINDS, VALENCES
from coding.store.project import ProjectError
from exports import gate
from app.components.names_review import unreviewed_notice
from app.components.quote_bank import mark_buttons, quote_bank_panel, report_downloads
from app.components.recommendations_panel import recommendations_panel

SHOWN = 50  # fragments per page

project, me = require()
db = project.db.conn
st.title(t("ret.title"))

choices = until_changed("choices", project, docs.code_choices, db)
by_id = {c["id"]: c for c in choices}
options = until_changed("attribute_options", project, retrieval.attribute_options, db)

with st.container(border=True):
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    code = a.selectbox(t("ret.code"), [None, *by_id], key="ret_code",
                       format_func=lambda i: t("ret.all_codes") if i is None else by_id[i]["path"])
    descendants = b.toggle(t("ret.descendants"), value=True, key="ret_desc")
    cols = st.columns(4)
    chosen = {}
    preferred = [n for n in ("sector", "rol", "onderwijsnet", "ondersteuningsmodel") if n in options]
    others = [n for n in options if n not in preferred]
    for k, name in enumerate(preferred + others):
        chosen[name] = cols[k % 4].multiselect(name, options[name], key=f"ret_attr_{name}",
                                             placeholder=t("choose"))
    c, d, e = st.columns(3)
    valences = c.multiselect(t("ret.valence"), list(VALENCES), key="ret_valence", placeholder=t("choose"),
                             format_func=lambda v: t(f"valence.{v}"))
    kinds = d.multiselect(t("ret.kind"), list(KINDS), key="ret_kind", placeholder=t("choose"))
    coders = shown_coders(project, me)
    everyone = [r[0] for r in db.execute("SELECT DISTINCT coder FROM codings ORDER BY coder")]
    picked = e.multiselect(t("ret.coder"), coders if coders is not None else everyone, key="ret_coder", placeholder=t("choose"))
    if picked:
        coders = picked

label_of = {c["key"]: c["label"] for c in choices}


def _labels(keys: str) -> str:
    return ", ".join(label_of.get(k.strip(), k.strip()) for k in str(keys).split(","))


fragments_tab, search_tab, bank_tab, recs_tab = st.tabs([t("ret.fragments"), t("ret.search"), t("quotes.tab"),
                                                         t("recs.tab")])


def _jump(document_id: int, start: int, end: int) -> None:
    st.session_state["coding_doc"] = document_id
    st.session_state["coding_focus"] = start
    st.session_state["coding_sel"] = {"doc": document_id, "start": start, "end": end, "at": start}
    st.session_state["_goto"] = "views/coding.py"


if "_goto" in st.session_state:
    st.switch_page(st.session_state.pop("_goto"))

with fragments_tab:
    try:
        rows = until_changed("fragments", project, retrieval.code_fragments, project, code, descendants, chosen,
                             valences, coders, kinds)
    except ProjectError as error:
        st.error(t("error", message=error))
        rows = None
    if rows is not None:
        st.caption(tn("ret.count", len(rows), n=len(rows)))
        pages = max(1, -(-len(rows) // SHOWN))
        page_no = 1
        if pages > 1:  # a page of fragments at a time keeps each rerun quick; the export has them all
            if st.session_state.get("ret_page", 1) > pages:
                st.session_state["ret_page"] = pages
            p_col, c_col = st.columns([1, 4], vertical_alignment="bottom")
            page_no = p_col.number_input(t("ret.page", pages=pages), min_value=1, max_value=pages, key="ret_page")
            c_col.caption(t("ret.showing", first=(page_no - 1) * SHOWN + 1, last=min(page_no * SHOWN, len(rows)),
                            n=len(rows)))
        for k, row in enumerate(rows.iloc[(page_no - 1) * SHOWN:page_no * SHOWN].itertuples()):
            with st.container(border=True):
                with st.container(horizontal=True, vertical_alignment="center"):  # one block, not three
                    st.markdown(f"**{md(row.attribution or t('ret.no_case'))}** · {md(row.document)} · "
                                f"{md(_labels(row.codes))} · {md(row.valences)}", width="stretch")
                    st.button(t("ret.open"), key=f"ret_open_{k}", on_click=_jump,
                              args=(int(row.document_id), int(row.start), int(row.end)))
                st.text(("\u2026 " if row.before else "") + row.before)
                st.text(row.text)  # text, never markdown: an address or URL is no link
                if row.after:
                    st.text(row.after + " \u2026")
                mark_buttons(project, me, int(row.document_id), int(row.start), int(row.end), code, descendants,
                             valences, key=f"ret_mark_{k}")
        if len(rows) and not may("export_quotes"):
            st.caption(t("ret.no_quote_export"))
        elif len(rows):
            # Made when clicked: anonymising every fragment for the file takes seconds, too long for each rerun.
            st.download_button(t("ret.export"), lambda: gate.csv_bytes(project, rows), "fragmenten.csv", "text/csv",
                               on_click="ignore")
            unreviewed_notice(project, gate.frame_spans(rows))

with search_tab:
    query = st.text_input(t("ret.query"), key="ret_query", help=t("ret.query_help"))
    if query.strip():
        try:
            # Valence and coder keep sentences coded so by a visible coder; without them every sentence counts.
            coded_by = coders if valences or picked else None
            hits = retrieval.text_search(project, query, chosen, kinds, valences, coded_by)
        except ProjectError as error:
            st.error(t("error", message=error))
            hits = None
        if hits is not None:
            st.caption(tn("ret.hits", len(hits), n=len(hits)))
            if valences or picked:
                st.caption(t("ret.search_coded"))
            for k, hit in enumerate(hits.itertuples()):
                with st.container(border=True):
                    head, go = st.columns([5, 1], vertical_alignment="center")
                    head.markdown(f"**{md(hit.attribution or t('ret.no_case'))}** · {md(hit.document)}")
                    go.button(t("ret.open"), key=f"ret_hit_{k}", on_click=_jump,
                              args=(int(hit.document_id), int(hit.start), int(hit.end)))
                    st.markdown(f"**{md(hit.sentence)}**")
                    if hit.context and hit.context != hit.sentence:
                        st.text(hit.context)

books = [r[0] for r in db.execute("""SELECT b.id FROM codebooks b ORDER BY (SELECT count(*) FROM codings c
                                     JOIN codes k ON k.id = c.code_id WHERE k.codebook_id = b.id) DESC, b.id""")]
if code is not None:
    own = db.execute("SELECT codebook_id FROM codes WHERE id = ?", [code]).fetchone()[0]
    books = [own, *(b for b in books if b != own)]

with bank_tab:
    codebook = st.selectbox(t("quotes.codebook"), books)  # no key: a newly chosen code's codebook comes first
    quote_bank_panel(project, me, codebook)
    st.divider()
    st.subheader(t("quotes.downloads"))
    report_downloads(project, codebook)

with recs_tab:
    recommendations_panel(project, me, st.selectbox(t("quotes.codebook"), books, key="recs_codebook"))

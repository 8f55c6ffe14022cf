"""The suggestion queue: unit by unit the proposed codes with why, decided with one key each
(1-3 choose, A accept, W change, X reject, V next unit; C and R are
Streamlit's own keys). Accepted ones become the coder's codings;
rejected ones never come back (coding.suggest.queue keeps them)."""

from __future__ import annotations

import streamlit as st

from app.page import act, md, require
from app import formats
from app.strings import t, tn
from coding.suggest import queue as suggestions
from coding.store.model import VALENCES
from coding.text.scopes import SCOPES

project, me = require()
db = project.db.conn

st.title(t("suggest.title"))
st.caption(t("suggest.intro"))

books = db.execute("""SELECT b.id, b.title FROM codebooks b LEFT JOIN codes c ON c.codebook_id = b.id
                      LEFT JOIN codings g ON g.code_id = c.id
                      GROUP BY b.id ORDER BY sum(g.coder = ?) DESC, count(g.id) DESC, b.title""", [me]).fetchall()
if not books:
    st.info(t("suggest.no_codebook"))
    st.stop()
titles = dict(books)
documents = dict(db.execute("SELECT id, name FROM documents ORDER BY name").fetchall())

book_col, scope_col, top_col, doc_col, go_col = st.columns([3, 1, 1, 2, 2], vertical_alignment="bottom")
codebook = book_col.selectbox(t("suggest.codebook"), list(titles), format_func=titles.get, key="sq_codebook")
scope = scope_col.selectbox(t("suggest.scope"), SCOPES, key="sq_scope", format_func=lambda s: t(f"suggest.scope.{s}"))
top = top_col.number_input(t("suggest.top"), 1, 3, 3, key="sq_top")
document = doc_col.selectbox(t("suggest.document"), [None, *documents], key="sq_document",
                             format_func=lambda d: t("suggest.all_documents") if d is None else documents[d])


def _refresh() -> None:
    with st.spinner(t("suggest.refreshing")):
        count = act(suggestions.refresh_queue, project, codebook, me, scope, int(top))
    if count is not None:
        st.session_state["_flash"] = tn("suggest.refreshed", count, count=count)
        st.session_state["sq_skipped"] = []


go_col.button(t("suggest.refresh"), key="sq_refresh", on_click=_refresh, width="stretch")
trained = suggestions.trained_on(project, codebook, me, scope)
if trained is not None:
    with st.container(key="sq_model"):
        st.caption(t("suggest.model", codings=trained[0], rejected=trained[1]))

rows = suggestions.queue(db, codebook, me, document)
units: dict[tuple[int, int, int], list[dict]] = {}
for row in rows:
    units.setdefault((row["document_id"], row["start"], row["end"]), []).append(row)
if not units:
    st.info(t("suggest.empty"))
    st.stop()
st.caption(t("suggest.remaining", suggestions=len(rows), units=len(units)))

skipped = st.session_state.setdefault("sq_skipped", [])
waiting = [k for k in units if list(k) not in skipped]
if not waiting:
    st.info(t("suggest.all_skipped"))
    if st.button(t("suggest.restart")):
        st.session_state["sq_skipped"] = []
        st.rerun()
    st.stop()
here = waiting[0]
offers = units[here][:3]
pick = min(st.session_state.get("sq_pick", 0), len(offers) - 1)
chosen = offers[pick]

# The change controls start at the chosen suggestion's code and valence.
if st.session_state.get("sq_for") != chosen["id"]:
    st.session_state["sq_for"] = chosen["id"]
    st.session_state["sq_change_code"] = chosen["code_id"]
    st.session_state["sq_change_valence"] = chosen["valence"]

doc_id, start, end = here
where = db.execute("""SELECT substr(d.text, coalesce(p.start, u.start) + 1, coalesce(p.end, u.end) - coalesce(p.start, u.start)),
                             c.label, u.question
                      FROM documents d LEFT JOIN units u ON u.document_id = d.id AND u.start = ? AND u.end = ?
                      LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN cases c ON c.id = u.case_id
                      WHERE d.id = ? LIMIT 1""", [start, end, doc_id]).fetchone()
context, speaker, question = where if where else (None, None, None)
text = chosen["text"]


def _snippet(where: list[int]) -> str:
    found = db.execute("SELECT substr(text, ? + 1, ? - ?) FROM documents WHERE id = ?",
                       [where[1], where[2], where[1], where[0]]).fetchone()
    return found[0] if found else ""


def _reason(reason: dict, valence: str) -> str:
    """Why this code (the rule terms, the most similar unit coded so) and why this valence (its cue)."""
    parts = []
    if reason.get("matched"):
        parts.append(t("suggest.matched", words=", ".join(reason["matched"])))
    if reason.get("similar"):
        similar = reason["similar"]
        parts.append(t("suggest.similar", similarity=formats.number(similar["similarity"], 2), text=_snippet(similar["where"])))
    if parts == []:
        parts.append(t("suggest.no_reason"))
    cue = reason.get("cue")
    if cue:
        key = "suggest.cue_context" if cue.get("where") == "context" else "suggest.cue"
        parts.append(t(key, valence=t(f"valence.{valence}"), cue=cue["text"]))
    return " · ".join(parts)


codes = db.execute("SELECT id, label, key FROM codes WHERE codebook_id = ? AND codable AND active ORDER BY position, id",
                   [codebook]).fetchall()
code_label = {c[0]: c[1] for c in codes}


def _choose(number: int) -> None:
    st.session_state["sq_pick"] = number


def _accept() -> None:
    act(suggestions.accept, project, me, chosen["id"],
        message=t("suggest.accepted", code=chosen["code_label"], valence=t(f"valence.{chosen['valence']}")))
    st.session_state["sq_pick"] = 0


def _change() -> None:
    code = st.session_state.get("sq_change_code", chosen["code_id"])
    valence = st.session_state.get("sq_change_valence") or chosen["valence"]
    act(suggestions.change, project, me, chosen["id"], code=code, valence=valence,
        message=t("suggest.changed", code=code_label.get(code, chosen["code_label"]), valence=t(f"valence.{valence}")))
    st.session_state["sq_pick"] = 0


def _reject() -> None:
    act(suggestions.reject, project, me, chosen["id"], message=t("suggest.rejected", code=chosen["code_label"]))
    st.session_state["sq_pick"] = 0


def _next() -> None:
    st.session_state["sq_skipped"] = [*st.session_state.get("sq_skipped", []), list(here)]
    st.session_state["sq_pick"] = 0


left, right = st.columns([3, 2], gap="large")
with left:
    with st.container(border=True, key="sq_unit"):
        label = " · ".join(x for x in (documents.get(doc_id), speaker) if x)
        st.caption(md(f"{label} ({start}–{end})"))
        if question:
            st.caption(md(question))
        st.markdown(f"**{md(text)}**")
        if context and context != text:
            with st.expander(t("suggest.context")):
                at = context.find(text)
                st.markdown(md(context) if at < 0 else
                            f"{md(context[:at])}**{md(text)}**{md(context[at + len(text):])}")
    for number, offer in enumerate(offers):
        selected = number == pick
        with st.container(border=selected, key=f"sq_offer_{number}"):
            score = t("suggest.score", score=formats.percent(offer["score"]))
            head = f"{number + 1}. {offer['code_path']} · {t('valence.' + offer['valence'])} · {score}"
            st.markdown(("**" + md(head) + "**") if selected else md(head))
            st.caption(md(_reason(offer["reason"], offer["valence"])))

with right:
    with st.container(horizontal=True):
        for number in range(len(offers)):
            st.button(t("suggest.pick", number=number + 1), key=f"sq_pick_{number}", on_click=_choose,
                      args=(number,), shortcut=str(number + 1), type="primary" if number == pick else "secondary")
    st.markdown(f"**{t('suggest.chosen')}:** {md(chosen['code_label'])} ({md(t('valence.' + chosen['valence']))})")
    st.button(t("suggest.accept"), key="sq_accept", on_click=_accept, shortcut="a", type="primary", width="stretch")
    st.button(t("suggest.reject"), key="sq_reject", on_click=_reject, shortcut="x", width="stretch")
    st.button(t("suggest.next"), key="sq_next", on_click=_next, shortcut="v", width="stretch")
    st.divider()
    st.selectbox(t("suggest.change_code"), list(code_label), format_func=code_label.get, key="sq_change_code")
    st.radio(t("suggest.change_valence"), VALENCES, key="sq_change_valence", horizontal=True,
             format_func=lambda v: t(f"valence.{v}"))
    st.button(t("suggest.change"), key="sq_change", on_click=_change, shortcut="w", width="stretch")

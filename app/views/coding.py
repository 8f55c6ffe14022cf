"""Coding a document: select a span (or click a sentence), choose a code, press S, G or N."""

from __future__ import annotations

import streamlit as st

from app.components.document_view import document_view
from app.page import act, done, md, require, shown_coders
from app import formats
from app.strings import action_label, t, tn
from coding.store import history
from coding.codings import layout as docs
from coding.codings.times import clock_range
from coding.codings.operations import add_coding, delete_coding, update_coding
from coding.store.model import VALENCES

VIEW_KEY = "docview"
EXCERPT = 400

project, me = require()
db = project.db.conn

documents = db.execute("SELECT id, name, kind FROM documents ORDER BY name").fetchall()
if not documents:
    st.info(t("coding.no_documents"))
    st.stop()
names = {d[0]: f"{d[1]} ({d[2]})" for d in documents}

# A jump from another page (retrieval, grid) arrives as ?doc=&at= or as session values.
params = st.query_params
if "doc" in params and params.get("doc", "").isdigit() and int(params["doc"]) in names:
    st.session_state["coding_doc"] = int(params["doc"])
    if params.get("at", "").isdigit():
        st.session_state["coding_focus"] = int(params["at"])
    del st.query_params["doc"]
    if "at" in st.query_params:
        del st.query_params["at"]
if st.session_state.get("coding_doc") not in names:
    st.session_state["coding_doc"] = documents[0][0]

top_left, top_mid, top_right = st.columns([3, 1.2, 1.2], vertical_alignment="bottom")
document_id = top_left.selectbox(t("coding.document"), list(names), format_func=names.get, key="coding_doc")


def _undo(redo: bool = False) -> None:
    fn = history.redo if redo else history.undo
    event = act(fn, project, me)
    if event is not None:
        st.session_state["_flash"] = t("coding.redone" if redo else "coding.undone",
                                         action=action_label(event["action"]))


top_mid.button(t("coding.undo"), on_click=_undo, shortcut="Ctrl+Z", width="stretch")
top_right.button(t("coding.redo"), on_click=_undo, kwargs={"redo": True}, shortcut="Ctrl+Y", width="stretch")


def _layout(doc: int) -> dict:
    """The document's layout, kept per session until the document changes (text is immutable)."""
    version, length = db.execute("SELECT version, length(text) FROM documents WHERE id = ?", [doc]).fetchone()
    cache = st.session_state.setdefault("_layouts", {})
    tag = (str(project.path), doc, version, length)
    if tag not in cache:
        cache.clear()
        cache[tag] = docs.document_layout(db, doc)
    return cache[tag]


layout = _layout(document_id)
last_event = db.execute("SELECT max(id) FROM events").fetchone()[0]


def _codings(doc: int, coders: list[str] | None) -> tuple[list[dict], str]:
    """The visible codings and their signature, re-read only after a change to the project (every
    write is an event)."""
    tag = (str(project.path), doc, tuple(coders) if coders is not None else None, last_event)
    held = st.session_state.get("_codings")
    if held is None or held[0] != tag:
        found = docs.document_codings(db, doc, coders)
        held = st.session_state["_codings"] = (tag, found, docs.signature(layout, found))
    return held[1], held[2]


codings, codings_signature = _codings(document_id, shown_coders(project, me))

selection = st.session_state.get("coding_sel")
if selection and selection.get("doc") != document_id:
    selection = st.session_state["coding_sel"] = None


def _on_select() -> None:
    event = (st.session_state.get(VIEW_KEY) or {}).get("select")
    if not event:
        return
    start, end, at = int(event["start"]), int(event["end"]), int(event["at"])
    if end <= start:  # a click: the sentence under the mouse
        span = docs.sentence_at(_layout(st.session_state["coding_doc"]), at)
        if span is None:
            st.session_state["coding_sel"] = None
            return
        start, end = span
    st.session_state["coding_sel"] = {"doc": st.session_state["coding_doc"], "start": start, "end": end, "at": at}


focus = st.session_state.pop("coding_focus", None)
left, right = st.columns([3, 2], gap="large")
with left:
    st.caption(t("coding.hint") + " " + tn("coding.count", len(codings), count=len(codings)))
    document_view(layout, codings, codings_signature,
                  {"start": selection["start"], "end": selection["end"]} if selection else None,
                  focus, key=VIEW_KEY, on_select=_on_select)

def _choices() -> list[dict]:
    """The codebook panel's codes, re-read only after a change to the project."""
    tag = (str(project.path), last_event)
    held = st.session_state.get("_choices")
    if held is None or held[0] != tag:
        held = st.session_state["_choices"] = (tag, docs.code_choices(db))
    return held[1]


choices = _choices()
by_id = {c["id"]: c for c in choices}


def _code_label(code_id: int) -> str:
    c = by_id[code_id]
    return ("\u2003" * c["depth"]) + c["label"] + ("" if c["codable"] else " \u2026")


def _apply(valence: str) -> None:
    sel = st.session_state.get("coding_sel")
    code_id = st.session_state.get("coding_code")
    if not sel or code_id not in by_id or not by_id[code_id]["codable"]:
        return
    rating = st.session_state.get("coding_rating") or None
    if rating not in by_id[code_id]["rating_scale"]:
        rating = None
    memo = (st.session_state.get("coding_memo") or "").strip() or None
    if act(add_coding, project, me, sel["doc"], sel["start"], sel["end"], code_id, valence, rating, memo,
           message=t("coding.done", code=by_id[code_id]["label"], valence=t(f"valence.{valence}"))) is not None:
        st.session_state["coding_memo"] = ""


with right:
    if selection:
        length = selection["end"] - selection["start"]
        st.markdown(f"**{t('coding.selection', start=selection['start'], end=selection['end'], length=length)}**")
        excerpt = layout["text"][selection["start"]:selection["end"]]
        st.text(excerpt if len(excerpt) <= EXCERPT else excerpt[:EXCERPT] + " \u2026")
        said = clock_range(layout["times"].of(selection["start"], selection["end"]))
        if said:
            st.caption(t("tr.time", time=said))
        crossed = docs.crossed_speakers(db, document_id, selection["start"], selection["end"])
        if crossed:
            st.warning(t("coding.crosses_turns", speakers=formats.joined(list(crossed))), icon=":material/call_split:")
    else:
        st.caption(t("coding.no_selection"))

    if not choices:
        st.warning(t("coding.no_codes"))
    else:
        if st.session_state.get("coding_code") not in by_id:
            st.session_state["coding_code"] = next((c["id"] for c in choices if c["codable"]), choices[0]["id"])
        code_id = st.selectbox(t("coding.code"), list(by_id), format_func=_code_label, key="coding_code",
                               help=t("coding.code_help"))
        code = by_id[code_id]
        with st.expander(t("coding.details"), expanded=False):
            st.caption(md(code["path"]))
            for field in ("definition", "inclusion", "exclusion"):
                if code[field]:
                    st.markdown(f"**{t('coding.' + field)}:** {md(code[field])}")
            if code["examples"]:
                st.markdown(f"**{t('coding.examples')}:**")
                for example in code["examples"]:
                    st.markdown(f"- {md(example)}")
        if not code["codable"]:
            st.warning(t("coding.not_codable"))
        if code["rating_scale"]:
            st.selectbox(t("coding.rating"), [""] + code["rating_scale"], key="coding_rating",
                         format_func=lambda r: r or t("coding.no_rating"))
        st.text_input(t("coding.memo"), key="coding_memo")
        st.caption(t("coding.apply"))
        disabled = not selection or not code["codable"]
        with st.container(horizontal=True):
            for valence, key in zip(VALENCES, ("S", "G", "N")):
                st.button(t(f"coding.{valence}"), key=f"apply_{valence}", on_click=_apply, args=(valence,),
                          disabled=disabled, shortcut=key, type="primary" if valence != "neutraal" else "secondary")

    st.divider()
    st.markdown(f"**{t('coding.here')}**")
    here = docs.codings_at(codings, selection["start"], selection["end"]) if selection else []
    if selection and selection["end"] > selection["start"] and selection.get("at") is not None:
        at = selection["at"]
        clicked = docs.codings_at(codings, at, at + 1)
        here = clicked if clicked else here
    if not here:
        st.caption(t("coding.here_none"))
    for coding in here:
        said = clock_range(layout["times"].of(coding["start"], coding["end"]))
        title = f"{coding['label']} · {t('valence.' + coding['valence'])} · {coding['coder']} " \
                f"({said or str(coding['start']) + '–' + str(coding['end'])})"
        with st.expander(md(title)):
            st.text(layout["text"][coding["start"]:coding["end"]][:EXCERPT])
            if coding["coder"] != me:
                st.caption(md(t("coding.not_yours", coder=coding["coder"])))
                if coding["memo"]:
                    st.text(coding["memo"])
                continue
            with st.form(f"edit_{coding['id']}", border=False):
                codable = [c for c in by_id if by_id[c]["codable"]]
                new_code = st.selectbox(t("coding.code"), codable, format_func=_code_label,
                                        index=codable.index(coding["code"]) if coding["code"] in codable else 0)
                new_valence = st.segmented_control(t("coding.apply"), VALENCES, default=coding["valence"],
                                                   format_func=lambda v: t(f"valence.{v}"))
                new_memo = st.text_input(t("coding.memo"), value=coding["memo"] or "")
                save, remove = st.columns(2)
                if save.form_submit_button(t("coding.save")):
                    if done(update_coding, project, me, coding["id"], code_id=new_code,
                            valence=new_valence or coding["valence"], memo=new_memo.strip() or None,
                            message=t("coding.saved")):
                        st.rerun()
                if remove.form_submit_button(t("coding.remove")):
                    if done(delete_coding, project, me, coding["id"], message=t("coding.removed")):
                        st.rerun()

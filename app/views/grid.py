"""Mailbox grid: one row per answer, background attributes as columns, keyboard coding."""

from __future__ import annotations

import streamlit as st

from app.components.grid_view import grid_view
from app.page import act, require, shown_coders
from app.strings import t, tn
from coding.codings import grid
from coding.codings import layout as docs

KEY = "gridview"
PAGE_SIZE = 50

project, me = require()
db = project.db.conn
st.title(t("grid.title"))

coders = shown_coders(project, me)
version = db.execute("SELECT max(id) FROM events").fetchone()[0]
cache = st.session_state.setdefault("_grid", {})
tag = (str(project.path), version, tuple(coders) if coders is not None else None)
if cache.get("tag") != tag:
    cache.clear()
    cache.update(tag=tag, frame=grid.rows(db, coders=coders))
frame = cache["frame"]
if frame.empty:
    st.info(t("grid.empty"))
    st.stop()

attributes = grid.attribute_columns(frame)
with st.expander(t("grid.filters"), expanded=False):
    cols = st.columns(3)
    filters = {}
    for k, name in enumerate(attributes):
        values = sorted(frame[name].dropna().unique().tolist())
        if 1 < len(values) <= 60:
            filters[name] = cols[k % 3].multiselect(name, values, key=f"grid_f_{name}",
                                                   placeholder=t("choose"))
    a, b, c = st.columns(3)
    questions = sorted(frame["question"].dropna().unique().tolist())
    question = a.selectbox(t("grid.question"), [""] + questions, key="grid_question",
                           format_func=lambda q: q or t("grid.all_questions"))
    coded_choice = b.radio(t("grid.coded"), ["all", "uncoded", "coded"], key="grid_coded", horizontal=True,
                           format_func=lambda v: t(f"grid.coded.{v}"))
    text = c.text_input(t("grid.search"), key="grid_search")
    d, e = st.columns([2, 1])
    sortable = ["respondent", "question", *attributes, "codes"]
    sort = d.selectbox(t("grid.sort"), [""] + sortable, key="grid_sort",
                       format_func=lambda s: s and t(f"grid.col.{s}") if s in ("respondent", "question", "codes")
                       else (s or t("grid.no_sort")))
    descending = e.toggle(t("grid.descending"), key="grid_desc")

shown = grid.select(frame, filters, question or None, {"all": None, "uncoded": False, "coded": True}[coded_choice],
                    text, sort or None, descending)

choices = [c for c in docs.code_choices(db) if c["codable"]]
by_id = {c["id"]: c for c in choices}
if not choices:
    st.warning(t("coding.no_codes"))
    st.stop()
# Quick keys 1-9 keep their places: filled once from the codes used last, then changed only by the
# user (key 1's box puts a code first; the pinned list sets all nine in its order). Coding never
# reorders them, so 3 stays the same code however often it is used.
if not [c for c in st.session_state.get("grid_slots") or [] if c in by_id]:
    recent = [c for c in grid.recent_codes(db, me) if c in by_id]
    st.session_state["grid_slots"] = list(dict.fromkeys(recent or [choices[0]["id"]]))[:9]
st.session_state["grid_slots"] = [c for c in st.session_state["grid_slots"] if c in by_id]
st.session_state["grid_first"] = st.session_state["grid_slots"][0]


def _first_changed() -> None:
    chosen = st.session_state["grid_first"]
    st.session_state["grid_slots"] = [chosen, *[c for c in st.session_state["grid_slots"] if c != chosen]][:9]


left, right = st.columns([2, 3])
left.selectbox(t("grid.key1"), list(by_id), key="grid_first", format_func=lambda i: by_id[i]["path"],
               on_change=_first_changed)
right.multiselect(t("grid.pinned"), list(by_id), key="grid_slots", max_selections=9,
                  format_func=lambda i: by_id[i]["label"], help=t("grid.pinned_help"))
slots = st.session_state["grid_slots"]
st.caption(t("grid.slots") + " " + " · ".join(f"{n} = {by_id[c]['label']}" for n, c in enumerate(slots, 1)))

# The page of rows on screen; a jump (next uncoded) moves the page.
pages = max(1, -(-len(shown) // PAGE_SIZE))
if st.session_state.get("grid_page", 1) > pages:
    st.session_state["grid_page"] = pages
order = shown["unit_id"].tolist()


def _next_uncoded(after: int | None) -> int | None:
    uncoded = shown.loc[~shown["coded"], "unit_id"].tolist()
    if not uncoded:
        return None
    if after in order:
        position = order.index(after)
        later = [u for u in uncoded if order.index(u) > position]
        return later[0] if later else uncoded[0]
    return uncoded[0]


def _jump(unit: int | None) -> None:
    if unit is None:
        st.session_state["_flash"] = t("grid.all_coded")
        return
    st.session_state["grid_page"] = order.index(unit) // PAGE_SIZE + 1
    st.session_state["grid_cursor"] = unit
    st.session_state["grid_cursor_token"] = st.session_state.get("grid_cursor_token", 0) + 1


def _on_event() -> None:
    state = st.session_state.get(KEY) or {}
    if state.get("apply"):
        event = state["apply"]
        slot = int(event["slot"])
        if slot > len(slots):
            st.session_state["_flash"] = t("grid.no_slot", n=slot)
            return
        units = [int(u) for u in event["units"]]
        made = act(grid.code_rows, project, me, units, slots[slot - 1], event["valence"])
        if made is None:
            return
        st.session_state["_flash"] = tn("grid.coded_rows", len(units), n=len(units), code=by_id[slots[slot - 1]]["label"],
                                       valence=t(f"valence.{event['valence']}"))
        # The next uncoded row after the last one coded, skipping the rows just coded.
        after = units[-1] if event.get("after") is None else int(event["after"])
        rest = [u for u in shown.loc[~shown["coded"], "unit_id"].tolist() if u not in units]
        position = order.index(after) if after in order else -1
        later = [u for u in rest if order.index(u) > position] or rest
        _jump(later[0] if later else None)
    elif state.get("next_uncoded") is not None:
        after = state["next_uncoded"].get("after")
        _jump(_next_uncoded(int(after) if after is not None else None))
    elif state.get("open"):
        unit = int(state["open"]["unit"])
        row = frame.loc[frame["unit_id"] == unit].iloc[0]
        st.session_state["coding_doc"] = int(row["document_id"])
        st.session_state["coding_focus"] = int(row["start"])
        st.session_state["coding_sel"] = {"doc": int(row["document_id"]), "start": int(row["start"]),
                                          "end": int(row["end"]), "at": int(row["start"])}
        st.session_state["_goto"] = "views/coding.py"


if "_goto" in st.session_state:
    st.switch_page(st.session_state.pop("_goto"))

p1, p2 = st.columns([1, 4], vertical_alignment="bottom")
page = p1.number_input(t("grid.page", pages=pages), min_value=1, max_value=pages, key="grid_page")
p2.caption(t("grid.count", shown=len(shown), total=len(frame), uncoded=int((~shown["coded"]).sum())))

visible = shown.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
# The answer first and widest, then its codes with their valence, then who answered which question in
# which export, then the background columns.
columns = [{"key": "text", "label": t("grid.col.text")}, {"key": "codes", "label": t("grid.col.codes")},
           {"key": "respondent", "label": t("grid.col.respondent")}, {"key": "question", "label": t("grid.col.question")},
           {"key": "document", "label": t("grid.col.document")}]
columns += [{"key": a, "label": a} for a in attributes]
rows = [{"id": int(r["unit_id"]), "coded": bool(r["coded"]),
         "cells": [None if r[c["key"]] != r[c["key"]] else str(r[c["key"]]) for c in columns]}
        for _, r in visible.iterrows()]
signature = f"{version}:{page}:{len(shown)}:{hash(tuple(visible['unit_id']))}:{hash(tuple(visible['codes']))}"
labels = {v: t(f"valence.{v}") for v in ("sterkte", "groeikans", "neutraal")}
labels["marked"] = t("grid.marked")
grid_view(columns, rows, signature, st.session_state.get("grid_cursor"), st.session_state.get("grid_cursor_token", 0),
          labels, t("grid.keys"), focus="grid_cursor" in st.session_state, key=KEY, on_event=_on_event)

"""Consensus review: two coders' agreement figures, then every disagreement with a decision per row
(take A's or B's version, reject, or write your own), and a small form for blind second coding."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from app.page import act, flash, may, md, require
from app import formats
from app.agreement_text import RESAMPLES, notes
from app.strings import t, tn
from coding.team import assignments
from coding.agreement import consensus
from coding.agreement.measure import AGREEMENT_UNITS, OVERALL_PAIRS, OVERALL_SETS, agreement
from coding.team.coders import busiest_pair, coders as all_coders
from coding.codings.layout import code_choices
from coding.store.model import VALENCES
from coding.store.project import ProjectError

PAGE_SIZE = 50

project, me = require()
db = project.db.conn

st.title(t("review.title"))
st.caption(t("review.intro"))

people = [c for c in all_coders(db) if c != consensus.CONSENSUS]
if len(people) < 2:
    st.info(t("review.need_coders"))
    st.stop()

# By default the pair that coded the most in common, not the first two names (a reviewer with a few
# codings of their own against a main coder gives a kappa of nothing).
if st.session_state.get("review_a") not in people or st.session_state.get("review_b") not in people:
    st.session_state["review_a"], st.session_state["review_b"] = (
        busiest_pair(db, exclude=(consensus.CONSENSUS,)) or (people[0], people[1]))
a_col, b_col, unit_col = st.columns([2, 2, 1])
coder_a = a_col.selectbox(t("review.coder_a"), people, key="review_a")
coder_b = b_col.selectbox(t("review.coder_b"), people, key="review_b")
unit = unit_col.selectbox(t("review.unit"), AGREEMENT_UNITS, key="review_unit",
                          format_func=lambda u: t(f"review.unit.{u}"))
if coder_a == coder_b:
    st.warning(t("review.same_coder"))
    st.stop()
pair = [coder_a, coder_b]


def _figures(pair: list[str], unit: str):
    """Agreement for the pair, recomputed only when their codings changed (the bootstrap takes a moment)."""
    rows = db.execute("SELECT id, start, end, code_id, valence FROM codings WHERE coder IN (?, ?) ORDER BY id",
                      pair).fetchall()
    tag = (str(project.path), tuple(pair), unit, hashlib.sha1(repr(rows).encode()).hexdigest())
    held = st.session_state.get("_review_figures")
    if held is None or held[0] != tag:
        held = (tag, agreement(project, pair, unit, resamples=RESAMPLES))
        st.session_state["_review_figures"] = held
    return held[1]


def _number(value) -> str:
    return "–" if value is None or pd.isna(value) else formats.number(value, 2)


def _interval(row: pd.Series, name: str) -> str:
    low, high = row[f"{name}_low"], row[f"{name}_high"]
    if pd.isna(low):
        return t("review.no_interval")
    return t("review.interval", low=_number(low), high=_number(high))


failed = None
try:
    result = _figures(pair, unit)
except ProjectError as error:
    failed = error
if failed is not None:
    st.error(t("error", message=failed))
    st.stop()

st.subheader(t("review.figures"))
table = result.table.set_index("code", drop=False)
if OVERALL_PAIRS in table.index:
    overall = table.loc[OVERALL_PAIRS]
    st.caption(t("review.overall"))
    cols = st.columns(3)
    cols[0].metric(t("review.percent"), formats.percent(overall["percent"], 1), help=_interval(overall, "percent"))
    cols[0].caption(_interval(overall, "percent"))
    cols[1].metric(t("review.kappa"), _number(overall["kappa"]))
    cols[1].caption(_interval(overall, "kappa"))
    cols[2].metric(t("review.alpha"), _number(overall["alpha"]))
    cols[2].caption(_interval(overall, "alpha"))
with st.expander(t("review.per_code")):
    shown = result.table.copy()
    shown["code"] = shown["code"].replace({OVERALL_PAIRS: t("review.overall"), OVERALL_SETS: t("review.overall_sets")})
    for name in ("kappa", "alpha"):
        shown[f"{name}_ci"] = [t("review.no_interval") if pd.isna(low) else
                               t("review.interval", low=_number(low), high=_number(high))
                               for low, high in zip(result.table[f"{name}_low"], result.table[f"{name}_high"])]
    columns = ["code", "label", "units", "coded_any", "percent", "kappa", "kappa_ci", "alpha", "alpha_ci",
               "valence_units", "valence_alpha", "segment_agreement"]
    percentages = ["percent", "segment_agreement"]
    shown = pd.concat([formats.figures(shown[percentages], shares=True),
                       formats.figures(shown[[c for c in columns if c not in percentages]])], axis=1)
    st.dataframe(shown[columns], hide_index=True, column_config={c: t(f"review.col.{c}") for c in columns})
with st.expander(t("review.notes")):
    st.markdown("\n".join(f"- {md(note)}" for note in notes(result)))

choices = code_choices(db)
codebook_of = {c["id"]: c["codebook_id"] for c in choices}


def _decide(unit_id: int, code_id: int, label: str, **how) -> None:
    act(consensus.resolve, project, me, pair, unit_id, code_id, message=t("review.resolved", label=label), **how)


def _toggle_own(key: str) -> None:
    st.session_state["review_own"] = None if st.session_state.get("review_own") == key else key


def _own(unit_id: int, code_id: int, label: str, key: str) -> None:
    """Your own version: the chosen code with the chosen valence; another code also rejects this one."""
    st.session_state["review_own"] = None
    chosen = st.session_state.get(f"{key}_code", code_id)
    valence = st.session_state.get(f"{key}_valence") or "neutraal"
    made = act(consensus.resolve, project, me, pair, unit_id, chosen, decision="apply", valence=valence,
               message=t("review.resolved", label=label))
    if made is not None and chosen != code_id:
        _decide(unit_id, code_id, label, decision="reject")


def _coder_side(coder: str, row: dict) -> str:
    """One coder's version as a markdown cell: their valence here, then all their codes (greyed)."""
    valence = row[coder]
    shown = t("review.not_coded") if valence == consensus.NOT_CODED else t(f"valence.{valence}")
    return f"**{md(coder)}**: {md(shown)} · :gray[{md(t('review.their_codes', codes=row[f'{coder} codes']))}]"


def _disagreements(pair: list[str], unit: str) -> pd.DataFrame:
    """The pair's disagreements, worked out again (about a second) only after a change to the project:
    every write, a decision included, is an event."""
    tag = (str(project.path), tuple(pair), unit, db.execute("SELECT max(id) FROM events").fetchone()[0])
    held = st.session_state.get("_review_disagreements")
    if held is None or held[0] != tag:
        held = st.session_state["_review_disagreements"] = (tag, consensus.disagreements(project, pair, unit))
    return held[1]


# --- the disagreements -------------------------------------------------------------------------
# A fragment: deciding one row reruns only the list and its progress, not the figures above.

@st.fragment
def _review_list() -> None:
    flash()
    st.subheader(t("review.list"))
    frame = _disagreements(pair, unit)
    done = {"resolved": int(frame["resolved"].sum()), "total": len(frame)}  # = consensus.progress, without a second pass
    st.progress(done["resolved"] / done["total"] if done["total"] else 1.0, text=t("review.progress", **done))
    if done["total"] and done["resolved"] == done["total"]:
        st.success(t("review.done"))
    if frame.empty:
        st.info(t("review.none"))
    labels = dict(zip(frame["code"], frame["label"]))
    f_col, o_col = st.columns([3, 1], vertical_alignment="bottom")
    wanted = f_col.multiselect(t("review.filter_codes"), sorted(labels), key="review_codes",
                               format_func=lambda c: f"{labels[c]} ({c})")
    only_open = o_col.toggle(t("review.only_open"), key="review_open")
    if wanted:
        frame = frame[frame["code"].isin(wanted)]
    if only_open:
        frame = frame[~frame["resolved"]]
    pages = max(1, -(-len(frame) // PAGE_SIZE))
    page_no = 1
    if pages > 1:
        page_no = st.number_input(t("review.page"), 1, pages, key="review_page")
    rows = frame.iloc[(page_no - 1) * PAGE_SIZE:page_no * PAGE_SIZE]
    if len(frame):
        st.caption(t("review.showing", shown=len(rows), total=len(frame)))
    for row in rows.to_dict("records"):  # plain dicts: a Series per row costs more than drawing it
        key = f"rv_{row['unit_id']}_{row['code_id']}"
        with st.container(border=True, key=f"review_row_{row['unit_id']}_{row['code_id']}"):
            where = " · ".join(str(x) for x in (row["document"], row["speaker"]) if isinstance(x, str) and x)
            st.markdown(f"**{md(row['label'])}** ({md(row['code'])}) · {md(t('review.kind.' + row['kind']))}  \n"
                        f":gray[{md(where)}]")
            if isinstance(row["question"], str) and row["question"]:
                st.caption(md(t("review.question", question=row["question"])))
            context, text = str(row["context"]), str(row["text"])
            at = context.find(text)
            if at >= 0 and context != text:
                st.markdown(f"{md(context[:at])}**{md(text)}**{md(context[at + len(text):])}")
            else:
                st.markdown(f"**{md(text)}**")
            # Both versions in one element, a line each (six elements per row made the page slow).
            st.markdown(f"{_coder_side(coder_a, row)}  \n{_coder_side(coder_b, row)}")
            if row["resolved"]:
                if row["decision"] == "apply":
                    st.success(md(t("review.decided.apply", code=row["code"], reviewer=row["reviewer"],
                                     valence=t(f"valence.{row['decided_valence']}"))))
                else:
                    st.success(md(t("review.decided.reject", reviewer=row["reviewer"])))
            label = row["label"]
            with st.container(horizontal=True):
                for coder in pair:
                    st.button(t("review.take", coder=coder), key=f"{key}_take_{coder}", on_click=_decide,
                              args=(row["unit_id"], row["code_id"], label), kwargs={"take_from": coder})
                st.button(t("review.reject"), key=f"{key}_reject", on_click=_decide,
                          args=(row["unit_id"], row["code_id"], label), kwargs={"decision": "reject"})
                st.button(t("review.own"), key=f"{key}_open", on_click=_toggle_own, args=(key,),
                          type="primary" if st.session_state.get("review_own") == key else "secondary")
            if st.session_state.get("review_own") == key:  # one form at a time keeps the page light
                same_book = [c for c in choices if c["codable"] and c["codebook_id"] == codebook_of.get(int(row["code_id"]))]
                ids = [c["id"] for c in same_book]
                names = {c["id"]: ("\u2003" * c["depth"]) + c["label"] for c in same_book}
                code_col, valence_col, save_col = st.columns([3, 2, 1], vertical_alignment="bottom")
                code_col.selectbox(t("review.own_code"), ids, index=ids.index(row["code_id"]) if row["code_id"] in ids else 0,
                                   format_func=names.get, key=f"{key}_code")
                start_valence = row[coder_a] if row[coder_a] in VALENCES else row[coder_b]
                valence_col.segmented_control(t("review.own_valence"), VALENCES, key=f"{key}_valence",
                                              default=start_valence if start_valence in VALENCES else "neutraal",
                                              format_func=lambda v: t(f"valence.{v}"))
                save_col.button(t("review.own_save"), key=f"{key}_own", type="primary", on_click=_own,
                                args=(row["unit_id"], row["code_id"], label, key))


_review_list()

# --- blind second coding -----------------------------------------------------------------------

if may("assign"):  # assigning and its list are the beheerder's (app/roles.py), checked here on the server
    with st.expander(t("review.assign")):
        documents = [r[0] for r in db.execute("SELECT name FROM documents ORDER BY name")]
        with st.form("review_assign", border=False):
            who = st.text_input(t("review.assign_coder"))
            mode = st.radio(t("review.assign_mode"), ["documents", "sample"], horizontal=True,
                            format_func=lambda m: t(f"review.assign_mode.{m}"))
            chosen_docs = st.multiselect(t("review.assign_documents"), documents)
            n_col, unit_col2, seed_col = st.columns(3)
            n = n_col.number_input(t("review.assign_n"), min_value=1, value=20)
            sample_unit = unit_col2.selectbox(t("review.unit"), assignments.SAMPLE_UNITS,
                                              format_func=lambda u: t(f"review.unit.{u}"))
            seed = seed_col.number_input(t("review.assign_seed"), min_value=0, value=1)
            blind = st.checkbox(t("review.assign_blind"), value=True)
            if st.form_submit_button(t("review.assign_save")):
                if mode == "documents":
                    count = act(assignments.assign_documents, project, me, who, chosen_docs, blind=blind)
                    if count is not None:
                        st.success(tn("review.assigned_documents", count, count=count, coder=who.strip()))
                else:
                    sampled = act(assignments.assign_sample, project, me, who, int(n), sample_unit, int(seed),
                                  documents=chosen_docs or None, blind=blind)
                    if sampled is not None:
                        st.success(tn("review.assigned_sample", len(sampled), count=len(sampled), coder=who.strip()))
        current = assignments.assignments(db)
        st.markdown(f"**{t('review.assignments')}**")
        if current.empty:
            st.caption(t("review.no_assignments"))
        else:
            columns = ["coder", "document", "unit_kind", "start", "end", "blind", "seed"]
            st.dataframe(current[columns], hide_index=True,
                         column_config={c: t(f"review.col.{c}") for c in columns})

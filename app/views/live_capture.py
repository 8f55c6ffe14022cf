"""Live capture, keyboard first: type the point, Tab, participant, Tab, code, Tab, s/g/n, Enter.

Each Enter is one logged write (coding.live.session.capture): the point is in the project before the screen
redraws, so a refresh or a closed laptop loses nothing. Works at tablet width (one column form)."""

from __future__ import annotations

import streamlit as st

from app.components.live_picker import pick_session
from app.page import act, done, md, require
from app.strings import t, tn
from coding.live import session as live
from coding.store.project import ProjectError

LAST = 6

project, me = require()
db = project.db.conn

session_id = pick_session(db)
if session_id is None:
    st.info(t("live.no_sessions"))
    st.stop()
found = live.session(db, session_id)
if found["status"] != "open":
    st.warning(t("live.is_closed"))
    st.stop()
people = live.participants(db, session_id)
if people.empty:
    st.info(t("live.need_people"))
    st.stop()

labels = dict(zip(people["id"], people["label"]))
details = {r.id: ", ".join(v for v in (r.rol, r.sector) if v) for r in people.itertuples(index=False)}
codes = [c for c in live.session_codes(db, session_id) if c["codable"]]
branch_label = {c["id"]: c["label"] for c in live.session_codes(db, session_id) if c["depth"] == 0}
code_label = {c["id"]: c["label"] if c["depth"] == 0 else f"{c['label']} ({branch_label[c['branch']]})"
              for c in codes}
recent = [c for c in live.recent_codes(db, session_id, me) if c in code_label]
code_order = recent + [c["id"] for c in codes if c["id"] not in recent]


def _person(case_id: int) -> str:
    return f"{labels[case_id]} ({details[case_id]})" if details.get(case_id) else labels[case_id]


def _save() -> None:
    state = st.session_state
    text, case_id, code_id = (state.get("live_text") or "").strip(), state.get("live_case"), state.get("live_code")
    problem = ("live.need_text" if not text else "live.need_participant" if case_id is None
               else "live.need_code" if code_id is None else None)
    try:
        valence = live.parse_valence(state.get("live_valence") or "") if problem is None else None
    except ProjectError:
        problem = "live.need_valence"
    if problem:
        state["_flash_error"] = t(problem)
        return
    done = act(live.capture, project, me, session_id, case_id, text, code_id, valence,
               message=t("live.saved", label=labels[case_id], code=code_label[code_id], valence=t(f"valence.{valence}")))
    if done is not None:
        state["live_text"], state["live_case"], state["live_code"], state["live_valence"] = "", None, None, ""
        state["live_saves"] = state.get("live_saves", 0) + 1


with st.form("live_form", border=True):
    st.text_input(t("live.point"), key="live_text", placeholder=t("live.point_placeholder"))
    who, what, how = st.columns([3, 4, 1.4], vertical_alignment="bottom")
    who.selectbox(t("live.participant"), list(labels), index=None, format_func=_person, key="live_case",
                  placeholder=t("live.participant_placeholder"), filter_mode="contains")
    what.selectbox(t("live.code"), code_order, index=None, format_func=code_label.get, key="live_code",
                   placeholder=t("live.code_placeholder"))
    how.text_input(t("live.valence"), key="live_valence", max_chars=9)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.form_submit_button(t("live.save"), on_click=_save, type="primary")
        st.caption(t("live.valence_help"))

# Back to the point field after every save (and on first load): the hands stay on the keyboard.
# The selectboxes' clear buttons leave the Tab order, so Tab goes field to field.
st.html(f"""<script>/* {st.session_state.get('live_saves', 0)} */
if (!window.__wbLiveTab) {{
  window.__wbLiveTab = new MutationObserver(() => document.querySelectorAll(
    '[data-testid="stForm"] [aria-label="Clear value"]:not([tabindex="-1"])').forEach(b => b.tabIndex = -1));
  window.__wbLiveTab.observe(document.body, {{childList: true, subtree: true}});
}}
(() => {{  // focus now, and again for two seconds whenever a redraw drops the focus to the page
  let n = 0;
  const tick = () => {{
    const f = document.querySelector('input[aria-label="{t('live.point')}"]'), a = document.activeElement;
    if (f && (n === 0 || !a || a === document.body)) f.focus();
    if (++n < 20) setTimeout(tick, 100);
  }};
  setTimeout(tick, 60);
}})();
</script>""", unsafe_allow_javascript=True)

frame = live.points(db, session_id)
st.caption(tn("live.count", len(frame), count=len(frame)))
left, right = st.columns([3, 2], gap="medium")


def _delete(unit_id: int) -> None:
    act(live.delete_point, project, me, unit_id, message=t("live.deleted"))


with left:
    st.markdown(f"**{t('live.last')}**")
    if frame.empty:
        st.caption(t("live.last_none"))
    for point in frame.tail(LAST).iloc[::-1].itertuples(index=False):
        with st.container(border=True, gap="small"):
            st.markdown(f"**{md(point.participant)}** · {md(code_label.get(point.code_id, point.code))} · "
                        f"{t('valence.' + point.valence)}  \n{md(point.text)}")
            if point.coder != me:
                st.caption(md(t("live.not_yours", coder=point.coder)))
                continue
            row = st.container(horizontal=True, gap="small")
            with row.popover(t("live.edit"), type="tertiary"):
                with st.form(f"live_edit_{point.id}", border=False):
                    case = st.selectbox(t("live.participant"), list(labels), index=list(labels).index(point.case_id),
                                        format_func=_person, key=f"live_edit_case_{point.id}")
                    code = st.selectbox(t("live.code"), code_order, format_func=code_label.get,
                                        index=code_order.index(point.code_id) if point.code_id in code_order else 0,
                                        key=f"live_edit_code_{point.id}")
                    valence = st.segmented_control(t("live.col.valence"), ("sterkte", "groeikans", "neutraal"),
                                                   default=point.valence, format_func=lambda v: t(f"valence.{v}"),
                                                   key=f"live_edit_valence_{point.id}")
                    if st.form_submit_button(t("live.edit_save")):
                        if done(live.edit_point, project, me, point.id, case_id=case, code_id=code,
                               valence=valence or point.valence, message=t("live.edited")):
                            st.rerun()
            row.button(t("live.delete"), key=f"live_del_{point.id}", on_click=_delete, args=(point.id,),
                       type="tertiary")

with right:
    st.markdown(f"**{t('live.prepared_open')}**")
    prepared = live.prepared_points(db, session_id)
    if prepared.empty:
        st.caption(t("live.prepared_none"))

    def _tick(point_id: int) -> None:
        act(live.tick_prepared, project, me, point_id, bool(st.session_state.get(f"live_tick_{point_id}")))

    with st.container(height=420 if len(prepared) > 8 else "content"):
        for point in prepared.itertuples(index=False):
            key = f"live_tick_{point.id}"
            st.session_state[key] = bool(point.done)  # follows the other note-taker's ticks too
            st.checkbox(f"{point.participant}: {point.text}", key=key, on_change=_tick, args=(point.id,))

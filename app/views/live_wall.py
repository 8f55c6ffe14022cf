"""The live wall for the projector: large type, redrawn every few seconds from the project file.

Per theme what is strong and what can grow, each participant's share of voice, who has not spoken
yet, mindmap branches not yet covered and prepared points still open. Only needs an open project
(no coder): the projector's browser just shows. All data text is HTML-escaped."""

from __future__ import annotations

from html import escape

import streamlit as st

from app.components.live_picker import pick_session
from app.page import require_project
from app import formats
from app.strings import t
from coding.live import session as live

REFRESH_SECONDS = 2
LATEST = 2  # latest points per valence and theme: a wall is read from across the room

CSS = """
<style>
.block-container { padding-top: 1.2rem; }
.wb-wall { font-size: 1.35rem; line-height: 1.3; display: grid; grid-template-columns: minmax(0, 2fr) minmax(300px, 1fr);
  gap: 1.2rem; align-items: start; }
.wb-wall > h2 { grid-column: 1 / -1; }
@media (max-width: 1100px) { .wb-wall { grid-template-columns: minmax(0, 1fr); } }
.wb-wall h2 { font-size: 2rem; margin: 0 0 .4rem 0; padding: 0; }
.wb-wall h3 { font-size: 1.45rem; margin: .8rem 0 .4rem 0; padding: 0; }
.wb-wall .wb-total { color: #555; font-size: 1.2rem; }
.wb-wall .wb-themes { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: .7rem; }
.wb-wall .wb-theme { border: 2px solid #d0d7de; border-radius: .6rem; padding: .6rem .8rem; }
.wb-wall .wb-theme.wb-empty { border-style: dashed; color: #777; }
.wb-wall .wb-theme-title { font-weight: 700; font-size: 1.4rem; }
.wb-wall .wb-counts span { display: inline-block; font-weight: 700; border-radius: .4rem; padding: 0 .5rem;
  margin: .2rem .4rem .2rem 0; }
.wb-wall .wb-s { background: #dafbe1; color: #1a7f37; }
.wb-wall .wb-g { background: #fff1e5; color: #bc4c00; }
.wb-wall .wb-n { background: #eef1f6; color: #57606a; }
.wb-wall ul { margin: .1rem 0 .3rem 1.1rem; padding: 0; }
.wb-wall li { font-size: 1.05rem; margin: 0; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;
  overflow: hidden; }
.wb-wall .wb-sub { font-weight: 600; font-size: 1.05rem; margin-top: .3rem; }
.wb-wall .wb-voice-row { display: grid; grid-template-columns: 7.5rem 1fr 3.2rem; align-items: center; gap: .5rem;
  margin: .15rem 0; }
.wb-wall .wb-bar { height: 1.1rem; background: #eef1f6; border-radius: .3rem; overflow: hidden; }
.wb-wall .wb-bar div { height: 100%; background: #4e79a7; }
.wb-wall .wb-voice-row.wb-silent .wb-who { color: #bc4c00; font-weight: 700; }
.wb-wall .wb-chip { display: inline-block; border: 2px dashed #bc4c00; color: #bc4c00; border-radius: 1rem;
  padding: .05rem .7rem; margin: .2rem .3rem .2rem 0; font-weight: 600; }
.wb-wall .wb-note { color: #666; font-size: 1.05rem; }
</style>
"""


def _list(items: list[str]) -> str:
    if not items:
        return f"<div class='wb-note'>{escape(t('wall.nothing'))}</div>"
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def render(data: dict) -> str:
    """The wall as HTML (every data value escaped)."""
    hide = data["hide_labels"]
    names = {r.case_id: (t("wall.hidden_label", number=n) if hide else r.label)
             for n, r in enumerate(data["voice"].itertuples(index=False), start=1)}
    out = [f"<div class='wb-wall' data-total='{data['total']}'>",
           f"<h2>{escape(data['session']['name'])} <span class='wb-total'>· "
           f"{escape(t('wall.total', count=data['total']))}</span></h2>", "<div class='wb-themes'>"]
    for theme in data["themes"]:
        empty = theme["sterkte"] + theme["groeikans"] + theme["neutraal"] == 0
        out.append(f"<div class='wb-theme{' wb-empty' if empty else ''}' data-theme='{escape(theme['label'])}' "
                   f"data-sterkte='{theme['sterkte']}' data-groeikans='{theme['groeikans']}'>"
                   f"<div class='wb-theme-title'>{escape(theme['label'])}</div><div class='wb-counts'>"
                   f"<span class='wb-s'>+ {theme['sterkte']}</span><span class='wb-g'>\u2212 {theme['groeikans']}</span>"
                   f"<span class='wb-n'>\u00b7 {theme['neutraal']}</span></div>"
                   f"<div class='wb-sub'>{escape(t('wall.strong'))}</div>{_list(theme['latest']['sterkte'])}"
                   f"<div class='wb-sub'>{escape(t('wall.grow'))}</div>{_list(theme['latest']['groeikans'])}</div>")
    out.append("</div><div class='wb-side'>")
    out.append(f"<h3>{escape(t('wall.voice'))}</h3>")
    for row in data["voice"].itertuples(index=False):
        share = round(100 * row.share)
        out.append(f"<div class='wb-voice-row{' wb-silent' if row.points == 0 else ''}' data-label='"
                   f"{escape(names[row.case_id])}' data-points='{row.points}' data-share='{row.share:.4f}'>"
                   f"<span class='wb-who'>{escape(names[row.case_id])}</span>"
                   f"<div class='wb-bar'><div style='width:{share}%'></div></div><span>{share}%</span></div>")
    silent = data["voice"][data["voice"]["points"] == 0]["case_id"].tolist()
    if not silent:
        out.append(f"<p class='wb-note'>{escape(t('wall.all_spoke'))}</p>")
    elif hide:
        out.append(f"<p class='wb-note'>{escape(t('wall.silent_hidden', count=len(silent)))}</p>")
    else:
        out.append(f"<p class='wb-note'>{escape(t('wall.silent', names=formats.joined([names[c] for c in silent])))}</p>")
    out.append(f"<h3>{escape(t('wall.uncovered'))}</h3>")
    if data["uncovered"]:
        out.append("".join(f"<span class='wb-chip wb-uncovered'>{escape(b)}</span>" for b in data["uncovered"]))
    else:
        out.append(f"<p class='wb-note'>{escape(t('wall.all_covered'))}</p>")
    prepared = data["open_prepared"]
    out.append(f"<h3>{escape(t('wall.prepared', count=len(prepared)))}</h3>")
    if prepared.empty:
        out.append(f"<p class='wb-note'>{escape(t('wall.prepared_none'))}</p>")
    else:
        items = [p.text if hide else f"{p.participant}: {p.text}" for p in prepared.itertuples(index=False)]
        out.append(_list(items))
    out.append("</div></div>")
    return "".join(out)


project = require_project()

with st.sidebar:
    session_id = pick_session(project.db.conn)
if session_id is None:
    st.info(t("live.no_sessions"))
    st.stop()
st.html(CSS)


@st.fragment(run_every=REFRESH_SECONDS)
def wall() -> None:
    st.html(render(live.wall(project.db.conn, session_id, latest=LATEST)))


wall()

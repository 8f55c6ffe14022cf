"""Which live session the three live pages work on: ?sessie=ID in the URL (so the projector's
browser can be pointed at one session), else the session's last choice, else the newest open one."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.strings import t
from coding.live import session as live

KEY = "live_session_id"


def pick_session(db: Any, where: Any = st) -> int | None:
    """A session selectbox; the choice is kept in the URL and the browser session."""
    frame = live.sessions(db)
    if frame.empty:
        return None
    ids = frame["id"].tolist()
    labels = {r.id: t("live.session_label", name=r.name, date=r.date or "-", status=t(f"live.status.{r.status}"))
              for r in frame.itertuples(index=False)}
    asked = st.query_params.get("sessie", "")
    if asked.isdigit() and int(asked) in ids:
        st.session_state[KEY] = int(asked)
    if st.session_state.get(KEY) not in ids:
        open_ids = frame[frame["status"] == "open"]["id"].tolist()
        st.session_state[KEY] = (open_ids or ids)[0]
    chosen = where.selectbox(t("live.session"), ids, format_func=labels.get, key=KEY)
    st.query_params["sessie"] = str(chosen)
    return chosen

"""The ASGI entry `werkbank app` starts (`streamlit run app/serve.py`): Streamlit's server with the
login guard of app/auth.py in front of every route, and no look-up of the machine's outside address."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit import net_util

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `app` importable however the server starts

from app.auth import Guard  # noqa: E402

# Streamlit asks checkip.amazonaws.com for the external address when it serves on 0.0.0.0 (for its
# banner and origin checks); Werkbank never sends anything off the machine.
net_util.get_external_ip = lambda: None

# What the server logs (see the README): logins, logouts, failed logins with the waiting time and
# refused Host headers, one line each on stderr. Passwords are never logged.
_handler = logging.StreamHandler()
_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
_logger = logging.getLogger("werkbank")
if not _logger.handlers:
    _logger.addHandler(_handler)
    _logger.setLevel(logging.INFO)
    _logger.propagate = False

app = st.App(str(Path(__file__).with_name("main.py")), middleware=[Middleware(Guard)])

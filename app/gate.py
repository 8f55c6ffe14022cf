"""The shared-secret gate for serving the app to a team (`werkbank app --host 0.0.0.0`).

On this machine only (127.0.0.1) there is no gate: whoever can reach the port is the user. Served
beyond it a project needs accounts (app/auth.py); a shared secret in $WERKBANK_SECRET (at least
MIN_SECRET characters) is only a migration path for projects without accounts: every browser
session must type it before any page (or project data) is shown. The comparison is
constant-time, so the secret cannot be guessed from response times.
"""

from __future__ import annotations

import hmac
import ipaddress
import os

from coding.store.project import ProjectError

ENV_SECRET = "WERKBANK_SECRET"


def is_local(host: str) -> bool:
    """True for loopback addresses (and 'localhost'): nobody else can reach the app there."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


MIN_SECRET = 16


def check_serving(host: str, has_accounts: bool, secret: str | None = None) -> str | None:
    """Refuse to serve beyond this machine a project without accounts; returns a warning to print
    when the old shared secret is used instead (a migration path only)."""
    if is_local(host) or has_accounts:
        return None
    if secret and len(secret) >= MIN_SECRET:
        return (f"waarschuwing: dit project wordt op {host} gedeeld met alleen een gedeeld geheim "
                f"(${ENV_SECRET}). Wie het kent, kan alles lezen en exporteren, onder elke naam. Dit blijft "
                f"alleen werken om over te stappen: maak accounts aan met 'werkbank users PROJECT add NAAM "
                f"--role beheerder' (zie 'Serving to a team' in de README).")
    if secret:
        raise ProjectError("app.gate.secret_too_short", env=ENV_SECRET, min=MIN_SECRET)
    raise ProjectError("app.gate.open_host_needs_accounts", host=host)


def matches(given: str, secret: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


def require_secret() -> None:
    """Show the gate and stop the page run until this session has given the secret (no-op without one)."""
    import streamlit as st

    from app.strings import t

    secret = os.environ.get(ENV_SECRET)
    if not secret or st.session_state.get("_gate_passed"):
        return
    st.title(t("gate.title"))
    with st.form("gate"):
        given = st.text_input(t("gate.secret"), type="password")
        sent = st.form_submit_button(t("gate.enter"))
    if sent and matches(given, secret):
        st.session_state["_gate_passed"] = True
        st.rerun()
    if sent:
        st.error(t("gate.wrong"))
    st.stop()

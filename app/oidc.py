"""Logging in through the organisation's own sign-in (OpenID Connect), with Streamlit's st.login machinery.

When `.streamlit/secrets.toml` has an `[auth]` section (the one st.login reads: redirect_uri ending in
/oauth2callback, cookie_secret, client_id, client_secret, server_metadata_url, or a named provider
section) the login page offers "Aanmelden via je organisatie". Streamlit's own routes run the redirect
flow (/auth/login, the provider, /oauth2callback: Authlib checks state, nonce, PKCE and the id_token's
signature) and leave a signed `_streamlit_user` cookie. The guard (app/auth.py) then maps that
identity to a project account linked with `werkbank users PROJECT link NAME --oidc EMAIL`, hands out
Werkbank's own session cookie and deletes Streamlit's: an identity linked to no account gets no access.

st.login() itself is a call inside a page run, and no page runs before login here (nothing of the
project is sent first), so the guard starts the flow with the provider token st.login would make.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

START_PATH = "/werkbank/organisatie"
FLOW_PATHS = ("/auth/login", "/oauth2callback")  # Streamlit's routes, open before login when configured
CHOICE_COOKIE = "werkbank_project_keuze"  # folder mode: which project the organisation login is for
USER_COOKIE = "_streamlit_user"
TOKENS_COOKIE = "_streamlit_user_tokens"


def _auth_section() -> dict[str, Any]:
    from streamlit.auth_util import get_secrets_auth_section

    try:
        return get_secrets_auth_section().to_dict()
    except Exception:  # an unreadable secrets.toml: no organisation login, passwords still work
        return {}


def provider() -> str | None:
    """The provider st.login would use: 'default' for a flat [auth] section, else the first named one."""
    section = _auth_section()
    if not section.get("redirect_uri") or not section.get("cookie_secret"):
        return None
    if section.get("client_id") and section.get("server_metadata_url"):
        return "default"
    named = [key for key, value in section.items() if isinstance(value, dict) and value.get("client_id")]
    return named[0] if named else None


def configured() -> bool:
    try:
        import authlib  # noqa: F401  (st.login's dependency)
    except ImportError:
        return False
    return provider() is not None


def start_url() -> str:
    """Where the organisation login starts: Streamlit's /auth/login with a signed provider token."""
    from streamlit.auth_util import encode_provider_token

    return f"/auth/login?provider={quote(encode_provider_token(provider() or 'default'))}"


def claims(cookies: dict[str, str]) -> dict[str, Any] | None:
    """What the provider said about the person, from Streamlit's signed (possibly split) user cookie;
    None when there is none or its signature does not hold."""
    from streamlit.auth_util import get_cookie_with_chunks
    from streamlit.web.server.server_util import get_cookie_secret
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value

    if USER_COOKIE not in cookies:
        return None
    secret = get_cookie_secret()

    def single(name: str) -> bytes | None:
        value = cookies.get(name)
        return decode_signed_value(secret, name, value.encode("latin-1")) if value else None

    try:
        raw = get_cookie_with_chunks(single, USER_COOKIE)
        data = json.loads(raw) if raw else None
    except (ValueError, TypeError):
        return None
    return data if isinstance(data, dict) and data.get("is_logged_in") else None


def forget_headers(cookies: dict[str, str]) -> list[tuple[str, str]]:
    """Set-Cookie headers deleting Streamlit's auth cookies (with their chunks) and the project choice:
    after the mapping only Werkbank's own session cookie stays."""
    names = [name for name in cookies if name.startswith((USER_COOKIE, CHOICE_COOKIE))]
    return [("set-cookie", f"{name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax") for name in names]

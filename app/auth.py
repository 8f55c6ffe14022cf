"""Logging in to a team project served by `werkbank app`: the signed session cookie, the limit on
failed logins, the allowed Host names and the ASGI guard in front of every route of the server.

The guard (`Guard`, installed by app/serve.py) sees every HTTP request and WebSocket before
Streamlit does. It refuses Host headers the server was not started for (DNS rebinding), and when
the project has accounts it lets nothing but the login page and the health check through without a
valid session cookie: no page, no WebSocket, no upload, no media file, no component. The cookie is
signed (itsdangerous) with a key held only in the server's memory, expires, and is revoked on logout.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import secrets
import sqlite3
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

from itsdangerous import BadSignature, URLSafeTimedSerializer

ENV_HOSTS = "WERKBANK_HOSTS"
ENV_PROJECT = "WERKBANK_PROJECT"
COOKIE = "werkbank_sessie"
SESSION_SECONDS = 12 * 3600
LOGIN_PATH = "/werkbank/login"
LOGOUT_PATH = "/werkbank/logout"
PUBLIC_PATHS = {LOGIN_PATH, "/_stcore/health"}
FREE_FAILURES = 2          # failed logins (per name and per address) before each next try waits
MAX_DELAY = 30.0           # seconds
FAILURE_WINDOW = 15 * 60   # failures older than this are forgotten
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}

log = logging.getLogger("werkbank.login")
_KEY = secrets.token_bytes(32)   # new at every start: a restart logs everyone out, nothing to steal on disk
_revoked: set[str] = set()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_KEY, salt="werkbank-sessie")


def issue(name: str) -> str:
    """A signed cookie value naming the account, with a session id that logout can revoke."""
    return _serializer().dumps({"u": name, "s": secrets.token_urlsafe(12)})


def _payload(value: str | None) -> dict | None:
    if not value:
        return None
    try:
        data = _serializer().loads(value, max_age=SESSION_SECONDS)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("s") in _revoked:
        return None
    return data


def identity(value: str | None) -> str | None:
    """The account name a cookie value was issued for, or None (unsigned, expired, logged out)."""
    data = _payload(value)
    return str(data["u"]) if data else None


def revoke(value: str | None) -> None:
    data = _payload(value)
    if data:
        _revoked.add(data["s"])


class Limiter:
    """Counts recent failed logins per key; after FREE_FAILURES each try waits 2, 4, 8 ... seconds."""

    def __init__(self) -> None:
        self.failures: dict[str, list[float]] = defaultdict(list)

    def _recent(self, key: str) -> list[float]:
        cutoff = time.monotonic() - FAILURE_WINDOW
        kept = [at for at in self.failures.get(key, []) if at > cutoff]
        self.failures[key] = kept
        return kept

    def delay(self, *keys: str) -> float:
        count = max(len(self._recent(key)) for key in keys)
        return 0.0 if count < FREE_FAILURES else min(MAX_DELAY, 2.0 ** (count - FREE_FAILURES + 1))

    def failed(self, *keys: str) -> None:
        for key in keys:
            self.failures[key].append(time.monotonic())

    def succeeded(self, key: str) -> None:
        self.failures.pop(key, None)


limiter = Limiter()


def allowed_hosts() -> set[str]:
    """Host names the server answers to: loopback names plus those given in WERKBANK_HOSTS."""
    extra = {h.strip().lower() for h in os.environ.get(ENV_HOSTS, "").split(",") if h.strip()}
    return LOCAL_NAMES | extra


def host_name(header: str) -> str:
    """The name part of a Host header ('[::1]:8501' -> '::1', 'a.b:80' -> 'a.b')."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _project_path() -> Path | None:
    chosen = os.environ.get(ENV_PROJECT)
    return Path(chosen) if chosen else None


_accounts_cache: dict[str, tuple[float, bool]] = {}


def login_required() -> bool:
    """True when the served project has accounts (read-only look, cached for two seconds)."""
    path = _project_path()
    if path is None:
        return False
    cached = _accounts_cache.get(str(path))
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            required = conn.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        required = True  # cannot tell: fail closed
    _accounts_cache[str(path)] = (time.monotonic() + 2.0, required)
    return required


def _verify(name: str, password: str) -> str | None:
    from coding.store.project import open_project
    from coding.team.accounts import verify

    path = _project_path()
    if path is None:
        return None
    with open_project(path) as project:
        found = verify(project.db.conn, name, password)
    return found.name if found else None


LOGIN_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Werkbank: aanmelden</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:sans-serif;max-width:22rem;margin:4rem auto}}label,input,button{{display:block;width:100%;
margin:.4rem 0}}input{{padding:.4rem;box-sizing:border-box}}button{{box-sizing:border-box}}button{{padding:.5rem}}.fout{{color:#a00}}</style></head><body>
<h1>Werkbank</h1><p>Meld je aan met je account voor dit project.</p>{message}
<form method="post" action="{action}"><label>Naam<input name="naam" autocomplete="username" required></label>
<label>Wachtwoord<input name="wachtwoord" type="password" autocomplete="current-password" required></label>
<button type="submit">Aanmelden</button></form></body></html>"""


def login_page(message: str = "") -> str:
    shown = f'<p class="fout" role="alert">{html.escape(message)}</p>' if message else ""
    return LOGIN_PAGE.format(message=shown, action=LOGIN_PATH)


def _cookie_header(scope: dict, value: str, max_age: int) -> str:
    headers = dict(scope.get("headers") or [])
    secure = scope.get("scheme") == "https" or headers.get(b"x-forwarded-proto", b"") == b"https"
    return (f"{COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}"
            + ("; Secure" if secure else ""))


def cookie_value(scope: dict) -> str | None:
    for name, value in scope.get("headers") or []:
        if name == b"cookie":
            jar = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no session
                return None
            if COOKIE in jar:
                return jar[COOKIE].value
    return None


def _client(scope: dict) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "?"


async def _respond(send, status: int, body: str, headers: list[tuple[str, str]] | None = None) -> None:
    data = body.encode("utf-8")
    raw = [(b"content-type", b"text/html; charset=utf-8" if body.startswith("<") else b"text/plain; charset=utf-8"),
           (b"content-length", str(len(data)).encode()), (b"cache-control", b"no-store"),
           (b"x-frame-options", b"DENY")]
    raw += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers or []]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})


async def _read_body(receive, limit: int = 4096) -> bytes | None:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body"):
            return body


async def _login(scope: dict, receive, send) -> None:
    if scope["method"] != "POST":
        await _respond(send, 200, login_page())
        return
    body = await _read_body(receive)
    form = parse_qs((body or b"").decode("utf-8", "replace"))
    name = (form.get("naam") or [""])[0].strip()[:100]
    password = (form.get("wachtwoord") or [""])[0][:1000]
    address = _client(scope)
    keys = (f"naam:{name.lower()}", f"adres:{address}")
    wait = limiter.delay(*keys)
    if wait:
        await asyncio.sleep(wait)
    account = await asyncio.to_thread(_verify, name, password) if name and password else None
    if account is None:
        limiter.failed(*keys)
        log.warning("failed login for %r from %s (waited %.0f s)", name, address, wait)
        await _respond(send, 401, login_page("Naam of wachtwoord klopt niet."))
        return
    limiter.succeeded(keys[0])
    log.info("login of %r from %s", account, address)
    await _respond(send, 303, "", [("location", "/"), ("set-cookie", _cookie_header(scope, issue(account),
                                                                                     SESSION_SECONDS))])


async def _logout(scope: dict, send) -> None:
    value = cookie_value(scope)
    name = identity(value)
    revoke(value)
    if name:
        log.info("logout of %r from %s", name, _client(scope))
    await _respond(send, 303, "", [("location", LOGIN_PATH), ("set-cookie", _cookie_header(scope, "", 0))])


class Guard:
    """ASGI middleware in front of the whole Streamlit server (see the module docstring)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if host_name(host) not in allowed_hosts():
            log.warning("refused Host header %r from %s", host[:100], _client(scope))
            await self._refuse(scope, send, 421, "Onbekende host.")
            return
        path = scope.get("path", "")
        if scope["type"] == "http" and path == LOGIN_PATH:
            await _login(scope, receive, send)
            return
        if scope["type"] == "http" and path == LOGOUT_PATH:
            await _logout(scope, send)
            return
        if path in PUBLIC_PATHS or not login_required() or identity(cookie_value(scope)):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "http" and scope["method"] == "GET" and not path.startswith(
                ("/_stcore", "/media", "/component", "/static", "/app/static")):
            await _respond(send, 303, "", [("location", LOGIN_PATH)])
            return
        await self._refuse(scope, send, 403, "Niet aangemeld.")

    @staticmethod
    async def _refuse(scope, send, status: int, text: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await _respond(send, status, text)

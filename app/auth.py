"""Logging in to a team project served by `werkbank app`: the signed session cookie, the limit on
failed logins, the allowed Host names and the ASGI guard in front of every route of the server.

The server serves one project (WERKBANK_PROJECT) or the Werkbank projects in one folder named at
start-up (WERKBANK_PROJECTS_DIR): then the login form also asks which project, by name; the accounts
are that project's and the session cookie names it. No path is ever typed or listed.

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
from urllib.parse import parse_qs, quote, unquote

from itsdangerous import BadSignature, URLSafeTimedSerializer

from app import oidc

ENV_HOSTS = "WERKBANK_HOSTS"
ENV_PROJECT = "WERKBANK_PROJECT"
ENV_PROJECTS_DIR = "WERKBANK_PROJECTS_DIR"
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


def issue(name: str, project: str | None = None) -> str:
    """A signed cookie value naming the account (and in folder mode its project's file name), with a
    session id that logout can revoke."""
    return _serializer().dumps({"u": name, "p": project, "s": secrets.token_urlsafe(12)})


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


def served_path(value: str | None) -> Path | None:
    """The project a session works in: the one project served, or in folder mode the one its cookie
    names (None without a valid cookie naming a project of the folder)."""
    if _folder() is None:
        return _project_path()
    data = _payload(value)
    return find_project(str(data.get("p") or "")) if data else None


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


def _folder() -> Path | None:
    chosen = os.environ.get(ENV_PROJECTS_DIR)
    return Path(chosen) if chosen else None


def is_werkbank_project(path: Path) -> bool:
    """A Werkbank project file, told by a read-only look (a foreign SQLite file is never touched)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return {"meta", "events"} <= tables


def folder_projects(folder: Path) -> dict[str, Path]:
    """The Werkbank projects directly in `folder`, by file name (no subfolders, no links)."""
    found = {}
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return {}
    for entry in entries:
        if entry.is_file() and not entry.is_symlink() and is_werkbank_project(entry):
            found[entry.name] = entry
    return found


def find_project(name: str) -> Path | None:
    """The served folder's project called `name` (its file name, or that name without the suffix when
    only one file has it); never a path: separators and '..' match nothing."""
    folder = _folder()
    name = name.strip()
    if folder is None or not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    projects = folder_projects(folder)
    if name in projects:
        return projects[name]
    stems = [path for file, path in projects.items() if path.stem.lower() == name.lower()]
    return stems[0] if len(stems) == 1 else None


_accounts_cache: dict[str, tuple[float, bool]] = {}


def login_required() -> bool:
    """True when the served project has accounts (read-only look, cached for two seconds); always in
    folder mode, where the login says which project."""
    if _folder() is not None:
        return True
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


def _chosen(project: str) -> Path | None:
    return find_project(project) if _folder() is not None else _project_path()


def _verify(project: str, name: str, password: str) -> str | None:
    from coding.store.project import ProjectError, open_project
    from coding.team.accounts import verify

    path = _chosen(project)
    if path is None:
        from coding.team.accounts import verify_nothing
        verify_nothing(password)  # as slow as a real check: which projects exist cannot be timed
        return None
    try:
        with open_project(path) as served:
            found = verify(served.db.conn, name, password)
    except ProjectError:
        return None
    return found.name if found else None


LOGIN_PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Werkbank: aanmelden</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:sans-serif;max-width:22rem;margin:4rem auto}}label,input,button{{display:block;width:100%;
margin:.4rem 0}}input{{padding:.4rem;box-sizing:border-box}}button{{box-sizing:border-box}}button{{padding:.5rem}}.fout{{color:#a00}}</style></head><body>
<h1>Werkbank</h1><p>Meld je aan met je account voor dit project.</p>{message}
<form method="post" action="{action}">{project_field}<label>Naam<input name="naam" autocomplete="username" required></label>
<label>Wachtwoord<input name="wachtwoord" type="password" autocomplete="current-password" required></label>
<button type="submit">Aanmelden</button></form>{organisation}</body></html>"""
PROJECT_FIELD = '<label>Project<input name="project" autocomplete="off" required></label>'


def _organisation_link() -> str:
    if not oidc.configured():
        return ""
    field = PROJECT_FIELD if _folder() is not None else ""
    return (f'<form method="get" action="{oidc.START_PATH}"><p>Of</p>{field}'
            f'<button type="submit">Aanmelden via je organisatie</button></form>')


def login_page(message: str = "") -> str:
    shown = f'<p class="fout" role="alert">{html.escape(message)}</p>' if message else ""
    return LOGIN_PAGE.format(message=shown, action=LOGIN_PATH,
                             project_field=PROJECT_FIELD if _folder() is not None else "",
                             organisation=_organisation_link())


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


def _cookies(scope: dict) -> dict[str, str]:
    from starlette.requests import cookie_parser

    header = dict(scope.get("headers") or []).get(b"cookie", b"")
    return cookie_parser(header.decode("latin-1"))


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
    project = (form.get("project") or [""])[0].strip()[:200]
    address = _client(scope)
    keys = (f"naam:{name.lower()}", f"adres:{address}")
    wait = limiter.delay(*keys)
    if wait:
        await asyncio.sleep(wait)
    account = await asyncio.to_thread(_verify, project, name, password) if name and password else None
    if account is None:
        limiter.failed(*keys)
        log.warning("failed login for %r%s from %s (waited %.0f s)", name, _to(project), address, wait)
        wrong = "Project, naam of wachtwoord klopt niet." if _folder() is not None else "Naam of wachtwoord klopt niet."
        await _respond(send, 401, login_page(wrong))
        return
    limiter.succeeded(keys[0])
    await _start_session(scope, send, account, project, "login")


def _to(project: str) -> str:
    return f" to {project!r}" if _folder() is not None else ""


async def _start_session(scope: dict, send, account: str, project: str, how: str,
                         extra: list[tuple[str, str]] | None = None) -> None:
    """Log `how` (login, organisation login) and hand out the session cookie."""
    chosen = _chosen(project) if _folder() is not None else None
    log.info("%s of %r%s from %s", how, account, _to(chosen.name if chosen else ""), _client(scope))
    cookie = issue(account, chosen.name if chosen else None)
    await _respond(send, 303, "", [("location", "/"), ("set-cookie", _cookie_header(scope, cookie, SESSION_SECONDS)),
                                   *(extra or [])])


async def _organisation_start(scope: dict, send) -> None:
    """Start the organisation's sign-in (app/oidc.py); in folder mode remember which project it is for."""
    from app import oidc

    if not oidc.configured():
        await _respond(send, 404, "Niet gevonden.")
        return
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    project = (query.get("project") or [""])[0].strip()[:200]
    headers = [("location", oidc.start_url())]
    if _folder() is not None:
        headers.append(("set-cookie", f"{oidc.CHOICE_COOKIE}={quote(project)}; Path=/; HttpOnly; SameSite=Lax; "
                                      f"Max-Age=900"))
    await _respond(send, 303, "", headers)


def _linked_account(project: str, claims: dict) -> str | None:
    from coding.store.project import ProjectError, open_project
    from coding.team.accounts import by_identity

    path = _chosen(project)
    if path is None:
        return None
    try:
        with open_project(path) as served:
            found = by_identity(served.db.conn, claims)
    except ProjectError:
        return None
    return found.name if found else None


async def _organisation_session(scope: dict, send, claims: dict) -> None:
    """Back from the organisation's sign-in: the account linked to that identity gets a session; an
    identity linked to none gets the login page, and Streamlit's cookies are deleted either way."""
    from app import oidc

    cookies = _cookies(scope)
    project = unquote(cookies.get(oidc.CHOICE_COOKIE, ""))
    who = str(claims.get("email") or claims.get("sub") or "?")[:200]
    account = await asyncio.to_thread(_linked_account, project, claims)
    forget = oidc.forget_headers(cookies)
    if account is None:
        log.warning("organisation login of %r%s from %s refused: linked to no account", who, _to(project),
                    _client(scope))
        await _respond(send, 403, login_page("Je account bij je organisatie heeft geen toegang tot dit project. "
                                             "Vraag de beheerder om het te koppelen."), forget)
        return
    await _start_session(scope, send, account, project, f"organisation login ({who})", forget)


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
        if scope["type"] == "http" and path == oidc.START_PATH:
            await _organisation_start(scope, send)
            return
        if scope["type"] == "http" and path in oidc.FLOW_PATHS and oidc.configured():
            await self.app(scope, receive, send)  # Streamlit's st.login routes run the redirect flow
            return
        if path in PUBLIC_PATHS or not login_required() or identity(cookie_value(scope)):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "http" and scope["method"] == "GET" and not path.startswith(
                ("/_stcore", "/media", "/component", "/static", "/app/static")):
            claims = oidc.claims(_cookies(scope)) if oidc.configured() else None
            if claims is not None:
                await _organisation_session(scope, send, claims)
                return
            await _respond(send, 303, "", [("location", LOGIN_PATH)])
            return
        await self._refuse(scope, send, 403, "Niet aangemeld.")

    @staticmethod
    async def _refuse(scope, send, status: int, text: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await _respond(send, status, text)

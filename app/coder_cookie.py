"""The coder's name kept in the browser for single-user projects (no accounts): a signed cookie, so a
reload or a new tab knows who is coding without asking again.

The cookie carries the name signed with itsdangerous (the same machinery as the team login in
app/auth.py); the key is made once and kept in the user's Werkbank folder ($WERKBANK_HOME, mode 0600),
never in the page, so a value typed into the browser by hand is not taken as a name. It is not a
login: with accounts, the session cookie of app/auth.py decides who codes and this one is ignored.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "werkbank_codeur"
MAX_AGE = 365 * 24 * 3600
MAX_NAME = 100


def _key(home: Path) -> bytes | None:
    """The signing key in `home`, made on first use; None when the folder cannot be written."""
    path = home / "coder-cookie.key"
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pass
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32))
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def sign(home: Path, name: str) -> str | None:
    key = _key(home)
    return URLSafeSerializer(key, salt="werkbank-codeur").dumps(name) if key else None


def name_from(home: Path, value: str | None) -> str | None:
    """The name a cookie value was signed for here, or None (absent, altered, another machine)."""
    key = _key(home) if value else None
    if not key:
        return None
    try:
        name = URLSafeSerializer(key, salt="werkbank-codeur").loads(value)
    except BadSignature:
        return None
    return name.strip()[:MAX_NAME] or None if isinstance(name, str) else None


def setter_html(value: str) -> str:
    """A script (run in a component frame of the app's own origin) that stores the cookie on the page."""
    cookie = f"{COOKIE}={value}; path=/; max-age={MAX_AGE}; SameSite=Strict"
    return f"<script>(window.parent || window).document.cookie = {json.dumps(cookie)};</script>"

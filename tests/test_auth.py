"""The login's parts: signed cookies that expire and end at logout, waits after failed logins, Host names."""

from __future__ import annotations

import time

from app import auth


def test_a_session_cookie_is_signed_expires_and_ends_at_logout(monkeypatch):
    value = auth.issue("anna")
    assert auth.identity(value) == "anna"
    assert auth.identity(value[:-3] + "abc") is None and auth.identity("anna") is None and auth.identity(None) is None
    later = time.time() + auth.SESSION_SECONDS + 60
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: later)
    assert auth.identity(value) is None  # expired
    monkeypatch.undo()
    other = auth.issue("anna")
    auth.revoke(other)
    assert auth.identity(other) is None and auth.identity(value) == "anna"  # logout ends only that session


def test_failed_logins_wait_longer_each_time_per_name_and_per_address():
    limiter = auth.Limiter()
    keys = ("naam:anna", "adres:10.0.0.5")
    waits = []
    for _ in range(7):
        waits.append(limiter.delay(*keys))
        limiter.failed(*keys)
    assert waits == [0, 0, 2, 4, 8, 16, 30]
    assert limiter.delay("naam:bert", "adres:10.0.0.5") == 30  # another name from the same address waits too
    limiter.succeeded("naam:anna")
    assert limiter.delay("naam:anna", "adres:10.0.0.9") == 0


def test_host_names_from_host_headers(monkeypatch):
    monkeypatch.setenv(auth.ENV_HOSTS, "werkbank.school.be")
    assert auth.host_name("localhost:8501") == "localhost" and auth.host_name("[::1]:8501") == "::1"
    assert auth.host_name("Werkbank.School.be") == "werkbank.school.be" and auth.host_name("::1") == "::1"
    allowed = auth.allowed_hosts()
    assert {"localhost", "127.0.0.1", "::1", "werkbank.school.be"} <= allowed
    assert auth.host_name("evil.example:80") not in allowed and auth.host_name("") not in allowed

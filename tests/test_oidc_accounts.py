"""The organisation's sign-in maps to project accounts: only an identity a beheerder linked gets in,
by its subject or its verified e-mail address; Streamlit's user cookie counts only when its signature
holds; one identity opens one account; a folder of projects is searched by name, never by path."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from app import auth, oidc
from app.cli import _load_commands, cli
from coding.store.project import ProjectError, open_project
from coding.team.accounts import add, by_identity, link

SECRET = "een-lang-koekjesgeheim-voor-de-test-2026"


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "team.werkbank"
    with open_project(path, create=True) as p:
        add(p, "test", "anna", "beheerder", "anna-haar-wachtwoord")
        add(p, "test", "bram", "codeur", "bram-zijn-wachtwoord")
    return path


def test_only_a_linked_identity_maps_to_its_account(project):
    with open_project(project) as p:
        assert by_identity(p.db.conn, {"sub": "x", "email": "bram@school.test"}) is None  # nothing linked yet
        link(p, "anna", "bram", "Bram@School.test")
        assert by_identity(p.db.conn, {"sub": "x", "email": "bram@school.test"}).name == "bram"
        assert by_identity(p.db.conn, {"sub": "x", "email": "bram@school.test", "email_verified": False}) is None
        assert by_identity(p.db.conn, {"sub": "x", "email": "iemand@school.test"}) is None
        with pytest.raises(ProjectError, match="al gekoppeld aan account 'bram'"):
            link(p, "anna", "anna", "bram@school.test")
        link(p, "anna", "anna", "sub-1234")
        assert by_identity(p.db.conn, {"sub": "sub-1234", "email": "bram@school.test"}).name == "anna"  # sub first
        link(p, "anna", "bram", None)
        assert by_identity(p.db.conn, {"sub": "x", "email": "bram@school.test"}) is None
        actions = [r[0] for r in p.conn.execute("SELECT action FROM events WHERE action = 'account-link'")]
    assert len(actions) == 3


def test_linking_is_for_a_beheerder_on_the_command_line(project):
    _load_commands()
    runner = CliRunner()
    codeur = runner.invoke(cli, ["users", str(project), "link", "bram", "--oidc", "bram@school.test", "--user", "bram"],
                           env={"WERKBANK_PASSWORD": "bram-zijn-wachtwoord", "WERKBANK_USER": ""})
    assert codeur.exit_code == 1 and "beheerder" in codeur.output
    made = runner.invoke(cli, ["users", str(project), "link", "bram", "--oidc", "bram@school.test", "--user", "anna"],
                         env={"WERKBANK_PASSWORD": "anna-haar-wachtwoord", "WERKBANK_USER": ""})
    assert made.exit_code == 0, made.output
    listed = runner.invoke(cli, ["users", str(project), "list"])
    assert "bram\tcodeur\tbram@school.test" in listed.output


def test_streamlits_user_cookie_counts_only_with_its_signature(monkeypatch):
    from streamlit.web.server import server_util
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    monkeypatch.setattr(server_util, "get_cookie_secret", lambda: SECRET)
    person = json.dumps({"email": "bram@school.test", "sub": "s", "is_logged_in": True})
    signed = create_signed_value(SECRET, oidc.USER_COOKIE, person).decode()
    assert oidc.claims({oidc.USER_COOKIE: signed})["email"] == "bram@school.test"
    forged = create_signed_value("een-ander-geheim-van-een-aanvaller", oidc.USER_COOKIE, person).decode()
    assert oidc.claims({oidc.USER_COOKIE: forged}) is None
    assert oidc.claims({oidc.USER_COOKIE: signed[:-4] + "AAAA"}) is None
    assert oidc.claims({}) is None
    headers = oidc.forget_headers({oidc.USER_COOKIE: signed, oidc.TOKENS_COOKIE: "x", "werkbank_sessie": "y"})
    assert sorted(h[1].split("=")[0] for h in headers) == [oidc.USER_COOKIE, oidc.TOKENS_COOKIE]


def test_a_folder_is_searched_by_name_never_by_path(project, tmp_path, monkeypatch):
    foreign = tmp_path / "contacten.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    monkeypatch.setenv(auth.ENV_PROJECTS_DIR, str(tmp_path))
    assert auth.find_project("team") == project and auth.find_project("team.werkbank") == project
    assert auth.find_project("TEAM") == project
    for typed in ("contacten.sqlite", "contacten", str(project), "../" + project.name, "./team.werkbank", "", ".."):
        assert auth.find_project(typed) is None, typed
    assert auth.login_required()  # every project of a folder is reached through a login

"""Roles and blind coding, checked on the server for every page: the logged-in account (not a
typed or configured name) is the coder; a page a role may not open renders as the start page even
when asked for by its path; a blind coder finds no other coder's codings on any page until the
assignment is ended. The login itself (the signed cookie) is tested in tests/test_team_server.py and
the browser tests; here the cookie check is replaced by a fixed account."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import auth, roles
from coding.codings.operations import add_coding
from coding.store.project import open_project
from coding.team.accounts import add
from coding.team.assignments import assign_documents, end_blind
from ui_fixture import build_project

MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")
ROLES = {"eva": "beheerder", "bram": "codeur", "lien": "lezer", "pia": "procesbegeleider", "zeynep": "codeur"}
MEMO = "ZEYNEPS-EIGEN-MEMO"


@pytest.fixture
def team(tmp_path, monkeypatch):
    ids = build_project(tmp_path / "team.db")
    with open_project(ids["path"]) as project:
        for name, role in ROLES.items():
            add(project, "eva", name, role, f"{name}-wachtwoord-2026")
        doc_id, text = project.conn.execute(
            "SELECT id, text FROM documents WHERE name = 'groepsgesprek_test'").fetchone()
        start = text.index("De vorming vooraf was te kort.")
        add_coding(project, "zeynep", doc_id, start, start + 10, ids["codes"]["uitrol.vorming"], "groeikans", memo=MEMO)
        assign_documents(project, "eva", "bram", ["groepsgesprek_test"], blind=True)
    monkeypatch.setenv("WERKBANK_PROJECT", str(ids["path"]))
    monkeypatch.setenv("WERKBANK_CODER", "zeynep")  # configured, but the login decides
    return ids


def _as(monkeypatch, name: str) -> AppTest:
    monkeypatch.setattr(auth, "identity", lambda value: name)
    app = AppTest.from_file(MAIN, default_timeout=90).run()
    assert not app.exception, app.exception
    return app


def _text(app: AppTest) -> str:
    def walk(node, out):
        if getattr(node, "proto", None) is not None:
            out.append(str(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child, out)
        return out
    return "\n".join(walk(app._tree, []))


def _open(app: AppTest, page: str) -> str:
    app.switch_page(f"views/{page}.py").run()
    assert not app.exception, (page, app.exception)
    return _text(app)


def test_a_blind_coder_sees_no_other_coding_on_any_page_until_released(team, monkeypatch):
    eva = _as(monkeypatch, "eva")
    assert "zeynep" in _open(eva, "retrieval") and "zeynep" in _open(eva, "coding")  # the check can fail
    bram = _as(monkeypatch, "bram")
    assert "Codeur: bram" in _text(bram) and "Codeur: zeynep" not in _text(bram)
    served = _served(bram)
    assert served == {"start", "coding", "grid", "retrieval", "memos"}
    for page in served:
        shown = _open(bram, page)
        assert "zeynep" not in shown and MEMO not in shown, page
    with open_project(team["path"]) as project:
        end_blind(project, "eva", "bram")
    bram = _as(monkeypatch, "bram")
    assert "zeynep" in _open(bram, "retrieval")


def _served(app: AppTest) -> set[str]:
    """The pages the server registered for this session: no other page runs, whatever the URL
    (the browser test opens closed pages by their path)."""
    served = set()
    for page in roles.ALL_PAGES:
        try:
            app.switch_page(f"views/{page}.py")
        except ValueError:
            continue
        served.add(page)
    return served


@pytest.mark.parametrize("name", ["zeynep", "lien", "pia", "eva"])
def test_each_role_is_served_its_pages_only(team, monkeypatch, name):
    app = _as(monkeypatch, name)
    assert _served(app) == set(roles.PAGES[ROLES[name]])
    for page in _served(app):
        _open(app, page)  # each opens without an error


def test_a_lezer_cannot_download_quotes_a_beheerder_can(team, monkeypatch):
    lien = _as(monkeypatch, "lien")
    _open(lien, "retrieval")
    assert "Met de rol lezer kun je geen citaten exporteren." in [c.value for c in lien.caption]
    assert "Fragmenten exporteren (CSV)" not in _text(lien)
    eva = _as(monkeypatch, "eva")
    assert "Fragmenten exporteren (CSV)" in _open(eva, "retrieval")


def test_the_beheerder_manages_accounts_on_a_page_and_the_log_names_the_login(team, monkeypatch):
    eva = _as(monkeypatch, "eva")
    _open(eva, "users")
    form = [t for t in eva.text_input if t.label == "Naam"][0]
    form.input("nieuw")
    [t for t in eva.text_input if t.label.startswith("Wachtwoord")][0].input("nieuw-wachtwoord-2026")
    [b for b in eva.button if b.label == "Toevoegen"][0].click().run()
    assert not eva.exception
    with open_project(team["path"]) as project:
        row = project.conn.execute("SELECT actor, summary FROM events WHERE action = 'account-add' "
                                   "ORDER BY id DESC LIMIT 1").fetchone()
        assert row[0] == "eva" and '"nieuw"' in row[1]  # the logged-in account, not WERKBANK_CODER
        assert b"nieuw-wachtwoord-2026" not in Path(team["path"]).read_bytes()
    assert "users" not in _served(_as(monkeypatch, "zeynep"))


def test_only_the_beheerder_assigns_second_coders(team, monkeypatch):
    eva = _as(monkeypatch, "eva")
    _open(eva, "review")
    assert any("toewijz" in e.label.lower() for e in eva.expander)
    zeynep = _as(monkeypatch, "zeynep")
    _open(zeynep, "review")
    assert not any("toewijz" in e.label.lower() for e in zeynep.expander)

"""The live pages run headless (Streamlit AppTest): no exception, and the session page's forms write."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coding.live import session as live
from coding.store.project import open_project

from live_fixture import build_live_project


@pytest.fixture
def fixture(tmp_path, monkeypatch):
    ids = build_live_project(tmp_path / "live.db")
    monkeypatch.setenv("WERKBANK_PROJECT", str(ids["path"]))
    monkeypatch.setenv("WERKBANK_CODER", "ann")
    monkeypatch.setenv("WERKBANK_HOME", str(tmp_path / "home"))
    return ids


MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")


def run(page: str) -> AppTest:
    app = AppTest.from_file(MAIN, default_timeout=30)
    app.run()
    app.switch_page(f"views/{page}.py")
    app.run()
    assert not app.exception, app.exception
    return app


def test_pages_render(fixture):
    with open_project(fixture["path"]) as p:
        live.capture(p, "ann", fixture["session"], fixture["cases"]["P01"], "Een punt.", fixture["codes"]["Intervisie"], "s")
    capture = run("live_capture")
    assert "1 punt in deze sessie" in [c.value for c in capture.caption]
    run("live_wall")
    run("live_session")


def test_session_page_creates_a_session_with_chosen_branches(fixture):
    app = run("live_session")
    name = next(w for w in app.text_input if w.label == "Naam van de sessie")
    name.set_value("Tweede sessie")
    next(w for w in app.multiselect if w.label == "Takken van de mindmap").set_value([fixture["codes"]["Middelen"]])
    next(b for b in app.button if b.label == "Sessie maken").click().run()
    assert not app.exception, app.exception
    with open_project(fixture["path"]) as p:
        made = live.sessions(p.db.conn)
        assert made["name"].tolist()[0] == "Tweede sessie"
        assert live.branches(p.db.conn, int(made["id"].iloc[0]))["label"].tolist() == ["Middelen"]


def test_closing_a_session_shows_it_closed_at_once(fixture):
    app = run("live_session")
    next(w for w in app.checkbox if w.label == "Ja, het noteren is voorbij").check().run()
    next(b for b in app.button if b.label == "Sessie afsluiten").click().run()
    assert not app.exception, app.exception
    session = next(s for s in app.selectbox if s.label == "Sessie")
    assert session.options == ["Live sessie ondersteuners (2026-11-23, gesloten)"]
    assert "Sessie afgesloten: ze is nu een gewoon gecodeerd document van het project." in [i.value for i in app.info]
    assert not [b for b in app.button if b.label == "Sessie afsluiten"]


def test_mindmap_tab_draws_the_tree_with_point_counts(fixture):
    """The mindmap tab draws the session's branches and their sub-codes with the points under each,
    not only download buttons."""
    with open_project(fixture["path"]) as p:
        live.capture(p, "ann", fixture["session"], fixture["cases"]["P01"], "Een punt.", fixture["codes"]["Intervisie"], "s")
    app = run("live_session")
    charts = app.get("graphviz_chart")
    assert len(charts) == 1
    dot = charts[0].proto.spec
    with open_project(fixture["path"]) as p:
        for branch in live.branches(p.db.conn, fixture["session"]).itertuples(index=False):
            assert branch.label in dot
    assert '"Intervisie (1)"' in dot


def test_a_refused_form_shows_its_error_there_at_once_and_not_on_the_next_page(fixture):
    app = run("live_session")
    next(b for b in app.button if b.label == "Sessie maken").click().run()  # no name given
    assert not app.exception, app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and errors[0].startswith("Dat lukte niet")
    app.switch_page("views/live_wall.py").run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == []

"""The suggestion page (AppTest): the queue per unit with reasons and scores; accept, change and
reject make (or refuse) codings of the current coder; rejected ones do not come back."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.page import md
from coding.suggest import queue as suggestions
from coding.store.project import open_project

MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")
CODER = "evaluator2"
CODEBOOK = "randvoorwaarden"


@pytest.fixture(scope="module")
def queued(demo_master, tmp_path_factory):
    """A demo copy with evaluator2's queue (model, three per sentence), computed once."""
    path = tmp_path_factory.mktemp("suggest") / "demo.werkbank"
    path.write_bytes(demo_master.read_bytes())
    with open_project(path) as p:
        suggestions.refresh_queue(p, CODEBOOK, CODER, "sentence", 3)
    return path


@pytest.fixture
def app(queued, tmp_path, monkeypatch):
    path = tmp_path / "demo.werkbank"
    path.write_bytes(queued.read_bytes())
    monkeypatch.setenv("WERKBANK_HOME", str(tmp_path / "home"))
    at = AppTest.from_file(MAIN, default_timeout=120)
    at.session_state["project_path"] = str(path)
    at.session_state["coder"] = CODER
    at.run()
    at.switch_page("views/suggest.py").run()
    assert not at.exception
    return at, path


def _queue(path):
    with open_project(path) as p:
        return suggestions.queue(p.conn, CODEBOOK, CODER)


def _offers(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.lstrip("*").startswith(("1\\.", "2\\.", "3\\."))]


def test_queue_shows_the_first_unit_with_reasons_and_scores(app):
    at, path = app
    rows = _queue(path)
    first = [r for r in rows if (r["document_id"], r["start"]) == (rows[0]["document_id"], rows[0]["start"])]
    assert at.caption[1].value.startswith(f"{len(rows)} open suggesties")  # after the intro line
    offers = _offers(at)
    assert len(offers) == len(first) == 3
    for offer, row in zip(offers, first):
        assert f"score {row['score']:.0%}" in offer
    reasons = " ".join(c.value for c in at.caption).replace("\\", "")   # md() escapes markdown characters
    assert "lijkt op:" in reasons or "regel van het codeboek" in reasons
    for row in first:   # every part of a stored reason is shown: similar unit, rule terms, valence cue
        why = row["reason"]
        assert ("similar" not in why or "lijkt op:" in reasons) and ("matched" not in why or
                                                                   ", ".join(why["matched"]) in reasons)
        assert "cue" not in why or f"“{why['cue']['text']}”" in reasons


def test_accept_change_reject(app):
    at, path = app
    first = _queue(path)[:3]
    at.button(key="sq_pick_1").click().run()
    at.button(key="sq_reject").click().run()
    at.button(key="sq_accept").click().run()
    with open_project(path) as p:
        other = p.db.execute("SELECT id FROM codes WHERE codebook_id = ? AND codable AND id NOT IN (?, ?, ?) "
                             "ORDER BY position LIMIT 1", [CODEBOOK, *(r["code_id"] for r in first)]).fetchone()[0]
    at.selectbox(key="sq_change_code").set_value(other).run()
    at.radio(key="sq_change_valence").set_value("sterkte").run()
    at.button(key="sq_change").click().run()
    assert not at.exception and not at.error
    with open_project(path) as p:
        status = {r["id"]: r["status"] for r in p.db.query("SELECT id, status FROM suggestions WHERE id IN (?, ?, ?)",
                                                            [r["id"] for r in first])}
        made = list(p.db.query("SELECT code_id, valence, start FROM codings WHERE coder = ? AND document_id = ? "
                               "AND start = ? ORDER BY id", [CODER, first[0]["document_id"], first[0]["start"]]))
    assert [status[r["id"]] for r in first] == ["accepted", "rejected", "changed"]
    assert [(m["code_id"], m["valence"]) for m in made] == [(first[0]["code_id"], first[0]["valence"]),
                                                            (other, "sterkte")]
    # the unit is done; a fresh queue never proposes the rejected pair again
    with open_project(path) as p:
        suggestions.refresh_queue(p, CODEBOOK, CODER, "sentence", 3)
    again = [r for r in _queue(path) if (r["document_id"], r["start"], r["code_id"]) ==
             (first[1]["document_id"], first[1]["start"], first[1]["code_id"])]
    assert again == []
    at.run()
    assert f"**{md(first[0]['text'])}**" not in [m.value for m in at.markdown]  # the queue moved on

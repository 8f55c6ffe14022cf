"""The quote bank tab of the Fragmenten page through AppTest: marking writes one undoable change, and
no file with quotes is offered while a chosen quote holds a possible name nobody reviewed."""

import pytest
from streamlit.testing.v1 import AppTest

from coding.privacy import candidates
from coding.store import history
from coding.store.project import open_project
from ui_fixture import build_project

from test_app_pages import MAIN, project  # noqa: F401  (the pages' project fixture)


def _retrieval() -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.session_state["coder"] = "an"
    at.run()
    at.switch_page("views/retrieval.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _downloads(at: AppTest) -> list[str]:
    return [element.proto.label for element in at.get("download_button")]


def test_marking_a_fragment_puts_it_in_the_quote_bank_and_undo_takes_it_out(project):
    at = _retrieval()
    mark = next(b for b in at.button if b.label == "Voor het rapport")
    mark.click().run()
    assert not at.exception, at.exception
    assert any("1 citaat gekozen" in c.value for c in at.caption)
    assert "Bevindingen (ontwerp, Word)" in _downloads(at) and "Citatenbank (Word)" in _downloads(at)
    with open_project(project["path"]) as opened:
        assert opened.db.execute("SELECT count(*) FROM quote_selections").fetchone()[0] == 1
        history.undo(opened, "an")
        assert opened.db.execute("SELECT count(*) FROM codings WHERE selected = 1").fetchone()[0] == 0


def test_an_open_possible_name_in_a_chosen_quote_blocks_the_word_downloads(project):
    at = _retrieval()
    next(b for b in at.button if b.label == "Voor het rapport").click().run()
    with open_project(project["path"]) as opened:
        chosen = opened.db.execute("""SELECT d.id, substr(d.text, c.start + 1, c."end" - c.start) FROM codings c
                                      JOIN documents d ON d.id = c.document_id WHERE c.selected = 1""").fetchone()
        word = next(w for w in chosen[1].split() if len(w) > 4 and w.isalpha())
        candidates.set_terms(opened, "an", [word])  # a school or place to look for: found in the quote
        assert candidates.unreviewed(opened), "the listed term should be an open possible name"
    at.run()
    assert not at.exception, at.exception
    assert any("mogelijke naam" in e.value or "mogelijke namen" in e.value for e in at.error)
    assert "Bevindingen (ontwerp, Word)" not in _downloads(at) and "Citatenbank (Word)" not in _downloads(at)

"""The coding page in a real browser: select with the mouse, code with a key, reload, find it."""

from __future__ import annotations

import pytest

from coding.store.project import open_project

from .conftest import screenshot, wait_idle
from .helpers import choose, eventually, click_char, drag_select, open_coding, press

pytestmark = pytest.mark.browser


def _codings(project, **where):
    with open_project(project["path"]) as p:
        clause = " AND ".join(f"{k} = ?" for k in where)
        return list(p.db.query(f"SELECT * FROM codings WHERE {clause}", list(where.values())))


def test_mouse_selection_after_an_emoji_is_coded_at_exact_offsets(server, project, page):
    text = project["report_text"]
    phrase = "We planden samen en keken achteraf terug."
    start = text.index(phrase)  # Python indexes code points; an emoji comes before this phrase
    assert len(text[:start].encode("utf-16-le")) // 2 == start + 1
    open_coding(page, server)
    choose(page, "Code", "Vorming")
    drag_select(page, start, start + len(phrase))
    assert page.get_by_text(f"Selectie ({start}–{start + len(phrase)}").is_visible()
    press(page, "g")
    rows = eventually(lambda: _codings(project, document_id=project["report"], start=start, coder="tester"))
    assert [(r["end"], r["code_id"], r["valence"]) for r in rows] == [
        (start + len(phrase), project["codes"]["uitrol.vorming"], "groeikans")]
    screenshot(page, "coding")

    page.reload()
    page.wait_for_selector(".wb-doc[data-ready='1']")
    seg = page.locator(f".wb-doc .wb-seg[data-s='{start}']")
    assert seg.get_attribute("data-e") == str(start + len(phrase))
    assert str(rows[0]["id"]) in seg.get_attribute("data-codings").split(",")


def test_selection_across_paragraphs_and_sentence_click(server, project, page):
    text = project["report_text"]
    start = text.index("Daardoor miste")
    end = text.index("Een ouder schreef") + len("Een ouder")
    open_coding(page, server)
    choose(page, "Code", "Ondersteuningsrelatie")
    drag_select(page, start, end)
    press(page, "s")
    rows = eventually(lambda: _codings(project, document_id=project["report"], start=start, coder="tester"))
    assert [(r["end"], r["valence"]) for r in rows] == [(end, "sterkte")]

    # One click in a sentence selects exactly that sentence.
    sentence = "Dat bleef gewoon tekst."
    click_char(page, text.index("gewoon"))
    s = text.index(sentence)
    assert page.get_by_text(f"Selectie ({s}–{s + len(sentence)}").is_visible()
    press(page, "n")
    rows = eventually(lambda: _codings(project, document_id=project["report"], start=s))
    assert [(r["end"], r["valence"]) for r in rows] == [
        (s + len(sentence), "neutraal")]


def test_markup_in_a_report_stays_text(server, project, page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_coding(page, server)
    doc = page.locator(".wb-doc")
    assert doc.locator("script").count() == 0
    assert doc.locator("img").count() == 0
    shown = doc.inner_text()
    assert "<script>alert('x')</script>" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    page.wait_for_timeout(500)
    assert dialogs == []


def _leave_and_return(page) -> None:
    """To the Documents page (the document view gone) and back to the coding page (drawn again)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Documenten", exact=True).click()
    page.wait_for_selector(".wb-doc", state="detached")
    wait_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Coderen", exact=True).click()
    page.wait_for_selector(".wb-doc[data-ready='1'] .wb-seg")
    wait_idle(page)


def test_text_and_codings_come_back_after_leaving_the_page(server, project, page):
    """The text and codings are sent once per session; a view drawn again (back from another page)
    shows the same, also when the browser no longer holds them and has to ask again."""
    open_coding(page, server)
    doc = page.locator(".wb-doc")
    text, highlights = doc.inner_text(), doc.locator(".wb-hl").count()
    assert highlights > 0
    _leave_and_return(page)
    assert (doc.inner_text(), doc.locator(".wb-hl").count()) == (text, highlights)

    page.evaluate("() => Object.assign(window.__wbDocHeld, {doc: null, text: null, signature: null, codings: null})")
    _leave_and_return(page)
    assert (doc.inner_text(), doc.locator(".wb-hl").count()) == (text, highlights)
    assert page.get_by_test_id("stException").count() == 0

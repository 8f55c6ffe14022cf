"""The mailbox grid in a real browser: code three rows with the keyboard only."""

from __future__ import annotations

import pytest

from coding.store.project import open_project

from .conftest import rerun, screenshot, wait_idle
from .helpers import choose, eventually

pytestmark = pytest.mark.browser


def _codings_on(project, labels):
    with open_project(project["path"]) as p:
        out = {}
        for label in labels:
            answer = project["answers"][label]
            out[label] = [(r["start"], r["end"], r["code_id"], r["valence"], r["coder"]) for r in p.db.query(
                "SELECT * FROM codings WHERE document_id = ? AND start = ?", [project["mailbox"], answer["start"]])]
        return out


def test_three_rows_coded_with_the_keyboard(server, project, page):
    page.goto(server + "/grid")
    page.wait_for_selector(".wb-grid-root[data-ready='1']")
    wait_idle(page)
    choose(page, "Code onder toets 1", "Vorming")
    page.locator(".wb-grid tr[data-unit]").first.click()
    page.keyboard.press("g")
    rerun(page, lambda: page.keyboard.press("u"))
    # U went to the first uncoded answer (R2); each 1 codes it and moves to the next uncoded one.
    assert page.locator(".wb-grid-root").get_attribute("data-cursor") == str(project["answers"]["R2"]["unit"])
    for _ in range(3):
        rerun(page, lambda: page.keyboard.press("1"))
    code = project["codes"]["uitrol.vorming"]
    expected = {label: [(project["answers"][label]["start"], project["answers"][label]["end"], code, "groeikans",
                         "tester")] for label in ("R2", "R5", "R6")}
    assert eventually(lambda: _codings_on(project, expected) == expected)
    # Rows that were coded before keep their single coding.
    assert len(_codings_on(project, ["R1"])["R1"]) == 1
    screenshot(page, "grid")


def test_answer_first_codes_with_valence_and_source_visible(server, project, page):
    """Reading answers: the answer is the first and widest column, the codes column shows each coding's
    valence mark, the export a row came from is a column, and the background columns come after."""
    page.goto(server + "/grid")
    page.wait_for_selector(".wb-grid-root[data-ready='1']")
    wait_idle(page)
    headers = [h.strip() for h in page.locator(".wb-grid th").all_inner_texts()]
    assert headers[1:6] == ["Antwoord", "Codes", "Respondent", "Vraag", "Bron (export)"]
    assert set(headers[6:]) == {"functie", "sector"}
    widths = page.evaluate("() => [...document.querySelectorAll('.wb-grid th')].map(h => h.offsetWidth)")
    assert widths[1] == max(widths)
    first_answer = page.locator(".wb-grid td.wb-text").first.bounding_box()
    assert first_answer["x"] + first_answer["width"] <= 1366  # on screen without scrolling sideways
    codes = " ".join(page.locator(".wb-grid td.wb-codes").all_inner_texts())
    assert any(mark in codes for mark in ("+", "\u2212", "\u00b7"))
    assert "mailbox_test" in page.locator(".wb-grid tbody tr").first.inner_text()
    screenshot(page, "grid_reading")

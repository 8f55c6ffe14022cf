"""A simulated 12-participant live session in a real browser: 60 points captured with the keyboard
only, a reload in the middle, a second note-taker capturing at the same time from another browser
context; then the project, the wall and the member-check report must all agree."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from coding.live import session as live
from coding.store.project import open_project

from .conftest import COUNT_RUNS, VIEWPORT, rerun, screenshot, wait_idle

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from live_fixture import BRANCHES, build_live_project  # noqa: E402

pytestmark = pytest.mark.browser

SPEAKERS = [f"P{n:02d}" for n in range(1, 12)]         # P12 never speaks
CODES = [c for branch in list(BRANCHES)[:4] for c in BRANCHES[branch]]  # "Communicatie" stays uncovered
CHOSEN = "(v) => (document.activeElement.value || '').startsWith(v)"  # the type-ahead picked this option
POINT_FIELD = "document.activeElement && document.activeElement.getAttribute('aria-label') === 'Punt'"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return build_live_project(tmp_path_factory.mktemp("live") / "live.db")


def planned(i: int) -> dict:
    """The i-th point of the session: who, which code, which valence, what text."""
    return {"text": f"Punt {i}: {'co-teaching 😀' if i % 7 == 0 else 'ervaring'}",
            "who": SPEAKERS[i % len(SPEAKERS)], "code": CODES[i % len(CODES)], "valence": "sgn"[i % 3]}


def fill(page, point: dict) -> None:
    """Type one point with the keyboard only: text, Tab, participant, Enter, Tab, code, Enter, Tab, s/g/n."""
    page.wait_for_function(POINT_FIELD)
    keys = page.keyboard
    keys.type(point["text"])
    keys.press("Tab")
    keys.type(point["who"])
    keys.press("Enter")
    page.wait_for_function(CHOSEN, arg=point["who"])
    keys.press("Tab")
    keys.type(point["code"][:8])  # type-ahead: the start of the label is enough
    keys.press("Enter")
    page.wait_for_function(CHOSEN, arg=point["code"])
    keys.press("Tab")
    keys.type(point["valence"])


def capture(page, point: dict) -> None:
    fill(page, point)
    rerun(page, lambda: page.keyboard.press("Enter"))


def runs(page) -> int:
    return page.evaluate("() => window.__wbRuns || 0")


def saved(page, runs_before: int) -> None:
    """Wait for the save that Enter started; if no rerun came at all, the key was lost: press it again.
    (A second Enter cannot double a point: after a save the point field is empty and nothing is saved.)"""
    done = f"() => (window.__wbRuns || 0) > {runs_before}"
    try:
        page.wait_for_function(done, timeout=30_000)
    except PlaywrightTimeout:
        assert runs(page) == runs_before
        page.keyboard.press("Enter")
        page.wait_for_function(done, timeout=30_000)
    wait_idle(page)


def open_capture(page, server: str) -> None:
    page.goto(server + "/live_capture")
    page.wait_for_selector("input[aria-label='Punt']")
    wait_idle(page)


def test_live_session_end_to_end(server, project, browser, tmp_path):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(COUNT_RUNS)
    first = context.new_page()
    first.set_default_timeout(20_000)
    open_capture(first, server)
    for i in range(24):
        capture(first, planned(i))

    # A refresh in the middle loses nothing, and capture goes on.
    first.reload()
    first.wait_for_selector("input[aria-label='Punt']")
    wait_idle(first)
    assert first.get_by_text("24 punten in deze sessie").is_visible()
    for i in range(24, 36):
        capture(first, planned(i))

    # A second note-taker in another browser: says who she is, then both press Enter at once.
    other_context = browser.new_context(viewport={"width": 820, "height": 1180})
    other_context.add_init_script(COUNT_RUNS)
    second = other_context.new_page()
    second.set_default_timeout(20_000)
    second.goto(server + "/")
    wait_idle(second)
    second.get_by_role("textbox", name="Naam als codeur").fill("noor")
    rerun(second, lambda: second.get_by_role("button", name="Bewaren").click())
    rerun(second, lambda: second.get_by_role("link", name="Live: noteren").click())
    second.wait_for_selector("input[aria-label='Punt']")
    for i in range(36, 60, 2):
        fill(first, planned(i))
        fill(second, planned(i + 1))
        wait_idle(first)  # an Enter pressed while a rerun is still drawing the form can be dropped
        wait_idle(second)
        before = (runs(first), runs(second))
        first.keyboard.press("Enter")
        second.keyboard.press("Enter")
        saved(first, before[0])
        saved(second, before[1])
    rerun(second, lambda: second.get_by_text("P05: Vaste overlegmomenten").click())  # a prepared point came up
    screenshot(first, "live_capture_1366x768")
    screenshot(second, "live_capture_820x1180")

    with open_project(project["path"]) as p:
        frame = live.points(p.db.conn, project["session"])
        codes = {cid: label for label, cid in project["codes"].items()}
        got = {r.text: (r.participant, codes[r.code_id], r.valence[0], r.coder) for r in frame.itertuples()}
        text = p.db.conn.execute("SELECT text FROM documents WHERE id = ?",
                                 [live.session(p.db.conn, project["session"])["document_id"]]).fetchone()[0]
    assert len(frame) == 60
    for i in range(60):
        point = planned(i)
        author = "noor" if i >= 36 and i % 2 else "tester"
        assert got[point["text"]] == (point["who"], point["code"], point["valence"], author), i
    for row in frame.itertuples():  # both writers' appends landed and every turn points at its own text
        assert text[row.start:row.end] == row.text

    # The wall: voice shares, who has not spoken, uncovered branches; then labels hidden.
    first.set_viewport_size(VIEWPORT)
    first.goto(server + f"/live_wall?sessie={project['session']}")
    first.wait_for_selector(".wb-wall[data-total='60']")
    expected = {label: sum(planned(i)["who"] == label for i in range(60)) for label in project["cases"]}
    for label, count in expected.items():
        row = first.locator(f".wb-voice-row[data-label='{label}']")
        assert row.get_attribute("data-points") == str(count)
        assert abs(float(row.get_attribute("data-share")) - count / 60) < 1e-4
    assert first.locator(".wb-voice-row.wb-silent").get_attribute("data-label") == "P12"
    assert first.locator(".wb-uncovered").all_inner_texts() == ["Communicatie"]
    assert first.get_by_text("Voorbereide punten nog open (2)").is_visible()
    screenshot(first, "live_wall_1366x768")
    first.set_viewport_size({"width": 820, "height": 1180})
    screenshot(first, "live_wall_820x1180")
    with open_project(project["path"]) as p:
        live.set_hide_labels(p, "fac", project["session"], True)
    first.wait_for_selector(".wb-voice-row[data-label='Deelnemer 12']")  # the wall follows within seconds
    assert first.locator(".wb-voice-row[data-label='P01']").count() == 0

    # Close, then the member-check report downloads and opens.
    first.set_viewport_size(VIEWPORT)
    first.goto(server + f"/live_session?sessie={project['session']}")
    wait_idle(first)
    first.get_by_role("tab", name="Muur en afsluiten").click()  # tabs switch in the browser, no rerun
    rerun(first, lambda: first.get_by_text("Ja, het noteren is voorbij").click())
    rerun(first, lambda: first.get_by_role("button", name="Sessie afsluiten").click())
    with first.expect_download() as download:
        first.get_by_role("button", name="Sessieverslag voor de member check (Word)").click()
    path = tmp_path / "verslag.docx"
    download.value.save_as(path)
    report = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "60 punten van 12 deelnemers" in report
    assert "Thema's die niet aan bod kwamen: Communicatie." in report
    assert planned(7)["text"] in report
    with open_project(project["path"]) as p:
        assert live.session(p.db.conn, project["session"])["status"] == "gesloten"
    other_context.close()
    context.close()

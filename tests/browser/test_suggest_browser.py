"""The suggestion queue in a real browser, on a copy of the demo project, as evaluator2: choose,
reject, accept and change suggestions with single keys; accepted and changed ones become
evaluator2's codings, a rejected one does not come back after a reload."""

from __future__ import annotations


import pytest

from coding.suggest import queue as suggestions
from coding.store.project import open_project

from .conftest import demo_copy, screenshot, wait_idle
from .helpers import choose, eventually, press

pytestmark = pytest.mark.browser

CODER = "evaluator2"
CODEBOOK = "randvoorwaarden"


@pytest.fixture(scope="module")
def project(demo_master, workdir):
    """The demo copy with evaluator2's queue filled (three suggestions per open sentence)."""
    path = demo_copy(demo_master, workdir)["path"]
    with open_project(path) as p:
        suggestions.refresh_queue(p, CODEBOOK, CODER, "sentence", 3)
    return {"path": path}


@pytest.fixture(scope="module")
def coder():
    return CODER


def _status(project, suggestion_id: int) -> tuple[str, int | None]:
    with open_project(project["path"]) as p:
        return tuple(p.db.execute("SELECT status, coding_id FROM suggestions WHERE id = ?", [suggestion_id]).fetchone())


def _coding(project, coding_id: int) -> dict:
    with open_project(project["path"]) as p:
        return next(p.db.query("""SELECT g.coder, g.document_id, g.start, g.end, c.key, g.valence FROM codings g
                                   JOIN codes c ON c.id = g.code_id WHERE g.id = ?""", [coding_id]))


def _offers(page) -> list[str]:
    return page.locator("[class*='st-key-sq_offer_']").all_inner_texts()


def _open_queue(page, server: str) -> None:
    page.goto(server + "/suggest")
    page.wait_for_selector(".st-key-sq_unit", timeout=60_000)
    wait_idle(page)


def test_keyboard_accept_change_reject(server, project, page):
    with open_project(project["path"]) as p:
        first = suggestions.queue(p.conn, CODEBOOK, CODER, limit=3)
    assert len(first) == 3 and len({(s["document_id"], s["start"]) for s in first}) == 1
    _open_queue(page, server)
    assert first[0]["text"] in page.locator(".st-key-sq_unit").inner_text()
    offers = _offers(page)
    assert [s["code_path"] in o for s, o in zip(first, offers)] == [True, True, True]
    screenshot(page, "suggest")

    # 2 then X: the second suggestion is rejected ...
    press(page, "2")
    press(page, "x")
    assert eventually(lambda: _status(project, first[1]["id"])[0] == "rejected")
    # ... and does not come back after a reload; the unit's other two remain.
    page.reload()
    page.wait_for_selector(".st-key-sq_unit", timeout=60_000)
    wait_idle(page)
    assert first[0]["text"] in page.locator(".st-key-sq_unit").inner_text()
    offers = _offers(page)
    assert len(offers) == 2 and not any(first[1]["code_path"] in o for o in offers)

    # A: the first suggestion becomes evaluator2's coding, with its code and valence.
    press(page, "a")
    status, coding_id = eventually(lambda: _status(project, first[0]["id"]) if _status(project, first[0]["id"])[1]
                                   else None)
    assert status == "accepted"
    assert _coding(project, coding_id) == {"coder": CODER, "document_id": first[0]["document_id"],
                                           "start": first[0]["start"], "end": first[0]["end"],
                                           "key": first[0]["code_key"], "valence": first[0]["valence"]}

    # Choose another code (typed), then W: the last suggestion is changed into that code.
    other = "uitrol.klasvloer.tips" if first[2]["code_key"] != "uitrol.klasvloer.tips" else "relatie.kwaliteit.expertise"
    label = {"uitrol.klasvloer.tips": "Concrete tips", "relatie.kwaliteit.expertise": "Expertise"}[other]
    choose(page, "Code bij wijzigen", label)
    page.locator(".st-key-sq_unit").click()  # leave the text field so the key is a shortcut, not typing
    press(page, "w")
    status, coding_id = eventually(lambda: _status(project, first[2]["id"]) if _status(project, first[2]["id"])[1]
                                   else None)
    assert status == "changed"
    changed = _coding(project, coding_id)
    assert (changed["coder"], changed["key"], changed["start"]) == (CODER, other, first[2]["start"])
    screenshot(page, "suggest_after")

    # The unit is done: the queue moved on, and the rejected pair is still not offered.
    page.reload()
    page.wait_for_selector(".st-key-sq_unit", timeout=60_000)
    wait_idle(page)
    assert first[0]["text"] not in page.locator(".st-key-sq_unit").inner_text()
    with open_project(project["path"]) as p:
        reopened = [s for s in suggestions.queue(p.conn, CODEBOOK, CODER)
                    if (s["document_id"], s["start"], s["code_id"]) ==
                    (first[1]["document_id"], first[1]["start"], first[1]["code_id"])]
    assert reopened == []


REASONS = ("lijkt op:", "regel van het codeboek", "signaalwoord", "vraag of kop")


def _model_line(page) -> tuple[int, int]:
    """The two numbers of 'Het model leerde uit N eenheden ... en M verworpen voorstellen'."""
    text = page.locator(".st-key-sq_model").inner_text()
    numbers = [int(word) for word in text.split() if word.isdigit()]
    assert len(numbers) == 2, text
    return numbers[0], numbers[1]


def _refresh(page) -> tuple[int, int]:
    """Press 'Suggesties berekenen' and wait (a refit may take a while on a busy machine) for the new model line."""
    model = page.locator(".st-key-sq_model")
    before = model.inner_text() if model.count() else ""
    page.locator(".st-key-sq_refresh button").click()
    page.wait_for_function("""(before) => { const e = document.querySelector('.st-key-sq_model');
                                           return e !== null && e.innerText !== before; }""",
                           arg=before, timeout=300_000)
    wait_idle(page)
    return _model_line(page)


def test_every_suggestion_shows_its_reason_and_decisions_refit_the_model(server, project, page):
    _open_queue(page, server)
    codings, rejected = _refresh(page)
    assert codings > 0
    offers = _offers(page)
    assert offers and all(any(r in offer for r in REASONS) for offer in offers), offers
    screenshot(page, "suggest_reasons")

    with open_project(project["path"]) as p:
        first, second, third = suggestions.queue(p.conn, CODEBOOK, CODER)[:3]
    assert (first["document_id"], first["start"]) == (second["document_id"], second["start"]) == \
        (third["document_id"], third["start"])
    press(page, "x")                                   # reject the first offer of this unit
    assert eventually(lambda: _status(project, first["id"])[0] == "rejected")
    press(page, "a")                                   # accept the next one: the unit is coded
    assert eventually(lambda: _status(project, second["id"])[0] == "accepted", timeout=60)
    wait_idle(page)
    label = "Expertise" if third["code_key"] == "uitrol.klasvloer.tips" else "Concrete tips"
    choose(page, "Code bij wijzigen", label)          # and change its last offer: a second code there
    page.locator(".st-key-sq_unit").click()
    press(page, "w")
    with open_project(project["path"]) as p:
        decided = dict(p.conn.execute("""SELECT status, count(*) FROM suggestions WHERE coder = ?
                                         AND status != 'open' GROUP BY status""", [CODER]).fetchall())
    assert decided.get("changed", 0) >= 1 and decided.get("accepted", 0) >= 1

    # The refit learns from the newly coded unit (two codes) and the rejection; the queue follows.
    assert _refresh(page) == (codings + 1, rejected + 1)
    offers = _offers(page)
    assert offers and all(any(r in offer for r in REASONS) for offer in offers), offers
    screenshot(page, "suggest_refit")

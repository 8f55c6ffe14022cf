"""Retrieval in a real browser: BuO + groeikans shows exactly the expected fragments."""

from __future__ import annotations

import pytest

from .conftest import rerun, screenshot, wait_idle

pytestmark = pytest.mark.browser


def _pick(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label, exact=True).click()
    rerun(page, lambda: page.get_by_role("option", name=option, exact=True).click())
    page.keyboard.press("Escape")


def test_filter_on_buo_and_groeikans(server, project, page):
    page.goto(server + "/retrieval")
    page.get_by_text("Gecodeerde fragmenten").first.wait_for()
    wait_idle(page)
    _pick(page, "sector", "BuO")
    _pick(page, "Valentie", "groeikans")
    wait_idle(page)
    panel = page.get_by_role("tabpanel").first
    shown = [t.strip() for t in panel.locator("[data-testid='stText']").all_inner_texts()]  # fragments are text
    fragments = [s for s in shown if s and (s in project["report_text"] or s in project["mailbox_text"])]
    fragments = [s for s in fragments if not s.startswith(("ondersteuner", "leerkracht"))]
    assert sorted(fragments) == sorted(project["expected_buo_groeikans"])
    assert page.get_by_text("3 fragmenten.").is_visible()
    screenshot(page, "retrieval")

    # Jump to the place in the document.
    rerun(page, lambda: panel.get_by_role("button", name="Openen").first.click())
    page.wait_for_selector(".wb-doc[data-ready='1']")
    wait_idle(page)
    first = project["report_text"].index(project["expected_buo_groeikans"][0])
    assert page.locator(f".wb-doc .wb-seg.wb-sel[data-s='{first}']").count() == 1

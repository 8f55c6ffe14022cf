"""The coder's name survives a reload and a new tab (signed cookie), on a project without accounts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import rerun, screenshot, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def coder() -> str:
    return ""  # no WERKBANK_CODER: the name comes from the user


def _sidebar(page) -> str:
    page.get_by_test_id("stSidebarNav").wait_for()
    page.wait_for_timeout(500)
    wait_idle(page)
    return page.get_by_test_id("stSidebar").inner_text()


def test_name_is_remembered_after_reload_and_in_a_new_tab(server, page):
    page.goto(server)
    assert "Sara" not in _sidebar(page)
    page.get_by_role("textbox", name="Naam als codeur").fill("Sara")
    rerun(page, lambda: page.get_by_role("button", name="Bewaren").click())
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Sara")
    page.reload()
    assert "Sara" in _sidebar(page)
    other = page.context.new_page()
    other.goto(f"{server}/coding")
    assert "Sara" in _sidebar(other)
    assert other.get_by_text("wie je bent").count() == 0  # the coding page does not ask again
    screenshot(other, "coder_remembered_new_tab")
    # a cookie altered by hand is no name
    cookie = next(c for c in page.context.cookies() if c["name"] == "werkbank_codeur")
    page.context.add_cookies([{**cookie, "value": cookie["value"][:-2] + "xx"}])
    third = page.context.new_page()
    third.goto(f"{server}/coding")
    assert "Sara" not in _sidebar(third)

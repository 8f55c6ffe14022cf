"""Every page opens without an error in a real browser; a screenshot of each at 1366x768."""

from __future__ import annotations

import pytest

from .conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser

PAGES = [("", "start"), ("coding", "coding_page"), ("grid", "grid_page"), ("retrieval", "retrieval_page"),
         ("documents", "documents"), ("memos", "memos")]


@pytest.mark.parametrize("path,name", PAGES)
def test_page_opens_without_error(server, page, path, name):
    page.goto(f"{server}/{path}")
    page.get_by_test_id("stSidebarNav").wait_for()
    page.wait_for_timeout(500)
    wait_idle(page)
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, name)

"""The live session page's mindmap tab in a real browser: a drawn tree, not only download buttons."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import screenshot, wait_idle

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from live_fixture import build_live_project  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return build_live_project(tmp_path_factory.mktemp("live") / "live.db")


def test_mindmap_tab_draws_the_tree(server, page):
    page.goto(server + "/live_session")
    tab = page.get_by_role("tab", name="Mindmap en draaiboek")
    tab.wait_for()
    wait_idle(page)
    tab.click()
    chart = page.get_by_test_id("stGraphVizChart")
    chart.wait_for()
    chart.locator("svg").wait_for()
    page.wait_for_timeout(500)
    drawn = chart.locator("svg").text_content()
    assert "Samenwerking" in drawn and "Vorming" in drawn
    assert chart.bounding_box()["height"] > 150
    chart.scroll_into_view_if_needed()
    screenshot(page, "live_mindmap")

"""Read-only pages in a real browser, on one copy of the demo project: the codebook tree shows every
column, its counts included, without scrolling sideways; on the Documents page each participant shows
their own support model, as the report's participant table gives it, not the session's."""

from __future__ import annotations

import pytest

from .conftest import demo_copy, screenshot, wait_idle
from .helpers import choose

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def project(demo_master, workdir):
    return demo_copy(demo_master, workdir)


def test_tree_shows_its_count_columns(server, page):
    page.goto(server + "/codebook")
    tree = page.get_by_test_id("stDataFrame").first
    tree.wait_for()
    wait_idle(page)
    page.wait_for_timeout(800)
    sizes = tree.evaluate("""(el) => { const s = el.querySelector('.dvn-scroller');
                                       return {scroll: s.scrollWidth, client: s.clientWidth}; }""")
    assert page.get_by_test_id("stException").count() == 0
    assert sizes["scroll"] <= sizes["client"] + 2, sizes  # nothing cut off at the right
    headers = tree.locator("th").all_inner_texts()
    assert headers.index("Coderingen") < 3 or "Coderingen" in " ".join(headers[:3]), headers
    screenshot(page, "codebook_tree")


def test_participants_show_their_own_support_model(server, page):
    page.goto(server + "/documents")
    page.get_by_role("tab", name="Kenmerken en sprekers").wait_for()
    wait_idle(page)
    page.get_by_role("tab", name="Kenmerken en sprekers").click()
    choose(page, "Document", "groepsgesprek_geo_oost")
    panel = page.get_by_role("tabpanel", name="Kenmerken en sprekers")
    grid = panel.get_by_test_id("stDataFrame").last
    row = grid.locator("tr", has=page.locator("td", has_text="Leerkracht C"))
    row.wait_for(state="attached")
    cells = row.locator("td").all_text_contents()
    assert "ambulante ondersteuning" in cells and "leerkracht zesde leerjaar" in cells   # session: gemengd
    grid.scroll_into_view_if_needed()
    screenshot(page, "documents_participants")

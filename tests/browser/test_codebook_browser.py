"""The codebook page in a real browser, on a copy of the demo project: the tree shows every column,
its counts included, without scrolling sideways."""

from __future__ import annotations


import pytest

from .conftest import demo_copy, screenshot, wait_idle

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

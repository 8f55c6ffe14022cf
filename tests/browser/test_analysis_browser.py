"""The analysis page in a real browser on the demo project: every chart renders (screenshots at
1366x768 in artifacts/screenshots/), a click on a heatmap cell lists its fragments, and the chart
downloads as a PNG."""

from __future__ import annotations


import pytest

from .conftest import demo_copy, rerun, screenshot, wait_idle
from .helpers import choose

pytestmark = pytest.mark.browser

CHART = "[data-testid='stVegaLiteChart']"
ANALYSES = [("frequencies", "Frequenties"), ("balance", "Sterktes en groeikansen"), ("matrix", "Code × kenmerk"),
            ("sources", "Code × brontype"), ("cooccurrence", "Samen voorkomende"),
            ("descriptives", "Beschrijvende"), ("prevalence", "Hoeveel sprekers")]


@pytest.fixture(scope="module")
def project(demo_master, workdir):
    """The demo project instead of the small UI project: the analyses need real numbers."""
    return demo_copy(demo_master, workdir)


def _open(page, server: str) -> None:
    page.goto(server + "/analysis")
    page.wait_for_selector(CHART)
    wait_idle(page)


def _drawn(page) -> int:
    """How many charts have drawn something (a canvas or svg with a size)."""
    return page.evaluate(f"""() => [...document.querySelectorAll("{CHART}")].filter(c => {{
        const g = c.querySelector('canvas, svg.marks');
        return g && g.getBoundingClientRect().width > 100 && g.getBoundingClientRect().height > 50; }}).length""")


def _top(page, locator) -> None:
    """Scroll so the element starts at the top of the window (a tall chart shows its axis and legend)."""
    locator.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(200)


def test_every_analysis_renders(server, page):
    _open(page, server)
    for number, (name, label) in enumerate(ANALYSES):
        if number:  # the page opens on the first
            choose(page, "Analyse", label)
        if name != "prevalence":
            page.wait_for_selector(CHART)
            page.wait_for_function(f"() => document.querySelectorAll(\"{CHART} canvas, {CHART} svg.marks\").length > 0")
            assert _drawn(page) >= 1, name
            _top(page, page.locator(CHART).first)
        else:
            assert page.get_by_text(" noemt deze code").or_(page.get_by_text(" noemen deze code")).count() >= 1
        screenshot(page, f"analysis_{name}")
    assert page.get_by_text("Traceback").count() == 0


def test_click_a_heatmap_cell_lists_its_fragments_and_download_png(server, page):
    _open(page, server)
    choose(page, "Analyse", "Code × kenmerk")
    chart = page.locator(CHART).first
    _top(page, chart)
    marks = chart.locator("canvas, svg.marks").first
    box = marks.bounding_box()
    # a cell halfway down, in the middle sector column (right of the code labels, left of the legend)
    x = box["x"] + box["width"] * 0.62
    y = box["y"] + box["height"] * 0.5
    rerun(page, lambda: page.mouse.click(x, y))
    heading = page.get_by_text("Fragmenten achter code ")
    heading.wait_for()
    assert page.get_by_text("fragmenten.", exact=False).count() >= 1
    _top(page, heading)
    screenshot(page, "analysis_drilldown")

    with page.expect_download() as info:
        page.get_by_role("button", name="Grafiek (PNG)").first.click()
    data = open(info.value.path(), "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_layer_is_named_and_switching_to_pooled_changes_the_counts(server, page):
    _open(page, server)
    note = "Laag: codeur evaluator1 (standaardlaag)."
    page.get_by_text(note).first.wait_for()
    table = page.locator("[data-testid='stDataFrame']").first
    _top(page, page.get_by_role("combobox", name="Laag", exact=True))
    screenshot(page, "analysis_layer_default")
    choose(page, "Laag", "alle codeurs")
    page.get_by_text("Laag: alle codeurs samen (evaluator1, evaluator2).").first.wait_for()
    assert page.get_by_text(note).count() == 0 and table.is_visible()
    _top(page, page.get_by_role("combobox", name="Laag", exact=True))
    screenshot(page, "analysis_layer_pooled")
    assert page.get_by_text("Traceback").count() == 0

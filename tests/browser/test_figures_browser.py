"""Figures in the app's tables are written the Dutch way: the review page's agreement per code and the
analysis tables with shares and means show "0,95" and "97,0%", never "0.95", "97.0%" or "-0.00".
Screenshots of each table at 1366x768 (artifacts/screenshots/figures_*.png)."""

from __future__ import annotations

import re

import pytest

from .conftest import demo_copy, rerun, screenshot, wait_idle
from .helpers import choose

pytestmark = pytest.mark.browser

GRID = "[data-testid='stDataFrame']"
ENGLISH_FIGURE = re.compile(r"(?<![\d.,])-?\d+\.\d+%?(?![\d.,])")  # 0.95, 97.0%, -0.00 (not 1.234 of a Dutch thousand)


@pytest.fixture(scope="module")
def project(demo_master, workdir):
    return demo_copy(demo_master, workdir)


def cells(page) -> list[str]:
    """The text of every cell of the visible tables (Glide keeps an accessible copy of the grid in the DOM)."""
    return page.evaluate(f"""() => [...document.querySelectorAll("{GRID} [role=gridcell], {GRID} td")]
                                   .map(c => c.innerText.trim()).filter(Boolean)""")


def dutch_figures(page, name: str, grid: int = -1) -> list[str]:
    page.locator(GRID).nth(grid).scroll_into_view_if_needed()
    screenshot(page, f"figures_{name}")
    found = cells(page)
    assert found, f"{name}: no table cells read"
    return [c for c in found if ENGLISH_FIGURE.fullmatch(c)]


def test_the_review_page_writes_agreement_the_dutch_way(server, page):
    page.goto(server + "/review")
    wait_idle(page)
    rerun(page, lambda: page.get_by_text("Per code", exact=True).click())
    page.locator(GRID).first.wait_for()
    shown = cells(page)
    assert any(re.fullmatch(r"-?\d,\d{2}", c) for c in shown) and any(re.fullmatch(r"\d+,\d%", c) for c in shown)
    assert dutch_figures(page, "review_per_code", 0) == []


@pytest.mark.parametrize("analysis,label", [("balance", "Sterktes en groeikansen"), ("descriptives", "Beschrijvende")])
def test_analysis_tables_write_shares_and_means_the_dutch_way(server, page, analysis, label):
    page.goto(server + "/analysis")
    page.locator(GRID).first.wait_for()
    wait_idle(page)
    choose(page, "Analyse", label)
    wait_idle(page)
    page.locator(GRID).first.wait_for()
    assert dutch_figures(page, f"analysis_{analysis}") == []

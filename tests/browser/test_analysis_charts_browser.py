"""Every chart on the analysis page, in a real browser at 1366x768 on the demo project: a click on a
mark lists the fragments behind that mark (its code, valence and group; the number on the mark is the
number of fragments listed; the drill-down's CSV holds only fragments of that mark) and the chart
fits its column. Screenshots of each drill-down land in artifacts/screenshots/."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pytest

from coding import analysis as an
from coding.analysis.data import documents_frame
from coding.demo import DEMO_CODEBOOK
from coding.store.project import open_project

from test_chart_drill import subtree_keys

from .conftest import demo_copy, rerun, screenshot, wait_idle
from .helpers import choose, eventually

pytestmark = pytest.mark.browser

CHART = "[data-testid='stVegaLiteChart']"

# The marks of chart number `index` on the page, each as the fields of its aria-label ("Code: x; ...").
MARKS = """([index, roles]) => {
  const chart = document.querySelectorAll("%s")[index];
  return [...chart.querySelectorAll('[aria-roledescription]')]
    .filter(m => roles.includes(m.getAttribute('aria-roledescription')))
    .map(m => Object.fromEntries(m.getAttribute('aria-label').split('; ').map(part => {
      const at = part.indexOf(': ');
      return [part.slice(0, at), part.slice(at + 2)];
    })));
}""" % CHART

# Scroll mark number `k` of chart `index` to the middle of the window; its centre on screen.
CENTRE = """([index, roles, k]) => {
  const chart = document.querySelectorAll("%s")[index];
  const mark = [...chart.querySelectorAll('[aria-roledescription]')]
    .filter(m => roles.includes(m.getAttribute('aria-roledescription')))[k];
  mark.scrollIntoView({block: 'center'});
  const box = mark.getBoundingClientRect();
  return {x: box.left + box.width / 2, y: box.top + box.height / 2};
}""" % CHART

# The drawn chart and the page column it sits in (the vertical block around it).
WIDTHS = """(index) => {
  const chart = document.querySelectorAll("%s")[index];
  const drawn = chart.querySelector('canvas, svg.marks').getBoundingClientRect();
  const column = chart.closest("[data-testid='stVerticalBlock']").getBoundingClientRect();
  return {left: drawn.left, right: drawn.right, width: drawn.width,
          column_left: column.left, column_right: column.right, column_width: column.width};
}""" % CHART


@pytest.fixture(scope="module")
def project(demo_master, workdir):
    """The demo project: the charts need real numbers."""
    return demo_copy(demo_master, workdir)


@pytest.fixture(scope="module")
def demo(project):
    """What the test checks the page against: the code tree and the documents with their session."""
    with open_project(project["path"]) as opened:
        tree = an.code_tree(opened, DEMO_CODEBOOK)
        documents = documents_frame(opened)
    return {"tree": tree, "documents": documents, "path": project["path"]}


def label(mark: dict, field: str) -> str:
    """A code label as the chart draws it, without the depth dots and the mailbox role."""
    return mark[field].split("  [")[0].lstrip("· ").strip()


def _open(page, server: str, analysis: str | None) -> None:
    page.goto(server + "/analysis")
    page.wait_for_selector(CHART)
    wait_idle(page)
    if analysis:
        choose(page, "Analyse", analysis)
        page.wait_for_selector(CHART)


def _fits(box: dict) -> bool:
    return (box["width"] <= box["column_width"] and box["right"] <= box["column_right"] + 0.5
            and box["left"] >= box["column_left"] - 0.5)


def assert_fits(page, index: int) -> None:
    """The drawn chart lies within its column (polled a few seconds: Vega lays out after the rerun)."""
    eventually(lambda: _fits(page.evaluate(WIDTHS, index)), timeout=5)
    box = page.evaluate(WIDTHS, index)
    assert _fits(box), box


def click_mark(page, index: int, roles: list[str], pick: Callable[[dict], float | None]) -> dict:
    """Click the mark with the highest pick(mark) (None: not a candidate) and wait for the rerun."""
    page.wait_for_function(f"() => document.querySelectorAll(\"{CHART}\")[{index}]?.querySelector('[aria-roledescription]')")
    marks = page.evaluate(MARKS, [index, roles])
    scored = [(pick(m), k) for k, m in enumerate(marks) if pick(m) is not None]
    assert scored, f"no mark to click among {len(marks)}"
    _, k = max(scored)
    centre = page.evaluate(CENTRE, [index, roles, k])
    page.wait_for_timeout(200)
    centre = page.evaluate(CENTRE, [index, roles, k])
    rerun(page, lambda: page.mouse.click(centre["x"], centre["y"]))
    return marks[k]


def drill_rows(page) -> list[dict[str, str]]:
    """The drill-down's fragments as its CSV download holds them (through the export gate)."""
    with page.expect_download() as info:
        page.get_by_role("button", name="Tabel (CSV)").last.click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    return list(csv.DictReader(io.StringIO(text)))


def shown(page, heading: str, count: int | None, name: str) -> list[dict[str, str]]:
    """Wait for the drill-down of `heading`; check its count; screenshot it; its rows."""
    title = page.get_by_role("heading", name=f"Fragmenten achter {heading}")
    title.wait_for()
    caption = page.get_by_text(re.compile(r"^\d+ fragment(en)?\.$")).last.inner_text()  # "1 fragment." too
    listed = int(caption.split()[0])
    if count is not None:
        assert listed == count, (caption, count)
    assert listed > 0
    page.locator("[data-testid='stDataFrame']").last.wait_for()
    title.evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, f"analysis_drill_{name}")
    rows = drill_rows(page)
    assert len(rows) == listed
    assert page.get_by_text("Traceback").count() == 0
    return rows


def number(mark: dict, field: str) -> float | None:
    value = float(mark[field])
    return value if value > 0 else None


def test_frequency_bar(server, page, demo):
    _open(page, server, None)
    assert_fits(page, 0)
    mark = click_mark(page, 0, ["bar"], lambda m: number(m, "Fragmenten") if m["Valentie"] == "groeikans" else None)
    rows = shown(page, f"code {label(mark, 'Code')} · groeikans", int(float(mark["Fragmenten"])), "frequencies")
    keys = subtree_keys(demo["tree"], int(mark["Code-nr."]))
    assert all(set(r["Codes"].split(", ")) <= keys and "groeikans" in r["Valentie"] for r in rows)

    with page.expect_download() as info:  # the chart as SVG names its layer and filters
        page.get_by_role("button", name="Grafiek (SVG)").first.click()
    svg = open(info.value.path(), encoding="utf-8").read()
    assert "Laag: codeur evaluator1 (standaardlaag)." in svg and "Filters: geen." in svg


def test_balance_bar(server, page, demo):
    _open(page, server, "Sterktes en groeikansen")
    assert_fits(page, 0)
    mark = click_mark(page, 0, ["bar"], lambda m: number(m, "Aantal") if m["Valentie"] == "sterkte" else None)
    rows = shown(page, f"code {label(mark, 'Code')} · sterkte", int(float(mark["Aantal"])), "balance")
    keys = subtree_keys(demo["tree"], int(mark["Code-nr."]))
    assert all(set(r["Codes"].split(", ")) <= keys and "sterkte" in r["Valentie"] for r in rows)


def test_balance_per_group_wraps_and_its_bar(server, page, demo):
    _open(page, server, "Sterktes en groeikansen")
    choose(page, "Per groep", "Rol")
    page.wait_for_selector(CHART)
    assert_fits(page, 0)
    top = page.locator(CHART).first
    top.evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "analysis_balance_per_role")
    mark = click_mark(page, 0, ["bar"], lambda m: number(m, "Aantal")
                      if m["Valentie"] == "groeikans" and m["Rol"] != an.MISSING else None)
    rows = shown(page, f"code {label(mark, 'Code')} · groeikans · Rol {mark['Rol']}", int(float(mark["Aantal"])),
                 "balance_per_role")
    keys = subtree_keys(demo["tree"], int(mark["Code-nr."]))
    assert all(set(r["Codes"].split(", ")) <= keys and r["Rol"] == mark["Rol"] for r in rows)


@pytest.mark.parametrize("tab, count, column, value, row_column, shot", [
    ("Code × kenmerk", "Aantal", "Sector", "GeO", "Sector", "matrix"),
    ("Code × brontype", "Fragmenten", "Brontype", "mailbox", "Soort", "sources"),
])
def test_code_by_column_cell(server, page, demo, tab, count, column, value, row_column, shot):
    _open(page, server, tab)
    assert_fits(page, 0)
    mark = click_mark(page, 0, ["rect mark"], lambda m: number(m, count) if m[column] == value else None)
    rows = shown(page, f"code {label(mark, 'Code')} · {column} {value}", int(float(mark[count])), shot)
    keys = subtree_keys(demo["tree"], int(mark["Code-nr."]))
    assert all(set(r["Codes"].split(", ")) <= keys and r[row_column] == value for r in rows)


def test_cooccurrence_cell(server, page, demo):
    _open(page, server, "Samen voorkomende")
    assert_fits(page, 0)
    mark = click_mark(page, 0, ["rect mark"], lambda m: number(m, "Aantal"))
    a, b = (demo["tree"].loc[int(mark[field])] for field in ("Code-nr.", "Code-nr. (2)"))
    rows = shown(page, f"{a['label']} en {b['label']}", int(float(mark["Aantal"])), "cooccurrence")
    with open_project(demo["path"]) as opened:  # the spans both codes cover, as the core finds them
        expected = an.pair_fragments(opened, int(a.name), int(b.name), DEMO_CODEBOOK)
    assert [r["Fragment"] for r in rows] == list(expected["text"])


def test_session_bar(server, page, demo):
    _open(page, server, "Beschrijvende")
    assert_fits(page, 0)
    mark = click_mark(page, 0, ["bar"], lambda m: number(m, "Aantal") if m["Brontype"] == "groepsgesprek" else None)
    rows = shown(page, f"Sessie {mark['Sessie']}", None, "overview")
    documents = demo["documents"]  # the session's meeting documents and the written input that names it
    assert {r["Document"] for r in rows} <= set(documents.loc[documents["session"] == mark["Sessie"], "name"])


def test_crosstab_cell(server, page, demo):
    _open(page, server, "Beschrijvende")
    assert_fits(page, 1)
    mark = click_mark(page, 1, ["rect mark"], lambda m: number(m, "Aantal") if m["Sector"] == "BuO" else None)
    rows = shown(page, f"de mailboxrespondenten met Sector BuO · Onderwijsnet {mark['Onderwijsnet']}", None, "crosstab")
    assert all(r["Soort"] == "mailbox" and r["Sector"] == "BuO" for r in rows)


def test_rating_point(server, page, demo):
    _open(page, server, "Beschrijvende")
    assert_fits(page, 2)
    mark = click_mark(page, 2, ["circle"], lambda m: float(m["Respondenten"]) if m["Moment"] == "nu" else None)
    group = mark["group"].split(" (n=")[0]
    rows = shown(page, f"de mailboxrespondenten met Sector {group}", None, "ratings")
    assert all(r["Soort"] == "mailbox" and r["Sector"] == group for r in rows)


@pytest.mark.parametrize("analysis", ["Sterktes en groeikansen", "Code × kenmerk"])
def test_every_grouping_fits_the_column(server, page, analysis):
    _open(page, server, analysis)
    for group in ("Rol", "Sector", "Onderwijsnet", "Ondersteuningsmodel", "Respondentgroep"):  # not the matrix's first
        choose(page, "Per groep", group)
        page.wait_for_selector(CHART)
        page.wait_for_function(f"() => document.querySelector(\"{CHART} svg.marks, {CHART} canvas\")")
        assert_fits(page, 0)

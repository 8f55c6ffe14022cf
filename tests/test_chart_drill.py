"""Every analysis chart leads to its fragments: the fields its click selection hands back (as Vega
does, numbers as floats) are enough for `cell_fragments` to find exactly the fragments the mark
counts, on the demo project. Checked per chart from the chart object itself, so a chart that stops
selecting the fields its drill-down needs fails here, not only in a browser."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from coding import analysis as an
from coding.analysis import charts
from coding.analysis.interactive import cell_attributes, cell_fragments
from coding.demo import DEMO_CODEBOOK
from coding.store.model import NET, SECTOR
from coding.store.project import open_project


@pytest.fixture(scope="module")
def project(tmp_path_factory, request):
    demo = request.getfixturevalue("demo_master")
    with open_project(demo) as p:
        yield p


def selection(chart: Any) -> tuple[list[str], pd.DataFrame]:
    """The fields of the chart's click selection and the rows of the view that holds it."""
    def walk(node: Any, data: Any) -> tuple[list[str], pd.DataFrame] | None:
        own = getattr(node, "data", None)
        data = own if isinstance(own, pd.DataFrame) else data
        for param in getattr(node, "params", None) or []:
            if getattr(param, "name", None) == charts.SELECTION:
                select = param.select if isinstance(param.select, dict) else param.select.to_dict()
                views = getattr(param, "views", None) or []  # a layered chart lifts a view's selection
                named = [v.data for v in getattr(node, "layer", None) or []
                         if getattr(v, "name", None) in views and isinstance(v.data, pd.DataFrame)]
                return list(select["fields"]), named[0] if named else data
        children = list(getattr(node, "layer", None) or [])
        spec = getattr(node, "spec", None)
        if spec is not None and hasattr(spec, "to_dict"):
            children.append(spec)
        for child in children:
            found = walk(child, data)
            if found:
                return found
        return None

    found = walk(chart, None)
    assert found, "the chart has no click selection"
    return found


def clicked(chart: Any, row: pd.Series) -> dict[str, Any]:
    """The cell Vega hands back for a click on the mark drawn from `row`."""
    fields, _ = selection(chart)
    return {f: float(row[f]) if isinstance(row[f], (int, float)) and not isinstance(row[f], bool) else row[f]
            for f in fields}


def subtree_keys(tree: pd.DataFrame, code_id: int) -> set[str]:
    """The keys of a code and every code under it (a chart's mark of a theme counts them all)."""
    ids, todo = set(), [code_id]
    while todo:
        current = todo.pop()
        ids.add(current)
        todo.extend(int(i) for i in tree.index[tree["parent_id"] == current])
    return set(tree.loc[sorted(ids), "key"])


def codes_of(rows: pd.DataFrame) -> set[str]:
    return {key.strip() for keys in rows["codes"] for key in str(keys).split(",")}


def marks(chart: Any, value: str) -> pd.DataFrame:
    """The chart's marks with a count, largest first (a few, to keep the test quick)."""
    _, data = selection(chart)
    return data[data[value] > 0].sort_values(value, ascending=False).head(3)


def test_a_frequency_bar_lists_the_fragments_of_its_code_and_valence(project):
    chart = charts.frequency_chart(an.frequencies(project, DEMO_CODEBOOK), "fragments")
    for _, row in marks(chart, "fragments").iterrows():
        cell = clicked(chart, row)
        assert set(cell) == {"code_id", "valence"}
        rows = cell_fragments(project, cell, DEMO_CODEBOOK)
        assert len(rows) == row["fragments"]
        assert codes_of(rows) <= subtree_keys(an.code_tree(project, DEMO_CODEBOOK), int(row["code_id"]))
        assert all(row["valence"] in v for v in rows["valences"])


@pytest.mark.parametrize("by", [None, SECTOR, "rol"])
def test_a_balance_bar_lists_the_fragments_of_its_code_valence_and_group(project, by):
    chart = charts.balance_chart(an.balance(project, DEMO_CODEBOOK, by=by), by)
    checked = 0
    for _, row in marks(chart, "count").iterrows():
        cell = clicked(chart, row)
        rows = cell_fragments(project, cell, DEMO_CODEBOOK)
        assert len(rows) == row["count"]
        assert codes_of(rows) <= subtree_keys(an.code_tree(project, DEMO_CODEBOOK), int(row["code_id"]))
        assert all(row["valence"] in v for v in rows["valences"])
        if by:
            assert set(rows[by].fillna(an.MISSING)) == {row[by]}
        checked += 1
    assert checked


def test_a_per_group_chart_wraps_its_panels(project):
    chart = charts.balance_chart(an.balance(project, DEMO_CODEBOOK, by="rol"), "rol").to_dict()
    assert chart["columns"] == charts.PANEL_COLUMNS
    assert chart["spec"]["width"] == charts.PANEL_WIDTH


def test_a_matrix_cell_lists_the_fragments_of_its_code_and_value(project):
    matrix = an.code_matrix(project, NET, DEMO_CODEBOOK)
    chart = charts.matrix_chart(matrix, NET)
    for _, row in marks(chart, "count").iterrows():
        rows = cell_fragments(project, clicked(chart, row), DEMO_CODEBOOK)
        assert len(rows) == row["count"]
        assert codes_of(rows) <= subtree_keys(an.code_tree(project, DEMO_CODEBOOK), int(row["code_id"]))


def test_a_source_cell_lists_the_fragments_of_its_code_and_kind(project):
    chart = charts.sources_chart(an.sources(project, DEMO_CODEBOOK))
    for _, row in marks(chart, "fragments").iterrows():
        rows = cell_fragments(project, clicked(chart, row), DEMO_CODEBOOK)
        assert len(rows) == row["fragments"]
        assert set(rows["kind"]) == {row["kind"]}


def test_a_cooccurrence_cell_lists_the_overlapping_pairs(project):
    chart = charts.cooccurrence_chart(an.cooccurrence(project, DEMO_CODEBOOK))
    for _, row in marks(chart, "count").iterrows():
        rows = cell_fragments(project, clicked(chart, row), DEMO_CODEBOOK)
        assert len(rows) == row["count"]


def test_a_session_bar_lists_the_fragments_coded_in_that_session(project):
    table = an.overview(project)
    chart = charts.overview_chart(table)
    everything = an.fragments(project, None, DEMO_CODEBOOK)
    for kind in ("mailbox", table.loc[table["kind"] != "mailbox", "kind"].iloc[0]):
        row = table[table["kind"] == kind].iloc[0]
        rows = cell_fragments(project, clicked(chart, row), DEMO_CODEBOOK)
        documents = {d.strip() for d in row["documents"].split(",")}
        assert len(rows) and set(rows["document"]) <= documents
        assert len(rows) == everything["document"].isin(documents).sum()


def test_a_crosstab_cell_lists_the_fragments_of_those_respondents(project):
    table = an.mailbox_crosstab(project, columns=NET, rows=SECTOR)
    chart = charts.crosstab_chart(table, SECTOR, NET)
    for _, row in marks(chart, "count").iterrows():
        cell = clicked(chart, row)
        assert cell_attributes(cell) == {SECTOR: row[SECTOR], NET: row[NET], "kind": "mailbox"}
        rows = cell_fragments(project, cell, DEMO_CODEBOOK)
        assert len(rows) and set(rows["kind"]) == {"mailbox"} and set(rows[SECTOR]) == {row[SECTOR]}
        assert rows["case_id"].nunique() <= row["count"]


def test_a_rating_point_lists_the_fragments_of_its_group(project):
    chart = charts.ratings_chart(an.rating_changes(project, SECTOR), SECTOR)
    _, data = selection(chart)
    row = data.iloc[0]
    rows = cell_fragments(project, clicked(chart, row), DEMO_CODEBOOK)
    assert len(rows) and set(rows["kind"]) == {"mailbox"} and set(rows[SECTOR]) == {row[SECTOR]}


def test_an_empty_selection_lists_nothing(project):
    assert cell_fragments(project, {}, DEMO_CODEBOOK) is None

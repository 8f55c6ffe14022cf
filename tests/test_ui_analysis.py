"""The analysis page on the demo project (Streamlit AppTest): the numbers it shows are the ones
coding.analysis computes, filters reach the tables, and a clicked cell lists the fragments behind it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app import formats
from coding import analysis as an
from coding.analysis.interactive import cell_fragments, filter_choices
from coding.demo import DEMO_CODEBOOK
from coding.store.project import open_project

MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")


def run_page(path: Path, **state) -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.session_state["project_path"] = str(path)
    at.session_state["coder"] = "tester"
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page("views/analysis.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def chart_spec(at: AppTest) -> dict:
    charts = at.get("vega_lite_chart")
    assert charts, "no chart drawn"
    return json.loads(charts[0].proto.spec)


@pytest.fixture
def project(demo_copy):
    with open_project(demo_copy) as p:
        yield p


def test_frequency_table_shows_the_analysis_numbers_in_codebook_order(demo_copy, project):
    at = run_page(demo_copy, an_analysis="frequencies")
    shown = at.dataframe[0].value
    expected = an.frequencies(project, DEMO_CODEBOOK)
    assert list(shown["key"]) == list(expected["key"])  # codebook order, the demo codebook chosen
    for column in ("fragments", "speakers", "fragments_sterkte", "fragments_groeikans"):
        assert list(shown[column]) == list(expected[column]), column
    assert shown["fragments"].sum() > 0
    spec = chart_spec(at)
    assert spec["encoding"]["x"]["title"] == "Fragmenten"
    assert spec["encoding"]["y"]["sort"][0] == expected["label"].iloc[0]  # top code first


def test_a_filter_reaches_the_table(demo_copy, project):
    at = run_page(demo_copy, an_analysis="frequencies", an_f_sector=["BuO"])
    shown = at.dataframe[0].value
    expected = an.frequencies(project, DEMO_CODEBOOK, {"sector": ["BuO"]})
    everything = an.frequencies(project, DEMO_CODEBOOK)
    assert list(shown["fragments"]) == list(expected["fragments"])
    assert expected["fragments"].sum() < everything["fragments"].sum()
    assert "Filters (1 actief)" in [e.label for e in at.expander]


def test_matrix_with_row_percentages(demo_copy, project):
    at = run_page(demo_copy, an_analysis="matrix", an_by_matrix="sector", an_value="row_share")
    matrix = an.code_matrix(project, "sector", DEMO_CODEBOOK)
    table = at.dataframe[0].value
    expected = formats.figures(an.pivot(matrix, "sector", "row_share"), shares=True)  # "47,2%", as a Dutch reader writes it
    pd.testing.assert_frame_equal(table.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)
    assert json.dumps(chart_spec(at)).count('".0%"') >= 1  # cells labelled as percentages


def test_every_analysis_renders_in_dutch(demo_copy):
    for analysis in ("balance", "sources", "cooccurrence", "descriptives"):
        at = run_page(demo_copy, an_analysis=analysis)
        assert at.get("vega_lite_chart"), analysis
        headers = " ".join(" ".join(map(str, d.value.columns)) for d in at.dataframe)
        spec = json.dumps(chart_spec(at))
        for english in ("fragments", "share_sterkte", "participants", "mean_start"):
            assert f'"title": "{english}"' not in spec, (analysis, english)
        assert "code_id" not in headers and "order" not in headers.split(), analysis


def test_prevalence_sentence_uses_the_quantifier(demo_copy, project):
    tree = an.code_tree(project, DEMO_CODEBOOK)
    code = int(tree.index[1])
    at = run_page(demo_copy, an_analysis="prevalence", an_prev_code=code, an_prev_group="sector",
                  an_prev_value="BuO")   # counts participants (of sessions) by default, not mailbox respondents
    result = an.prevalence(project, code, "participants", ("sector", "BuO"))
    text = " ".join(m.value for m in at.markdown)
    assert result["quantifier"].capitalize() in text
    assert f"{result['count']} van {result['total']}" in text


def test_clicked_matrix_cell_lists_its_fragments(demo_copy, project):
    tree = an.code_tree(project, DEMO_CODEBOOK)
    code = int(tree.index[0])
    cell = {"code_id": float(code), "sector": "BuO"}  # as Vega hands it back
    at = run_page(demo_copy, an_analysis="matrix", an_by_matrix="sector",
                  an_cell={"analysis": "matrix", "chart": "matrix", "variant": "sector_fragments",
                          "codebook": DEMO_CODEBOOK, "cell": cell})
    expected = an.fragments(project, code, DEMO_CODEBOOK, attributes={"sector": "BuO"})
    count = int(an.code_matrix(project, "sector", DEMO_CODEBOOK).query("code_id == @code and sector == 'BuO'")["count"].iloc[0])
    assert len(expected) == count > 0  # the drill-down holds exactly the fragments the cell counts
    drill = at.dataframe[-1].value
    assert list(drill["text"]) == list(expected["text"])
    assert "case" not in drill.columns  # quotes carry role and sector, not who
    assert any(f"{count} fragmenten" in c.value for c in at.caption)

    # clearing the selection removes the list
    at.button(key="an_drill_clear").click().run()
    assert len(at.dataframe) == 1


def test_cell_wiring_for_each_chart_kind(project):
    tree = an.code_tree(project, DEMO_CODEBOOK)
    code = int(tree.index[0])
    by_valence = cell_fragments(project, {"code_id": code, "valence": "groeikans"}, DEMO_CODEBOOK)
    assert list(by_valence["text"]) == list(an.fragments(project, code, DEMO_CODEBOOK, valence="groeikans")["text"])
    freq = an.frequencies(project, DEMO_CODEBOOK)
    assert len(by_valence) == int(freq.set_index("code_id").at[code, "fragments_groeikans"])

    by_kind = cell_fragments(project, {"code_id": code, "kind": "mailbox"}, DEMO_CODEBOOK)
    assert set(by_kind["kind"]) == {"mailbox"}
    assert len(by_kind) == int(an.sources(project, DEMO_CODEBOOK).set_index("code_id").at[code, "mailbox"])

    pair = an.cooccurrence(project, DEMO_CODEBOOK).iloc[0]
    rows = cell_fragments(project, {"code_id_a": pair["code_id_a"], "code_id_b": pair["code_id_b"]}, DEMO_CODEBOOK)
    assert len(rows) == pair["count"]
    assert cell_fragments(project, {"kind": "groepsgesprek", "session": "geen sessie"}, DEMO_CODEBOOK).empty


def test_filter_choices_come_from_the_project(project):
    choices = filter_choices(project)
    assert choices["sector"] == ["BuO", "GeO"]
    assert "mailbox" in choices["kind"]
    assert choices["coder"] == sorted(r[0] for r in project.db.execute("SELECT DISTINCT coder FROM codings"))


def test_a_reader_sees_the_drill_down_but_cannot_download_its_quotes(demo_copy, project):
    """The fragments behind a mark are quotes: as on the Fragmenten page, the role lezer reads them
    but gets no download of them (the chart and its table still download)."""
    from unittest import mock

    code = int(an.code_tree(project, DEMO_CODEBOOK).index[0])
    picked = {"analysis": "frequencies", "chart": "frequencies", "variant": "fragments", "codebook": DEMO_CODEBOOK,
              "cell": {"code_id": float(code), "valence": "sterkte"}}
    labels = {}
    for who in (None, "lezer"):
        with mock.patch("app.page.role", return_value=who):
            at = run_page(demo_copy, an_analysis="frequencies", an_cell=picked)
        assert at.dataframe[-1].value["text"].tolist() == an.fragments(project, code, DEMO_CODEBOOK,
                                                                       valence="sterkte")["text"].tolist()
        labels[who] = [b.label for b in at.get("download_button")]
    assert labels[None].count("Tabel (CSV)") == 2 and labels["lezer"].count("Tabel (CSV)") == 1
    assert "Grafiek (PNG)" in labels["lezer"]


def test_a_drilled_fragment_can_be_marked_for_the_report(demo_copy, project):
    """Issue #18: a fragment found through a chart goes to the quote bank from the analysis page too."""
    code = int(an.code_tree(project, DEMO_CODEBOOK).index[0])
    picked = {"analysis": "frequencies", "chart": "frequencies", "variant": "fragments", "codebook": DEMO_CODEBOOK,
              "cell": {"code_id": float(code), "valence": "sterkte"}}
    at = run_page(demo_copy, an_analysis="frequencies", an_cell=picked)
    first = an.fragments(project, code, DEMO_CODEBOOK, valence="sterkte").iloc[0]
    marks = [b for b in at.button if b.key and b.key.startswith("an_mark_0_")]
    assert marks, "no mark button under the drilled fragments"
    marks[0].click().run()
    assert not at.exception
    with open_project(demo_copy) as again:
        chosen = again.db.execute("""SELECT c.document_id, c.start, c.end, c.valence FROM quote_selections q
                                     JOIN codings c ON c.id = q.coding_id""").fetchall()
    assert len(chosen) == 1
    document_id, start, end, valence = chosen[0]
    assert valence == "sterkte" and document_id == int(first["document_id"])
    assert start < int(first["end"]) and int(first["start"]) < end   # the coding of that fragment

"""Charts and tables to files, and `werkbank analyse` end to end, on the hand-made project."""

import csv
from xml.etree import ElementTree

import openpyxl
import pytest
from click.testing import CliRunner

import app.cli.analyse  # noqa: F401  (registers `analyse` on the group)
from app.cli import cli
from coding import analysis
from coding.analysis import charts
from coding.store.project import open_project
from exports.charts import save_chart
from exports.tables import neutralise, save_table

from analysis_project import build

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def project_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "p.db"
    with open_project(path, create=True) as project:
        build(project)
    return path


def _is_svg(path) -> bool:
    return ElementTree.parse(path).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_chart_export_png_and_svg_are_valid(project_path, tmp_path):
    with open_project(project_path) as project:
        chart = charts.balance_chart(analysis.balance(project, by="sector"), by="sector")
    png = save_chart(chart, tmp_path / "balans.png")
    assert png.read_bytes().startswith(PNG) and png.stat().st_size > 2000
    assert _is_svg(save_chart(chart, tmp_path / "balans.svg"))
    assert "sterkte" in (tmp_path / "balans.svg").read_text(encoding="utf-8")


def test_charts_carry_selection_keys_for_drill_down(project_path):
    with open_project(project_path) as project:
        spec = charts.matrix_chart(analysis.code_matrix(project, "sector"), "sector").to_dict()
    # the chart data holds the keys, and a named selection over them (Altair lifts it to the top)
    assert {"code_id", "sector"} <= set(next(iter(spec["datasets"].values()))[0])
    assert spec["params"][0]["name"] == charts.SELECTION
    assert spec["params"][0]["select"]["fields"] == ["code_id", "sector"]


def test_formula_injection_is_neutralised_in_csv_and_xlsx(project_path, tmp_path):
    assert [neutralise(v) for v in ("=1+1", "+3", "-2", "@SUM(A1)", "\tx", "\rx", "gewoon", 5, -5)] == [
        "'=1+1", "'+3", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "gewoon", 5, -5]
    with open_project(project_path) as project:
        rows = analysis.fragments(project, filters={"kind": "mailbox"})
    # Respondent 2 answered with a text that starts with "="
    save_table(rows, tmp_path / "f.csv")
    save_table(rows, tmp_path / "f.xlsx")
    with open(tmp_path / "f.csv", encoding="utf-8-sig", newline="") as handle:
        texts = [r["text"] for r in csv.DictReader(handle)]
    assert "'=Onze afspraken over co-teaching werden niet altijd nagekomen." in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").active
    header = [c.value for c in sheet[1]]
    cells = [r[header.index("text")] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(c.startswith("'=Onze") for c in cells) and not any(c.startswith("=") for c in cells)
    assert sheet.cell(row=2, column=header.index("start") + 1).data_type == "n"  # numbers stay numbers


COMMANDS = [
    ["frequencies"], ["frequencies", "--by", "sector"], ["balance", "--by", "sector"],
    ["matrix", "--by", "respondentgroep", "--value", "row_share"], ["sources"], ["cooccurrence"], ["overview"],
    ["overview", "--by", "onderwijsnet"], ["ratings"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a))
def test_cli_analyse_writes_every_format(project_path, tmp_path, args):
    runner = CliRunner()
    for suffix in ("csv", "xlsx", "png", "svg", "html"):
        out = tmp_path / f"out.{suffix}"
        result = runner.invoke(cli, ["analyse", str(project_path), *args, "--out", str(out)])
        assert result.exit_code == 0, result.output
        data = out.read_bytes()
        if suffix == "png":
            assert data.startswith(PNG)
        elif suffix == "svg":
            assert _is_svg(out)
        elif suffix == "xlsx":
            assert openpyxl.load_workbook(out).active.max_row > 1
        elif suffix == "html":
            assert b"vega" in data.lower() and b"<html" in data.lower()
        else:
            assert len(data.decode("utf-8-sig").splitlines()) > 1


def test_cli_analyse_table_content_and_filters(project_path, tmp_path):
    out = tmp_path / "freq.csv"
    result = CliRunner().invoke(cli, ["analyse", str(project_path), "frequencies", "--filter", "sector=GeO",
                                      "--codebook", "rv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = {r["key"]: r for r in csv.DictReader(handle)}
    assert rows["uitrol"]["fragments"] == "3" and rows["relatie"]["speakers"] == "2"


@pytest.mark.parametrize("args, message", [
    (["matrix", "--out", "x.csv"], "matrix needs --by"),
    (["frequencies", "--out", "x.pdf"], "--out must end in"),
    (["frequencies", "--filter", "sector", "--out", "x.csv"], "key=value"),
    (["overview", "--filter", "sector=GeO", "--out", "x.csv"], "does not apply"),
    (["frequencies", "--codebook", "nope", "--out", "x.csv"], "no codebook"),
])
def test_cli_analyse_bad_input_is_one_clear_line(project_path, tmp_path, args, message):
    result = CliRunner().invoke(cli, ["analyse", str(project_path), *args[:-1], str(tmp_path / args[-1])])
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / args[-1]).exists()


def test_a_downloaded_chart_names_its_layer_and_filters_anonymised(tmp_path):
    """The app captions a chart with its layer and filters; the gate draws that caption into the
    SVG, with a name from the name table replaced like any other exported text."""
    import altair as alt

    from coding.privacy.anonymise import set_replacement
    from exports import gate

    with open_project(tmp_path / "p.db", create=True) as project:
        build(project)
        set_replacement(project, "tester", "Mechelen", "[gemeente]")
        caption = ["Laag: codeur evaluator1 (standaardlaag).", "Filters: Sector: BuO; locatie: Mechelen."]
        chart = charts.balance_chart(analysis.balance(project, by="sector"), by="sector").properties(
            title=alt.TitleParams(caption, anchor="start"))
        svg = gate.chart_bytes(project, chart, "svg").decode("utf-8")
    assert "Laag: codeur evaluator1 (standaardlaag)." in svg
    assert "Filters: Sector: BuO; locatie: [gemeente]." in svg and "Mechelen" not in svg
    assert chart.title.text == caption  # the page's chart is left as it was


def test_cli_chart_caption_names_layer_and_filters(project_path, tmp_path):
    out = tmp_path / "freq.svg"
    result = CliRunner().invoke(cli, ["analyse", str(project_path), "frequencies", "--filter", "sector=GeO",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert "layer: " in svg and "filters: sector=GeO" in svg

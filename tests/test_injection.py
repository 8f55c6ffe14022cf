"""Hostile text in the data: HTML/JS, Markdown, `{}` templates, spreadsheet formulas and SQL.

Reports are exported as text only (the payload appears literally in Word, templates in the data are
never expanded), table cells are neutralised against formula injection, and every query is
parameterised: quotes and `;` in names, attribute values, code labels and searches are just text.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from coding.demo import PRIMARY_CODER
from click.testing import CliRunner

from app.cli import _load_commands, cli
from coding import analysis
from coding.codings import search
from coding.codebooks.operations import add_code
from coding.codings.operations import add_coding
from coding.importers import import_file
from coding.store.project import ProjectError, open_project
from exports.quotes import render_attribution, set_attribution_template, write_quote_bank
from exports.report_tables import export_table

SCRIPT = "<script>alert('x')</script>"
MARKDOWN = "**vet** [klik](javascript:alert(1)) ![img](http://x/y.png)"
TEMPLATES = "{rol} {0} {sector!r} {__class__.__mro__} ${7*7} {{dubbel}}"
SQL = "O'Neil\"; DROP TABLE codings; --"
FORMULA = "=HYPERLINK(\"http://x\",\"klik\")"
SPOKEN = f"De ondersteuner zei {SCRIPT} en {MARKDOWN} en {TEMPLATES} en {FORMULA} tijdens het overleg."


@pytest.fixture
def hostile(demo_copy, tmp_path):
    """The demo project plus one report whose text, file name, speaker attributes and code are hostile."""
    report = tmp_path / f"{SQL}.txt"
    report.write_text(f"Leerkracht 9: {SPOKEN}\n\nLeerkracht 9: Nog een zin over planning.\n", encoding="utf-8")
    with open_project(demo_copy) as project:
        document = import_file(project, report, "an", attributes={"respondentgroep": SQL})
        code = add_code(project, "an", "randvoorwaarden", f"{FORMULA} {SQL} {TEMPLATES}")
        text = project.conn.execute("SELECT text FROM documents WHERE id = ?", [document]).fetchone()[0]
        start = text.index(SPOKEN)
        case = project.conn.execute("SELECT case_id FROM units WHERE document_id = ? AND kind = 'turn' LIMIT 1",
                                    [document]).fetchone()[0]
        with project.write("an", "set attributes") as tx:  # hostile attribute values, as an import could bring
            for name, value in (("rol", f"{SCRIPT}{TEMPLATES}"), ("sector", "{rol}"), ("functie", SQL)):
                tx.delete("case_attributes", (case, name))
                tx.insert("case_attributes", {"case_id": case, "name": name, "value": value})
        # coded in the demo's default layer (its primary coder), so every export counts and shows it
        add_coding(project, PRIMARY_CODER, document, start, start + len(SPOKEN), code, valence="sterkte",
                   memo=FORMULA)
    return demo_copy, code


def _word_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def test_quote_bank_prints_markup_and_templates_literally(hostile, tmp_path):
    path, code = hostile
    out = tmp_path / "citaten.docx"
    with open_project(path) as project:
        set_attribution_template(project, "an", "({rol}, {sector})")
        write_quote_bank(project, out, codebook="randvoorwaarden")
    text = _word_text(out)
    assert SPOKEN in text  # the whole payload, character for character
    assert f"{SCRIPT}{TEMPLATES}" in text  # the attribute value, not expanded, not interpreted
    assert "{rol}" in text and "49" not in text.split(SPOKEN)[1][:200]
    with zipfile.ZipFile(out) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        relations = "".join(package.read(n).decode() for n in package.namelist() if n.endswith(".rels"))
    assert "<script>" not in xml and "&lt;script&gt;" in xml  # escaped text, never markup
    assert "javascript" not in relations and "http://x" not in relations  # no link was made from the data


def test_attribution_template_does_not_expand_braces_in_data():
    rendered = render_attribution("{rol} ({sector})", {"rol": "{sector} {__class__}", "sector": "GeO"})
    assert rendered.startswith("{sector} {__class__}")
    assert render_attribution("{rol}", {"rol": "{0}{1}"}) == "{0}{1}"


@pytest.mark.parametrize("what", ["codings", "fragments", "matrix"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_cells_are_neutralised_against_formulas(hostile, tmp_path, what, suffix):
    path, _ = hostile
    out = tmp_path / f"tabel{suffix}"
    with open_project(path) as project:
        export_table(project, out, what, "randvoorwaarden", "sector", False)
    if suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
    else:
        book = openpyxl.load_workbook(out)
        cells = []
        for row in book.active.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula written: {cell.value!r}"
                if isinstance(cell.value, str):
                    cells.append(cell.value)
    assert cells
    dangerous = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not _number(c))]
    assert dangerous == []
    if what != "matrix":
        assert any(FORMULA in c for c in cells)  # kept as visible text


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_sql_metacharacters_are_plain_text_everywhere(hostile):
    path, code = hostile
    with open_project(path) as project:
        db = project.conn
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"codings", "codes", "units", "documents"} <= tables
        assert db.execute("SELECT count(*) FROM documents WHERE name = ?", [SQL]).fetchone()[0] == 1
        assert db.execute("SELECT label FROM codes WHERE id = ?", [code]).fetchone()[0].endswith(TEMPLATES)
        found = analysis.fragments(project, code_id=code, attributes={"functie": SQL})
        assert len(found) == 1 and SPOKEN in found["text"].iloc[0]
        assert analysis.fragments(project, code_id=code, attributes={"functie": SQL + "x"}).empty
        hits = search.search(project, "planning", {"attributes": {"respondentgroep": SQL}})
        assert hits and all(hit["document"] == SQL for hit in hits)
        for query in ["'; DROP TABLE units; --", 'planning" OR "x', "NEAR(planning", "planning)", "* ; --"]:
            try:
                search.search(project, query)
            except ProjectError:
                pass  # a clear refusal is fine; an sqlite error or a changed project is not
        assert db.execute("SELECT count(*) FROM codings").fetchone()[0] > 0
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cli_listings_and_search_take_hostile_values(hostile):
    path, _ = hostile
    _load_commands()
    runner = CliRunner()
    for args in (["list", str(path), "documents"], ["list", str(path), "codes"],
                 ["search", str(path), "'; DROP TABLE units; --"],
                 ["search", str(path), "planning", "--attr", f"respondentgroep={SQL}"]):
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    listed = runner.invoke(cli, ["list", str(path), "documents"]).output
    assert SQL in listed

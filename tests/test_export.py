"""Report exports: quote bank and findings to Word, tables, anonymisation and its check, recommendations, CLI."""

import csv
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

import app.cli.export  # noqa: F401  (registers the export commands)
from app.cli import cli
from coding.store import history
from coding.privacy.anonymise import Anonymiser, leaks, set_replacement
from coding.codings.operations import add_coding
from coding.importers import import_file
from coding.reporting.recommendations import add_recommendation, delete_recommendation, recommendations, update_recommendation
from coding.store.project import ProjectError, open_project
from exports.findings import words, write_findings
from exports.quotes import render_attribution, set_attribution_template, write_quote_bank
from exports.report_tables import export_table

from export_project import NAMES, SEALED, build
import dbrows  # noqa: E402

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")



@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    project = open_project(folder / "p.db", create=True)
    result = build(project, folder / "src")
    yield result
    project.close()


def _docx_text(path):
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, "\n".join(parts)


def _assert_clean(text):
    for value in SEALED:
        assert value.casefold() not in text.casefold()
    for name in NAMES:
        assert name.casefold() not in text.casefold()
    assert "@" not in text and "12345" not in text


def test_quote_bank_opens_and_leaks_nothing(built, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBANK_LANG", "nl")  # the quote bank as a Dutch reader gets it
    result = write_quote_bank(built.project, tmp_path / "q.docx", context=True, memo=True)
    document, text = _docx_text(result["path"])
    _assert_clean(text)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["De uitrol", "Ondersteuningsmodellen", "Vorming", "De ondersteuningsrelatie"]
    quoted = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert "\u2018Samen lesgeven met een collega werkte goed in mijn klas.\u2019 " \
           "(een ondersteunde leerkracht (gewoon onderwijs))" in quoted
    assert "\u2018Co-teaching met de klasleerkracht werkte goed.\u2019 " \
           "(een respondent in de mailbox (logopedist))" in quoted
    assert any("(een ondersteuner (buitengewoon onderwijs))" in q for q in quoted)
    assert not any("vonden jullie" in q for q in quoted)  # facilitator talk is never quoted
    assert "Bron: verslag, alinea 2" in text
    # under each code sterktes come before groeikansen
    body = [p.text for p in document.paragraphs]
    models = body.index("Ondersteuningsmodellen")
    assert body.index("Sterktes", models) < body.index("Groeikansen", models) < body.index("Vorming")
    assert result["quotes"] == len(quoted) == 8


def test_selected_only_and_reused_quote_warning(built, tmp_path):
    result = write_quote_bank(built.project, tmp_path / "sel.docx", selected_only=True)
    _, text = _docx_text(result["path"])
    assert "luisterde echt" not in text and "te algemeen" not in text  # not selected
    assert result["quotes"] == 6 and result["warnings"] == []
    project = built.project
    text_of = dbrows.row(project, "documents", built.documents["mailbox"])["text"]
    start = text_of.index("Co-teaching met")
    code = project.db.execute("SELECT id FROM codes WHERE key = 'relatie'").fetchone()[0]
    extra = add_coding(project, "tester", built.documents["mailbox"], start, start + 46, code, "sterkte")
    try:
        warned = write_quote_bank(project, tmp_path / "all.docx")["warnings"]
        assert len(warned) == 1 and "used 2 times" in warned[0] and "relatie" in warned[0]
    finally:
        history.undo(project, "tester")
    assert project.db.execute("SELECT 1 FROM codings WHERE id = ?", [extra]).fetchone() is None


def test_attribution_template_is_editable_and_drops_unknown_parts(built, tmp_path):
    assert render_attribution("een {rol} ({sector}, {ondersteuningsmodel})",
                              {"rol": "leerkracht", "sector": "GeO", "ondersteuningsmodel": "co-teaching"}) \
        == "een leerkracht (gewoon onderwijs, co-teaching)"
    assert render_attribution("een {rol} ({sector}, {ondersteuningsmodel})", {"rol": "ondersteuner", "sector": "BuO"}) \
        == "een ondersteuner (buitengewoon onderwijs)"
    assert render_attribution("een respondent in de mailbox ({functie})", {}) == "een respondent in de mailbox"
    project = built.project
    set_attribution_template(project, "tester", "een bevraagde ({functie}, {sector})", kind="mailbox")
    try:
        _, text = _docx_text(write_quote_bank(project, tmp_path / "t.docx")["path"])
        assert "(een bevraagde (logopedist, buitengewoon onderwijs))" in text
    finally:
        history.undo(project, "tester")
    with pytest.raises(ProjectError, match="unbalanced"):
        set_attribution_template(project, "tester", "een {rol", kind="default")



@pytest.mark.parametrize("lang,said,not_said", [
    ("nl", ["Citatenbank", "Sterktes", "Bron: verslag, alinea 2", "Bevindingen (ontwerp)", "Conclusies",
            "Bijlage: tabellen", "Fragmenten", "Laag: codeur tester"],
     ["Quote bank", "Strengths", "Source:", "Findings", "Conclusions", "Appendix", "Layer:"]),
    ("en", ["Quote bank", "Strengths", "Source: verslag, paragraph 2", "Findings (draft)", "Conclusions",
            "Appendix: tables", "Fragments", "Layer: coder tester", "Among the "],
     ["Citatenbank", "Sterktes", "Bron:", "Bevindingen", "Conclusies", "Bijlage", "Laag:",
      " noemen ", "Figuur:", "Tabel:"])])
def test_the_word_exports_speak_the_readers_language(built, tmp_path, monkeypatch, lang, said, not_said):
    monkeypatch.setenv("WERKBANK_LANG", lang)
    _, bank = _docx_text(write_quote_bank(built.project, tmp_path / "q.docx")["path"])
    _, draft = _docx_text(write_findings(built.project, tmp_path / "f.docx", "rv")["path"])
    text = bank + "\n" + draft
    assert [w for w in said if w not in text] == []
    assert [w for w in not_said if w in text] == []

def test_findings_draft_has_sections_chart_recommendations_and_no_leaks(built, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBANK_LANG", "nl")  # the draft as a Dutch reader gets it
    project = built.project
    first = add_recommendation(project, "tester", "Plan overleg met Marijke Wouters en het team.",
                               ["de overheid", "schoolleiders"], ["rv:uitrol.modellen"], [built.codings[5]])
    second = add_recommendation(project, "tester", "Start de vorming voor het schooljaar.", ["de netten"],
                                ["uitrol.vorming"])
    try:
        result = write_findings(project, tmp_path / "f.docx", "rv")
        document, text = _docx_text(result["path"])
        _assert_clean(text)
        assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == \
            ["De uitrol", "De ondersteuningsrelatie", "Bijlage: aanbevelingen per adressaat", "Bijlage: tabellen"]
        body = [p.text for p in document.paragraphs]
        uitrol = body[body.index("De uitrol"):body.index("De ondersteuningsrelatie")]
        # shaped like a report chapter: findings, sterktes, groeikansen, conclusions, recommendations per addressee
        sections = [p for p in uitrol if p in ("Bevindingen", "Sterktes", "Groeikansen", "Conclusies", "Aanbevelingen")]
        assert sections == ["Bevindingen", "Sterktes", "Groeikansen", "Conclusies", "Aanbevelingen"]
        advice = uitrol[uitrol.index("Aanbevelingen") + 1:]
        assert advice[:3] == ["Aanbevelingen voor de overheid:", "Plan overleg met een collega en het team.",
                              "Aanbevelingen voor schoolleiders:"]
        assert advice.index("Aanbevelingen voor de netten:") + 1 == advice.index("Start de vorming voor het schooljaar.")
        assert "Bij de leerkrachten:" in text and "In de mailbox:" in text
        counts = document.tables[0]
        assert [c.text for c in counts.rows[0].cells] == ["Code", "Fragmenten", "Deelnemers", "Respondenten", "Sessies"]
        # facilitator's coding left out; 2 participants of session S1 and 1 mailbox respondent; the mailbox
        # is a source, not a session
        assert [c.text for c in counts.rows[1].cells][1:] == ["5", "2", "1", "1"]
        assert len(document.inline_shapes) == 2  # a balance chart per theme
        with zipfile.ZipFile(result["path"]) as package:
            assert any(n.startswith("word/media/") and n.endswith(".png") for n in package.namelist())
        assert "deelnemer (1 van 3) noemt sterktes" in text and "deelnemers (2 van 3) noemen groeikansen" in text
        assert "respondent (1 van 2) noemt sterktes" in text
        matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Aanbeveling")
        assert [c.text for c in matrix.rows[0].cells] == ["Aanbeveling", "de overheid", "schoolleiders", "de netten"]
        assert [c.text for c in matrix.rows[2].cells] == ["Start de vorming voor het schooljaar.", "", "", "X"]
        assert words("disclaimer") in text
        # the recommendation linked through a relatie quote also sits under that theme
        relatie = body.index("De ondersteuningsrelatie")
        assert any("Plan overleg met een collega" in line for line in body[relatie:])
        plain = write_findings(project, tmp_path / "g.docx", "rv", disclaimer=False)["path"]
        assert words("disclaimer") not in _docx_text(plain)[1]
    finally:
        delete_recommendation(project, "tester", first)
        delete_recommendation(project, "tester", second)


def test_recommendations_crud_is_logged_and_undoable(built):
    project = built.project
    rec = add_recommendation(project, "tester", "Geef ondersteuners vaste uren.", ["ondersteuners"], ["relatie"])
    update_recommendation(project, "tester", rec, addressees=["de overheid", "de netten"], codings=[built.codings[0]])
    row = next(r for r in recommendations(project.db) if r["id"] == rec)
    assert row["addressees"] == ["de overheid", "de netten"] and row["coding_ids"] == [built.codings[0]]
    history.undo(project, "tester")
    row = next(r for r in recommendations(project.db) if r["id"] == rec)
    assert row["addressees"] == ["ondersteuners"] and row["coding_ids"] == []
    with pytest.raises(ProjectError, match="coding 99999 does not exist"):
        update_recommendation(project, "tester", rec, codings=[99999])
    with pytest.raises(ProjectError, match="no code"):
        add_recommendation(project, "tester", "Iets.", codes=["bestaat niet"])
    delete_recommendation(project, "tester", rec)
    assert all(r["id"] != rec for r in recommendations(project.db))
    history.undo(project, "tester")
    assert any(r["id"] == rec for r in recommendations(project.db))
    delete_recommendation(project, "tester", rec)


def test_tables_are_anonymised_and_formula_safe(built, tmp_path):
    project = built.project
    path = export_table(project, tmp_path / "codings.csv", "codings")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [r["text"] for r in rows]
    assert "'=De ondersteuner luisterde naar ons team." in texts and "'+De vorming was te algemeen." in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for r in rows for t in r.values())
    _assert_clean("\n".join(",".join(r.values()) for r in rows))
    book = openpyxl.load_workbook(export_table(project, tmp_path / "fragments.xlsx", "fragments"))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert "'=De ondersteuner luisterde naar ons team." in cells
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)
    _assert_clean("\n".join(cells))
    matrix = openpyxl.load_workbook(export_table(project, tmp_path / "m.xlsx", "matrix")).active
    assert [c.value for c in matrix[1]] == ["layer", "key", "label", "GeO", "BuO"]   # whose codings, then the table
    assert matrix["A2"].value == "coder tester (default layer)"
    with pytest.raises(ProjectError, match="not .pdf"):
        export_table(project, tmp_path / "x.pdf", "codings")


def test_anonymiser_patterns_and_offsets():
    hide = Anonymiser([("Marijke", "de collega")], ["Jan Peeters"])
    text = ("Marijke (jan.peeters@school.be, 0472 12 34 56, 09/123.45.67) of JAN  PEETERS; stamboeknummer "
            "12345678901, instellingsnummer 23456. In 2016 zaten er 24 leerlingen in de klas van Marijkes.")
    assert hide.apply(text) == ("De collega ([e-mailadres], [telefoonnummer], [telefoonnummer]) of [afgeschermd]; "
                                "[stamboeknummer], [schoolnummer]. In 2016 zaten er 24 leerlingen in de klas van "
                                "Marijkes.")
    mapped = hide.mapped(text)
    start = text.index("In 2016")
    assert mapped.text[mapped.offset(start):mapped.offset(start + 7, end=True)] == "In 2016"
    assert mapped.text[mapped.offset(0):mapped.offset(7, end=True)] == "De collega"  # a sentence start


def test_check_reports_a_sealed_surname_until_it_is_replaced(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        build(project, tmp_path / "src", names=False)
        assert [leak["what"] for leak in leaks(project)] == []  # Marijke is not known as a name yet
        (tmp_path / "nota.txt").write_text("Leerkracht 3: Claes had het overleg goed voorbereid.\n", encoding="utf-8")
        import_file(project, tmp_path / "nota.txt", "tester")
        found = leaks(project)
        assert [leak["what"] for leak in found] == ["part of sealed Naam of case 5"]
        assert all("Claes" not in str(value) for leak in found for value in leak.values())  # never printed
    runner = CliRunner()
    result = runner.invoke(cli, ["anonymise-check", str(tmp_path / "p.db")])
    assert result.exit_code == 1 and "part of sealed Naam of case 5" in result.output
    assert runner.invoke(cli, ["replace", str(tmp_path / "p.db"), "Claes", "een collega"]).exit_code == 0
    assert runner.invoke(cli, ["replace", str(tmp_path / "p.db"), "Marijke Wouters", "een collega"]).exit_code == 0
    result = runner.invoke(cli, ["anonymise-check", str(tmp_path / "p.db")])
    assert result.exit_code == 1 and "Marijke luisterde" in result.output  # the first name alone: found, open
    accepted = runner.invoke(cli, ["names", str(tmp_path / "p.db"), "--accept", "Marijke", "--as", "een collega"])
    assert accepted.exit_code == 0, accepted.output
    result = runner.invoke(cli, ["anonymise-check", str(tmp_path / "p.db")])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(cli, ["replace", str(tmp_path / "p.db")]).output
    assert "Claes\teen collega" in listed


def test_cli_exports_and_recommend(built, tmp_path):
    runner = CliRunner()
    project = str(built.project.path)
    out = runner.invoke(cli, ["export", "quotes", project, str(tmp_path / "q.docx"), "--selected-only",
                              "--codebook", "rv"])
    assert out.exit_code == 0 and "wrote 6 quotes" in out.output
    added = runner.invoke(cli, ["recommend", "add", project, "Maak tijd vrij voor overleg.", "--to", "schoolleiders",
                                "--code", "relatie"])
    assert added.exit_code == 0, added.output
    out = runner.invoke(cli, ["export", "findings", project, str(tmp_path / "f.docx"), "--codebook", "rv"])
    assert out.exit_code == 0 and "1 recommendations" in out.output
    Document(str(tmp_path / "f.docx"))
    out = runner.invoke(cli, ["export", "table", project, str(tmp_path / "t.xlsx"), "--what", "matrix"])
    assert out.exit_code == 0 and (tmp_path / "t.xlsx").exists()
    bad = runner.invoke(cli, ["export", "findings", project, str(tmp_path / "f.docx"), "--codebook", "nope"])
    assert bad.exit_code == 1 and "no codebook 'nope'" in bad.output
    bad = runner.invoke(cli, ["replace", project, "Marijke", "Marijke B."])
    assert bad.exit_code == 1 and "contains the name itself" in bad.output
    rec = int(added.output.split()[-1])
    assert runner.invoke(cli, ["recommend", "delete", project, str(rec)]).exit_code == 0


def test_replacement_names_are_checked(built):
    with pytest.raises(ProjectError, match="needs at least two"):
        set_replacement(built.project, "tester", "A", "iemand")


@pytest.mark.parametrize("lang,sheet", [("nl", "coderingen"), ("en", "codings")])
def test_an_xlsx_sheet_is_named_in_the_readers_language_and_its_columns_stay(built, tmp_path, monkeypatch, lang, sheet):
    monkeypatch.setenv("WERKBANK_LANG", lang)
    book = openpyxl.load_workbook(export_table(built.project, tmp_path / "c.xlsx", "codings"))
    assert book.sheetnames == [sheet]
    assert [c.value for c in book.active[1]][:4] == ["layer", "coding_id", "code_id", "key"]  # as other tools read them

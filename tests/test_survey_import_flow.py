"""Looking before importing, refusing broken CSV files, updating an import and removing a document."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import app.cli.history  # noqa: F401  (registers the commands)
import app.cli.importing  # noqa: F401
from app.cli import cli
from coding.codings.operations import add_coding
from coding.importers import import_mailbox, mailbox, preview_mailbox
from coding.importers.csv_table import unique_headers
from coding.importers.survey_layout import excel_text
from coding.store import history
from coding.store.project import ProjectError, now, open_project
from coding.store.removal import remove_document

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

DATA = Path(__file__).parent / "data" / "surveys"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"WERKBANK_CODER": "tester"})


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "p.werkbank"
    with open_project(path, create=True) as p, p.write("test", "seed codebook") as tx:
        tx.insert("codebooks", {"id": "cb", "title": "Thema's", "version": "1", "imported_at": now()})
        tx.insert("codes", {"codebook_id": "cb", "key": "overleg", "label": "Overleg"})
    return path


def _counts(path) -> dict[str, int]:
    with open_project(path) as p:
        return {t: p.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "cases", "units", "codings", "sealed_identities", "case_attributes")}


UNBALANCED = ("Respondent;Wat gaat goed?;Naam;Mail\r\n"
              "R1;Het overleg op maandag.;Jan Peeters;jan.peeters@school.example\r\n"
              "R2;\"Korte lijnen; snel antwoord.\";An Claes;an.claes@school.example\r\n"
              "R3;\"Samen sterker was het doel;Kris Maes;kris.maes@school.example\r\n"
              "R4;De vorming.;Els Wouters;els.wouters@school.example\r\n"
              "R5;Niets te melden;Bart Pauwels;bart.pauwels@school.example\r\n")


def test_an_unbalanced_quote_is_refused_with_its_line_and_nothing_is_written(project_path, tmp_path):
    export = tmp_path / "mailbox.csv"
    export.write_bytes(UNBALANCED.encode("cp1252"))
    before = project_path.read_bytes()
    result = run("import-mailbox", project_path, export, "--accept-proposal")
    assert result.exit_code == 1
    assert "line 4" in result.stderr and "never closed" in result.stderr
    assert "kris.maes" not in result.output
    assert project_path.read_bytes() == before


def test_a_ragged_row_is_refused_and_read_leniently_only_when_asked(tmp_path):
    export = tmp_path / "rafelig.csv"
    export.write_text("ID;Wat gaat goed?;Functie\nR1;Het overleg.;leerkracht\nR2;De vorming;directeur;extra\n"
                      "R3;Korte lijnen.;leerkracht\n", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"line 3: this record has 4 fields separated by ';', the header has 3"):
        preview_mailbox(export)
    plan = preview_mailbox(export, lenient=True)
    assert plan.respondents == 3
    assert ("repaired", {"line": 3, "problem": "has 4 fields separated by ';', the header has 3"}) in plan.warnings


def test_a_quoted_field_that_swallows_records_is_refused(tmp_path):
    export = tmp_path / "slikt.csv"
    export.write_text('ID,Antwoord,Naam\nR1,"Begint hier,Jan\nR2,Nog een,Piet\nR3,Einde",An\nR4,Goed,Els\n',
                      encoding="utf-8")
    with pytest.raises(ProjectError, match=r"line 2: .*runs over lines 2-4"):
        preview_mailbox(export)


def test_twenty_thousand_equal_headers_are_handled_in_seconds(project_path, tmp_path):
    names = unique_headers(["Vraag"] * 20_000)
    assert len(set(names)) == 20_000 and names[:3] == ["Vraag", "Vraag (2)", "Vraag (3)"]
    export = tmp_path / "breed.csv"
    export.write_text(";".join(["Vraag"] * 20_000) + "\n" + ";".join(["ja"] * 20_000) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = run("import-mailbox", project_path, export, "--accept-proposal")
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1 and "20000 columns (limit" in result.stderr
    assert _counts(project_path)["documents"] == 0


def test_excel_escapes_are_decoded():
    assert excel_text("Eerste regel_x000D_\nTweede regel") == "Eerste regel\nTweede regel"
    assert excel_text("letterlijk _x005F_x000D_") == "letterlijk _x000D_"
    assert excel_text(3.0) == "3"


def test_two_columns_on_one_name_are_refused():
    with pytest.raises(ProjectError, match="both give 'functie'"):
        mailbox.check_mapping({"columns": {"Functie": {"role": "attribute", "name": "functie"},
                                           "Wat is uw functie?": {"role": "attribute", "name": "functie"}}})


ANSWERS = ["De ondersteuner komt elke week in de klas en denkt mee over de aanpak.",
           "Het netwerk maakt tijd voor overleg met ouders, dat helpt ons team echt vooruit.",
           "Voor onze school betekent het vooral rust: we weten bij wie we terecht kunnen.",
           "Minder papierwerk zou veel tijd vrijmaken voor de leerlingen zelf, denk ik.",
           "nvt"]


def test_roles_follow_the_content_not_a_word_in_the_header():
    headers = ["Nr", "Wat betekent het netwerk voor uw school?", "Naam van de begeleider", "Contact",
               "Welk advies zou u, in naam van uw team, geven?", "Adres", "Startdatum", "Score"]
    people = ["Jan Peeters", "An Van den Broeck", "Els Wouters", "Bart Pauwels", "Lies De Smet"]
    rows = [[str(n), ANSWERS[n], people[n], people[(n + 2) % 5], ANSWERS[(n + 1) % 5],
             f"Kerkstraat {n + 1}, 9000 Gent", f"2025-03-0{n + 1} 10:00", str(n + 3)] for n in range(5)]
    guesses = mailbox.guess_columns(headers, rows)
    roles = {h: g.role for h, g in zip(headers, guesses)}
    assert roles == {"Nr": "id", "Wat betekent het netwerk voor uw school?": "question",
                     "Naam van de begeleider": "identity", "Contact": "identity",
                     "Welk advies zou u, in naam van uw team, geven?": "question", "Adres": "identity",
                     "Startdatum": "ignore", "Score": "rating"}
    assert not guesses[3].sure  # names found by content alone: the user must look


def test_extra_header_rows_are_found_in_any_export_that_has_them(tmp_path):
    """A sub-label row (continuation columns blank in the first row) and a repeated-names row, each skipped."""
    export = tmp_path / "twee_kopregels.csv"
    export.write_text("Respondent ID,Wat loopt goed?,Hoe tevreden bent u?,,Functie\n"
                      ",Open-Ended Response,Bereikbaarheid,Deskundigheid,Response\n"
                      + "".join(f'{100 + n},"{ANSWERS[n]}",{n % 5 + 1},{(n + 2) % 5 + 1},leerkracht\n' for n in range(5)),
                      encoding="utf-8")
    plan = preview_mailbox(export)
    assert (plan.header_rows, plan.respondents) == (2, 5)
    assert [c.header for c in plan.columns] == ["Respondent ID", "Wat loopt goed?",
                                                "Hoe tevreden bent u? - Bereikbaarheid",
                                                "Hoe tevreden bent u? - Deskundigheid", "Functie"]
    assert ("header_rows", {"count": 1}) in plan.warnings
    export.write_text("StartDate,RespID,Q1,Q2\nStart Date,Resp ID,Wat loopt goed?,Wat kan beter?\n"
                      + "".join(f'2025-03-0{n + 1},r{n},"{ANSWERS[n]}","{ANSWERS[(n + 1) % 5]}"\n' for n in range(5)),
                      encoding="utf-8")
    plan = preview_mailbox(export)
    assert plan.header_rows == 2 and [c.header for c in plan.columns] == ["StartDate", "RespID", "Wat loopt goed?",
                                                                          "Wat kan beter?"]
    export.write_text('Q1,Q2\nWat loopt goed?,Wat kan beter?\n"{""ImportId"":""QID1_TEXT""}","{""ImportId"":""QID2_TEXT""}"\n'
                      + "".join(f'"{ANSWERS[n]}","{ANSWERS[(n + 1) % 5]}"\n' for n in range(5)), encoding="utf-8")
    plan = preview_mailbox(export)
    assert (plan.header_rows, plan.respondents) == (3, 5)
    assert [c.header for c in plan.columns] == ["Wat loopt goed?", "Wat kan beter?"]


def test_dry_run_writes_nothing_and_an_unsure_proposal_is_not_imported(project_path, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBANK_LANG", "nl")  # the plan as a Dutch user reads it
    export = tmp_path / "twijfel.csv"
    people = ["Jan Peeters", "An Van den Broeck", "Els Wouters", "Bart Pauwels", "Lies De Smet"]
    export.write_text("ID;Contact;Wat gaat goed?\n" + "".join(f"{n};{people[n]};{ANSWERS[n]}\n" for n in range(5)),
                      encoding="utf-8")
    before = project_path.read_bytes()
    result = run("import-mailbox", project_path, export, "--dry-run")
    assert result.exit_code == 0 and "Proefdraai: niets geschreven." in result.stderr
    assert "kolom 'Contact' lijkt een identiteit" in result.stderr and "J•• P••••••" in result.stderr
    assert "kolom 'Contact': voorstel 'identity' is onzeker" in result.stderr
    assert "Jan Peeters" not in result.output
    assert "4 antwoorden, 1 zonder inhoud" in result.stderr
    assert project_path.read_bytes() == before
    result = run("import-mailbox", project_path, export)
    assert result.exit_code == 1 and "--accept-proposal" in result.stderr
    assert project_path.read_bytes() == before
    mapping = tmp_path / "indeling.yaml"
    result = run("import-mailbox", project_path, export, "--accept-proposal", "--save-mapping", mapping)
    assert result.exit_code == 0 and "5 deelnemers of respondenten" in result.stdout
    assert "Contact: {role: identity}" in mapping.read_text(encoding="utf-8") or \
        "role: identity" in mapping.read_text(encoding="utf-8")
    assert run("import-mailbox", project_path, export, "--mapping", mapping, "--force").exit_code == 0


def _answer_span(p, document, respondent, question):
    return p.db.execute("""SELECT u.start, u.end FROM units u JOIN cases c ON c.id = u.case_id
                           WHERE u.document_id = ? AND c.label = ? AND u.question = ? AND u.kind = 'answer'""",
                        [document, respondent, question]).fetchone()


def test_update_replaces_the_import_and_keeps_codings_of_unchanged_answers(project_path, tmp_path):
    export = tmp_path / "enquete.csv"
    rows = [f"{n};{ANSWERS[n]}" for n in range(4)]
    export.write_text("ID;Wat gaat goed?\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with open_project(project_path) as p:
        document = import_mailbox(p, export, "tester")
        code = p.db.execute("SELECT id FROM codes").fetchone()[0]
        for respondent in ("0", "1", "2"):
            start, end = _answer_span(p, document, respondent, "Wat gaat goed?")
            add_coding(p, "tester", document, start, start + 10, code, "sterkte")
    # Newer export: respondent 0 is gone, 1 changed their answer, 2 and 3 unchanged, 9 is new.
    export.write_text("ID;Wat gaat goed?\n" + f"9;Een nieuwe respondent met een eigen antwoord.\n"
                      f"1;Intussen is alles anders.\n2;{ANSWERS[2]}\n3;{ANSWERS[3]}\n", encoding="utf-8")
    result = run("import-mailbox", project_path, export, "--update")
    assert result.exit_code == 0, result.output
    assert "1 codings carried over, 2 not" in result.stdout and "1: Wat gaat goed?" in result.stdout
    with open_project(project_path) as p:
        documents = p.db.execute("SELECT id, name FROM documents").fetchall()
        assert len(documents) == 1 and documents[0][1] == "enquete"  # replaced, not doubled
        new = documents[0][0]
        assert p.db.execute("SELECT count(*) FROM cases WHERE document_id = ?", [new]).fetchone()[0] == 4
        coding = p.db.execute("SELECT start, end, valence, case_id FROM codings").fetchall()
        start, _ = _answer_span(p, new, "2", "Wat gaat goed?")
        text = p.db.execute("SELECT text FROM documents WHERE id = ?", [new]).fetchone()[0]
        assert len(coding) == 1 and coding[0][:3] == (start, start + 10, "sterkte")
        assert text[coding[0][0]:coding[0][1]] == ANSWERS[2][:10]
        history.undo(p, "tester")  # the old import with its three codings is back
        assert p.db.execute("SELECT id FROM documents").fetchall() == [(document,)]
        assert p.db.execute("SELECT count(*) FROM codings WHERE document_id = ?", [document]).fetchone()[0] == 3


def test_remove_a_document_with_its_codings_in_one_undoable_step(project_path, tmp_path):
    export = tmp_path / "weg.csv"
    export.write_text("ID;Mail;Wat gaat goed?\n" + "".join(f"{n};r{n}@school.example;{ANSWERS[n]}\n"
                                                           for n in range(4)), encoding="utf-8")
    with open_project(project_path) as p:
        document = import_mailbox(p, export, "tester")
        code = p.db.execute("SELECT id FROM codes").fetchone()[0]
        start, end = _answer_span(p, document, "1", "Wat gaat goed?")
        add_coding(p, "tester", document, start, end, code, "groeikans", memo="belangrijk")
    full = _counts(project_path)
    result = run("remove", project_path, "weg")
    assert result.exit_code == 0 and "1 coding (" in result.stdout
    assert {k: v for k, v in _counts(project_path).items()} == dict.fromkeys(full, 0)
    assert run("undo", project_path).exit_code == 0
    assert _counts(project_path) == full
    with open_project(project_path) as p:
        assert p.db.execute("SELECT count(*) FROM units_fts WHERE units_fts MATCH 'ondersteuner'").fetchone()[0] > 0
        remove_document(p, "tester", document)
        history.undo(p, "tester")
        history.redo(p, "tester")
    assert _counts(project_path)["documents"] == 0
    assert run("remove", project_path, "bestaat-niet").exit_code == 1


def test_the_plan_says_what_a_rating_column_cannot_keep(tmp_path):
    export = tmp_path / "cijfers.csv"
    export.write_text("ID;Hoe tevreden bent u? (1-10);Wat gaat goed?\n"
                      + "".join(f"{n};{score};{ANSWERS[n]}\n" for n, score in enumerate(["7", "8", "weet niet", "6"])),
                      encoding="utf-8")
    plan = preview_mailbox(export)
    assert [c.role for c in plan.columns] == ["id", "rating", "question"]
    assert ("not_numbers", {"column": "Hoe tevreden bent u? (1-10)", "count": 1}) in plan.warnings


def test_a_summary_row_under_the_data_is_left_out_and_said(project_path, tmp_path):
    """Excel users add 'Totaal' under the data: it is no respondent, its totals no ratings, and the import
    says it left the row out; a 'Totaal' row whose numbers are not the column's total stays a respondent."""
    export = tmp_path / "excel.csv"
    rows = "".join(f"{n};{ANSWERS[n]};{n + 4};{n + 6}\n" for n in range(1, 5))
    export.write_text("Nr;Wat gaat goed?;Score start;Score nu\n" + rows + ";;;\nTotaal;;26;34\n;;;\n",
                      encoding="cp1252")
    result = run("import-mailbox", project_path, export)
    assert result.exit_code == 0, result.stderr
    assert "row 'Totaal'" in result.stderr and "not imported" in result.stderr  # English: see pytestmark
    plan = preview_mailbox(export)
    assert plan.respondents == 4 and [c.role for c in plan.columns] == ["id", "question", "rating", "rating"]
    with open_project(project_path) as p:
        assert sorted(r[0] for r in p.db.execute("SELECT label FROM cases")) == ["1", "2", "3", "4"]

    export.write_text("Nr;Wat gaat goed?;Score start;Score nu\n" + rows + "Totaal;;7;9\n", encoding="cp1252")
    plan = preview_mailbox(export)
    assert plan.respondents == 5 and not any(kind == "summary_row" for kind, _ in plan.warnings)


def test_limesurvey_answer_codes_are_said_before_import(project_path):
    """An export with answer codes ('A2', '-oth-') keeps codes, not the options' text: the proposal says so."""
    result = run("import-mailbox", project_path, DATA / "limesurvey_codes.csv", "--dry-run")
    assert result.exit_code == 0 and "column 'G01Q01' holds answer codes" in result.stderr
    result = run("import-mailbox", project_path, DATA / "limesurvey_fulltext.csv", "--dry-run")
    assert result.exit_code == 0 and "antwoordcodes" not in result.stderr

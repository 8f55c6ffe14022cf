"""The demo project a newcomer opens, and bringing in codings from a CSV."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from coding.importers.codings_csv import import_codings, read_rows
from coding.demo import CORPORA
from coding.store.project import ProjectError, open_project

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True)


def _sealed_values() -> list[str]:
    with open(CORPORA / "mailbox" / "mailbox_pwb.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row[col] for row in rows for col in ("Naam", "E-mailadres", "Naam van je school")]


def test_demo_has_every_corpus_document_and_its_speakers(demo_master):
    with open_project(demo_master) as project:
        kinds = dict(project.db.execute("SELECT kind, count(*) FROM documents GROUP BY kind").fetchall())
        assert kinds == {"groepsgesprek": 6, "interview": 1, "schriftelijke input": 1, "mailbox": 1}
        respondents = project.db.execute(
            "SELECT count(*) FROM cases c JOIN documents d ON d.id = c.document_id WHERE d.kind = 'mailbox'"
        ).fetchone()[0]
        with open(CORPORA / "mailbox" / "mailbox_pwb.csv", encoding="utf-8") as handle:
            assert respondents == sum(1 for _ in csv.DictReader(handle))
        # every group session has as many speaking participants as its report says took part
        sessions = project.db.execute(
            """SELECT d.name, a.value, (SELECT count(*) FROM cases c WHERE c.document_id = d.id AND c.is_data = 1)
               FROM documents d JOIN document_attributes a ON a.document_id = d.id AND a.name = 'aantal_deelnemers'
               WHERE d.kind = 'groepsgesprek'""").fetchall()
        assert len(sessions) == 6
        for name, expected, found in sessions:
            assert int(expected) == found, name


def test_facilitator_turns_are_not_data_and_not_coded(demo_master):
    with open_project(demo_master) as project:
        facilitators = project.db.execute(
            "SELECT count(*) FROM cases WHERE label = 'Procesbegeleider' AND is_data = 0").fetchone()[0]
        assert facilitators == 6
        coded = project.db.execute(
            "SELECT count(*) FROM codings g JOIN cases c ON c.id = g.case_id WHERE c.is_data = 0").fetchone()[0]
        assert coded == 0


def test_every_demo_coding_came_in_and_points_at_its_quote(demo_master):
    expected = 0
    quotes = []
    for file in sorted((CORPORA / "codings").glob("evaluator1_*.csv")):
        rows = read_rows(file)
        expected += len(rows)
        quotes += [row["quote"] for row in rows]
    with open_project(demo_master) as project:
        rows = project.db.execute(
            """SELECT substr(d.text, g.start + 1, g.end - g.start) FROM codings g
               JOIN documents d ON d.id = g.document_id WHERE g.coder = 'evaluator1'""").fetchall()
    assert len(rows) == expected
    assert sorted(r[0] for r in rows) == sorted(quotes)


@pytest.mark.parametrize("listing", ["documents", "cases", "codes", "codings"])
def test_sealed_identities_never_appear_in_cli_listings(demo_master, listing):
    result = _cli("list", str(demo_master), listing)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) > 1
    leaked = [value for value in _sealed_values() if value and value in result.stdout]
    assert leaked == []


def test_import_codings_by_respondent_and_question(demo_copy, tmp_path):
    file = tmp_path / "codings.csv"
    file.write_text("document;question;start;end;code;valence;coder\n"
                    "R002;Negatieve ervaringen;;;Concrete tips;groeikans;lien\n"
                    "R003;;0;5;randvoorwaarden:uitrol.klasvloer.tips;;lien\n", encoding="cp1252")
    with open_project(demo_copy) as project:
        made = import_codings(project, read_rows(file), "lien")
        assert made == 2
        rows = project.db.execute(
            """SELECT c.label, u.question, g.start = u.start AND g.end = u.end, g.valence FROM codings g
               JOIN cases c ON c.id = g.case_id JOIN units u ON u.case_id = g.case_id AND u.kind = 'answer'
               AND u.start <= g.start AND g.start < u.end WHERE g.coder = 'lien' ORDER BY c.label""").fetchall()
    assert rows[0] == ("R002", "Negatieve ervaringen", 1, "groeikans")
    assert rows[1][0] == "R003" and rows[1][3] == "neutraal"


def test_a_sheet_with_dutch_headings_and_its_own_valence_names_comes_in(demo_copy, tmp_path):
    # as a coder keeps codings in a spreadsheet: Dutch headings, capitals, plurals and "verbeterpunt"
    file = tmp_path / "codings.csv"
    file.write_text("Document;Vraag;Code;Valentie;Codeur\n"
                    "R002;Negatieve ervaringen;Concrete tips;Verbeterpunt;lien\n"
                    "R003;;Concrete tips;Sterktes;lien\n"
                    "R004;;Concrete tips;-;lien\n"
                    ";;;;\n", encoding="utf-8-sig")
    with open_project(demo_copy) as project:
        answers = project.db.execute(
            """SELECT count(*) FROM units u JOIN cases c ON c.id = u.case_id WHERE u.kind = 'answer'
               AND (c.label = 'R002' AND u.question = 'Negatieve ervaringen' OR c.label IN ('R003', 'R004'))""").fetchone()[0]
        assert import_codings(project, read_rows(file), "lien") == answers   # one coding per answer
        valences = project.db.execute(
            """SELECT c.label, g.valence FROM codings g JOIN cases c ON c.id = g.case_id
               WHERE g.coder = 'lien' GROUP BY c.label ORDER BY c.label""").fetchall()
    assert valences == [("R002", "groeikans"), ("R003", "sterkte"), ("R004", "groeikans")]
    file.write_text("document,code,valentie,codeur\nR002,Concrete tips,sterkte,lien\nR003,Concrete tips,prima,lien\n",
                    encoding="utf-8")
    with open_project(demo_copy) as project:
        with pytest.raises(ProjectError, match="row 3.*'prima'"):
            import_codings(project, read_rows(file), "lien")


def test_one_bad_row_refuses_the_whole_file(demo_copy, tmp_path):
    file = tmp_path / "codings.csv"
    file.write_text("document,start,end,code,coder\n"
                    "groepsgesprek_geo_west,0,10,Concrete tips,lien\n"
                    "groepsgesprek_geo_west,0,10,Bestaat niet,lien\n", encoding="utf-8")
    with open_project(demo_copy) as project:
        before = project.db.execute("SELECT count(*) FROM codings").fetchone()[0]
        with pytest.raises(ProjectError, match="row 3"):
            import_codings(project, read_rows(file), "lien")
        assert project.db.execute("SELECT count(*) FROM codings").fetchone()[0] == before
    result = _cli("import-codings", str(demo_copy), str(file))
    assert result.returncode == 1 and "row 3" in result.stderr


def test_demo_exports_pass_the_anonymisation_check(demo_master):
    # facilitators' and note-takers' names are in the name table; no respondent name shows anywhere
    result = _cli("anonymise-check", str(demo_master))
    assert result.returncode == 0, result.stdout
    assert not list(demo_master.parent.glob("*.backups"))

"""The import, list, search and code commands: output, privacy, one-line errors."""

import pytest
import yaml
from click.testing import CliRunner

import app.cli.importing  # noqa: F401  (registers the commands)
from app.cli import cli
from coding.store.project import now, open_project

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

SEALED = ["lies.janssens@voorbeeld.be", "Lies Janssens", "BS De Klimop", "0712345"]


@pytest.fixture
def files(tmp_path):
    report = tmp_path / "verslag west.txt"
    report.write_text("# Groepsgesprek West\n\nProcesbegeleider: Wat werkt goed?\n\n"
                      "LK1: Het overleg op maandag helpt ons echt.\n\n"
                      "Ondersteuner B: Ik zie dat de leerkracht meer durft.", encoding="utf-8")
    export = tmp_path / "mailbox.csv"
    export.write_text("Tijdstempel,Naam,E-mailadres,School,Stamboeknummer,Type onderwijs,Wat loopt goed?\n"
                      f"2016-05-02,{SEALED[1]},{SEALED[0]},{SEALED[2]},{SEALED[3]},gewoon,"
                      "Het overleg met de ondersteuner helpt.\n"
                      "2016-05-03,Tom Peeters,tom@voorbeeld.be,VBS Ter Linde,0799999,buitengewoon,\n",
                      encoding="utf-8")
    return report, export


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.db"
    with open_project(path, create=True) as p, p.write("test", "seed codebook") as tx:
        tx.insert("codebooks", {"id": "rv", "title": "Randvoorwaarden", "version": "1", "imported_at": now()})
        parent = tx.insert("codes", {"codebook_id": "rv", "key": "structureel", "label": "Structurele werkcondities",
                                     "codable": 0})
        tx.insert("codes", {"codebook_id": "rv", "key": "structureel.overleg", "label": "Structurele overlegmomenten",
                            "parent_id": parent})
    return str(path)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"WERKBANK_CODER": "tester"})


def test_import_list_search_and_code(project, files):
    report, export = files
    result = run("import", project, report, "--attr", "regio=West", "--attr", "datum=12/05/2016")
    assert result.exit_code == 0, result.output
    assert "imported verslag west (groepsgesprek): 3 participants or respondents, 3 sentences" in result.stdout
    mapping_file = report.parent / "mapping.yaml"
    result = run("import-mailbox", project, export, "--save-mapping", mapping_file)
    assert result.exit_code == 0, result.output
    assert "identity  E-mailadres" in result.stderr and "l•••" in result.stderr  # the plan, samples masked
    assert SEALED[0] not in result.output
    assert "imported mailbox (mailbox): 2 participants or respondents, 1 sentence (" in result.stdout
    saved = yaml.safe_load(mapping_file.read_text(encoding="utf-8"))["columns"]
    assert {saved[h]["role"] for h in ("Naam", "E-mailadres", "School", "Stamboeknummer")} == {"identity"}

    documents = run("list", project, "documents").stdout.splitlines()
    assert documents[0].split("\t") == ["id", "name", "kind", "version", "characters", "cases", "sentences",
                                        "attributes"]
    assert documents[1].endswith("datum=2016-05-12; regio=West")
    cases = run("list", project, "cases").stdout
    assert "LK1\tverslag west\t1\tregio=West; rol=ondersteunde leerkracht; sector=GeO" in cases
    assert "Procesbegeleider\tverslag west\t0" in cases

    assert run("code", project, "verslag west", 0, 5, "Structurele overlegmomenten", "--valence", "knelpunt").exit_code == 0
    assert run("code", project, "1", 0, 5, "rv:structureel.overleg", "--memo", "nota").exit_code == 0
    assert run("code", project, "1", 0, 5, "Structurele werkcondities > Structurele overlegmomenten").exit_code == 0
    codings = run("list", project, "codings").stdout.splitlines()
    assert len(codings) == 4 and "\tgroeikans\t" in codings[1] and codings[1].endswith("Groep")
    codes = run("list", project, "codes").stdout
    assert "Structurele werkcondities > Structurele overlegmomenten" in codes

    hits = run("search", project, "overleg helpt").stdout.splitlines()
    assert len(hits) == 3 and hits[0].startswith("document\tstart\tend\tcase\tattribution")
    only_mailbox = run("search", project, "overleg", "--kind", "mailbox").stdout.splitlines()
    assert len(only_mailbox) == 2 and "respondent (GeO)" in only_mailbox[1]
    assert len(run("search", project, "overleg", "--attr", "regio=West").stdout.splitlines()) == 2
    with open_project(project) as p:
        text = p.db.execute("SELECT text FROM documents WHERE name = 'verslag west'").fetchone()[0]
    at = text.index("Het overleg op maandag")
    assert run("code", project, "verslag west", at, at + 10, "Structurele overlegmomenten", "--valence", "s").exit_code == 0
    sterktes = run("search", project, "overleg", "--valence", "sterkte").stdout.splitlines()
    assert len(sterktes) == 2 and "Het overleg op maandag helpt ons echt." in sterktes[1]
    assert run("search", project, "overleg", "--valence", "g").stderr.strip() == "no matches"
    assert len(run("search", project, "overleg", "--coder", "tester", "--valence", "s").stdout.splitlines()) == 2
    assert run("search", project, "overleg", "--coder", "iemand").stderr.strip() == "no matches"

    everything = "".join(run(*args).output for args in [
        ("list", project, "documents"), ("list", project, "cases"), ("list", project, "codes"),
        ("list", project, "codings"), ("search", project, "overleg"), ("search", project, "helpen", "--all")])
    for value in SEALED + ["Tom Peeters", "tom@voorbeeld.be", "VBS Ter Linde", "0799999"]:
        assert value not in everything


@pytest.mark.parametrize("args, message", [
    (("import", "{project}", "{report}", "--attr", "regio"), "error: --attr takes key=value, not 'regio'"),
    (("import", "{project}", "notities.pdf"), "error: notities.pdf is not a readable PDF"),
    (("import", "{project}", "notities.odt"), "error: notities.odt: cannot import .odt"),
    (("code", "{project}", "geen", 0, 5, "x"), "error: no document 'geen'"),
    (("code", "{project}", "verslag west", 0, 5, "onbekend"), "error: no code 'onbekend'"),
    (("code", "{project}", "verslag west", 0, 5, "structureel"), "error: code 'Structurele werkcondities' is not codable"),
    (("code", "{project}", "verslag west", 0, 5, "structureel.overleg", "--valence", "goed"), "error: valence must be"),
    (("code", "{project}", "verslag west", 0, 9999, "structureel.overleg"), "error: span 0-9999 is outside"),
    (("import-mailbox", "{project}", "{export}", "--mapping", "{bad}"), "error: column 'Leeftijd' of the mapping"),
])
def test_errors_are_one_line_with_exit_1(project, files, tmp_path, args, message):
    report, export = files
    (tmp_path / "notities.pdf").write_bytes(b"%PDF")
    (tmp_path / "notities.odt").write_bytes(b"PK")
    bad = tmp_path / "bad.yaml"
    bad.write_text("columns:\n  Leeftijd: {role: attribute}\n", encoding="utf-8")
    assert run("import", project, report).exit_code == 0
    values = {"project": project, "report": report, "export": export, "bad": bad}
    result = CliRunner().invoke(cli, [str(a).format(**values) if str(a).startswith("{") else
                                      (str(tmp_path / a) if str(a).endswith(".pdf") else str(a)) for a in args])
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr

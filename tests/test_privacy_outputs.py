"""No sealed identity value and no replaced name in ANY output: every export and every CLI listing.

The demo project (345 sealed values: names, e-mail addresses, schools) gets one report in which a
participant names a colleague (put in the replacement table) and quotes a sealed respondent's name,
school and e-mail address; that passage is coded. Then every export and listing the command line
offers is run (suggestions through `autocode`: `suggest` writes the same CSV, after a slow fit),
packages (docx, xlsx, qdpx) are unzipped, and all text is searched for each value.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import _load_commands, cli
from coding.privacy import candidates
from coding.privacy.anonymise import set_replacement
from coding.codings.operations import add_coding
from coding.importers import import_file
from coding.store.project import open_project
from tests.outputs import all_text

COLLEAGUE = "Rosalinde Verhaegen"


@pytest.fixture(scope="module")
def planted(demo_master, tmp_path_factory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("privacy")
    path = folder / "demo.werkbank"
    path.write_bytes(demo_master.read_bytes())
    conn = sqlite3.connect(path)
    name, school, mail = conn.execute(
        "SELECT max(CASE WHEN name = 'Naam' THEN value END), max(CASE WHEN name = 'Naam van je school' THEN value END),"
        " max(CASE WHEN name = 'E-mailadres' THEN value END) FROM sealed_identities GROUP BY case_id "
        "HAVING count(*) = 3 LIMIT 1").fetchone()
    sealed = [r[0] for r in conn.execute("SELECT DISTINCT value FROM sealed_identities WHERE value IS NOT NULL")]
    conn.close()
    spoken = (f"Ik werk samen met {COLLEAGUE} en ook {name} van {school} hielp ons; "
              f"haar adres is {mail} voor wie het overleg wil plannen.")
    report = folder / "gesprek_privacy.txt"
    report.write_text(f"Leerkracht 1: {spoken}\n\nLeerkracht 2: De samenwerking met de ondersteuner liep goed.\n",
                      encoding="utf-8")
    with open_project(path) as project:
        set_replacement(project, "an", COLLEAGUE, "een collega")
        document = import_file(project, report, "evaluator1", kind="groepsgesprek")
        text = project.conn.execute("SELECT text FROM documents WHERE id = ?", [document]).fetchone()[0]
        code = project.conn.execute("SELECT c.id FROM codes c WHERE c.codebook_id = 'randvoorwaarden' AND "
                                    "c.codable = 1 AND c.active = 1 ORDER BY c.id LIMIT 1").fetchone()[0]
        start = text.index(spoken)
        add_coding(project, "evaluator1", document, start, start + len(spoken), code, valence="sterkte",
                   memo=f"navragen bij {COLLEAGUE}")
        add_coding(project, "evaluator2", document, start, start + len(spoken), code, valence="sterkte")
        # a sealed name typed into another document is not blanked there: the name finder proposes it,
        # and the reviewer accepts every possible name before exporting
        for row in candidates.listing(project.db, "open"):
            candidates.accept(project, "an", row["name"], "iemand")
    return path, [COLLEAGUE, *sealed]


def test_no_identity_or_replaced_name_in_any_output(planted, tmp_path):
    path, needles = planted
    project = str(path)
    _load_commands()
    runner = CliRunner()
    out = tmp_path
    commands = [
        ["export", "quotes", project, str(out / "citaten.docx"), "--context", "--memo"],
        ["export", "findings", project, str(out / "bevindingen.docx"), "--codebook", "randvoorwaarden"],
        ["export", "qdpx", project, str(out / "project.qdpx")],
        ["codebook", "export", project, "randvoorwaarden", str(out / "codeboek.yaml")],
        ["list", project, "documents"], ["list", project, "cases"], ["list", project, "codes"],
        ["list", project, "codings"],
        ["search", project, "samenwerken overleg plannen", "--limit", "500"],
        ["search", project, "adres", "--all"],
        ["agreement", project, "--coders", "evaluator1,evaluator2"],
        ["autocode", project, "--codebook", "randvoorwaarden", "--out", str(out / "autocode.csv")],
    ]
    for what in ("codings", "fragments", "matrix"):
        for suffix in (".csv", ".xlsx"):
            commands.append(["export", "table", project, str(out / f"{what}{suffix}"), "--what", what])
    for name, extra in [("frequencies", []), ("balance", ["--by", "sector"]), ("matrix", ["--by", "sector"]),
                        ("sources", []), ("cooccurrence", []), ("overview", [])]:
        commands.append(["analyse", project, name, "--out", str(out / f"analyse_{name}.csv"), *extra])
    printed = []
    for args in commands:
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
        printed.append((" ".join(args[:2]), result.output))
    files = [p for p in out.iterdir() if p.is_file()]
    assert len(files) >= 14
    corpus = [(p.name, all_text(p)) for p in files] + printed
    assert any("een collega" in text for _, text in corpus)  # the replacement itself is used
    hits = [(where, needle) for needle in needles for where, text in corpus if needle.casefold() in text.casefold()]
    assert hits == []

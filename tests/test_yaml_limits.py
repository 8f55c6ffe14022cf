"""The YAML a user hands in beside a file (a mailbox column mapping, a speaker mapping) is read under
the same limits as a codebook (docs/limits.md): an alias bomb, a deeply nested document, an
oversized file, the wrong top level or values of the wrong type are each refused with one clear
line, by the importer and by the CLI (exit 1), and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import app.cli.importing  # noqa: F401  (registers the commands)
from app.cli import cli
from coding.importers import import_file, import_mailbox
from coding.files import limits
from coding.files import yaml_input
from coding.store.project import ProjectError, open_project

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

CSV = "Functie;Onderwijsvorm;Wat loopt goed?\nleerkracht;gewoon onderwijs;Het overleg.\n"
REPORT = "# Verslag\n\nLeerkracht 1: De ondersteuner kwam elke week.\n\nDirecteur: Het overleg kan beter.\n"
LAUGHS = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ncolumns: {Functie: [*c, *c, *c, *c, *c, *c, *c, *c]}\n")
DEEP = "columns:\n  Functie: " + "[" * 5000 + "]" * 5000 + "\n"

# (mapping YAML, what the one-line error says); the same for both kinds of mapping unless noted
BOTH = [
    (LAUGHS, "line 2: YAML aliases (*name) are not allowed in a"),
    (DEEP, "nested more than 100 levels deep"),
    ("columns: {Functie: [unclosed\n", "not valid YAML"),
]
MAILBOX = BOTH + [
    ("- Functie\n- Onderwijsvorm\n", "a mailbox mapping needs 'columns:'"),
    ("columns: [Functie]\n", "a mailbox mapping needs 'columns:'"),
    ("columns: {Functie: [attribute, sector]}\n", "column 'Functie': give a role"),
    ("columns: {Functie: 7}\n", "column 'Functie': give a role"),
    ("columns: {Functie: {role: attribute, name: [a, b]}}\n", "column 'Functie': name must be text"),
    ("columns: {Functie: {role: identity, drop: ja}}\n", "column 'Functie': drop must be true or false"),
    ("columns: {Functie: question}\ndelimiter: [';']\n", "'delimiter' must be one of"),
    ("columns: {Functie: question}\ndelimiter: '|'\n", "'delimiter' must be one of"),
    ("columns: {Functie: question}\nempty_answers: nvt\n", "'empty_answers' is a list of answers"),
    ("columns: {Functie: question}\nsheet: {a: 1}\n", "'sheet' is the name of a sheet"),
]
SPEAKERS = BOTH + [
    ("just text\n", "a speaker mapping is a list of rules"),
    ("speakers: {role: lk}\n", "a speaker mapping is a list of rules"),
    ("- [role, lk]\n", "a speaker rule needs exactly one of 'role' or 'label'"),
    ("- {role: [lk, lkr]}\n", "speaker rule role must be text"),
    ("- {role: lk, is_data: nee}\n", "speaker rule is_data must be true or false"),
    ("- {role: lk, sector: {GeO: 1}}\n", "speaker rule attribute sector must be one value"),
    ("- {role: lk, 3: GeO}\n", "a speaker rule's keys are names"),
    ("speakers: [{role: lk}]\nuse_defaults: no thanks\n", "use_defaults must be true or false"),
]


def _counts(project) -> dict[str, int]:
    tables = [r[0] for r in project.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: project.conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "export.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "verslag.txt").write_text(REPORT, encoding="utf-8")
    return tmp_path


def _refused(folder: Path, run, text: str, message: str) -> None:
    (folder / "map.yaml").write_text(text, encoding="utf-8")
    with open_project(folder / "p.werkbank", create=True) as project:
        before = _counts(project)
        with pytest.raises(ProjectError) as refused:
            run(project, folder / "map.yaml")
        assert message in str(refused.value) and "\n" not in str(refused.value).strip()
        assert _counts(project) == before


@pytest.mark.parametrize("text, message", MAILBOX)
def test_bad_mailbox_mappings_are_refused_and_nothing_is_written(folder, text, message):
    _refused(folder, lambda p, path: import_mailbox(p, folder / "export.csv", "t", mapping=path), text, message)


@pytest.mark.parametrize("text, message", SPEAKERS)
def test_bad_speaker_mappings_are_refused_and_nothing_is_written(folder, text, message):
    _refused(folder, lambda p, path: import_file(p, folder / "verslag.txt", "t", speakers=path), text, message)


def test_an_oversized_mapping_is_refused_before_it_is_read(folder, monkeypatch):
    padding = "# " + "x" * 100 + "\n"
    text = "columns: {Functie: question}\n" + padding * (limits.MAX_YAML_BYTES // len(padding) + 1)
    _refused(folder, lambda p, path: import_mailbox(p, folder / "export.csv", "t", mapping=path), text,
             f"(limit {limits.MAX_YAML_BYTES // 1024} KB)")
    _refused(folder, lambda p, path: import_file(p, folder / "verslag.txt", "t", speakers=path), text,
             f"(limit {limits.MAX_YAML_BYTES // 1024} KB)")
    monkeypatch.setattr(yaml_input, "MAX_YAML_BYTES", 20)  # text from the app's box is measured too
    with pytest.raises(ProjectError, match="larger than 0 KB"):
        yaml_input.load_text("- {role: lk, rol: leerkracht}\n", "a speaker mapping", "the rules")


def test_mappings_within_the_limits_still_work(folder):
    (folder / "map.yaml").write_text("columns:\n  Functie: {role: attribute, name: functie}\n"
                                     "  Wat loopt goed?: question\ndelimiter: ';'\nempty_answers: [nvt]\n"
                                     "sheet: 2016\n", encoding="utf-8")
    (folder / "sprekers.yaml").write_text("- {role: leerkracht, rol: leerkracht, sector: GeO, is_data: true}\n",
                                          encoding="utf-8")
    with open_project(folder / "p.werkbank", create=True) as project:
        import_mailbox(project, folder / "export.csv", "t", mapping=folder / "map.yaml")
        report = import_file(project, folder / "verslag.txt", "t", speakers=folder / "sprekers.yaml")
        labels = dict(project.conn.execute("SELECT label, is_data FROM cases WHERE document_id = ?", [report]))
        assert labels == {"Leerkracht 1": 1, "Directeur": 1}
        assert project.conn.execute("SELECT value FROM case_attributes WHERE name = 'functie'").fetchone() == \
            ("leerkracht",)


@pytest.mark.parametrize("option, source, text, message", [
    ("--mapping", "export.csv", LAUGHS, "YAML aliases (*name) are not allowed in a mailbox mapping"),
    ("--mapping", "export.csv", DEEP, "nested more than 100 levels deep"),
    ("--mapping", "export.csv", "columns: {Functie: [a]}\n", "column 'Functie': give a role"),
    ("--speakers", "verslag.txt", LAUGHS, "YAML aliases (*name) are not allowed in a speaker mapping"),
    ("--speakers", "verslag.txt", "- {role: lk, is_data: nee}\n", "speaker rule is_data must be true or false"),
])
def test_cli_refuses_bad_mappings_in_one_line_with_exit_1(folder, option, source, text, message):
    (folder / "map.yaml").write_text(text, encoding="utf-8")
    project = folder / "p.werkbank"
    with open_project(project, create=True):
        pass
    command = "import-mailbox" if option == "--mapping" else "import"
    result = CliRunner().invoke(cli, [command, str(project), str(folder / source), option, str(folder / "map.yaml")])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and message in result.stderr and result.stderr.count("\n") == 1
    with open_project(project) as opened:
        assert opened.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0

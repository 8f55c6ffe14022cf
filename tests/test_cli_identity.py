"""On a project with accounts the command line acts as an account: `--user NAME` and that account's
password, checked against its hash; a typed coder name alone is refused; the event log and the
codings record the account. On a project without accounts the typed coder name works as before."""

from __future__ import annotations

import csv
import shutil

import pytest
from click.testing import CliRunner

from app.cli import _load_commands, cli
from coding.store.project import open_project
from coding.team.accounts import add

ANNA = "anna-haar-wachtwoord"
BERT = "bert-zijn-wachtwoord"


@pytest.fixture
def team_project(demo_master, tmp_path):
    path = tmp_path / "team.werkbank"
    shutil.copy(demo_master, path)
    with open_project(path) as project:
        add(project, "test", "anna", "beheerder", ANNA)
        add(project, "test", "bert", "codeur", BERT)
        add(project, "test", "lies", "lezer", "lies-haar-wachtwoord")
        document = project.conn.execute("SELECT name FROM documents ORDER BY id LIMIT 1").fetchone()[0]
        code = ":".join(project.conn.execute("SELECT codebook_id, key FROM codes ORDER BY id LIMIT 1").fetchone())
    _load_commands()
    return path, document, code


def _run(*args: str, password: str | None = None, env: dict | None = None, **kwargs):
    environment = {"WERKBANK_CODER": "", "WERKBANK_USER": "", **(env or {})}
    if password is not None:
        environment["WERKBANK_PASSWORD"] = password
    return CliRunner().invoke(cli, list(args), env=environment, **kwargs)


def _events(path) -> list[tuple[str, str]]:
    with open_project(path) as project:
        return [tuple(r) for r in project.conn.execute("SELECT actor, action FROM events ORDER BY id")]


def test_a_typed_coder_name_is_refused_and_an_account_is_the_coder(team_project):
    path, document, code = team_project
    before = _events(path)
    typed = _run("code", str(path), document, "0", "5", code, "--coder", "anna")
    assert typed.exit_code == 1 and "--user" in typed.output and "accounts" in typed.output
    bare = _run("code", str(path), document, "0", "5", code, env={"WERKBANK_CODER": "anna"})
    assert bare.exit_code == 1 and "--user NAAM" in bare.output
    wrong = _run("code", str(path), document, "0", "5", code, "--user", "anna", password=BERT)
    assert wrong.exit_code == 1 and "klopt niet" in wrong.output
    both = _run("code", str(path), document, "0", "5", code, "--user", "bert", "--coder", "anna", password=BERT)
    assert both.exit_code == 1
    assert _events(path) == before  # nothing changed by the refused calls

    made = _run("code", str(path), document, "0", "5", code, "--user", "bert", password=BERT)
    assert made.exit_code == 0, made.output
    coding_id = int(made.output.split()[-1])
    with open_project(path) as project:
        assert project.conn.execute("SELECT coder FROM codings WHERE id = ?", [coding_id]).fetchone()[0] == "bert"
    assert _events(path)[-1] == ("bert", "code")
    assert BERT not in made.output

    prompted = _run("undo", str(path), "--user", "bert", input=f"{BERT}\n")
    assert prompted.exit_code == 0, prompted.output
    assert _events(path)[-1][0] == "bert" and BERT not in prompted.output
    for file in path.parent.iterdir():  # the password used to log in is stored nowhere
        if file.is_file():
            assert BERT.encode() not in file.read_bytes(), file


def test_a_lezer_changes_nothing_and_only_a_beheerder_manages_accounts(team_project):
    path, document, code = team_project
    before = _events(path)
    lezer = _run("code", str(path), document, "0", "5", code, "--user", "lies", password="lies-haar-wachtwoord")
    assert lezer.exit_code == 1 and "lezer" in lezer.output
    codeur = _run("users", str(path), "role", "bert", "beheerder", "--user", "bert", password=BERT)
    assert codeur.exit_code == 1 and "beheerder" in codeur.output
    assert _events(path) == before
    beheerder = _run("users", str(path), "add", "carl", "--role", "codeur", "--user", "anna", password=ANNA,
                     env={"WERKBANK_NEW_PASSWORD": "carl-zijn-wachtwoord"})
    assert beheerder.exit_code == 0, beheerder.output
    assert _events(path)[-1] == ("anna", "account-add")
    with open_project(path) as project:
        from coding.team.accounts import verify
        assert verify(project.db.conn, "carl", "carl-zijn-wachtwoord") is not None
        assert verify(project.db.conn, "carl", ANNA) is None  # not the beheerder's own password


def test_a_codeur_imports_only_their_own_codings(team_project, tmp_path):
    path, document, code = team_project
    rows = tmp_path / "codings.csv"
    with open(rows, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["document", "start", "end", "code", "coder"])
        writer.writerow([document, 0, 5, code, "anna"])
    before = _events(path)
    other = _run("import-codings", str(path), str(rows), "--user", "bert", password=BERT)
    assert other.exit_code == 1 and "anna" in other.output
    assert _events(path) == before
    with open(rows, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["document", "start", "end", "code"])
        writer.writerow([document, 0, 5, code])
    own = _run("import-codings", str(path), str(rows), "--user", "bert", password=BERT)
    assert own.exit_code == 0, own.output
    with open_project(path) as project:
        assert project.conn.execute("SELECT coder FROM codings ORDER BY id DESC LIMIT 1").fetchone()[0] == "bert"


def test_without_accounts_the_typed_coder_works_as_before(demo_copy):
    _load_commands()
    with open_project(demo_copy) as project:
        document = project.conn.execute("SELECT name FROM documents ORDER BY id LIMIT 1").fetchone()[0]
        code = ":".join(project.conn.execute("SELECT codebook_id, key FROM codes ORDER BY id LIMIT 1").fetchone())
    made = _run("code", str(demo_copy), document, "0", "5", code, "--coder", "evaluator9")
    assert made.exit_code == 0, made.output
    assert _events(demo_copy)[-1] == ("evaluator9", "code")
    user = _run("code", str(demo_copy), document, "0", "5", code, "--user", "evaluator9", password="x" * 12)
    assert user.exit_code == 1 and "geen accounts" in user.output

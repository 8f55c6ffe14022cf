"""Accounts: salted argon2 hashes only, roles, the last beheerder kept; passwords nowhere in the
project file, the event log or the CLI's output; a SQLite file that is no project is left alone."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from click.testing import CliRunner

from app.cli import _load_commands, cli
from coding.store.project import ProjectError, open_project
from coding.team.accounts import accounts, add, has_accounts, remove, set_password, set_role, verify

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

PASSWORD = "paard-batterij-nietje"


def test_accounts_verify_by_hash_and_keep_a_beheerder(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        assert not has_accounts(project.db.conn)
        add(project, "init", "anna", "beheerder", PASSWORD)
        add(project, "anna", "bert", "codeur", "bert-zijn-wachtwoord")
        assert has_accounts(project.db.conn)
        assert verify(project.db.conn, "anna", PASSWORD).role == "beheerder"
        assert verify(project.db.conn, "anna", PASSWORD + "x") is None
        assert verify(project.db.conn, "niemand", PASSWORD) is None
        with pytest.raises(ProjectError, match="at least 10"):
            add(project, "anna", "kort", "lezer", "kort")
        with pytest.raises(ProjectError, match="role must be"):
            add(project, "anna", "carl", "baas", "carl-zijn-wachtwoord")
        with pytest.raises(ProjectError, match="exists already"):
            add(project, "anna", "Bert", "lezer", "nog-een-wachtwoord")
        with pytest.raises(ProjectError, match="last beheerder"):
            set_role(project, "anna", "anna", "lezer")
        with pytest.raises(ProjectError, match="last beheerder"):
            remove(project, "anna", "anna")
        set_role(project, "anna", "bert", "beheerder")
        set_role(project, "bert", "anna", "lezer")
        set_password(project, "anna", "anna", "een-nieuw-wachtwoord")
        assert verify(project.db.conn, "anna", PASSWORD) is None
        assert verify(project.db.conn, "anna", "een-nieuw-wachtwoord").role == "lezer"
        remove(project, "bert", "anna")
        assert [(a.name, a.role) for a in accounts(project.db.conn)] == [("bert", "beheerder")]
        stored = project.conn.execute("SELECT password_hash FROM accounts").fetchone()[0]
        assert stored.startswith("$argon2id$")
        actions = [r[0] for r in project.conn.execute("SELECT action FROM events ORDER BY id")]
        assert actions[:2] == ["account-add", "account-add"] and "account-password" in actions


def test_passwords_never_reach_the_project_file_the_log_or_the_output(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    _load_commands()
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(path)]).exit_code == 0
    made = runner.invoke(cli, ["users", str(path), "add", "anna", "--role", "beheerder"],
                         input=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.exit_code == 0, made.output
    changed = runner.invoke(cli, ["users", str(path), "passwd", "anna", "--user", "anna"],
                            env={"WERKBANK_PASSWORD": PASSWORD, "WERKBANK_NEW_PASSWORD": PASSWORD + "2"})
    assert changed.exit_code == 0, changed.output
    listed = runner.invoke(cli, ["users", str(path), "list"])
    assert listed.output.splitlines() == ["name\trole\toidc", "anna\tbeheerder\t"]
    flag = runner.invoke(cli, ["users", str(path), "add", "bert", "--role", "codeur", "--password", PASSWORD])
    assert flag.exit_code == 2  # no password on the command line
    with open_project(path):
        pass
    for candidate in (PASSWORD, PASSWORD + "2"):
        assert candidate not in made.output + changed.output + listed.output
        for file in tmp_path.iterdir():
            assert candidate.encode() not in file.read_bytes(), file
            assert hashlib.sha256(candidate.encode()).hexdigest().encode() not in file.read_bytes()


def test_a_sqlite_file_that_is_no_project_is_refused_and_left_as_it_was(tmp_path):
    foreign = tmp_path / "other.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('iemand')")
    conn.commit()
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(ProjectError, match="not a Werkbank project"):
        open_project(foreign)
    assert foreign.read_bytes() == before
    assert not (tmp_path / "other.sqlite-wal").exists()
    conn = sqlite3.connect(foreign)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["contacts"]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()

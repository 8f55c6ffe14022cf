"""Serving to a team: beyond loopback a project needs accounts; the old shared secret is only a
migration path (from the environment, never a flag) and warns; `werkbank app` becomes the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from app import launch
from app.cli import _load_commands, cli
from app.gate import ENV_SECRET, is_local, matches
from coding.store.project import ProjectError, open_project
from coding.team.accounts import add

MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")


def test_local_hosts_need_no_login_others_do():
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1") and is_local("127.0.0.2")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.5") and not is_local("werkbank.school")
    assert matches("geheim", "geheim") and not matches("geheim ", "geheim") and not matches("", "geheim")


@pytest.fixture
def started(monkeypatch):
    """What `werkbank app` would exec (nothing is started)."""
    calls = []
    monkeypatch.setattr(launch.os, "execve", lambda path, cmd, env: calls.append((cmd, env)))
    _load_commands()
    return calls


def test_cli_refuses_to_serve_a_project_without_accounts_beyond_this_machine(demo_copy, monkeypatch, started):
    monkeypatch.delenv(ENV_SECRET, raising=False)
    refused = CliRunner().invoke(cli, ["app", str(demo_copy), "--host", "0.0.0.0"])
    assert refused.exit_code == 1 and "maak eerst accounts aan" in refused.output and started == []
    with pytest.raises(ProjectError, match="accounts aan"):
        launch.run(demo_copy, host="0.0.0.0")
    # secrets are never taken on the command line (they would show in `ps`)
    flag = CliRunner().invoke(cli, ["app", str(demo_copy), "--host", "0.0.0.0", "--secret", "team-2026-lang-genoeg"])
    assert flag.exit_code == 2 and "No such option" in flag.output and started == []
    short = CliRunner().invoke(cli, ["app", str(demo_copy), "--host", "0.0.0.0"], env={ENV_SECRET: "x"})
    assert short.exit_code == 1 and started == []  # a one-character secret is no gate
    assert "te kort: minstens 16 tekens" in short.output
    legacy = CliRunner().invoke(cli, ["app", str(demo_copy), "--host", "0.0.0.0"],
                                env={ENV_SECRET: "team-2026-lang-genoeg"})
    assert legacy.exit_code == 0 and "waarschuwing: dit project wordt op 0.0.0.0 gedeeld met alleen een gedeeld " \
        "geheim" in legacy.output and "om over te stappen" in legacy.output
    assert "team-2026-lang-genoeg" not in legacy.output  # the secret itself is never printed
    local = CliRunner().invoke(cli, ["app", str(demo_copy)])
    assert local.exit_code == 0
    command, env = started[-1]
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("run") + 1].endswith("serve.py")  # the guarded ASGI entry


def test_cli_serves_a_project_with_accounts_beyond_loopback_with_its_host_names(demo_copy, monkeypatch, started):
    monkeypatch.delenv(ENV_SECRET, raising=False)
    with open_project(demo_copy) as project:
        add(project, "test", "anna", "beheerder", "correct paard batterij")
    served = CliRunner().invoke(cli, ["app", str(demo_copy), "--host", "0.0.0.0", "--name", "werkbank.school.test"])
    assert served.exit_code == 0, served.output
    [(command, env)] = started
    assert command[command.index("--server.address") + 1] == "0.0.0.0"
    assert command[command.index("--client.showErrorDetails") + 1] == "none"  # no traceback in a browser
    assert command[command.index("--browser.serverAddress") + 1] == "localhost"  # no outside address lookup
    assert env["WERKBANK_HOSTS"] == "werkbank.school.test"


def _markdown(app: AppTest) -> str:
    return " ".join(str(m.value) for m in app.markdown) + " ".join(str(t.value) for t in app.title)


def test_app_shows_nothing_before_the_secret(demo_copy, monkeypatch):
    monkeypatch.setenv(ENV_SECRET, "team-2026")
    monkeypatch.setenv("WERKBANK_PROJECT", str(demo_copy))
    app = AppTest.from_file(MAIN, default_timeout=60).run()
    assert not app.exception
    assert len(app.text_input) == 1 and app.text_input[0].label == "Gedeeld geheim"
    assert demo_copy.name not in " ".join(str(c.value) for c in app.caption)  # not even the project name
    app.text_input[0].input("fout")
    app.button[0].click().run()
    assert [e.value for e in app.error] == ["Dat geheim klopt niet."]
    app.text_input[0].input("team-2026")
    app.button[0].click().run()
    assert not app.exception and not app.error
    assert any(demo_copy.name in str(c.value) for c in app.caption)  # the sidebar now names the project


def test_app_without_a_secret_has_no_gate(demo_copy, monkeypatch):
    monkeypatch.delenv(ENV_SECRET, raising=False)
    monkeypatch.setenv("WERKBANK_PROJECT", str(demo_copy))
    app = AppTest.from_file(MAIN, default_timeout=60).run()
    assert not app.exception
    assert "Gedeeld geheim" not in [t.label for t in app.text_input]


def test_app_of_a_project_with_accounts_shows_nothing_without_a_login(demo_copy, monkeypatch):
    """Behind the guard no session reaches the script without a cookie; should one, it still stops."""
    monkeypatch.delenv(ENV_SECRET, raising=False)
    monkeypatch.setenv("WERKBANK_PROJECT", str(demo_copy))
    monkeypatch.setenv("WERKBANK_CODER", "evaluator1")  # a typed or configured name is no identity
    with open_project(demo_copy) as project:
        add(project, "test", "anna", "beheerder", "correct paard batterij")
        titles = [r[0] for r in project.conn.execute("SELECT name FROM documents")]
    app = AppTest.from_file(MAIN, default_timeout=60).run()
    assert not app.exception
    shown = _markdown(app) + " ".join(str(c.value) for c in app.caption)
    assert "Aanmelden nodig" in shown and demo_copy.name not in shown
    assert not any(title in shown for title in titles) and not app.dataframe

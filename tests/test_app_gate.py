"""Serving to a team: a non-local host needs a shared secret, and the app asks for it before any page."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from app import launch
from app.cli import _load_commands, cli
from app.gate import ENV_SECRET, is_local, matches
from coding.store.project import ProjectError

MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")


def test_local_hosts_need_no_secret_others_do():
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1") and is_local("127.0.0.2")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.5") and not is_local("werkbank.school")
    assert matches("geheim", "geheim") and not matches("geheim ", "geheim") and not matches("", "geheim")


def test_cli_refuses_to_serve_beyond_this_machine_without_a_secret(demo_copy, monkeypatch):
    monkeypatch.delenv(ENV_SECRET, raising=False)
    started = []
    monkeypatch.setattr(launch.subprocess, "call", lambda cmd, env: started.append((cmd, env)) or 0)
    _load_commands()
    refused = CliRunner().invoke(cli, ["app", str(demo_copy), "--host", "0.0.0.0"])
    assert refused.exit_code == 1 and "shared secret" in refused.output and started == []
    with pytest.raises(ProjectError, match="shared secret"):
        launch.run(demo_copy, host="0.0.0.0")
    served = CliRunner().invoke(cli, ["app", str(demo_copy), "--host", "0.0.0.0", "--secret", "team-2026"])
    assert served.exit_code == 0, served.output
    [(command, env)] = started
    assert command[command.index("--server.address") + 1] == "0.0.0.0" and env[ENV_SECRET] == "team-2026"
    from_env = CliRunner().invoke(cli, ["app", str(demo_copy), "--host", "0.0.0.0"], env={ENV_SECRET: "uit-env"})
    assert from_env.exit_code == 0 and started[-1][1][ENV_SECRET] == "uit-env"
    local = CliRunner().invoke(cli, ["app", str(demo_copy)])
    assert local.exit_code == 0 and started[-1][0][started[-1][0].index("--server.address") + 1] == "127.0.0.1"


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

"""Start the Streamlit app for one project: headless, no usage statistics, behind the login guard.

`werkbank app` becomes the server process (exec), so stopping it (Ctrl+C, SIGTERM, SIGHUP) stops
the server. Served beyond loopback a project needs accounts (`werkbank users`); the shared secret of
earlier versions ($WERKBANK_SECRET, never a command-line flag) is only a migration path and warns.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

from coding.store.backup import backup_if_due
from coding.files.limits import MAX_FILE_BYTES
from coding.store.project import ProjectError, open_project

from .auth import ENV_HOSTS, ENV_PROJECTS_DIR, is_werkbank_project
from .gate import ENV_SECRET, check_serving, is_local
from .state import ENV_PROJECT

SERVE = Path(__file__).with_name("serve.py")
# How a script run goes: no page relies on "magic" (writing a bare expression's value), and without
# it a page compiles without an extra pass over its syntax tree.
RUNNER_OPTIONS = {"runner.magicEnabled": False}


def command(port: int = 8501, host: str = "127.0.0.1", team: bool = False) -> list[str]:
    """The `streamlit run` command line (also used by the browser tests). A team server shows no
    error details in the browser (they name server paths); they go to the server log."""
    return [sys.executable, "-m", "streamlit", "run", str(SERVE),
            "--server.address", host, "--server.port", str(port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--global.developmentMode", "false", "--client.toolbarMode", "minimal",
            "--browser.serverAddress", "localhost" if host in ("0.0.0.0", "::") else host,
            "--server.maxUploadSize", str(max(1, MAX_FILE_BYTES // 2**20)),
            *(["--client.showErrorDetails", "none"] if team else []),
            *[part for name, value in RUNNER_OPTIONS.items() for part in (f"--{name}", str(value).lower())]]


def apply_runner_options() -> None:
    """Run scripts in this process as the server runs them (for AppTest runs that measure a page)."""
    from streamlit import config

    for name, value in RUNNER_OPTIONS.items():
        config.set_option(name, value)


def environment(project_path: str | Path | None, hosts: tuple[str, ...] = (),
                projects_dir: str | Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop(ENV_PROJECTS_DIR, None)
    if project_path is not None:
        env[ENV_PROJECT] = str(Path(project_path).resolve())
    if projects_dir is not None:
        env.pop(ENV_PROJECT, None)
        env[ENV_PROJECTS_DIR] = str(Path(projects_dir).resolve())
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    if hosts:
        env[ENV_HOSTS] = ",".join(hosts)
    return env


def _served_names(host: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The Host names browsers may use: those given, plus a specific listen address itself."""
    try:
        specific = not ipaddress.ip_address(host).is_unspecified
    except ValueError:
        specific = True
    return tuple(dict.fromkeys([*names, *([host] if specific and not is_local(host) else [])]))


def served_projects(folder: str | Path, say=print) -> list[Path]:
    """The Werkbank projects with accounts directly in `folder`, brought to the current schema; every
    other file is named and left alone (a foreign SQLite file is never opened for writing)."""
    from app.strings import t
    from coding.team.accounts import has_accounts

    folder = Path(folder)
    if not folder.is_dir():
        raise ProjectError("app.launch.not_a_folder", folder=folder)
    served = []
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink() or not entry.is_file() or entry.name.endswith(("-wal", "-shm", "-journal")):
            continue
        if not is_werkbank_project(entry):
            say(t("launch.not_served_foreign", name=entry.name))
            continue
        with open_project(entry) as project:
            if not has_accounts(project.db.conn):
                say(t("launch.not_served_no_accounts", name=entry.name))
                continue
        served.append(entry)
    if not served:
        raise ProjectError("app.launch.no_team_project", folder=folder)
    return served


def run_folder(folder: str | Path, port: int = 8501, host: str = "127.0.0.1", names: tuple[str, ...] = (),
               say=print) -> int:
    """Serve the Werkbank projects in `folder` (each with its own accounts; the login asks which)."""
    served = served_projects(folder, say)
    say(f"serving {len(served)} projects: {', '.join(p.name for p in served)}")
    for path in served:
        backup_if_due(path)
    env = environment(None, _served_names(host, names), projects_dir=folder)
    cmd = command(port, host, team=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(cmd[0], cmd, env)
    return 0  # not reached


def run(project_path: str | Path, port: int = 8501, host: str = "127.0.0.1", names: tuple[str, ...] = (),
        say=print) -> int:
    """Serve the app for `project_path` until stopped: this process becomes the server.
    The project is opened once first so a wrong path (or a file that is no Werkbank project) fails
    here with a clear ProjectError; beyond loopback the project needs accounts (see app/gate.py)."""
    from coding.team.accounts import has_accounts

    with open_project(project_path) as project:
        team = has_accounts(project.db.conn)
    warning = check_serving(host, team, os.environ.get(ENV_SECRET))
    if warning:
        say(warning)
    backup_if_due(project_path)  # a scheduled snapshot when the newest backup is older than a day
    env = environment(project_path, _served_names(host, names))
    cmd = command(port, host, team=team or not is_local(host))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(cmd[0], cmd, env)  # replaces this process: a signal to `werkbank app` reaches the server
    return 0  # not reached (kept for the type; tests replace execve)

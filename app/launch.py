"""Start the Streamlit app for one project: local only, headless, no usage statistics."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coding.store.backup import backup_if_due
from coding.files.limits import MAX_FILE_BYTES
from coding.store.project import open_project

from .gate import ENV_SECRET, check_serving
from .state import ENV_PROJECT

MAIN = Path(__file__).with_name("main.py")
# How a script run goes: no page relies on "magic" (writing a bare expression's value), and without
# it a page compiles without an extra pass over its syntax tree.
RUNNER_OPTIONS = {"runner.magicEnabled": False}


def command(port: int = 8501, host: str = "127.0.0.1") -> list[str]:
    """The `streamlit run` command line (also used by the browser tests)."""
    return [sys.executable, "-m", "streamlit", "run", str(MAIN),
            "--server.address", host, "--server.port", str(port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--global.developmentMode", "false", "--client.toolbarMode", "minimal",
            "--server.maxUploadSize", str(max(1, MAX_FILE_BYTES // 2**20)),
            *[part for name, value in RUNNER_OPTIONS.items() for part in (f"--{name}", str(value).lower())]]


def apply_runner_options() -> None:
    """Run scripts in this process as the server runs them (for AppTest runs that measure a page)."""
    from streamlit import config

    for name, value in RUNNER_OPTIONS.items():
        config.set_option(name, value)


def environment(project_path: str | Path | None) -> dict[str, str]:
    env = dict(os.environ)
    if project_path is not None:
        env[ENV_PROJECT] = str(Path(project_path).resolve())
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    return env


def run(project_path: str | Path, port: int = 8501, host: str = "127.0.0.1", secret: str | None = None) -> int:
    """Serve the app for `project_path` until stopped (Ctrl+C); returns streamlit's exit code.
    The project is opened once first so a wrong path fails here with a clear ProjectError.
    Beyond this machine (a non-loopback host) a shared secret is required (see app/gate.py)."""
    secret = secret or os.environ.get(ENV_SECRET)
    check_serving(host, secret)
    with open_project(project_path):
        pass
    backup_if_due(project_path)  # a scheduled snapshot when the newest backup is older than a day
    env = environment(project_path)
    if secret:
        env[ENV_SECRET] = secret
    return subprocess.call(command(port, host), env=env)

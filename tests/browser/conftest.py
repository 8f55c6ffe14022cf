"""Real-browser fixtures: a Streamlit server on a free localhost port, serving a test project built
through the store API, and Debian's chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from processes import stop  # noqa: E402
from ui_fixture import build_project  # noqa: E402

from app.launch import command, environment  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
VIEWPORT = {"width": 1366, "height": 768}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    """Wait for the server's health route; a server that exits or stays silent is killed and fails the test."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the Streamlit server did not start")
            time.sleep(0.2)


@contextmanager
def serving(env: dict, log_path: Path, team: bool = False, port: int | None = None,
            cwd: Path | None = None) -> Iterator[str]:
    """A Werkbank server (`app.launch.command`) on a free port, logging to `log_path`: yields its URL
    once it answers, and stops it afterwards (killed if it does not stop within ten seconds)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    port = port or _free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(command(port, team=team), env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(url, process)
            yield url
        finally:
            stop(process)


def demo_copy(demo_master: Path, workdir: Path) -> dict:
    """A copy of the demo project for a module's `project` fixture: its pages need real numbers."""
    path = workdir / "demo.werkbank"
    shutil.copy(demo_master, path)
    return {"path": path}


@pytest.fixture(scope="module")
def workdir():
    """A private folder (not pytest's shared basetemp, which parallel pytest runs prune)."""
    folder = Path(tempfile.mkdtemp(prefix="werkbank-browser-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def project(workdir):
    return build_project(workdir / "project.db")


@pytest.fixture(scope="module")
def coder() -> str:
    """Who the app says is coding; a test module overrides this (and `project`, e.g. with a copy of
    the demo project) to serve another project as another coder."""
    return "tester"


@pytest.fixture(scope="module")
def server(project, coder, workdir):
    env = environment(project["path"])
    env["WERKBANK_CODER"] = coder
    env["WERKBANK_HOME"] = str(workdir / "home")
    with serving(env, workdir / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(COUNT_RUNS)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


# Count finished script runs, so a test can wait for the rerun its action caused.
COUNT_RUNS = """
new MutationObserver((changes) => {
  for (const change of changes) {
    const now = change.target.getAttribute('data-test-script-state');
    if (change.oldValue === 'running' && now !== 'running') window.__wbRuns = (window.__wbRuns || 0) + 1;
  }
}).observe(document, {attributes: true, subtree: true, attributeOldValue: true,
                      attributeFilter: ['data-test-script-state']});
"""


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    return path


def wait_idle(page) -> None:
    """Wait until no script run is going on."""
    page.wait_for_selector(".stApp[data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']",
                           state="attached")
    page.wait_for_timeout(100)


def rerun(page, action) -> None:
    """Do `action` (which makes Streamlit rerun) and wait until that rerun has finished.

    A quick run can start and finish within one React render, so its 'running' state is never
    painted and the counter misses it; after 10 s without a counted run, an idle app is taken as
    that run having finished (the test's own assertions then say whether it did what it should).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    runs = page.evaluate("() => window.__wbRuns || 0")
    action()
    try:
        page.wait_for_function(f"() => (window.__wbRuns || 0) > {runs}", timeout=10_000)
    except PlaywrightTimeout:
        pass
    wait_idle(page)

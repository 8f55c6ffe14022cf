"""A team on one server, in a real browser: three accounts in three browser contexts at once.

bram codes blind on the group interview: no page he can open shows zeynep's codings, neither in the
page text nor in any WebSocket message; lien (lezer) cannot download quotes; eva (beheerder) does see
zeynep's codings (so the checks can fail); a reload keeps the session; five wrong passwords are slowed.
"""

from __future__ import annotations

import time
import urllib.request

import pytest

from app.launch import environment
from coding.codings.operations import add_coding
from coding.store.project import open_project
from coding.team.accounts import add
from coding.team.assignments import assign_documents

from .conftest import VIEWPORT, screenshot, serving, wait_idle

pytestmark = pytest.mark.browser

PASSWORDS = {"eva": "eva-wachtwoord-2026", "bram": "bram-wachtwoord-2026", "lien": "lien-wachtwoord-2026",
             "zeynep": "zeynep-wachtwoord-2026"}
ROLES = {"eva": "beheerder", "bram": "codeur", "lien": "lezer", "zeynep": "codeur"}
SECRET_MEMO = "ZEYNEPS-EIGEN-MEMO"


@pytest.fixture(scope="module")
def team_project(project):
    with open_project(project["path"]) as p:
        for name, role in ROLES.items():
            add(p, "eva", name, role, PASSWORDS[name])
        doc = p.conn.execute("SELECT id, text FROM documents WHERE name = 'groepsgesprek_test'").fetchone()
        start = doc[1].index("De vorming vooraf was te kort.")
        add_coding(p, "zeynep", doc[0], start, start + 10, project["codes"]["uitrol.vorming"], "groeikans",
                   memo=SECRET_MEMO)
        assign_documents(p, "eva", "bram", ["groepsgesprek_test"], blind=True)
    return project


@pytest.fixture(scope="module")
def team_server(team_project, workdir):
    env = environment(team_project["path"])
    env["WERKBANK_CODER"] = "zeynep"  # a configured name is no identity once the project has accounts
    log_path = workdir / "team-server.log"
    with serving(env, log_path, team=True) as url:
        yield url, log_path


class Session:
    """One person's browser context, recording every WebSocket message it receives."""

    def __init__(self, browser, url: str, name: str):
        self.url, self.name = url, name
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.frames: list[bytes] = []
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else str(payload).encode("utf-8"))

    def log_in(self, password: str | None = None) -> None:
        self.page.goto(self.url + "/")
        self.page.get_by_label("Naam").fill(self.name)
        self.page.get_by_label("Wachtwoord").fill(password or PASSWORDS[self.name])
        self.page.get_by_role("button", name="Aanmelden").click()

    def open(self, path: str) -> str:
        self.page.goto(f"{self.url}/{path}")
        self.page.get_by_test_id("stSidebarNav").wait_for()
        self.page.wait_for_timeout(800)
        wait_idle(self.page)
        return self.page.inner_text("body")

    def nav(self) -> list[str]:
        return [a.get_attribute("href").rsplit("/", 1)[-1]
                for a in self.page.get_by_test_id("stSidebarNav").locator("a").all()]

    def received(self) -> bytes:
        return b"\n".join(self.frames)


def test_three_accounts_at_once_blind_coder_lezer_and_reload(browser, team_server):
    url, log_path = team_server
    eva, bram, lien = (Session(browser, url, n) for n in ("eva", "bram", "lien"))
    try:
        for person in (eva, bram, lien):
            person.log_in()
        for person in (eva, bram, lien):
            person.page.get_by_test_id("stSidebarNav").wait_for()
            wait_idle(person.page)
            assert f"Codeur: {person.name}" in person.page.inner_text("body")  # the login, not WERKBANK_CODER

        # the beheerder sees zeynep's coding and memo (the check below can fail)
        eva.open("coding")
        assert b"zeynep" in eva.received()  # the coding page's document view carries her coding
        screenshot(eva.page, "team_beheerder_coding")
        eva.frames.clear()
        eva.open("retrieval")
        assert b"zeynep" in eva.received()

        # the blind coder: every page he can open, in the page text and in the socket
        pages = bram.nav()
        assert "analysis" not in pages and "review" not in pages and "suggest" not in pages and "users" not in pages
        assert {"coding", "retrieval", "grid"} <= set(pages)
        for path in pages:
            text = bram.open(path)
            assert "zeynep" not in text and SECRET_MEMO not in text, path
            if path == "coding":
                screenshot(bram.page, "team_blind_coding")
        for path in ("analysis", "review", "suggest", "users", "codebook"):  # typed URLs of closed pages
            text = bram.open(path)
            assert "zeynep" not in text and SECRET_MEMO not in text, path
        assert b"zeynep" not in bram.received() and SECRET_MEMO.encode() not in bram.received()
        assert "Codeur: bram" in bram.open("")

        # the lezer: analysis and retrieval only, no quotes to download
        assert set(lien.nav()) == {"", "retrieval", "analysis"} or set(lien.nav()) <= {"start", "retrieval",
                                                                                        "analysis", ""}
        text = lien.open("retrieval")
        assert "Met de rol lezer kun je geen citaten exporteren." in text
        assert lien.page.get_by_test_id("stDownloadButton").count() == 0
        screenshot(lien.page, "team_lezer_retrieval")

        # a reload (and a new tab) keeps the session
        lien.page.reload()
        lien.page.get_by_test_id("stSidebarNav").wait_for()
        wait_idle(lien.page)
        assert "Codeur: lien" in lien.page.inner_text("body")
        tab = lien.context.new_page()
        tab.goto(url + "/")
        tab.get_by_test_id("stSidebarNav").wait_for()
        assert "Codeur: lien" in tab.inner_text("body")

        # logout ends the session; the old cookie no longer opens anything
        cookie = [c for c in lien.context.cookies() if c["name"] == "werkbank_sessie"][0]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        lien.page.goto(url + "/werkbank/logout")
        assert "Meld je aan" in lien.page.inner_text("body")
        request = urllib.request.Request(url + "/", headers={"Cookie": f"werkbank_sessie={cookie['value']}"})

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.build_opener(NoRedirect).open(request, timeout=5)
        assert refused.value.code == 303 and refused.value.headers["location"] == "/werkbank/login"
    finally:
        for person in (eva, bram, lien):
            person.context.close()


def test_five_wrong_passwords_are_slowed_down_and_logged(browser, team_server):
    url, log_path = team_server
    person = Session(browser, url, "zeynep")
    try:
        took = []
        for _ in range(5):
            started = time.monotonic()
            person.log_in("fout-wachtwoord")
            person.page.get_by_text("Naam of wachtwoord klopt niet.").wait_for(timeout=60_000)
            took.append(time.monotonic() - started)
        screenshot(person.page, "team_login_wrong")
        # the server waits 2, 4, 8 s before answering the third, fourth and fifth try: lower bounds, since a
        # busy machine only adds time (a strict order of the three failed once at load 20)
        assert took[2] >= 2 and took[3] >= 4 and took[4] >= 8 and took[4] - took[0] >= 4, took
        assert "groepsgesprek_test" not in person.page.content() and "project.db" not in person.page.content()
    finally:
        person.context.close()
    logged = log_path.read_text()
    assert logged.count("failed login for 'zeynep'") == 5
    assert not any(password in logged for password in PASSWORDS.values()) and "fout-wachtwoord" not in logged

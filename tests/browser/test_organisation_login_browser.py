"""Logging in through the organisation's sign-in (OpenID Connect, Streamlit's st.login routes) and a
server for a folder of projects, in Chromium against a local test provider (tests/oidc_provider.py):
the whole redirect flow on 127.0.0.1, a linked identity becomes its account, an unlinked one and a
forged id_token get nothing, and each login works in the project it names, never a typed path."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.launch import environment, served_projects
from coding.store.project import open_project
from coding.team.accounts import add, link
from oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider
from ui_fixture import build_project

from .conftest import COUNT_RUNS, VIEWPORT, _free_port, screenshot, serving, wait_idle
from .helpers import choose, rerun

pytestmark = pytest.mark.browser

ANNA = "anna-wachtwoord-2026"


@pytest.fixture(scope="module")
def provider():
    with Provider() as running:
        yield running


@pytest.fixture(scope="module")
def folder(workdir):
    """Two team projects, a foreign SQLite file and a text file in one folder."""
    projects = workdir / "projecten"
    projects.mkdir()
    for name, people in (("school_a", (("anna", "beheerder", None), ("bram", "codeur", "bram@school.test"))),
                         ("school_b", (("carla", "beheerder", "carla@school.test"),))):
        build_project(projects / f"{name}.werkbank")
        with open_project(projects / f"{name}.werkbank") as project:
            for person, role, identity in people:
                add(project, "test", person, role, ANNA if person == "anna" else f"{person}-wachtwoord-2026")
                if identity:
                    link(project, "test", person, identity)
    foreign = sqlite3.connect(projects / "contacten.sqlite")
    foreign.execute("CREATE TABLE contacts (name TEXT)")
    foreign.commit()
    foreign.close()
    (projects / "notities.txt").write_text("geen project", encoding="utf-8")
    return projects


@contextmanager
def _serve(workdir: Path, provider: Provider, env: dict, name: str):
    """The guarded server with an [auth] section in .streamlit/secrets.toml of its folder: (url, log)."""
    port = _free_port()
    home = workdir / name
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "een-lang-koekjesgeheim-voor-de-test-2026"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{provider.url}/.well-known/openid-configuration"
""", encoding="utf-8")
    log_path = home / "server.log"
    with serving(env, log_path, team=True, port=port, cwd=home) as url:
        yield url, log_path


@pytest.fixture(scope="module")
def folder_server(folder, provider, workdir):
    with _serve(workdir, provider, environment(None, projects_dir=folder), "map") as served:
        yield served


@pytest.fixture(scope="module")
def single_server(folder, provider, workdir):
    with _serve(workdir, provider, environment(folder / "school_a.werkbank"), "enkel") as served:
        yield served


def _context(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(COUNT_RUNS)  # lets `rerun` wait for a script run
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _organisation_login(page, url: str, email: str, project: str | None = None) -> None:
    page.goto(url + "/")
    if project is not None:
        page.locator('form[action="/werkbank/organisatie"] input[name="project"]').fill(project)
    page.get_by_role("button", name="Aanmelden via je organisatie").click()
    page.get_by_label("E-mail").fill(email)  # the provider's own page
    page.get_by_role("button", name="Inloggen bij de organisatie").click()


def _cookie_names(context) -> set[str]:
    return {c["name"] for c in context.cookies()}


def _logged_in_as(page, name: str) -> str:
    page.get_by_test_id("stSidebarNav").wait_for()
    wait_idle(page)
    body = page.inner_text("body")
    assert f"Codeur: {name}" in body
    return body


def _get(url: str) -> tuple[int, str]:
    """One GET without following redirects: status and everything sent (headers and body)."""
    request = urllib.request.Request(url)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, str(response.headers) + response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, str(error.headers) + error.read().decode("utf-8", "replace")


def test_one_project_a_linked_identity_logs_in_an_unlinked_one_and_a_forged_token_do_not(
        browser, single_server, provider):
    url, log_path = single_server
    # the flow's own routes, open before login, give nothing of the project
    for route in ("/werkbank/organisatie", "/auth/login", "/auth/login?provider=vervalst", "/oauth2callback",
                  "/oauth2callback?code=x&state=y", "/auth/logout"):
        status, sent = _get(url + route)
        assert status in (302, 303, 400, 403) and "school_a" not in sent and "groepsgesprek" not in sent, route
    linked, linked_page = _context(browser)
    stranger, stranger_page = _context(browser)
    try:
        linked_page.goto(url + "/")
        login_page = linked_page.content()
        assert "Aanmelden via je organisatie" in login_page and "school_a" not in login_page
        screenshot(linked_page, "organisation_login_page")
        _organisation_login(linked_page, url, "bram@school.test")
        _logged_in_as(linked_page, "bram")
        screenshot(linked_page, "organisation_login_bram")
        assert "werkbank_sessie" in _cookie_names(linked)
        assert not any(n.startswith("_streamlit_user") for n in _cookie_names(linked))  # only Werkbank's session
        linked_page.reload()
        _logged_in_as(linked_page, "bram")

        _organisation_login(stranger_page, url, "iemand@elders.test")
        stranger_page.get_by_text("geen toegang tot dit project").wait_for()
        assert "werkbank_sessie" not in _cookie_names(stranger)
        assert not any(n.startswith("_streamlit_user") for n in _cookie_names(stranger))
        assert "school_a" not in stranger_page.content()
        screenshot(stranger_page, "organisation_login_refused")

        provider.forge = True  # an id_token signed with a key the provider does not publish
        try:
            _organisation_login(stranger_page, url, "bram@school.test")
            stranger_page.get_by_role("button", name="Aanmelden", exact=True).wait_for()
        finally:
            provider.forge = False
        assert "werkbank_sessie" not in _cookie_names(stranger) and "Codeur: bram" not in stranger_page.content()
    finally:
        linked.close()
        stranger.close()
    assert all(r["authorised"] and r["pkce"] for r in provider.token_requests)  # client secret and PKCE sent
    logged = log_path.read_text()
    assert "organisation login (bram@school.test) of 'bram'" in logged
    assert "organisation login of 'iemand@elders.test' from 127.0.0.1 refused" in logged


def test_a_folder_of_projects_each_login_in_the_project_it_names(browser, folder_server, folder, provider):
    url, log_path = folder_server
    foreign_before = (folder / "contacten.sqlite").read_bytes()
    anna, anna_page = _context(browser)
    carla, carla_page = _context(browser)
    other, other_page = _context(browser)
    try:
        anna_page.goto(url + "/")
        before = anna_page.content()
        assert not any(word in before for word in ("school_a", "school_b", "contacten", str(folder)))
        password_form = anna_page.locator('form[action="/werkbank/login"]')
        password_form.locator('input[name="project"]').fill("school_a")
        anna_page.get_by_label("Naam").fill("anna")
        anna_page.get_by_label("Wachtwoord").fill(ANNA)
        anna_page.get_by_role("button", name="Aanmelden", exact=True).click()
        body = _logged_in_as(anna_page, "anna")
        assert "aangemeld in project school_a.werkbank als anna" in body
        assert "school_b" not in body and str(folder) not in body
        screenshot(anna_page, "folder_login_school_a")

        # the beheerder links another identity to bram on the Accounts page; it then logs in as bram
        anna_page.goto(url + "/users")
        anna_page.get_by_role("button", name="Koppelen").wait_for()
        wait_idle(anna_page)
        choose(anna_page, "Account", "bram")
        anna_page.get_by_label("E-mailadres bij de organisatie (leeg: ontkoppelen)").fill("b.peeters@school.test")
        rerun(anna_page, lambda: anna_page.get_by_role("button", name="Koppelen").click())
        anna_page.get_by_text("bram kan zich nu aanmelden via de organisatie als b.peeters@school.test").wait_for()
        screenshot(anna_page, "folder_accounts_link")
        _organisation_login(other_page, url, "b.peeters@school.test", project="school_a")
        _logged_in_as(other_page, "bram")
        other_page.goto(url + "/werkbank/logout")

        _organisation_login(carla_page, url, "carla@school.test", project="school_b")
        body = _logged_in_as(carla_page, "carla")
        assert "school_b.werkbank" in body and "school_a" not in body

        # carla's identity is linked in school_b only; anna's password opens school_a only
        _organisation_login(other_page, url, "carla@school.test", project="school_a")
        other_page.get_by_text("geen toegang tot dit project").wait_for()
        for typed in ("school_b", "../projecten/school_a.werkbank", str(folder / "school_a.werkbank"),
                      "contacten.sqlite", "notities.txt"):
            other_page.goto(url + "/werkbank/login")
            other_page.locator('form[action="/werkbank/login"] input[name="project"]').fill(typed)
            other_page.get_by_label("Naam").fill("anna")
            other_page.get_by_label("Wachtwoord").fill(ANNA)
            other_page.get_by_role("button", name="Aanmelden", exact=True).click()
            other_page.get_by_text("Project, naam of wachtwoord klopt niet.").wait_for(timeout=60_000)
            assert "werkbank_sessie" not in _cookie_names(other), typed
    finally:
        for context in (anna, carla, other):
            context.close()
    assert (folder / "contacten.sqlite").read_bytes() == foreign_before  # never opened for writing
    logged = log_path.read_text()
    assert "login of 'anna' to 'school_a.werkbank'" in logged
    assert "of 'carla' to 'school_b.werkbank'" in logged


def test_only_the_folders_werkbank_projects_with_accounts_are_served(folder, tmp_path):
    notes = []
    served = served_projects(folder, notes.append)
    assert [p.name for p in served] == ["school_a.werkbank", "school_b.werkbank"]
    assert any("contacten.sqlite" in n and "geen Werkbank-project" in n for n in notes)
    assert any("notities.txt" in n for n in notes)
    with open_project(tmp_path / "leeg.werkbank", create=True):
        pass
    with pytest.raises(Exception, match="geen Werkbank-project met accounts"):
        served_projects(tmp_path, notes.append)

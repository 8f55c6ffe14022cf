"""The Documents page in a real browser: upload a report and import it; a fake Word file is refused."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from coding.store.project import open_project

from .conftest import rerun, screenshot, wait_idle

pytestmark = pytest.mark.browser

REPORT = ("Leerkracht 1: We plannen het co-teaching moment nu elke week samen.\n\n"
          "Ondersteuner A: De vorming vooraf hielp, maar kwam laat in het schooljaar.\n")


def _names(project) -> list[str]:
    with open_project(project["path"]) as p:
        return [r["name"] for r in p.db.query("SELECT name FROM documents ORDER BY name")]


def _upload(page, path) -> None:
    rerun(page, lambda: page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(path)))


def _expect_name(page, name: str) -> None:
    """The name field shows the uploaded file's name. Waited for: an upload can take two runs (the
    old file leaves, the new one arrives), and the field is drawn anew in the second."""
    expect(page.get_by_label("Naam van het document")).to_have_value(name, timeout=20_000)


def _import(page) -> None:
    rerun(page, lambda: page.get_by_role("button", name="Importeren", exact=True).click())


def test_upload_a_report_and_refuse_a_fake_word_file(server, project, page, workdir):
    before = _names(project)
    report = workdir / "verslag_upload.txt"
    report.write_text(REPORT, encoding="utf-8")
    fake = workdir / "nep_verslag.docx"
    fake.write_bytes(b"Dit is platte tekst met een .docx-naam, geen Word-bestand.\n")

    page.goto(server + "/documents")
    page.get_by_role("tab", name="Importeren").wait_for()
    wait_idle(page)
    _upload(page, report)
    _expect_name(page, "verslag_upload")
    _import(page)
    page.get_by_text("Geïmporteerd: verslag_upload.").wait_for()
    assert _names(project) == sorted(before + ["verslag_upload"])
    # It is listed with its speakers counted.
    page.get_by_role("tab", name="Overzicht").click()  # tabs switch in the browser, without a run
    # The grid draws on a canvas; its cells are also in the page as a (hidden) accessible table.
    listing = page.get_by_role("tabpanel", name="Overzicht").get_by_test_id("stDataFrame")
    row = listing.locator("tr", has=page.locator("td", has_text=re.compile(r"^verslag_upload$")))
    row.wait_for(state="attached")
    cells = row.locator("td").all_text_contents()
    assert cells[:2] == ["verslag_upload", "groepsgesprek"] and cells[3:6] == ["tester", "2", "0"]  # 2 speakers
    screenshot(page, "documents_uploaded")

    page.get_by_role("tab", name="Importeren").click()
    _upload(page, fake)
    _expect_name(page, "nep_verslag")  # its own name
    _import(page)
    error = page.get_by_test_id("stAlertContentError")
    error.wait_for()
    error.scroll_into_view_if_needed()
    assert error.inner_text().startswith("nep_verslag.docx is niet geïmporteerd. Kies een echt Word-bestand")
    assert _names(project) == sorted(before + ["verslag_upload"])
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "documents_bad_upload")


def test_speaker_rules_with_an_alias_bomb_are_refused(server, project, page, workdir):
    """The speaker rules box is YAML read under the same limits as a file: a "billion laughs" is a
    Dutch error naming the problem, and nothing is imported."""
    before = _names(project)
    report = workdir / "verslag_regels.txt"
    report.write_text(REPORT, encoding="utf-8")
    page.goto(server + "/documents")
    page.get_by_role("tab", name="Importeren").wait_for()
    wait_idle(page)
    _upload(page, report)
    rules = page.get_by_role("textbox", name="Sprekers (optioneel, YAML-regels)")
    rules.fill("- {role: leerkracht, rol: &a [x, x, x, x, x, x, x, x]}\n- {role: lk, rol: [*a, *a, *a, *a]}\n")
    rules.blur()
    wait_idle(page)
    _import(page)
    error = page.get_by_test_id("stAlertContentError")
    error.wait_for()
    assert error.inner_text().startswith("De sprekerregels zijn geen geldige YAML: the rules, regel 2: YAML aliases")
    assert _names(project) == before
    assert page.get_by_test_id("stException").count() == 0


def test_a_word_report_says_where_its_words_went_and_labels_are_mapped_afterwards(server, project, page):
    """Import a Word report with labels no rule knows: the page tells the word account and lists them;
    on the speakers tab a role per label derives the turns again (no new import)."""
    from pathlib import Path

    from .helpers import choose

    fixture = Path(__file__).resolve().parents[1] / "data" / "reports" / "word_label_forms.docx"
    page.goto(server + "/documents")
    page.get_by_role("tab", name="Importeren").wait_for()
    wait_idle(page)
    _upload(page, fixture)
    _import(page)
    page.get_by_text("Geïmporteerd: word_label_forms.").wait_for()
    assert page.get_by_text("Woorden: 478 in het bestand; 309 als data, 78 van de begeleider").count() == 1
    warning = page.get_by_test_id("stAlertContentWarning")
    assert "Sprekers zonder regel (beurten behouden, zonder rol of sector): Logopediste (3x), Ouder 1 (3x)" in \
        warning.first.inner_text()
    warning.first.scroll_into_view_if_needed()
    screenshot(page, "documents_word_account")

    page.get_by_role("tab", name="Kenmerken en sprekers").click()
    choose(page, "Document", "word_label")
    role = page.get_by_role("textbox", name="Rol van Ouder 1 (3x)")
    role.wait_for()
    role.fill("ouder")
    role.blur()
    wait_idle(page)
    rerun(page, lambda: page.get_by_role("button", name="Koppelen").click())
    with open_project(project["path"]) as p:
        rol = p.db.execute("SELECT a.value FROM case_attributes a JOIN cases c ON c.id = a.case_id "
                           "WHERE c.label = 'Ouder 1' AND a.name = 'rol'").fetchone()
    assert rol == ("ouder",)
    page.get_by_role("tab", name="Kenmerken en sprekers").click()
    page.get_by_role("textbox", name="Rol van Logopediste (3x)").wait_for()
    page.get_by_role("textbox", name="Rol van Logopediste (3x)").scroll_into_view_if_needed()
    # mapped: no longer listed (the page runs twice after the click: wait for the second run's page)
    page.get_by_role("textbox", name="Rol van Ouder 1 (3x)").wait_for(state="detached")
    wait_idle(page)
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "documents_speakers_mapped")


def test_a_new_file_starts_with_an_empty_form(server, project, page, workdir):
    """The group, region and date typed for one file are not carried over to the next file."""
    first, second = workdir / "verslag_een.txt", workdir / "verslag_twee.txt"
    first.write_text(REPORT.replace("samen", "samen met de klas"), encoding="utf-8")
    second.write_text(REPORT.replace("elke week", "om de week"), encoding="utf-8")
    page.goto(server + "/documents")
    page.get_by_role("tab", name="Importeren").wait_for()
    wait_idle(page)
    _upload(page, first)
    for label, value in (("Respondentgroep", "ondersteuners BuO"), ("Regio", "Oost"), ("Datum", "2016-05-23")):
        field = page.get_by_role("textbox", name=label, exact=True)
        field.fill(value)
        rerun(page, lambda: field.press("Tab"))
    _import(page)
    page.get_by_text("Geïmporteerd: verslag_een.").wait_for()
    _upload(page, second)
    _expect_name(page, "verslag_twee")
    for label in ("Respondentgroep", "Regio", "Datum"):
        assert page.get_by_role("textbox", name=label, exact=True).input_value() == "", label
    screenshot(page, "documents_second_file")

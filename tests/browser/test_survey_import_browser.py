"""The survey import in a real browser: the plan is shown first, imported only after confirmation;
a document is removed with its codings and brought back by undo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coding.store.project import open_project

from .conftest import rerun, screenshot, wait_idle
from .helpers import choose, eventually

pytestmark = pytest.mark.browser

SURVEYS = Path(__file__).parent.parent / "data" / "surveys"


def _documents(project) -> dict[str, int]:
    with open_project(project["path"]) as p:
        return {name: cases for name, cases in p.db.execute(
            "SELECT d.name, (SELECT count(*) FROM cases c WHERE c.document_id = d.id) FROM documents d")}


def test_a_qualtrics_export_is_shown_then_imported_after_confirmation_and_removed_with_undo(
        server, project, page, workdir):
    export = workdir / "tevredenheid_qualtrics.csv"
    shutil.copy(SURVEYS / "qualtrics.csv", export)
    page.goto(server + "/documents")
    page.get_by_role("tab", name="Importeren").wait_for()
    wait_idle(page)
    rerun(page, lambda: page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(
        str(export)))
    warning = page.get_by_test_id("stAlertContentWarning")
    warning.wait_for()
    text = warning.inner_text()
    assert "2 rij(en) lijken kopregels" in text
    assert "kolom 'RecipientEmail' lijkt een identiteit" in text
    page.get_by_text("export van Qualtrics, 16 respondenten, 3 kopregel(s)").wait_for()
    screenshot(page, "survey_warnings")
    # The grid draws on a canvas; its cells are also in the page as a (hidden) accessible table.
    grid = page.get_by_test_id("stDataFrame").first
    grid.locator("td").first.wait_for(state="attached")
    cells = grid.locator("td").all_text_contents()
    assert "Wat loopt goed in de ondersteuning die u krijgt?" in cells
    assert not any("@" in cell for cell in cells)  # identity samples are masked
    assert "1•••••• | 1•••••• | 1••••••" in cells  # the IP addresses
    button = page.get_by_role("button", name="Importeren", exact=True)
    assert button.is_disabled()  # nothing is imported before the user confirms
    page.get_by_text("Ik heb de indeling nagekeken").scroll_into_view_if_needed()
    screenshot(page, "survey_plan")
    assert "tevredenheid_qualtrics" not in _documents(project)

    rerun(page, lambda: page.get_by_text("Ik heb de indeling nagekeken").click())
    rerun(page, lambda: page.get_by_role("button", name="Importeren", exact=True).click())
    page.get_by_text("Geïmporteerd: tevredenheid_qualtrics.").wait_for()
    assert _documents(project)["tevredenheid_qualtrics"] == 16
    screenshot(page, "survey_imported")

    page.get_by_role("tab", name="Kenmerken en sprekers").click()
    choose(page, "Document", "tevredenheid")
    box = page.get_by_text("Ja, verwijder tevredenheid_qualtrics met zijn coderingen")
    box.scroll_into_view_if_needed()
    rerun(page, box.click)
    rerun(page, lambda: page.get_by_role("button", name="Document verwijderen").click())
    removed = page.get_by_text("Verwijderd: tevredenheid_qualtrics (0 coderingen).")
    removed.wait_for()
    assert "tevredenheid_qualtrics" not in eventually(lambda: _documents(project))
    removed.scroll_into_view_if_needed()
    screenshot(page, "survey_removed")
    rerun(page, lambda: page.get_by_role("button", name="Ongedaan maken").click())
    assert eventually(lambda: _documents(project).get("tevredenheid_qualtrics")) == 16
    assert page.get_by_test_id("stException").count() == 0

"""A Teams transcript through the app: upload, map names to roles and the facilitator, code a turn, see its time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from coding.store.project import open_project

from .conftest import rerun, screenshot, wait_idle
from .helpers import choose, drag_select, eventually, open_coding, press

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
SPEC = yaml.safe_load((DATA / "MANIFEST.yaml").read_text(encoding="utf-8"))["files"]["teams.vtt"]


def _pick(page, label: str, typed: str) -> None:
    page.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(typed)
    rerun(page, lambda: page.keyboard.press("Enter"))


def test_import_a_teams_transcript_map_names_code_a_turn_and_see_when_it_was_said(server, project, page, workdir):
    upload = workdir / "groepsgesprek_teams.vtt"
    shutil.copy(DATA / "teams.vtt", upload)
    page.goto(server + "/documents")
    page.get_by_role("tab", name="Importeren").wait_for()
    wait_idle(page)
    rerun(page, lambda: page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(upload)))
    page.get_by_text(f"{len(SPEC['speakers'])} sprekers, {SPEC['turn_count']} beurten").wait_for()
    _pick(page, "Gespreksleider", SPEC["facilitator"])
    # The second and third speaker (in order of first appearance) get a role.
    _pick(page, "Rol van spreker 2", "directie")
    _pick(page, "Rol van spreker 3", "coördinator")
    screenshot(page, "transcript_speakers")
    rerun(page, lambda: page.get_by_role("button", name="Importeren", exact=True).click())
    page.get_by_text("Geïmporteerd: groepsgesprek_teams.").wait_for()

    with open_project(project["path"]) as p:
        document_id = p.db.execute("SELECT id FROM documents WHERE name = 'groepsgesprek_teams'").fetchone()[0]
        cases = {label: (bool(is_data), rol) for label, is_data, rol in p.db.execute(
            """SELECT c.label, c.is_data, (SELECT value FROM case_attributes WHERE case_id = c.id AND name = 'rol')
               FROM cases c WHERE c.document_id = ?""", [document_id])}
        turn = p.db.execute("SELECT start, end FROM units WHERE document_id = ? AND kind = 'turn' ORDER BY start "
                            "LIMIT 1 OFFSET 1", [document_id]).fetchone()
    assert cases == {"Deelnemer 1": (False, "procesbegeleider"), "Deelnemer 2": (True, "directie"),
                     "Deelnemer 3": (True, "coördinator"), "Deelnemer 4": (True, None), "Deelnemer 5": (True, None)}

    page.goto(server + f"/coding?doc={document_id}")
    open_coding(page, server)
    choose(page, "Code", "Vorming")
    second = SPEC["turns"][1]
    said = f"{second['start']}\u2013{second['end']}"
    block = page.locator(".wb-doc .wb-block", has=page.locator(f".wb-seg[data-s='{turn[0]}']"))
    assert block.locator(".wb-badge").inner_text() == "directie"
    assert block.locator(".wb-time").inner_text() == said
    drag_select(page, turn[0], turn[1])
    page.get_by_text(f"Gezegd: {said}").wait_for()
    press(page, "s")
    with open_project(project["path"]) as p:
        rows = eventually(lambda: p.db.execute("SELECT start, end, valence FROM codings WHERE document_id = ?",
                                               [document_id]).fetchall())
    assert rows == [(turn[0], turn[1], "sterkte")]
    page.get_by_text(f"· tester ({said})").wait_for()
    page.locator(".wb-doc").first.scroll_into_view_if_needed()
    screenshot(page, "transcript_coded")
    shown = page.locator("body").inner_text()
    assert not any(name in shown for name in SPEC["speakers"])  # no speaker's full name on the coding page

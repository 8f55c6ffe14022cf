"""Issue #15 in a real browser: the coding page warns when a selection runs into another speaker's
turn, and the app's downloads (fragments, memos as CSV and Markdown, drill-down, analysis,
codebook, live session) carry no sealed value, no formula a spreadsheet would run and no accepted
name unreplaced."""

from __future__ import annotations

import csv
import io
import re

import pytest

from coding.codings.operations import insert_coding
from coding.live import session as live
from coding.privacy import candidates
from coding.store.project import now, open_project

from .conftest import rerun, screenshot, wait_idle
from .helpers import drag_select, open_coding
from ui_fixture import build_project  # noqa: E402 (tests/ is on sys.path through conftest)

pytestmark = pytest.mark.browser

SEALED = "r9.verborgen@geheim.be"
ANSWER = f'=HYPERLINK("http://x.be","klik") Stuur het naar {SEALED} aub.'
MEMO_TITLE = "+1+1"
MEMO_TEXT = f"@SUM(A1) en mail naar {SEALED}"
FORMULA_LABEL = "=1+1 formule"


@pytest.fixture(scope="module")
def project(workdir):
    """The UI test project plus a respondent who typed a formula and their own (sealed) address."""
    built = build_project(workdir / "project.db")
    with open_project(built["path"]) as p, p.write("fixture", "seed") as tx:
        document = tx.insert("documents", {"name": "mailbox_extra", "kind": "mailbox", "text": ANSWER,
                                           "sha256": "x", "imported_at": now(), "imported_by": "fixture"})
        case = tx.insert("cases", {"name": "mailbox_extra / R9", "label": "R9", "document_id": document})
        tx.insert("case_attributes", {"case_id": case, "name": "sector", "value": "BuO"})
        tx.insert("sealed_identities", {"case_id": case, "name": "e-mail", "value": SEALED})
        tx.insert("units", {"document_id": document, "kind": "answer", "start": 0, "end": len(ANSWER),
                            "case_id": case})
        insert_coding(tx, "tester", document, 0, len(ANSWER), built["codes"]["relatie"], "groeikans")
        formula_code = tx.insert("codes", {"codebook_id": "pwb", "key": "formule", "label": FORMULA_LABEL,
                                           "position": 99, "codable": 1, "color": "#333333"})
        insert_coding(tx, "tester", document, 0, 12, formula_code, "sterkte")
        tx.insert("memos", {"target_type": "project", "target_id": None, "title": MEMO_TITLE, "text": MEMO_TEXT,
                            "author": "tester", "created_at": now(), "updated_at": now()})
    return built


def _download(page, button: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).first.click()
    return open(info.value.path(), encoding="utf-8-sig").read()


def _unsafe_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row if cell.startswith(("=", "+", "-", "@"))]


def test_selection_across_turns_is_warned(server, project, page):
    text = project["report_text"]
    open_coding(page, server)
    start = text.index("Daardoor miste")
    drag_select(page, start, text.index("Een ouder schreef") + len("Een ouder"))
    warning = page.get_by_text("Deze selectie loopt door in de beurt van Leerkracht 2")
    warning.wait_for()
    warning.scroll_into_view_if_needed()
    screenshot(page, "coding_crosses_turns")
    drag_select(page, start, start + len("Daardoor miste ik de start"))
    wait_idle(page)
    assert page.get_by_text("Deze selectie loopt door").count() == 0


def test_fragment_and_memo_downloads_are_anonymised_and_formula_safe(server, project, page):
    page.goto(server + "/retrieval")
    page.get_by_text("Gecodeerde fragmenten").first.wait_for()
    wait_idle(page)
    shown = page.get_by_text(SEALED, exact=False)
    assert shown.count() >= 1 and page.locator(f"a[href^='mailto:']").count() == 0  # text, never a link
    fragments = _download(page, "Fragmenten exporteren (CSV)")
    assert "HYPERLINK" in fragments and SEALED not in fragments and "[e-mailadres]" in fragments
    assert _unsafe_cells(fragments) == []

    page.goto(server + "/memos")
    wait_idle(page)
    page.get_by_role("tab", name="Overzicht en export").click()
    page.get_by_role("button", name="Exporteren als CSV").first.wait_for()
    memos_csv = _download(page, "Exporteren als CSV")
    assert "SUM(A1)" in memos_csv and SEALED not in memos_csv and _unsafe_cells(memos_csv) == []
    memos_md = _download(page, "Exporteren als tekst (Markdown)")
    assert "SUM(A1)" in memos_md and SEALED not in memos_md
    assert not re.search(r"(?m)^[=+@]", memos_md)
    screenshot(page, "memo_downloads")


def test_analysis_and_codebook_downloads_are_formula_safe(server, project, page):
    """Every download button on the analysis page (chart and table of the first analysis) and the
    codebook page: no live formula in a table, no sealed value anywhere."""
    page.goto(server + "/analysis")
    page.wait_for_selector("[data-testid='stVegaLiteChart']")
    wait_idle(page)
    files = {}
    for label in ("Grafiek (PNG)", "Grafiek (SVG)", "Tabel (CSV)", "Tabel (XLSX)"):
        with page.expect_download() as info:
            page.get_by_role("button", name=label).first.click()
        files[label] = open(info.value.path(), "rb").read()
    table = files["Tabel (CSV)"].decode("utf-8-sig")
    assert "1+1 formule" in table and _unsafe_cells(table) == []
    assert all(SEALED.encode() not in data for data in files.values())
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(files["Tabel (XLSX)"])).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("1+1 formule" in c for c in cells) and not [c for c in cells if c.startswith(("=", "+", "@"))]

    page.goto(server + "/codebook")
    wait_idle(page)
    for label in ("YAML (met de wijzigingen in dit project)", "REFI-QDA (.qdc, voor NVivo, MAXQDA, ATLAS.ti)"):
        page.get_by_role("tab", name="Importeren en exporteren").click()
        with page.expect_download() as info:
            page.get_by_role("button", name=label).first.click()
        assert SEALED not in open(info.value.path(), encoding="utf-8").read()
    screenshot(page, "codebook_downloads")


ACCEPTED, REPLACEMENT = "Marleen Verhaegen", "[de zorgcoördinator]"


def _docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word file."""
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_live_session_downloads_are_anonymised(server, project, page):
    """A live session whose guiding question, prepared point and captured point name a person the
    reviewer accepted as a name, next to a respondent's sealed address: each of the session page's
    downloads (draaiboek, mindmap PNG and SVG, member-check report) carries the replacement, never the
    name or the sealed value."""
    with open_project(project["path"]) as p:
        branch = project["codes"]["uitrol"]
        session = live.create_session(p, "tester", "Live sessie namen", "pwb", date="2026-12-07",
                                      branches=[branch], questions={branch: f"Wat zei {ACCEPTED} over de start?"})
        [case] = live.add_participants(p, "tester", session, [{"label": "P1", "rol": "leerkracht"}])
        live.add_prepared_points(p, "tester", session, [{"participant": "P1", "code": "",
                                                         "text": f"{ACCEPTED} mailt vooraf naar {SEALED}"}])
        live.capture(p, "tester", session, case, f"Volgens {ACCEPTED} was de start te laat, zie {SEALED}",
                     project["codes"]["uitrol.timing"], "groeikans")
        candidates.scan(p, "tester")  # the review list: the captured point's name is found ...
        assert ACCEPTED in {c["name"] for c in candidates.listing(p.db)}
        candidates.accept(p, "tester", ACCEPTED, REPLACEMENT)  # ... and accepted with a replacement
    page.goto(server + f"/live_session?sessie={session}")
    wait_idle(page)
    page.get_by_role("tab", name="Mindmap en draaiboek").click()
    files = {}
    for label in ("Draaiboek (Word)", "Mindmap (PNG)", "Mindmap (SVG)"):
        with page.expect_download() as info:
            page.get_by_role("button", name=label).first.click()
        files[label] = open(info.value.path(), "rb").read()
    screenshot(page, "live_session_mindmap_downloads")
    page.get_by_role("tab", name="Muur en afsluiten").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Sessieverslag voor de member check (Word)").click()
    files["verslag"] = open(info.value.path(), "rb").read()
    screenshot(page, "live_session_report_download")

    texts = {"Draaiboek (Word)": _docx_text(files["Draaiboek (Word)"]), "verslag": _docx_text(files["verslag"]),
             "Mindmap (SVG)": files["Mindmap (SVG)"].decode("utf-8")}
    for label, text in texts.items():
        assert SEALED not in text and ACCEPTED not in text, label
        assert REPLACEMENT in text, label  # the name was there, and the replacement took its place
    assert "[e-mailadres]" in texts["verslag"] and "te laat" in texts["verslag"]
    assert files["Mindmap (PNG)"].startswith(b"\x89PNG") and SEALED.encode() not in files["Mindmap (PNG)"]


def test_quote_bank_downloads_are_anonymised_and_formula_safe(server, project, page):
    """Issue #18's downloads beside the running quote bank (Word quote bank, findings draft, codings CSV
    and XLSX, .qdpx): the chosen quote is the respondent's answer holding their own sealed address and a
    formula; no file carries the address or a formula a spreadsheet would run."""
    import zipfile

    from coding.codings import quote_selection

    with open_project(project["path"]) as opened:
        coding = opened.db.execute("SELECT c.id FROM codings c JOIN documents d ON d.id = c.document_id "
                                   "WHERE d.name = 'mailbox_extra' AND c.end > 12").fetchone()[0]
        quote_selection.select(opened, "tester", coding)
    page.goto(server + "/retrieval")
    page.get_by_role("tab", name="Citatenbank").click()
    wait_idle(page)
    screenshot(page, "quote_bank_downloads")
    files = {}
    for label in ("Citatenbank (Word)", "Bevindingen (ontwerp, Word)", "Coderingen (CSV)", "Coderingen (Excel)",
                  "Project (REFI-QDA .qdpx)"):
        button = page.locator("[data-testid='stDownloadButton'] button", has_text=label)
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=120_000) as info:
            button.click()
        files[label] = open(info.value.path(), "rb").read()
    for label, data in files.items():
        texts = [data.decode("utf-8-sig", "ignore")]
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                texts = [package.read(name).decode("utf-8", "ignore") for name in package.namelist()]
        assert not any(SEALED in text for text in texts), label
    assert "Stuur het naar [e-mailadres]" in _docx_text(files["Citatenbank (Word)"])
    assert _unsafe_cells(files["Coderingen (CSV)"].decode("utf-8-sig")) == []
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(files["Coderingen (Excel)"])).active
    assert not [c.value for row in sheet.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith(("=", "+", "@"))]

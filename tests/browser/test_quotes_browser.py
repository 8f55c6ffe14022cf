"""The report writer's path in a real browser on the demo project: filter the fragments of a code of a
theme, mark five quotes, reorder two, shorten one, download the findings draft; python-docx then finds
the five quotes in that order under their theme, with the theme's recommendations under it.
Screenshots of every step land in artifacts/screenshots/quotes_*.png."""

from __future__ import annotations

import sqlite3

import pytest
from docx import Document

from coding.reporting.recommendations import add_recommendation
from coding.store.project import open_project

from .conftest import demo_copy, rerun, screenshot, wait_idle
from .helpers import choose

pytestmark = pytest.mark.browser

CODE = "structureel.arbeidsvoorwaarden"
THEME = "Structurele werkcondities"
RECOMMENDATIONS = [  # text, addressees, code
    ("Geef ondersteuners een statuut dat meer dan één schooljaar vastligt.", ["de overheid"], CODE),
    ("Bespreek de werkverdeling van ondersteuners jaarlijks met de scholen.", ["de netten", "schoolleiders"], CODE),
    ("Plan de vorming voor het schooljaar start.", ["de ondersteuningsnetwerken"], "uitrol.vorming"),
]


@pytest.fixture(scope="module")
def project(demo_master, workdir):
    """A copy of the demo with three recommendations made beforehand (as `werkbank recommend add` makes them)."""
    path = demo_copy(demo_master, workdir)["path"]
    with open_project(path) as opened:
        for text, addressees, code in RECOMMENDATIONS:
            add_recommendation(opened, "tester", text, addressees, [f"randvoorwaarden:{code}"])
    return {"path": path}


def _pick(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label, exact=True).click()
    rerun(page, lambda: page.get_by_role("option", name=option, exact=True).click())
    page.keyboard.press("Escape")


def _bank(page) -> list[str]:
    """The quotes of the running quote bank as shown, in order (text without its attribution)."""
    texts = page.locator("[class*='st-key-qb_quote_'] [data-testid='stText']").all_inner_texts()
    return [t.split("\u2019 (")[0].lstrip("\u2018") for t in texts if t.startswith("\u2018")]


def _normal(text: str) -> str:
    return " ".join(text.split())


def _findings(page, tmp_path) -> list[str]:
    """Download the findings draft from the quote bank tab; the paragraphs of THEME's section."""
    page.get_by_role("tab", name="Citatenbank").click()
    button = page.locator("[data-testid='stDownloadButton'] button", has_text="Bevindingen")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=120_000) as info:
        button.click()
    path = tmp_path / "bevindingen.docx"
    info.value.save_as(path)
    paragraphs = Document(str(path)).paragraphs
    body = [p.text for p in paragraphs]
    themes = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    return body[body.index(THEME):body.index(themes[themes.index(THEME) + 1])]


def test_mark_order_shorten_and_download_the_findings(server, project, page, tmp_path):
    page.set_default_timeout(90_000)  # the demo's page lists 200 fragments; the machine is shared
    page.goto(server + "/retrieval")
    page.get_by_text("Gecodeerde fragmenten").first.wait_for()
    wait_idle(page)
    label = sqlite3.connect(project["path"]).execute(
        "SELECT label FROM codes WHERE key = ? AND codebook_id = 'randvoorwaarden'", [CODE]).fetchone()[0]
    choose(page, "Code", label)
    _pick(page, "Valentie", "groeikans")
    panel = page.get_by_role("tabpanel").first
    marks = panel.locator("button", has_text="Voor het rapport")
    assert marks.count() >= 5
    screenshot(page, "quotes_1_filtered")

    for _ in range(5):
        rerun(page, lambda: marks.first.click())
    assert panel.locator("button", has_text="Uit het rapport").count() == 5
    screenshot(page, "quotes_2_marked")

    page.get_by_role("tab", name="Citatenbank").click()  # a tab shows what the run drew: no rerun
    page.get_by_text("5 citaten gekozen").wait_for()
    bank = page.get_by_role("tabpanel").filter(has=page.get_by_text("5 citaten gekozen"))
    marked = _bank(page)
    assert len(marked) == 5
    screenshot(page, "quotes_3_bank")

    # reorder two: the first one down, below the second
    rerun(page, lambda: bank.locator("button", has_text="Lager").first.click())
    reordered = _bank(page)
    assert reordered == [marked[1], marked[0], *marked[2:]]
    screenshot(page, "quotes_4_reordered")

    # shorten the third: keep its first three and last two words, leave the middle out
    third = page.locator("[class*='st-key-qb_quote_']").nth(2)
    third.get_by_text("Inkorten", exact=True).click()
    words = reordered[2].split()
    assert len(words) > 6
    shortened = " ".join(words[:3]) + " ... " + " ".join(words[-2:])
    field = third.get_by_label("Ingekort citaat")
    field.fill(shortened)
    rerun(page, lambda: third.locator("button", has_text="Inkorten bewaren").click())
    after = _bank(page)
    assert after[2] != reordered[2] and "\u2026" in after[2]
    assert _normal(after[2]).startswith(" ".join(words[:3]).rstrip(",;:")) and after[2].endswith(words[-1])
    assert after[:2] + after[3:] == reordered[:2] + reordered[3:]
    screenshot(page, "quotes_5_shortened")

    section = _findings(page, tmp_path)
    screenshot(page, "quotes_6_downloaded")
    quoted = [p.split("\u2019 (")[0].lstrip("\u2018") for p in section if p.startswith("\u2018")]
    assert [_normal(q) for q in quoted] == [_normal(q) for q in after]
    assert section.index("Groeikansen") < section.index(next(p for p in section if p.startswith("\u2018")))
    advice = section[section.index("Aanbevelingen"):]
    assert advice.index("Aanbevelingen voor de overheid:") < advice.index(RECOMMENDATIONS[0][0])
    assert advice.index("Aanbevelingen voor de netten:") < advice.index(RECOMMENDATIONS[1][0])
    assert RECOMMENDATIONS[2][0] not in section  # another theme's recommendation stays there


def test_write_change_and_place_a_recommendation(server, project, page, tmp_path):
    """A recommendation written in the app, for an addressee and linked to a theme, then changed,
    lands in the findings draft under that theme and that addressee."""
    page.set_default_timeout(90_000)
    page.goto(server + "/retrieval")
    page.get_by_text("Gecodeerde fragmenten").first.wait_for()
    wait_idle(page)
    page.get_by_role("tab", name="Aanbevelingen").click()
    panel = page.get_by_role("tabpanel", name="Aanbevelingen")
    panel.get_by_text(f"{len(RECOMMENDATIONS)} aanbevelingen").wait_for()
    assert panel.get_by_text(RECOMMENDATIONS[0][0]).count() == 1
    wait_idle(page)
    panel.get_by_text(RECOMMENDATIONS[0][0]).scroll_into_view_if_needed()
    screenshot(page, "recommendations_1_listed")

    form = panel.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Toevoegen"))
    text = "Voorzie per school een vast overlegmoment tussen ondersteuner en zorgteam."
    form.get_by_label("Aanbeveling").fill(text)
    form.get_by_role("combobox", name="Voor wie").click()
    page.get_by_role("option", name="schoolleiders", exact=True).click()
    page.keyboard.press("Escape")
    form.get_by_role("combobox", name="Thema's en codes").click()
    page.keyboard.type(THEME)
    page.get_by_role("option", name=THEME, exact=True).click()
    page.keyboard.press("Escape")
    screenshot(page, "recommendations_2_filled")
    rerun(page, lambda: form.get_by_role("button", name="Toevoegen").click())
    panel.get_by_text(f"{len(RECOMMENDATIONS) + 1} aanbevelingen").wait_for()
    written = panel.locator("[class*='st-key-rec_']", has_text=text)
    assert written.count() == 1
    assert "Voor: schoolleiders" in written.inner_text()

    changed = text.replace("een vast overlegmoment", "twee vaste overlegmomenten per trimester")
    written.get_by_role("button", name="Wijzigen").click()
    editor = page.get_by_test_id("stPopoverBody")
    editor.get_by_label("Aanbeveling").fill(changed)
    rerun(page, lambda: editor.get_by_role("button", name="Bewaren").click())
    panel.get_by_text(changed).wait_for()
    assert panel.get_by_text(text).count() == 0
    screenshot(page, "recommendations_3_changed")

    section = _findings(page, tmp_path)
    advice = section[section.index("Aanbevelingen"):]
    assert advice.index("Aanbevelingen voor schoolleiders:") < advice.index(changed)

"""Every page speaks one language: in Dutch no English word of ours or of Streamlit's is visible, in
English no Dutch word of ours (names in the project's data excepted). Screenshots of each page."""

from __future__ import annotations

import re

import pytest

from app.launch import environment
from app.roles import ALL_PAGES

from .conftest import screenshot, serving, wait_idle

pytestmark = pytest.mark.browser

PAGES = [p for p in ALL_PAGES if p != "users"]  # a project without accounts has no accounts page
ENGLISH = ["Choose an option", "Choose options", "Press Enter", "Upload", "Browse files", "per file",
           "Drag and drop", "dd / mm / yyyy", "yyyy/mm/dd", "YYYY/MM/DD", "None", "Select all", "No results",
           "Show more", "Expand", "undo", "uncode", "import-codings", "replace name", "error", "Error"]
DUTCH = ["Coderen", "Documenten", "Fragmenten", "Kies", "Codeboek", "Bewaren", "Importeren",
         "Sterkte", "Groeikans", "Zoeken", "Analyse", "Memo's", "Verwijderen", "Toevoegen", "codering",
         "Project geopend", "Wie ben je", "Suggesties", "Verschillen", "Sessie", "Deelnemer", "Laag:", "standaardlaag", "codeurs"]
# Words of the test project's own data (names, document titles, codebook labels) that a page shows as
# they are in either language.
DATA = re.compile(r"(?m)^.*(verslag|Verslag|Mailbox|mailbox|Leerkracht|leerkracht|Ondersteuning|ondersteun).*$")


@pytest.fixture(scope="module", params=["nl", "en"])
def served(request, project, workdir):
    env = environment(project["path"])
    env.update(WERKBANK_CODER="tester", WERKBANK_HOME=str(workdir / "home"), WERKBANK_LANG=request.param)
    with serving(env, workdir / f"streamlit-{request.param}.log") as url:
        yield request.param, url


def opened(page) -> str:
    """The visible text with every visible closed expander opened (an expander hides its text too)."""
    for summary in page.locator("[data-testid='stExpander'] details:not([open]) > summary").all():
        if summary.is_visible():
            summary.click()
    page.wait_for_timeout(300)
    return visible_text(page)


def visible_text(page) -> str:
    """What a person reads on the page, with the lines that quote the project's data left out."""
    return DATA.sub("", page.inner_text("body"))


@pytest.mark.parametrize("name", PAGES)
def test_every_page_speaks_one_language(served, page, name):
    lang, url = served
    page.goto(f"{url}/{'' if name == 'start' else name}")
    page.get_by_test_id("stSidebarNav").wait_for()
    page.wait_for_timeout(600)
    wait_idle(page)
    screenshot(page, f"language_{lang}_{name}")
    texts = [opened(page)]
    screenshot(page, f"language_{lang}_{name}_opened")
    for tab in page.get_by_role("tab").all()[1:]:  # tabs hide part of a page: read every one
        tab.click()
        page.wait_for_timeout(300)
        texts.append(opened(page))
    text = "\n".join(texts)
    words = ENGLISH if lang == "nl" else DUTCH
    found = [w for w in words if w in text]
    assert not found, f"{lang} page {name} shows {found}:\n{text}"

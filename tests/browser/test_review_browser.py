"""The consensus review in a real browser, on a copy of the demo project: evaluator2 differs from
evaluator1 in exactly the ways corpora/codings/evaluator2_disagreements.csv lists; the page must
show exactly those, and deciding every one through the page must finish the consensus layer."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from coding.agreement.consensus import CONSENSUS, disagreements
from coding.store.project import open_project

from .conftest import demo_copy, rerun, screenshot, wait_idle

pytestmark = pytest.mark.browser

LISTED = Path(__file__).resolve().parents[2] / "corpora" / "codings" / "evaluator2_disagreements.csv"
HEADER = re.compile(r"\(([\w.]+)\) · (code verschilt|valentie verschilt)\n(.+)")
KIND = {"code verschilt": "code", "valentie verschilt": "valence"}


@pytest.fixture(scope="module")
def project(demo_master, workdir):
    return demo_copy(demo_master, workdir)


@pytest.fixture(scope="module")
def coder():
    return "reviewer"


def _expected() -> dict[tuple[str, str, str], str]:
    """(document, or respondent for mailbox answers; code; what differs) -> quote, per listed disagreement."""
    out = {}
    with open(LISTED, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            where, quote = row["document"], row["quote"]
            if row["kind"] == "code_swap":
                keys = [(where, row["code_evaluator1"], "code"), (where, row["code_evaluator2"], "code")]
            elif row["kind"] == "valence_flip":
                keys = [(where, row["code_evaluator1"], "valence")]
            elif row["kind"] == "omitted":
                keys = [(where, row["code_evaluator1"], "code")]
            else:
                keys = [(where, row["code_evaluator2"], "code")]
            for key in keys:  # one speaker can have two listed disagreements on one code
                out.setdefault(key, []).append(quote)
    return out


def _shown(page) -> list[tuple[tuple[str, str, str], str]]:
    """Per listed row: (where, code, what differs) and the row's whole text."""
    found = []
    for text in page.locator("[class*='st-key-review_row_']").all_inner_texts():
        code, kind, where = HEADER.search(text).groups()
        document, _, speaker = where.partition(" · ")
        found.append(((speaker.strip() if "Vraag:" in text else document.strip(), code, KIND[kind]), text))
    return found


def _progress(page) -> str:
    return page.locator("[data-testid='stProgress']").inner_text()


def test_review_lists_the_listed_disagreements_and_resolving_them_finishes_consensus(server, project, page):
    page.goto(server + "/review")
    page.wait_for_selector("[class*='st-key-review_row_']", timeout=60_000)
    wait_idle(page)
    shown = _shown(page)
    expected = _expected()
    # A listed quote can span two sentences (two rows); every row belongs to a listed one, and
    # every listed one is shown.
    assert {key for key, _ in shown} == set(expected)
    assert all(any(quote in text for quote in expected[key]) for key, text in shown)
    with open_project(project["path"]) as p:
        total = len(disagreements(p, ["evaluator1", "evaluator2"], "sentence"))
    assert len(shown) == total
    assert f"0 van {total} verschillen beslist" in _progress(page)
    screenshot(page, "review")

    rows = page.locator("[class*='st-key-review_row_']")
    for i in range(total):
        row = rows.nth(i)
        row.scroll_into_view_if_needed()
        name = ["Versie evaluator1", "Versie evaluator2", "Verwerpen"][i % 3]
        rerun(page, row.get_by_role("button", name=name, exact=True).click)
    assert f"{total} van {total} verschillen beslist" in _progress(page)
    assert page.get_by_text("Alle verschillen zijn beslist").is_visible()
    screenshot(page, "review_done")

    with open_project(project["path"]) as p:
        decided = p.db.execute("SELECT decision, count(*) FROM consensus_decisions GROUP BY decision").fetchall()
        made = p.db.execute("SELECT count(*) FROM codings WHERE coder = ?", [CONSENSUS]).fetchone()[0]
        uncovered = p.db.execute(f"""SELECT count(*) FROM consensus_decisions d JOIN units u ON u.id = d.unit_id
            WHERE d.decision = 'apply' AND NOT EXISTS (SELECT 1 FROM codings g WHERE g.coder = '{CONSENSUS}'
            AND g.code_id = d.code_id AND g.document_id = u.document_id AND g.start < u.end AND g.end > u.start)""").fetchone()[0]
    assert sum(n for _, n in decided) == total
    assert dict(decided).get("apply", 0) > 0 and made > 0
    assert uncovered == 0  # every 'apply' decision has its consensus coding over the unit

"""Page logic through Streamlit's AppTest (no browser): start, coding, grid, retrieval, memos, documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coding.store.project import open_project
from ui_fixture import build_project
import dbrows  # noqa: E402

MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")


@pytest.fixture
def project(tmp_path, monkeypatch):
    ids = build_project(tmp_path / "p.db")
    monkeypatch.setenv("WERKBANK_PROJECT", str(ids["path"]))
    monkeypatch.setenv("WERKBANK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("WERKBANK_CODER", raising=False)
    return ids


def _app(page: str | None = None, coder: str | None = "an") -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=30)
    if coder:
        at.session_state["coder"] = coder
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def test_start_page_shows_the_project_at_a_glance(project):
    at = _app(coder=None)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Documenten": "2", "Deelnemers en respondenten": "9", "Codes": "5", "Coderingen": "6"}
    # Saying who you are is remembered for the session.
    at.text_input[1].input("Sara")
    form_submit = [b for b in at.button if b.label == "Bewaren"][0]
    form_submit.click().run()
    assert at.session_state["coder"] == "Sara"


def test_pages_ask_for_a_coder_first(project):
    at = _app("views/coding.py", coder=None)
    assert any("wie je bent" in i.value for i in at.info)


def test_coding_page_applies_a_code_with_a_valence_key(project):
    at = _app("views/coding.py")
    text = project["report_text"]
    start = text.index("Daardoor miste")
    end = start + len("Daardoor miste ik de start van het traject.")
    at.session_state["coding_sel"] = {"doc": project["report"], "start": start, "end": end, "at": start}
    at.session_state["coding_code"] = project["codes"]["relatie"]
    at.run()
    assert any(f"Selectie ({start}–{end}" in m.value for m in at.markdown)
    at.button(key="apply_groeikans").click().run()
    with open_project(project["path"]) as p:
        rows = list(p.db.query("SELECT * FROM codings WHERE coder = 'an'"))
    assert [(r["start"], r["end"], r["code_id"], r["valence"]) for r in rows] == [
        (start, end, project["codes"]["relatie"], "groeikans")]
    # Undo takes it away again.
    [b for b in at.button if b.label == "Ongedaan maken"][0].click().run()
    with open_project(project["path"]) as p:
        assert dbrows.count(p, "codings", "coder = 'an'") == 0


def test_grouping_codes_cannot_be_applied(project):
    at = _app("views/coding.py")
    at.session_state["coding_sel"] = {"doc": project["report"], "start": 0, "end": 5, "at": 0}
    at.session_state["coding_code"] = project["codes"]["uitrol"]
    at.run()
    assert at.button(key="apply_sterkte").disabled
    assert any("groepeert" in w.value for w in at.warning)


def test_blind_coder_sees_only_own_codings_in_the_document(project):
    at = _app("views/coding.py")
    assert any("3 coderingen zichtbaar" in c.value for c in at.caption)
    at.session_state["blind"] = True
    at.run()
    assert any("0 coderingen zichtbaar" in c.value for c in at.caption)


def test_retrieval_filters_on_sector_and_valence(project):
    at = _app("views/retrieval.py")
    at.multiselect(key="ret_attr_sector").select("BuO").run()
    at.multiselect(key="ret_valence").select("groeikans").run()
    assert any(c.value == "3 fragmenten." for c in at.caption)
    shown = {element.value for element in at.text}  # fragments are drawn as text, never as markdown
    assert set(project["expected_buo_groeikans"]) <= shown
    at.multiselect(key="ret_coder").select("bram").run()
    assert any(c.value == "0 fragmenten." for c in at.caption)


def test_text_search_takes_the_valence_and_coder_filters(project):
    at = _app("views/retrieval.py")
    at.text_input(key="ret_query").input("te").run()

    def found() -> tuple[list[str], set[str]]:
        search = at.tabs[1]
        counts = [c.value for c in search.caption if c.value.endswith(("zinnen gevonden.", "zin gevonden."))]
        return counts, {m.value.strip("*").replace("\\", "") for m in search.markdown if m.value.startswith("**")}

    assert found()[0] == ["5 zinnen gevonden."]
    at.multiselect(key="ret_valence").select("groeikans").run()
    counts, shown = found()
    assert counts == ["3 zinnen gevonden."]
    assert {"Te weinig uren voor te veel leerlingen.", "De vorming vooraf was te kort.",
            "Ik kwam te laat in het schooljaar binnen."} <= shown
    at.multiselect(key="ret_coder").select("bram").run()
    counts, shown = found()
    assert counts == ["1 zin gevonden."] and "Te weinig uren voor te veel leerlingen." in shown
    # A blind coder's valence filter looks at their own codings only (an has none here).
    at.multiselect(key="ret_coder").unselect("bram").run()
    at.session_state["blind"] = True
    at.run()
    assert found()[0] == ["0 zinnen gevonden."]


def test_memo_is_written_and_listed(project):
    at = _app("views/memos.py")
    at.text_area[0].input("Eerste indruk: veel over timing.")
    [b for b in at.button if b.label == "Memo toevoegen"][0].click().run()
    assert not at.exception
    with open_project(project["path"]) as p:
        assert [r["text"] for r in p.db.query("SELECT text FROM memos")] == ["Eerste indruk: veel over timing."]


def test_grid_lists_answers_with_background_columns(project):
    at = _app("views/grid.py")
    assert any("6 van 6 antwoorden getoond, 3 nog niet gecodeerd." in c.value for c in at.caption)
    at.multiselect(key="grid_f_sector").select("BuO").run()
    assert any("3 van 6 antwoorden getoond, 1 nog niet gecodeerd." in c.value for c in at.caption)


def test_documents_page_edits_speaker_attributes(project):
    at = _app("views/documents.py")
    assert not at.exception
    assert at.selectbox(key="doc_edit").value in (project["report"], project["mailbox"])


def test_possible_names_are_reviewed_on_the_documents_page(project, tmp_path):
    from coding.importers import import_file
    from coding.privacy import candidates

    report = tmp_path / "nota.txt"
    report.write_text("Leerkracht 1: Mijn collega Jan Janssens zegt hetzelfde. Lotje kwam later.\n", encoding="utf-8")
    with open_project(project["path"]) as p:
        import_file(p, report, "an")
        assert {r["name"] for r in candidates.listing(p.db, "open")} >= {"Jan Janssens", "Lotje"}
    at = _app("views/documents.py")
    at.selectbox(key="names_choice").select("Jan Janssens").run()
    at.text_input(key="names_repl_Jan Janssens").input("een collega").run()
    at.button(key="names_accept").click().run()
    assert not at.exception, at.exception
    at.selectbox(key="names_choice").select("Lotje").run()
    at.button(key="names_reject").click().run()
    with open_project(project["path"]) as p:
        status = {r["name"]: (r["status"], r["replacement"]) for r in candidates.listing(p.db)}
        names = {r["name"]: r["replacement"] for r in p.db.query("SELECT name, replacement FROM replacements")}
    assert status["Jan Janssens"] == ("accepted", "een collega") and status["Lotje"] == ("rejected", None)
    assert names["Jan Janssens"] == "een collega"


def test_a_sealed_column_is_given_back_on_the_documents_page(project):
    at = _app("views/documents.py")
    assert at.selectbox(key="sealed_choice").value == (project["mailbox"], "e-mail")
    assert at.button(key="sealed_unseal").disabled
    at.checkbox(key="sealed_sure").check().run()
    at.button(key="sealed_unseal").click().run()
    assert not at.exception, at.exception
    with open_project(project["path"]) as p:
        assert p.db.execute("SELECT count(*) FROM sealed_identities").fetchone()[0] == 0
        back = p.db.execute("SELECT count(*) FROM case_attributes WHERE name = 'e-mail'").fetchone()[0]
    assert back == len(project["answers"])  # every respondent's value is an attribute again

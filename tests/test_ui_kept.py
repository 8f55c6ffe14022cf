"""What a user chose on a page is still there after visiting another page (AppTest): the coding
page's document and code, the Fragmenten filters, the grid's filters and the review pair."""

from __future__ import annotations

from test_app_pages import MAIN, _app, project  # noqa: F401  (the fixture)


def test_coding_page_keeps_document_and_code_after_another_page(project):  # noqa: F811
    at = _app("views/coding.py")
    chosen_doc = project["mailbox"] if at.selectbox(key="coding_doc").value != project["mailbox"] else project["report"]
    at.selectbox(key="coding_doc").set_value(chosen_doc).run()
    at.selectbox(key="coding_code").set_value(project["codes"]["relatie"]).run()
    at.switch_page("views/grid.py").run()
    at.switch_page("views/retrieval.py").run()
    at.switch_page("views/coding.py").run()
    assert not at.exception, at.exception
    # S now codes the code chosen before, not the first theme of the codebook.
    assert at.selectbox(key="coding_code").value == project["codes"]["relatie"]
    assert at.selectbox(key="coding_doc").value == chosen_doc


def test_fragment_and_grid_filters_survive_a_page_change(project):  # noqa: F811
    at = _app("views/retrieval.py")
    at.multiselect(key="ret_attr_sector").select("BuO").run()
    at.multiselect(key="ret_valence").select("groeikans").run()
    at.switch_page("views/grid.py").run()
    at.multiselect(key="grid_f_sector").select("BuO").run()
    at.switch_page("views/coding.py").run()
    at.switch_page("views/retrieval.py").run()
    assert at.multiselect(key="ret_attr_sector").value == ["BuO"]
    assert at.multiselect(key="ret_valence").value == ["groeikans"]
    assert any(c.value == "3 fragmenten." for c in at.caption)
    at.switch_page("views/grid.py").run()
    assert not at.exception, at.exception
    assert any("3 van 6 antwoorden getoond" in c.value for c in at.caption)

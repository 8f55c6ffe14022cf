"""The app's data helpers in coding/: layout, coders, overview, grid, retrieval, memos."""

from __future__ import annotations

import pytest

from coding.codings import grid
from coding.store import history
from coding.codings import layout
from coding.codings import memos
from coding.analysis import glance as overview
from coding.analysis import retrieval
from coding.team.coders import visible_coders
from coding.store.project import ProjectError, open_project
from ui_fixture import build_project
import dbrows  # noqa: E402


@pytest.fixture
def fx(tmp_path):
    ids = build_project(tmp_path / "p.db")
    with open_project(ids["path"]) as project:
        yield ids, project


def test_layout_blocks_carry_speaker_role_and_sector(fx):
    ids, project = fx
    view = layout.document_layout(project.db.conn, ids["report"])
    turns = {b["label"]: b for b in view["blocks"] if b["kind"] == "turn"}
    assert (turns["Ondersteuner A"]["role"], turns["Ondersteuner A"]["sector"]) == ("ondersteuner", "BuO")
    assert turns["Procesbegeleider"]["is_data"] is False
    assert view["length"] == len(ids["report_text"])
    # A click selects its sentence; a click in a heading selects the heading.
    text = ids["report_text"]
    s = text.index("Daardoor miste")
    assert layout.sentence_at(view, s + 3) == (s, text.index("De vorming vooraf") - 1)
    assert layout.sentence_at(view, 2) == (0, text.index("\n"))


def test_document_codings_by_coder_and_overlap(fx):
    ids, project = fx
    db = project.db.conn
    everyone = layout.document_codings(db, ids["mailbox"])
    assert {c["coder"] for c in everyone} == {"eva", "bram"}
    assert {c["coder"] for c in layout.document_codings(db, ids["mailbox"], ["bram"])} == {"bram"}
    assert layout.document_codings(db, ids["mailbox"], []) == []
    r3 = ids["answers"]["R3"]
    assert [c["valence"] for c in layout.codings_at(everyone, r3["start"] + 1, r3["start"] + 2)] == ["groeikans"]
    assert all(c["color"].startswith("#") and len(c["color"]) == 7 for c in everyone)
    # The fingerprint changes when a coding changes.
    before = layout.signature(layout.document_layout(db, ids["mailbox"]), everyone)
    everyone[0]["valence"] = "neutraal"
    assert layout.signature(layout.document_layout(db, ids["mailbox"]), everyone) != before


def test_signature_follows_everything_the_view_draws(fx):
    # The browser is sent the codings again only when the signature changes: a renamed code, another
    # coder or a moved span must change it; a memo (not drawn) must not.
    ids, project = fx
    db = project.db.conn
    view = layout.document_layout(db, ids["mailbox"])
    codings = layout.document_codings(db, ids["mailbox"])
    before = layout.signature(view, codings)
    for field, value in (("label", "Andere naam"), ("coder", "zoe"), ("color", "#000000"), ("end", 1)):
        changed = [dict(c) for c in codings]
        changed[0][field] = value
        assert layout.signature(view, changed) != before, field
    unchanged = [dict(c, memo="nieuw memo") for c in codings]
    assert layout.signature(view, unchanged) == before
    # The same codings on another text are another drawing.
    assert layout.signature(dict(view, digest=layout.document_layout(db, ids["report"])["digest"]), codings) != before


def test_code_colour_refuses_anything_but_hex():
    assert layout.code_colour(3, "#A0b1C2") == "#a0b1c2"
    assert layout.code_colour(3, "red;background:url(x)") in layout.PALETTE


def test_code_choices_in_tree_order_with_details(fx):
    _, project = fx
    choices = layout.code_choices(project.db.conn)
    assert [c["path"] for c in choices][:2] == ["De uitrol", "De uitrol > Ondersteuningsmodellen"]
    assert choices[0]["codable"] is False and choices[1]["depth"] == 1
    assert choices[1]["rating_scale"] == ["wel passend", "niet passend"] and choices[1]["examples"]


def test_visible_coders():
    assert visible_coders(None, "an", "all") is None
    assert visible_coders(None, "an", "mine") == ["an"]
    assert visible_coders(None, "an", "one", "bo") == ["bo"]
    assert visible_coders(None, "an", "all", blind=True) == ["an"]
    with pytest.raises(ValueError):
        visible_coders(None, "an", "others")


def test_overview_counts_and_last_changes(fx):
    _, project = fx
    db = project.db.conn
    assert overview.counts(db) == {"documents": 2, "cases": 9, "codes": 5, "codings": 6}
    per = overview.codings_per_coder(db).set_index("coder")
    assert (per.loc["eva", "codings"], per.loc["eva", "groeikans"], per.loc["bram", "documents"]) == (5, 3, 1)
    assert overview.last_changes(db).iloc[0]["action"] == "seed"


def test_grid_codes_many_rows_in_one_undoable_step(fx):
    ids, project = fx
    frame = grid.rows(project.db.conn)
    assert len(frame) == 6 and grid.attribute_columns(frame) == ["functie", "sector"]
    assert "e-mail" not in frame.columns and not frame.apply(lambda r: "geheim" in str(r.values), axis=1).any()
    uncoded = grid.select(frame, coded=False)["unit_id"].tolist()
    made = grid.code_rows(project, "an", uncoded, ids["codes"]["relatie"], "sterkte")
    assert len(made) == 3
    assert grid.code_rows(project, "an", uncoded, ids["codes"]["relatie"], "sterkte") == []  # no duplicates
    assert grid.rows(project.db.conn)["coded"].all()
    assert grid.recent_codes(project.db.conn, "an") == [ids["codes"]["relatie"]]
    history.undo(project, "an")  # the empty second call is the last event; undo it, then the real one
    history.undo(project, "an")
    assert dbrows.count(project, "codings", "coder = 'an'") == 0
    with pytest.raises(ProjectError):
        grid.code_rows(project, "an", [999999], ids["codes"]["relatie"])


def test_grid_filters_sort_and_search(fx):
    _, project = fx
    frame = grid.rows(project.db.conn, coders=["bram"])
    assert grid.select(frame, coded=True)["respondent"].tolist() == ["R4"]
    assert grid.select(frame, {"sector": ["BuO"]}, text="VORMING")["respondent"].tolist() == ["R5"]
    assert grid.select(frame, sort="respondent", descending=True)["respondent"].iloc[0] == "R6"


def test_retrieval_filters_context_and_attribution(fx):
    ids, project = fx
    rows = retrieval.code_fragments(project, attributes={"sector": ["BuO"]}, valences=["groeikans"])
    assert sorted(rows["text"]) == sorted(ids["expected_buo_groeikans"])
    late = rows[rows["text"].str.startswith("Ik kwam")].iloc[0]
    assert late["attribution"] == "ondersteuner (BuO)" and late["after"].startswith(" Daardoor")
    # With descendants a parent code finds its children's fragments; without, nothing of its own.
    parent = ids["codes"]["uitrol"]
    assert len(retrieval.code_fragments(project, parent)) == 3
    assert retrieval.code_fragments(project, parent, descendants=False).empty
    assert retrieval.code_fragments(project, coders=["bram"])["text"].tolist() == ["Te weinig uren voor te veel leerlingen."]
    assert "sector" in retrieval.attribute_options(project.db.conn)
    hits = retrieval.text_search(project, "vormingen", {"sector": ["GeO"]})
    assert hits.empty
    assert len(retrieval.text_search(project, "vorming")) == 2


def test_memos_crud_and_overview(fx):
    ids, project = fx
    memo = memos.add_memo(project, "an", "code", ids["codes"]["relatie"], "  Let op de grens met vorming. ", "Grens")
    memos.update_memo(project, "an", memo, "Aangepast")
    with pytest.raises(ProjectError):
        memos.add_memo(project, "an", "case", 999, "x")
    with pytest.raises(ProjectError):
        memos.add_memo(project, "an", "project", None, "   ")
    frame = memos.overview(project.db.conn)
    assert frame.iloc[0][["about", "title", "text"]].tolist() == ["Ondersteuningsrelatie", "Grens", "Aangepast"]
    assert "Aangepast" in memos.to_markdown(frame, {"code": "Codes"})
    memos.delete_memo(project, "an", memo)
    assert memos.overview(project.db.conn).empty


def test_documents_listing_shows_attributes_and_blank_for_none(fx):
    _, project = fx
    listing = overview.documents_listing(project.db.conn).set_index("name")
    assert list(listing.index) == ["groepsgesprek_test", "mailbox_test"]
    assert listing.loc["groepsgesprek_test", "regio"] == "West"
    assert listing.loc["mailbox_test", "regio"] == ""  # not "None" or NaN in the table people read
    # data cases only: the facilitator of the session is not counted
    assert listing[["cases", "codings"]].values.tolist() == [[3, 3], [6, 3]]

"""Lemma-aware search over sentences: matching, filters, safety, privacy."""

import pytest

from coding.attributes import set_document_attribute
from coding.importers import import_file, import_mailbox
from coding.search import fts_query, search
from coding.store import ProjectError, open_project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search")
    report = folder / "oost.txt"
    report.write_text(
        "Procesbegeleider: Hoe werden de leerkrachten ondersteund?\n\n"
        "Leerkracht 1: Ik werd elke week ondersteund door dezelfde juf.\n\n"
        "Ondersteuner A: Wij ondersteunen vooral het team, niet één leerkracht.\n\n"
        "Een verslaggever noteert dat de planning van het overleg moeilijk bleef.", encoding="utf-8")
    mailbox = folder / "mailbox.csv"
    mailbox.write_text("ID;E-mail;Type onderwijs;Wat loopt goed?\n"
                       "r1;geheim@voorbeeld.be;gewoon basisonderwijs;De ondersteunde leerkrachten voelen zich gesteund.\n"
                       "r2;anders@voorbeeld.be;buitengewoon;Het overleg over de planning loopt vlot.\n", encoding="utf-8")
    with open_project(folder / "p.db", create=True) as p:
        report_id = import_file(p, report, "an", attributes={"regio": "Oost"})
        set_document_attribute(p, "an", report_id, "respondentgroep", "leerkrachten")
        import_mailbox(p, mailbox, "an")
        yield p


def _sentences(hits):
    return [hit["sentence"] for hit in hits]


def test_inflected_forms_find_each_other(project):
    hits = search(project, "ondersteunde leerkrachten")
    assert set(_sentences(hits)) == {"Wij ondersteunen vooral het team, niet één leerkracht.",
                                     "De ondersteunde leerkrachten voelen zich gesteund."}
    hit = next(h for h in hits if h["kind"] == "groepsgesprek")
    assert hit["document"] == "oost" and hit["case"] == "Ondersteuner A"
    assert hit["attribution"] == "ondersteuner (BuO)" and hit["attributes"] == {"rol": "ondersteuner", "sector": "BuO"}
    assert hit["context"] == hit["sentence"] and hit["context_kind"] == "turn"
    text = project.db["documents"].get(hit["document_id"])["text"]
    assert text[hit["start"]:hit["end"]] == hit["sentence"]


def test_facilitator_turns_are_left_out_unless_asked(project):
    assert "Hoe werden de leerkrachten ondersteund?" not in _sentences(search(project, "leerkracht ondersteunen"))
    every = search(project, "hoe werden", include_non_data=True)
    assert _sentences(every) == ["Hoe werden de leerkrachten ondersteund?"] and every[0]["is_data"] is False
    assert search(project, "hoe werden") == []


def test_filters_by_kind_and_attributes(project):
    assert {h["kind"] for h in search(project, "planning overleg")} == {"groepsgesprek", "mailbox"}
    assert _sentences(search(project, "planning overleg", {"kind": "mailbox"})) == [
        "Het overleg over de planning loopt vlot."]
    assert {h["document"] for h in search(project, "planning", {"document_attributes": {"regio": "Oost"}})} == {"oost"}
    geo = search(project, "ondersteunen", {"case_attributes": {"sector": ["GeO"]}})
    assert {h["case"] for h in geo} == {"r1", "Leerkracht 1"}  # the label "Leerkracht" itself is not searched
    by_either = search(project, "planning", {"attributes": {"respondentgroep": "leerkrachten"}})
    assert {h["document"] for h in by_either} == {"oost"}
    with pytest.raises(ProjectError, match="unknown search filter"):
        search(project, "planning", {"regio": "Oost"})


def test_prefix_and_answer_context(project):
    hits = search(project, "leerkr*", {"kind": "mailbox"})
    assert _sentences(hits) == ["De ondersteunde leerkrachten voelen zich gesteund."]
    assert hits[0]["question"] == "Wat loopt goed?" and hits[0]["context_kind"] == "answer"
    assert hits[0]["attribution"] == "respondent (GeO)"


@pytest.mark.parametrize("query", ['"', "NEAR(planning overleg)", "planning OR", "^planning", "planning:*", "a AND (",
                                  "units_fts MATCH", "'); DROP TABLE units; --"])
def test_user_syntax_never_reaches_fts(project, query):
    try:
        hits = search(project, query)
    except ProjectError as error:
        assert "no words" in str(error)
    else:
        assert isinstance(hits, list)
    assert project.db["units"].count > 0


def test_query_terms_are_quoted_lemmas():
    assert fts_query('Gingen "de" scholen*') == '"gaan" "de" "scholen"*'
    with pytest.raises(ProjectError, match="no words"):
        fts_query("?! --")


def test_sealed_identities_never_in_results(project):
    for query in ("geheim", "voorbeeld", "leerkracht", "planning", "gesteund"):
        for hit in search(project, query, include_non_data=True):
            assert "@" not in repr(hit) and "geheim" not in repr(hit)

"""Lemma-aware search over sentences: matching, filters, safety, privacy."""

import pytest

from coding.codings.attributes import set_document_attribute
from coding.codings.operations import add_coding
from coding.importers import import_file, import_mailbox
from coding.codings.search import fts_query, search
from coding.store.project import ProjectError, open_project
import dbrows  # noqa: E402

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    yield from _project(tmp_path_factory.mktemp("search"))


def _project(folder):
    report = folder / "oost.txt"
    report.write_text(
        "Een verslaggever noteert dat de planning van het overleg moeilijk bleef.\n\n"  # before any turn: nobody's
        "Procesbegeleider: Hoe werden de leerkrachten ondersteund?\n\n"
        "Leerkracht 1: Ik werd elke week ondersteund door dezelfde juf.\n\n"
        "Ondersteuner A: Wij ondersteunen vooral het team, niet één leerkracht.", encoding="utf-8")
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


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    """The same project with codings: a groeikans (an) and a sterkte (bo) on the teacher's sentence,
    a sterkte (bo) on the support worker's, a sterkte (an) on one word of the mailbox answer, and a
    groeikans (an) that ends where the support worker's sentence starts (touching, not overlapping)."""
    for p in _project(tmp_path_factory.mktemp("coded")):
        with p.write("test", "seed") as tx:
            tx.insert("codebooks", {"id": "t", "title": "Test", "version": "1", "imported_at": "2026-01-01"})
            code = tx.insert("codes", {"codebook_id": "t", "key": "k", "label": "K", "position": 0})
        where = {}
        for document_id, text in p.db.conn.execute("SELECT id, text FROM documents"):
            for sentence in (TEACHER, SUPPORT, ANSWER):
                if sentence in text:
                    where[sentence] = (document_id, text.index(sentence))
        doc, at = where[TEACHER]
        add_coding(p, "an", doc, at, at + len(TEACHER), code, "groeikans")
        add_coding(p, "bo", doc, at, at + len(TEACHER), code, "sterkte")
        doc, at = where[SUPPORT]
        add_coding(p, "bo", doc, at, at + len(SUPPORT), code, "sterkte")
        add_coding(p, "an", doc, at - 5, at, code, "groeikans")
        doc, at = where[ANSWER]
        word = ANSWER.index("leerkrachten")
        add_coding(p, "an", doc, at + word, at + word + len("leerkrachten"), code, "sterkte")
        yield p


TEACHER = "Ik werd elke week ondersteund door dezelfde juf."
SUPPORT = "Wij ondersteunen vooral het team, niet één leerkracht."
ANSWER = "De ondersteunde leerkrachten voelen zich gesteund."


def test_filters_by_valence_and_coder_like_code_retrieval(coded):
    def found(**filters):
        return set(_sentences(search(coded, "ondersteunen", filters)))

    assert found() == {TEACHER, SUPPORT, ANSWER}
    assert found(valence="groeikans") == {TEACHER}  # the touching coding does not count
    assert found(valence=["sterkte"]) == {TEACHER, SUPPORT, ANSWER}  # a coded word is enough
    assert found(coder="an") == {TEACHER, ANSWER}
    assert found(coder=["bo"], valence="groeikans") == set()
    # Both on one coding: the teacher's sentence has a sterkte (bo) and a groeikans (an), no sterkte by an.
    assert found(valence="sterkte", coder=["an"]) == {ANSWER}
    assert found(coder=[]) == set()  # no visible coder: nothing is coded for this reader
    assert found(valence="sterkte", case_attributes={"sector": "BuO"}) == {SUPPORT}
    assert found(valence="sterkte", kind="mailbox") == {ANSWER}
    with pytest.raises(ProjectError, match="valence must be one of"):
        search(coded, "ondersteunen", {"valence": "positief"})


def test_inflected_forms_find_each_other(project):
    hits = search(project, "ondersteunde leerkrachten")
    assert set(_sentences(hits)) == {"Wij ondersteunen vooral het team, niet één leerkracht.",
                                     "De ondersteunde leerkrachten voelen zich gesteund."}
    hit = next(h for h in hits if h["kind"] == "groepsgesprek")
    assert hit["document"] == "oost" and hit["case"] == "Ondersteuner A"
    assert hit["attribution"] == "ondersteuner (BuO)" and hit["attributes"] == {"rol": "ondersteuner", "sector": "BuO"}
    assert hit["context"] == hit["sentence"] and hit["context_kind"] == "turn"
    text = dbrows.row(project, "documents", hit["document_id"])["text"]
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
    assert dbrows.count(project, "units") > 0


def test_query_terms_are_quoted_lemmas():
    assert fts_query('Gingen "de" scholen*') == '"gaan" "de" "scholen"*'
    with pytest.raises(ProjectError, match="no words"):
        fts_query("?! --")


def test_sealed_identities_never_in_results(project):
    for query in ("geheim", "voorbeeld", "leerkracht", "planning", "gesteund"):
        for hit in search(project, query, include_non_data=True):
            assert "@" not in repr(hit) and "geheim" not in repr(hit)

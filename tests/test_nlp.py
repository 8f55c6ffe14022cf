"""Sentences and lemmas: coding.text.nlp gives what spaCy's own sentencizer and lookup lemmatizer give.

coding.text.nlp applies those components' rule and table once per distinct word (for speed); these
tests hold it to the components themselves, so a spaCy upgrade that changes either shows here
instead of as search results that silently stop matching. The one intended difference: for a word
spaCy's table has NO entry for, a plural or diminutive gets its lemma from the gap list (simplemma's
Dutch list, or the last part of a compound); every lemma spaCy's table gives is kept as it is.
"""

from __future__ import annotations

import random

import pytest

from coding.text import nlp

TRICKY = [
    "Leerkrachten ONDERSTEUNDEN de kinderen!!! Zo'n co-teaching... 3,5 uur?",
    'De juf zei: "Goed." Daarna ging het verder.',
    "Ja!\" Nee. (Misschien.) 'Ok'",
    "Dr. Janssens kwam. Bv. de zorgcoördinator ook…",
    "e-mail: a@b.be https://x.be/y?z=1 #tag 😀 ÇA VA",
    "Eerste zin.\nTweede zin\n\nderde zin。Vierde！",
    "", "   ", "\n\n", "…", "?!", "ja.Nee ok!Top x?y",
]
PIECES = ["de", "Leerkracht", "kinderen", "Scholen", "zorgcoördinatoren", "ouders", "klasjes", "ONDERSTEUNDEN", "zo'n", "co-teaching", "3,5", "Dr.", "bv.", "...", "…",
          ".", "!", "?", "!?", '."', '"', "'", "(", ")", "-", "–", ":", ";", ",", "。", "！", "\n", "\n\n", "  ",
          "😀", "a@b.be", "Ééntje", "1.", "•", "n.v.t.", "ja.Nee"]


def _random_texts(count: int) -> list[str]:
    rng = random.Random(3)
    return ["".join(rng.choice(PIECES) + rng.choice(["", " ", " ", "\n"]) for _ in range(rng.randint(0, 25)))
            for _ in range(count)]


@pytest.fixture(scope="module")
def spacy_components():
    return nlp.reference_pipeline()


def _lemma(token) -> str:
    """spaCy's lemma, or the gap list's where spaCy's table has none (then spaCy returns the word itself)."""
    table = nlp.lemma_table()
    if token.lower_ in table:
        return token.lemma_.lower()
    assert token.lemma_.lower() == token.lower_
    return nlp.fill_gap(token.lower_, table, nlp.gap_lemmas())


def _by_components(pipeline, text: str) -> list[nlp.Sentence]:
    """Sentences as spaCy's components make them: trimmed of whitespace, lower-case lemmas of words."""
    out = []
    for sent in pipeline(text).sents:
        tokens = [t for t in sent if not t.is_space]
        if tokens:
            lemmas = [lemma for lemma in map(_lemma, tokens) if any(c.isalnum() for c in lemma)]
            out.append(nlp.Sentence(tokens[0].idx, tokens[-1].idx + len(tokens[-1]), " ".join(lemmas)))
    return out


def test_same_sentences_and_lemmas_as_spacys_components(spacy_components):
    texts = TRICKY + _random_texts(2000)
    assert nlp.sentences(texts) == [_by_components(spacy_components, t) for t in texts]


def test_sentence_offsets_and_lemmas():
    text = "De leerkrachten ondersteunden ons. Goed zo!"
    first, second = nlp.sentences([text])[0]
    assert text[first.start:first.end] == "De leerkrachten ondersteunden ons."
    assert first.lemmas == "de leerkracht ondersteunen ons"
    assert text[second.start:second.end] == "Goed zo!" and second.lemmas == "goed zo"
    assert nlp.lemmas("Leerkrachten") == ["leerkracht"]


# Words people search for in reports, with the lemma a search must reach (written by hand).
PLURALS = {
    "scholen": "school", "kinderen": "kind", "ouders": "ouder", "leerlingen": "leerling",
    "zorgcoördinatoren": "zorgcoördinator", "klasjes": "klas", "leerkrachten": "leerkracht",
    "ondersteuners": "ondersteuner", "lessen": "les", "dagen": "dag", "steden": "stad", "grootouders": "grootouder",
    "teamleden": "teamlid", "startgesprekken": "startgesprek", "personeelsvergaderingen": "personeelsvergadering",
    "scholengemeenschappen": "scholengemeenschap", "kindjes": "kind", "logopedisten": "logopedist",
}
# Unknown verb forms that only look like plurals of a compound ("uit" + "proberen" is no plural of "beer")
# ("verslagen" is also a form of "verslaan", "zelf" + "vertrouwen" no plural of "vertrouw").
NOT_PLURALS = ["uitproberen", "afbijten", "differentiëren", "samenwerken", "verslagen", "zelfvertrouwen", "beslissen"]


def test_irregular_plurals_and_diminutives_reach_their_lemma():
    assert {word: nlp.lemmas(word) for word in PLURALS} == {word: [lemma] for word, lemma in PLURALS.items()}
    assert {word: nlp.lemmas(word.capitalize()) for word in PLURALS} == {w: [lem] for w, lem in PLURALS.items()}
    for word in NOT_PLURALS:
        assert nlp.lemmas(word) in ([word], [nlp.lemma_table().get(word)]), word


def test_gap_list_never_overrides_spacy_and_only_holds_plurals_and_diminutives():
    table, gaps = nlp.lemma_table(), nlp.gap_lemmas()
    assert len(gaps) > 10_000  # simplemma's list was read
    for word, lemma in gaps.items():
        assert word not in table
        assert word.endswith(("en", "s", "je", "jes", "ën")) and not lemma.endswith("en"), (word, lemma)
    assert nlp.lemmas("leerkrachten ondersteunden") == ["leerkracht", "ondersteunen"]  # spaCy's, unchanged


def test_search_finds_irregular_plurals(tmp_path):
    from coding.codings.search import search
    from coding.importers import import_file
    from coding.store.project import open_project

    path = tmp_path / "verslag.txt"
    path.write_text("LK1: De scholen en hun kinderen.\nLK2: Ouders praten mee.\nLK3: Eén school.\n", encoding="utf-8")
    with open_project(tmp_path / "p.db", create=True) as project:
        import_file(project, path, "an")
        found = {hit["sentence"] for hit in search(project, "school", {})}
        assert found == {"De scholen en hun kinderen.", "Eén school."}
        assert {hit["sentence"] for hit in search(project, "kind", {})} == {"De scholen en hun kinderen."}
        assert {hit["sentence"] for hit in search(project, "ouder", {})} == {"Ouders praten mee."}


def test_a_plain_word_query_is_lemmatised_as_at_import_without_loading_spacy(tmp_path, monkeypatch):
    """`werkbank search leerkrachten` reads the lookup table directly (spaCy takes seconds to load); the
    lemmas must be those the import gives the same words, or the search would miss what it should find."""
    from pathlib import Path

    words = set()
    for path in Path("corpora").rglob("*"):
        if path.suffix in {".txt", ".csv", ".md"}:
            words.update(w for w in path.read_text(encoding="utf-8").split() if w.isalpha() or w.isdigit())
    words.update(["Scholen", "KINDEREN", "ouders", "zorgcoördinatoren", "klasjes", "2024", "Ééntje"])
    assert len(words) > 1000
    ordered = sorted(words)
    by_import = [[w for s in nlp.sentences([word])[0] for w in s.lemmas.split()] for word in ordered]
    assert [nlp.lemmas(word) for word in ordered] == by_import
    assert nlp.lemmas(" ".join(ordered[:50])) == [w for ws in by_import[:50] for w in ws]

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))   # from a fresh cache too
    nlp._lookup_dict.cache_clear()
    nlp._indexes.cache_clear()
    assert nlp.lemmas("Scholen kinderen") == ["school", "kind"]
    assert list((tmp_path / "werkbank").glob("nl-lemmas-*.marshal"))
    assert list((tmp_path / "werkbank").glob("nl-lemmas-index-*.sqlite"))
    nlp._lookup_dict.cache_clear()   # a query read from the indexes alone gives the same lemmas
    nlp._indexes.cache_clear()
    assert [nlp.lemmas(word) for word in ordered[::5]] == by_import[::5]
    assert nlp._lookup_dict.cache_info().currsize == 0

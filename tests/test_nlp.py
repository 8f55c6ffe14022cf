"""Sentences and lemmas: coding.text.nlp gives what spaCy's own sentencizer and lookup lemmatizer give.

coding.text.nlp applies those components' rule and table once per distinct word (for speed); these
tests hold it to the components themselves, so a spaCy upgrade that changes either shows here
instead of as search results that silently stop matching.
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
PIECES = ["de", "Leerkracht", "kinderen", "ONDERSTEUNDEN", "zo'n", "co-teaching", "3,5", "Dr.", "bv.", "...", "…",
          ".", "!", "?", "!?", '."', '"', "'", "(", ")", "-", "–", ":", ";", ",", "。", "！", "\n", "\n\n", "  ",
          "😀", "a@b.be", "Ééntje", "1.", "•", "n.v.t.", "ja.Nee"]


def _random_texts(count: int) -> list[str]:
    rng = random.Random(3)
    return ["".join(rng.choice(PIECES) + rng.choice(["", " ", " ", "\n"]) for _ in range(rng.randint(0, 25)))
            for _ in range(count)]


@pytest.fixture(scope="module")
def spacy_components():
    return nlp.reference_pipeline()


def _by_components(pipeline, text: str) -> list[nlp.Sentence]:
    """Sentences as spaCy's components make them: trimmed of whitespace, lower-case lemmas of words."""
    out = []
    for sent in pipeline(text).sents:
        tokens = [t for t in sent if not t.is_space]
        if tokens:
            lemmas = [t.lemma_.lower() for t in tokens if any(c.isalnum() for c in t.lemma_)]
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

"""The shipped codebook's examples are the model's prior, not its master: a coder who gives a kind of
fragment another code than the codebook would keeps getting their own code proposed."""

from __future__ import annotations

from pathlib import Path

import pytest

from coding.codebooks.format import load
from coding.codebooks.operations import import_codebook
from coding.store.project import open_project
from coding.suggest.autocode import codebook_codes
from coding.suggest.model import Example
from coding.suggest.queue import train
from coding.text import nlp
from coding.text.scopes import ScopeUnit

ROOT = Path(__file__).resolve().parents[1]

# Talk over coffee in the break: the codebook's examples and rules put it under Structurele overlegmomenten.
BREAK_TALK = ["In de pauze drinken we samen koffie en overlopen we wat er met de kinderen gebeurde.",
              "Tijdens de middagpauze praten we even bij over de week, dat loopt vlot.",
              "Bij een tas koffie in de leraarskamer stemmen we snel af wat er nodig is.",
              "We hebben geen vast moment, we bespreken het in de pauze aan de koffieautomaat.",
              "Overleg gebeurt bij ons over de middag, tussen pot en pint.",
              "Na schooltijd zitten we nog even samen om de planning van de week door te nemen."]
NEW = "We overleggen meestal bij een koffie in de pauze."


@pytest.fixture(scope="module")
def codes(tmp_path_factory):
    with open_project(tmp_path_factory.mktemp("priors") / "p.werkbank", create=True) as project:
        import_codebook(project, "an", load(ROOT / "codebooks" / "randvoorwaarden.yaml"))
        return codebook_codes(project.conn, "randvoorwaarden")


def _units(texts: list[str]) -> list[ScopeUnit]:
    return [ScopeUnit(n, 0, len(t), " ".join(s.lemmas for s in sents))
            for n, (t, sents) in enumerate(zip(texts, nlp.sentences(texts)))]


def _top(model, codes) -> list[str]:
    keys = {c.id: c.key for c in codes}
    return [keys[s.code_id] for s in model.suggest(_units([NEW]), top=3, reasons=False)[0]]


def test_the_coders_own_use_of_a_code_wins_over_the_codebooks_examples(codes):
    by_key = {c.key: c.id for c in codes}
    assert _top(train(codes, []), codes)[0] == "structureel.overleg"      # what the codebook alone says
    coded = [Example(u.lemmas, "", {by_key["cultureel.samenwerking"]: "sterkte"}, where=u.key)
             for u in _units(BREAK_TALK)]
    assert _top(train(codes, coded), codes)[0] == "cultureel.samenwerking"

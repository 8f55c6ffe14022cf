"""Participants carry their own attributes: a report's participant table overrides the session's,
an unlabelled paragraph continues its speaker's turn, and a coding that runs from the question into
the answer counts for the participant who answered."""

from __future__ import annotations

import pytest

from coding.analysis import frequencies
from coding.codings.operations import add_coding, update_coding
from coding.importers import import_file
from coding.importers.remap import set_speaker_mapping
from coding.store.project import now, open_project
from exports.quotes import quotes

REPORT = """# Verslag groepsgesprek regio Oost

Negen leerkrachten namen deel; per deelnemer staat het ondersteuningsmodel in de tabel.

| Label | Functie | Ondersteuningsmodel |
| Leerkracht A | leerkracht tweede leerjaar | co-teaching |
| Leerkracht C | leerkracht zesde leerjaar | ambulante ondersteuning |

## Ervaringen

Procesbegeleider: Wat vonden jullie van de manier van ondersteunen?

LK C: Ik kreeg ambulante ondersteuning, en dat paste bij mij.

Ik wilde niet de hele tijd iemand naast mij in de klas.

Leerkracht A: Bij ons stond de ondersteuner mee voor de klas.
"""


@pytest.fixture
def report(tmp_path):
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        path = tmp_path / "oost.txt"
        path.write_text(REPORT, encoding="utf-8")
        document = import_file(project, path, "an", attributes={"ondersteuningsmodel": "gemengd", "regio": "Oost"})
        with project.write("an", "seed") as tx:
            tx.insert("codebooks", {"id": "t", "title": "T", "version": "1", "imported_at": now()})
            code = tx.insert("codes", {"codebook_id": "t", "key": "model", "label": "Ondersteuningsmodel"})
        yield project, document, code


def _text(project, document):
    return project.db.execute("SELECT text FROM documents WHERE id = ?", [document]).fetchone()[0]


def _case(project, label):
    return project.db.execute("SELECT id FROM cases WHERE label = ?", [label]).fetchone()[0]


def _attributes(project, label):
    return dict(project.db.execute("SELECT name, value FROM case_attributes WHERE case_id = ?",
                                   [_case(project, label)]).fetchall())


def test_participant_table_overrides_the_session(report):
    project, document, code = report
    c, a = _attributes(project, "LK C"), _attributes(project, "Leerkracht A")
    assert c["ondersteuningsmodel"] == "ambulante ondersteuning" and c["functie"] == "leerkracht zesde leerjaar"
    assert a["ondersteuningsmodel"] == "co-teaching"
    assert c["regio"] == "Oost" and c["rol"] == "ondersteunde leerkracht"   # the rest still from session and label
    text = _text(project, document)
    start = text.index("Ik kreeg ambulante")
    add_coding(project, "an", document, start, start + len("Ik kreeg ambulante ondersteuning"), code, "sterkte")
    quote = quotes(project).iloc[0]
    assert "ambulante ondersteuning" in quote["attribution"] and "gemengd" not in quote["attribution"]
    table = frequencies(project, by="ondersteuningsmodel").set_index("ondersteuningsmodel")
    assert table.loc["ambulante ondersteuning", "fragments"] == 1 and table.loc["gemengd", "fragments"] == 0
    # a new speaker mapping re-derives the speakers, and the table still wins over the session
    set_speaker_mapping(project, "an", document, [{"label": "Leerkracht A", "functie": "zorgleerkracht"}])
    assert _attributes(project, "LK C")["ondersteuningsmodel"] == "ambulante ondersteuning"


def test_unlabelled_paragraph_continues_the_turn(report):
    project, document, code = report
    text = _text(project, document)
    start = text.index("Ik wilde niet")
    turn = project.db.execute("""SELECT case_id FROM units WHERE document_id = ? AND kind = 'turn'
                                 AND start <= ? AND ? < end""", [document, start, start]).fetchone()
    assert turn is not None and turn[0] == _case(project, "LK C")
    add_coding(project, "an", document, start, start + 20, code, "groeikans")
    assert frequencies(project).set_index("key").loc["model", "speakers"] == 1
    assert "ambulante ondersteuning" in quotes(project).iloc[0]["attribution"]


def test_question_and_answer_coding_counts_for_who_answered(report):
    project, document, code = report
    text = _text(project, document)
    start = text.index("Wat vonden jullie")
    end = text.index("dat paste bij mij") + len("dat paste bij mij")
    coding = add_coding(project, "an", document, start, end, code, "sterkte")
    assert project.db.execute("SELECT case_id FROM codings WHERE id = ?", [coding]).fetchone()[0] == \
        _case(project, "LK C")
    row = frequencies(project).set_index("key").loc["model"]
    assert (row["fragments"], row["speakers"]) == (1, 1)   # not dropped as facilitator talk
    # only the question: facilitator talk, left out
    update_coding(project, "an", coding, end=text.index("?", start) + 1)
    assert frequencies(project).set_index("key").loc["model", "fragments"] == 0

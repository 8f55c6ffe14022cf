"""Typed document and case attributes: guessing, canonical values, one undoable write each."""

import pytest

from coding.store import history
from coding.codings.attributes import (case_attributes, document_attributes, set_case_attribute, set_document_attribute,
                               typed)
from coding.store.project import ProjectError, now, open_project
import dbrows  # noqa: E402

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize("value, expected", [
    ("7", ("7", "number")), ("7,5", ("7.5", "number")), (8, ("8", "number")), (" -3.25 ", ("-3.25", "number")),
    ("12/05/2016", ("2016-05-12", "date")), ("2016-5-2", ("2016-05-02", "date")), ("31/02/2016", ("31/02/2016", "text")),
    ("GO!", ("GO!", "text")), ("7 uur", ("7 uur", "text")), (True, ("true", "boolean")),
])
def test_types_are_guessed_and_values_made_canonical(value, expected):
    assert typed(value) == expected


def test_a_declared_type_must_fit():
    assert typed("12", "text") == ("12", "text")
    with pytest.raises(ProjectError, match="'veel' is not a number"):
        typed("veel", "number")


def test_set_get_remove_and_undo(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        with project.write("an", "seed") as tx:
            doc = tx.insert("documents", {"name": "d", "kind": "groepsgesprek", "text": "x", "sha256": "s",
                                          "imported_at": now()})
            case = tx.insert("cases", {"name": "d / LK1", "label": "LK1", "document_id": doc})
        events = dbrows.count(project, "events")
        set_document_attribute(project, "an", doc, "datum", "10/05/2016")
        set_document_attribute(project, "an", doc, "aantal_deelnemers", "9")
        set_case_attribute(project, "an", case, "handelingsbekwaamheid_start", "6,5")
        assert dbrows.count(project, "events") == events + 3
        assert document_attributes(project.db, doc) == {"aantal_deelnemers": 9, "datum": "2016-05-10"}
        assert case_attributes(project.db, case) == {"handelingsbekwaamheid_start": 6.5}
        set_case_attribute(project, "an", case, "handelingsbekwaamheid_start", "7")
        set_case_attribute(project, "an", case, "sector", "GeO")
        set_case_attribute(project, "an", case, "sector", None)
        assert case_attributes(project.db, case) == {"handelingsbekwaamheid_start": 7}
        history.undo(project, "an")
        history.undo(project, "an")
        history.undo(project, "an")
        assert case_attributes(project.db, case) == {"handelingsbekwaamheid_start": 6.5}
        with pytest.raises(ProjectError, match="case 99 does not exist"):
            set_case_attribute(project, "an", 99, "sector", "GeO")

"""The store: schema, atomic logged writes, undo/redo, immutability."""

import sqlite3

import pytest

from coding.store import history
from coding.codings.operations import add_coding, delete_coding, update_coding
from coding.store.project import ProjectError, now, open_project
import dbrows  # noqa: E402

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")


def _seed(project):
    with project.write("tester", "seed") as tx:
        doc = tx.insert("documents", {"name": "verslag", "kind": "groepsgesprek", "text": "Een twee drie. Vier vijf.",
                                      "sha256": "x", "imported_at": now()})
        tx.insert("codebooks", {"id": "cb", "title": "Test", "version": "1", "imported_at": now(),
                                "rating_scale": '["wel passend", "niet passend"]'})
        code = tx.insert("codes", {"codebook_id": "cb", "key": "a", "label": "A"})
    return doc, code


def test_new_project_has_current_schema_and_wal(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_missing_and_foreign_files_are_refused(tmp_path):
    with pytest.raises(ProjectError, match="no project"):
        open_project(tmp_path / "nope.db")
    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    with pytest.raises(ProjectError, match="not a Werkbank project"):
        open_project(junk)


def test_failed_write_leaves_nothing(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        doc, code = _seed(project)
        events = dbrows.count(project, "events")
        with pytest.raises(ProjectError):
            with project.write("tester", "two codings") as tx:
                from coding.codings.operations import insert_coding
                insert_coding(tx, "tester", doc, 0, 3, code)
                insert_coding(tx, "tester", doc, 0, 999, code)  # outside the text
        assert dbrows.count(project, "codings") == 0
        assert dbrows.count(project, "events") == events


def test_undo_and_redo_restore_exact_state(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        doc, code = _seed(project)
        cid = add_coding(project, "an", doc, 0, 3, code, "sterkte")
        update_coding(project, "an", cid, valence="groeikans", memo="herzien")
        before = list(project.db.query("SELECT * FROM codings"))
        delete_coding(project, "an", cid)
        assert dbrows.count(project, "codings") == 0
        history.undo(project, "an")
        assert list(project.db.query("SELECT * FROM codings")) == before
        history.undo(project, "an")
        assert dbrows.row(project, "codings", cid)["valence"] == "sterkte"
        history.redo(project, "an")
        assert dbrows.row(project, "codings", cid)["valence"] == "groeikans"
        # another coder's undo does not touch an's work
        with pytest.raises(ProjectError, match="nothing to undo"):
            history.undo(project, "bo")


def test_rating_must_be_on_scale_and_text_is_immutable(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        doc, code = _seed(project)
        with pytest.raises(ProjectError, match="scale"):
            add_coding(project, "an", doc, 0, 3, code, rating="super")
        add_coding(project, "an", doc, 0, 3, code, rating="wel passend")
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            project.conn.execute("UPDATE documents SET text = 'anders' WHERE id = ?", [doc])


def test_event_log_is_append_only(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        _seed(project)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            project.conn.execute("DELETE FROM events")

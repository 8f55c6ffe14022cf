"""Undo and redo with colleagues: atomic per action under concurrency, never a silent revert of another's work."""

from __future__ import annotations

import multiprocessing

import pytest

from coding.codings.operations import add_coding, update_coding
from coding.store import history
from coding.store.project import ProjectError, now, open_project
from tests import dbrows

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

ACTIONS = 40
PROCESSES = 4


def _seed(path):
    with open_project(path, create=True) as project, project.write("seed", "seed") as tx:
        document = tx.insert("documents", {"name": "basis", "kind": "groepsgesprek", "text": "Een korte tekst. " * 40,
                                           "sha256": "x", "imported_at": now()})
        tx.insert("codebooks", {"id": "cb", "title": "Test", "version": "1", "imported_at": now()})
        codes = [tx.insert("codes", {"codebook_id": "cb", "key": k, "label": k.upper()}) for k in "ab"]
    return document, codes


def _replay_many(path, verb, tries, barrier, results):
    """One process: `tries` undos (or redos) of coder an as fast as possible; counts what it was told."""
    done = refused = 0
    with open_project(path) as project:
        barrier.wait()
        for _ in range(tries):
            try:
                getattr(history, verb)(project, "an")
                done += 1
            except ProjectError as error:
                assert "nothing to" in str(error), str(error)
                refused += 1
    results.put((done, refused))


def _run_concurrently(path, verb, tries):
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_replay_many, args=(path, verb, tries, barrier, results))
               for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0, f"a {verb} process crashed"
    return sum(done for done, _ in outcomes)


def test_concurrent_undos_and_redos_of_one_coder_each_happen_exactly_once(tmp_path):
    path = tmp_path / "p.werkbank"
    document, (code, _) = _seed(path)
    with open_project(path) as project:
        ids = [add_coding(project, "an", document, i, i + 3, code) for i in range(ACTIONS)]
    # 4 processes x 15 undos for 40 actions: 40 succeed, 20 are told there is nothing left.
    assert _run_concurrently(path, "undo", 15) == ACTIONS
    with open_project(path) as project:
        assert dbrows.count(project, "codings") == 0
        undone = project.conn.execute(
            "SELECT undoes, count(*) FROM events WHERE action = 'undo' GROUP BY undoes").fetchall()
        assert sorted(e for e, _ in undone) == sorted(project.conn.execute(
            "SELECT id FROM events WHERE action = 'code'").fetchall()[i][0] for i in range(ACTIONS))
        assert all(n == 1 for _, n in undone), "an action was undone twice"
    assert _run_concurrently(path, "redo", 15) == ACTIONS
    with open_project(path) as project:
        assert sorted(r["id"] for r in dbrows.rows(project, "codings")) == sorted(ids)
        assert project.conn.execute("SELECT count(*) FROM events WHERE action = 'redo'").fetchone()[0] == ACTIONS
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture
def berts_coding(tmp_path):
    """A project in which Bert coded a span with code A; code B exists too."""
    path = tmp_path / "p.werkbank"
    document, (code_a, code_b) = _seed(path)
    with open_project(path) as project:
        yield project, add_coding(project, "bert", document, 0, 10, code_a), code_a, code_b


def test_undo_refuses_to_revert_a_colleagues_later_change_and_names_it(berts_coding):
    project, coding, code_a, code_b = berts_coding
    update_coding(project, "anna", coding, valence="groeikans")
    update_coding(project, "bert", coding, code_id=code_b, memo="eigenlijk thema B")
    before = dbrows.row(project, "codings", coding)
    events = dbrows.count(project, "events")
    with pytest.raises(ProjectError, match=r"coding \d+ was changed afterwards by bert \('recode', #\d+"):
        history.undo(project, "anna")
    assert dbrows.row(project, "codings", coding) == before      # Bert's code and memo stay
    assert dbrows.count(project, "events") == events             # nothing logged, nothing undone
    history.undo(project, "bert")                                # Bert takes back his own change
    history.undo(project, "anna")                                # now Anna's undo is safe
    row = dbrows.row(project, "codings", coding)
    assert (row["code_id"], row["valence"], row["memo"]) == (code_a, "neutraal", None)


def test_redo_refuses_when_a_colleague_changed_the_row_after_the_undo(berts_coding):
    project, coding, _, _ = berts_coding
    update_coding(project, "anna", coding, valence="sterkte")
    history.undo(project, "anna")
    update_coding(project, "bert", coding, memo="mijn notitie")
    with pytest.raises(ProjectError, match="cannot redo .*changed afterwards by bert"):
        history.redo(project, "anna")
    assert dbrows.row(project, "codings", coding)["memo"] == "mijn notitie"
    assert dbrows.row(project, "codings", coding)["valence"] == "neutraal"


def test_undoing_an_import_that_a_colleague_coded_in_is_refused(tmp_path):
    from coding.importers import import_file

    path = tmp_path / "p.werkbank"
    _, (code, _) = _seed(path)
    report = tmp_path / "verslag.txt"
    report.write_text("Leerkracht 1: De ondersteuner kwam elke week.\n\nDirecteur: Meer overleg graag.\n")
    with open_project(path) as project:
        document = import_file(project, report, "anna")
        add_coding(project, "bert", document, 14, 30, code)
        with pytest.raises(ProjectError, match="coded afterwards by bert"):
            history.undo(project, "anna")
        assert dbrows.count(project, "documents", "id = ?", [document]) == 1
        assert dbrows.count(project, "codings") == 1

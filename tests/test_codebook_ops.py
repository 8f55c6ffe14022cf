"""Codebook operations in a project: codings survive every tree edit, and undo restores the exact state."""

from pathlib import Path

import pytest

from coding.codebooks import operations as ops
from coding.codebooks import format as codebooks
from coding.store import history
from coding.codebooks.codes import resolve_code
from coding.codings.operations import add_coding
from coding.store.project import ProjectError, now, open_project
import dbrows  # noqa: E402

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

DATA = Path(__file__).parent / "data" / "codebook"
TABLES = ("codebooks", "codes", "codings", "memos")
TEXT = "Eerste zin over het model. Tweede zin over overleg. Derde zin over geld. Vierde zin."


def dump(project):
    """Every row of the tables codebook operations touch."""
    return {t: list(project.db.query(f"SELECT * FROM [{t}] ORDER BY 1")) for t in TABLES}


def counts(project):
    return dict(project.db.execute("SELECT code_id, count(*) FROM codings GROUP BY code_id").fetchall())


def cid(project, ref):
    return resolve_code(project.db, ref)


@pytest.fixture
def project(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        dbrows.seed_document(project, TEXT)
        ops.import_file(project, "an", DATA / "demo_v1.yaml")
        yield project


def code_some(project):
    """Six codings: three on modellen, two on coordinatie, one on relatie."""
    made = []
    for start, end, ref in [(0, 10, "uitrol.modellen"), (11, 25, "uitrol.modellen"), (27, 37, "uitrol.modellen"),
                            (27, 50, "uitrol.coordinatie"), (52, 60, "uitrol.coordinatie"), (61, 70, "relatie")]:
        made.append(add_coding(project, "an", 1, start, end, cid(project, ref), "sterkte"))
    return made


def assert_undo_restores(project, before, times=1):
    for _ in range(times):
        history.undo(project, "an")
    assert dump(project) == before


def test_import_lists_codebook_and_tree_counts_roll_up(project):
    code_some(project)
    (row,) = ops.list_codebooks(project.db)
    assert row == {"id": "demo", "title": "Demo codebook", "version": "1.0", "codes": 5, "codings": 6}
    tree = ops.codebook_tree(project.db, "demo").set_index("key")
    assert list(tree.index) == ["uitrol", "uitrol.modellen", "uitrol.coordinatie", "relatie", "middelen"]
    assert tree.loc["uitrol", "codings"] == 0 and tree.loc["uitrol", "codings_total"] == 5
    assert tree.loc["uitrol.modellen", "depth"] == 1 and tree.loc["relatie", "codings_total"] == 1
    assert tree.loc["uitrol.coordinatie", "path"] == "De uitrol > Coördinatie"
    stored = next(project.db.query("SELECT * FROM codes WHERE id = ?", [cid(project, "uitrol.modellen")]))
    assert stored["rules"] and "co-teaching" in stored["rules"] and stored["guid"]


def test_import_is_one_undoable_event(project):
    with open_project(project.path) as other:
        assert other.db.execute("SELECT count(*) FROM codes").fetchone()[0] == 5
    before = dump(project)
    history.undo(project, "an")
    assert project.db.execute("SELECT count(*) FROM codes").fetchone()[0] == 0 and project.db.execute("SELECT count(*) FROM codebooks").fetchone()[0] == 0
    history.redo(project, "an")
    assert dump(project) == before


def test_same_or_older_version_is_refused(project):
    with pytest.raises(ProjectError, match="already in this project"):
        ops.import_file(project, "an", DATA / "demo_v1.yaml")
    older = codebooks.load(DATA / "demo_v1.yaml")
    older.version = "0.9"
    with pytest.raises(ProjectError, match="newer than"):
        ops.import_codebook(project, "an", older)


def test_newer_version_updates_by_key_and_keeps_every_coding(project):
    made = code_some(project)
    inductive = ops.add_code(project, "an", "demo", "Eigen thema", parent="relatie", origin="inductief")
    add_coding(project, "an", 1, 0, 5, inductive)
    before_codings = {r["id"]: r["code_id"] for r in project.db.query("SELECT * FROM codings")}
    before = dump(project)
    result = ops.import_file(project, "an", DATA / "demo_v2.yaml")
    assert result["previous_version"] == "1.0-bewerkt.1" and result["version"] == "1.1"
    assert result["added"] == 1 and result["retired"] == 1
    assert {r["id"]: r["code_id"] for r in project.db.query("SELECT * FROM codings")} == before_codings
    assert len(made) + 1 == project.db.execute("SELECT count(*) FROM codings").fetchone()[0]
    modellen = dbrows.row(project, "codes", cid(project, "demo:uitrol.modellen"))
    assert modellen["label"] == "Modellen van ondersteuning" and modellen["definition"].endswith("per net.")
    assert dbrows.row(project, "codes", cid(project, "relatie"))["parent_id"] == cid(project, "uitrol")
    assert not dbrows.row(project, "codes", cid(project, "middelen"))["active"]          # dropped: retired
    assert dbrows.row(project, "codes", inductive)["active"]                            # the project's own: kept
    assert ops.list_codebooks(project.db)[0]["version"] == "1.1"
    add_coding(project, "an", 1, 0, 4, cid(project, "uitrol.vorming"))
    assert dbrows.row(project, "codings", project.db.execute("SELECT count(*) FROM codings").fetchone()[0])["codebook_version"] == "1.1"
    history.undo(project, "an")
    assert_undo_restores(project, before)


def test_inductive_code_added_while_coding(project):
    before = dump(project)
    code_id = ops.add_code(project, "an", "demo", "Vrijwilligheid", parent="De uitrol", origin="inductief",
                           definition="Deelnemen uit vrije wil.", examples=["Niemand werd verplicht."])
    row = dbrows.row(project, "codes", code_id)
    assert (row["key"], row["origin"], row["position"]) == ("uitrol.vrijwilligheid", "inductief", 2)
    coding = add_coding(project, "an", 1, 0, 10, code_id, "groeikans")
    assert dbrows.row(project, "codings", coding)["codebook_version"] == "1.0-bewerkt.1"   # an edit in the project bumps the version
    with pytest.raises(ProjectError, match="already a code 'Vrijwilligheid'"):
        ops.add_code(project, "an", "demo", "Vrijwilligheid", parent="uitrol")
    first = ops.add_code(project, "an", "demo", "Eerst", position=0)
    assert ops.codebook_tree(project.db, "demo")["key"].tolist()[0] == dbrows.row(project, "codes", first)["key"]
    assert_undo_restores(project, before, times=3)


def test_rename_keeps_key_and_codings(project):
    code_some(project)
    before = dump(project)
    ops.rename_code(project, "an", "Coördinatie", "Aansturing en opvolging")
    assert cid(project, "Aansturing en opvolging") == cid(project, "uitrol.coordinatie")
    assert counts(project)[cid(project, "uitrol.coordinatie")] == 2
    with pytest.raises(ProjectError, match="already a code"):
        ops.rename_code(project, "an", "uitrol.modellen", "Aansturing en opvolging")
    assert_undo_restores(project, before)


def test_move_keeps_codings_and_refuses_cycles(project):
    code_some(project)
    before = dump(project)
    before_counts = counts(project)
    ops.move_code(project, "an", "uitrol.coordinatie", "relatie")
    ops.move_code(project, "an", "middelen", None, position=0)
    tree = ops.codebook_tree(project.db, "demo").set_index("key")
    assert tree.loc["uitrol.coordinatie", "parent_key"] == "relatie"
    assert tree.loc["relatie", "codings_total"] == 3 and tree.loc["uitrol", "codings_total"] == 3
    assert tree.index[0] == "middelen"
    assert counts(project) == before_counts
    positions = [r["position"] for r in project.db.query("SELECT position FROM codes WHERE parent_id IS NULL "
                                                         "ORDER BY position")]
    assert positions == list(range(len(positions)))
    events = project.db.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(ProjectError, match="under itself or one of its own subcodes"):
        ops.move_code(project, "an", "uitrol", "uitrol.modellen")
    with pytest.raises(ProjectError, match="under itself"):
        ops.move_code(project, "an", "relatie", "relatie")
    assert project.db.execute("SELECT count(*) FROM events").fetchone()[0] == events
    assert_undo_restores(project, before, times=2)


def test_merge_moves_every_coding_subcode_and_memo(project):
    code_some(project)
    extra = ops.add_code(project, "an", "demo", "Detail", parent="uitrol.coordinatie")
    with project.write("an", "memo") as tx:
        memo = tx.insert("memos", {"target_type": "code", "target_id": cid(project, "uitrol.coordinatie"),
                                   "text": "Opvallend vaak negatief.", "author": "an", "created_at": now(),
                                   "updated_at": now()})
    before = dump(project)
    source, target = cid(project, "uitrol.coordinatie"), cid(project, "uitrol.modellen")
    per_code = counts(project)
    result = ops.merge_codes(project, "an", "uitrol.coordinatie", "Ondersteuningsmodellen")
    assert result == {"codings": 2, "subcodes": 1, "memos": 1}
    after = counts(project)
    assert after[target] == per_code[target] + per_code[source] and source not in after
    assert sum(after.values()) == sum(per_code.values())
    assert dbrows.row(project, "memos", memo)["target_id"] == target
    assert dbrows.row(project, "codes", extra)["parent_id"] == target
    assert not dbrows.row(project, "codes", source)["active"]
    assert "Coördinatie" in dbrows.row(project, "codes", target)["aliases"]
    with pytest.raises(ProjectError, match="not codable"):
        add_coding(project, "an", 1, 0, 3, source)
    assert_undo_restores(project, before)
    ops.merge_codes(project, "an", "uitrol.coordinatie", "uitrol.modellen", remove=True)
    assert project.db.execute("SELECT count(*) FROM codes").fetchone()[0] == len(before["codes"]) - 1
    assert project.db.execute("SELECT count(*) FROM codings").fetchone()[0] == len(before["codings"])
    assert_undo_restores(project, before)


def test_merge_refusals_write_nothing(project):
    before, events = dump(project), project.db.execute("SELECT count(*) FROM events").fetchone()[0]
    with pytest.raises(ProjectError, match="into itself"):
        ops.merge_codes(project, "an", "relatie", "relatie")
    with pytest.raises(ProjectError, match="its own subcode"):
        ops.merge_codes(project, "an", "uitrol", "uitrol.modellen")
    with pytest.raises(ProjectError, match="grouping code"):
        ops.merge_codes(project, "an", "relatie", "uitrol")
    with pytest.raises(ProjectError, match="no code 'bestaat niet'"):
        ops.merge_codes(project, "an", "bestaat niet", "relatie")
    assert dump(project) == before and project.db.execute("SELECT count(*) FROM events").fetchone()[0] == events


def test_split_assigns_each_coding_to_the_chosen_new_code(project):
    made = code_some(project)
    modellen = made[:3]
    before = dump(project)
    with pytest.raises(ProjectError, match="not assigned"):
        ops.split_code(project, "an", "uitrol.modellen", [{"label": "Co-teaching"}, {"label": "Ambulant"}],
                       {modellen[0]: "uitrol.co-teaching"})
    with pytest.raises(ProjectError, match="is not coded with"):
        ops.split_code(project, "an", "uitrol.modellen", [{"label": "Co-teaching"}], {made[5]: "uitrol.co-teaching"})
    assert dump(project) == before
    created = ops.split_code(project, "an", "uitrol.modellen",
                             [{"label": "Co-teaching", "key": "uitrol.coteaching", "definition": "Samen lesgeven."},
                              {"label": "Ambulant"}],
                             {modellen[0]: "uitrol.coteaching", modellen[1]: "uitrol.ambulant",
                              modellen[2]: "uitrol.coteaching"})
    assert set(created) == {"uitrol.coteaching", "uitrol.ambulant"}
    assert [dbrows.row(project, "codings", c)["code_id"] for c in modellen] == [
        created["uitrol.coteaching"], created["uitrol.ambulant"], created["uitrol.coteaching"]]
    assert project.db.execute("SELECT count(*) FROM codings").fetchone()[0] == len(before["codings"])
    assert not next(project.db.query("SELECT * FROM codes WHERE id = ?", [cid(project, "uitrol.modellen")]))["active"]
    keys = ops.codebook_tree(project.db, "demo")["key"].tolist()
    assert keys[1:4] == ["uitrol.modellen", "uitrol.coteaching", "uitrol.ambulant"]
    assert_undo_restores(project, before)
    ops.split_code(project, "an", "uitrol.modellen", [{"label": "Ambulant"}], {modellen[1]: "uitrol.ambulant"},
                   keep_original=True)
    assert counts(project)[cid(project, "uitrol.modellen")] == 2
    assert next(project.db.query("SELECT * FROM codes WHERE id = ?", [cid(project, "uitrol.modellen")]))["active"]


def test_deactivate_and_reactivate(project):
    made = code_some(project)
    before = dump(project)
    assert ops.deactivate_code(project, "an", "uitrol") == 3
    assert project.db.execute("SELECT count(*) FROM codings").fetchone()[0] == len(made)
    with pytest.raises(ProjectError, match="not codable"):
        add_coding(project, "an", 1, 0, 3, cid(project, "uitrol.modellen"))
    with pytest.raises(ProjectError, match="already inactive"):
        ops.deactivate_code(project, "an", "uitrol")
    assert ops.reactivate_code(project, "an", "uitrol.modellen") == 2
    assert not dbrows.row(project, "codes", cid(project, "uitrol.coordinatie"))["active"]
    add_coding(project, "an", 1, 0, 3, cid(project, "uitrol.modellen"))
    assert_undo_restores(project, before, times=3)


def test_update_code_fields_checks_values(project):
    code_some(project)
    before = dump(project)
    ops.update_code_fields(project, "an", "relatie", definition="Nieuwe definitie.", colour="#ABC",
                           examples=["Een", "Twee"], rules={"lemmas": ["relatie", "band", "klik"]})
    row = dbrows.row(project, "codes", cid(project, "relatie"))
    assert row["definition"] == "Nieuwe definitie." and row["color"] == "#aabbcc"
    assert ops.read_codebook(project.db, "demo").code("relatie").examples == ["Een", "Twee"]
    for bad, message in [({"color": "blauw"}, "#RRGGBB"), ({"rules": {"lemmas": ["Hoofdletter"]}}, "lower case"),
                         ({"origin": "anders"}, "deductief or inductief"), ({"label": "X"}, "cannot set 'label'"),
                         ({"codable": False}, "has codings")]:
        with pytest.raises(ProjectError, match=message):
            ops.update_code_fields(project, "an", "relatie", **bad)
    ops.update_code_fields(project, "an", "relatie", definition="")
    assert dbrows.row(project, "codes", cid(project, "relatie"))["definition"] is None
    assert_undo_restores(project, before, times=2)


def test_export_yaml_round_trips_with_the_projects_edits(project):
    ops.add_code(project, "an", "demo", "Nieuw", parent="relatie", origin="inductief", definition="Iets.",
                 examples=["Een voorbeeld."])
    ops.deactivate_code(project, "an", "middelen")
    text = ops.export_yaml(project, "demo")
    loaded = codebooks.loads(text)
    assert loaded == ops.read_codebook(project.db, "demo")
    assert loaded.code("relatie.nieuw").origin == "inductief" and not loaded.code("middelen").active
    assert [c.key for c in codebooks.diff(codebooks.load(DATA / "demo_v1.yaml"), loaded) if c.kind == "added"] \
        == ["relatie.nieuw"]


def test_resolve_code_by_key_label_path_and_ambiguity(project):
    ops.add_code(project, "an", "demo", "Coördinatie", parent="relatie")
    assert cid(project, "demo:relatie") == cid(project, "Relatie")
    assert cid(project, "De uitrol > Coördinatie") == cid(project, "uitrol.coordinatie")
    with pytest.raises(ProjectError, match="ambiguous"):
        cid(project, "Coördinatie")
    with pytest.raises(ProjectError, match="no code"):
        cid(project, "Onbekend")

"""Projects coded with the previous codebooks keep every coding when the corrected codebooks come in.

`tests/data/codebooks_1.0/` holds the shipped codebooks as they were before they were set against their
sources. A project gets one coding on every code a coder could apply in those; importing the shipped files
must then move each coding along the codebook's history to a code a coder can still apply.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coding.codebooks import format as codebooks
from coding.codebooks import operations as ops
from coding.codings.operations import add_coding, insert_coding
from coding.store import history
from coding.store.project import ProjectError, now, open_project
import dbrows  # noqa: E402

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parents[1]

PREVIOUS = Path(__file__).parent / "data" / "codebooks_1.0"
SHIPPED = sorted((ROOT / "codebooks").glob("*.yaml"))
TEXT = "Een zin die elke code krijgt. " * 4


def _codings(project) -> dict[int, tuple[str, str, str]]:
    """coding id -> (codebook, key, valence)."""
    return {r[0]: (r[1], r[2], r[3]) for r in project.db.execute(
        """SELECT g.id, c.codebook_id, c.key, g.valence FROM codings g JOIN codes c ON c.id = g.code_id""")}


@pytest.fixture
def old_project(tmp_path):
    """A project on the 1.0 codebooks with one coding (valence alternating) on every codable code."""
    with open_project(tmp_path / "oud.werkbank", create=True) as project:
        dbrows.seed_document(project, TEXT)
        for path in sorted(PREVIOUS.glob("*.yaml")):
            ops.import_file(project, "an", path)
        codable = project.db.execute("SELECT id FROM codes WHERE codable = 1 AND active = 1 ORDER BY id").fetchall()
        with project.write("an", "code everything") as tx:
            for number, (code_id,) in enumerate(codable):
                insert_coding(tx, "an", 1, number % 20, number % 20 + 5, code_id,
                              valence=("sterkte", "groeikans")[number % 2])
        yield project


def test_the_previous_versions_are_older_than_the_shipped_ones():
    for path in SHIPPED:
        before = codebooks.load(PREVIOUS / path.name)
        after = codebooks.load(path)
        assert codebooks.version_key(after.version) >= codebooks.version_key(before.version), path.name


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_previous_code_is_kept_or_moved_by_the_history(path):
    """The key map is complete: an old code a coder could apply either still is one, or its codings move."""
    before = codebooks.load(PREVIOUS / path.name)
    after = codebooks.load(path)
    current = {c.key: c for c in after.codes}
    steps = ops.pending_steps(after, before.version)
    for code in before.codes:
        if not code.codable:
            continue
        end = codebooks.final_key(steps, code.key)
        assert end in current and current[end].codable and current[end].active, \
            f"{path.stem}: codings of {code.key} would land on {end!r}"


def test_importing_the_corrected_codebooks_keeps_every_coding_on_a_code_to_apply(old_project):
    project = old_project
    before = _codings(project)
    assert len(before) > 200
    summaries = {}
    for path in SHIPPED:
        if codebooks.load(path).version != codebooks.load(PREVIOUS / path.name).version:
            summaries[path.stem] = ops.import_file(project, "an", path)
    assert set(summaries) == {"bouwstenen_okt", "interprofessionele_samenwerking", "kwaliteitskader_emb",
                              "randvoorwaarden", "zorgcontinuum_hgw"}
    after = _codings(project)
    assert after.keys() == before.keys()                         # no coding lost or added
    assert all(after[i][2] == before[i][2] for i in before)      # valence untouched
    steps_of = {p.stem: ops.pending_steps(codebooks.load(p), codebooks.load(PREVIOUS / p.name).version)
                for p in SHIPPED}
    usable = {(r[0], r[1]) for r in project.db.execute(
        "SELECT codebook_id, key FROM codes WHERE codable = 1 AND active = 1")}
    for coding_id, (book, old_key, _) in before.items():
        steps = steps_of[book]
        expected = codebooks.final_key(steps, old_key)
        assert after[coding_id][:2] == (book, expected), (book, old_key)
        assert (book, expected) in usable
    moved = {book: summary["moved"] for book, summary in summaries.items()}
    assert moved == {"bouwstenen_okt": 2, "interprofessionele_samenwerking": 14, "kwaliteitskader_emb": 1,
                     "randvoorwaarden": 1, "zorgcontinuum_hgw": 0}
    # a moved code's label stays findable as an alias of where its codings went
    aliases = project.db.execute("SELECT aliases FROM codes WHERE codebook_id = 'randvoorwaarden' "
                                 "AND key = 'professionals.interpretatiekader'").fetchone()[0]
    assert "Randvoorwaarden bij de onderwijsprofessionals" in aliases


def test_the_upgrade_is_one_step_that_undo_takes_back(old_project):
    project = old_project
    before = _codings(project)
    ops.import_file(project, "an", ROOT / "codebooks" / "randvoorwaarden.yaml")
    assert _codings(project) != before
    history.undo(project, "an")
    assert _codings(project) == before
    assert project.db.execute("SELECT version FROM codebooks WHERE id = 'randvoorwaarden'").fetchone()[0] == "1.0"


def test_editing_a_codebook_in_a_project_bumps_its_version_and_a_release_still_comes_in(old_project):
    project = old_project
    version = lambda: project.db.execute("SELECT version FROM codebooks WHERE id = 'randvoorwaarden'").fetchone()[0]
    ops.add_code(project, "an", "randvoorwaarden", "Ouders", parent="relatie", origin="inductief")
    assert version() == "1.0-bewerkt.1"
    ops.rename_code(project, "an", "randvoorwaarden:relatie.inhoud.focus", "Focus op de leerinhoud")
    assert version() == "1.0-bewerkt.2"
    exported = codebooks.loads(ops.export_yaml(project, "randvoorwaarden"))
    assert exported.version == "1.0-bewerkt.2"
    history.undo(project, "an")
    assert version() == "1.0-bewerkt.1"
    summary = ops.import_file(project, "an", ROOT / "codebooks" / "randvoorwaarden.yaml")
    shipped = codebooks.load(ROOT / "codebooks" / "randvoorwaarden.yaml").version
    assert (summary["previous_version"], summary["version"]) == ("1.0-bewerkt.1", shipped)
    own = project.db.execute("SELECT active, origin FROM codes WHERE codebook_id = 'randvoorwaarden' "
                             "AND label = 'Ouders'").fetchone()
    assert tuple(own) == (1, "inductief")   # the project's own code stays
    with pytest.raises(ProjectError, match="already in this project"):
        ops.import_file(project, "an", ROOT / "codebooks" / "randvoorwaarden.yaml")


def test_local_versions_sort_between_their_release_and_the_next():
    key = codebooks.version_key
    assert key("2.0") < key(ops.local_version("2.0")) < key("2.0.1") < key("2.1")
    assert ops.local_version("2.0-bewerkt.9") == "2.0-bewerkt.10"
    assert key("2.0-bewerkt.9") < key("2.0-bewerkt.10")


HEAD = 'id: t\ntitle: T\nversion: "2"\n'
CODES = "codes:\n  - id: a\n    label: A\n  - id: b\n    label: B\n    codable: false\n    children:\n" \
        "      - id: b.c\n        label: C\n"


@pytest.mark.parametrize("history_text, message", [
    ('history:\n  - version: "2"\n    moved: {x: zz}\n', "moves to unknown code 'zz'"),
    ('history:\n  - version: "2"\n    moved: {x: b}\n', "moves to 'b', which is not a code to apply"),
    ('history:\n  - version: "2"\n    moved: {a: b.c}\n', "a is still a code to apply"),
    ('history:\n  - version: "3"\n    moved: {x: a}\n', "newer than the codebook's version 2"),
    ('history:\n  - version: "2"\n    moved: {x: a}\n    split: {x: [a, zz]}\n', "splits into unknown code 'zz'"),
    ('history:\n  - version: "2"\n    moved: {x: a}\n    split: {x: [b.c]}\n', "moves to 'a', which is not one of"),
    ('history:\n  - version: "2"\n  - version: "1.5"\n', "increasing version order"),
])
def test_a_history_that_would_lose_codings_is_refused_at_its_line(tmp_path, history_text, message):
    path = tmp_path / "cb.yaml"
    path.write_text(HEAD + history_text + CODES, encoding="utf-8")
    errors = [p for p in codebooks.validate(path) if p.severity == "error"]
    assert len(errors) == 1 and message in errors[0].message, errors
    assert 4 <= errors[0].line <= 7


def test_a_chain_of_steps_moves_codings_to_the_last_key(tmp_path):
    v1 = HEAD.replace('"2"', '"1"') + "codes:\n  - id: x\n    label: X\n  - id: a\n    label: A\n"
    v3 = (HEAD.replace('"2"', '"3"') + 'history:\n  - version: "2"\n    moved: {x: y}\n'
          '  - version: "3"\n    moved: {y: a}\n' + "codes:\n  - id: a\n    label: A\n")
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        with project.write("an", "seed") as tx:
            tx.insert("documents", {"name": "d", "kind": "interview", "text": TEXT, "sha256": "x",
                                    "imported_at": now()})
        ops.import_codebook(project, "an", codebooks.loads(v1))
        add_coding(project, "an", 1, 0, 3, ops.resolve_code(project.db, "t:x"))
        summary = ops.import_codebook(project, "an", codebooks.loads(v3))
        assert summary["moved"] == 1
        assert list(_codings(project).values()) == [("t", "a", "neutraal")]
        assert codebooks.loads(codebooks.to_yaml(codebooks.loads(v3))).history == codebooks.loads(v3).history


def test_codings_made_against_an_older_version_are_imported_on_todays_code(tmp_path):
    """A CSV coded with a key the history retired ("x", moved to "y", then to "a") lands on "a", and the
    command line says which keys went where; a key the history never knew is still refused."""
    from click.testing import CliRunner

    from app.cli import _load_commands, cli
    v3 = (HEAD.replace('"2"', '"3"') + 'history:\n  - version: "2"\n    moved: {x: y}\n'
          '  - version: "3"\n    moved: {y: a}\n' + "codes:\n  - id: a\n    label: A\n")
    (tmp_path / "t.yaml").write_text(v3, encoding="utf-8")
    project = tmp_path / "p.werkbank"
    with open_project(project, create=True) as opened:
        _document(opened)
        ops.import_codebook(opened, "an", codebooks.loads(v3))
    (tmp_path / "old.csv").write_text("document,code,valence\nd,x,sterkte\nd,t:y,groeikans\nd,a,\n", encoding="utf-8")
    _load_commands()
    result = CliRunner().invoke(cli, ["import-codings", str(project), str(tmp_path / "old.csv"), "--default-coder", "lien"])
    assert result.exit_code == 0, result.output
    assert "imported 3 codings" in result.output
    assert "brought to their current code: x -> a (1x) and y -> a (1x)" in result.output
    with open_project(project) as opened:
        assert sorted(_codings(opened).values()) == [("t", "a", "groeikans"), ("t", "a", "neutraal"), ("t", "a", "sterkte")]
    # named by its label: the group that kept the retired key's name
    v4 = (HEAD.replace('"2"', '"4"') + 'history:\n  - version: "4"\n    moved: {g: g.a}\n'
          + "codes:\n  - id: g\n    label: Groep\n    codable: false\n    children:\n      - id: g.a\n        label: Deel\n")
    with open_project(project) as opened:
        ops.import_codebook(opened, "an", codebooks.loads(v4.replace("id: t", "id: u")))
    (tmp_path / "label.csv").write_text("document,code\nd,Groep\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import-codings", str(project), str(tmp_path / "label.csv"), "--default-coder", "lien"])
    assert result.exit_code == 0 and "g -> g.a (1x)" in result.output, result.output
    (tmp_path / "unknown.csv").write_text("document,code\nd,z\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import-codings", str(project), str(tmp_path / "unknown.csv"), "--default-coder", "lien"])
    assert result.exit_code == 1 and "row 2" in result.output


def test_the_demo_is_built_on_the_shipped_codebooks_with_every_coders_coding(demo_master):
    from coding.demo import CORPORA
    from coding.importers.codings_csv import read_rows
    rows = [row for file in sorted((CORPORA / "codings").glob("evaluator*.csv"))
            if not file.stem.endswith("_disagreements") for row in read_rows(file)]
    with open_project(demo_master) as project:
        versions = dict(project.db.execute("SELECT id, version FROM codebooks").fetchall())
        coded = project.db.execute(
            """SELECT count(*) FROM codings g JOIN codes c ON c.id = g.code_id
               WHERE c.codebook_id = 'randvoorwaarden' AND c.codable AND c.active""").fetchone()[0]
    assert versions == {p.stem: codebooks.load(p).version for p in SHIPPED}
    assert coded == len(rows) > 400


def test_the_command_line_says_how_many_codings_moved(tmp_path):
    from click.testing import CliRunner

    from app.cli import _load_commands, cli
    _load_commands()
    project = tmp_path / "p.werkbank"
    runner = CliRunner()
    for args in (["init", project], ["codebook", "import", project, PREVIOUS / "kwaliteitskader_emb.yaml"]):
        assert runner.invoke(cli, [str(a) for a in args]).exit_code == 0
    with open_project(project) as opened:
        leerwinst = ops.resolve_code(opened.db, "kwaliteitskader_emb:resultaten.leerwinst")
        add_coding(opened, "an", *_document(opened), leerwinst)
    shipped = ROOT / "codebooks" / "kwaliteitskader_emb.yaml"
    result = runner.invoke(cli, ["codebook", "import", str(project), str(shipped)])
    assert result.exit_code == 0, result.output
    assert "updated kwaliteitskader_emb 1.0 -> 2.0:" in result.output and "1 codings moved" in result.output


def _document(project) -> tuple[int, int, int]:
    with project.write("an", "seed") as tx:
        document = tx.insert("documents", {"name": "d", "kind": "interview", "text": TEXT, "sha256": "y",
                                           "imported_at": now()})
    return document, 0, 5

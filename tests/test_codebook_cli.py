"""`werkbank codebook ...` from the command line."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import _load_commands, cli
from coding.codings.layout import code_choices
from coding.store.project import open_project
import dbrows  # noqa: E402

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

DATA = Path(__file__).parent / "data" / "codebook"

_load_commands()


def run(*args, ok=True):
    result = CliRunner().invoke(cli, [str(a) for a in args], env={"WERKBANK_CODER": "an"})
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.db"
    run("init", path)
    return path


def test_validate_lists_every_problem_as_file_line_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('id: t\ntitle: T\nversion: "1"\ncodes:\n  - id: a\n    label: A\n  - id: a\n    label: B\n'
                   '  - id: c\n    parent: onbekend\n', encoding="utf-8")
    result = run("codebook", "validate", bad, ok=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert f"{bad}:7: duplicate code id 'a' (first defined on line 5)" in lines
    assert f"{bad}:9: code 'c' has no label" in lines
    assert f"{bad}:10: code 'c' has unknown parent 'onbekend'" in lines
    good = run("codebook", "validate", "--strict", DATA / "demo_v1.yaml")
    assert "ok (5 codes)" in good.output


def test_import_list_tree_edit_export_and_diff(project, tmp_path):
    assert "imported demo 1.0: 5 codes" in run("codebook", "import", project, DATA / "demo_v1.yaml").output
    listing = run("codebook", "list", project).output.splitlines()
    assert listing[0].split("\t") == ["id", "title", "version", "codes", "codings"]
    assert listing[1].split("\t") == ["demo", "Demo codebook", "1.0", "5", "0"]
    run("codebook", "add-code", project, "demo", "Vrijwilligheid", "--parent", "relatie", "--inductive",
        "--definition", "Uit vrije wil.", "--example", "Niemand moest.")
    run("codebook", "rename", project, "demo:middelen", "Middelen en uren")
    run("codebook", "move", project, "uitrol.coordinatie", "relatie", "--position", "0")
    run("codebook", "merge", project, "Middelen en uren", "relatie.vrijwilligheid")
    run("codebook", "edit", project, "relatie", "--lemma", "band", "--lemma", "klik", "--lemma", "relatie",
        "--color", "#00ff00")
    tree = run("codebook", "tree", project, "demo").output.splitlines()
    assert "  Coördinatie (uitrol.coordinatie)  0/0" in tree
    assert "Middelen en uren (middelen) [inactive]  0/0" in tree
    assert "De uitrol (uitrol) [group]  0/0" in tree
    out_yaml, out_qdc = tmp_path / "uit.yaml", tmp_path / "uit.qdc"
    run("codebook", "export", project, "demo", out_yaml)
    run("codebook", "export", project, "demo", out_qdc)
    assert out_qdc.read_text(encoding="utf-8").startswith("<?xml")
    changes = run("codebook", "diff", DATA / "demo_v1.yaml", out_yaml).output
    assert "added      relatie.vrijwilligheid" in changes and "moved      uitrol.coordinatie" in changes
    assert "renamed    middelen: 'Middelen' -> 'Middelen en uren'" in changes
    other = tmp_path / "other.db"
    run("init", other)
    # .qdc carries the active codes only: the merged-away code stays behind
    assert "imported demo 1.0-bewerkt.5: 5 codes" in run("codebook", "import", other, out_qdc).output


def test_split_and_errors_exit_1_with_one_line(project, tmp_path):
    run("codebook", "import", project, DATA / "demo_v1.yaml")
    result = run("codebook", "import", project, DATA / "demo_v1.yaml", ok=False)
    assert result.exit_code == 1 and "already in this project" in result.output
    result = run("codebook", "move", project, "uitrol", "uitrol.modellen", ok=False)
    assert result.exit_code == 1 and "under itself" in result.output
    junk = tmp_path / "junk.qdc"
    junk.write_text("geen xml", encoding="utf-8")
    result = run("codebook", "import", project, junk, ok=False)
    assert result.exit_code == 1 and "is not a readable XML file" in result.output
    run("codebook", "split", project, "middelen", "--into", "=Geld", "--into", "middelen.uren=Uren")
    with open_project(project) as p:
        keys = {r["key"]: r["active"] for r in dbrows.rows(p, "codes")}
    assert keys["middelen"] == 0 and keys["middelen.uren"] == 1 and keys["geld"] == 1
    assert "deactivated 1 code\n" in run("codebook", "deactivate", project, "geld").output
    assert "reactivated 1 code\n" in run("codebook", "reactivate", project, "geld").output
    run("undo", project)
    with open_project(project) as p:
        assert dbrows.rows(p, "codes", "key = 'geld'")[0]["active"] == 0


def test_list_codes_in_codebook_tree_order(project):
    """`werkbank list codes` shows each code under its parent, as the codebook is read, not siblings of
    different parents mixed by their position number."""
    for book in sorted((Path(__file__).parents[1] / "codebooks").glob("*.yaml")):
        run("codebook", "import", project, book)
    listing = [line.split("\t") for line in run("list", project, "codes").output.splitlines()]
    keys = [row[listing[0].index("key")] for row in listing[1:]]
    with open_project(project) as p:
        expected = [c["key"] for c in code_choices(p.db.conn)]
    assert keys == expected
    paths = [row[listing[0].index("path")] for row in listing[1:]]
    for n, path in enumerate(paths):  # a child comes after its parent, before the parent's next sibling
        if " > " in path:
            assert path.rsplit(" > ", 1)[0] in paths[:n]

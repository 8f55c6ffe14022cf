"""Coder layers: whose codings an analysis counts, and that it says so."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

import app.cli.analyse  # noqa: F401  (registers the command)
from app.cli import cli
from coding.analysis import frequencies, layer_of, prevalence
from coding.agreement.consensus import resolve
from coding.codings.operations import insert_coding
from coding.store.project import ProjectError, now, open_project
from coding.team.assignments import assign_documents
from coding.team.layers import choices, default_layer, layer, set_primary_coder
from exports.layer_note import layer_label
from tests.agreement_project import build

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")


def _spans(db, coders: tuple[str, ...], key: str, valence: str | None = None) -> int:
    """Distinct fragments of a code and its subtree by these coders, counted straight from the table."""
    marks = ",".join("?" * len(coders))
    sql = f"""WITH RECURSIVE tree(id) AS (SELECT id FROM codes WHERE key = ? AND codebook_id = 'randvoorwaarden'
                                          UNION SELECT c.id FROM codes c JOIN tree t ON c.parent_id = t.id)
              SELECT count(*) FROM (SELECT DISTINCT document_id, start, end FROM codings
                                    WHERE code_id IN (SELECT id FROM tree) AND coder IN ({marks})
                                    {'AND valence = ?' if valence else ''})"""
    return db.execute(sql, [key, *coders, *([valence] if valence else [])]).fetchone()[0]


def test_demo_default_layer_is_the_primary_coder_and_pooled_is_everyone(demo_master):
    with open_project(demo_master) as project:
        chosen = layer_of(project)
        assert chosen.default and chosen.coders == ("evaluator1",) and "evaluator2" not in layer_label(chosen)
        default = frequencies(project, "randvoorwaarden").set_index("key")
        pooled = frequencies(project, "randvoorwaarden", {"layer": "pooled"}).set_index("key")
        for key in ("uitrol", "relatie"):
            assert default.loc[key, "fragments"] == _spans(project.db, ("evaluator1",), key)
            assert pooled.loc[key, "fragments"] == _spans(project.db, ("evaluator1", "evaluator2"), key)
            assert pooled.loc[key, "fragments"] > default.loc[key, "fragments"]
        # pooled, the second coder's valence flips make fragments count as both sterkte and groeikans
        both = project.db.execute(
            """SELECT count(*) FROM (SELECT 1 FROM codings WHERE coder IN (?, ?) GROUP BY document_id, start, end,
               code_id HAVING sum(valence = 'sterkte') > 0 AND sum(valence = 'groeikans') > 0)""",
            [*chosen.coders, "evaluator2"]).fetchone()[0]
        alone = project.db.execute(
            """SELECT count(*) FROM (SELECT 1 FROM codings WHERE coder = ? GROUP BY document_id, start, end,
               code_id HAVING sum(valence = 'sterkte') > 0 AND sum(valence = 'groeikans') > 0)""",
            chosen.coders).fetchone()[0]
        assert both > 0 and alone == 0
        # prevalence and a filter on one coder follow the layer too
        uitrol = int(project.db.execute("SELECT id FROM codes WHERE key = 'uitrol'").fetchone()[0])
        assert prevalence(project, uitrol)["count"] <= prevalence(project, uitrol, filters={"layer": "pooled"})["count"]
        assert layer_of(project, {"coder": "evaluator2"}).coders == ("evaluator2",)


def test_cli_names_the_layer_in_output_and_table(demo_master, tmp_path):
    out = tmp_path / "f.csv"
    runner = CliRunner()
    result = runner.invoke(cli, ["analyse", str(demo_master), "frequencies", "--codebook", "randvoorwaarden",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "layer: coder evaluator1 (default layer)" in result.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["layer"] for r in rows} == {"coder evaluator1 (default layer)"}
    result = runner.invoke(cli, ["analyse", str(demo_master), "frequencies", "--layer", "pooled", "--out", str(out)])
    assert "all coders together (evaluator1, evaluator2)" in result.output
    result = runner.invoke(cli, ["analyse", str(demo_master), "frequencies", "--layer", "nobody", "--out", str(out)])
    assert result.exit_code == 1 and "no layer 'nobody'" in result.output


@pytest.fixture
def project(tmp_path):
    with open_project(tmp_path / "p.werkbank", create=True) as p:
        yield p


def test_reliability_coders_are_never_pooled_by_default(project):
    build(project)
    assert default_layer(project.db).coders == ("an", "bo")   # nobody checks anybody: the team
    assign_documents(project, "lead", "bo", ["verslag"])
    chosen = default_layer(project.db)
    assert (chosen.kind, chosen.coders) == ("coder", ("an",))
    set_primary_coder(project, "lead", "bo")
    assert default_layer(project.db).coders == ("bo",)
    assert [c.name for c in choices(project.db)][:1] == ["bo"]
    with pytest.raises(ProjectError, match="no codings by 'zed'"):
        set_primary_coder(project, "lead", "zed")


def test_consensus_layer_replaces_the_primary_coding_where_decided(project):
    built = build(project)
    set_primary_coder(project, "lead", "an")
    # S3: an coded A, bo coded B. The review decides: B applies, A does not.
    resolve(project, "lead", ["an", "bo"], built.sentences[2], built.codes["B"], "apply", valence="neutraal")
    resolve(project, "lead", ["an", "bo"], built.sentences[2], built.codes["A"], "reject")
    chosen = default_layer(project.db)
    assert chosen.kind == "consensus" and chosen.default
    table = frequencies(project).set_index("key")
    an = frequencies(project, filters={"layer": "an"}).set_index("key")
    assert (an.loc["A", "fragments"], an.loc["B", "fragments"]) == (3, 2)
    assert (table.loc["A", "fragments"], table.loc["B", "fragments"]) == (2, 3)
    with project.write("an", "code") as tx:   # later work by the primary coder elsewhere still counts
        start, end = built.spans[4]
        insert_coding(tx, "an", built.document, start, end, built.codes["A"])
    assert frequencies(project).set_index("key").loc["A", "fragments"] == 3
    with pytest.raises(ProjectError, match="no layer"):
        layer(project.db, "zed")

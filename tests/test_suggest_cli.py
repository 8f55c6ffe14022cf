"""`werkbank suggest`, `autocode` and `suggest-eval` on the small suggestion project."""

import csv

import pytest
from click.testing import CliRunner

import app.cli.suggest  # noqa: F401  (registers the commands)
import suggest_project as sp
from app.cli import cli
from coding.store.project import open_project
from coding.suggest.queue import CSV_COLUMNS

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return str(sp.build(tmp_path_factory.mktemp("suggest_cli")))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def read(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_suggest_writes_the_contract_columns_for_uncoded_units(project, tmp_path):
    out = tmp_path / "s.csv"
    result = run("suggest", project, "--codebook", "proef", "--train-coder", "an", "--top", "2", "--out", out)
    assert result.exit_code == 0, result.output
    rows = read(out)
    assert list(rows[0]) == list(CSV_COLUMNS)
    with open_project(project) as p:
        text = p.db.execute("SELECT text FROM documents WHERE name = 'verslag'").fetchone()[0]
    coded = {(str(text.index(q)), str(text.index(q) + len(q))) for q, _, _ in sp.CODED}
    assert not [r for r in rows if r["document"] == "verslag" and (r["start"], r["end"]) in coded]
    per_unit = {}
    for r in rows:
        per_unit.setdefault((r["document"], r["start"]), []).append(r)
    assert all([x["rank"] for x in unit] == ["1", "2"] for unit in per_unit.values())
    assert all(float(unit[0]["score"]) >= float(unit[1]["score"]) for unit in per_unit.values())
    assert {r["valence"] for r in rows} <= {"sterkte", "groeikans", "neutraal"}
    assert {r["code_id"] for r in rows} <= {"overleg", "tijd", "klas"}
    # 11 report sentences (7 of them coded by "an") and 8 mailbox sentences
    assert len(per_unit) == 11 - 7 + 8


def test_autocode_lists_rule_matches_per_answer(project, tmp_path):
    out = tmp_path / "a.csv"
    result = run("autocode", project, "--codebook", "proef", "--unit", "answer", "--out", out)
    assert result.exit_code == 0, result.output
    rows = read(out)
    assert {"matched", *CSV_COLUMNS} == set(rows[0])
    assert all(r["document"] == "mailbox" for r in rows)
    r1 = [r for r in rows if r["matched"] == "klas leerling"]
    assert len(r1) == 1 and r1[0]["code_id"] == "klas" and r1[0]["score"] == "2.0"


def test_suggest_eval_reports_three_methods(project):
    result = run("suggest-eval", project, "--codebook", "proef", "--coder", "an", "--folds", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split("\t") == ["method", "units", "top1", "top3", "alpha", "valence_accuracy", "valence_alpha"]
    assert [line.split("\t")[0] for line in lines[2:5]] == ["model", "rules", "most frequent"]


@pytest.mark.parametrize("args, message", [
    (["suggest", "--codebook", "nope", "--out", "x.csv"], "no codebook 'nope'"),
    (["suggest", "--codebook", "proef", "--out", "x.txt"], "must be a .csv"),
    (["suggest-eval", "--codebook", "proef", "--coder", "nobody"], "nobody has 0 coded units"),
])
def test_errors_are_one_line(project, tmp_path, args, message):
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    result = CliRunner().invoke(cli, [args[0], project, *args[1:]])
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1

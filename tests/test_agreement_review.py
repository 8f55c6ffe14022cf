"""The consensus review on the demo corpora: evaluator2 (corpora/second_coder.py) differs from
evaluator1 in exactly the listed ways, so the review must list exactly those, and resolving them
must build the consensus layer and bring progress to the total."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coding.codebooks import operations as codebook_ops
from coding.agreement.measure import agreement
from coding.importers.codings_csv import import_codings, read_rows
from coding.agreement.consensus import CONSENSUS, disagreements, progress, resolve
from coding.importers import import_file, import_mailbox
from coding.store.project import open_project

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
CODERS = ["evaluator1", "evaluator2"]


def _read(name):
    with open(CORPORA / "codings" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    second = _read("evaluator2.csv")
    documents = {r["document"] for r in second if not r["question"]}
    manifest = yaml.safe_load((CORPORA / "reports" / "manifest.yaml").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("review") / "demo.werkbank"
    with open_project(path, create=True) as p:
        codebook_ops.import_file(p, "tester", CORPORA.parent / "codebooks" / "randvoorwaarden.yaml")
        for entry in manifest["documents"]:
            if Path(entry["file"]).stem in documents:
                import_file(p, CORPORA / "reports" / entry["file"], "tester", kind=entry["kind"],
                            attributes={k: v for k, v in entry.get("attributes", {}).items() if v is not None})
        import_mailbox(p, CORPORA / "mailbox" / "mailbox_pwb.csv", "tester",
                       mapping=CORPORA / "mailbox" / "mapping_pwb.yaml")
        first = [r for f in ("evaluator1_geo.csv", "evaluator1_buo.csv", "evaluator1_mailbox.csv")
                 for r in _read(f) if r["question"] or r["document"] in documents]
        import_codings(p, first, "tester", codebook_id="randvoorwaarden")
        import_codings(p, read_rows(CORPORA / "codings" / "evaluator2.csv"), "tester", codebook_id="randvoorwaarden")
    with open_project(path) as p:
        yield p


def _expected() -> set[tuple[str, str, str]]:
    """(document or respondent, code, kind of review row) for each listed disagreement."""
    out = set()
    for row in _read("evaluator2_disagreements.csv"):
        where = row["document"]
        if row["kind"] == "code_swap":
            out |= {(where, row["code_evaluator1"], "code"), (where, row["code_evaluator2"], "code")}
        elif row["kind"] == "valence_flip":
            out.add((where, row["code_evaluator1"], "valence"))
        elif row["kind"] == "omitted":
            out.add((where, row["code_evaluator1"], "code"))
        else:
            out.add((where, row["code_evaluator2"], "code"))
    return out


def _found(frame) -> set[tuple[str, str, str]]:
    return {(r.speaker if isinstance(r.question, str) else r.document, r.code, r.kind) for r in frame.itertuples()}


def test_second_coder_script_is_deterministic(tmp_path):
    before = [(CORPORA / "codings" / f).read_bytes() for f in ("evaluator2.csv", "evaluator2_disagreements.csv")]
    subprocess.run([sys.executable, str(CORPORA / "second_coder.py")], check=True, capture_output=True)
    after = [(CORPORA / "codings" / f).read_bytes() for f in ("evaluator2.csv", "evaluator2_disagreements.csv")]
    assert before == after
    listed = _read("evaluator2_disagreements.csv")
    assert {r["kind"] for r in listed} == {"code_swap", "valence_flip", "omitted", "added"}
    assert _read("evaluator2.csv")[0].keys() == _read("evaluator1_geo.csv")[0].keys()


@pytest.mark.parametrize("unit", ["sentence", "answer", "turn"])
def test_review_lists_exactly_the_intended_disagreements(project, unit):
    frame = disagreements(project, CODERS, unit)
    expected = _expected()
    if unit == "answer":
        expected = {e for e in expected if e[0].startswith("R")}
    if unit == "turn":
        expected = {e for e in expected if not e[0].startswith("R")}
    assert _found(frame) == expected
    text_of_quote = {r["quote"] for r in _read("evaluator2_disagreements.csv")}
    assert all(any(q in context for q in text_of_quote) for context in frame["context"])


def test_review_filters_per_code_and_shows_both_coders(project):
    swap = next(r for r in _read("evaluator2_disagreements.csv") if r["kind"] == "code_swap")
    frame = disagreements(project, CODERS, "sentence", codes=[swap["code_evaluator1"]])
    assert set(frame["code"]) == {swap["code_evaluator1"]}
    row = frame[frame["text"].apply(lambda t: t in swap["quote"] or swap["quote"] in t)].iloc[0]
    assert row["evaluator2"] == "—" and swap["code_evaluator2"] in row["evaluator2 codes"]
    assert row["evaluator1"] == swap["valence_evaluator1"]


def test_agreement_on_the_demo_is_high_but_not_perfect(project):
    table = agreement(project, CODERS, "sentence", resamples=100).table.set_index("code")
    overall = table.loc["(overall: unit x code)"]
    assert 0.5 < overall["alpha"] < 1 and overall["percent"] > 0.95
    flipped = next(r["code_evaluator1"] for r in _read("evaluator2_disagreements.csv") if r["kind"] == "valence_flip")
    assert table.loc[flipped, "valence_percent"] < 1


def test_resolving_every_disagreement_builds_the_consensus_layer(project):
    frame = disagreements(project, CODERS, "sentence")
    assert progress(project, CODERS, "sentence") == {"resolved": 0, "total": len(frame)}
    for i, row in enumerate(frame.itertuples()):
        if i % 3 == 0:
            resolve(project, "reviewer", CODERS, row.unit_id, row.code_id, take_from="evaluator1")
        elif i % 3 == 1:
            resolve(project, "reviewer", CODERS, row.unit_id, row.code_id, decision="apply", valence="sterkte")
        else:
            resolve(project, "reviewer", CODERS, row.unit_id, row.code_id, decision="reject")
    assert progress(project, CODERS, "sentence") == {"resolved": len(frame), "total": len(frame)}
    consensus = project.db.execute("SELECT count(*) FROM codings WHERE coder = ?", [CONSENSUS]).fetchone()[0]
    assert consensus > 0
    events = project.db.execute("SELECT count(*) FROM events WHERE action = 'consensus'").fetchone()[0]
    assert events == len(frame)
    # the compared coders' own codings are untouched
    assert project.db.execute("SELECT count(*) FROM codings WHERE coder = 'evaluator2'").fetchone()[0] == \
        len(_read("evaluator2.csv"))

"""Intercoder agreement: published worked examples and hand-worked unit examples.

The hand-worked project is described in tests/agreement_project.py. Included units at threshold 0:
S1, S2, S3, S4, S6 (S5 coded by nobody: excluded and reported; S7 is facilitator talk).

Code A (an: S1 S2 S3; bo: S1 S2): both 2, an only 1, bo only 0, neither 2.
  po = 4/5 = 0.8; pe = 0.6*0.4 + 0.4*0.6 = 0.48; kappa = 0.32/0.52 = 0.6154.
  alpha: 10 values (five 1s, five 0s); one disagreeing unit gives 2 off-diagonal coincidences;
  alpha = 1 - (n-1) * 2 / (n^2 - 5^2 - 5^2) = 1 - 9*2/50 = 0.64.
Code B (an: S4 S6; bo: S3 S4): both 1, an only 1, bo only 1, neither 2.
  po = 0.6; pe = 0.4*0.4 + 0.6*0.6 = 0.52; kappa = 0.08/0.48 = 0.1667.
  alpha: four 1s, six 0s, two disagreeing units: 1 - 9*4/(100-16-36) = 0.25.
Valence on A (S1 sterkte/sterkte, S2 sterkte/groeikans): agreement 1/2; alpha: values
  sterkte x3, groeikans x1, 2 off-diagonal: 1 - 3*2/(16-9-1) = 0.
Segments (90% overlap): A: an S1 S2 S3, bo S1 S2 -> 4 of 5 matched; B: an S4 S6(2 chars),
  bo S3 S4(9 of 10 chars = 90% of the joint extent) -> an S4 and bo S4 match: 2 of 4.
Threshold 0.5: an's B coding on S6 covers 2/10, so S6 drops out; S1..S4 remain. B: po 3/4,
  pe 0.25*0.5 + 0.75*0.5 = 0.5, kappa 0.5.
Code set per unit: an {A} {A} {A} {B} {B}; bo {A} {A} {B} {B} {} -> 3 of 5 agree.
"""

import numpy as np
import pytest
from click.testing import CliRunner

import app.cli.agreement  # noqa: F401  (registers the commands)
from app.agreement_text import notes, summary
from app.cli import cli
from coding.agreement import coefficients as reliability
from coding.agreement.measure import OVERALL_PAIRS, OVERALL_SETS, agreement
from coding.team.assignments import assign_documents, assign_sample, end_blind, is_blind, may_see, visible_coders_for
from coding.codings.operations import insert_coding
from coding.store.project import ProjectError, now, open_project
from tests.agreement_project import build

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the example with 4 coders,
# 12 units and missing values (None); alpha nominal = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def _matrix(rows):
    return np.array([[reliability.MISSING if v is None else v for v in row] for row in rows]).T


@pytest.fixture
def project(tmp_path):
    with open_project(tmp_path / "p.werkbank", create=True) as p:
        yield p


def test_nvivo_character_kappa_worked_case():
    # NVivo help: 1000 characters, 50 coded by both, 75 by A only, 75 by B only, 800 by neither.
    assert reliability.kappa_2x2(50, 75, 75, 800) == pytest.approx(0.314, abs=5e-4)
    # The same case from spans: A codes [0, 125), B codes [75, 200) of a 1000-character text.
    assert reliability.character_table([(0, 125)], [(75, 200)], 1000) == (50, 75, 75, 800)
    assert reliability.character_kappa([(0, 100), (100, 125)], [(75, 200)], 1000) == pytest.approx(0.3143, abs=1e-4)
    # A chance term of 1/number-of-categories (the wrong one) would give 0.7 here.
    assert reliability.kappa_2x2(50, 75, 75, 800) < 0.5


def test_krippendorff_reference_data():
    matrix = _matrix(KRIPPENDORFF_2011)
    assert reliability.alpha_nominal(matrix) == pytest.approx(0.743, abs=5e-4)
    assert reliability.alpha_fast(matrix) == pytest.approx(reliability.alpha_nominal(matrix), abs=1e-12)


def test_krippendorff_reference_data_through_codings(project):
    """Each value is a code; a missing value is a unit outside that coder's sampled assignment."""
    coders = ["A", "B", "C", "D"]
    sentences = [f"Eenheid nummer {i:02d}." for i in range(12)]
    text = " ".join(sentences)
    with project.write("tester", "seed") as tx:
        tx.insert("codebooks", {"id": "k", "title": "K", "version": "1", "imported_at": now()})
        codes = {v: tx.insert("codes", {"codebook_id": "k", "key": f"v{v}", "label": f"Waarde {v}"}) for v in range(1, 6)}
        doc = tx.insert("documents", {"name": "d", "kind": "interview", "text": text, "sha256": "k",
                                      "imported_at": now()})
        units, start = [], 0
        for sentence in sentences:
            units.append(tx.insert("units", {"document_id": doc, "kind": "sentence", "start": start,
                                             "end": start + len(sentence)}))
            start += len(sentence) + 1
        for coder, row in zip(coders, KRIPPENDORFF_2011):
            for unit_id, value in zip(units, row):
                if value is None:
                    continue
                tx.insert("assignments", {"coder": coder, "document_id": doc, "unit_id": unit_id, "blind": 0,
                                          "assigned_by": "tester", "assigned_at": now()})
                u = tx.get("units", unit_id)
                insert_coding(tx, coder, doc, u["start"], u["end"], codes[value])
    result = agreement(project, coders, "sentence", resamples=0)
    row = result.table.set_index("code").loc[OVERALL_SETS]
    assert row["alpha"] == pytest.approx(0.743, abs=5e-4)
    assert row["units"] == 11   # unit 12 has one value only: not pairable


def test_hand_worked_units(project):
    build(project)
    result = agreement(project, ["an", "bo"], "sentence", resamples=200)
    table = result.table.set_index("code")
    assert (result.units_total, result.units_uncoded) == (6, 1)
    a, b = table.loc["A"], table.loc["B"]
    assert a["units"] == b["units"] == 5
    assert (a["percent"], a["kappa"], a["alpha"]) == pytest.approx((0.8, 0.32 / 0.52, 0.64))
    assert (b["percent"], b["kappa"], b["alpha"]) == pytest.approx((0.6, 0.08 / 0.48, 0.25))
    assert (a["valence_units"], a["valence_percent"], a["valence_alpha"]) == (2, 0.5, pytest.approx(0.0))
    assert np.isnan(b["valence_alpha"])   # one unit, one valence: undefined, not 1
    assert (a["segments_matched"], a["segments"], b["segments_matched"], b["segments"]) == (4, 5, 2, 4)
    assert table.loc[OVERALL_PAIRS, "percent"] == pytest.approx(0.7)
    assert table.loc[OVERALL_SETS, "percent"] == pytest.approx(0.6)
    assert a["kappa_low"] <= a["kappa"] <= a["kappa_high"]
    assert "1 of the 6 units got a code from nobody" in summary(result)


def test_threshold_and_segment_overlap(project):
    build(project)
    result = agreement(project, ["an", "bo"], "sentence", threshold=0.5, segment_overlap=95, resamples=0)
    table = result.table.set_index("code")
    assert result.units_uncoded == 2
    assert table.loc["B", "kappa"] == pytest.approx(0.5)
    assert table.loc["B", "segments_matched"] == 0   # bo's S4 coding is 90% of the joint extent, under 95


def test_bootstrap_is_seeded_and_resamples_units():
    rng = np.random.default_rng(3)
    matrix = rng.integers(0, 2, size=(80, 2))
    first = reliability.coefficients(matrix, resamples=300, seed=7)
    assert first == reliability.coefficients(matrix, resamples=300, seed=7)
    assert first.alpha_ci != reliability.coefficients(matrix, resamples=300, seed=8).alpha_ci
    assert first.alpha_ci[0] < first.alpha < first.alpha_ci[1]


def test_three_coders_percent_is_pairwise():
    # unit 1: all agree (3/3 pairs); unit 2: two of three agree (1/3 pairs) -> (1 + 1/3) / 2
    result = reliability.coefficients(np.array([[1, 1, 1], [1, 1, 0]]), resamples=0)
    assert result.percent == pytest.approx(2 / 3)
    # Fleiss: P = 2/3; category shares 1/6 and 5/6, Pe = 26/36; kappa = (2/3 - 26/36) / (10/36) = -0.2
    assert result.kappa == pytest.approx(-0.2)


# Fleiss' kappa, the worked example of the Wikipedia article "Fleiss' kappa": 10 subjects, 14 raters,
# 5 categories (counts per category); P = 0.378, Pe = 0.213, kappa = 0.210.
FLEISS_EXAMPLE = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                  [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]


def test_fleiss_kappa_published_example():
    assert reliability.fleiss_kappa(np.array(FLEISS_EXAMPLE)) == pytest.approx(0.210, abs=5e-4)
    # the same data as a units x raters matrix goes through coefficients() as kappa for 14 coders
    matrix = np.array([[c for c, n in enumerate(row) for _ in range(n)] for row in FLEISS_EXAMPLE])
    result = reliability.coefficients(matrix, resamples=200, seed=3)
    assert result.kappa == pytest.approx(0.210, abs=5e-4)
    assert result.percent == pytest.approx(0.378, abs=5e-4)
    assert result.kappa_ci[0] < result.kappa < result.kappa_ci[1]
    with pytest.raises(ValueError, match="same number"):
        reliability.fleiss_kappa(np.array([[1, 1], [2, 1]]))


def test_krippendorff_ordinal_and_interval_reference():
    # Krippendorff (2011): the same 4 x 12 data read as an ordinal scale gives 0.815, as interval 0.849
    matrix = _matrix(KRIPPENDORFF_2011)
    assert reliability.alpha(matrix, "ordinal") == pytest.approx(0.815, abs=5e-4)
    assert reliability.alpha(matrix, "interval") == pytest.approx(0.849, abs=5e-4)


def test_bad_input_is_refused(project):
    build(project)
    with pytest.raises(ProjectError, match="at least two different coders"):
        agreement(project, ["an"], "sentence")
    with pytest.raises(ProjectError, match="no codings by zed"):
        agreement(project, ["an", "zed"], "sentence")
    with pytest.raises(ProjectError, match="unit must be one of"):
        agreement(project, ["an", "bo"], "heading")
    with pytest.raises(ProjectError, match="no code 'X'"):
        agreement(project, ["an", "bo"], "sentence", codes=["X"])


def test_blind_assignments(project):
    built = build(project)
    assign_documents(project, "lead", "cy", ["verslag"])
    assert is_blind(project.db.conn, "cy") and visible_coders_for(project.db.conn, "cy") == ["cy"]
    assert not may_see(project.db.conn, "cy", "an") and may_see(project.db.conn, "an", "cy")
    assert visible_coders_for(project.db.conn, "an") is None
    first = assign_sample(project, "lead", "dx", 3, "sentence", seed=5)
    assert set(first) <= set(built.sentences[:6])   # facilitator sentence never sampled
    with open_project(project.path) as again:
        from coding.team.assignments import sample_units
        assert sample_units(again.db.conn, 3, "sentence", seed=5) == first
    end_blind(project, "lead", "cy")
    assert not is_blind(project.db.conn, "cy")
    with pytest.raises(ProjectError, match="sample size"):
        assign_sample(project, "lead", "dx", 99, "sentence")


def test_sampled_units_only_count_for_the_sampled_coder(project):
    build(project)
    # bo was asked to code S1 and S2 only: S3, S4, S6 are missing for bo, not disagreements.
    with project.write("lead", "assign") as tx:
        for unit_id in project.db.execute("SELECT id FROM units WHERE kind = 'sentence' ORDER BY start LIMIT 2"):
            tx.insert("assignments", {"coder": "bo", "document_id": 1, "unit_id": unit_id[0], "blind": 1,
                                      "assigned_by": "lead", "assigned_at": now()})
    table = agreement(project, ["an", "bo"], "sentence", resamples=0).table.set_index("code")
    # A: S1 yes/yes, S2 yes/yes, S3 an yes / bo no (bo coded B there), S4 no/no
    assert table.loc["A", "units"] == 4 and table.loc["A", "percent"] == 0.75


def test_cli_agreement_and_assign(project, tmp_path):
    build(project)
    project.close()
    runner = CliRunner()
    out = tmp_path / "agreement.csv"
    result = runner.invoke(cli, ["agreement", str(project.path), "--coders", "an,bo", "--unit", "sentence",
                                 "--resamples", "50", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "kappa 0.615" in result.output and "a code from nobody" in result.output
    lines = out.read_text().splitlines()
    assert lines[0].startswith("code,label,units") and lines[1].startswith("A,Code A,5,3,0.8000")
    result = runner.invoke(cli, ["assign", str(project.path), "--coder", "cy", "--sample", "2", "--unit", "sentence",
                                 "--seed", "3"])
    assert result.exit_code == 0 and "assigned 2 sentences" in result.output
    result = runner.invoke(cli, ["agreement", str(project.path), "--coders", "an", "--unit", "sentence"])
    assert result.exit_code == 1 and "error: agreement needs at least two" in result.output


def _two_documents(project):
    """Two one-sentence documents; coder an codes X in d1 and Y in d2."""
    with project.write("tester", "seed") as tx:
        tx.insert("codebooks", {"id": "t", "title": "T", "version": "1", "imported_at": now(),
                                "rating_scale": '["wel passend", "deels passend", "niet passend", "knab"]'})
        codes = {k: tx.insert("codes", {"codebook_id": "t", "key": k, "label": k}) for k in ("X", "Y")}
        docs = []
        for name in ("d1", "d2"):
            doc = tx.insert("documents", {"name": name, "kind": "interview", "text": "Een zin van tekst.",
                                          "sha256": name, "imported_at": now()})
            tx.insert("units", {"document_id": doc, "kind": "paragraph", "start": 0, "end": 18})
            tx.insert("units", {"document_id": doc, "kind": "sentence", "start": 0, "end": 18})
            docs.append(doc)
        insert_coding(tx, "an", docs[0], 0, 18, codes["X"], rating="wel passend")
        insert_coding(tx, "an", docs[1], 0, 18, codes["Y"])
    return docs, codes


def test_blind_document_where_second_coder_found_nothing_counts(project):
    docs, codes = _two_documents(project)
    assign_documents(project, "lead", "bo", ["d1", "d2"])
    with project.write("bo", "code") as tx:
        insert_coding(tx, "bo", docs[0], 0, 18, codes["X"], rating="deels passend")
    result = agreement(project, ["an", "bo"], "sentence", resamples=0)
    overall = result.table.set_index("code").loc[OVERALL_SETS]
    # d1: both {X}; d2: an {Y}, bo nothing -> po 0.5, pe 0.5*0.5 = 0.25, kappa 0.25 / 0.75
    assert overall["units"] == 2 and overall["percent"] == pytest.approx(0.5)
    assert overall["kappa"] == pytest.approx(1 / 3)
    assert result.documents == ["d1", "d2"]
    assert "2 sentence units" in notes(result)[0] and "counts as 'not coded'" in notes(result)[0]


def test_rating_scale_alpha(project):
    docs, codes = _two_documents(project)
    with project.write("tester", "code") as tx:
        d3 = tx.insert("documents", {"name": "d3", "kind": "interview", "text": "Een zin van tekst.", "sha256": "d3",
                                     "imported_at": now()})
        tx.insert("units", {"document_id": d3, "kind": "sentence", "start": 0, "end": 18})
        insert_coding(tx, "an", docs[1], 0, 18, codes["X"], rating="niet passend")
        insert_coding(tx, "an", d3, 0, 18, codes["X"], rating="knab")
        insert_coding(tx, "bo", docs[0], 0, 18, codes["X"], rating="wel passend")
        insert_coding(tx, "bo", docs[1], 0, 18, codes["X"], rating="deels passend")
        insert_coding(tx, "bo", d3, 0, 18, codes["X"], rating="wel passend")
    row = agreement(project, ["an", "bo"], "sentence", resamples=0).table.set_index("code").loc["X"]
    # d1 wel/wel, d2 niet/deels (scale positions 2 and 1); d3's "knab" is not on the scale
    assert row["rating_units"] == 2
    expected = np.array([[0, 0], [2, 1]])
    assert row["rating_alpha_ordinal"] == pytest.approx(reliability.alpha(expected, "ordinal"))
    assert row["rating_alpha_interval"] == pytest.approx(reliability.alpha(expected, "interval"))
    # a near miss (niet vs deels) weighs less on the interval scale than as nominal disagreement
    assert row["rating_alpha_interval"] > reliability.alpha(expected, "nominal")


def test_sample_at_another_unit_explains_the_scope(project):
    docs, codes = _two_documents(project)
    assign_sample(project, "lead", "bo", 1, "sentence", seed=1, documents=["d1"])
    # bo found nothing to code in the sampled sentence: counted as "not coded" there ...
    table = agreement(project, ["an", "bo"], "sentence", resamples=0).table.set_index("code")
    assert table.loc["X", "units"] == 1 and table.loc["X", "percent"] == 0.0
    # ... but at paragraph level nothing of bo's work is left, and the error says why
    with pytest.raises(ProjectError, match="bo was assigned a sample of sentence units.*--unit sentence"):
        agreement(project, ["an", "bo"], "paragraph", resamples=0)
    with project.write("bo", "code") as tx:
        insert_coding(tx, "bo", docs[0], 0, 18, codes["X"])
    result = agreement(project, ["an", "bo"], "paragraph", resamples=0)
    assert result.units_total == 1 and any("--unit sentence" in note for note in notes(result, "cli.agree.sample"))

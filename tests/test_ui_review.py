"""The review page (AppTest): figures for the chosen coders, every disagreement with both coders'
versions, filtering per code, the four decisions, and the blind assignment form."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coding.agreement.measure import agreement
from coding.team.assignments import assignments
from coding.agreement.consensus import CONSENSUS, disagreements
from coding.store.project import open_project

MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")
PAIR = ["evaluator1", "evaluator2"]


def review_page(project: Path, coder: str) -> AppTest:
    """The review page of `project` as `coder` sees it."""
    at = AppTest.from_file(MAIN, default_timeout=120)
    at.session_state["project_path"] = str(project)
    at.session_state["coder"] = coder
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception
    return at


@pytest.fixture
def app(demo_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBANK_HOME", str(tmp_path / "home"))  # recent projects list: not the user's
    return review_page(demo_copy, "reviewer")


def _rows(at) -> list[str]:
    """The keys of the disagreement rows shown ("rv_<unit>_<code>")."""
    return [b.key.removesuffix("_reject") for b in at.button if b.key and b.key.endswith("_reject")]


def test_figures_every_disagreement_and_filter(app, demo_copy):
    with open_project(demo_copy) as p:
        overall = agreement(p, PAIR, "sentence", resamples=1000).table.set_index("code").loc["(overall: unit x code)"]
        frame = disagreements(p, PAIR, "sentence")
    metrics = {m.label: m.value for m in app.metric}
    # the page writes numbers as Dutch readers do: 99,7% and 0,85
    assert metrics["Overeenstemming"] == f"{overall['percent']:.1%}".replace(".", ",")
    assert metrics["Cohens kappa"] == f"{overall['kappa']:.2f}".replace(".", ",")
    assert metrics["Krippendorffs alfa"] == f"{overall['alpha']:.2f}".replace(".", ",")
    interval = f"{overall['kappa_low']:.2f} – {overall['kappa_high']:.2f}".replace(".", ",")
    assert any(interval in c.value for c in app.caption), [c.value for c in app.caption]
    assert sorted(_rows(app)) == sorted(f"rv_{u}_{c}" for u, c in zip(frame["unit_id"], frame["code_id"]))
    assert f"0 van {len(frame)} verschillen beslist" in app.get("progress")[0].proto.text
    shown = " ".join(m.value for m in app.markdown)
    assert "niet gecodeerd" in shown and "evaluator1" in shown and "evaluator2" in shown

    # filtered per code: only that code's rows
    code = frame["code"].value_counts().index[0]
    app.multiselect(key="review_codes").set_value([code]).run()
    wanted = frame[frame["code"] == code]
    assert sorted(_rows(app)) == sorted(f"rv_{u}_{c}" for u, c in zip(wanted["unit_id"], wanted["code_id"]))


def test_decisions_build_the_consensus_layer(app, demo_copy):
    with open_project(demo_copy) as p:
        frame = disagreements(p, PAIR, "sentence")
    first, second, third = (frame.iloc[i] for i in range(3))
    key = lambda row: f"rv_{row['unit_id']}_{row['code_id']}"  # noqa: E731
    app.button(key=f"{key(first)}_take_evaluator2").click().run()
    app.button(key=f"{key(second)}_reject").click().run()
    # Own version with another code: that code applies, the disagreement's code is rejected.
    app.button(key=f"{key(third)}_open").click().run()
    with open_project(demo_copy) as p:
        other = p.db.execute("SELECT id FROM codes WHERE codebook_id = 'randvoorwaarden' AND codable AND id != ? "
                             "ORDER BY position LIMIT 1", [int(third["code_id"])]).fetchone()[0]
    app.selectbox(key=f"{key(third)}_code").set_value(other).run()
    app.button(key=f"{key(third)}_own").click().run()
    assert not app.exception and not app.error
    with open_project(demo_copy) as p:
        decided = {(r["unit_id"], r["code_id"]): r["decision"] for r in p.db.query(
            "SELECT unit_id, code_id, decision FROM consensus_decisions")}
        consensus = p.db.execute("SELECT code_id FROM codings WHERE coder = ?", [CONSENSUS]).fetchall()
        after = disagreements(p, PAIR, "sentence")
    took = "apply" if first["evaluator2"] != "—" else "reject"
    assert decided[(first["unit_id"], first["code_id"])] == took
    assert decided[(second["unit_id"], second["code_id"])] == "reject"
    assert decided[(third["unit_id"], third["code_id"])] == "reject"
    assert decided[(third["unit_id"], other)] == "apply"
    assert (other,) in consensus
    assert f"{int(after['resolved'].sum())} van {len(after)} verschillen beslist" in app.get("progress")[0].proto.text


def test_blind_assignment_form(app, demo_copy):
    [w for w in app.text_input if w.label == "Tweede codeur"][0].set_value("evaluator3")
    [r for r in app.radio if r.label == "Wat toewijzen"][0].set_value("sample")
    [n for n in app.number_input if n.label == "Aantal eenheden"][0].set_value(5)
    [b for b in app.button if b.label == "Toewijzen"][0].click().run()
    assert not app.exception
    assert "5 eenheden toegewezen aan evaluator3." in [s.value for s in app.success]
    with open_project(demo_copy) as p:
        made = assignments(p.db.conn, "evaluator3")
    assert len(made) == 5 and set(made["blind"]) == {1} and set(made["unit_kind"]) == {"sentence"}

    [w for w in app.text_input if w.label == "Tweede codeur"][0].set_value("  ")
    [b for b in app.button if b.label == "Toewijzen"][0].click().run()
    assert any("Dat lukte niet" in e.value for e in app.error)


def test_default_pair_is_the_two_coders_with_most_in_common(demo_copy, tmp_path, monkeypatch):
    """A coder who made a handful of codings (here 'aaron', first in the alphabet) is not compared with
    the main coder by default: the page opens on the pair that coded the most in common."""
    with open_project(demo_copy) as p, p.write("aaron", "a few codings") as tx:
        rows = tx.db.conn.execute("SELECT document_id, start, end, code_id, valence, created_at, updated_at "
                                  "FROM codings WHERE coder = 'evaluator1' LIMIT 3").fetchall()
        tx.db.conn.executemany("INSERT INTO codings (document_id, start, end, code_id, valence, coder, created_at, "
                               "updated_at) VALUES (?, ?, ?, ?, ?, 'aaron', ?, ?)", rows)
    monkeypatch.setenv("WERKBANK_HOME", str(tmp_path / "home"))
    at = review_page(demo_copy, "aaron")
    assert {at.selectbox(key="review_a").value, at.selectbox(key="review_b").value} == set(PAIR)
    at.selectbox(key="review_b").set_value("aaron").run()  # a choice made stays
    assert at.selectbox(key="review_b").value == "aaron"

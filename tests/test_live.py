"""Live sessions: prepare, capture as appended turns with codings, concurrent note-takers, wall, close."""

from __future__ import annotations

import re
import sqlite3
import threading

import pytest

from coding.store import history
from coding.live import session as live
from coding.store.project import ProjectError, now, open_project

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

CODES = [  # key, label, parent, codable
    ("uitrol", "De uitrol", None, False),
    ("uitrol.vorming", "Vorming", "uitrol", True),
    ("uitrol.timing", "Timing", "uitrol", True),
    ("relatie", "Relatie", None, True),
    ("middelen", "Middelen", None, True),
]


def make_project(path):
    project = open_project(path, create=True)
    ids = {}
    with project.write("t", "seed") as tx:
        tx.insert("codebooks", {"id": "kb", "title": "Kader", "version": "1", "imported_at": now()})
        for position, (key, label, parent, codable) in enumerate(CODES):
            ids[key] = tx.insert("codes", {"codebook_id": "kb", "key": key, "label": label, "position": position,
                                           "parent_id": ids.get(parent), "codable": int(codable)})
    return project, ids


@pytest.fixture
def setup(tmp_path):
    project, codes = make_project(tmp_path / "p.db")
    sid = live.create_session(project, "fac", "Sessie Gent", "kb", date="2026-11-23", place="Gent",
                              respondent_group="ondersteuners", facilitator="Fien",
                              questions={codes["relatie"]: "Hoe loopt de samenwerking?"})
    cases = live.add_participants(project, "fac", sid, [
        {"label": "P1", "rol": "ondersteuner", "sector": "BuO", "onderwijsnet": "GO!"},
        {"label": "P2", "rol": "leerkracht", "sector": "GeO"},
        {"label": "P3", "rol": "directeur", "sector": "GeO"},
    ])
    yield project, codes, sid, cases
    project.close()


def test_capture_appends_a_turn_with_sentences_and_coding(setup):
    project, codes, sid, (p1, p2, _) = setup
    first = live.capture(project, "ann", sid, p1, "De vorming kwam  te laat.\nWe misten de start.",
                         codes["uitrol.vorming"], "g")
    live.capture(project, "ann", sid, p2, "Het overleg loopt goed.", codes["relatie"], "s")
    doc = project.db.conn.execute("SELECT d.text FROM documents d JOIN live_sessions s ON s.document_id = d.id"
                                  ).fetchone()[0]
    assert doc == "P1: De vorming kwam te laat. We misten de start.\n\nP2: Het overleg loopt goed."
    frame = live.points(project.db.conn, sid)
    assert frame[["text", "participant", "valence", "coder"]].values.tolist() == [
        ["De vorming kwam te laat. We misten de start.", "P1", "groeikans", "ann"],
        ["Het overleg loopt goed.", "P2", "sterkte", "ann"]]
    assert frame["branch"].tolist() == [codes["uitrol"], codes["relatie"]]
    sentences = project.db.conn.execute("SELECT case_id FROM units WHERE parent_id = ?", [first["unit"]]).fetchall()
    assert sentences == [(p1,), (p1,)]
    coding = project.db.conn.execute("SELECT case_id, coder FROM codings WHERE id = ?", [first["coding"]]).fetchone()
    assert coding == (p1, "ann")
    # One logged write per point.
    assert project.db.conn.execute("SELECT count(*) FROM events WHERE action = 'live point'").fetchone()[0] == 2


def test_bad_points_are_refused_and_nothing_is_written(setup):
    project, codes, sid, (p1, *_) = setup
    before = project.db.conn.execute("SELECT count(*) FROM units").fetchone()[0]
    with pytest.raises(ProjectError, match="valence"):
        live.capture(project, "ann", sid, p1, "Iets", codes["relatie"], "x")
    with pytest.raises(ProjectError, match="groups other codes"):
        live.capture(project, "ann", sid, p1, "Iets", codes["uitrol"], "s")
    with pytest.raises(ProjectError, match="needs text"):
        live.capture(project, "ann", sid, p1, "   ", codes["relatie"], "s")
    with pytest.raises(ProjectError, match="not a participant"):
        live.capture(project, "ann", sid, 999, "Iets", codes["relatie"], "s")
    assert project.db.conn.execute("SELECT count(*) FROM units").fetchone()[0] == before


def test_two_note_takers_appending_at_once_both_land(setup, tmp_path):
    project, codes, sid, (p1, p2, p3) = setup
    errors = []

    def note_taker(name, case):
        with open_project(project.path) as mine:
            try:
                for i in range(15):
                    live.capture(mine, name, sid, case, f"Punt {i} van {name}.", codes["middelen"], "n")
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

    threads = [threading.Thread(target=note_taker, args=("ann", p1)), threading.Thread(target=note_taker, args=("bob", p2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    frame = live.points(project.db.conn, sid)
    assert len(frame) == 30
    assert sorted(frame[frame["coder"] == "bob"]["text"]) == sorted(f"Punt {i} van bob." for i in range(15))
    text = project.db.conn.execute("SELECT text FROM documents WHERE kind = 'live sessie'").fetchone()[0]
    for row in frame.itertuples():  # every span still points at its own text
        assert text[row.start:row.end] == row.text
        assert text[:row.start].endswith(f"{row.participant}: ")


def test_edit_and_delete_only_by_the_author(setup):
    project, codes, sid, (p1, p2, _) = setup
    point = live.capture(project, "ann", sid, p1, "Te weinig uren.", codes["middelen"], "n")
    with pytest.raises(ProjectError, match="captured by ann"):
        live.edit_point(project, "bob", point["unit"], valence="g")
    live.edit_point(project, "ann", point["unit"], case_id=p2, code_id=codes["uitrol.timing"], valence="g")
    row = live.points(project.db.conn, sid).iloc[0]
    assert (row["participant"], row["code_id"], row["valence"]) == ("P2", codes["uitrol.timing"], "groeikans")
    assert project.db.conn.execute("SELECT case_id FROM units WHERE parent_id = ?", [point["unit"]]).fetchone() == (p2,)
    live.delete_point(project, "ann", point["unit"])
    assert live.points(project.db.conn, sid).empty
    history.undo(project, "ann")  # the delete is undoable
    assert live.points(project.db.conn, sid)["participant"].tolist() == ["P2"]


def test_wall_voice_shares_silence_uncovered_branches_and_prepared_points(setup):
    project, codes, sid, (p1, p2, p3) = setup
    live.add_prepared_points(project, "fac", sid, [
        {"participant": "P3", "text": "Vervoer tussen scholen", "code": "Middelen"},
        {"participant": "P1", "text": "Planning van de start"}])
    for text, valence in (("Een", "s"), ("Twee", "g"), ("Drie", "s")):
        live.capture(project, "ann", sid, p1, text, codes["relatie"], valence)
    live.capture(project, "ann", sid, p2, "Vier", codes["uitrol.vorming"], "g")
    prepared = live.prepared_points(project.db.conn, sid)
    live.tick_prepared(project, "ann", int(prepared[prepared["participant"] == "P1"]["id"].iloc[0]))
    data = live.wall(project.db.conn, sid)
    assert data["voice"].set_index("label")["share"].to_dict() == {"P1": 0.75, "P2": 0.25, "P3": 0.0}
    assert data["silent"] == ["P3"]
    assert data["uncovered"] == ["Middelen"]
    relatie = next(t for t in data["themes"] if t["label"] == "Relatie")
    assert (relatie["sterkte"], relatie["groeikans"]) == (2, 1)
    assert relatie["latest"]["sterkte"] == ["Drie", "Een"]
    assert data["open_prepared"]["text"].tolist() == ["Vervoer tussen scholen"]
    assert live.recent_codes(project.db.conn, sid, "ann") == [codes["uitrol.vorming"], codes["relatie"]]


def test_prepared_points_from_csv_and_refusals(setup, tmp_path):
    project, codes, sid, _ = setup
    path = tmp_path / "punten.csv"
    path.write_text("Deelnemer;Punt;Code\nP2;Meer overleg;Relatie\nP1;Vorming op maat;\n", encoding="utf-8")
    rows = live.read_prepared_points(path)
    assert live.add_prepared_points(project, "fac", sid, rows) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("deelnemer,punt\nP9,Iets\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="no participant 'P9'"):
        live.add_prepared_points(project, "fac", sid, live.read_prepared_points(bad))
    with pytest.raises(ProjectError, match="needs a column"):
        (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        live.read_prepared_points(tmp_path / "x.csv")
    assert len(live.prepared_points(project.db.conn, sid)) == 2


def test_participants_validation(setup):
    project, codes, sid, _ = setup
    with pytest.raises(ProjectError, match="already in this session"):
        live.add_participants(project, "fac", sid, [{"label": "P1"}])
    with pytest.raises(ProjectError, match="sector"):
        live.add_participants(project, "fac", sid, [{"label": "P4", "sector": "XO"}])
    assert live.participants(project.db.conn, sid)["label"].tolist() == ["P1", "P2", "P3"]


def test_closed_session_is_an_ordinary_coded_document(setup):
    project, codes, sid, (p1, *_) = setup
    live.capture(project, "ann", sid, p1, "Goed begeleid.", codes["relatie"], "s")
    live.close_session(project, "fac", sid)
    with pytest.raises(ProjectError, match="closed"):
        live.capture(project, "ann", sid, p1, "Te laat", codes["relatie"], "s")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):  # live text only ever grows
        project.db.conn.execute("UPDATE documents SET text = 'x' WHERE kind = 'live sessie'")
    kind, n = project.db.conn.execute(
        "SELECT d.kind, count(g.id) FROM documents d JOIN codings g ON g.document_id = d.id").fetchone()
    assert (kind, n) == ("live sessie", 1)
    report = live.report_data(project.db.conn, sid)
    relatie = next(t for t in report["themes"] if t["label"] == "Relatie")
    assert relatie["points"]["sterkte"].values.tolist() == [["Goed begeleid.", "Relatie", "ondersteuner, BuO"]]


def test_draaiboek_mindmap_and_report_files(setup, tmp_path, monkeypatch):
    from docx import Document

    from exports import gate, live_docs

    monkeypatch.setenv("WERKBANK_LANG", "nl")  # the documents as a Dutch facilitator gets them

    project, codes, sid, (p1, p2, _) = setup
    live.add_prepared_points(project, "fac", sid, [{"participant": "P3", "text": "Vervoer", "code": "Middelen"}])
    live.capture(project, "ann", sid, p1, "Sterke begeleiding <b>echt</b>.", codes["relatie"], "s")
    live.capture(project, "ann", sid, p2, "Vorming te kort.", codes["uitrol.vorming"], "g")
    db = project.db.conn
    script = Document(str(live_docs.draaiboek(db, sid, tmp_path / "draaiboek.docx")))
    text = "\n".join(p.text for p in script.paragraphs)
    assert "Richtvraag: Hoe loopt de samenwerking?" in text
    assert "P3: Vervoer" in text
    assert [c.text for c in script.tables[0].columns[0].cells] == ["Deelnemer", "P1", "P2", "P3"]
    svg = gate.save_mindmap(project, sid, tmp_path / "m.svg").read_text(encoding="utf-8")
    assert "Hoe loopt de samenwerking?" in svg and "Vorming" in svg
    png = gate.save_mindmap(project, sid, tmp_path / "m.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    report = Document(str(live_docs.session_report(db, sid, tmp_path / "verslag.docx")))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Sterke begeleiding <b>echt</b>. (ondersteuner, BuO)" in text
    assert "Vorming te kort. (Vorming, leerkracht, GeO)" in text
    assert "Thema's die niet aan bod kwamen: Middelen." in text
    assert "Vervoer (Middelen)" in text
    monkeypatch.setenv("WERKBANK_LANG", "en")
    script = Document(str(live_docs.draaiboek(db, sid, tmp_path / "script.docx")))
    text = "\n".join(p.text for p in script.paragraphs)
    assert "Guiding question: Hoe loopt de samenwerking?" in text and "Richtvraag" not in text
    assert script.tables[0].columns[0].cells[0].text == "Participant"
    text = "\n".join(p.text for p in Document(str(live_docs.session_report(db, sid, tmp_path / "r.docx"))).paragraphs)
    assert "Themes that were not discussed: Middelen." in text and "Open points" in text and "Sterktes" not in text
    assert "P1" not in text and "P2" not in text  # member-check quotes are attributed by role and sector only


def test_cli_writes_the_report_and_refuses_an_unknown_session(setup, tmp_path):
    from click.testing import CliRunner

    import app.cli.live  # noqa: F401  (registers `werkbank live`)
    from app.cli import cli

    project, codes, sid, (p1, *_) = setup
    live.capture(project, "ann", sid, p1, "Goed overleg.", codes["relatie"], "s")
    runner = CliRunner()
    out = tmp_path / "verslag.docx"
    result = runner.invoke(cli, ["live", "report", str(project.path), str(sid), str(out)])
    assert result.exit_code == 0 and out.exists()
    listed = runner.invoke(cli, ["live", "list", str(project.path)])
    assert "Sessie Gent" in listed.output and "\topen\t3\t1" in listed.output
    result = runner.invoke(cli, ["live", "report", str(project.path), "99", str(out)])
    assert result.exit_code == 1 and "live session 99 does not exist" in result.output


def test_mindmap_drawing_hides_a_name_its_line_wrap_would_split(setup):
    """A guiding question is wrapped over lines in the drawing; the name in it is replaced before
    that, so neither half of it reaches the .svg a facilitator downloads."""
    from coding.privacy.anonymise import set_replacement
    from exports import gate

    project, codes, _, _ = setup
    question = "Hoe loopt het overleg met Annelies Vandenberghe?"  # wraps after 'Annelies'
    sid = live.create_session(project, "fac", "Sessie Brugge", "kb", questions={codes["relatie"]: question})
    set_replacement(project, "fac", "Annelies Vandenberghe", "de klasleerkracht")
    svg = gate.mindmap_svg(project, sid)
    assert "Annelies" not in svg and "Vandenberghe" not in svg
    assert "met de klasleerkracht?" in " ".join(re.findall(r">([^<]+)</text>", svg))


def test_a_name_said_in_a_point_is_on_the_review_list_before_its_quote_leaves(setup):
    """A point is a coded fragment: the quote bank's gate sees the colleague's name in it at once."""
    from exports import gate

    project, codes, sid, (p1, _, _) = setup
    live.capture(project, "ann", sid, p1, "Mijn collega Jan Janssens zegt hetzelfde over de vorming.",
                 codes["uitrol.vorming"], "g")
    db = project.db.conn
    document, start, end = db.execute("""SELECT g.document_id, g.start, g.end FROM codings g
                                         JOIN live_sessions s ON s.document_id = g.document_id""").fetchone()
    assert db.execute("SELECT substr(text, ? + 1, ? - ?) FROM documents WHERE id = ?",
                      [start, end, start, document]).fetchone()[0].startswith("Mijn collega")
    open_names = [c["name"] for c in gate.unreviewed(project, [(document, start, end)])]
    assert "Jan Janssens" in open_names
    with pytest.raises(ProjectError):
        gate.require_reviewed(project, [(document, start, end)])

"""Mapping a report's speakers after import (`werkbank speakers`): turns derived again from the same text,
codings stay where they are and follow the speaker of their turn; the import said what it did not understand."""

from click.testing import CliRunner

from app.cli import cli
from coding.codings.operations import add_coding
from coding.importers import accounting, import_file
from coding.importers.remap import set_speaker_mapping
from coding.store import history
from coding.store.project import now, open_project
import dbrows

REPORT = ("Procesbegeleider: Wat vinden jullie van de ondersteuning?\n"
          "Gast: Ik kom van het CLB en zie vooral de verslagen.\n"
          "Leerkracht 1: Voor mij werkt het goed.\n"
          "Ouder 2: Ik hoor er weinig over.\n"
          "Ouder 2: Ook niet via de school.\n")


def _setup(tmp_path):
    path = tmp_path / "sessie.txt"
    path.write_text(REPORT, encoding="utf-8")
    project_path = tmp_path / "p.werkbank"
    with open_project(project_path, create=True) as p, p.write("test", "seed codebook") as tx:
        tx.insert("codebooks", {"id": "rv", "title": "Randvoorwaarden", "version": "1", "imported_at": now()})
        code = tx.insert("codes", {"codebook_id": "rv", "key": "clb", "label": "CLB"})
    return path, project_path, code


def _speaker_turns(p, document_id):
    text = dbrows.row(p, "documents", document_id)["text"]
    return [(label, text[s:e]) for s, e, label in p.db.execute(
        "SELECT u.start, u.end, c.label FROM units u JOIN cases c ON c.id = u.case_id "
        "WHERE u.document_id = ? AND u.kind = 'turn' ORDER BY u.start", [document_id])]


def test_mapping_a_label_makes_it_a_turn_and_codings_stay(tmp_path):
    path, project_path, code = _setup(tmp_path)
    with open_project(project_path) as p:
        document_id = import_file(p, path, "an")
        report = accounting.stored(p.db, document_id)
        assert report["not_understood"] == {"Gast": 1}            # once, no number: said, not guessed
        assert report["unknown_speakers"] == {"Ouder 2": 2}       # a number and twice: a speaker without a role
        assert report["lost"] == 0
        text = dbrows.row(p, "documents", document_id)["text"]
        start = text.index("vooral de verslagen")
        coding = add_coding(p, "an", document_id, start, start + len("vooral de verslagen"), code)
        assert dbrows.row(p, "codings", coding)["case_id"] is None  # in a plain paragraph: nobody's words
        sentences_before = dbrows.count(p, "units")

        done = set_speaker_mapping(p, "an", document_id, [{"label": "Gast", "rol": "CLB-medewerker"},
                                                          {"role": "ouder", "rol": "ouder"}])
        assert (done.turns_before, done.turns_after, done.codings_moved) == (4, 5, 1)
        assert _speaker_turns(p, document_id)[1] == ("Gast", "Ik kom van het CLB en zie vooral de verslagen.")
        row = dbrows.row(p, "codings", coding)
        assert text[row["start"]:row["end"]] == "vooral de verslagen"  # same place in the same text
        gast = p.db.execute("SELECT id FROM cases WHERE label = 'Gast'").fetchone()[0]
        assert row["case_id"] == gast
        assert dict(p.db.execute("SELECT name, value FROM case_attributes WHERE case_id = ?", [gast]).fetchall()) \
            == {"rol": "CLB-medewerker"}
        assert accounting.stored(p.db, document_id)["not_understood"] == {}
        assert accounting.stored(p.db, document_id)["unknown_speakers"] == {}
        assert dbrows.count(p, "units") == sentences_before  # the paragraph became a turn: one unit for one

        history.undo(p, "an")
        assert _speaker_turns(p, document_id)[1][0] == "Leerkracht 1"
        assert dbrows.row(p, "codings", coding)["case_id"] is None
        assert p.db.execute("SELECT count(*) FROM cases WHERE label = 'Gast'").fetchone()[0] == 0
        p.db.execute("INSERT INTO units_fts(units_fts) VALUES ('integrity-check')")


def test_no_speaker_mapping_turns_a_label_back_into_text(tmp_path):
    path, project_path, _ = _setup(tmp_path)
    with open_project(project_path) as p:
        document_id = import_file(p, path, "an")
        set_speaker_mapping(p, "an", document_id, [{"label": "Ouder 2", "is_speaker": False}])
        assert [label for label, _ in _speaker_turns(p, document_id)] == ["Procesbegeleider", "Leerkracht 1"]
        assert p.db.execute("SELECT count(*) FROM cases WHERE label = 'Ouder 2'").fetchone()[0] == 0


def test_cli_warns_at_import_and_maps_with_speakers(tmp_path):
    path, project_path, _ = _setup(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(project_path), str(path)], env={"WERKBANK_CODER": "an"})
    assert result.exit_code == 0, result.output
    assert "Woorden: 39 in het bestand; 15 als data, 6 van de begeleider, 7 in sprekerlabels, 0 in tussentitels, 11 overige tekst" in result.output
    assert "sprekers zonder regel (beurten behouden, zonder rol of sector): Ouder 2 (2x)" in result.output
    assert "als tekst behouden, niet als spreker: Gast (1x)" in result.output
    result = runner.invoke(cli, ["speakers", str(project_path), "sessie", "--map", "Gast=clb", "--role", "ouder=ouder"],
                           env={"WERKBANK_CODER": "an"})
    assert result.exit_code == 0, result.output
    assert "beurten 4 → 5" in result.output
    assert "Gast\t1\t1\tclb" in result.output and "Ouder 2\t1\t2\touder" in result.output

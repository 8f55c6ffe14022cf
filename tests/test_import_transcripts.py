"""Meeting transcripts (.vtt, .srt, Teams .docx) imported as turns, checked against the fixtures' manifest.

tests/data/transcripts was written by someone who never saw our importer (README.md there); MANIFEST.yaml
gives the right reading of each file: the turns, who speaks each, the times and the names in the text.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from coding.codings.times import clock, cue_times
from coding.importers import import_file
from coding.importers.speaker_names import map_speakers
from coding.importers.transcript_formats import _ms, srt_cues, vtt_cues
from coding.store import history
from coding.store.project import ProjectError, open_project

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

DATA = Path(__file__).parent / "data" / "transcripts"
MANIFEST = yaml.safe_load((DATA / "MANIFEST.yaml").read_text(encoding="utf-8"))["files"]
FILES = list(MANIFEST)


@pytest.fixture
def project(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as p:
        yield p


def mapping_of(spec: dict) -> list[dict]:
    """The manifest's speakers as a --speakers mapping: our own labels, roles, the facilitator."""
    return [{"name": name, "label": f"Spreker {chr(65 + i)}", "rol": spec["roles"][name].split(" (")[0],
             "facilitator": name == spec["facilitator"]} for i, name in enumerate(spec["speakers"])]


def turns(project, document_id):
    rows = project.db.execute(
        """SELECT u.start, u.end, c.label, u.is_data FROM units u LEFT JOIN cases c ON c.id = u.case_id
           WHERE u.document_id = ? AND u.kind = 'turn' ORDER BY u.start""", [document_id]).fetchall()
    text = project.db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    times = cue_times(project.db, document_id)
    return [{"text": text[s:e], "label": label, "is_data": bool(d), "time": times.of(s, e)} for s, e, label, d in rows]


@pytest.mark.parametrize("name", FILES)
def test_turns_speakers_times_and_text_as_the_manifest_says(project, name):
    spec = MANIFEST[name]
    mapping = mapping_of(spec)
    document_id = import_file(project, DATA / name, "tester", speakers=mapping)
    got = turns(project, document_id)
    assert len(got) == spec["turn_count"]
    label_of = {m["name"]: m["label"] for m in mapping}
    for number, (want, turn) in enumerate(zip(spec["turns"], got), 1):
        assert turn["text"] == want["text"], number
        assert turn["label"] == (label_of[want["speaker"]] if want["speaker"] else None), number
        assert turn["is_data"] == (want["speaker"] != spec["facilitator"] or want["speaker"] is None), number
        start, end = turn["time"]
        assert clock(start) == want["start"], number
        assert (clock(end) if end is not None else None) == want["end"], number
    document = project.db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    assert not re.search(r"-->|\d{1,2}:\d{2}[:.,]\d{2}|<v\b|</v>|\bNOTE\b|WEBVTT", document)
    assert not re.search(r"(?m)^\d+$", document)  # no cue numbers
    for speaker in spec["speakers"]:
        assert speaker not in document  # full names are not in the text (first names spoken are: see exports)
    roles = dict(project.db.execute(
        """SELECT c.label, a.value FROM cases c JOIN case_attributes a ON a.case_id = c.id AND a.name = 'rol'
           WHERE c.document_id = ?""", [document_id]).fetchall())
    assert roles == {m["label"]: m["rol"] for m in mapping}


def test_without_a_mapping_speakers_are_proposed_as_deelnemers_in_order(project):
    spec = MANIFEST["zoom.vtt"]
    document_id = import_file(project, DATA / "zoom.vtt", "tester")
    got = turns(project, document_id)
    order = list(dict.fromkeys(t["speaker"] for t in spec["turns"]))
    labels = {name: f"Deelnemer {i}" for i, name in enumerate(order, 1)}
    assert [t["label"] for t in got] == [labels[t["speaker"]] for t in spec["turns"]]
    assert all(t["is_data"] for t in got)  # no facilitator unless one is chosen


def test_a_file_without_speakers_is_one_turn_of_nobody(project):
    document_id = import_file(project, DATA / "plain.srt", "tester")
    (turn,) = turns(project, document_id)
    assert turn["label"] is None and turn["text"] == MANIFEST["plain.srt"]["turns"][0]["text"]
    assert project.db.execute("SELECT count(*) FROM cases WHERE document_id = ?", [document_id]).fetchone()[0] == 0


def test_names_are_sealed_and_in_the_replacement_table_and_an_undo_takes_them_back(project):
    spec = MANIFEST["teams.vtt"]
    document_id = import_file(project, DATA / "teams.vtt", "tester", speakers=mapping_of(spec))
    sealed = {v for (v,) in project.db.execute("SELECT value FROM sealed_identities")}
    assert sealed == set(spec["speakers"])
    table = dict(project.db.execute("SELECT name, replacement FROM replacements").fetchall())
    for item in spec["names_in_text"]:
        if item["refers_to"]:
            assert table[item["name"]] == next(m["label"] for m in mapping_of(spec) if m["name"] == item["refers_to"])
    history.undo(project, "tester")
    assert project.db.execute("SELECT count(*) FROM replacements").fetchone()[0] == 0
    assert project.db.execute("SELECT count(*) FROM cue_times").fetchone()[0] == 0
    assert project.db.execute("SELECT count(*) FROM documents WHERE id = ?", [document_id]).fetchone()[0] == 0


def test_a_label_holding_the_name_or_twice_the_same_label_is_refused_before_anything_is_written(project):
    with pytest.raises(ProjectError, match="holds the speaker's name"):
        import_file(project, DATA / "zoom.vtt", "tester", speakers=[{"name": "Leen Aerts", "label": "Leen"}])
    with pytest.raises(ProjectError, match="two speakers"):
        import_file(project, DATA / "zoom.vtt", "tester", speakers=[{"name": "Leen Aerts", "label": "X"},
                                                                    {"name": "Wim Hermans", "label": "x"}])
    with pytest.raises(ProjectError, match="needs a 'name'"):
        import_file(project, DATA / "zoom.vtt", "tester", speakers=[{"role": "leerkracht"}])
    assert project.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert project.db.execute("SELECT count(*) FROM replacements").fetchone()[0] == 0


def test_a_shared_first_name_is_replaced_by_a_neutral_word():
    found = map_speakers(["Jan Peeters", "Jan Claes"])
    from coding.importers.speaker_names import replacements
    table = replacements(found)
    assert table["Jan"] == "[naam]" and table["Peeters"] == "Deelnemer 1" and table["Claes"] == "Deelnemer 2"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_layouts_beyond_the_fixtures(project, tmp_path):
    """Two voices in one cue, a cue without a voice, a colon that is not a speaker, a one-word prefix
    seen once, entities and styling tags, CRLF line endings."""
    vtt = ("WEBVTT\r\n\r\n00:00:01.000 --> 00:00:04.000\r\n<v An Smet>Ja &amp; nee.</v> <v Bo Lens>Zeker?</v>\r\n\r\n"
           "00:00:04.500 --> 00:00:06.000\r\n<i>nog</i> even\r\n\r\n"
           "00:00:07.000 --> 00:01:08.000\r\n<v An Smet>Vraag: klopt dat?</v>\r\n")
    document_id = import_file(project, write(tmp_path, "a.vtt", vtt), "tester")
    got = turns(project, document_id)
    assert [(t["label"], t["text"]) for t in got] == [
        ("Deelnemer 1", "Ja & nee."), ("Deelnemer 2", "Zeker? nog even"), ("Deelnemer 1", "Vraag: klopt dat?")]
    assert [clock(t["time"][0]) for t in got] == ["00:00:01", "00:00:01", "00:00:07"]
    srt = ("1\n00:00:01,000 --> 00:00:02,000\nOké: we beginnen.\n\n"
           "2\n00:00:02,000 --> 00:00:03,000\nLien: Dank je.\n\n"
           "3\n00:00:03,000 --> 00:00:04,000\nTom: Graag.\n\n"
           "4\n00:00:04,000 --> 00:00:05,000\nLien: Nog iets.\n\n"
           "5\n00:00:05,000 --> 00:00:06,000\nTom: Ja.\n")
    document_id = import_file(project, write(tmp_path, "b.srt", srt), "tester")
    got = turns(project, document_id)
    assert [(t["label"], t["text"]) for t in got] == [
        (None, "Oké: we beginnen."), ("Deelnemer 1", "Dank je."), ("Deelnemer 2", "Graag."),
        ("Deelnemer 1", "Nog iets."), ("Deelnemer 2", "Ja.")]


@pytest.mark.parametrize("text, message", [
    ("WEBVTT\n\n00:00:01.000 --> nonsense\ntekst\n", "not a readable WebVTT"),
    ("geen webvtt\n", "not a readable WebVTT"),
    ("WEBVTT\n\nNOTE enkel een notitie\n", "no spoken text"),
])
def test_a_broken_vtt_is_refused_in_one_line_and_nothing_is_written(project, tmp_path, text, message):
    with pytest.raises(ProjectError, match=message):
        import_file(project, write(tmp_path, "x.vtt", text), "tester")
    assert project.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_a_broken_srt_is_refused(project, tmp_path):
    with pytest.raises(ProjectError, match="not a readable SRT"):
        import_file(project, write(tmp_path, "x.srt", "1\n00:00:01 tot 00:00:02\ntekst\n"), "tester")


def test_the_header_lines_of_a_teams_docx_are_set_aside_not_read_as_turns():
    from coding.importers import read_transcript_file
    found = read_transcript_file(DATA / "teams.docx")
    assert len(found.skipped) == 5 and found.skipped[0].endswith("Meeting Transcript")
    assert all("transcription" in line for line in found.skipped[3:])
    assert len(found.turns) == MANIFEST["teams.docx"]["turn_count"]


def test_a_word_report_is_still_a_report(project, tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("Leerkracht 3: De ondersteuner kwam elke dinsdag om 9:30 langs.")
    document.add_paragraph("Directeur: Dat klopt.")
    document.save(tmp_path / "verslag.docx")
    document_id = import_file(project, tmp_path / "verslag.docx", "tester")
    assert project.db.execute("SELECT count(*) FROM cue_times").fetchone()[0] == 0
    labels = [t["label"] for t in turns(project, document_id)]
    assert labels == ["Leerkracht 3", "Directeur"]


# --- our block readers give exactly the cues of the well-kept parsers ---------------------------------

def _library_vtt(text):
    import webvtt
    return [(c.identifier or None, _ms(c.start), _ms(c.end), c.raw_text)
            for c in webvtt.WebVTT.from_string(text, strict=True).captions]


def _library_srt(text):
    import srt
    return [(s.start // timedelta(milliseconds=1), s.end // timedelta(milliseconds=1), s.content)
            for s in srt.parse(text)]


def _vtt_file(cues) -> str:
    blocks = ["WEBVTT - a title"]
    for n, (ident, start, end, lines, note) in enumerate(cues):
        if note:
            blocks.append("NOTE " + note)
        stamp = f"{_clock(start)} --> {_clock(end)}" + (" align:start line:90%" if n % 3 == 0 else "")
        blocks.append("\n".join(([ident] if ident else []) + [stamp] + lines))
    return "\n\n".join(blocks) + "\n"


def _srt_file(cues) -> str:
    return "\n\n".join("\n".join([str(n), f"{_clock(s, ',')} --> {_clock(e, ',')}"] + lines)
                       for n, (_, s, e, lines, _) in enumerate(cues, 1)) + "\n"


def _clock(ms, sep="."):
    s, milli = divmod(ms, 1000)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}{sep}{milli:03d}"


LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda x: x.strip() and "-->" not in x and x.strip() == x)
CUES = st.lists(st.tuples(st.one_of(st.none(), st.from_regex(r"[a-z0-9]{1,8}(/[0-9]{1,3}-[0-9])?", fullmatch=True)),
                          st.integers(0, 10**7), st.integers(0, 10**5), st.lists(LINE, min_size=1, max_size=3),
                          st.one_of(st.none(), st.from_regex(r"[a-z ]{1,20}", fullmatch=True))),
                min_size=1, max_size=12).map(lambda cs: [(i, s, s + d, lines, n) for i, s, d, lines, n in cs])


@pytest.mark.parametrize("name", ["teams.vtt", "zoom.vtt"])
def test_the_vtt_reader_reads_the_fixtures_as_webvtt_py_does(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert vtt_cues(text, name) == _library_vtt(text)


@pytest.mark.parametrize("name", ["otter.srt", "plain.srt"])
def test_the_srt_reader_reads_the_fixtures_as_srt_does(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert srt_cues(text, name) == _library_srt(text)


@settings(max_examples=150, deadline=None)
@given(CUES)
def test_the_block_readers_agree_with_the_libraries_on_generated_files(cues):
    vtt = _vtt_file([c for c in cues if not (c[0] or "").startswith(("NOTE", "STYLE", "REGION"))])
    if all(not line.startswith(("NOTE", "STYLE", "REGION", "WEBVTT")) and not line.strip().isdigit()
           for c in cues for line in c[3]):
        assert vtt_cues(vtt, "x.vtt") == _library_vtt(vtt)
        assert srt_cues(_srt_file(cues), "x.srt") == _library_srt(_srt_file(cues))

"""Importing reports (.docx, .txt, .md): units, speakers, encodings, refusals, atomicity."""

import io
import struct
import zipfile

import docx
import pytest
import yaml

from coding.store import history
from coding.importers import import_file, parsed as parsed_module
from coding.importers.remap import set_speaker_mapping
from coding.store.project import ProjectError, open_project
import dbrows  # noqa: E402

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")


def make_docx(path, blocks):
    """blocks: ("title"|"h1"|"h2"|"p", text) or ("table", [[cell, ...], ...])."""
    document = docx.Document()
    for kind, content in blocks:
        if kind == "title":
            document.add_heading(content, level=0)
        elif kind in ("h1", "h2"):
            document.add_heading(content, level=int(kind[1]))
        elif kind == "table":
            table = document.add_table(rows=0, cols=len(content[0]))
            for cells in content:
                row = table.add_row().cells
                for cell, value in zip(row, cells):
                    cell.text = value
        else:
            document.add_paragraph(content)
    document.save(path)
    return path


REPORT = [
    ("title", "Verslag groepsgesprek regio Oost"),
    ("p", "Procesbegeleider: Welkom. Wat liep er goed dit schooljaar?"),
    ("h1", "Opstart"),
    ("p", "Leerkracht 3: De ondersteuner kwam elke dinsdag. Dat gaf rust in de klas."),
    ("p", "LK2 - Wij kregen concrete tips voor het rekenen."),
    ("p", "Een opmerking van de verslaggever zonder spreker."),
    ("p", "Ondersteuner B – Ik werkte in co-teaching met twee collega's."),
    ("p", "Directeur (buo): De planning blijft moeilijk."),
    ("p", "Leerkracht 3: Nog een tweede beurt van dezelfde leerkracht."),
    ("table", [["Thema", "Sterkte"], ["Overleg", "Vaste momenten"]]),
]


@pytest.fixture
def project(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as p:
        yield p


def _units(project, document_id, kind):
    return list(project.db.query("SELECT * FROM units WHERE document_id = ? AND kind = ? ORDER BY start",
                                 [document_id, kind]))


def _counts(project):
    tables = ["documents", "document_attributes", "cases", "case_attributes", "sealed_identities", "units",
              "codings", "events", "meta"]
    return {t: dbrows.count(project, t) for t in tables}


def test_docx_report_becomes_turns_cases_and_sentences(project, tmp_path):
    path = make_docx(tmp_path / "verslag oost.docx", REPORT)
    doc_id = import_file(project, path, "an", attributes={"ondersteuningsmodel": "co-teaching", "regio": "Oost"})
    doc = dbrows.row(project, "documents", doc_id)
    assert doc["name"] == "verslag oost" and doc["kind"] == "groepsgesprek"
    paragraphs = doc["text"].split("\n\n")
    assert paragraphs[0] == "Verslag groepsgesprek regio Oost"
    assert "Thema | Sterkte" in paragraphs and "Overleg | Vaste momenten" in paragraphs

    headings = _units(project, doc_id, "heading")
    assert [doc["text"][u["start"]:u["end"]] for u in headings] == ["Verslag groepsgesprek regio Oost", "Opstart"]
    turns = _units(project, doc_id, "turn")
    assert len(turns) == 6   # the unlabelled remark after LK2 is part of LK2's turn
    spoken = [doc["text"][u["start"]:u["end"]] for u in turns]
    assert spoken[1] == "De ondersteuner kwam elke dinsdag. Dat gaf rust in de klas."  # label left out
    assert not any(text.startswith(("Leerkracht", "LK2", "Ondersteuner", "Directeur", "Procesbegeleider"))
                   for text in spoken)
    assert len(_units(project, doc_id, "paragraph")) == 2  # the two table rows: a table is not speech
    # a paragraph without a label continues the turn before it (LK2's turn spans both paragraphs)
    assert spoken[2] == "Wij kregen concrete tips voor het rekenen.\n\nEen opmerking van de verslaggever zonder spreker."

    cases = {c["label"]: c for c in project.db.query("SELECT * FROM cases WHERE document_id = ?", [doc_id])}
    assert set(cases) == {"Procesbegeleider", "Leerkracht 3", "LK2", "Ondersteuner B", "Directeur (buo)"}
    assert cases["Leerkracht 3"]["name"] == "verslag oost / Leerkracht 3"
    both_turns = [t for t in turns if t["case_id"] == cases["Leerkracht 3"]["id"]]
    assert len(both_turns) == 2

    def attributes(label):
        return dict(project.db.execute("SELECT name, value FROM case_attributes WHERE case_id = ?",
                                       [cases[label]["id"]]).fetchall())

    assert attributes("Leerkracht 3") == {"rol": "ondersteunde leerkracht", "sector": "GeO",
                                          "ondersteuningsmodel": "co-teaching", "regio": "Oost"}
    assert attributes("Ondersteuner B")["sector"] == "BuO"
    assert attributes("Directeur (buo)")["rol"] == "directie" and attributes("Directeur (buo)")["sector"] == "BuO"

    facilitator = cases["Procesbegeleider"]
    assert facilitator["is_data"] == 0
    assert all(u["is_data"] == 0 for u in project.db.query("SELECT is_data FROM units WHERE case_id = ?",
                                                           [facilitator["id"]]))
    assert all(t["is_data"] == 1 for t in turns if t["case_id"] != facilitator["id"])

    sentences = _units(project, doc_id, "sentence")
    assert len(sentences) == 11
    parents = {u["id"]: u for u in project.db.query("SELECT * FROM units WHERE document_id = ?", [doc_id])}
    for sentence in sentences:
        parent = parents[sentence["parent_id"]]
        assert parent["kind"] in ("paragraph", "turn")
        assert parent["start"] <= sentence["start"] < sentence["end"] <= parent["end"]
        assert sentence["case_id"] == parent["case_id"] and sentence["lemmas"]
    second = next(s for s in sentences if doc["text"][s["start"]:s["end"]] == "Dat gaf rust in de klas.")
    assert second["lemmas"] == "dat geven rust in de klas"


def test_text_report_paragraphs_headings_and_label_on_its_own_line(project, tmp_path):
    path = tmp_path / "verslag.md"
    path.write_text("# Verslag\n\nEen inleiding die over\ntwee regels loopt.\n\nZoco:\n\nWe overleggen elke maand.\n"
                    "LK 1: Dat klopt.\nLK1: En het helpt.\n", encoding="utf-8")
    doc_id = import_file(project, path, "an")
    text = dbrows.row(project, "documents", doc_id)["text"]
    assert text.split("\n\n") == ["Verslag", "Een inleiding die over twee regels loopt.", "Zoco:",
                                  "We overleggen elke maand.", "LK 1: Dat klopt.", "LK1: En het helpt."]
    turns = _units(project, doc_id, "turn")
    assert [text[t["start"]:t["end"]] for t in turns] == ["We overleggen elke maand.", "Dat klopt.", "En het helpt."]
    labels = [c["label"] for c in project.db.query("SELECT label FROM cases ORDER BY id")]
    assert labels == ["Zoco", "LK 1"]  # "LK 1" and "LK1" are one speaker


def test_report_without_labels_is_plain_text(project, tmp_path):
    path = tmp_path / "input.txt"
    path.write_text("Beste,\nIk kon niet komen. Hier mijn bedenkingen.\nMet vriendelijke groeten", encoding="utf-8")
    doc_id = import_file(project, path, "an", kind="schriftelijke input")
    assert dbrows.count(project, "cases") == 0
    assert len(_units(project, doc_id, "paragraph")) == 3
    assert len(_units(project, doc_id, "sentence")) == 4
    assert not _units(project, doc_id, "turn")


def test_speaker_file_adds_rules_and_set_speaker_mapping_rederives(project, tmp_path):
    rules = tmp_path / "sprekers.yaml"
    rules.write_text(yaml.safe_dump({"speakers": [
        {"label": "Ondersteuner B", "ondersteuningsmodel": "ambulante ondersteuning"},
        {"role": "ouder", "rol": "ouder", "is_data": False},
    ]}), encoding="utf-8")
    path = tmp_path / "sessie.txt"
    path.write_text("Ondersteuner B: Ik kom twee keer per week.\n\nOuder 1: Mijn zoon is blij.\n\n"
                    "Leerkracht 2: Het werkt.", encoding="utf-8")
    doc_id = import_file(project, path, "an", speakers=rules, attributes={"ondersteuningsmodel": "co-teaching"})

    def case(label):
        row = project.db.execute("SELECT id, is_data FROM cases WHERE label = ?", [label]).fetchone()
        attributes = dict(project.db.execute("SELECT name, value FROM case_attributes WHERE case_id = ?",
                                             [row[0]]).fetchall())
        return row[1], attributes

    assert case("Ondersteuner B") == (1, {"rol": "ondersteuner", "sector": "BuO",
                                          "ondersteuningsmodel": "ambulante ondersteuning"})
    assert case("Ouder 1") == (0, {"rol": "ouder"})
    assert case("Leerkracht 2")[1]["ondersteuningsmodel"] == "co-teaching"  # from the document

    project.db.execute("INSERT INTO case_attributes (case_id, name, value) SELECT id, 'functie', 'logopedist' "
                       "FROM cases WHERE label = 'Ondersteuner B'")
    changed = set_speaker_mapping(project, "an", doc_id, [{"role": "ouder", "rol": "ouder"},
                                                          {"label": "Leerkracht 2", "sector": "BuO"}])
    assert changed.cases == 3 and changed.turns_before == changed.turns_after == 3
    assert case("Ouder 1") == (1, {"rol": "ouder", "ondersteuningsmodel": "co-teaching"})
    assert case("Ondersteuner B")[1] == {"rol": "ondersteuner", "sector": "BuO", "functie": "logopedist",
                                         "ondersteuningsmodel": "co-teaching"}  # hand-set functie stays
    assert case("Leerkracht 2")[1]["sector"] == "BuO"
    ouder_units = project.db.execute("SELECT DISTINCT u.is_data FROM units u JOIN cases c ON c.id = u.case_id "
                                     "WHERE c.label = 'Ouder 1'").fetchall()
    assert ouder_units == [(1,)]
    history.undo(project, "an")
    assert case("Ouder 1") == (0, {"rol": "ouder"})
    assert case("Leerkracht 2")[1]["sector"] == "GeO"


def test_a_date_typed_without_quotes_in_a_speaker_file_is_kept_as_written(project, tmp_path):
    """YAML reads `startdatum: 2025-09-01` as a date; the rule keeps it as the text the user wrote
    (it used to end the import with a TypeError from the JSON the mapping is stored as)."""
    rules = tmp_path / "sprekers.yaml"
    rules.write_text("speakers:\n  - {role: leerkracht, startdatum: 2025-09-01}\n", encoding="utf-8")
    path = tmp_path / "sessie.txt"
    path.write_text("Procesbegeleider: Welkom.\n\nLeerkracht 1: Het loopt goed.", encoding="utf-8")
    import_file(project, path, "an", speakers=rules)
    assert project.db.execute("""SELECT a.value FROM case_attributes a JOIN cases c ON c.id = a.case_id
                                 WHERE c.label = 'Leerkracht 1' AND a.name = 'startdatum'""").fetchone()[0] == "2025-09-01"


@pytest.mark.parametrize("encoding, prefix", [("cp1252", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                              ("utf-8", b"\xef\xbb\xbf"), ("utf-8", b"")])
def test_encodings_line_endings_and_nuls(project, tmp_path, encoding, prefix):
    text = "Leerkracht 1: Het café kost €5, ça va.\r\nDe zoco zegt: één keer per we\x00ek.\r\n"
    path = tmp_path / "verslag.txt"
    path.write_bytes(prefix + text.encode(encoding))
    doc_id = import_file(project, path, "an")
    stored = dbrows.row(project, "documents", doc_id)["text"]
    assert stored == "Leerkracht 1: Het café kost €5, ça va.\n\nDe zoco zegt: één keer per week."


def test_html_is_kept_as_literal_text(project, tmp_path):
    path = tmp_path / "verslag.txt"
    path.write_text("LK1: Ik schreef <b>vet</b> en <script>alert('x')</script> &amp; zo.", encoding="utf-8")
    doc_id = import_file(project, path, "an")
    assert "<b>vet</b> en <script>alert('x')</script> &amp; zo." in dbrows.row(project, "documents", doc_id)["text"]


@pytest.mark.parametrize("name, content, message", [
    ("verslag.pdf", b"%PDF-1.4", "verslag.pdf (is not a readable PDF|has no text layer)"),
    ("verslag.odt", b"PK", "cannot import .odt"),
    ("leeg.txt", b"", "file is empty"),
    ("wit.txt", b"  \r\n\t\n", "file is empty"),
    ("leeg.docx", b"", "file is empty"),
    ("nep.docx", b"Dit is gewoon tekst met een docx-extensie.", "not a Word file"),
    ("geheim.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "password-protected"),
])
def test_bad_files_are_refused_and_nothing_is_written(project, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = _counts(project)
    with pytest.raises(ProjectError, match=message):
        import_file(project, path, "an")
    assert _counts(project) == before


def _docx_bytes(tmp_path, extra=None):
    path = make_docx(tmp_path / "basis.docx", [("p", "LK1: Een zin.")])
    data = path.read_bytes()
    if extra is None:
        return data
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for part, content in extra.items():
            target.writestr(part, content)
    return buffer.getvalue()


def _declare_size(data: bytes, part: str, size: int) -> bytes:
    """Make the central directory claim `part` unpacks to `size` bytes (what a zip bomb declares)."""
    data = bytearray(data)
    offset = data.index(b"PK\x01\x02")  # the first central directory entry
    while True:
        name_length = struct.unpack("<H", data[offset + 28:offset + 30])[0]
        if data[offset + 46:offset + 46 + name_length].decode() == part:
            data[offset + 24:offset + 28] = struct.pack("<I", size)
            return bytes(data)
        extra, comment = struct.unpack("<HH", data[offset + 30:offset + 34])
        offset += 46 + name_length + extra + comment


def test_zip_bomb_declared_size_is_refused_before_unpacking(project, tmp_path, monkeypatch):
    path = tmp_path / "bom.docx"
    path.write_bytes(_declare_size(_docx_bytes(tmp_path), "word/document.xml", 4_000_000_000))
    monkeypatch.setattr("coding.importers.docx._parse", lambda *a: pytest.fail("unpacked a zip bomb"))
    monkeypatch.setattr("coding.files.package._has_dtd", lambda *a: pytest.fail("read a part of a zip bomb"))
    with pytest.raises(ProjectError, match=r"would unpack to 38\d\d MB .*zip bomb"):
        import_file(project, path, "an")
    assert dbrows.count(project, "documents") == 0


def test_zip_bomb_compression_ratio_is_refused(project, tmp_path):
    path = tmp_path / "bom.docx"
    path.write_bytes(_docx_bytes(tmp_path, {"word/media/nul.bin": b"\x00" * 20_000_000}))
    with pytest.raises(ProjectError, match="word/media/nul.bin is compressed .* zip bomb"):
        import_file(project, path, "an")


def test_docx_without_document_part_and_with_dtd_are_refused(project, tmp_path):
    path = tmp_path / "leeg.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/styles.xml", "<styles/>")
    with pytest.raises(ProjectError, match="has no word/document.xml"):
        import_file(project, path, "an")
    path = tmp_path / "dtd.docx"
    path.write_bytes(_docx_bytes(tmp_path, {"word/lach.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "ha">]>'
                                                              "<x>&a;</x>"}))
    with pytest.raises(ProjectError, match="declares a DTD"):
        import_file(project, path, "an")


def test_duplicate_is_refused_and_force_imports_a_new_version(project, tmp_path):
    first = tmp_path / "verslag.txt"
    first.write_text("LK1: Een zin.\n\nLK2: Nog een zin.", encoding="utf-8")
    copy = tmp_path / "kopie.txt"
    copy.write_bytes(b"LK1: Een zin.\r\n\r\nLK2: Nog een zin.\r\n")  # same text once normalised
    import_file(project, first, "an")
    before = _counts(project)
    with pytest.raises(ProjectError, match="already imported as verslag; import it as a new version"):
        import_file(project, copy, "an")
    assert _counts(project) == before
    doc_id = import_file(project, copy, "an", force=True, name="verslag")
    row = dbrows.row(project, "documents", doc_id)
    assert (row["name"], row["version"]) == ("verslag (v2)", 2)
    assert project.db.execute("SELECT count(*) FROM cases WHERE name LIKE 'verslag (v2) / %'").fetchone()[0] == 2


def test_failure_mid_write_leaves_nothing_and_undo_removes_an_import(project, tmp_path, monkeypatch):
    path = make_docx(tmp_path / "verslag.docx", REPORT)
    before = _counts(project)

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(parsed_module, "_unit_rows", broken)  # after document and cases are inserted
    with pytest.raises(RuntimeError):
        import_file(project, path, "an")
    assert _counts(project) == before
    monkeypatch.undo()
    import_file(project, path, "an")
    assert dbrows.count(project, "units") > 0
    history.undo(project, "an")
    after = _counts(project)
    assert {k: v for k, v in after.items() if k != "events"} == {k: v for k, v in before.items() if k != "events"}
    assert project.db.execute("SELECT count(*) FROM units_fts WHERE units_fts MATCH 'ondersteuner'").fetchone()[0] == 0
    project.db.execute("INSERT INTO units_fts(units_fts) VALUES ('integrity-check')")


def test_file_over_the_size_limit_is_refused_unread(project, tmp_path, monkeypatch):
    path = tmp_path / "groot.txt"
    path.write_text("LK1: " + "woord " * 100, encoding="utf-8")
    monkeypatch.setitem(__import__("coding.importers").importers.MAX_BYTES, ".txt", 100)
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(ProjectError, match="groot.txt is 0.0 MB \\(limit for .txt 0 MB\\)"):
        import_file(project, path, "an")


def test_text_over_the_character_limit_is_refused_before_the_analysis(project, tmp_path, monkeypatch):
    from coding.importers import parsed

    monkeypatch.setattr(parsed, "MAX_TEXT_CHARS", 500)
    monkeypatch.setattr(parsed.nlp, "sentences", lambda *a, **k: pytest.fail("analysed text over the limit"))
    path = tmp_path / "lang.txt"
    path.write_text("LK1: " + "woord " * 100, encoding="utf-8")
    with pytest.raises(ProjectError, match=r"lang.txt holds 604 characters of text \(limit 500\); split it"):
        import_file(project, path, "an")

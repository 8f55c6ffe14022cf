"""Reports as evaluators really write them (tests/data/reports, made by someone who never saw our importer):
every turn goes to its speaker, and no word is lost (words in = words imported + words left out by design).

MANIFEST.yaml holds the correct reading of each file: its turns, headings, what is left out, word counts.
"""

from pathlib import Path

import pytest
import yaml

from coding.importers import accounting, import_file
from coding.store.project import ProjectError, open_project
import dbrows

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

DATA = Path(__file__).parent / "data" / "reports"
MANIFEST = yaml.safe_load((DATA / "MANIFEST.yaml").read_text(encoding="utf-8"))["files"]
READABLE = sorted(name for name, entry in MANIFEST.items() if entry.get("text_layer", True))


@pytest.fixture
def project(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as p:
        yield p


def _turns(project, document_id):
    text = dbrows.row(project, "documents", document_id)["text"]
    rows = project.db.execute(
        """SELECT u.start, u.end, u.is_data, c.label, c.is_data FROM units u JOIN cases c ON c.id = u.case_id
           WHERE u.document_id = ? AND u.kind = 'turn' ORDER BY u.start""", [document_id]).fetchall()
    return [{"speaker": label, "text": " ".join(text[start:end].split()), "facilitator": not unit_data,
             "case_data": bool(case_data)} for start, end, unit_data, label, case_data in rows]


@pytest.mark.parametrize("name", READABLE)
def test_every_turn_goes_to_its_speaker(project, name):
    document_id = import_file(project, DATA / name, "an")
    expected = MANIFEST[name]["turns"]
    found = _turns(project, document_id)
    assert [(t["speaker"], t["text"]) for t in found] == [(t["speaker"], t["text"]) for t in expected]
    assert [t["facilitator"] for t in found] == [t["facilitator"] for t in expected]
    assert all(t["case_data"] != t["facilitator"] for t in found)


@pytest.mark.parametrize("name", READABLE)
def test_headings_keep_the_section_structure(project, name):
    document_id = import_file(project, DATA / name, "an")
    text = dbrows.row(project, "documents", document_id)["text"]
    headings = [text[s:e] for s, e in project.db.execute(
        "SELECT start, end FROM units WHERE document_id = ? AND kind = 'heading' ORDER BY start", [document_id])]
    wanted = [h["text"] for h in MANIFEST[name]["headings"]]
    assert [h for h in headings if h in wanted] == wanted
    assert set(headings) - set(wanted) <= set(MANIFEST[name]["other"])  # a title is a heading unit too


@pytest.mark.parametrize("name", READABLE)
def test_no_word_is_lost(project, name):
    entry = MANIFEST[name]
    document_id = import_file(project, DATA / name, "an")
    report = accounting.stored(project.db, document_id)
    assert report["words_in"] == entry["words_total"]
    assert report["lost"] == 0
    assert (report["data"], report["facilitator"], report["labels"], report["headings"], report["other"]) == (
        entry["words_data"], entry["words_facilitator"], entry["words_labels"], entry["words_headings"],
        entry["words_other"])
    assert sum(report["left_out"].values()) == entry["words_left_out"]
    assert report["deleted"] == entry["words_deleted"]
    text = dbrows.row(project, "documents", document_id)["text"]
    said = " ".join(turn["text"] for turn in entry["turns"])
    for item in entry["left_out"]:  # headers, footers, footnotes, comments, deletions: not in the text
        if item["kind"] != "tijdstempel" and item["text"] not in said:  # (a moved sentence is at its new place)
            assert item["text"] not in text, item


def test_unknown_labels_become_speakers_and_are_listed(project):
    document_id = import_file(project, DATA / "word_label_forms.docx", "an")
    report = accounting.stored(project.db, document_id)
    assert report["unknown_speakers"] == {"Ouder 1": 3, "Logopediste": 3}


def test_a_scanned_pdf_is_refused_with_what_to_do(project):
    before = dbrows.count(project, "documents"), dbrows.count(project, "events")
    with pytest.raises(ProjectError, match="pdf_scanned.pdf has no text layer.*OCR"):
        import_file(project, DATA / "pdf_scanned.pdf", "an")
    assert (dbrows.count(project, "documents"), dbrows.count(project, "events")) == before


OWN = Path(__file__).parent / "data" / "reports_own"


@pytest.mark.parametrize("name", ["pdf_pasted_lines.txt", "pdf_pasted_blank_lines.txt"])
def test_a_pdfs_text_pasted_into_txt_reads_as_the_pdf(project, name):
    """pdf_report.pdf's text as a PDF reader copies it (one line per printed line, with or without a blank
    line after each, running headers and page numbers in between): the same turns as the PDF itself."""
    document_id = import_file(project, OWN / name, "an")
    entry = MANIFEST["pdf_report.pdf"]
    assert [(t["speaker"], t["text"]) for t in _turns(project, document_id)] == \
        [(t["speaker"], t["text"]) for t in entry["turns"]]
    report = accounting.stored(project.db, document_id)
    assert report["lost"] == 0 and report["data"] == entry["words_data"] and report["joined"] == 4
    assert sum(report["left_out"].values()) == entry["words_left_out"]


def _own_docx(path):
    """A report typed the way we see them, built here: a custom heading style based on Heading 1, a bold
    label without a colon, two turns in one paragraph split by Shift+Enter, a list item, a typed list
    marker, a time stamp, an unknown role with a number, a conversation table without a header row."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Evaluatie leersteun vertrouwelijk"
    theme = document.styles.add_style("Gespreksthema", WD_STYLE_TYPE.PARAGRAPH)
    theme.base_style = document.styles["Heading 1"]
    document.add_heading("Verslag focusgroep", level=0)
    document.add_paragraph("Eerste thema", style="Gespreksthema")
    paragraph = document.add_paragraph()
    paragraph.add_run("Procesbegeleider: Hoe begon het?")
    paragraph.add_run().add_break()
    paragraph.add_run("Ondersteuner C: Traag, want de aanvraag lag lang stil.")
    paragraph = document.add_paragraph()
    paragraph.add_run("Leerkracht 4").bold = True
    paragraph.add_run(" Bij mij kwam de ondersteuner pas in december.")
    document.add_paragraph("Directeur: Wij hebben toen zelf gebeld.", style="List Bullet")
    document.add_paragraph("- Zorgcoördinator: Ik volgde de dossiers op.")
    document.add_paragraph("(00:05:10) Ouder 2: Wij hoorden er weinig van.")
    document.add_paragraph("Tweede thema", style="Gespreksthema")
    table = document.add_table(rows=0, cols=2)
    for speaker, words in [("Leerkracht 4", "Nu loopt het beter."), ("Ouder 2:", "Bij ons ook."),
                           ("Procesbegeleider", "Dank jullie.")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = speaker, words
    document.save(path)
    return path


def test_our_own_word_report(project, tmp_path):
    document_id = import_file(project, _own_docx(tmp_path / "focusgroep.docx"), "an")
    assert [(t["speaker"], t["text"], t["facilitator"]) for t in _turns(project, document_id)] == [
        ("Procesbegeleider", "Hoe begon het?", True),
        ("Ondersteuner C", "Traag, want de aanvraag lag lang stil.", False),
        ("Leerkracht 4", "Bij mij kwam de ondersteuner pas in december.", False),
        ("Directeur", "Wij hebben toen zelf gebeld.", False),
        ("Zorgcoördinator", "Ik volgde de dossiers op.", False),
        ("Ouder 2", "Wij hoorden er weinig van.", False),
        ("Leerkracht 4", "Nu loopt het beter.", False),
        ("Ouder 2", "Bij ons ook.", False),
        ("Procesbegeleider", "Dank jullie.", True),
    ]
    levels = project.db.execute("SELECT count(*) FROM units WHERE document_id = ? AND kind = 'heading'",
                                [document_id]).fetchone()[0]
    assert levels == 3  # the title and both themes in the custom style
    report = accounting.stored(project.db, document_id)
    assert report["lost"] == 0 and report["left_out"]["koptekst"] == 3 and report["left_out"]["tijdstempel"] == 1
    assert report["unknown_speakers"] == {"Ouder 2": 2}

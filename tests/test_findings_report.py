"""The findings draft of a rating codebook (OKT bouwstenen): the ratings per bouwsteen and respondent group,
chosen quotes in the writer's order, column widths that fit, and a file LibreOffice opens without repair."""

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from coding.codebooks.operations import import_file as import_codebook
from coding.codings import quote_selection as qs
from coding.codings.operations import add_coding
from coding.importers import import_file
from coding.store.project import open_project
from exports.findings import column_widths, write_findings

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = {
    "directies": ("Directeur 1: De coördinator heeft een duidelijke opdracht en iedereen kent die.\n\n"
                  "Directeur 2: Bij ons weet niemand wie de coördinator eigenlijk is, dat blijft vaag.\n"),
    "ondersteuners": ("Ondersteuner A: Onze coördinator heeft een heldere taakomschrijving gekregen.\n\n"
                      "Ondersteuner B: Het overleg met de scholen loopt vlot en op vaste momenten.\n"),
}
CODINGS = [  # session, words, code, valence, rating
    ("directies", "De coördinator heeft een duidelijke opdracht en iedereen kent die.", "organisatie.coordinatie",
     "sterkte", "wel passend"),
    ("directies", "Bij ons weet niemand wie de coördinator eigenlijk is, dat blijft vaag.", "organisatie.coordinatie",
     "groeikans", "deels passend"),
    ("ondersteuners", "Onze coördinator heeft een heldere taakomschrijving gekregen.", "organisatie.coordinatie",
     "sterkte", "wel passend"),
    ("ondersteuners", "Het overleg met de scholen loopt vlot en op vaste momenten.", "organisatie.overleg",
     "sterkte", "niet passend"),
]


@pytest.fixture()
def okt(tmp_path):
    project = open_project(tmp_path / "okt.werkbank", create=True)
    import_codebook(project, "tester", ROOT / "codebooks" / "bouwstenen_okt.yaml")
    documents = {}
    for group, text in SESSIONS.items():
        (tmp_path / f"{group}.txt").write_text(text, encoding="utf-8")
        documents[group] = import_file(project, tmp_path / f"{group}.txt", "tester", kind="groepsgesprek",
                                       attributes={"respondentgroep": group})
    codes = dict(project.db.execute("SELECT key, id FROM codes WHERE codebook_id = 'bouwstenen_okt'").fetchall())
    codings = []
    for group, words, code, valence, rating in CODINGS:
        text = project.db.execute("SELECT text FROM documents WHERE id = ?", [documents[group]]).fetchone()[0]
        start = text.index(words)
        codings.append(add_coding(project, "tester", documents[group], start, start + len(words), codes[code],
                                  valence, rating))
    yield project, codings
    project.close()


def _rating_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Bouwsteen")


def test_the_okt_rating_table_shows_ratings_per_bouwsteen_and_group(okt, tmp_path):
    project, codings = okt
    result = write_findings(project, tmp_path / "okt.docx", "bouwstenen_okt", chart=False)
    document = Document(str(result["path"]))
    table = _rating_table(document)
    assert [c.text for c in table.rows[0].cells] == ["Bouwsteen", "directies", "ondersteuners"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Coördinatoren aangesteld met een transparante opdracht"] == \
        ["wel passend 1, deels passend 1", "wel passend 1"]
    overleg = next(label for label in rows if label != "Coördinatoren aangesteld met een transparante opdracht")
    assert rows[overleg] == ["", "niet passend 1"]
    # a theme without ratings has no rating table of its own
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Organisatie" and len(headings) > 3
    captions = [p.text for p in document.paragraphs if p.text.startswith("Tabel: waarderingen per bouwsteen")]
    assert len(captions) == 2  # under Organisatie, and the appendix


def test_chosen_quotes_stand_under_their_theme_in_the_writers_order(okt, tmp_path):
    project, codings = okt
    for coding in (codings[0], codings[2], codings[1]):
        qs.select(project, "tester", coding, "rol_groep")
    qs.move(project, "tester", codings[2], -1)
    qs.shorten(project, "tester", codings[1], "niemand wie de coördinator eigenlijk is")
    document = Document(str(write_findings(project, tmp_path / "q.docx", "bouwstenen_okt", chart=False)["path"]))
    body = [p.text for p in document.paragraphs]
    organisatie = body[body.index("Organisatie"):body.index("Conclusies")]
    chosen = [p for p in organisatie if p.startswith("\u2018")]
    assert chosen[0].startswith("\u2018Onze coördinator heeft een heldere") and "(een ondersteuner" in chosen[0]
    assert chosen[1].startswith("\u2018De coördinator heeft een duidelijke")
    assert chosen[2].startswith("\u2018\u2026 niemand wie de coördinator eigenlijk is \u2026\u2019")
    at = organisatie.index
    assert at("Sterktes") < at(chosen[0]) < at(chosen[1]) < at("Groeikansen") < at(chosen[2])


def test_column_widths_follow_the_labels():
    header = ["Bouwsteen", "uitgestuurde personeelsleden buitengewoon onderwijs", "GeO"]
    widths = column_widths(header, [["Coördinatoren aangesteld met een transparante opdracht", "wel passend 2", "x"]])
    assert abs(sum(widths) - 16) < 0.05
    assert widths[2] < widths[0] and widths[2] < widths[1]
    # every column holds its longest word unbroken, and the label column gets the room
    assert all(w >= 0.2 * len(max(str(h).split(), key=len)) for w, h in zip(widths, header))
    assert widths[1] >= 0.2 * len("personeelsleden") and min(widths[0], widths[1]) > 3 * widths[2]
    counts = column_widths(["Code", "Fragmenten", "Deelnemers"], [["Arbeidsvoorwaarden voor ondersteuners", 27, 13]])
    assert counts[1] >= 0.2 * len("Fragmenten") + 0.4 and counts[0] > counts[1]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_draft_without_repair(okt, tmp_path):
    project, codings = okt
    qs.select(project, "tester", codings[0])
    path = write_findings(project, tmp_path / "open.docx", "bouwstenen_okt")["path"]
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "open.pdf"
    assert done.returncode == 0 and pdf.exists() and pdf.stat().st_size > 2000, done.stderr

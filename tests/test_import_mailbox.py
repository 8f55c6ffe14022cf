"""Importing mailbox exports (.csv, .xlsx): mapping, cases, answers, sealed identities, refusals."""

import openpyxl
import pytest
import yaml

from coding.importers import import_mailbox, mailbox
from coding.store.project import ProjectError, open_project

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

HEADERS = ["Tijdstempel", "E-mailadres", "Naam", "Onderwijsnet", "Type onderwijs", "Ambt/functie",
           "Wat loopt goed?", "Wat kan beter?", "Handelingsbekwaamheid begin (1-10)", "Handelingsbekwaamheid nu (1-10)"]
ROWS = [
    ["2016-05-02 08:12", "an.peeters@voorbeeld.be", "An Peeters", "Gemeenschapsonderwijs", "Buitengewoon basisonderwijs",
     "Logopediste", "We plannen samen; dat werkt.\nEn de kinderen merken het.", "Meer tijd, a.u.b.", "5", "7,5"],
    ["2016-05-03 09:00", "bert@voorbeeld.be", "Bert Claes", "VGO", "gewoon bao", "leerkracht",
     "De tips zijn concreet.", "nvt", "4", "8"],
    ["2016-05-04 10:30", "carla@voorbeeld.be", "Carla Jacobs", "officieel gesubsidieerd", "BuBaO", "directie",
     "", "", "", ""],
    ["2016-05-05 11:15", "dirk@voorbeeld.be", "Dirk Maes", "GO!", "buitengewoon bao", "orthopedagoog",
     "Het overleg met het team.", "De verplaatsingen tussen scholen.", "6", "weet niet"],
]
IDENTITIES = ["an.peeters@voorbeeld.be", "An Peeters", "bert@voorbeeld.be", "Bert Claes", "Carla Jacobs", "Dirk Maes"]


def _csv_cell(value):
    return '"' + value.replace('"', '""') + '"'


def write_csv(path, headers=HEADERS, rows=ROWS, delimiter=";", encoding="cp1252", newline="\r\n"):
    lines = [delimiter.join(_csv_cell(c) for c in row) for row in [headers, *rows]]
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


@pytest.fixture
def project(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as p:
        yield p


def _document(project, document_id):
    return next(project.db.query("SELECT * FROM documents WHERE id = ?", [document_id]))


def _count(project, table):
    return project.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _case_attributes(project, label):
    return dict(project.db.execute("SELECT a.name, a.value FROM case_attributes a JOIN cases c ON c.id = a.case_id "
                                   "WHERE c.label = ?", [label]).fetchall())


def test_semicolon_cp1252_csv_with_multiline_cells_and_a_proposed_mapping(project, tmp_path):
    path = write_csv(tmp_path / "mailbox.csv")
    doc_id = import_mailbox(project, path, "an")
    doc = _document(project, doc_id)
    assert doc["kind"] == "mailbox" and doc["name"] == "mailbox"

    cases = list(project.db.query("SELECT label, name, is_data FROM cases ORDER BY id"))
    assert [c["label"] for c in cases] == ["R1", "R2", "R3", "R4"]  # no id column: row numbers
    assert cases[0]["name"] == "mailbox / R1"

    answers = list(project.db.query("SELECT * FROM units WHERE kind = 'answer' ORDER BY start"))
    assert [(a["question"], a["is_data"]) for a in answers] == [
        ("Wat loopt goed?", 1), ("Wat kan beter?", 1), ("Wat loopt goed?", 1), ("Wat kan beter?", 0),
        ("Wat loopt goed?", 1), ("Wat kan beter?", 1)]  # "nvt" is kept, but is no answer to count or code
    assert doc["text"] == "\n\n".join(["We plannen samen; dat werkt.\nEn de kinderen merken het.", "Meer tijd, a.u.b.",
                                       "De tips zijn concreet.", "nvt", "Het overleg met het team.",
                                       "De verplaatsingen tussen scholen."])
    for answer in answers:
        sentences = list(project.db.query("SELECT * FROM units WHERE parent_id = ?", [answer["id"]]))
        assert sentences and all(s["case_id"] == answer["case_id"] and s["lemmas"] for s in sentences)
    no_answers = project.db.execute("SELECT count(*) FROM units u JOIN cases c ON c.id = u.case_id "
                                    "WHERE c.label = 'R3'").fetchone()[0]
    assert no_answers == 0

    assert _case_attributes(project, "R1") == {
        "onderwijsnet": "GO!", "onderwijsnet_ruw": "Gemeenschapsonderwijs", "sector": "BuO",
        "sector_ruw": "Buitengewoon basisonderwijs", "functie": "logopedist", "functie_ruw": "Logopediste",
        "handelingsbekwaamheid_start": "5", "handelingsbekwaamheid_nu": "7.5"}
    assert _case_attributes(project, "R2")["onderwijsnet"] == "Katholiek Onderwijs Vlaanderen"
    assert _case_attributes(project, "R2")["sector"] == "GeO"
    assert _case_attributes(project, "R3")["onderwijsnet"] == "OVSG"
    assert _case_attributes(project, "R3")["sector"] == "BuO"
    assert "handelingsbekwaamheid_nu" not in _case_attributes(project, "R4")  # "weet niet" is no number
    types = dict(project.db.execute("SELECT DISTINCT name, type FROM case_attributes").fetchall())
    assert types["handelingsbekwaamheid_nu"] == "number"

    sealed = {row[0] for row in project.db.execute("SELECT value FROM sealed_identities")}
    assert sealed == set(IDENTITIES) | {"carla@voorbeeld.be", "dirk@voorbeeld.be"}
    for value in IDENTITIES:
        assert value not in doc["text"]
        assert project.db.execute("SELECT count(*) FROM case_attributes WHERE value = ?", [value]).fetchone()[0] == 0
        assert project.db.execute("SELECT count(*) FROM cases WHERE name LIKE ?", [f"%{value}%"]).fetchone()[0] == 0


def test_xlsx_named_sheet_with_id_column_and_dropped_identity(project, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Info"
    book.active.append(["niets"])
    sheet = book.create_sheet("Antwoorden")
    sheet.append(["Response ID", "Name", "Email", "Role", "What went well?"])
    sheet.append([101, "Eva", "eva@x.be", "teacher", "The co-teaching on Mondays."])
    sheet.append([102.0, "Filip", "filip@x.be", "director", None])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    mapping = {"sheet": "Antwoorden", "columns": {
        "Response ID": "id", "Name": {"role": "identity", "drop": True}, "Email": "identity",
        "Role": {"role": "attribute", "name": "functie"}, "What went well?": "question"}}
    import_mailbox(project, path, "an", mapping=mapping)
    assert [r[0] for r in project.db.execute("SELECT label FROM cases ORDER BY id")] == ["101", "102"]
    assert [r[0] for r in project.db.execute("SELECT name FROM sealed_identities")] == ["Email", "Email"]
    assert project.db.execute("SELECT count(*) FROM sealed_identities WHERE value IN ('Eva', 'Filip')").fetchone()[0] == 0
    assert project.db.execute("SELECT count(*) FROM units WHERE kind = 'answer'").fetchone()[0] == 1
    with pytest.raises(ProjectError, match="has no sheet 'Blad1' \\(sheets: Info, Antwoorden\\)"):
        import_mailbox(project, path, "an", mapping={**mapping, "sheet": "Blad1"}, force=True)


def test_missing_mapped_column_is_named(project, tmp_path):
    path = write_csv(tmp_path / "mailbox.csv")
    mapping = {"columns": {"E-mailadres": "identity", "Positieve ervaringen": "question"}}
    with pytest.raises(ProjectError, match="column 'Positieve ervaringen' of the mapping is not in the file"):
        import_mailbox(project, path, "an", mapping=mapping)
    assert _count(project, "documents") == 0 and _count(project, "cases") == 0


def test_mapping_file_round_trip_and_bad_mappings(project, tmp_path):
    path = write_csv(tmp_path / "mailbox.csv", delimiter="\t", encoding="utf-8", newline="\n")
    headers, rows = mailbox.read_table(path)
    assert headers == HEADERS and len(rows) == 4
    mapping_file = tmp_path / "mapping.yaml"
    mapping_file.write_text(mailbox.mapping_yaml(mailbox.propose_mapping(headers, rows)), encoding="utf-8")
    assert yaml.safe_load(mapping_file.read_text(encoding="utf-8"))["columns"]["E-mailadres"] == {"role": "identity"}
    import_mailbox(project, path, "an", mapping=mapping_file)
    assert _count(project, "cases") == 4
    with pytest.raises(ProjectError, match="role must be one of"):
        mailbox.check_mapping({"columns": {"Naam": "geheim"}})
    with pytest.raises(ProjectError, match="holds e-mail addresses; map it as identity"):
        import_mailbox(project, path, "an", mapping={"columns": {"E-mailadres": "id"}}, force=True)


def test_propose_mapping_reads_dutch_and_english_headers():
    headers = ["Timestamp", "Respondent", "Naam van je school", "Stamboeknummer", "E-mail", "Net", "Type onderwijs",
               "Functie", "Regio", "Wat zou je aanraden?", "Toelichting", "Score tevredenheid",
               "Handelingsbekwaamheid nu", "Handelingsbekwaamheid bij de start"]
    rows = [["1/5/2016", "r1", "VBS De Linde", "123", "a@b.be", "GO!", "gewoon", "leerkracht", "West", "Meer tijd",
             "Een lange toelichting van de respondent over hoe de ondersteuning verliep dit jaar.", "8", "7", "4"],
            ["2/5/2016", "r2", "BS Ter Heide", "456", "c@d.be", "OVSG", "buitengewoon", "logopedist", "Oost", "",
             "Kort.", "6", "9", "5"]]
    proposed = mailbox.propose_mapping(headers, rows)["columns"]
    assert {h: m["role"] for h, m in proposed.items()} == {
        "Timestamp": "ignore", "Respondent": "id", "Naam van je school": "identity", "Stamboeknummer": "identity",
        "E-mail": "identity", "Net": "attribute", "Type onderwijs": "attribute", "Functie": "attribute",
        "Regio": "attribute", "Wat zou je aanraden?": "question", "Toelichting": "question",
        "Score tevredenheid": "rating", "Handelingsbekwaamheid nu": "rating",
        "Handelingsbekwaamheid bij de start": "rating"}
    assert proposed["Net"]["name"] == "onderwijsnet" and proposed["Type onderwijs"]["name"] == "sector"
    assert proposed["Handelingsbekwaamheid nu"]["name"] == "handelingsbekwaamheid_nu"
    assert proposed["Handelingsbekwaamheid bij de start"]["name"] == "handelingsbekwaamheid_start"


def test_comma_csv_with_quoted_commas_and_duplicate_refusal(project, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('ID,"Wat, volgens jou, loopt goed?",Naam\nr1,"Samen plannen, elke week.",Jan\n'
                    'r2,"Het ""vaste"" moment.",Piet\n', encoding="utf-8")
    mapping = {"columns": {"ID": "id", "Wat, volgens jou, loopt goed?": "question", "Naam": "identity"}}
    import_mailbox(project, path, "an", mapping=mapping)
    assert _document(project, 1)["text"] == 'Samen plannen, elke week.\n\nHet "vaste" moment.'
    with pytest.raises(ProjectError, match="already imported as export"):
        import_mailbox(project, path, "an", mapping=mapping)


def test_duplicate_respondent_ids_and_row_limit(project, tmp_path, monkeypatch):
    path = tmp_path / "dubbel.csv"
    path.write_text("ID;Antwoord\nr1;Ja.\nr1;Nee.\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="respondent id 'r1' occurs twice"):
        import_mailbox(project, path, "an", mapping={"columns": {"ID": "id", "Antwoord": "question"}})
    monkeypatch.setattr("coding.importers.mailbox.MAX_ROWS", 1)
    with pytest.raises(ProjectError, match="more than 1 rows"):
        import_mailbox(project, path, "an", mapping={"columns": {"Antwoord": "question"}})


@pytest.mark.parametrize("name, content, message", [
    ("export.xlsx", b"geen zip", "export.xlsx is not an Excel file"),
    ("export.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "password-protected or an old binary Excel"),
    ("export.docx", b"PK", "cannot import .docx \\(this command reads .csv, .xlsx; use import for reports\\)"),
    ("export.csv", b"", "export.csv: file is empty"),
    ("export.csv", b"\n\n ;\n", "export.csv: file is empty"),
    ("export.csv", b"\nID;Antwoord\n", "export.csv has a header row but no respondents"),
])
def test_bad_exports_are_refused(project, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        import_mailbox(project, path, "an")
    assert _count(project, "documents") == 0


@pytest.mark.parametrize("written, net", [("OGO", "OVSG"), ("officieel gesubsidieerd", "OVSG"), ("VGO", "Katholiek Onderwijs Vlaanderen"),
                                          ("GO!", "GO!"), ("weet niet", None)])
def test_the_onderwijsnet_is_read_from_its_usual_abbreviations(written, net):
    assert mailbox.normalise_net(written) == net


def test_a_qualtrics_choice_column_gets_the_known_attribute_name():
    """'... - Selected Choice' is the chosen option itself (Qualtrics), so it is the `functie`; the
    'Andere' text under it is a sub-question and keeps a name of its own."""
    headers = ["ResponseId", "Wat is je functie? - Selected Choice", "Wat is je functie? - Andere - Text"]
    rows = [[f"R_{n}", kind, extra] for n, (kind, extra) in enumerate(
        [("Leerkracht", ""), ("Directeur", ""), ("Andere", "kinesist"), ("Leerkracht", ""), ("Zorgcoördinator", ""),
         ("Leerkracht", ""), ("Directeur", "")])]
    proposed = mailbox.propose_mapping(headers, rows)["columns"]
    assert proposed["Wat is je functie? - Selected Choice"] == {"role": "attribute", "name": "functie"}
    assert proposed["Wat is je functie? - Andere - Text"].get("name") != "functie"


@pytest.mark.parametrize("header, role", [
    ("groupTime11", "ignore"), ("123456X12X34time", "ignore"), ("interviewtime. Totale tijd", "ignore"),
    ("id. Antwoord ID", "id"), ("token. Toegangscode", "identity"), ("ipaddr. IP-adres", "identity"),
    ("G01Q02. Wat is je functie?", None), ("Parttime", None)])
def test_limesurvey_field_codes_and_timings_are_read_from_the_heading(header, role):
    """LimeSurvey's headings ('code. text' or the bare code) say the role by their field code; its timing
    columns are the tool's; a question or an ordinary word ending in 'time' is not."""
    from coding.importers.survey_roles import header_says

    assert header_says(header) == role

"""Write the held-out exports and reports, and MANIFEST.yaml with the exact expected reading.

Run once (`python tests/data/heldout/build.py`); the files are committed, so the test never rebuilds them.
Layouts follow each tool's documented export; the content (own words) is in surveys.yaml / reports.yaml.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

import yaml

HERE = Path(__file__).resolve().parent
R = SimpleNamespace(**yaml.safe_load((HERE / "reports.yaml").read_text(encoding="utf-8")))
S = SimpleNamespace(**yaml.safe_load((HERE / "surveys.yaml").read_text(encoding="utf-8")))


def words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens (an emoji is a word too)."""
    return len(text.split())


def csv_text(rows: list[list], delimiter: str = ",", quote_all: bool = False) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n",
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerows(rows)
    return buf.getvalue()


def answers(rows: list[dict], rid: str, questions: dict[str, str], header: list[str]) -> list[dict]:
    """Expected answers: respondent, question header, its 0-based column and the exact text; empty cells skipped."""
    out = []
    for n, r in enumerate(rows, 1):
        for key, head in questions.items():
            if r.get(key):
                out.append({"respondent": str(r[rid]) if rid else str(n), "question": head,
                            "column": header.index(head), "text": r[key]})
    return out


def columns(header: list[str], spec: dict) -> list[dict]:
    """Every column in file order with its expected role (id, metadata, identity, attribute, rating, open,
    other_text: the free text of an 'other' choice, fine as attribute or open answer)."""
    role_of = {}
    for role, names in spec.items():
        for name in ([names] if isinstance(names, str) else names):
            role_of[name] = role
    return [{"header": h, "role": role_of[h]} for h in header]


# ---------------------------------------------------------------- surveys
def qualtrics() -> dict:
    meta = ["StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
            "DistributionChannel", "UserLanguage"]
    codes = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
             "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
             "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
             "Q1", "Q2", "Q2_6_TEXT", "Q3_1", "Q3_2", "Q4", "Q5", "Q6"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
             "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
             "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
             "Distribution Channel", "User Language",
             "Tot welk onderwijsnet behoort je school?",
             "Wat is je functie? - Selected Choice",
             "Wat is je functie? - Andere - Text",
             "Hoe handelingsbekwaam voel je je (1-10)? - Bij de start van het schooljaar",
             "Hoe handelingsbekwaam voel je je (1-10)? - Nu",
             "Hoe krijgt de ondersteuning concreet vorm in jouw klas of school?",
             "Welke positieve ervaringen heb je met de ondersteuning?",
             "Welke negatieve ervaringen heb je met de ondersteuning?"]
    import_ids = ['{"ImportId":"startDate","timeZone":"Europe/Brussels"}',
                  '{"ImportId":"endDate","timeZone":"Europe/Brussels"}', '{"ImportId":"status"}',
                  '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
                  '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Europe/Brussels"}',
                  '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}',
                  '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}',
                  '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}',
                  '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}',
                  '{"ImportId":"userLanguage"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2"}',
                  '{"ImportId":"QID2_6_TEXT"}', '{"ImportId":"QID3_1"}', '{"ImportId":"QID3_2"}',
                  '{"ImportId":"QID4_TEXT"}', '{"ImportId":"QID5_TEXT"}', '{"ImportId":"QID6_TEXT"}']
    rows = [codes, texts, import_ids]
    for i, r in enumerate(S.QUALTRICS):
        d = f"2026-03-{10 + i:02d}"
        rows.append([f"{d} 08:0{i}:12", f"{d} 08:2{i}:40", "IP Address", r["ip"], "100", str(1200 + 37 * i),
                     "True", f"{d} 08:2{i}:41", r["rid"], r["last"], r["first"], r["email"], "",
                     r["lat"], r["lon"], "email", "NL", r["net"], r["functie"], r["andere"],
                     str(r["start"]), str(r["nu"]), r["vorm"], r["positief"], r["negatief"]])
    (HERE / "qualtrics_keuzetekst.csv").write_bytes(b"\xef\xbb\xbf" + csv_text(rows).encode("utf-8"))
    return {
        "file": "qualtrics_keuzetekst.csv", "tool": "Qualtrics Export Data CSV, choice text, 3 header rows",
        "header_rows": 3, "respondents": len(S.QUALTRICS), "respondent_ids": [r["rid"] for r in S.QUALTRICS],
        "columns": columns(codes, {"metadata": meta, "id": "ResponseId",
                                   "identity": ["IPAddress", "RecipientLastName", "RecipientFirstName", "ExternalReference",
                                                "RecipientEmail", "LocationLatitude", "LocationLongitude"],
                                   "attribute": ["Q1", "Q2"], "other_text": "Q2_6_TEXT",
                                   "rating": ["Q3_1", "Q3_2"], "open": ["Q4", "Q5", "Q6"]}),
        "identity_values": sorted({v for r in S.QUALTRICS for v in (r["ip"], r["last"], r["email"],
                                                                     r["lat"], r["lon"])}),
        "metadata_values": ["IP Address", "ImportId", "Europe/Brussels", "Response Type", "R_1Fk2dPq8sLwZ0aB"],
        "answers": answers(S.QUALTRICS, "rid", {"vorm": "Q4", "positief": "Q5", "negatief": "Q6"}, codes),
        "masked": ["0476 12 34 56"], "names": ["Lotte"], "empty_columns": ["ExternalReference"],
    }


def surveymonkey() -> dict:
    import openpyxl
    h1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
          "First Name", "Last Name", "Custom Data 1", "Tot welk onderwijsnet behoort uw school?",
          "Wat is uw functie?", None, "Wat is de naam van uw school?",
          "Hoe schat u uw handelingsbekwaamheid in op 10?", None,
          "Wat loopt er goed in de ondersteuning?", "Wat loopt er minder goed?",
          "Wat zou u veranderen aan de ondersteuning?"]
    h2 = [None] * 9 + ["Response", "Response", "Other (please specify)", "Open-Ended Response",
                       "Bij de start van het schooljaar", "Nu", "Open-Ended Response", "Open-Ended Response",
                       "Open-Ended Response"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet"
    ws.append(h1)
    ws.append(h2)
    rates = [(5, 7), (4, 6), (6, 6), (7, 9)]
    for r, (a, b) in zip(S.SURVEYMONKEY, rates):
        functie = "" if r["andere"] else r["functie"]
        negatief = r["negatief"]
        ws.append([r["rid"], r["cid"], r["start"], r["end"], r["ip"], r["email"], r["first"], r["last"],
                   r["custom"], r["net"], functie or None, r["andere"] or None, r["school"], a, b,
                   r["positief"], negatief, r["wens"]])
    # an answer typed with Enter in the web form: SurveyMonkey keeps the CR LF
    ws.cell(row=3, column=16).value = S.SURVEYMONKEY[0]["positief"].replace(". ", ".\r\n", 1)
    wb.save(HERE / "surveymonkey_alle_antwoorden.xlsx")
    names = [a or b for a, b in zip(h1, [None] + h1[:-1])]  # a blank top cell belongs to the question left of it
    names = [n if h is None or h == "Response" else f"{n} - {h}" for n, h in zip(names, h2)]
    q = {"positief": names[15], "negatief": names[16], "wens": names[17]}
    return {
        "file": "surveymonkey_alle_antwoorden.xlsx",
        "tool": "SurveyMonkey All responses data, xlsx, actual answer text, 2 header rows",
        "header_rows": 2, "respondents": len(S.SURVEYMONKEY),
        "respondent_ids": [str(r["rid"]) for r in S.SURVEYMONKEY],
        "columns": columns(names, {"id": names[0], "metadata": names[1:4], "identity": names[4:9] + [names[12]],
                                   "attribute": names[9:11], "other_text": names[11], "rating": names[13:15],
                                   "open": names[15:18]}),
        "identity_values": sorted({v for r in S.SURVEYMONKEY for v in (r["ip"], r["email"], r["last"],
                                                                        r["custom"], r["school"]) if v}),
        "metadata_values": ["Open-Ended Response", "431877120", "Other (please specify)"],
        "answers": answers(S.SURVEYMONKEY, "rid", q, names), "masked": [], "names": [],
    }


def limesurvey_codes() -> dict:
    head = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp", "ipaddr",
            "refurl", "G01Q01", "G01Q02", "G01Q03", "G01Q03[other]", "G02Q04[SQ001]", "G02Q04[SQ002]",
            "G02Q04[SQ003]", "G03Q05", "G03Q06", "G03Q07", "interviewtime", "groupTime11", "groupTime12"]
    rows = [head]
    for r in S.LIMESURVEY_CODES:
        rows.append([r["id"], r["submitdate"], r["lastpage"], r["lang"], r["seed"], r["token"], r["startdate"],
                     r["datestamp"], r["ipaddr"], r["refurl"], r["net"], r["type"], r["ambt"], r["ambt_other"],
                     r["m1"], r["m2"], r["m3"], r["vorm"], r["positief"], r["negatief"], r["time"], r["g1"],
                     r["g2"]])
    (HERE / "limesurvey_vraagcodes.csv").write_text(csv_text(rows, quote_all=True), encoding="utf-8",
                                                     newline="")
    return {
        "file": "limesurvey_vraagcodes.csv",
        "tool": "LimeSurvey Export responses CSV, headings: question code, answers: answer codes",
        "header_rows": 1, "respondents": len(S.LIMESURVEY_CODES),
        "respondent_ids": [str(r["id"]) for r in S.LIMESURVEY_CODES],
        "columns": columns(head, {"id": "id", "identity": ["token", "ipaddr"],
                                  "metadata": ["submitdate", "lastpage", "startlanguage", "seed", "startdate",
                                               "datestamp", "refurl", "interviewtime", "groupTime11", "groupTime12"],
                                  "attribute": ["G01Q01", "G01Q02", "G01Q03"], "other_text": "G01Q03[other]",
                                  "rating": ["G02Q04[SQ001]", "G02Q04[SQ002]", "G02Q04[SQ003]"],
                                  "open": ["G03Q05", "G03Q06", "G03Q07"]}),
        "identity_values": sorted({v for r in S.LIMESURVEY_CODES for v in (r["token"], r["ipaddr"])}),
        "metadata_values": ["1930384812", "1282.55", "onderwijs.vlaanderen.be"],
        "answers": answers(S.LIMESURVEY_CODES, "id", {"vorm": "G03Q05", "positief": "G03Q06",
                                                      "negatief": "G03Q07"}, head),
        "masked": [], "names": ["Jonas"],
    }


def limesurvey_full_utf16() -> dict:
    head = ["id. Antwoord ID", "submitdate. Datum verstuurd", "lastpage. Laatste pagina",
            "startlanguage. Starttaal", "token. Toegangscode",
            "G01Q01. Tot welk onderwijsnet behoort jouw school?", "G01Q02. Wat is je functie?",
            "G02Q03. Wat ervaar je als positief in de ondersteuning?",
            "G02Q04. Wat ervaar je als negatief in de ondersteuning?",
            "G02Q05. Welke noden heb je nog?"]
    rows = [head] + [[r["id"], r["submitdate"], r["lastpage"], r["lang"], r["token"], r["net"], r["functie"],
                      r["positief"], r["negatief"], r["behoeften"]] for r in S.LIMESURVEY_FULL]
    text = csv_text(rows, delimiter="\t")
    (HERE / "limesurvey_volledig_utf16.csv").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    return {
        "file": "limesurvey_volledig_utf16.csv",
        "tool": "LimeSurvey Export responses, headings: question code & question text, full answers;"
                " saved as UTF-16 LE tab-separated (Excel 'Unicode text')",
        "header_rows": 1, "respondents": len(S.LIMESURVEY_FULL),
        "respondent_ids": [str(r["id"]) for r in S.LIMESURVEY_FULL],
        "columns": columns(head, {"id": head[0], "metadata": head[1:4], "identity": head[4],
                                  "attribute": head[5:7], "open": head[7:10]}),
        "identity_values": [], "metadata_values": ["Datum verstuurd"],
        "answers": answers(S.LIMESURVEY_FULL, "id", {"positief": head[7], "negatief": head[8],
                                                     "behoeften": head[9]}, head),
        "masked": [], "names": ["Nathalie"], "empty_columns": [head[4]],
    }


def msforms() -> dict:
    import openpyxl
    head = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Wat is je functie?",
            "Onderwijsnet", "Naam van je school", "Wat zijn de sterktes van de ondersteuning die jouw school kreeg?",
            "Wat was voor jou een positieve ervaring?", "Wat was voor jou een negatieve ervaring?",
            "Hoe handelingsbekwaam voel je je nu (1-10)?"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(head)
    for r in S.MSFORMS:
        ws.append([r["id"], r["start"], r["end"], r["email"], r["name"] or None, r["modified"] or None,
                   r["functie"], r["net"], r["school"], r["schoolvraag"], r["positief"], r["negatief"], r["rating"]])
    wb.save(HERE / "msforms_resultaten.xlsx")
    return {
        "file": "msforms_resultaten.xlsx", "tool": "Microsoft Forms, Open results in Excel",
        "header_rows": 1, "respondents": len(S.MSFORMS), "respondent_ids": [str(r["id"]) for r in S.MSFORMS],
        "columns": columns(head, {"id": "ID", "metadata": ["Start time", "Completion time", "Last modified time"],
                                  "identity": ["Email", "Name", "Naam van je school"],
                                  "attribute": head[6:8], "open": head[9:12], "rating": head[12]}),
        "identity_values": sorted({v for r in S.MSFORMS for v in (r["email"], r["name"], r["school"])
                                   if v and v != "anonymous"}),
        "metadata_values": ["anonymous", "8:55:40"],
        "answers": answers(S.MSFORMS, "id", {"schoolvraag": head[9], "positief": head[10], "negatief": head[11]},
                           head),
        "masked": [], "names": [],
    }


def google_quiz() -> dict:
    head = ["Tijdstempel", "E-mailadres", "Score", "Onderwijsnet", "Functie",
            "Welke term hoort bij deze omschrijving?", "Welke term hoort bij deze omschrijving?",
            "Toelichting", "Toelichting"]
    rows = [head] + [[r["ts"], r["email"], r["score"], r["net"], r["functie"], r["kennis1"], r["kennis2"],
                      r["ervaring"], r["tip"]] for r in S.GOOGLE]
    rows += [[""] * len(head), [""] * len(head)]  # rows cleared in Sheets before downloading
    (HERE / "googleforms_quiz.csv").write_text(csv_text(rows), encoding="utf-8", newline="")
    exp = []
    for i, r in enumerate(S.GOOGLE):
        exp.append({"respondent": str(i + 1), "question": "Toelichting", "column": 7, "text": r["ervaring"]})
        exp.append({"respondent": str(i + 1), "question": "Toelichting", "column": 8, "text": r["tip"]})
    return {
        "file": "googleforms_quiz.csv", "tool": "Google Forms quiz, responses CSV (duplicate titles, cleared rows)",
        "header_rows": 1, "respondents": len(S.GOOGLE), "respondent_ids": [],
        "columns": columns(head, {"metadata": ["Tijdstempel", "Score"], "identity": "E-mailadres",
                                  "attribute": head[3:7], "open": "Toelichting"}),
        "identity_values": [r["email"] for r in S.GOOGLE], "metadata_values": ["2 / 3", "CET"],
        "answers": exp, "masked": [], "names": [],
    }


def excel_nl() -> dict:
    head = ["Nr", "Naam", "E-mail", "Telefoon", "School", "Net", "Type onderwijs", "Functie",
            "Ervaring met de ondersteuning", "Wat kan beter?", "Handelingsbekwaamheid start",
            "Handelingsbekwaamheid nu"]
    rows = [head] + [[r["nr"], r["naam"], r["mail"], r["tel"], r["school"], r["net"], r["type"], r["functie"],
                      r["ervaring"], r["verbetering"], r["start"], r["nu"]] for r in S.EXCEL_NL]
    rows += [[""] * len(head),
             ["Totaal"] + [""] * 9 + [sum(r["start"] for r in S.EXCEL_NL), sum(r["nu"] for r in S.EXCEL_NL)],
             [""] * len(head), [""] * len(head)]
    (HERE / "excel_nl_puntkomma_cp1252.csv").write_bytes(csv_text(rows, delimiter=";").encode("cp1252"))
    return {
        "file": "excel_nl_puntkomma_cp1252.csv",
        "tool": "Excel (nl-BE) CSV gescheiden door lijstscheidingsteken: cp1252, ';', no BOM, Totaal row",
        "header_rows": 1, "respondents": len(S.EXCEL_NL), "respondent_ids": [str(r["nr"]) for r in S.EXCEL_NL],
        "columns": columns(head, {"id": "Nr", "identity": head[1:5], "attribute": head[5:8], "open": head[8:10],
                                  "rating": head[10:12]}),
        "identity_values": sorted({v for r in S.EXCEL_NL for v in (r["naam"], r["mail"], r["tel"], r["school"])
                                   if v}),
        "metadata_values": ["Totaal"],
        "answers": answers(S.EXCEL_NL, "nr", {"ervaring": head[8], "verbetering": head[9]}, head),
        "masked": [], "names": [],
    }


# ---------------------------------------------------------------- reports
def _bold_turn(doc, label: str, text: str, sep: str = ": "):
    p = doc.add_paragraph()
    p.add_run(label + sep.rstrip()).bold = True
    p.add_run(" " + text)
    return p


def _run_with(prop: str, value: str):
    """A bare run whose properties hold one element with a w:val (a character style, superscript)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    element = OxmlElement(prop)
    element.set(qn("w:val"), value)
    rpr.append(element)
    run.append(rpr)
    return run


def _hyperlink(paragraph, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = _run_with("w:rStyle", "Hyperlink")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _footnote(doc, run_paragraph, text: str) -> None:
    """Add a real footnote (python-docx has no API): a footnotes part and a reference run."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{w}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
           '</w:p></w:footnote>'
           '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
           '<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
           f'{text}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    r = _run_with("w:vertAlign", "superscript")
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), "1")
    r.append(ref)
    run_paragraph._p.append(r)


def report_docx() -> dict:
    import docx
    from docx.enum.text import WD_BREAK
    doc = docx.Document()
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = R.DOCX_HEADER
    sec.footer.paragraphs[0].text = R.DOCX_FOOTER
    doc.add_heading("Verslag groepsgesprek ondersteunde leerkrachten", level=1)
    doc.add_heading("Inleiding", level=2)
    _bold_turn(doc, *R.DOCX_INTRO[0][:2])
    doc.add_paragraph(R.DOCX_INTRO[1][1]).runs[0].italic = True
    doc.add_heading("Gesprek", level=2)
    t = R.DOCX_TURNS
    # Leerkracht 1 with a comment on the pupil's name
    p = doc.add_paragraph()
    p.add_run("Leerkracht 1:").bold = True
    first, rest = t[0][1].split("Yusuf", 1)
    p.add_run(" " + first)
    pupil = p.add_run("Yusuf")
    p.add_run(rest)
    doc.add_comment(pupil, text=R.DOCX_COMMENT, author="Verslaggever 2", initials="V2")
    # Leerkracht 2 (GeO) with a footnote after "iemand"
    p = doc.add_paragraph()
    p.add_run("Leerkracht 2 (GeO):").bold = True
    a, b = t[1][1].split("iemand", 1)
    p.add_run(" " + a + "iemand")
    _footnote(doc, p, R.DOCX_FOOTNOTE)
    p.add_run(b)
    # Ondersteuner A with a numbered list in the turn
    _bold_turn(doc, t[2][0], t[2][1])
    for item in R.DOCX_LIST:
        doc.add_paragraph(item, style="List Number")
    # labels in a table
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Spreker", "Uitspraak"
    for label, text, _ in t[3:5]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, text
    _bold_turn(doc, t[5][0], t[5][1])
    p = doc.add_paragraph()
    p.add_run("Leerkracht 3:").bold = True
    p.add_run(" " + t[6][1])
    p.add_run().add_break()
    p.add_run(R.DOCX_SOFT_BREAK)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _bold_turn(doc, t[7][0], t[7][1])
    p = doc.add_paragraph()
    p.add_run("Leerkracht 1:").bold = True
    a, b = t[8][1].split("website met voorbeelden", 1)
    p.add_run(" " + a)
    _hyperlink(p, "website met voorbeelden", "https://www.example.org/ondersteuningsnetwerk/voorbeelden")
    p.add_run(b)
    doc.add_heading("Samenvatting", level=2)
    for line in R.DOCX_SUMMARY:
        doc.add_paragraph(line, style="List Bullet")
    doc.save(HERE / "verslag_west_bewerkt.docx")

    turns = [dict(speaker=R.DOCX_INTRO[0][0], data=False, text=R.DOCX_INTRO[0][1])]
    for i, (label, text, data) in enumerate(t):
        if i == 2:
            text = text + " " + " ".join(R.DOCX_LIST)
        if i == 6:
            text = text + " " + R.DOCX_SOFT_BREAK
        turns.append(dict(speaker=label, data=data, text=text))
    return _report_manifest("verslag_west_bewerkt.docx", "Word, edited by an evaluator", turns,
                            not_data=[R.DOCX_INTRO[1][1], R.DOCX_FOOTNOTE, R.DOCX_COMMENT, R.DOCX_HEADER,
                                      R.DOCX_FOOTER, *R.DOCX_SUMMARY],
                            names=["Yusuf", "Dirk"])


def _report_manifest(file: str, tool: str, turns: list[dict], not_data: list[str], names: list[str]) -> dict:
    speakers: dict[str, int] = {}
    for tr in turns:
        speakers[tr["speaker"]] = speakers.get(tr["speaker"], 0) + 1
    return {"file": file, "tool": tool,
            "speakers": [{"label": k, "turns": v, "data": k != "Procesbegeleider"} for k, v in speakers.items()],
            "data_words": sum(words(tr["text"]) for tr in turns if tr["data"]),
            "facilitator_words": sum(words(tr["text"]) for tr in turns if not tr["data"]),
            "turns": [dict(tr, words=words(tr["text"])) for tr in turns],
            "not_data": not_data, "names": names}


def _txt(turns, sep_for) -> str:
    return "\r\n\r\n".join(f"{label}{sep_for(label)}{text}" for label, text, _ in turns) + "\r\n"


def report_txt() -> list[dict]:
    out = []
    head = "Verslag groepsgesprek Oost, 21 april 2026\r\n\r\n"
    body = _txt(R.TXT_CP1252, lambda label: ": ")
    (HERE / "verslag_oost_cp1252.txt").write_bytes((head + body).encode("cp1252"))
    turns = [dict(speaker=l, data=d, text=t) for l, t, d in R.TXT_CP1252]
    out.append(_report_manifest("verslag_oost_cp1252.txt", "Word Save As Plain Text, Windows (cp1252), CRLF",
                                turns, not_data=["Verslag groepsgesprek Oost"], names=[]))
    head = "Groepsgesprek ondersteuners en leerkrachten\r\n\r\n"
    body = _txt(R.TXT_UTF8BOM, lambda label: " – " if label != "Procesbegeleider" else ": ")
    (HERE / "verslag_centrum_utf8bom.txt").write_bytes(b"\xef\xbb\xbf" + (head + body).encode("utf-8"))
    turns = [dict(speaker=l, data=d, text=t) for l, t, d in R.TXT_UTF8BOM]
    out.append(_report_manifest("verslag_centrum_utf8bom.txt", "Word Save As Plain Text, UTF-8 with BOM",
                                turns, not_data=["Groepsgesprek ondersteuners en leerkrachten"], names=["Noor"]))
    return out


def report_pdf() -> dict:
    import docx
    from docx.shared import Pt
    doc = docx.Document()
    doc.styles["Normal"].font.size = Pt(13)
    sec = doc.sections[0]
    sec.header.paragraphs[0].text = R.PDF_HEADER
    sec.footer.paragraphs[0].text = R.PDF_FOOTER
    for label, text, _ in R.PDF_TURNS:
        _bold_turn(doc, label, text)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "verslag_centrum_directies.docx"
        doc.save(src)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", str(HERE), str(src)], check=True, capture_output=True, timeout=180)
    turns = [dict(speaker=l, data=d, text=t) for l, t, d in R.PDF_TURNS]
    return _report_manifest("verslag_centrum_directies.pdf",
                            "PDF from LibreOffice (Word file with a header and footer on every page)",
                            turns, not_data=[R.PDF_HEADER, R.PDF_FOOTER], names=[])


def main() -> None:
    manifest = {
        "about": "Held-out real-format files for issues #14/#15; expected reading written by hand."
                 " Words = whitespace-separated tokens. columns: every column in file order with its expected role.",
        "surveys": [qualtrics(), surveymonkey(), limesurvey_codes(), limesurvey_full_utf16(), msforms(),
                    google_quiz(), excel_nl()],
        "reports": [report_docx(), *report_txt(), report_pdf()],
    }
    (HERE / "MANIFEST.yaml").write_text(yaml.safe_dump(copy.deepcopy(manifest), allow_unicode=True,
                                                       sort_keys=False, width=110), encoding="utf-8")


if __name__ == "__main__":
    main()

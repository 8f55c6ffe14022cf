"""A small project for the app tests, built through the store API (not the importers, so the app
tests do not depend on them): a codebook with a rating scale, a group-interview report with
speaker turns (an emoji before a turn, and a turn that quotes HTML and script), and a mailbox
document with answer units of six respondents whose cases carry sector attributes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from coding.text import nlp
from coding.codings.operations import insert_coding
from coding.store.project import now, open_project

REPORT = [
    ("heading", None, "Groepsgesprek ondersteunde leerkrachten"),
    ("turn", "Procesbegeleider", "Welkom allemaal. Hoe verliep de ondersteuning dit jaar?"),
    ("turn", "Leerkracht 1", "Het co-teaching moment op dinsdag werkte echt goed \U0001F600 voor onze klas. "
                             "We planden samen en keken achteraf terug."),
    ("turn", "Ondersteuner A", "Ik kwam te laat in het schooljaar binnen. Daardoor miste ik de start "
                               "van het traject. De vorming vooraf was te kort."),
    ("turn", "Leerkracht 2", "Een ouder schreef letterlijk <script>alert('x')</script> in de chat en "
                             "iemand plakte <img src=x onerror=alert(1)> erbij. Dat bleef gewoon tekst."),
    ("paragraph", None, "Afsluitend werd afgesproken om de afspraken te bundelen."),
]
SPEAKERS = {
    "Procesbegeleider": {"is_data": False, "rol": "procesbegeleider"},
    "Leerkracht 1": {"rol": "ondersteunde leerkracht", "sector": "GeO", "onderwijsnet": "OVSG"},
    "Ondersteuner A": {"rol": "ondersteuner", "sector": "BuO", "onderwijsnet": "GO!"},
    "Leerkracht 2": {"rol": "ondersteunde leerkracht", "sector": "GeO", "onderwijsnet": "OVSG"},
}
QUESTION = "Wat zijn negatieve ervaringen?"
RESPONDENTS = [
    ("R1", "BuO", "De verplaatsingen tussen scholen kosten te veel tijd."),
    ("R2", "GeO", "Onze ondersteuner kwam elke week en dat gaf rust."),
    ("R3", "BuO", "Er was geen vast overlegmoment met het team."),
    ("R4", "GeO", "Te weinig uren voor te veel leerlingen."),
    ("R5", "BuO", "Ik kreeg geen vorming over co-teaching."),
    ("R6", "GeO", "Alles verliep vlot."),
]
CODES = [  # key, label, parent key, codable, colour
    ("uitrol", "De uitrol", None, False, None),
    ("uitrol.modellen", "Ondersteuningsmodellen", "uitrol", True, "#4e79a7"),
    ("uitrol.vorming", "Vorming van de ondersteuners", "uitrol", True, "#f28e2b"),
    ("uitrol.timing", "Timing van de start", "uitrol", True, None),
    ("relatie", "Ondersteuningsrelatie", None, True, "#59a14f"),
]


def _sentences(tx: Any, document_id: int, start: int, text: str, parent: int, case: int | None,
               question: str | None, is_data: bool) -> None:
    for sentence in nlp.sentences([text])[0]:
        tx.insert("units", {"document_id": document_id, "kind": "sentence", "start": start + sentence.start,
                            "end": start + sentence.end, "parent_id": parent, "case_id": case,
                            "question": question, "is_data": int(is_data), "lemmas": sentence.lemmas})


def build_project(path: Path) -> dict[str, Any]:
    """Create the project at `path`; returns the ids and offsets the tests need."""
    ids: dict[str, Any] = {"codes": {}, "turns": {}, "answers": {}}
    with open_project(path, create=True) as project, project.write("fixture", "seed") as tx:
        tx.insert("codebooks", {"id": "pwb", "title": "Randvoorwaarden (test)", "version": "1.0",
                                "imported_at": now(), "rating_scale": json.dumps(["wel passend", "niet passend"])})
        for position, (key, label, parent, codable, colour) in enumerate(CODES):
            ids["codes"][key] = tx.insert("codes", {
                "codebook_id": "pwb", "key": key, "label": label, "position": position,
                "parent_id": ids["codes"].get(parent), "codable": int(codable), "color": colour,
                "definition": f"Alles over {label.lower()}.", "examples": json.dumps([f"Een voorbeeld over {key}."])})

        parts, offset = [], 0
        layout = []
        for kind, speaker, body in REPORT:
            paragraph = f"{speaker}: {body}" if speaker else body
            start = offset + (len(speaker) + 2 if speaker else 0)
            layout.append((kind, speaker, start, start + len(body), body))
            parts.append(paragraph)
            offset += len(paragraph) + 2
        text = "\n\n".join(parts)
        report = tx.insert("documents", {"name": "groepsgesprek_test", "kind": "groepsgesprek", "text": text,
                                         "sha256": "r", "imported_at": now(), "imported_by": "fixture"})
        tx.insert("document_attributes", {"document_id": report, "name": "regio", "value": "West"})
        cases = {}
        for label, attrs in SPEAKERS.items():
            cases[label] = tx.insert("cases", {"name": f"groepsgesprek_test / {label}", "label": label,
                                               "document_id": report, "is_data": int(attrs.get("is_data", True))})
            for name, value in attrs.items():
                if name != "is_data":
                    tx.insert("case_attributes", {"case_id": cases[label], "name": name, "value": value})
        for kind, speaker, start, end, body in layout:
            is_data = SPEAKERS.get(speaker, {}).get("is_data", True)
            unit = tx.insert("units", {"document_id": report, "kind": kind, "start": start, "end": end,
                                       "case_id": cases.get(speaker), "is_data": int(is_data)})
            if kind != "heading":
                _sentences(tx, report, start, body, unit, cases.get(speaker), None, is_data)
            if speaker:
                ids["turns"][speaker] = (start, end)
        ids["report"], ids["report_text"] = report, text

        parts = [f"{label}: {answer}" for label, _, answer in RESPONDENTS]
        mailbox_text = "\n\n".join(parts)
        mailbox = tx.insert("documents", {"name": "mailbox_test", "kind": "mailbox", "text": mailbox_text,
                                          "sha256": "m", "imported_at": now(), "imported_by": "fixture"})
        offset = 0
        for (label, sector, answer), part in zip(RESPONDENTS, parts):
            case = tx.insert("cases", {"name": f"mailbox_test / {label}", "label": label, "document_id": mailbox})
            tx.insert("case_attributes", {"case_id": case, "name": "sector", "value": sector})
            tx.insert("case_attributes", {"case_id": case, "name": "functie", "value": "leerkracht"})
            tx.insert("sealed_identities", {"case_id": case, "name": "e-mail", "value": f"{label.lower()}@geheim.be"})
            start = offset + len(label) + 2
            unit = tx.insert("units", {"document_id": mailbox, "kind": "answer", "start": start,
                                       "end": start + len(answer), "case_id": case, "question": QUESTION})
            _sentences(tx, mailbox, start, answer, unit, case, QUESTION, True)
            ids["answers"][label] = {"unit": unit, "start": start, "end": start + len(answer), "case": case}
            offset += len(part) + 2
        ids["mailbox"], ids["mailbox_text"] = mailbox, mailbox_text

        # Codings by the first coder: what retrieval must find.
        a_start, a_end = ids["turns"]["Ondersteuner A"]
        late = re.search(r"Ik kwam te laat in het schooljaar binnen\.", text)
        ids["expected_buo_groeikans"] = []
        ids["coding_late"] = insert_coding(tx, "eva", report, late.start(), late.end(), ids["codes"]["uitrol.timing"],
                                           "groeikans")
        ids["expected_buo_groeikans"].append(text[late.start():late.end()])
        training = text.index("De vorming vooraf was te kort.")
        insert_coding(tx, "eva", report, training, training + len("De vorming vooraf was te kort."),
                      ids["codes"]["uitrol.vorming"], "groeikans", rating="niet passend")
        ids["expected_buo_groeikans"].append("De vorming vooraf was te kort.")
        good = text.index("Het co-teaching moment")
        insert_coding(tx, "eva", report, good, good + len("Het co-teaching moment op dinsdag werkte echt goed"),
                      ids["codes"]["uitrol.modellen"], "sterkte")   # GeO sterkte: not in the BuO filter
        r3 = ids["answers"]["R3"]
        insert_coding(tx, "eva", mailbox, r3["start"], r3["end"], ids["codes"]["relatie"], "groeikans")
        ids["expected_buo_groeikans"].append(mailbox_text[r3["start"]:r3["end"]])
        r1 = ids["answers"]["R1"]
        insert_coding(tx, "eva", mailbox, r1["start"], r1["end"], ids["codes"]["relatie"], "sterkte")  # BuO sterkte
        r4 = ids["answers"]["R4"]
        insert_coding(tx, "bram", mailbox, r4["start"], r4["end"], ids["codes"]["relatie"], "groeikans")  # GeO
    ids["path"] = path
    return ids

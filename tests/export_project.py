"""A small project built the way a user builds one (codebook file, report, mailbox CSV), for the export tests.

The report names a colleague (Marijke Wouters, put in the replacement table) and a school number;
the mailbox has an identity column (name, e-mail) whose values are sealed, and one respondent
signs an answer with their own name and e-mail address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coding.codebooks.operations import import_file as import_codebook
from coding.codings.operations import add_coding
from coding.importers import import_file, import_mailbox
from coding.store.project import Project

CODEBOOK = """\
id: rv
title: Randvoorwaarden (test)
version: "1"
rating_scale: [wel passend, niet passend]
codes:
  - id: uitrol
    label: De uitrol
    codable: false
    definition: Hoe de regeling in de scholen terechtkwam.
    children:
      - id: uitrol.modellen
        label: Ondersteuningsmodellen
        definition: De vorm die de ondersteuning aannam.
        examples: ["Samen voor de klas staan."]
        rules: {lemmas: [co-teaching, ambulant, model]}
      - id: uitrol.vorming
        label: Vorming
        definition: Opleiding van de uitgestuurde personeelsleden.
        examples: ["Een opleiding vooraf."]
        rules: {lemmas: [vorming, opleiding, cursus]}
  - id: relatie
    label: De ondersteuningsrelatie
    definition: Hoe ondersteuner en leerkracht samenwerken.
    examples: ["Er werd naar mij geluisterd."]
    rules: {lemmas: [luisteren, vertrouwen, relatie]}
"""

REPORT = """\
Groepsgesprek leerkrachten

Leerkracht 1: Samen lesgeven met Marijke Wouters werkte goed in mijn klas.

Procesbegeleider: Wat vonden jullie van de vorming?

Leerkracht 1: De vorming kwam te laat, we kregen pas in maart een opleiding.

Ondersteuner A: Wij kwamen te weinig langs; onze school (instellingsnummer 12345) had te weinig uren.

Leerkracht 2: Marijke luisterde echt naar wat ik nodig had.
"""

MAILBOX = [
    ["Naam", "E-mailadres", "Type onderwijs", "Ambt/functie", "Wat loopt goed?", "Wat kan beter?"],
    ["Bert Claes", "bert.claes@voorbeeld.be", "gewoon lager onderwijs", "leerkracht",
     "=De ondersteuner luisterde naar ons team.", "Meer overleg. Groeten, Bert Claes (bert.claes@voorbeeld.be)"],
    ["Dirk Maes", "dirk.maes@voorbeeld.be", "buitengewoon onderwijs", "logopedist",
     "Co-teaching met de klasleerkracht werkte goed.", "+De vorming was te algemeen."],
]
SEALED = ["Bert Claes", "bert.claes@voorbeeld.be", "Dirk Maes", "dirk.maes@voorbeeld.be"]
NAMES = {"Marijke Wouters": "een collega", "Marijke": "de collega"}

CODINGS = [  # (document, words in the span, code, valence, selected)
    ("verslag", "Samen lesgeven met Marijke Wouters werkte goed in mijn klas.", "uitrol.modellen", "sterkte", True),
    ("verslag", "De vorming kwam te laat, we kregen pas in maart een opleiding.", "uitrol.vorming", "groeikans", True),
    ("verslag", "Wat vonden jullie van de vorming?", "uitrol.vorming", "neutraal", True),  # facilitator: never quoted
    ("verslag", "Wij kwamen te weinig langs; onze school (instellingsnummer 12345) had te weinig uren.",
     "uitrol.modellen", "groeikans", True),
    ("verslag", "Marijke luisterde echt naar wat ik nodig had.", "relatie", "sterkte", False),
    ("mailbox", "=De ondersteuner luisterde naar ons team.", "relatie", "sterkte", True),
    ("mailbox", "Meer overleg. Groeten, Bert Claes (bert.claes@voorbeeld.be)", "relatie", "groeikans", True),
    ("mailbox", "Co-teaching met de klasleerkracht werkte goed.", "uitrol.modellen", "sterkte", True),
    ("mailbox", "+De vorming was te algemeen.", "uitrol.vorming", "groeikans", False),
]


@dataclass
class Built:
    project: Project
    documents: dict[str, int] = field(default_factory=dict)
    codings: list[int] = field(default_factory=list)


def build(project: Project, folder: Path, names: bool = True) -> Built:
    from coding.privacy.anonymise import set_replacement
    from coding.codings.operations import update_coding

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rv.yaml").write_text(CODEBOOK, encoding="utf-8")
    import_codebook(project, "tester", folder / "rv.yaml")
    (folder / "verslag.txt").write_text(REPORT, encoding="utf-8")
    built = Built(project)
    built.documents["verslag"] = import_file(project, folder / "verslag.txt", "tester",
                                             attributes={"sessie": "S1", "respondentgroep": "leerkrachten"})
    csv = "\r\n".join(";".join('"' + c.replace('"', '""') + '"' for c in row) for row in MAILBOX) + "\r\n"
    (folder / "mailbox.csv").write_text(csv, encoding="utf-8")
    mapping = {"columns": {"Naam": "identity", "E-mailadres": "identity",
                           "Type onderwijs": {"role": "attribute", "name": "sector"},
                           "Ambt/functie": {"role": "attribute", "name": "functie"},
                           "Wat loopt goed?": "question", "Wat kan beter?": "question"}}
    built.documents["mailbox"] = import_mailbox(project, folder / "mailbox.csv", "tester", mapping=mapping)
    codes = dict(project.db.execute("SELECT key, id FROM codes").fetchall())
    for document, words, code, valence, selected in CODINGS:
        text = project.db.execute("SELECT text FROM documents WHERE id = ?", [built.documents[document]]).fetchone()[0]
        start = text.index(words)
        coding = add_coding(project, "tester", built.documents[document], start, start + len(words), codes[code],
                            valence)
        if selected:
            update_coding(project, "tester", coding, selected=1)
        built.codings.append(coding)
    if names:
        for name, replacement in NAMES.items():
            set_replacement(project, "tester", name, replacement)
    return built

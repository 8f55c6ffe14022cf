"""A small project for the suggestion tests: one report with headings, one mailbox, a tiny codebook.

Texts are written for these tests. The coder "an" has coded the sentences in CODED; the topics are
chosen so that one of them (coffee-break talk coded as Overleg) is learnable but matched by no rule.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from coding.codebooks import operations as codebook_ops
from coding.codebooks.format import loads
from coding.codebooks.codes import resolve_code
from coding.codings.operations import insert_coding
from coding.importers import import_file, import_mailbox
from coding.store.project import open_project

CODEBOOK = """
id: proef
title: Proefcodeboek
version: "1"
codes:
  - id: overleg
    label: Overleg
    definition: Momenten waarop leerkracht en ondersteuner samen afspraken maken.
    examples: ["We vergaderen elke week met het hele team."]
    rules:
      lemmas: [overleg, vergadering]
      phrases: ["samen plannen"]
  - id: tijd
    label: Tijd
    definition: Hoeveel uren de ondersteuning krijgt.
    examples: ["Twee uur per week is te weinig."]
    rules:
      lemmas: [uur, tijd]
      exclude: [uurrooster]
  - id: klas
    label: Werk in de klas
    definition: Wat de ondersteuner in de klas doet met de leerlingen.
    examples: ["Ze werkt in de klas met een groepje leerlingen."]
    rules:
      lemmas: [klas, leerling]
"""

REPORT = """# Samenwerking

In de pauze bij een koffie bespreken we wat er die week gebeurde.

Bij een tasje koffie in de pauze overlopen we snel de planning.

Tijdens de koffiepauze praten we kort over elk kind, dat loopt vlot.

In de pauze met een koffie vertellen we elkaar hoe de week liep.

Elke maandag is er een vergadering met de zorgcoördinator.

# Middelen

Eén uur per week is echt te weinig voor zo'n grote school.

Het uurrooster liet geen ruimte voor iets extra.

Er is te weinig tijd om alles op te volgen.

# In de klas

Ze werkt in de klas met een groepje leerlingen rond lezen.

De leerlingen kregen extra uitleg bij het rekenen.

Na de middag in de pauze drinken we koffie en overlopen we de afspraken.
"""

CODED = [  # (quote, code key, valence) coded by "an"
    ("In de pauze bij een koffie bespreken we wat er die week gebeurde.", "overleg", "sterkte"),
    ("Bij een tasje koffie in de pauze overlopen we snel de planning.", "overleg", "sterkte"),
    ("Tijdens de koffiepauze praten we kort over elk kind, dat loopt vlot.", "overleg", "sterkte"),
    ("In de pauze met een koffie vertellen we elkaar hoe de week liep.", "overleg", "sterkte"),
    ("Eén uur per week is echt te weinig voor zo'n grote school.", "tijd", "groeikans"),
    ("Er is te weinig tijd om alles op te volgen.", "tijd", "groeikans"),
    ("Ze werkt in de klas met een groepje leerlingen rond lezen.", "klas", "sterkte"),
]
UNCODED_COFFEE = "Na de middag in de pauze drinken we koffie en overlopen we de afspraken."

MAILBOX_HEADERS = ["ID", "Positieve ervaringen", "Negatieve ervaringen"]
MAILBOX_ROWS = [
    ["R1", "De ondersteuner komt elke week in de klas. De leerlingen vinden dat fijn.", "Het overleg is te kort."],
    ["R2", "We plannen samen de lessen.", "Maar één uur per week voor onze school."],
    ["R3", "De vergadering met het team helpt.", "Er is nooit tijd om te overleggen."],
    ["R4", "", "Het uurrooster van de ondersteuner zit overvol."],
]
MAPPING = {"columns": {"ID": {"role": "id"}, "Positieve ervaringen": {"role": "question"},
                       "Negatieve ervaringen": {"role": "question"}}}


def build(folder: Path) -> Path:
    """Write the project file and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    report = folder / "verslag.md"
    report.write_text(REPORT, encoding="utf-8")
    answers = folder / "mailbox.csv"
    with open(answers, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([MAILBOX_HEADERS, *MAILBOX_ROWS])
    path = folder / "proef.werkbank"
    with open_project(path, create=True) as project:
        codebook_ops.import_codebook(project, "an", loads(CODEBOOK))
        doc = import_file(project, report, "an")
        import_mailbox(project, answers, "an", mapping=MAPPING)
        text = project.conn.execute("SELECT text FROM documents WHERE id = ?", [doc]).fetchone()[0]
        with project.write("an", "code") as tx:
            for quote, key, valence in CODED:
                start = text.index(quote)
                insert_coding(tx, "an", doc, start, start + len(quote), resolve_code(tx.db.conn, key, "proef"),
                              valence)
    return path


def copy(master: Path, folder: Path) -> Path:
    target = folder / "proef.werkbank"
    shutil.copy(master, target)
    return target

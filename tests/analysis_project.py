"""A small hand-made project whose analysis results the tests work out by hand.

Codebook `rv` (codebook order): uitrol (grouping) > uitrol.modellen, uitrol.vorming; relatie;
cultureel. Documents and speakers (sector/rol/model are case attributes):

  D1 groepsgesprek `gg_geo`  sessie S1, respondentgroep "leerkrachten GeO", 8 participants
     T1 Leerkracht 1 (GeO, leerkracht, co-teaching)  T2 Procesbegeleider (not data)
     T3 Ondersteuner A (BuO, ondersteuner, ambulant)   T4 Leerkracht 1 again
  D2 schriftelijke input `input_geo`  sessie S1, same group;  T5 Leerkracht 5 (GeO)
  D3 interview `int_net`  respondentgroep "netverantwoordelijken";  T6 Coördinator (no sector)
  D4 mailbox `mailbox` (no respondentgroep);  A1 R1 (GeO, GO!, 4 -> 7), A2 R2 (BuO, OVSG, 8 -> 8),
     A3 R3 (GeO, GO!, 6 -> 5). R1 has a sealed name.

Codings (#: document turn -> code valence):
  1 D1 T1 -> modellen sterkte        2 D1 T1 (same span) -> vorming groeikans
  3 D1 T2 (facilitator) -> modellen sterkte   (not data: never counted)
  4 D1 T3 -> modellen groeikans      5 D1 T4 -> relatie sterkte
  6 D1 T4 first 20 characters -> modellen sterkte   (overlaps 5)
  7 D2 T5 -> vorming groeikans       8 D3 T6 -> relatie groeikans
  9 D3 T6 (same span, coder bo) -> relatie groeikans
 10 D4 A1 -> relatie groeikans      11 D4 A2 -> relatie groeikans
 12 D4 A3 -> cultureel sterkte      13 D4 A2 (same span as 11) -> modellen sterkte
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coding.codings.operations import insert_coding
from coding.store.project import Project, now

SEALED_NAME = "Jan Peeters-Vermeulen"


@dataclass
class Built:
    project: Project
    codes: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    cases: dict[str, int] = field(default_factory=dict)
    spans: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # turn -> (document, start, end)
    texts: dict[str, str] = field(default_factory=dict)


TURNS = {
    "gg_geo": [("T1", "lk1", "Leerkracht 1: samen lesgeven in mijn klas werkte goed, maar de vorming kwam laat."),
               ("T2", "pb", "Procesbegeleider: wat vonden jullie van het model?"),
               ("T3", "ondA", "Ondersteuner A: wij kwamen te weinig langs om echt iets op te bouwen."),
               ("T4", "lk1", "Leerkracht 1: co-teaching gaf ruimte, en de ondersteuner luisterde echt naar mij.")],
    "input_geo": [("T5", "lk5", "Ik kon er niet bij zijn; ik had graag meer opleiding gekregen vooraf.")],
    "int_net": [("T6", "coord", "Coördinator: de relatie met de scholen bleef moeizaam en wantrouwig.")],
    "mailbox": [("A1", "r1", "De ondersteuner kwam binnen als expert en luisterde weinig."),
                ("A2", "r2", "=Onze afspraken over co-teaching werden niet altijd nagekomen."),
                ("A3", "r3", "Het team deelt nu veel meer materiaal en ideeën.")],
}
KINDS = {"gg_geo": "groepsgesprek", "input_geo": "schriftelijke input", "int_net": "interview", "mailbox": "mailbox"}
DOCUMENT_ATTRIBUTES = {
    "gg_geo": {"sessie": "S1", "respondentgroep": "leerkrachten GeO", "regio": "West", "datum": "2016-03-01",
               "locatie": "Brugge", "aantal_deelnemers": "8"},
    "input_geo": {"sessie": "S1", "respondentgroep": "leerkrachten GeO"},
    "int_net": {"respondentgroep": "netverantwoordelijken", "regio": "Centrum", "datum": "2016-04-02",
                "locatie": "Brussel"},
    "mailbox": {"datum": "2016-05-01"},
}
CASES = {  # name: (document, label, is_data, attributes)
    "lk1": ("gg_geo", "Leerkracht 1", 1, {"sector": "GeO", "rol": "leerkracht", "ondersteuningsmodel": "co-teaching"}),
    "pb": ("gg_geo", "Procesbegeleider", 0, {}),
    "ondA": ("gg_geo", "Ondersteuner A", 1, {"sector": "BuO", "rol": "ondersteuner",
                                             "ondersteuningsmodel": "ambulante ondersteuning"}),
    "lk5": ("input_geo", "Leerkracht 5", 1, {"sector": "GeO", "rol": "leerkracht"}),
    "coord": ("int_net", "Coördinator", 1, {"rol": "coördinator"}),
    "r1": ("mailbox", "Respondent 1", 1, {"sector": "GeO", "onderwijsnet": "GO!", "functie": "leerkracht",
                                          "handelingsbekwaamheid_start": "4", "handelingsbekwaamheid_nu": "7"}),
    "r2": ("mailbox", "Respondent 2", 1, {"sector": "BuO", "onderwijsnet": "OVSG", "functie": "orthopedagoog",
                                          "handelingsbekwaamheid_start": "8", "handelingsbekwaamheid_nu": "8"}),
    "r3": ("mailbox", "Respondent 3", 1, {"sector": "GeO", "onderwijsnet": "GO!", "functie": "leerkracht",
                                          "handelingsbekwaamheid_start": "6", "handelingsbekwaamheid_nu": "5"}),
}
CODES = [("uitrol", None, 0), ("uitrol.modellen", "uitrol", 1), ("uitrol.vorming", "uitrol", 1),
         ("relatie", None, 1), ("cultureel", None, 1)]
CODINGS = [  # (turn, code, valence, coder, first n characters or None for the whole turn)
    ("T1", "uitrol.modellen", "sterkte", "an", None), ("T1", "uitrol.vorming", "groeikans", "an", None),
    ("T2", "uitrol.modellen", "sterkte", "an", None), ("T3", "uitrol.modellen", "groeikans", "an", None),
    ("T4", "relatie", "sterkte", "an", None), ("T4", "uitrol.modellen", "sterkte", "an", 20),
    ("T5", "uitrol.vorming", "groeikans", "an", None), ("T6", "relatie", "groeikans", "an", None),
    ("T6", "relatie", "groeikans", "bo", None), ("A1", "relatie", "groeikans", "an", None),
    ("A2", "relatie", "groeikans", "an", None), ("A3", "cultureel", "sterkte", "an", None),
    ("A2", "uitrol.modellen", "sterkte", "an", None),
]


def build(project: Project) -> Built:
    built = Built(project)
    with project.write("tester", "seed") as tx:
        tx.insert("codebooks", {"id": "rv", "title": "Randvoorwaarden (test)", "version": "1", "imported_at": now()})
        for position, (key, parent, codable) in enumerate(CODES):
            built.codes[key] = tx.insert("codes", {
                "codebook_id": "rv", "key": key, "label": key.split(".")[-1].capitalize(), "position": position,
                "parent_id": built.codes.get(parent) if parent else None, "codable": codable})
        for name, turns in TURNS.items():
            text = "\n".join(t[2] for t in turns)
            built.texts[name] = text
            doc = tx.insert("documents", {"name": name, "kind": KINDS[name], "text": text, "sha256": name,
                                          "imported_at": now()})
            built.documents[name] = doc
            for attr, value in DOCUMENT_ATTRIBUTES[name].items():
                kind = "number" if attr == "aantal_deelnemers" else "date" if attr == "datum" else "text"
                tx.insert("document_attributes", {"document_id": doc, "name": attr, "value": value, "type": kind})
        for case, (document, label, is_data, attributes) in CASES.items():
            built.cases[case] = tx.insert("cases", {"name": case, "label": label, "is_data": is_data,
                                                    "document_id": built.documents[document]})
            for attr, value in attributes.items():
                tx.insert("case_attributes", {"case_id": built.cases[case], "name": attr, "value": value,
                                              "type": "number" if attr.startswith("handelings") else "text"})
        tx.insert("sealed_identities", {"case_id": built.cases["r1"], "name": "naam", "value": SEALED_NAME})
        for name, turns in TURNS.items():
            offset = 0
            for turn, case, text in turns:
                unit_kind = "answer" if KINDS[name] == "mailbox" else "turn"
                tx.insert("units", {"document_id": built.documents[name], "kind": unit_kind, "start": offset,
                                    "end": offset + len(text), "case_id": built.cases[case],
                                    "is_data": CASES[case][2]})
                built.spans[turn] = (built.documents[name], offset, offset + len(text))
                offset += len(text) + 1
        for turn, code, valence, coder, first in CODINGS:
            document, start, end = built.spans[turn]
            insert_coding(tx, coder, document, start, start + first if first else end, built.codes[code], valence)
    return built

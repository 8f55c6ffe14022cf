"""A small hand-made project for the agreement tests; the expected figures are worked out in
tests/test_agreement.py.

One groepsgesprek, two turns: T1 (Leerkracht, data) holds sentences S1..S6, T2 (Procesbegeleider,
not data) holds S7. Every sentence is 10 characters, separated by one space. Codes A and B.

  S1  an A sterkte        bo A sterkte
  S2  an A sterkte        bo A groeikans
  S3  an A neutraal       bo B neutraal
  S4  an B neutraal       bo B neutraal (first 9 of 10 characters)
  S5  (nobody)
  S6  an B neutraal (first 2 characters only)
  S7  an A sterkte (facilitator: never counts)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coding.codings.operations import insert_coding
from coding.store.project import Project, now

SENTENCES = ["Zin een a.", "Zin twee b", "Zin drie c", "Zin vier d", "Zin vijf e", "Zin zes f.", "Vraag zeven"]
CODINGS = [  # (sentence index, code, valence, coder, characters or None for the whole sentence)
    (0, "A", "sterkte", "an", None), (0, "A", "sterkte", "bo", None),
    (1, "A", "sterkte", "an", None), (1, "A", "groeikans", "bo", None),
    (2, "A", "neutraal", "an", None), (2, "B", "neutraal", "bo", None),
    (3, "B", "neutraal", "an", None), (3, "B", "neutraal", "bo", 9),
    (5, "B", "neutraal", "an", 2),
    (6, "A", "sterkte", "an", None),
]


@dataclass
class Built:
    project: Project
    document: int = 0
    codes: dict[str, int] = field(default_factory=dict)
    sentences: list[int] = field(default_factory=list)            # unit ids
    spans: list[tuple[int, int]] = field(default_factory=list)


def build(project: Project, codings: list[tuple] = CODINGS) -> Built:
    built = Built(project)
    text = " ".join(SENTENCES)
    with project.write("tester", "seed") as tx:
        tx.insert("codebooks", {"id": "t", "title": "Test", "version": "1", "imported_at": now()})
        for key in ("A", "B"):
            built.codes[key] = tx.insert("codes", {"codebook_id": "t", "key": key, "label": f"Code {key}"})
        built.document = tx.insert("documents", {"name": "verslag", "kind": "groepsgesprek", "text": text,
                                                 "sha256": "x", "imported_at": now()})
        lk = tx.insert("cases", {"name": "verslag / Leerkracht", "label": "Leerkracht", "document_id": built.document})
        pb = tx.insert("cases", {"name": "verslag / Procesbegeleider", "label": "Procesbegeleider",
                                 "document_id": built.document, "is_data": 0})
        offsets, position = [], 0
        for sentence in SENTENCES:
            offsets.append((position, position + len(sentence)))
            position += len(sentence) + 1
        t1 = tx.insert("units", {"document_id": built.document, "kind": "turn", "start": 0, "end": offsets[5][1],
                                 "case_id": lk})
        t2 = tx.insert("units", {"document_id": built.document, "kind": "turn", "start": offsets[6][0],
                                 "end": offsets[6][1], "case_id": pb, "is_data": 0})
        for i, (start, end) in enumerate(offsets):
            built.sentences.append(tx.insert("units", {
                "document_id": built.document, "kind": "sentence", "start": start, "end": end,
                "parent_id": t1 if i < 6 else t2, "case_id": lk if i < 6 else pb, "is_data": int(i < 6)}))
        built.spans = offsets
        for index, code, valence, coder, chars in codings:
            start, end = offsets[index]
            insert_coding(tx, coder, built.document, start, start + chars if chars else end, built.codes[code], valence)
    return built

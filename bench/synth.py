"""SYNTHETIC benchmark data: plausible Dutch sentences from a small word list, multiplied to size.

Everything here is SYNTHETIC and exists only to measure speed. It is not the demo corpus (that is
written by hand in corpora/) and must never be used as data. Sentences are built from templates
and a fixed seed, so every run measures the same text.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

SUBJECTS = ["de ondersteuner", "onze leerkracht", "het team", "de directie", "de zorgcoördinator",
            "een collega uit het buitengewoon onderwijs", "de leerlingen", "het netwerk", "wij",
            "de begeleiders", "de school", "elke klasleraar", "de ouders", "het CLB"]
VERBS = ["bespreekt", "ondersteunde", "plant", "observeerde", "evalueert", "gaf", "zoekt", "heeft besproken",
         "wil verbeteren", "kon opvolgen", "stelde voor", "werkte uit", "deelt", "versterkt"]
OBJECTS = ["de aanpak in de klas", "concrete tips voor differentiatie", "het handelingsplan",
           "de overlegmomenten", "een nieuwe werkvorm", "de noden van elke leerling", "het zorgbeleid",
           "gedragsproblemen tijdens de speeltijd", "de communicatie met ouders", "co-teaching in het derde leerjaar",
           "de planning voor volgend schooljaar", "een observatie in de klas", "de verslagen van het MDO"]
TAILS = ["", "", "na elke periode", "omdat er te weinig tijd was", "samen met de collega's",
         "maar dat liep niet altijd vlot", "en dat gaf veel vertrouwen", "in 2 of 3 weken",
         "zodat iedereen mee kon", "al blijft de planning een knelpunt", "op vraag van de directie"]
LABELS = ["Leerkracht 1", "Leerkracht 2", "Leerkracht 3", "Ondersteuner A", "Ondersteuner B",
          "Directeur (buo)", "Zorgcoördinator"]


def sentence(rng: random.Random) -> str:
    """One SYNTHETIC Dutch sentence."""
    words = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)]
    text = " ".join(w for w in words if w)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "!", "?"])


def paragraph(rng: random.Random, sentences: tuple[int, int] = (2, 6)) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def words(text: str) -> int:
    return len(text.split())


def report_paragraphs(rng: random.Random, target_words: int) -> list[str]:
    """A SYNTHETIC group-interview report: a few headings, labelled turns, some facilitator turns."""
    out = ["Verslag groepsgesprek (SYNTHETISCH)"]
    total = 0
    while total < target_words:
        if rng.random() < 0.05:
            out.append(f"Thema {len(out)}")
            continue
        label = "Procesbegeleider" if rng.random() < 0.1 else rng.choice(LABELS)
        text = f"{label}: {paragraph(rng)}"
        total += words(text)
        out.append(text)
    return out


def write_reports(folder: Path, count: int, words_each: int, seed: int = 1) -> list[Path]:
    """Write `count` SYNTHETIC .txt reports (blank line between paragraphs)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"synthetisch_verslag_{n:04d}.txt"
        path.write_text("\n\n".join(report_paragraphs(rng, words_each)) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


MAILBOX_QUESTIONS = ["Hoe krijgt de ondersteuning concreet vorm?", "Wat zijn positieve ervaringen?",
                     "Wat zijn negatieve ervaringen?", "Welke aanbevelingen heb je?"]


def write_mailbox(path: Path, respondents: int, words_per_answer: int, seed: int = 2) -> Path:
    """Write a SYNTHETIC mailbox export (semicolon CSV, with a sealed e-mail column)."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    sentences_per_answer = max(1, words_per_answer // 9)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["Tijdstempel", "E-mailadres", "Onderwijsnet", "Type onderwijs", "Functie", *MAILBOX_QUESTIONS,
                      "Handelingsbekwaamheid begin schooljaar (1-10)", "Handelingsbekwaamheid nu (1-10)"])
        for n in range(respondents):
            out.writerow([f"2016/05/{1 + n % 28:02d} 10:{n % 60:02d}:00", f"persoon{n}@voorbeeld.be",
                          rng.choice(["GO!", "Gemeenschapsonderwijs", "OVSG", "Katholiek Onderwijs Vlaanderen", "VGO"]),
                          rng.choice(["Gewoon basisonderwijs", "Buitengewoon basisonderwijs", "buitengewoon bao"]),
                          rng.choice(["leerkracht", "logopedist", "orthopedagoog", "directeur"]),
                          *[paragraph(rng, (sentences_per_answer, sentences_per_answer))
                            for _ in MAILBOX_QUESTIONS],
                          rng.randint(3, 7), rng.randint(5, 9)])
    return path

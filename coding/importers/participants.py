"""Participant tables in a report: who took part, each with their own attributes.

Reports often open with a table of the participants (label | functie | ondersteuningsmodel ...).
Word tables and Markdown-style lines arrive as paragraphs whose cells are separated by " | ".
A table is a participant table when its header row starts with a label column (label, code,
deelnemer, spreker, naam) and its rows start with a speaker label the mapping knows. Each row's
other cells become that participant's case attributes and override what the session (document)
says: a teacher in a "gemengd" session who got ambulante ondersteuning is attributed as such.
The label cell only finds the speaker; it is never stored as an attribute.
"""

from __future__ import annotations

import re
from typing import Any

from coding.importers.parsed import Paragraph
from coding.importers.speakers import SpeakerMapping
from coding.store.model import FUNCTION, NET, ROLE, SECTOR, SUPPORT_MODEL

LABEL_HEADERS = ("label", "code", "deelnemer", "spreker", "naam", "participant", "respondent")
# Header words and the attribute names the analyses know them by; other headers keep their own name.
HEADER_NAMES = {"rol": ROLE, "functie": FUNCTION, "ambt": FUNCTION, "ondersteuningsmodel": SUPPORT_MODEL,
                "model": SUPPORT_MODEL, "sector": SECTOR, "type onderwijs": SECTOR, "onderwijsnet": NET,
                "net": NET}


def cells(text: str) -> list[str]:
    """The cells of a table row ("a | b | c", or "| a | b |" as in Markdown); [] if it is not one."""
    inner = text.strip()
    if inner.startswith("|") and inner.endswith("|") and len(inner) > 1:
        inner = inner[1:-1]
    parts = [part.strip() for part in inner.split("|")]
    return parts if len(parts) >= 2 else []


def _attribute_name(header: str) -> str:
    word = " ".join(header.casefold().split())
    return HEADER_NAMES.get(word, re.sub(r"\W+", "_", word).strip("_"))


def read(paragraphs: list[Paragraph], mapping: SpeakerMapping) -> dict[str, dict[str, Any]]:
    """Participant label -> attributes, from every participant table in the paragraphs."""
    found: dict[str, dict[str, Any]] = {}
    header: list[str] | None = None
    for paragraph in paragraphs:
        row = [] if paragraph.heading else cells(paragraph.text)
        if not row:
            header = None
            continue
        if header is None or len(row) != len(header):
            first = " ".join(row[0].casefold().split())
            header = [_attribute_name(h) for h in row] if first in LABEL_HEADERS else None
            continue
        if mapping.match(row[0] + ":") is None:
            continue
        values = {name: value for name, value in zip(header[1:], row[1:]) if name and value}
        found.setdefault(" ".join(row[0].split()), {}).update(values)
    return found


def by_speaker(table: dict[str, dict[str, Any]], mapping: SpeakerMapping) -> dict[str, dict[str, Any]]:
    """The table's attributes by speaker key, so "LK 6" in the text finds the row "Leerkracht 6"."""
    out: dict[str, dict[str, Any]] = {}
    for label, values in table.items():
        found = mapping.match(label + ":")
        if found is not None:
            out.setdefault(found.key or "".join(found.text.casefold().split()), {}).update(values)
    return out

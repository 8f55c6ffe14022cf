"""Speakers of a transcript are real names: each is mapped to a participant label and role before import.

Meeting software names every speaker as the participant called themself ("Sofie De Smet"). Those names
must never reach a listing or an export, so an import maps each name to a LABEL (proposed as
"Deelnemer 1..n" in order of first appearance) plus case attributes (`rol`, `sector`, ...), and one or
more speakers can be the facilitator (their turns are kept but are not data). The same shape is the
YAML a user gives with `--speakers` and the table the app lets them edit:

    speakers:
      - name: Hanne Goossens
        facilitator: true          # label Gespreksleider and rol procesbegeleider unless given
      - name: Marc Verhaegen
        label: Deelnemer 1
        rol: directie
        sector: GeO

Names the mapping does not mention get the next free "Deelnemer n". At import a name of two or more
words is sealed as the case's identity (`naam`), and the name, its surname and each of its words go into
the project's name-replacement table with the label as replacement, so a first name spoken in a turn
("Dank je, Sofie") is replaced in every export too. A one-word display name is not sealed (sealed values
are hidden wherever they occur, also inside other words: "Eva" would cut "evaluatie"); it is replaced as
a whole word through the name table only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coding.importers.transcript_formats import NAME_PARTICLES
from coding.store.model import ROLE
from coding.store.project import ProjectError

LABEL_PREFIX = "Deelnemer"
FACILITATOR_LABEL = "Gespreksleider"
FACILITATOR_ROLE = "procesbegeleider"
AMBIGUOUS = "[naam]"
"""What replaces a name part two speakers share ("Jan" for Jan Peeters and Jan Claes)."""
SEALED_NAME = "naam"
ENTRY_KEYS = ("name", "label", "facilitator")


@dataclass
class Speaker:
    name: str
    label: str
    attributes: dict[str, Any] = field(default_factory=dict)
    facilitator: bool = False

    @property
    def case_attributes(self) -> dict[str, Any]:
        out = dict(self.attributes)
        if self.facilitator:
            out.setdefault(ROLE, FACILITATOR_ROLE)
        return {k: v for k, v in out.items() if v not in (None, "")}

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "label": self.label}
        if self.facilitator:
            out["facilitator"] = True
        return {**out, **{k: v for k, v in self.attributes.items() if v not in (None, "")}}


def _entries(data: Any) -> list[dict[str, Any]]:
    if data is None:
        return []
    if isinstance(data, dict) and "speakers" in data:
        data = data["speakers"]
    if not isinstance(data, list):
        raise ProjectError("importers.speaker_names.transcript_speaker_mapping_list")
    for entry in data:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ProjectError("importers.speaker_names.each_speaker_transcript_needs", value=_short(entry))
        if "label" in entry and not isinstance(entry["label"], (str, int)):
            raise ProjectError("importers.speaker_names.speaker_label_must_text",
                               value=_short(entry['label']))
        if not isinstance(entry.get("facilitator", False), bool):
            raise ProjectError("importers.speaker_names.facilitator_must_true_false",
                               value=_short(entry['facilitator']))
        for key, value in entry.items():
            if key not in ENTRY_KEYS and not (value is None or isinstance(value, (str, int, float, date))):
                raise ProjectError("importers.speaker_names.speaker_attribute_must_one", key=key,
                                   value=_short(value))
    return data


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def map_speakers(names: list[str], given: Any = None) -> list[Speaker]:
    """Every name of the file with its label and attributes: the given entries, the rest proposed."""
    by_name = {" ".join(e["name"].split()).casefold(): e for e in _entries(given)}
    used = {str(e["label"]).strip().casefold() for e in by_name.values() if str(e.get("label", "")).strip()}
    number = 0
    out = []
    for name in names:
        entry = by_name.get(" ".join(name.split()).casefold(), {})
        facilitator = bool(entry.get("facilitator", False))
        label = " ".join(str(entry.get("label", "")).split())
        if not label and facilitator and FACILITATOR_LABEL.casefold() not in used:
            label = FACILITATOR_LABEL
            used.add(label.casefold())
        while not label:
            number += 1
            candidate = f"{LABEL_PREFIX} {number}"
            if candidate.casefold() not in used:
                label = candidate
                used.add(candidate.casefold())
        attributes = {k: v for k, v in entry.items() if k not in ENTRY_KEYS}
        out.append(Speaker(name, label, attributes, facilitator))
    _check(out)
    return out


def _check(speakers: list[Speaker]) -> None:
    seen: dict[str, str] = {}
    for speaker in speakers:
        key = speaker.label.casefold()
        if key in seen:
            raise ProjectError("importers.speaker_names.two_speakers_label_give", label=speaker.label)
        seen[key] = speaker.name
        for part in name_parts(speaker.name):
            if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", speaker.label, re.IGNORECASE):
                raise ProjectError("importers.speaker_names.label_holds_speaker_name", label=speaker.label)


def name_parts(name: str) -> list[str]:
    """What to replace of a name: the whole name, its surname (the words after the first) and every word
    of two or more letters that is not a particle ("van", "de"), longest first."""
    words = [w.strip(".,;()[]\"'") for w in name.split()]
    words = [w for w in words if w]
    parts = [" ".join(words)]
    if len(words) > 2:
        parts.append(" ".join(words[1:]))
    parts += [w for w in words if len(w) >= 2 and w.casefold() not in NAME_PARTICLES and not w.isdigit()]
    return sorted(dict.fromkeys(p for p in parts if len(p) >= 2), key=lambda p: (-len(p), p))


def replacements(speakers: list[Speaker]) -> dict[str, str]:
    """Name part -> replacement (the label; `AMBIGUOUS` for a part two speakers share)."""
    out: dict[str, str] = {}
    keys: dict[str, str] = {}
    for speaker in speakers:
        for part in name_parts(speaker.name):
            key = part.casefold()
            if key in keys and out[keys[key]] != speaker.label:
                out[keys[key]] = AMBIGUOUS
            elif key not in keys:
                keys[key] = part
                out[part] = speaker.label
    return out


def sealed(speaker: Speaker) -> dict[str, str]:
    """The identity sealed with the speaker's case (see module doc: names of two words or more)."""
    return {SEALED_NAME: speaker.name} if len(speaker.name.split()) > 1 else {}


def mapping_data(speakers: list[Speaker]) -> dict[str, Any]:
    """The mapping as YAML data (`--speakers` reads it back)."""
    return {"speakers": [s.to_data() for s in speakers]}

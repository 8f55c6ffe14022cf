"""Speaker labels in reports, and what they tell about the speaker.

A turn in a report starts with a label such as `Leerkracht 3:`, `LK2 -`, `Ondersteuner B –` or
`Directeur (buo):`. A label is a role word, an optional number or capital letter, an optional
qualifier in brackets, then `:` or a dash. The SPEAKER MAPPING is a list of plain rules (the
same shape as the YAML file a user can give) saying which role words are speakers and which
case attributes they imply:

    - role: "leerkracht|lk|lkr"          # regex, must match the whole role word (any case)
      rol: ondersteunde leerkracht
      sector: GeO
    - role: "directeur|directie"
      qualifier: "buo"                   # regex searched in the rest of the label, e.g. "(buo)"
      rol: directie
      sector: BuO
    - role: "directeur|directie"         # without "(buo)": this rule
      rol: directie
      sector: GeO
    - label: "Ondersteuner B"            # one exact label (any case)
      ondersteuningsmodel: co-teaching
    - role: "procesbegeleider|pb"
      is_data: false                     # facilitators: their turns are not data
    - label: "Bijvoorbeeld"
      is_speaker: false                  # looks like a label, is none: the paragraph stays text

Rules are tried in order and the first that fits decides. User rules go before the defaults;
an exact `label` rule only adds to what the first role rule says. A sector in the label's
brackets ("(buo)", "(bao)", "(geo)") sets `sector` unless an exact label rule gives one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from coding.store.model import NET, RESPONDENT_GROUP, SECTOR, SUPPORT_MODEL
from coding.store.project import ProjectError

RULE_KEYS = ("role", "label", "qualifier", "is_data", "is_speaker")

# Document attributes that fill a speaker's case attributes when the label does not give them.
DOCUMENT_TO_CASE = (SECTOR, SUPPORT_MODEL, RESPONDENT_GROUP, NET, "regio")

DEFAULT_RULES: list[dict[str, Any]] = [
    {"role": "leerkracht(en)?|lk|lkr|leraar|klasleerkracht", "rol": "ondersteunde leerkracht", "sector": "GeO"},
    {"role": "ondersteuner|ond", "rol": "ondersteuner", "sector": "BuO"},
    {"role": "directeur|directie|dir|dico", "rol": "directie", "sector": "GeO"},
    {"role": "zorgcoördinator|zorgcoordinator|zoco|zorgco", "rol": "coördinator", "sector": "GeO"},
    {"role": r"\w*coördinator|\w*coordinator|coörd", "rol": "coördinator"},
    {"role": "(net)?verantwoordelijke", "rol": "netverantwoordelijke"},
    {"role": "procesbegeleider|begeleider|pb|moderator|gespreksleider|verslaggever|interviewer",
     "rol": "procesbegeleider", "is_data": False},
]

# A sector in the label's brackets ("Directeur (buo)", "Coördinator (bao)") overrides the rule's.
SECTOR_QUALIFIERS = ((re.compile(r"\b(buo|bubao|buso|buitengewoon)\b", re.IGNORECASE), "BuO"),
                     (re.compile(r"\b(bao|geo|gewoon|bso|gewoon onderwijs)\b", re.IGNORECASE), "GeO"))

# After the role word: a hyphenated team word ("M-team"), a number ("3", "2b") or a capital
# letter ("B"), then a qualifier "(buo)".
_REST = (r"(?P<rest>(?:\s+[A-Za-z]{1,6}-[a-z]{2,12})?(?:\s*\d{1,3}[a-z]?(?![\w])|\s+[A-Z]\d{0,2}(?![\w])"
         r"|\s+[A-Z]{2,6}(?![\w])|\s+[a-zà-ÿ]{4,25}(?=\**\s*:))?(?:\s*\([^()\n]{1,40}\))?)")
# "Leerkracht 3:", "LK2 -", "Ondersteuner B –", "**Ouder 1**:" (Markdown bold typed as text).
_SEPARATOR = r"(?:\*\*)?\s*(?::|[-–—](?=\s|$))\s*"
# What may stand before a label: a time stamp "[00:12:31]" (left out of the turn) and a typed list
# marker "- ", "• ", "1. "; then Markdown bold "**".
PREFIX = re.compile(r"^(?P<stamp>(?:\[\d{1,2}:\d{2}(?::\d{2})?\]|\(\d{1,2}:\d{2}(?::\d{2})?\)|\d{1,2}:\d{2}:\d{2})\s+)?"
                    r"(?P<marker>(?:[-–•*·▪]|\d{1,2}[.)])\s+)?(?:\*\*)?")
# A label-like start that no rule may know: one to three words (the first capitalised), an optional
# number or letter and bracketed qualifier, then ":" or a dash ("Ouder 1:", "Logopediste:").
LABEL_LIKE = re.compile(r"(?P<label>(?P<role>[A-ZÀ-Ý][\w’'.-]{1,30}(?:\s+[a-zà-ÿ][\w’'-]{1,25}){0,2})"
                        r"(?P<rest>(?:\s*\d{1,3}[a-z]?(?![\w])|\s+[A-Z]{1,6}\d{0,2}(?![\w]))?"
                        r"(?:\s*\([^()\n]{1,40}\))?))" + _SEPARATOR)


# Words that end in a colon at the start of a paragraph but name no speaker.
NOT_SPEAKERS = frozenset("""
aanwezig aanwezigen actie actiepunt actiepunten afwezig afwezigen agenda antwoord besluit bijlage bijvoorbeeld bron
citaat code conclusie conclusies datum deelnemers doel duur let locatie nb noot onderwerp opmerking opmerkingen plaats
regio samenvatting thema tijd tip vraag verslag verslaggever verslaggevers voorbeeld wie waar wanneer
""".split())


def label_like(text: str, start: int = 0) -> re.Match | None:
    """A label-like start no rule needs to know ("Ouder 1:", "Logopediste:"). Not a common word that
    opens a sentence ("Bijvoorbeeld:"), nor several words before a dash without a number or letter
    ("Evaluatie ondersteuningsnetwerk – verslag ...": a title)."""
    found = LABEL_LIKE.match(text, start)
    if found is None or found.group("role").split()[0].casefold().rstrip(".") in NOT_SPEAKERS:
        return None
    dash = ":" not in text[found.end("label"):found.end()]
    if dash and len(found.group("role").split()) > 1 and not found.group("rest").strip():
        return None
    return found


@dataclass(frozen=True)
class Label:
    """A speaker label found at the start of a paragraph; the spoken words start at `body`."""

    text: str
    body: int
    attributes: dict[str, Any]
    is_data: bool
    key: str = ""   # one speaker, however the note-taker wrote the label ("LK 6" = "Leerkracht 6")
    at: int = 0     # where the label starts (after a time stamp or list marker)


class SpeakerMapping:
    """Rules (user rules first, then the defaults) compiled into one label matcher."""

    def __init__(self, rules: list[dict[str, Any]] | None = None, use_defaults: bool = True):
        self.user_rules = [_checked(rule) for rule in (rules or [])]
        self.rules = self.user_rules + (DEFAULT_RULES if use_defaults else [])
        self.use_defaults = use_defaults
        words = [rule["role"] for rule in self.rules if "role" in rule]
        words += [r"\s+".join(map(re.escape, rule["label"].split())) for rule in self.rules if "label" in rule]
        alternation = "|".join(f"(?:{w})" for w in words) or "(?!)"
        self._pattern = re.compile(rf"(?P<label>(?P<role>(?i:{alternation})){_REST}){_SEPARATOR}")
        self._bare = re.compile(rf"(?P<label>(?P<role>(?i:{alternation})){_REST})\**\s*:?\s*$")
        self.not_speakers = {" ".join(rule["label"].split()).casefold() for rule in self.user_rules
                             if "label" in rule and rule.get("is_speaker") is False}
        self._described: dict[tuple[str, str, str], tuple[dict[str, Any] | None, bool]] = {}

    def match(self, paragraph: str, bold: int = 0) -> Label | None:
        """The speaker label this paragraph starts with, if it is one the mapping knows.

        After an optional time stamp and list marker, a label starts with a capital (a wrapped line
        "leerkracht: die rol ..." is no label). `bold`: the length of the paragraph's bold start,
        which may be a label without a separator ("**Leerkracht 3** Ik ben ...").
        """
        start = PREFIX.match(paragraph).end()
        if start >= len(paragraph) or not paragraph[start].isupper():
            return None
        found = self._pattern.match(paragraph, start)
        if found is None and bold > start:
            found = self._bare.match(paragraph[:bold], start)
            if found is not None:  # the bold run is the label: the words start after it
                return self._label(found, bold + len(paragraph[bold:]) - len(paragraph[bold:].lstrip()))
        if found is None:
            return None
        return self._label(found, found.end())

    def _label(self, found: re.Match, body: int) -> Label | None:
        if " ".join(found.group("label").split()).casefold() in self.not_speakers:
            return None
        key = (found.group("label"), found.group("role"), found.group("rest"))
        if key not in self._described:  # a report repeats a handful of labels many times
            self._described[key] = self.describe(*key) + (self._speaker_key(*key),)
        attributes, is_data, speaker = self._described[key]
        if attributes is None:
            return None
        label = " ".join(found.group("label").split())
        return Label(label, body, dict(attributes), is_data, speaker, found.start())

    def _speaker_key(self, label: str, role: str, rest: str) -> str:
        """Labels with the same role rule and the same number or letter name one speaker."""
        ident = "".join((rest or "").casefold().split())
        rule = next((i for i, r in enumerate(self.rules) if "role" in r and re.fullmatch(r["role"], role, re.I)), None)
        if rule is not None and ident:
            return f"{rule}:{ident}"
        return "".join(label.casefold().split())

    def describe(self, label: str, role: str | None = None, rest: str | None = None
                 ) -> tuple[dict[str, Any] | None, bool]:
        """Attributes and is_data for a label (None if no rule fits)."""
        if role is None:
            found = self._pattern.match(label + ":")
            if found is None:
                return None, True
            role, rest = found.group("role"), found.group("rest")
        normal = " ".join(label.split()).casefold()
        exact = [rule for rule in self.rules if "label" in rule
                 and " ".join(rule["label"].split()).casefold() == normal]
        base = next((rule for rule in self.rules if "role" in rule
                     and re.fullmatch(rule["role"], role, re.IGNORECASE)
                     and re.search(rule.get("qualifier", ""), rest or "", re.IGNORECASE)), None)
        if base is None and not exact:
            return None, True
        attributes: dict[str, Any] = {}
        is_data = True
        for rule in ([base] if base else []) + exact[::-1]:  # an earlier exact rule wins
            if rule is not base and SECTOR in rule:
                rest = ""  # an exact label rule's sector beats the brackets
            attributes.update(_attributes(rule))
            is_data = bool(rule.get("is_data", is_data))
        sector = next((value for pattern, value in SECTOR_QUALIFIERS if pattern.search(rest or "")), None)
        if sector is not None and is_data:
            attributes[SECTOR] = sector
        return attributes, is_data

    def to_data(self) -> dict[str, Any]:
        """The user part, as stored with a document and written to YAML."""
        return {"speakers": self.user_rules, "use_defaults": self.use_defaults}


def _attributes(rule: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rule.items() if k not in RULE_KEYS and v is not None}


def _scalar(value: Any) -> bool:
    """What a rule's pattern or label can be: text, or a number written without quotes."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _checked(rule: Any) -> dict[str, Any]:
    if not isinstance(rule, dict) or ("role" in rule) == ("label" in rule):
        raise ProjectError("importers.speakers.speaker_rule_needs_exactly", rule=rule)
    for key, value in rule.items():
        if not isinstance(key, str):
            raise ProjectError("importers.speakers.speaker_rule_keys_names", key=key)
        if key in ("role", "label", "qualifier") and not _scalar(value):
            raise ProjectError("importers.speakers.speaker_rule_must_text", key=key, value=value)
        if key == "is_data" and not isinstance(value, bool):
            raise ProjectError("importers.speakers.speaker_rule_data_must", value=value)
        if key not in RULE_KEYS and not (value is None or isinstance(value, (str, int, float, date))):
            raise ProjectError("importers.speakers.speaker_rule_attribute_must", key=key, value=value)
    for key in ("role", "qualifier"):
        if key in rule:
            try:
                re.compile(str(rule[key]))
            except re.error as error:
                raise ProjectError("importers.speakers.speaker_rule_valid_pattern", key=key, rule=rule[key],
                                   error=error) from error
    # a date YAML read unquoted is kept as the text it was written as: the mapping is stored as JSON
    return {k: (str(v) if k in ("role", "label", "qualifier") else v.isoformat() if isinstance(v, date) else v)
            for k, v in rule.items()}


def load_mapping(data: Any) -> SpeakerMapping:
    """A mapping from parsed YAML: a list of rules, or {speakers: [...], use_defaults: bool}."""
    if data is None:
        return SpeakerMapping()
    if isinstance(data, SpeakerMapping):
        return data
    if isinstance(data, list):
        return SpeakerMapping(data)
    if isinstance(data, dict) and isinstance(data.get("speakers", []), list):
        if not isinstance(data.get("use_defaults", True), bool):
            raise ProjectError("importers.speakers.speaker_mapping_use_defaults",
                               use_defaults=data['use_defaults'])
        return SpeakerMapping(data.get("speakers", []), data.get("use_defaults", True))
    raise ProjectError("importers.speakers.speaker_mapping_list_rules")


def speaker_attributes(label_attributes: dict[str, Any], document_attributes: dict[str, Any],
                       is_data: bool, participant: dict[str, Any] | None = None) -> dict[str, Any]:
    """A speaker's case attributes: the label's, overridden by the participant table's row for this
    speaker (coding.importers.participants), then the document's for what both leave open."""
    out = dict(label_attributes)
    if is_data:
        out.update(participant or {})
    if is_data:
        for name in DOCUMENT_TO_CASE:
            if name not in out and document_attributes.get(name) not in (None, ""):
                out[name] = document_attributes[name]
    return out


def meta_key(document_id: int) -> str:
    """Where a document's own speaker mapping is kept (table meta, as JSON)."""
    return f"speakers:{document_id}"


def participants_key(document_id: int) -> str:
    """Where a report's participant table (label -> attributes) is kept (table meta, as JSON)."""
    return f"participants:{document_id}"


def document_participants(db: Any, document_id: int) -> dict[str, dict[str, Any]]:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [participants_key(document_id)]).fetchone()
    return json.loads(row[0]) if row else {}


def document_mapping(db: Any, document_id: int) -> SpeakerMapping:
    """The speaker mapping a document was imported (or last re-mapped) with."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [meta_key(document_id)]).fetchone()
    return load_mapping(json.loads(row[0])) if row else SpeakerMapping()


def participant_row(table: dict[str, dict[str, Any]], mapping: SpeakerMapping, label: str) -> dict[str, Any]:
    """The participant table's attributes for the speaker with this label, under this mapping."""
    found = mapping.match(label + ":")
    if found is None:
        return {}
    out: dict[str, Any] = {}
    for row_label, values in table.items():
        other = mapping.match(row_label + ":")
        if other is not None and other.key == found.key:
            out.update(values)
    return out


def managed(mapping: SpeakerMapping) -> set[str]:
    """The case attributes a mapping decides (the rest were set by hand and stay)."""
    return {key for rule in mapping.rules for key in _attributes(rule)} | set(DOCUMENT_TO_CASE)

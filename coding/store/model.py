"""The vocabulary of the project model: source kinds, valences, unit kinds.

Valence is a facet of every coding, not a code (brief 3.7). The synonyms below are how sources
and respondents name the two poles; autocoding and importers read them to propose a valence.
"""

from coding.store.project import ProjectError

KINDS = ("groepsgesprek", "interview", "mailbox", "schriftelijke input", "live sessie", "schooldocument")
# The vocabulary of every count (docs/vocabulary.md): a SESSION is a meeting (group session, interview,
# live session; written input belongs to the session it names); a SOURCE is any document, mailbox
# exports included. PARTICIPANTS speak in sessions; RESPONDENTS answer in a mailbox.
SESSION_KINDS = ("groepsgesprek", "interview", "live sessie")
RESPONDENT_KINDS = ("mailbox",)

ORIGINS = ("deductief", "inductief")   # where a code comes from: a framework, or our own analysis

VALENCES = ("sterkte", "groeikans", "neutraal")

VALENCE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "sterkte": ("sterkte", "positieve ervaring", "faciliterende factor", "succesfactor", "hefboom",
                "stimulerende factor", "wat er al is"),
    "groeikans": ("groeikans", "negatieve ervaring", "belemmerende factor", "drempel", "hinderpaal",
                  "knelpunt", "verbeterpunt", "werkpunt", "wat nog mogelijk is"),
}
# More names for the poles, as a column of another tool or a coder's own sheet has them; only read as
# a valence value, not looked for in texts.
VALENCE_NAMES: dict[str, tuple[str, ...]] = {
    "sterkte": ("positief", "pluspunt", "strength", "positive"),
    "groeikans": ("negatief", "minpunt", "zwakte", "aandachtspunt", "groeipunt", "growth point", "weakness",
                  "negative"),
    "neutraal": ("neutral",),
}
# Plurals as coders write them ("sterktes", "verbeterpunten"); regular ones add -en or -s.
PLURALS = {"sterkte": "sterktes", "hefboom": "hefbomen", "hinderpaal": "hinderpalen", "zwakte": "zwaktes"}

# One-key valences for keyboard capture.
VALENCE_KEYS = {"s": "sterkte", "g": "groeikans", "n": "neutraal", "+": "sterkte", "-": "groeikans"}


def parse_valence(value: str) -> str:
    """A valence from a key (s, g, n, +, -), its name, or one of its synonyms (knelpunt, hefboom, ...)."""
    text = " ".join((value or "").lower().split())
    if text in VALENCE_KEYS:
        return VALENCE_KEYS[text]
    if text in VALENCES:
        return text
    for valence in VALENCES:
        for synonym in (*VALENCE_SYNONYMS.get(valence, ()), *VALENCE_NAMES[valence]):
            if text in (synonym, PLURALS.get(synonym), f"{synonym}en", f"{synonym}s"):
                return valence
    raise ProjectError("store.model.valence_must_g_n", value=value)


UNIT_KINDS = ("paragraph", "heading", "turn", "answer", "sentence")
AGREEMENT_UNITS = ("sentence", "answer", "paragraph", "turn")   # what agreement and blind samples count in

# Attribute names the analyses know by meaning. Importers and mappings use these names.
SECTOR = "sector"             # GeO (gewoon onderwijs) or BuO (buitengewoon onderwijs)
ROLE = "rol"
NET = "onderwijsnet"
SUPPORT_MODEL = "ondersteuningsmodel"
FUNCTION = "functie"
RESPONDENT_GROUP = "respondentgroep"
SECTORS = ("GeO", "BuO")
SESSION = "sessie"            # document attribute shared by the reports and written input of one meeting
RATING_START = "handelingsbekwaamheid_start"   # mailbox self-rating 1-10 at the start of the school year
RATING_NOW = "handelingsbekwaamheid_nu"        # and now

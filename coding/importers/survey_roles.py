"""What each column of a survey export is, judged from its header AND its content.

A header word alone never seals an open question: identity and bookkeeping words only count in a
short label (at most four words, not a question), and the values must fit (short values, not
answers). Content decides on its own for e-mail addresses, IP addresses, timestamps, numeric scales,
checkbox lists, categories and free text (length and variety of the answers). Each column gets a role,
an attribute name where it needs one, whether the proposal is sure, and why (for the user to check).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

NON_SUBSTANTIVE = ("nvt", "n.v.t.", "n.v.t", "geen", "-", "/", "n/a", "na", "none")
"""Answers that say there is nothing to say: kept, but marked and left out of answer counts."""

PLACEHOLDERS = {"anonymous", "anoniem", "anonyme"}
"""What a form tool writes in an identity column of an anonymous form: not a person's value."""

_SPLIT = re.compile(r"(?<=[a-z])(?=[A-Z])|[^0-9A-Za-zÀ-ÿ#]+")
"""Where a heading splits into words: camelCase ('RecipientFirstName') and any punctuation."""
LOOKS = {
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    "ip": re.compile(r"^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]{2,}:[0-9a-fA-F:]+$"),
    "datetime": re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]+\d{1,2}:\d{2}(:\d{2})?.*)?$|^\d{1,2}:\d{2}(:\d{2})?$"),
    "number": re.compile(r"^-?\d{1,3}([.,]\d+)?$"),
    "coordinate": re.compile(r"^-?\d{1,3}\.\d{3,}$"),
    "quiz score": re.compile(r"^\d+(?:[.,]\d+)?\s*/\s*\d+$"),
    "answer code": re.compile(r"^(A\d{1,3}|AO\d{1,3}|-oth-)$"),
}
"""What a cell's value looks like, so a column's role follows its content, not a word in its heading: an
address a tool logs (e-mail, IPv4/IPv6), a time stamp, a rating, Qualtrics' latitude/longitude, a quiz
score as Google Forms writes it ('2 / 3'), LimeSurvey's answer codes (exported when 'Answer codes' is chosen)."""
_NAME_WORD = re.compile(r"^([A-ZÀ-Þ][a-zà-ÿ'’\-]+\.?|van|de|den|der|el|le|la|du|ten|ter|vande|vanden)$")
_LIMESURVEY_HEADING = re.compile(r"^([A-Za-z][\w\[\]]*)\. \S")
"""LimeSurvey's 'Question code & question text' heading: 'id. Antwoord ID', 'G01Q02. Wat is je functie?'."""
_TIMING = re.compile(r"^(groupTime\d+|interviewtime|\d+X\d+(X\w+)?time)$", re.IGNORECASE)
"""LimeSurvey's timing columns (seconds spent on a group or question): the tool's, not the respondent's."""
LIMESURVEY_FIELDS = {"id", "submitdate", "lastpage", "startlanguage", "seed", "token", "ipaddr", "refurl",
                     "startdate", "datestamp", "interviewtime"}
"""LimeSurvey's own field codes: in a full-text heading the code, not the translated text, says the role."""
_QUESTION_START = re.compile(r"^(wat|hoe|waarom|welke?|wie|waar|wanneer|kan|kunt|heb|heeft|hebt|bent|ben|is|zijn|"
                             r"zou|wil|geef|beschrijf|vertel|what|how|why|which|who|where|when|do|does|did|"
                             r"please|describe|any)\b", re.IGNORECASE)

ID_WORDS = {"id", "respondent", "respondentid", "respondentnummer", "respondentnr", "response", "responseid",
            "nr", "nummer", "number", "no", "#", "antwoordnummer", "record"}
ID_CORE = {"id", "respondent", "respondentid", "respondentnummer", "respondentnr", "responseid", "nr", "nummer",
           "antwoordnummer", "#"}
IDENTITY_WORDS = {"naam", "name", "voornaam", "achternaam", "familienaam", "firstname", "lastname", "fullname",
                  "email", "mail", "emailadres", "mailadres", "ip", "ipaddr", "ipaddress", "ipadres", "token",
                  "recipient", "latitude", "longitude", "location", "locatie", "geolocatie", "gps", "contactpersoon",
                  "telefoon", "telefoonnummer", "phone", "gsm", "mobile", "adres", "address", "straat", "street",
                  "stamboeknummer", "stamboek", "rijksregisternummer", "schoolnaam", "contactgegevens",
                  "postcode", "zip"}
IDENTITY_PAIRS = ({"access", "code"}, {"toegangscode"}, {"external", "reference"}, {"externe", "referentie"},
                  {"custom", "data"}, {"custom", "variable"}, {"contact", "person"}, {"contact", "persoon"})
IGNORE_WORDS = {"date", "datum", "time", "tijd", "timestamp", "tijdstempel", "begintijd", "eindtijd", "starttijd",
                "duration", "duur", "seconds", "seconden", "progress", "voortgang", "status", "finished", "voltooid",
                "voltooien", "completion", "language", "taal", "startlanguage", "userlanguage", "seed", "lastpage",
                "page", "collector", "refurl", "referrer", "referer", "url", "channel", "submitted", "ingediend",
                "submitdate", "startdate", "datestamp", "modified", "gewijzigd", "wijziging", "recorded",
                "interviewtime", "recaptcha", "captcha", "relevantid", "duplicate", "fraud", "quiz", "points",
                "punten", "violations"}
BACKGROUND_WORDS = {"functie", "ambt", "rol", "role", "job", "onderwijsnet", "net", "sector", "onderwijsvorm",
                    "onderwijstype", "regio", "provincie", "geslacht", "gender", "leeftijd", "age",
                    "ondersteuningsmodel", "graad", "leerjaar"}
"""Words of a header that asks for a background characteristic: with short values, an attribute."""
FREE_TEXT_WORDS = {"opmerking", "opmerkingen", "toelichting", "commentaar", "comment", "comments", "feedback",
                   "suggestie", "suggesties", "suggestions", "reactie", "uitleg", "motivatie", "verduidelijking",
                   "tips", "aanvulling", "aanvullingen"}
"""Words of a label that asks for free text ('Opmerkingen', 'Toelichting'): varied short values are answers."""
OTHER_WORDS = {"andere", "anders", "other", "overige", "text", "tekst", "specificeren", "specify", "namelijk"}


@dataclass
class ColumnGuess:
    """A proposed role; `sure` is False when header and content disagree or say too little."""

    role: str
    sure: bool = True
    reason: str = ""
    name: str | None = None


def words_of(header: str) -> list[str]:
    """Lower-case words of a header, camelCase split: 'RecipientFirstName' -> recipient, first, name."""
    return [w.casefold() for w in _SPLIT.split(header) if w]


def is_label(header: str) -> bool:
    """A short label ('Naam', 'IP Address') rather than a question put to the respondent."""
    text = header.strip()
    return bool(text) and not text.endswith("?") and len(words_of(text)) <= 4 and not _QUESTION_START.match(text)


def substantive(value: str) -> bool:
    return value.strip().casefold() not in NON_SUBSTANTIVE


def _share(values: list[str], pattern: re.Pattern) -> float:
    return sum(bool(pattern.match(v)) for v in values) / len(values) if values else 0.0


def _looks_like_person(value: str) -> bool:
    parts = value.split()
    return 2 <= len(parts) <= 5 and all(_NAME_WORD.match(p) for p in parts) and not any(c.isdigit() for c in value)


def _checkbox_like(values: list[str]) -> bool:
    """Values that are lists of options from a small set ('a;b;' or 'a, b'), as checkbox questions write."""
    for separator in (";", ", "):
        if sum(separator in v for v in values) < max(2, 0.2 * len(values)):
            continue
        parts = [p.strip() for v in values for p in v.split(separator) if p.strip()]
        counts = Counter(parts)
        repeated = sum(n for n in counts.values() if n >= 2)
        if parts and repeated >= 0.8 * len(parts) and max(map(len, counts)) <= 80 and len(counts) <= 30:
            return True
    return False


def answer_codes(values: list[str]) -> bool:
    """Whether a column holds LimeSurvey answer codes ('A2', '-oth-') rather than the options' text."""
    filled = [v.strip() for v in values if v.strip()]
    return bool(filled) and _share(filled, LOOKS["answer code"]) >= 0.8


def field_code(header: str) -> str:
    """The LimeSurvey field code of a full-text heading ('id. Antwoord ID' -> 'id'); else the header."""
    found = _LIMESURVEY_HEADING.match(header.strip())
    code = found.group(1) if found else ""
    return code if code.casefold() in LIMESURVEY_FIELDS or _TIMING.match(code) else header


def header_says(header: str) -> str | None:
    """'id', 'identity' or 'ignore' when a short label says so (never for a question)."""
    header = field_code(header)
    if _TIMING.match(header.strip()):
        return "ignore"
    if not is_label(header):
        return None
    words = set(words_of(header))
    if words and words <= ID_WORDS and words & ID_CORE:
        return "id"
    if words & IDENTITY_WORDS or any(pair <= words for pair in IDENTITY_PAIRS) or \
            ("school" in words and words & {"naam", "name", "van"}) or words == {"school"}:
        return "identity"
    if words & IGNORE_WORDS and not words & {"onderwijs", "school", "functie", "ambt"}:
        return "ignore"
    return None


def guess(header: str, values: list[str]) -> ColumnGuess:
    """The role of one column from its header and (a sample of) its values."""
    filled = [v.strip() for v in values if v.strip()]
    said = header_says(header)
    personal = [v for v in filled if v.casefold() not in PLACEHOLDERS]
    if not filled:
        if said in ("identity", "ignore"):
            return ColumnGuess(said, True, "kop; kolom leeg")
        return ColumnGuess("ignore", True, "kolom leeg")
    if _share(filled, LOOKS["email"]) >= 0.5 or _share(filled, LOOKS["ip"]) >= 0.5:
        return ColumnGuess("identity", True, "inhoud: e-mail- of IP-adressen")
    text = [v for v in filled if substantive(v)]
    mean_words = sum(len(v.split()) for v in text) / len(text) if text else 0.0
    long_answers = mean_words >= 6 or any(len(v.split()) >= 15 for v in text)
    if said == "identity":
        if long_answers:
            return ColumnGuess("question", False, "kop lijkt een identiteit, maar de inhoud zijn antwoorden")
        return ColumnGuess("identity", True, "kop")
    if said == "id":
        if len(set(filled)) == len(filled) and len(filled) >= 0.9 * len(values):
            return ColumnGuess("id", True, "kop; unieke waarden")
        return ColumnGuess("attribute", False, "kop lijkt een nummer, maar waarden zijn niet uniek")
    if _share(filled, LOOKS["datetime"]) >= 0.8:
        return ColumnGuess("ignore", True, "inhoud: tijdstippen")
    quiz_score = set(words_of(header)) & {"score", "totaalscore"} and _share(filled, LOOKS["quiz score"]) >= 0.8
    if said == "ignore" or quiz_score:
        if long_answers:
            return ColumnGuess("question", False, "kop lijkt administratie, maar de inhoud zijn antwoorden")
        return ColumnGuess("ignore", True, "kop: gegevens van het formulier")
    if _share(filled, LOOKS["coordinate"]) >= 0.8:
        return ColumnGuess("identity", False, "inhoud: coördinaten")
    numbers = [float(v.replace(",", ".")) for v in filled if LOOKS["number"].match(v)]
    others = {v.casefold() for v in filled if not LOOKS["number"].match(v)}  # "weet niet", "geen mening"
    if numbers and len(numbers) >= 0.6 * len(filled) and 0 <= min(numbers) and max(numbers) <= 10 \
            and len(set(numbers)) <= 11 and len(others) <= 3 and all(len(v.split()) <= 3 for v in others):
        return ColumnGuess("rating", len(numbers) >= 0.8 * len(filled), "inhoud: getallen op een schaal")
    if personal and sum(_looks_like_person(v) for v in personal) >= 0.6 * len(personal) and \
            len(set(personal)) >= 0.8 * len(personal) and len(personal) >= 3:
        if "school" in words_of(header) and set(words_of(header)) & {"naam", "name", "heet"}:
            return ColumnGuess("identity", True, "kop vraagt de naam van de school")
        return ColumnGuess("identity", False, "inhoud: lijkt namen van personen")
    if not text:
        return ColumnGuess("attribute", False, "alleen antwoorden als 'nvt' of 'geen'")
    kinds = {v.casefold() for v in text}
    distinct = len(kinds) / len(text)
    if _checkbox_like(text):
        return ColumnGuess("attribute", True, "inhoud: keuzes uit een lijst")
    if len(text) >= 6 and distinct <= 0.5 and len(kinds) <= 30 and mean_words < 12:
        return ColumnGuess("attribute", True, "inhoud: herhaalde waarden")
    if long_answers:
        return ColumnGuess("question", distinct >= 0.5, "inhoud: vrije tekst")
    if set(words_of(header)) & FREE_TEXT_WORDS and distinct > 0.6:
        return ColumnGuess("question", mean_words >= 3, "kop vraagt vrije tekst; verschillende antwoorden")
    if mean_words <= 3 and (is_label(header) or set(words_of(header)) & BACKGROUND_WORDS):
        return ColumnGuess("attribute", True, "korte waarden; de kop vraagt een kenmerk")
    if mean_words <= 3.5 and set(words_of(header)) & OTHER_WORDS:
        return ColumnGuess("attribute", True, "kop: 'andere'; korte waarden")
    if len(kinds) <= max(12, len(text) // 2) and mean_words <= 4 and distinct <= 0.6:
        return ColumnGuess("attribute", True, "inhoud: korte, herhaalde waarden")
    asks = header.rstrip().endswith("?") or bool(_QUESTION_START.match(header.strip()))
    if asks and distinct > 0.6 and mean_words >= 2:
        return ColumnGuess("question", mean_words >= 3, "een vraag met verschillende antwoorden")
    if mean_words >= 4 and distinct >= 0.8:
        return ColumnGuess("question", mean_words >= 5 or header.rstrip().endswith("?"), "inhoud: vrije tekst")
    if mean_words < 4:
        return ColumnGuess("attribute", False, "korte, verschillende waarden")
    return ColumnGuess("question", False, "inhoud: vrije tekst, kort")

"""Mailbox survey exports (.csv, .xlsx): one row per respondent, open answers as units.

A MAPPING says what each column is (YAML, `--mapping`):

    sheet: Antwoorden                      # optional: the .xlsx sheet (default: the first)
    columns:
      Tijdstempel: ignore
      Respondent: id                       # the respondent id (default: the row number)
      E-mailadres: identity                # sealed: kept only in sealed_identities
      Naam: {role: identity, drop: true}   # not imported at all
      Onderwijsnet: {role: attribute, name: onderwijsnet}
      Type onderwijs: {role: attribute, name: sector}
      Wat zijn positieve ervaringen?: question
      Handelingsbekwaamheid begin (1-10): {role: rating, name: handelingsbekwaamheid_start}
    empty_answers: ["/", "nvt", "geen"]    # optional: answers that say nothing: kept, marked, not counted
    delimiter: ";"                         # optional: else sniffed among , ; and tab

Columns the mapping does not name are not imported. Attribute values with known meanings
(onderwijsnet, sector, functie) are normalised; a raw value that differs is kept as `<name>_ruw`.
The document text is the answers joined by a blank line, row by row, column by column: no
headers and no identities in it. Every respondent is a case, also one who answered nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from coding.store.model import FUNCTION, NET, SECTOR
from coding.store.project import ProjectError
from coding.files import yaml_input
from coding.files.limits import MAX_ROWS
from coding.importers import survey_layout
from coding.importers.csv_table import DELIMITERS
from coding.importers.parsed import Case, Parsed, Segment
from coding.importers.survey_layout import SurveyTable
from coding.importers.survey_roles import NON_SUBSTANTIVE, PLACEHOLDERS, ColumnGuess, guess

ROLES = ("id", "attribute", "question", "rating", "identity", "ignore")
EMPTY_ANSWERS = NON_SUBSTANTIVE
"""Answers that say nothing ("nvt", "geen", "-") when the mapping does not list its own `empty_answers`:
kept as answers, but marked non-substantive (not data) and left out of answer counts."""

Mapping = dict[str, Any]


# --- reading ---------------------------------------------------------------------------------

def read_survey(path: str | Path, data: bytes | None = None, sheet: str | None = None,
                delimiter: str | None = None, lenient: bool = False) -> SurveyTable:
    """The export with its header rows found and skipped (see survey_layout), read strictly unless `lenient`."""
    return survey_layout.read_survey(path, data, sheet, delimiter, lenient, MAX_ROWS)


def read_table(path: str | Path, data: bytes | None = None, sheet: str | None = None,
               delimiter: str | None = None) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of a .csv or .xlsx export; all cells as text."""
    table = read_survey(path, data, sheet, delimiter)
    return table.headers, table.rows


# --- normalising attribute values --------------------------------------------------------------

@lru_cache(maxsize=4096)
def normalise_sector(value: str) -> str | None:
    """GeO or BuO from the many ways `type onderwijs` is written; None if it says neither."""
    text = value.casefold()
    if re.search(r"buiten|\bbu|\bbuo\b|\bbuso\b|\bbubao\b", text):
        return "BuO"
    if re.search(r"gewoon|\bgeo\b|\bbao\b|\bbso\b|\bso\b|\blager\b|\bkleuter", text):
        return "GeO"
    return None


@lru_cache(maxsize=4096)
def normalise_net(value: str) -> str | None:
    """GO!, OVSG or Katholiek Onderwijs Vlaanderen; None if unrecognised."""
    text = value.casefold()
    if re.search(r"\bgo\b|gemeenschap", text):
        return "GO!"
    if re.search(r"ovsg|officieel|\bogo\b|stedelijk|gemeentelijk|provinciaal|\bpov\b", text):
        return "OVSG"
    if re.search(r"kathol|\bvgo\b|\bvrij|\bkov\b|\bkatho\b", text):
        return "Katholiek Onderwijs Vlaanderen"
    return None


FUNCTIONS = {
    "leerkracht": r"leerkracht|leraar|onderwijzer|juf|meester|klastitularis",
    "logopedist": r"logo",
    "orthopedagoog": r"orthoped",
    "kinesist": r"kine",
    "ergotherapeut": r"ergo",
    "psycholoog": r"psycholo",
    "directeur": r"directeur|directie|schoolleid",
}


@lru_cache(maxsize=4096)
def normalise_function(value: str) -> str:
    """One of the usual functions, else `andere`."""
    text = value.casefold()
    return next((name for name, pattern in FUNCTIONS.items() if re.search(pattern, text)), "andere")


NORMALISERS = {SECTOR: normalise_sector, NET: normalise_net, FUNCTION: normalise_function}


def rating_value(value: str) -> float | int | None:
    found = re.match(r"^\s*(\d{1,3}(?:[.,]\d+)?)", value)
    if not found:
        return None
    number = float(found.group(1).replace(",", "."))
    return int(number) if number.is_integer() else number


# --- the mapping ---------------------------------------------------------------------------------

def slug(header: str) -> str:
    """An attribute name from a header; a long one keeps its first and last words, where sub-questions differ."""
    words = [w for w in re.split(r"[^0-9a-zà-ÿ]+", header.casefold()) if w] or ["kolom"]
    if len("_".join(words)) <= 40:
        return "_".join(words)
    head: list[str] = []
    tail: list[str] = []
    for word in words:
        if len("_".join(head + [word])) > 20:
            break
        head.append(word)
    for word in reversed(words[len(head):]):
        if len("_".join([word] + tail)) > 19:
            break
        tail.insert(0, word)
    return "_".join(head + tail)[:40] or "_".join(words)[:40]


_NAMED_ATTRIBUTES = ((re.compile(r"onderwijsnet|^net$|\bnet\b", re.IGNORECASE), NET),
                     (re.compile(r"type onderwijs|onderwijstype|soort onderwijs|onderwijsvorm|\bsector\b",
                                 re.IGNORECASE), SECTOR),
                     (re.compile(r"functie|\bambt\b|\bjob\b|\brole?\b", re.IGNORECASE), FUNCTION),
                     (re.compile(r"ondersteuningsmodel", re.IGNORECASE), "ondersteuningsmodel"),
                     (re.compile(r"\bregio\b", re.IGNORECASE), "regio"))
_SELF_RATING = re.compile(r"handelingsbekwaam", re.IGNORECASE)
_START = re.compile(r"begin|start|aanvang|\bvoor\b|vroeger", re.IGNORECASE)
_SUB_QUESTION = re.compile(r"\[[^\]]+\]\s*$| - \S")
_CHOICE_SUFFIX = re.compile(r" - (selected choice|geselecteerde keuze)\s*$", re.IGNORECASE)
"""Qualtrics' label of the chosen option itself: not a sub-question ('Wat is je functie? - Selected Choice')."""
SAMPLE_ROWS = 1000
"""Rows a proposal looks at per column (the first ones)."""


def _name(header: str, role: str, taken: set[str]) -> str:
    """A distinct attribute or rating name: a known one (onderwijsnet, functie, ...) once, else from the header."""
    wanted = None
    if role == "rating" and _SELF_RATING.search(header):
        wanted = "handelingsbekwaamheid_start" if _START.search(header) else "handelingsbekwaamheid_nu"
    elif role == "attribute" and not _SUB_QUESTION.search(_CHOICE_SUFFIX.sub("", header)):
        wanted = next((name for pattern, name in _NAMED_ATTRIBUTES if pattern.search(header)), None)
    name = wanted if wanted and wanted not in taken else slug(header)
    candidate, k = name, 2
    while candidate in taken:
        candidate, k = f"{name}_{k}", k + 1
    taken.add(candidate)
    return candidate


_REPEAT = re.compile(r" \(\d+\)$")


def guess_columns(headers: list[str], sample_rows: list[list[str]]) -> list[ColumnGuess]:
    """A role per column (see survey_roles), attribute names distinct, at most one id column."""
    guesses = []
    for n, header in enumerate(headers):
        guesses.append(guess(header, [row[n] for row in sample_rows[:SAMPLE_ROWS] if n < len(row)]))
    _same_question_twice(headers, guesses)
    ids = [g for g in guesses if g.role == "id"]
    for extra in ids[1:]:
        extra.role, extra.sure, extra.reason = "attribute", False, "tweede kolom die een nummer lijkt"
    taken: set[str] = set()
    for header, found in zip(headers, guesses):
        if found.role in ("attribute", "rating"):
            found.name = _name(header, found.role, taken)
    return guesses


def _same_question_twice(headers: list[str], guesses: list[ColumnGuess]) -> None:
    """Columns under one question title ('Welke term…', 'Welke term… (2)', as quiz forms write a repeated
    multiple-choice question) whose short values made each unsure: choices, so attributes (named apart)."""
    groups: dict[str, list[ColumnGuess]] = {}
    for header, found in zip(headers, guesses):
        groups.setdefault(_REPEAT.sub("", header), []).append(found)
    for group in groups.values():
        if len(group) >= 2 and all(g.role == "attribute" and not g.sure for g in group):
            for found in group:
                found.sure, found.reason = True, "dezelfde vraag meermaals: korte keuzes"


def mapping_of(headers: list[str], guesses: list[ColumnGuess]) -> Mapping:
    columns: dict[str, Any] = {}
    for header, found in zip(headers, guesses):
        columns[header] = {"role": found.role, **({"name": found.name} if found.name else {})}
    return {"columns": columns}


def propose_mapping(headers: list[str], sample_rows: list[list[str]]) -> Mapping:
    """A sensible mapping from header names and the columns' content (check it before relying on it)."""
    return mapping_of(headers, guess_columns(headers, sample_rows))


def _text(value: Any) -> bool:
    """A value YAML gives for a name: text, or a number written without quotes."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _check_options(mapping: dict[Any, Any]) -> None:
    """The optional settings beside `columns`, each of the type it must have."""
    if mapping.get("sheet") is not None and not _text(mapping["sheet"]):
        raise ProjectError("importers.mailbox.mailbox_mapping_sheet_name", sheet=mapping['sheet'])
    if mapping.get("delimiter") is not None and mapping["delimiter"] not in DELIMITERS:
        raise ProjectError("importers.mailbox.mailbox_mapping_delimiter_must", delimiters=DELIMITERS,
                           delimiter=mapping['delimiter'])
    empty = mapping.get("empty_answers", [])
    if not isinstance(empty, list) or not all(_text(answer) for answer in empty):
        raise ProjectError("importers.mailbox.mailbox_mapping_empty_answers", empty=empty)


def check_mapping(mapping: Any) -> Mapping:
    """The mapping in its full form ({role: ...} per column), or a ProjectError saying what is wrong."""
    if not isinstance(mapping, dict) or not isinstance(mapping.get("columns"), dict):
        raise ProjectError("importers.mailbox.mailbox_mapping_needs_columns")
    _check_options(mapping)
    columns = {}
    for header, spec in mapping["columns"].items():
        if not (spec is None or isinstance(spec, (str, dict))):
            raise ProjectError("importers.mailbox.column_give_role_e", header=header, spec=spec)
        spec = {"role": spec} if isinstance(spec, str) else dict(spec or {})
        if spec.get("role") not in ROLES:
            raise ProjectError("importers.mailbox.column_role_must_one", header=header,
                               roles=', '.join(ROLES), get=spec.get('role'))
        if spec.get("name") is not None and not _text(spec["name"]):
            raise ProjectError("importers.mailbox.column_name_must_text", header=header, name=spec['name'])
        if not isinstance(spec.get("drop", False), bool):
            raise ProjectError("importers.mailbox.column_drop_must_true", header=header, drop=spec['drop'])
        if spec["role"] in ("attribute", "rating"):
            spec["name"] = str(spec.get("name") or slug(str(header)))
        columns[str(header)] = spec
    if sum(spec["role"] == "id" for spec in columns.values()) > 1:
        raise ProjectError("importers.mailbox.mailbox_mapping_can_only")
    named: dict[str, str] = {}
    for header, spec in columns.items():
        if spec["role"] in ("attribute", "rating"):
            if spec["name"] in named:
                raise ProjectError("importers.mailbox.columns_both_give_give", named=named[spec['name']],
                                   header=header, name=spec['name'])
            named[spec["name"]] = header
    sheet = {"sheet": str(mapping["sheet"])} if mapping.get("sheet") is not None else {}
    return {**mapping, **sheet, "columns": columns}


def read_mapping(path: str | Path) -> Mapping:
    """A mailbox mapping from a YAML file, read within the YAML limits (see docs/limits.md)."""
    return check_mapping(yaml_input.read_file(path, "a mailbox mapping"))


def mapping_yaml(mapping: Mapping) -> str:
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, width=120)


# --- building the document -----------------------------------------------------------------------

def build(document_name: str, headers: list[str], rows: list[list[str]], mapping: Mapping) -> Parsed:
    """The mailbox document: answers as units, respondents as cases (see module doc)."""
    mapping = check_mapping(mapping)
    position = {header: n for n, header in enumerate(headers)}  # a dict: 20,000 columns stay linear
    missing = [h for h in mapping["columns"] if h not in position]
    if missing:
        raise ProjectError("importers.mailbox.column_mapping_file_columns", missing=missing[0],
                           headers=', '.join(headers))
    index = {header: position[header] for header in mapping["columns"]}
    by_role: dict[str, list[tuple[str, dict[str, Any]]]] = {role: [] for role in ROLES}
    for header, spec in mapping["columns"].items():
        by_role[spec["role"]].append((header, spec))
    questions = sorted(by_role["question"], key=lambda item: index[item[0]])
    empty = {str(a).strip().casefold() for a in mapping.get("empty_answers", EMPTY_ANSWERS)}
    id_column = by_role["id"][0][0] if by_role["id"] else None
    parsed = Parsed(document_name)
    width = len(str(len(rows)))
    for number, row in enumerate(rows, start=1):
        respondent = row[index[id_column]].strip() if id_column else ""
        if "@" in respondent:
            raise ProjectError("importers.mailbox.id_column_holds_e", id_column=id_column)
        respondent = respondent or f"R{number:0{width}d}"
        if respondent.casefold() in parsed.cases:
            raise ProjectError("importers.mailbox.respondent_id_occurs_twice", respondent=respondent,
                               number=number)
        case = Case(label=respondent, attributes=_attributes(row, index, by_role),
                    sealed={header: value for header, spec in by_role["identity"]
                            if not spec.get("drop") and (value := row[index[header]].strip())
                            and value.casefold() not in PLACEHOLDERS})
        parsed.cases[respondent.casefold()] = case
        for header, _ in questions:
            answer = row[index[header]].strip()
            if not answer:
                continue
            if "\n" in answer:  # a blank line inside an answer would look like the next answer
                answer = re.sub(r"\n\s*\n+", "\n", answer)
            start = parsed.add_paragraph(answer)
            parsed.segments.append(Segment("answer", start, start + len(answer), case=respondent.casefold(),
                                           question=header, is_data=answer.casefold() not in empty))
    return parsed


def _attributes(row: list[str], index: dict[str, int], by_role: dict[str, list]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for header, spec in by_role["attribute"]:
        raw = " ".join(row[index[header]].split())
        if not raw:
            continue
        normalise = NORMALISERS.get(spec["name"])
        if normalise is None:
            out[spec["name"]] = raw
            continue
        normal = normalise(raw)
        if normal is not None:
            out[spec["name"]] = normal
        if normal != raw:
            out[f"{spec['name']}_ruw"] = raw
    for header, spec in by_role["rating"]:
        number = rating_value(row[index[header]])
        if number is not None:
            out[spec["name"]] = number
    return out

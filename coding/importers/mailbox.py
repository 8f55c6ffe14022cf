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
    empty_answers: ["/", "nvt", "geen"]    # optional: answers that mean "no answer" (no unit)
    delimiter: ";"                         # optional: else sniffed among , ; and tab

Columns the mapping does not name are not imported. Attribute values with known meanings
(onderwijsnet, sector, functie) are normalised; a raw value that differs is kept as `<name>_ruw`.
The document text is the answers joined by a blank line, row by row, column by column: no
headers and no identities in it. Every respondent is a case, also one who answered nothing.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from coding.store.model import FUNCTION, NET, SECTOR
from coding.store.project import ProjectError
from coding.files import yaml_input
from coding.files.limits import MAX_ROWS
from coding.files.package import open_package
from coding.importers.parsed import Case, Parsed, Segment
from coding.importers.text import decode

ROLES = ("id", "attribute", "question", "rating", "identity", "ignore")
DELIMITERS = (",", ";", "\t")
EMPTY_ANSWERS = ("/", "-", "nvt", "n.v.t.", "n.v.t")
"""Answers that mean "no answer" when the mapping does not list its own `empty_answers`."""

Mapping = dict[str, Any]


# --- reading ---------------------------------------------------------------------------------

def _unique(headers: list[str]) -> list[str]:
    """Header texts made unique and non-empty, so a column can be named in a mapping."""
    out: list[str] = []
    for n, header in enumerate(headers, start=1):
        header = " ".join(str(header or "").split()) or f"kolom {n}"
        candidate, k = header, 2
        while candidate in out:
            candidate, k = f"{header} ({k})", k + 1
        out.append(candidate)
    return out


def _delimiter(text: str) -> str:
    """The delimiter (, ; or tab) that occurs most often outside quotes in the header record."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text.lstrip():
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda d: counts[d])  # ties: the earlier, "," first


def _table(rows: Any, name: str, typed_cells: bool) -> tuple[list[str], list[list[str]]]:
    """Header and rows as text; `typed_cells` for Excel (numbers, dates, raw line endings)."""
    headers: list[str] | None = None
    out: list[list[str]] = []
    for row in rows:
        cells = ["" if value is None else _cell(value) for value in row] if typed_cells else row
        if not any(cell.strip() for cell in cells):
            continue
        if headers is None:
            headers = _unique(cells)
            continue
        if len(out) >= MAX_ROWS:
            raise ProjectError(f"{name} has more than {MAX_ROWS} rows (limit); split the file")
        out.append((cells + [""] * len(headers))[:len(headers)])
    if headers is None:
        raise ProjectError(f"{name}: file is empty")
    if not out:
        raise ProjectError(f"{name} has a header row but no respondents")
    return headers, out


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def read_table(path: str | Path, data: bytes | None = None, sheet: str | None = None,
               delimiter: str | None = None) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) of a .csv or .xlsx export; all cells as text."""
    path = Path(path)
    data = path.read_bytes() if data is None else data
    if not data:
        raise ProjectError(f"{path.name}: file is empty")
    if path.suffix.lower() == ".xlsx":
        open_package(data, path.name, "Excel", "xl/workbook.xml")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on damaged files
            raise ProjectError(f"{path.name} is not a readable Excel file ({error})") from error
        try:
            if sheet is not None and sheet not in book.sheetnames:
                raise ProjectError(f"{path.name} has no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
            worksheet = book[sheet] if sheet is not None else book.worksheets[0]
            return _table(worksheet.iter_rows(values_only=True), path.name, typed_cells=True)
        finally:
            book.close()
    text = decode(data, path.name)
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 2**20))
    try:
        return _table(csv.reader(io.StringIO(text), delimiter=delimiter or _delimiter(text)), path.name,
                      typed_cells=False)
    except csv.Error as error:
        raise ProjectError(f"{path.name} is not a readable CSV file ({error})") from error


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
    if re.search(r"ovsg|officieel|stedelijk|gemeentelijk|provinciaal|\bpov\b", text):
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


def _rating(value: str) -> float | int | None:
    found = re.match(r"^\s*(\d{1,3}(?:[.,]\d+)?)", value)
    if not found:
        return None
    number = float(found.group(1).replace(",", "."))
    return int(number) if number.is_integer() else number


# --- the mapping ---------------------------------------------------------------------------------

def slug(header: str) -> str:
    return re.sub(r"[^0-9a-zà-ÿ]+", "_", header.casefold()).strip("_")[:40] or "kolom"


_IGNORE = re.compile(r"tijdstempel|timestamp|start ?time|completion ?time|begintijd|eindtijd|starttijd|"
                     r"voltooiingstijd|tijd van voltooiing|laatst gewijzigd|last modified|ingediend|submitted|"
                     r"\bip\b|ip-adres|ip address", re.IGNORECASE)
_IDENTITY = re.compile(r"\bnaam\b|\bname\b|voornaam|achternaam|familienaam|e-?mail|\bschool(naam)?\b|"
                       r"naam van|stamboek|telefoon|\bgsm\b|phone|\badres\b|address", re.IGNORECASE)
_ID = re.compile(r"^(id|respondent|respondent ?id|respondent ?nr|response ?id|respondentnummer|"
                 r"antwoord ?id|nummer|nr\.?|#)$", re.IGNORECASE)
_NAMED_ATTRIBUTES = ((re.compile(r"onderwijsnet|^net$|\bnet\b", re.IGNORECASE), NET),
                     (re.compile(r"type onderwijs|onderwijstype|soort onderwijs|onderwijsvorm|\bsector\b",
                                 re.IGNORECASE), SECTOR),
                     (re.compile(r"functie|\bambt\b|\bjob\b|\brole?\b", re.IGNORECASE), FUNCTION),
                     (re.compile(r"ondersteuningsmodel", re.IGNORECASE), "ondersteuningsmodel"),
                     (re.compile(r"\bregio\b", re.IGNORECASE), "regio"))
_SELF_RATING = re.compile(r"handelingsbekwaam", re.IGNORECASE)
_START = re.compile(r"begin|start|aanvang|\bvoor\b|vroeger", re.IGNORECASE)


def _propose_one(header: str, values: list[str]) -> dict[str, Any]:
    filled = [v.strip() for v in values if v.strip()]
    if _IGNORE.search(header):
        return {"role": "ignore"}
    if _IDENTITY.search(header):
        return {"role": "identity"}
    if _ID.match(header.strip()):
        return {"role": "id"}
    numbers = [n for n, v in zip(map(_rating, filled), filled) if n is not None and len(v) <= 5]
    # a 0-10 scale, allowing some "weet niet" among the numbers
    is_scale = bool(numbers) and len(numbers) >= 0.5 * len(filled) and all(0 <= n <= 10 for n in numbers)
    if _SELF_RATING.search(header) and is_scale:
        return {"role": "rating",
                "name": "handelingsbekwaamheid_start" if _START.search(header) else "handelingsbekwaamheid_nu"}
    for pattern, name in _NAMED_ATTRIBUTES:
        if pattern.search(header):
            return {"role": "attribute", "name": name}
    if is_scale:
        return {"role": "rating", "name": slug(header)}
    mean = sum(map(len, filled)) / len(filled) if filled else 0
    if header.rstrip().endswith("?") or mean > 40 or any(len(v) > 80 for v in filled):
        return {"role": "question"}
    if filled and len(set(filled)) <= max(12, len(filled) // 2):
        return {"role": "attribute", "name": slug(header)}
    return {"role": "question"} if filled else {"role": "ignore"}


def propose_mapping(headers: list[str], sample_rows: list[list[str]]) -> Mapping:
    """A sensible mapping from header names and a sample of rows (check it before relying on it)."""
    columns = {}
    for n, header in enumerate(headers):
        columns[header] = _propose_one(header, [row[n] for row in sample_rows if n < len(row)])
    ids = [h for h, m in columns.items() if m["role"] == "id"]
    for extra in ids[1:]:
        columns[extra] = {"role": "attribute", "name": slug(extra)}
    return {"columns": columns}


def _text(value: Any) -> bool:
    """A value YAML gives for a name: text, or a number written without quotes."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _check_options(mapping: dict[Any, Any]) -> None:
    """The optional settings beside `columns`, each of the type it must have."""
    if mapping.get("sheet") is not None and not _text(mapping["sheet"]):
        raise ProjectError(f"a mailbox mapping's 'sheet' is the name of a sheet, not {mapping['sheet']!r}")
    if mapping.get("delimiter") is not None and mapping["delimiter"] not in DELIMITERS:
        raise ProjectError(f"a mailbox mapping's 'delimiter' must be one of {DELIMITERS!r}, "
                           f"not {mapping['delimiter']!r}")
    empty = mapping.get("empty_answers", [])
    if not isinstance(empty, list) or not all(_text(answer) for answer in empty):
        raise ProjectError(f"a mailbox mapping's 'empty_answers' is a list of answers, not {empty!r}")


def check_mapping(mapping: Any) -> Mapping:
    """The mapping in its full form ({role: ...} per column), or a ProjectError saying what is wrong."""
    if not isinstance(mapping, dict) or not isinstance(mapping.get("columns"), dict):
        raise ProjectError("a mailbox mapping needs 'columns:' with one entry per column")
    _check_options(mapping)
    columns = {}
    for header, spec in mapping["columns"].items():
        if not (spec is None or isinstance(spec, (str, dict))):
            raise ProjectError(f"column {header!r}: give a role (e.g. question) or {{role: ..., name: ...}}, "
                               f"not {spec!r}")
        spec = {"role": spec} if isinstance(spec, str) else dict(spec or {})
        if spec.get("role") not in ROLES:
            raise ProjectError(f"column {header!r}: role must be one of {', '.join(ROLES)}, not {spec.get('role')!r}")
        if spec.get("name") is not None and not _text(spec["name"]):
            raise ProjectError(f"column {header!r}: name must be text, not {spec['name']!r}")
        if not isinstance(spec.get("drop", False), bool):
            raise ProjectError(f"column {header!r}: drop must be true or false, not {spec['drop']!r}")
        if spec["role"] in ("attribute", "rating"):
            spec["name"] = str(spec.get("name") or slug(str(header)))
        columns[str(header)] = spec
    if sum(spec["role"] == "id" for spec in columns.values()) > 1:
        raise ProjectError("a mailbox mapping can have only one id column")
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
    missing = [h for h in mapping["columns"] if h not in headers]
    if missing:
        raise ProjectError(f"column {missing[0]!r} of the mapping is not in the file "
                           f"(columns: {', '.join(headers)})")
    index = {header: headers.index(header) for header in mapping["columns"]}
    by_role: dict[str, list[tuple[str, dict[str, Any]]]] = {role: [] for role in ROLES}
    for header, spec in mapping["columns"].items():
        by_role[spec["role"]].append((header, spec))
    questions = sorted(by_role["question"], key=lambda item: index[item[0]])
    empty = {str(a).strip().casefold() for a in mapping.get("empty_answers", EMPTY_ANSWERS)} | {""}
    id_column = by_role["id"][0][0] if by_role["id"] else None
    parsed = Parsed(document_name)
    width = len(str(len(rows)))
    for number, row in enumerate(rows, start=1):
        respondent = row[index[id_column]].strip() if id_column else ""
        if "@" in respondent:
            raise ProjectError(f"the id column {id_column!r} holds e-mail addresses; map it as identity")
        respondent = respondent or f"R{number:0{width}d}"
        if respondent.casefold() in parsed.cases:
            raise ProjectError(f"respondent id {respondent!r} occurs twice (row {number})")
        case = Case(label=respondent, attributes=_attributes(row, index, by_role),
                    sealed={header: row[index[header]].strip() for header, spec in by_role["identity"]
                            if not spec.get("drop") and row[index[header]].strip()})
        parsed.cases[respondent.casefold()] = case
        for header, _ in questions:
            answer = row[index[header]].strip()
            if "\n" in answer:  # a blank line inside an answer would look like the next answer
                answer = re.sub(r"\n\s*\n+", "\n", answer)
            if answer.casefold() not in empty:
                start = parsed.add_paragraph(answer)
                parsed.segments.append(Segment("answer", start, start + len(answer), case=respondent.casefold(),
                                               question=header))
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
        number = _rating(row[index[header]])
        if number is not None:
            out[spec["name"]] = number
    return out

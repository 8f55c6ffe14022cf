"""Typed attributes of documents and cases (datum, regio, sector, rol, handelingsbekwaamheid ...).

Values are stored as text with a type (`number`, `date`, `text`) so analyses can sort and band
them. The type is guessed from the value unless given: Flemish spellings are understood
("7,5" is the number 7.5, "12/05/2016" the date 2016-05-12) and stored in one canonical form.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from coding.store.project import Project, ProjectError

TYPES = ("text", "number", "date", "boolean")
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _date(text: str) -> str | None:
    found = _ISO_DATE.match(text)
    parts = (found.group(1), found.group(2), found.group(3)) if found else None
    found = _DAY_FIRST.match(text)
    if found:
        parts = (found.group(3), found.group(2), found.group(1))
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


def _number(text: str) -> str | None:
    if not _NUMBER.match(text):
        return None
    value = float(text.replace(",", "."))
    return str(int(value)) if value.is_integer() and "." not in text and "," not in text else str(value)


@lru_cache(maxsize=8192, typed=True)  # imports type the same few values (GeO, BuO, 7 ...) thousands of times
def typed(value: Any, type: str | None = None) -> tuple[str | None, str]:
    """(canonical text, type) of a value; with `type` given the value must fit it."""
    if value is None:
        return None, type or "text"
    if isinstance(value, bool):
        return ("true" if value else "false"), "boolean"
    if isinstance(value, date):
        return value.isoformat()[:10], "date"
    text = str(value).strip()
    if type not in (None, *TYPES):
        raise ProjectError("codings.attributes.attribute_type_must_one", types=', '.join(TYPES), type=type)
    if type in (None, "number"):
        number = _number(text)
        if number is not None:
            return number, "number"
    if type in (None, "date"):
        day = _date(text)
        if day is not None:
            return day, "date"
    if type in ("number", "date"):
        raise ProjectError("codings.attributes.error", text=text, type=type)
    if type == "boolean":
        if text.lower() not in ("true", "false", "ja", "nee", "1", "0"):
            raise ProjectError("codings.attributes.true_false", text=text)
        return ("true" if text.lower() in ("true", "ja", "1") else "false"), "boolean"
    return text, "text"


def _set(project: Project, actor: str, table: str, key: str, owner: int, name: str, value: Any,
         type: str | None) -> None:
    owner_table = "documents" if table == "document_attributes" else "cases"
    name = name.strip()
    if not name:
        raise ProjectError("codings.attributes.attribute_needs_name")
    text, kind = typed(value, type)
    with project.write(actor, "set attribute", {owner_table: owner, "name": name, "value": text}) as tx:
        if tx.get(owner_table, owner) is None:
            raise ProjectError("codings.attributes.does_exist", owner_table=owner_table[:-1], owner=owner)
        pk = [owner, name]
        if text is None:
            tx.delete(table, pk)
        elif tx.get(table, pk) is None:
            tx.insert(table, {key: owner, "name": name, "value": text, "type": kind})
        else:
            tx.update(table, pk, value=text, type=kind)


def set_document_attribute(project: Project, actor: str, document_id: int, name: str, value: Any,
                           type: str | None = None) -> None:
    """Set (or with value None remove) one attribute of a document; one logged, undoable write."""
    _set(project, actor, "document_attributes", "document_id", document_id, name, value, type)


def set_case_attribute(project: Project, actor: str, case_id: int, name: str, value: Any,
                       type: str | None = None) -> None:
    """Set (or with value None remove) one attribute of a case; one logged, undoable write."""
    _set(project, actor, "case_attributes", "case_id", case_id, name, value, type)


def stored_value(value: str | None, kind: str) -> Any:
    """A stored attribute value as Python: a number as a number (an int unless written with a point)."""
    if kind != "number" or value is None:
        return value
    number = float(value)
    return int(number) if number.is_integer() and "." not in value else number


def _get(db: Any, sql: str, owner: int) -> dict[str, Any]:
    return {name: stored_value(value, kind) for name, value, kind in db.execute(sql, [owner]).fetchall()}


def document_attributes(db: Any, document_id: int) -> dict[str, Any]:
    """A document's attributes, numbers as numbers."""
    return _get(db, "SELECT name, value, type FROM document_attributes WHERE document_id = ? ORDER BY name",
                document_id)


def case_attributes(db: Any, case_id: int) -> dict[str, Any]:
    """A case's attributes, numbers as numbers (sealed identities are not attributes)."""
    return _get(db, "SELECT name, value, type FROM case_attributes WHERE case_id = ? ORDER BY name", case_id)

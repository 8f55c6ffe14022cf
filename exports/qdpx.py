"""The whole project as a REFI-QDA project (.qdpx): a zip of project.qde and sources/<guid>.txt.

What goes in (schema Project-mrt2019.xsd, namespace urn:QDA-XML:project:1.0): users (the coders),
the codebooks (each a non-codable top code carrying the codebook's metadata, its codes under it,
guids stable as in the .qdc export), variables (attribute names), cases with their values, text
sources as plain UTF-8 files with one PlainTextSelection per coding, and memos as notes.
Valence and rating are facets, not codes, in Werkbank; other tools only know codes, so each
selection also carries a coding with "Valentie > sterkte|groeikans|neutraal" and, when rated,
"Beoordeling > <scale value>" (non-codable parents), which the import reads back as facets.
Werkbank-only details (unit spans, case labels, the report flag) ride in processing instructions.
A coding in a transcript is named after when it was said ("00:14:05–00:14:31"); its milliseconds ride
in its instruction, and the source's instruction carries the cue times (offsets into the exported text).
Texts are anonymised (coding.privacy.anonymise) and every offset follows the replaced text.
Sealed identities are never read.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from coding.codings.times import clock_range, cue_times
from coding.privacy.anonymise import anonymiser
from coding.codebooks.operations import read_codebook
from coding.codebooks.format import GUID_NAMESPACE, code_guid
from coding.codebooks.qdc import BOOK_PI, pi_json
from coding.store.model import VALENCES
from coding.errors import say
from coding.store.project import Project, ProjectError, now

from .atomic import replacing
from .refi_codebook import code_element

NAMESPACE = "urn:QDA-XML:project:1.0"
FACET_PI = "werkbank-facet"
SOURCE_PI = "werkbank-source"
CASE_PI = "werkbank-case"
SELECTION_PI = "werkbank-coding"
NOTE_PI = "werkbank-note"
VALENCE_PARENT, RATING_PARENT = "Valentie", "Beoordeling"
VARIABLE_TYPES = {"text": "Text", "number": "Float", "date": "Date", "boolean": "Boolean"}
VALUE_TAGS = {"Text": "TextValue", "Float": "FloatValue", "Date": "DateValue", "Boolean": "BooleanValue"}


def guid(kind: str, key: Any) -> str:
    """A stable guid for a project object: the same object gets the same guid in every export."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{key}"))


def _stamp(value: str | None) -> str:
    """An xsd:dateTime from our ISO timestamps."""
    return (value or now()).replace("+00:00", "Z")


def _sub(parent: ET.Element, tag: str, attributes: dict[str, Any] | None = None, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in (attributes or {}).items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _pi(parent: ET.Element, target: str, data: dict[str, Any]) -> None:
    parent.append(ET.PI(target, pi_json(data)))


def _facet_codes(root: ET.Element, db: Any) -> tuple[dict[str, str], dict[str, str]]:
    """The Valentie and Beoordeling trees; returns guid per valence and per rating value."""
    valence = _sub(root, "Code", {"guid": guid("facet", VALENCE_PARENT), "name": VALENCE_PARENT, "isCodable": "false"})
    _pi(valence, FACET_PI, {"facet": "valence"})
    valences = {v: guid("valence", v) for v in VALENCES}
    for value, value_guid in valences.items():
        _sub(valence, "Code", {"guid": value_guid, "name": value, "isCodable": "true"})
    scale: list[str] = []
    for (text,) in db.execute("SELECT rating_scale FROM codebooks WHERE rating_scale IS NOT NULL ORDER BY id"):
        scale += [v for v in json.loads(text) if v not in scale]
    scale += [r for (r,) in db.execute("SELECT DISTINCT rating FROM codings WHERE rating IS NOT NULL") if r not in scale]
    ratings = {r: guid("rating", r) for r in scale}
    if ratings:
        rating = _sub(root, "Code", {"guid": guid("facet", RATING_PARENT), "name": RATING_PARENT,
                                     "isCodable": "false"})
        _pi(rating, FACET_PI, {"facet": "rating"})
        for value, value_guid in ratings.items():
            _sub(rating, "Code", {"guid": value_guid, "name": value, "isCodable": "true"})
    return valences, ratings


def project_xml(project: Project) -> tuple[str, dict[str, str], dict[str, int]]:
    """(project.qde text, {sources/<guid>.txt: text}, counts)."""
    db = project.db
    hide = anonymiser(project)
    root = ET.Element("Project", {"xmlns": NAMESPACE, "name": hide.apply(project.path.stem), "origin": "Werkbank",
                                  "creationDateTime": _stamp(project.meta("created_at"))})
    users = sorted({r[0] for r in db.execute("SELECT coder FROM codings UNION SELECT author FROM memos")})
    if users:
        holder = _sub(root, "Users")
        for user in users:
            _sub(holder, "User", {"guid": guid("user", user), "name": user})

    code_guids: dict[int, str] = {}
    codes_holder = ET.Element("Codes")
    for (codebook_id,) in db.execute("SELECT id FROM codebooks ORDER BY imported_at, id").fetchall():
        book = read_codebook(db, codebook_id, include_inactive=False)
        if not book.codes:
            continue
        top = _sub(codes_holder, "Code", {"guid": guid("codebook", book.id), "name": hide.apply(book.title),
                                          "isCodable": "false"})
        meta = {"id": book.id, "title": book.title, "version": book.version, "description": book.description,
                "rating_scale": book.rating_scale, "source": book.source}
        _pi(top, BOOK_PI, {k: v for k, v in meta.items() if v})
        for code in book.children(None):
            top.append(code_element(book, code))
        ids = dict(db.execute("SELECT key, id FROM codes WHERE codebook_id = ?", [book.id]).fetchall())
        for code in book.codes:
            code_guids[ids[code.key]] = code.guid or code_guid(book.id, code.key)
    valence_guids, rating_guids = _facet_codes(codes_holder, db)
    _sub(root, "CodeBook").append(codes_holder)

    attributes = db.execute("""SELECT name, min(type) FROM (SELECT name, type FROM case_attributes
                               UNION ALL SELECT name, type FROM document_attributes) GROUP BY name ORDER BY name""").fetchall()
    types = {name: VARIABLE_TYPES.get(kind, "Text") for name, kind in attributes}
    if types:
        holder = _sub(root, "Variables")
        for name, kind in types.items():
            _sub(holder, "Variable", {"guid": guid("variable", name), "name": name, "typeOfVariable": kind})

    def values(parent: ET.Element, rows: list[tuple[str, Any]]) -> None:
        for name, value in rows:
            if value is None:
                continue
            holder = _sub(parent, "VariableValue")
            _sub(holder, "VariableRef", {"targetGUID": guid("variable", name)})
            kind = types[name]
            text = hide.apply(str(value)) if kind == "Text" else str(value).lower() if kind == "Boolean" else str(value)
            _sub(holder, VALUE_TAGS[kind], text=text)

    documents = db.execute("SELECT id, name, kind, text, imported_at FROM documents ORDER BY id").fetchall()
    doc_guids = {row[0]: guid("document", f"{row[0]}:{row[1]}") for row in documents}
    cases = db.execute("SELECT id, name, label, document_id, is_data FROM cases ORDER BY id").fetchall()
    case_guids = {row[0]: guid("case", row[1]) for row in cases}
    if cases:
        holder = _sub(root, "Cases")
        for case_id, name, label, document_id, is_data in cases:
            element = _sub(holder, "Case", {"guid": case_guids[case_id], "name": hide.apply(name)})
            _pi(element, CASE_PI, {"label": hide.apply(label), "is_data": bool(is_data)})
            values(element, db.execute("SELECT name, value FROM case_attributes WHERE case_id = ? ORDER BY name",
                                       [case_id]).fetchall())
            if document_id in doc_guids:
                _sub(element, "SourceRef", {"targetGUID": doc_guids[document_id]})

    notes: list[tuple[str, dict[str, Any], str]] = []   # (guid, pi, text)
    files: dict[str, str] = {}
    count = 0
    sources = _sub(root, "Sources")
    for doc_id, name, kind, text, imported_at in documents:
        mapped = hide.mapped(text, doc_id)
        source_guid = doc_guids[doc_id]
        element = _sub(sources, "TextSource", {"guid": source_guid, "name": hide.apply(name),
                                               "plainTextPath": f"internal://{source_guid}.txt",
                                               "creationDateTime": _stamp(imported_at)})
        files[f"sources/{source_guid}.txt"] = mapped.text
        units = [[k, mapped.offset(s), mapped.offset(e, end=True), case_guids.get(c), bool(d), q]
                 for k, s, e, c, d, q in db.execute(
                     """SELECT kind, start, end, case_id, is_data, question FROM units
                        WHERE document_id = ? AND kind != 'sentence' ORDER BY start, id""", [doc_id])]
        times = cue_times(db, doc_id)
        cues = [[mapped.offset(s), mapped.offset(e, end=True), a, b] for s, e, a, b in times.rows]
        _pi(element, SOURCE_PI, {"kind": kind, "units": units, **({"cues": cues} if cues else {})})
        for coding_id, start, end, code_id, valence, rating, coder, memo, selected, created in db.execute(
                """SELECT id, start, end, code_id, valence, rating, coder, memo, selected, created_at FROM codings
                   WHERE document_id = ? ORDER BY start, end, id""", [doc_id]).fetchall():
            if code_id not in code_guids:
                continue  # a code deactivated since: not part of the exported codebook
            said = times.of(start, end)
            selection = _sub(element, "PlainTextSelection", {
                "guid": guid("selection", f"{doc_id}:{coding_id}"), "name": clock_range(said) or None,
                "startPosition": mapped.offset(start),
                "endPosition": mapped.offset(end, end=True), "creatingUser": guid("user", coder),
                "creationDateTime": _stamp(created)})
            details = {**({"selected": True} if selected else {}), **({"time_ms": list(said)} if said else {})}
            if details:
                _pi(selection, SELECTION_PI, details)
            for target in (code_guids[code_id], valence_guids[valence], rating_guids.get(rating)):
                if target:
                    coding = _sub(selection, "Coding", {"guid": guid("coding", f"{coding_id}:{target}"),
                                                        "creatingUser": guid("user", coder),
                                                        "creationDateTime": _stamp(created)})
                    _sub(coding, "CodeRef", {"targetGUID": target})
            if memo:
                note_guid = guid("note", f"coding:{coding_id}")
                notes.append((note_guid, {"target": "coding"}, hide.apply(memo)))
                _sub(selection, "NoteRef", {"targetGUID": note_guid})
            count += 1
        values(element, db.execute("SELECT name, value FROM document_attributes WHERE document_id = ? ORDER BY name",
                                   [doc_id]).fetchall())
    if not len(sources):
        root.remove(sources)

    targets = {"document": doc_guids, "case": case_guids, "code": code_guids}
    for memo_id, target_type, target_id, title, text, author in db.execute(
            "SELECT id, target_type, target_id, title, text, author FROM memos ORDER BY id").fetchall():
        target = targets.get(target_type, {}).get(target_id)
        notes.append((guid("note", f"memo:{memo_id}"), {"target": target_type, "targetGUID": target,
                                                         "title": hide.apply(title), "author": author},
                      hide.apply(text)))
    if notes:
        holder = _sub(root, "Notes")
        for note_guid, data, text in notes:
            note = _sub(holder, "Note", {"guid": note_guid, "name": data.get("title") or "memo"})
            _pi(note, NOTE_PI, {k: v for k, v in data.items() if v})
            _sub(note, "PlainTextContent", text=text)
    ET.indent(root)
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    return xml, files, {"documents": len(documents), "codings": count, "cases": len(cases)}


def write_qdpx(project: Project, path: str | Path) -> dict[str, Any]:
    """Write the .qdpx; returns {"path", "documents", "codings", "cases"}."""
    path = Path(path)
    if path.suffix.lower() != ".qdpx":
        raise ProjectError("exports.qdpx.suffix", suffix=path.suffix or say("exports.no_extension"))
    xml, files, counts = project_xml(project)
    with replacing(path) as partial, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("project.qde", xml)
        for name, text in files.items():
            package.writestr(name, text.encode("utf-8"))
    return {"path": path, **counts}

"""Import a REFI-QDA project (.qdpx) from NVivo, MAXQDA, ATLAS.ti, QualCoder or Werkbank.

Safety first: the zip is checked from its central directory before anything is unpacked (member
count, declared size, compression ratio: coding.files.package), every member path must stay
inside the package (no "..", no absolute paths), and project.qde is parsed with defusedxml, a
DTD or entity refused. Everything is read and checked BEFORE the one write transaction, so a bad
file (a missing source, a coding outside its text, an unknown code) imports nothing.

Text sources are read as UTF-8, line endings normalised to "\\n" with the REFI offsets (code
points) carried along. Codes under the facet parents "Valentie" and "Beoordeling" become the
valence and rating of the codings on the same selection; each other code applied to a selection
becomes one coding. A top code carrying Werkbank's codebook instruction is a codebook; other
tools' codes go into one codebook named after the file.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element

from coding.text import nlp
from coding.codings.attributes import typed
from coding.store.backup import before_risky
from coding.codebooks.operations import codebook_values, sync_codes
from coding.codebooks.format import CODEBOOK_ID, Codebook, code_guid, slug
from coding.codings.operations import insert_coding
from coding.store.model import KINDS, VALENCES
from coding.store.project import Project, ProjectError, now
from coding.importers import read_bytes
from coding.files.limits import MAX_QDE_BYTES, MAX_QDPX_CODINGS
from coding.files.package import open_package, read_part
from coding.importers.parsed import Segment, _unit_rows, check_new, check_size, fingerprint
from coding.codebooks.qdc import BOOK_PI, child_elements, codebook_from_codes, instruction, local_name, parse_xml

FACET_PI, SOURCE_PI, CASE_PI, SELECTION_PI, NOTE_PI = (
    "werkbank-facet", "werkbank-source", "werkbank-case", "werkbank-coding", "werkbank-note")
FACET_NAMES = {"valentie": "valence", "beoordeling": "rating"}
DEFAULT_KIND = "groepsgesprek"


def _safe_members(package: Any, name: str) -> None:
    for member in package.infolist():
        path = member.filename.replace("\\", "/")
        if path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in PurePosixPath(path).parts:
            raise ProjectError("importers.qdpx.member_points_outside_package", name=name,
                               filename=member.filename)


def _normalised(text: str) -> tuple[str, list[int]]:
    """Text with \\r\\n and \\r as \\n, and the original positions of the removed \\r's (to shift offsets)."""
    removed = [m.start() for m in re.finditer(r"\r(?=\n)", text)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), removed


def _shift(removed: list[int], position: int) -> int:
    return position - bisect.bisect_left(removed, position)


@dataclass
class _Source:
    guid: str
    name: str
    kind: str
    text: str
    units: list[list[Any]]
    attributes: dict[str, Any]
    codings: list[dict[str, Any]] = field(default_factory=list)


def _value(holder: Element, variables: dict[str, tuple[str, str]]) -> tuple[str, Any, str] | None:
    refs = child_elements(holder, "variableref")
    if not refs or refs[0].get("targetGUID") not in variables:
        return None
    name, kind = variables[refs[0].get("targetGUID")]
    for child in holder:
        tag = local_name(child.tag)
        if tag and tag.endswith("value") and tag != "variableref":
            return name, child.text, {"Integer": "number", "Float": "number", "Date": "date",
                                      "Boolean": "boolean"}.get(kind, "text")
    return None


def _codes(root: Element, name: str, stem: str) -> tuple[list[Codebook], dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Codebooks, code guid -> (codebook id, key), facet guid -> (facet, value)."""
    books = child_elements(root, "codebook")
    containers = child_elements(books[0], "codes") if books else []
    tops = child_elements(containers[0], "code") if containers else []
    codebooks: list[Codebook] = []
    facets: dict[str, tuple[str, str]] = {}
    foreign: list[Element] = []
    for top in tops:
        facet = instruction(top, FACET_PI).get("facet") or FACET_NAMES.get((top.get("name") or "").strip().lower())
        meta = instruction(top, BOOK_PI)
        if facet in ("valence", "rating"):
            for child in child_elements(top, "code"):
                value = (child.get("name") or "").strip()
                if facet == "valence" and value not in VALENCES:
                    raise ProjectError("importers.qdpx.valence_code_one", name=name, value=value,
                                       valences=', '.join(VALENCES))
                facets[child.get("guid", "")] = (facet, value)
        elif meta.get("id"):
            if not isinstance(meta["id"], str) or not CODEBOOK_ID.match(meta["id"]):
                raise ProjectError("importers.qdpx.codebook_id_lower_case", name=name, id=meta['id'])
            codebooks.append(codebook_from_codes(child_elements(top, "code"), meta["id"], meta, name))
        else:
            foreign.append(top)
    if foreign:
        codebooks.append(codebook_from_codes(foreign, slug(stem).replace(".", "-") or "refi", {"title": stem}, name))
    guids: dict[str, tuple[str, str]] = {}
    for book in codebooks:
        for code in book.codes:
            guids[code.guid or code_guid(book.id, code.key)] = (book.id, code.key)
    return codebooks, guids, facets


def _position(selection: Element, attribute: str, name: str, label: str) -> int:
    value = selection.get(attribute, "")
    if not re.fullmatch(r"\s*\d{1,12}\s*", value):
        raise ProjectError("importers.qdpx.coding_position_nothing_imported", name=name, label=label,
                           attribute=attribute, value=value)
    return int(value)


def _units(value: Any, name: str, label: str) -> list[list[Any]]:
    """Werkbank's own unit list of a source: [kind, start, end, case guid, is data, question] each."""
    def unit(u: Any) -> bool:
        return (isinstance(u, list) and len(u) == 6 and isinstance(u[0], str) and
                all(isinstance(x, int) and not isinstance(x, bool) for x in u[1:3]) and
                (u[3] is None or isinstance(u[3], str)) and (u[5] is None or isinstance(u[5], str)))
    if value is None:
        return []
    if not isinstance(value, list) or not all(unit(u) for u in value):
        raise ProjectError("importers.qdpx.units_source_malformed_nothing", name=name, label=label)
    return value


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _unique(names: list[str], what: str, name: str) -> None:
    seen: set[str] = set()
    for item in names:
        if item in seen:
            raise ProjectError("importers.qdpx.two_both_named_nothing", name=name, what=what, item=item)
        seen.add(item)


def read_qdpx(data: bytes, name: str) -> dict[str, Any]:
    """Everything in a .qdpx, checked, as plain data (nothing written).

    What a malformed file can still trip over in the reading (a value of the wrong type where the
    standard leaves it open) is one line too, never a traceback."""
    try:
        content = _read_qdpx(data, name)
    except ProjectError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        raise ProjectError("importers.qdpx.valid_refi_qda_project", name=name,
                           error_type=type(error).__name__, error=error) from None
    _unique([source.name for source in content["sources"]], "sources", name)
    _unique([case["name"] for case in content["cases"]], "cases", name)
    return content


def _read_qdpx(data: bytes, name: str) -> dict[str, Any]:
    package = open_package(data, name, "REFI-QDA project", "project.qde")
    _safe_members(package, name)
    declared = package.getinfo("project.qde").file_size
    if declared > MAX_QDE_BYTES:
        raise ProjectError("importers.qdpx.project_qde_mb_unpacked", name=name, declared=declared / 2 ** 20,
                           max_qde_bytes=MAX_QDE_BYTES / 2 ** 20)
    root = parse_xml(read_part(package, "project.qde", name), f"{name}: project.qde")
    if local_name(root.tag) != "project":
        raise ProjectError("importers.qdpx.project_qde_refi_qda", name=name, value=local_name(root.tag))
    members = {m.filename.replace("\\", "/") for m in package.infolist()}
    codebooks, code_guids, facets = _codes(root, name, Path(name).stem)
    variables = {v.get("guid", ""): (v.get("name", ""), v.get("typeOfVariable", "Text"))
                 for holder in child_elements(root, "variables") for v in child_elements(holder, "variable")}
    users = {u.get("guid", ""): u.get("name") or u.get("id") or "refi"
             for holder in child_elements(root, "users") for u in child_elements(holder, "user")}
    notes = {n.get("guid", ""): n for holder in child_elements(root, "notes") for n in child_elements(holder, "note")}

    def note_text(element: Element) -> list[str]:
        texts = []
        for ref in child_elements(element, "noteref"):
            note = notes.get(ref.get("targetGUID", ""))
            content = child_elements(note, "plaintextcontent") if note is not None else []
            if content and (content[0].text or "").strip():
                texts.append(content[0].text.strip())
        return texts

    sources: list[_Source] = []
    for holder in child_elements(root, "sources"):
        for element in child_elements(holder, "textsource"):
            label = element.get("name") or element.get("guid") or "bron"
            content = child_elements(element, "plaintextcontent")
            path = element.get("plainTextPath")
            if content:
                raw = content[0].text or ""
            elif path:
                member = path.removeprefix("internal://")
                member = member if "/" in member else f"sources/{member}"
                if member not in members:
                    raise ProjectError("importers.qdpx.source_names_which_package", name=name, label=label,
                                       path=path)
                try:
                    raw = read_part(package, member, name).decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise ProjectError("importers.qdpx.source_utf_text_nothing", name=name, label=label) from None
            else:
                raise ProjectError("importers.qdpx.source_text_nothing_imported", name=name, label=label)
            text, removed = _normalised(raw)
            if not text.strip():
                raise ProjectError("importers.qdpx.source_empty_nothing_imported", name=name, label=label)
            extras = instruction(element, SOURCE_PI)
            kind = extras.get("kind") if extras.get("kind") in KINDS else DEFAULT_KIND
            attributes = {}
            for value_holder in child_elements(element, "variablevalue"):
                found = _value(value_holder, variables)
                if found:
                    attributes[found[0]] = (found[1], found[2])
            source = _Source(element.get("guid", ""), label, kind, text, _units(extras.get("units"), name, label),
                             attributes)
            for selection in child_elements(element, "plaintextselection"):
                start = _shift(removed, _position(selection, "startPosition", name, label))
                end = _shift(removed, _position(selection, "endPosition", name, label))
                if not 0 <= start < end <= len(text):
                    raise ProjectError("importers.qdpx.coding_spans_outside_text", name=name, label=label,
                                       start=start, end=end, n_text=len(text))
                valence, rating, codes = "neutraal", None, []
                coder = users.get(selection.get("creatingUser", ""), "refi")
                for coding in child_elements(selection, "coding"):
                    refs = child_elements(coding, "coderef")
                    target = refs[0].get("targetGUID", "") if refs else ""
                    if target in facets:
                        facet, value = facets[target]
                        valence, rating = (value, rating) if facet == "valence" else (valence, value)
                    elif target in code_guids:
                        codes.append(code_guids[target])
                        coder = users.get(coding.get("creatingUser", ""), coder)
                    else:
                        raise ProjectError("importers.qdpx.coding_names_code_which", name=name, label=label,
                                           target=target)
                memo = "\n\n".join(note_text(selection)) or None
                selected = bool(instruction(selection, SELECTION_PI).get("selected"))
                for code in codes:
                    source.codings.append({"start": start, "end": end, "code": code, "valence": valence,
                                           "rating": rating, "coder": coder, "memo": memo, "selected": selected})
            sources.append(source)
    cases = []
    for holder in child_elements(root, "cases"):
        for element in child_elements(holder, "case"):
            extras = instruction(element, CASE_PI)
            refs = [r.get("targetGUID") for r in child_elements(element, "sourceref")]
            attributes = {}
            for value_holder in child_elements(element, "variablevalue"):
                found = _value(value_holder, variables)
                if found:
                    attributes[found[0]] = (found[1], found[2])
            cases.append({"guid": element.get("guid", ""), "name": element.get("name") or element.get("guid"),
                          "label": extras.get("label") or element.get("name") or "case",
                          "is_data": extras.get("is_data", True), "source": refs[0] if refs else None,
                          "attributes": attributes})
    memos = []
    for guid, note in notes.items():
        extras = instruction(note, NOTE_PI)
        content = child_elements(note, "plaintextcontent")
        if extras.get("target") == "coding" or not content or not (content[0].text or "").strip():
            continue
        memos.append({"target_type": _text_or_none(extras.get("target")) or "project",
                      "target": _text_or_none(extras.get("targetGUID")),
                      "title": _text_or_none(extras.get("title")) or note.get("name"), "text": content[0].text.strip(),
                      "author": _text_or_none(extras.get("author")) or "refi"})
    if not sources and not codebooks:
        raise ProjectError("importers.qdpx.holds_sources_codes_nothing", name=name)
    return {"codebooks": codebooks, "sources": sources, "cases": cases, "memos": memos}


def import_qdpx(project: Project, path: str | Path, actor: str) -> dict[str, int]:
    """Import a .qdpx in one transaction; returns counts of documents, codes and codings."""
    path = Path(path)
    data = read_bytes(path, (".qdpx",))
    content = read_qdpx(data, path.name)
    check_size(path.name, sum(len(source.text) for source in content["sources"]))
    codings = sum(len(source.codings) for source in content["sources"])
    if codings > MAX_QDPX_CODINGS:
        raise ProjectError("importers.qdpx.holds_codings_limit_export", name=path.name, codings=codings,
                           max_qdpx_codings=MAX_QDPX_CODINGS)
    db = project.db.conn
    for book in content["codebooks"]:
        if db.execute("SELECT 1 FROM codebooks WHERE id = ?", [book.id]).fetchone():
            raise ProjectError("importers.qdpx.codebook_already_project_import", id=book.id)
    for source in content["sources"]:
        check_new(db, source.name, fingerprint(source.text), False)
    case_keys = {case["guid"]: case for case in content["cases"]}
    segments: dict[str, list[Segment]] = {}
    for source in content["sources"]:
        if source.units:
            segments[source.guid] = [Segment(k, s, e, case=c if c in case_keys else None, question=q, is_data=bool(d))
                                     for k, s, e, c, d, q in source.units if 0 <= s <= e <= len(source.text)]
        else:  # another tool: a paragraph unit per non-empty line
            segments[source.guid] = [Segment("paragraph", m.start(), m.end())
                                     for m in re.finditer(r"[^\n]+", source.text) if m.group().strip()]
    spoken = [(source, segment) for source in content["sources"] for segment in segments[source.guid]
              if segment.kind != "heading"]
    found = nlp.sentences([source.text[s.start:s.end] for source, s in spoken])
    sentences_of = {id(segment): result for (_, segment), result in zip(spoken, found)}
    undo_spec: dict[str, Any] = {"documents": []}
    counts = {"documents": 0, "codes": 0, "codings": 0}
    before_risky(project, "qdpx-import")
    try:
        return _write(project, path, actor, content, segments, sentences_of, undo_spec, counts)
    except sqlite3.IntegrityError as error:
        raise ProjectError("importers.qdpx.does_fit_project_nothing", name=path.name, error=error) from None


def _write(project: Project, path: Path, actor: str, content: dict[str, Any], segments: dict[str, list[Segment]],
           sentences_of: dict[int, Any], undo_spec: dict[str, Any], counts: dict[str, int]) -> dict[str, int]:
    """The one transaction of a .qdpx import."""
    db = project.db.conn
    with project.write(actor, "import qdpx", {"file": str(path)}, undo_spec=undo_spec) as tx:
        code_ids: dict[tuple[str, str], int] = {}
        for book in content["codebooks"]:
            tx.insert("codebooks", {"id": book.id, **codebook_values(book)})
            counts["codes"] += sync_codes(tx, book)["added"]
            code_ids.update({(book.id, key): cid for key, cid in
                             db.execute("SELECT key, id FROM codes WHERE codebook_id = ?", [book.id]).fetchall()})
        doc_ids: dict[str, int] = {}
        for source in content["sources"]:
            doc_ids[source.guid] = db.execute(
                """INSERT INTO documents (name, kind, text, sha256, source_file, version, imported_at, imported_by)
                   VALUES (?, ?, ?, ?, ?, 1, ?, ?)""",
                [source.name, source.kind, source.text, fingerprint(source.text), str(path), now(), actor]).lastrowid
            undo_spec["documents"].append(doc_ids[source.guid])
            db.executemany("INSERT INTO document_attributes (document_id, name, value, type) VALUES (?, ?, ?, ?)",
                           [(doc_ids[source.guid], n, *typed(v, t)) for n, (v, t) in source.attributes.items()
                            if v is not None])
        case_ids: dict[str, int] = {}
        for case in content["cases"]:
            document = doc_ids.get(case["source"])
            case_ids[case["guid"]] = db.execute(
                "INSERT INTO cases (name, label, document_id, is_data) VALUES (?, ?, ?, ?)",
                [case["name"], case["label"], document, int(bool(case["is_data"]))]).lastrowid
            db.executemany("INSERT INTO case_attributes (case_id, name, value, type) VALUES (?, ?, ?, ?)",
                           [(case_ids[case["guid"]], n, *typed(v, t)) for n, (v, t) in case["attributes"].items()
                            if v is not None])
        for source in content["sources"]:
            document = doc_ids[source.guid]
            db.executemany(
                """INSERT INTO units (id, document_id, kind, start, end, parent_id, case_id, question, is_data, lemmas)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                _unit_rows(db, document, segments[source.guid], sentences_of, case_ids))
            for coding in source.codings:
                coding_id = insert_coding(tx, coding["coder"], document, coding["start"], coding["end"],
                                          code_ids[coding["code"]], coding["valence"], coding["rating"],
                                          coding["memo"], coding["selected"], len(source.text))
                counts["codings"] += coding_id > 0
            counts["documents"] += 1
        targets = {"document": doc_ids, "case": case_ids}
        for memo in content["memos"]:
            target_type = memo["target_type"] if memo["target_type"] in ("project", "document", "case") else "project"
            target = targets.get(target_type, {}).get(memo["target"])
            if target_type != "project" and target is None:
                target_type = "project"
            stamp = now()
            tx.insert("memos", {"target_type": target_type, "target_id": target, "title": memo["title"],
                                "text": memo["text"], "author": memo["author"], "created_at": stamp,
                                "updated_at": stamp})
    return counts

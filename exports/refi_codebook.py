"""Write a codebook as a REFI-QDA codebook file (.qdc), the exchange format of NVivo, MAXQDA, ATLAS.ti
and QualCoder (schema: Codebook-mrt2019.xsd, namespace urn:QDA-XML:codebook:1.0).

Guids are stable (kept from an imported file, else derived from codebook id and key), so a code keeps
its identity across exports. Only active codes are written. Werkbank's own fields ride along in
processing instructions, which other tools ignore and the schema does not see.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from coding.codebooks.operations import read_codebook
from coding.codebooks.format import Code, Codebook, code_guid, normalize_color
from coding.codebooks.qdc import BOOK_PI, CODE_EXTRAS, CODE_PI, NAMESPACE, describe, pi_json
from coding.store.project import ProjectError


def code_element(codebook: Codebook, code: Code) -> ET.Element:
    element = ET.Element("Code", {
        "guid": code.guid or code_guid(codebook.id, code.key), "name": code.label,
        "isCodable": "true" if code.codable else "false"})
    if code.color:
        element.set("color", normalize_color(code.color))
    extras = {"key": code.key, "origin": code.origin, "aliases": code.aliases, "author": code.author,
              "rules": code.rules}
    element.append(ET.PI(CODE_PI, pi_json({k: v for k, v in extras.items() if k in CODE_EXTRAS and v})))
    description = describe(code)
    if description:
        ET.SubElement(element, "Description").text = description
    for child in codebook.children(code.key):
        element.append(code_element(codebook, child))
    return element


def codebook_qdc(codebook: Codebook) -> str:
    """The codebook as .qdc XML text (UTF-8 declared)."""
    tops = codebook.children(None)
    if not tops:
        raise ProjectError("exports.refi.no_active_codes", codebook=codebook.id)
    root = ET.Element("CodeBook", {"xmlns": NAMESPACE, "origin": "Werkbank"})
    meta: dict[str, Any] = {"id": codebook.id, "title": codebook.title, "version": codebook.version,
                            "description": codebook.description, "rating_scale": codebook.rating_scale,
                            "source": codebook.source}
    root.append(ET.PI(BOOK_PI, pi_json({k: v for k, v in meta.items() if v})))
    codes = ET.SubElement(root, "Codes")
    for code in tops:
        codes.append(code_element(codebook, code))
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def export_qdc(project: Any, codebook_id: str) -> str:
    """The project's codebook (active codes, with the project's edits) as .qdc XML text."""
    return codebook_qdc(read_codebook(getattr(project, "db", project), codebook_id, include_inactive=False))

"""Read a REFI-QDA codebook (.qdc) as written by NVivo, MAXQDA, ATLAS.ti, QualCoder or Werkbank.

The exchange standard only carries a tree of named codes with a guid, a colour, whether the code can
be applied, and one Description text. Werkbank keeps its own extra fields (key, origin, rules, ...) in
processing instructions that other tools ignore, and writes inclusion/exclusion/examples as labelled
paragraphs of the Description, so a Werkbank export reads back whole. The XML is parsed with
defusedxml: a file that declares a DTD or entities is refused rather than expanded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from coding.codebooks.format import CODEBOOK_ID, GUID, Code, Codebook, code_guid, field_problem, normalize_color, slug
from coding.store.project import ProjectError
from coding.files.limits import MAX_QDC_BYTES, MAX_XML_DEPTH

NAMESPACE = "urn:QDA-XML:codebook:1.0"
BOOK_PI = "werkbank-codebook"
CODE_PI = "werkbank-code"
# Description paragraphs that carry the other documentation fields, in this order.
DESCRIPTION_LABELS = {"inclusion": "Inclusie", "exclusion": "Exclusie", "examples": "Voorbeeld"}
CODE_EXTRAS = ("key", "origin", "aliases", "author", "rules")


def describe(code: Code) -> str:
    """The Description text of a code: the definition, then labelled inclusion, exclusion, examples."""
    parts = [code.definition] if code.definition else []
    for name, label in DESCRIPTION_LABELS.items():
        values = getattr(code, name)
        for value in values if isinstance(values, list) else [values]:
            if value:
                parts.append(f"{label}: {value}")
    return "\n\n".join(parts)


def read_description(text: str | None) -> dict[str, Any]:
    """The fields `describe` wrote; any other text is the definition."""
    fields: dict[str, Any] = {"definition": None, "inclusion": None, "exclusion": None, "examples": []}
    definition: list[str] = []
    for paragraph in re.split(r"\n\s*\n", (text or "").strip()):
        paragraph = paragraph.strip()
        for name, label in DESCRIPTION_LABELS.items():
            if paragraph.startswith(f"{label}:"):
                value = paragraph[len(label) + 1:].strip()
                if name == "examples":
                    fields["examples"].append(value)
                else:
                    fields[name] = value
                break
        else:
            if paragraph:
                definition.append(paragraph)
    fields["definition"] = "\n\n".join(definition) or None
    return fields


def pi_json(data: dict[str, Any]) -> str:
    """JSON that is safe inside a processing instruction (which ends at the first "?>")."""
    return json.dumps(data, ensure_ascii=False).replace(">", "\\u003e")


def local_name(tag: Any) -> str | None:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else None


def child_elements(parent: Element, name: str) -> list[Element]:
    return [child for child in parent if local_name(child.tag) == name]


def instruction(parent: Element, target: str) -> dict[str, Any]:
    """The JSON of Werkbank's processing instruction directly inside `parent` (empty if none)."""
    for child in parent:
        if not isinstance(child.tag, str) and child.text and child.text.startswith(target + " "):
            try:
                data = json.loads(child.text[len(target) + 1:])
            except json.JSONDecodeError:
                return {}
            return data if isinstance(data, dict) else {}
    return {}


def _color(value: str | None) -> str | None:
    """#rrggbb from the colour spellings tools write ("#FF0000", "ff0000", "#f00"); None otherwise."""
    value = (value or "").strip()
    if re.fullmatch(r"#?[0-9a-fA-F]{6}", value) or re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        return normalize_color(value)
    return None


class _DepthLimited(TreeBuilder):
    """Builds the tree but refuses nesting deeper than MAX_XML_DEPTH while parsing."""

    depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise _TooDeep
        return super().start(tag, attrs)

    def end(self, tag: str) -> Element:
        self.depth -= 1
        return super().end(tag)


class _TooDeep(Exception):
    pass


def parse_xml(data: bytes, name: str) -> Element:
    parser = DefusedXMLParser(target=_DepthLimited(insert_pis=True), forbid_dtd=True)
    try:
        parser.feed(data)
        return parser.close()
    except _TooDeep:
        raise ProjectError("codebooks.qdc.elements_nested_more_than", name=name, max_xml_depth=MAX_XML_DEPTH) from None
    except DefusedXmlException:
        raise ProjectError("codebooks.qdc.refused_file_declares_dtd", name=name) from None
    except ParseError as error:
        raise ProjectError("codebooks.qdc.readable_xml_file", name=name, error=error) from None


def _codebook_element(root: Element, name: str) -> Element:
    tag = local_name(root.tag)
    if tag == "codebook":
        return root
    if tag == "project":   # a REFI project file (.qde) carries the same codebook inside
        found = child_elements(root, "codebook")
        if found:
            return found[0]
    raise ProjectError("codebooks.qdc.refi_qda_codebook_root", name=name, tag=tag)


class CodeReader:
    def __init__(self, codebook_id: str):
        self.codebook_id = codebook_id
        self.codes: list[Code] = []
        self.keys: set[str] = set()
        self.problems: list[str] = []

    def key(self, wanted: Any, label: str, parent: str | None) -> str:
        if isinstance(wanted, str) and not field_problem("id", wanted) and wanted not in self.keys:
            key = wanted
        else:
            base = f"{parent}.{slug(label)}" if parent else slug(label)
            key, number = base, 2
            while key in self.keys:
                key, number = f"{base}-{number}", number + 1
        self.keys.add(key)
        return key

    def read(self, element: Element, parent: str | None, number: str) -> None:
        label = (element.get("name") or "").strip()
        guid = (element.get("guid") or "").strip()
        if not label:
            self.problems.append(f"code {number} ({guid or 'no guid'}) has no name")
            label = f"code {number}"
        extras = instruction(element, CODE_PI)
        key = self.key(extras.get("key"), label, parent)
        codable = (element.get("isCodable") or "true").strip().lower() not in ("false", "0")
        description = " ".join(d.text or "" for d in child_elements(element, "description")[:1])
        values = {name: extras[name] for name in CODE_EXTRAS[1:]
                  if name in extras and not field_problem(name, extras[name])}
        code = Code(key=key, label=label, parent=parent, codable=codable, color=_color(element.get("color")),
                    guid=guid if GUID.match(guid) and guid != code_guid(self.codebook_id, key) else None,
                    **read_description(description), **values)
        self.codes.append(code)
        for index, child in enumerate(child_elements(element, "code"), start=1):
            self.read(child, key, f"{number}.{index}")


def parse_qdc(data: bytes, name: str = "<qdc>", codebook_id: str | None = None, title: str | None = None,
              version: str | None = None) -> Codebook:
    """The codebook in .qdc bytes; ProjectError (nothing read) when it is not a usable codebook."""
    if not data.strip():
        raise ProjectError("codebooks.qdc.empty", name=name)
    root = _codebook_element(parse_xml(data, name), name)
    meta = instruction(root, BOOK_PI)
    stem = Path(name).stem
    codebook_id = codebook_id or meta.get("id") or slug(stem).replace(".", "-")
    if not CODEBOOK_ID.match(str(codebook_id)):
        raise ProjectError("codebooks.qdc.codebook_id_must_lower", codebook_id=codebook_id)
    containers = child_elements(root, "codes")
    tops = child_elements(containers[0], "code") if containers else []
    if not tops:
        raise ProjectError("codebooks.qdc.codebook_without_codes_nothing", name=name)
    return codebook_from_codes(tops, codebook_id, {**meta, "title": title or meta.get("title") or stem,
                                                  "version": version or meta.get("version"),
                                                  "source": meta.get("source") or root.get("origin")}, name)


def codebook_from_codes(elements: list[Element], codebook_id: str, meta: dict[str, Any], name: str) -> Codebook:
    """The codebook of REFI-QDA <Code> elements (a .qdc's or a .qdpx's), with Werkbank's own metadata
    where the file kept it (title, version, source, description, rating scale)."""
    reader = CodeReader(codebook_id)
    for index, element in enumerate(elements, start=1):
        reader.read(element, None, str(index))
    if reader.problems:
        raise ProjectError("codebooks.qdc.codes_unreadable", name=name, problems="; ".join(reader.problems))
    scale = meta.get("rating_scale")
    return Codebook(id=codebook_id, title=str(meta.get("title") or codebook_id), version=str(meta.get("version") or "1"),
                    codes=reader.codes, source=meta.get("source"), description=meta.get("description"),
                    rating_scale=scale if isinstance(scale, list) and scale else None)


def read_qdc(path: str | Path, codebook_id: str | None = None, title: str | None = None,
             version: str | None = None) -> Codebook:
    """The codebook in a .qdc file. Other tools store no codebook id, title or version: pass them, or
    they default to the file name and "1"."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_QDC_BYTES:
            raise ProjectError("codebooks.qdc.mb_limit_qdc_codebook", name=path.name, size=size / 2 ** 20,
                               max_qdc_bytes=MAX_QDC_BYTES / 2 ** 20)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProjectError("codebooks.qdc.such_file", path=path) from None
    try:
        return parse_qdc(data, str(path), codebook_id, title, version)
    except ProjectError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
        raise ProjectError("codebooks.qdc.valid_refi_qda_codebook", name=path.name,
                           error_type=type(error).__name__, error=error) from None

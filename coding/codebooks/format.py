"""Codebook files: read a YAML codebook into plain data, reporting every problem with its line.

A codebook is written by people, so a loader that stops at the first mistake wastes their time:
`validate()` walks the whole file and returns every problem (`FILE:LINE: message`), `load()`
returns a `Codebook` only when there are no errors. Warnings (an undocumented leaf in a user's own
codebook, an unknown field) never block; `strict=True` turns the documentation rules that shipped
codebooks must meet (definition, example, at least three lemmas per leaf) into errors.
Codes nest under `children:` or name their `parent:` (flat form); besides the documented fields a
code may say `active: false` (a retired code, as `export_yaml` writes it) and carry a REFI `guid`.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from coding.files.yaml_input import read_text, shape_problem
from coding.store.model import ORIGINS
from coding.store.project import ProjectError

CODEBOOK_ID = re.compile(r"^[a-z0-9_-]+$")
CODE_KEY = re.compile(r"^[a-z0-9_.-]+$")
COLOR = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
GUID = re.compile(r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$")
RULE_KINDS = ("lemmas", "phrases", "exclude")
MIN_LEMMAS = 3
TOP_FIELDS = ("id", "title", "version", "source", "description", "rating_scale", "history", "codes")
STEP_FIELDS = ("version", "note", "moved", "split")
CODE_FIELDS = ("id", "label", "codable", "active", "definition", "inclusion", "exclusion", "examples", "aliases",
               "origin", "author", "color", "rules", "guid", "parent", "children")
SYNONYMS = {"colour": "color", "key": "id"}
TEXT_FIELDS = ("definition", "inclusion", "exclusion", "author")
LIST_FIELDS = ("examples", "aliases")
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://werkbank.local/codebook")


@dataclass
class Problem:
    """One thing wrong with a codebook file, at a line (1-based)."""

    file: str
    line: int
    message: str
    severity: str = "error"   # "error" blocks loading; "warning" does not

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}: {prefix}{self.message}"


@dataclass
class Code:
    key: str
    label: str
    parent: str | None = None
    codable: bool = True
    active: bool = True
    definition: str | None = None
    inclusion: str | None = None
    exclusion: str | None = None
    examples: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    origin: str = "deductief"
    author: str | None = None
    color: str | None = None
    rules: dict[str, list[str]] = field(default_factory=dict)
    guid: str | None = None   # a REFI-QDA guid from another tool; None = derived by code_guid()
    line: int | None = field(default=None, compare=False)


@dataclass
class Step:
    """One version step of a codebook's history: where the codings of codes it retired or split go.

    A project that holds an older version moves the codings of each `moved` key to its new key when
    it imports this version; `split` records which codes an old code's theme now spans, so the
    people who coded with it know which codings to review."""

    version: str
    note: str | None = None
    moved: dict[str, str] = field(default_factory=dict)
    split: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Codebook:
    """A codebook as plain data; `codes` are in tree order (each parent before its children)."""

    id: str
    title: str
    version: str
    codes: list[Code] = field(default_factory=list)
    source: Any = None
    description: str | None = None
    rating_scale: list[str] | None = None
    history: list[Step] = field(default_factory=list)

    def code(self, key: str) -> Code:
        for code in self.codes:
            if code.key == key:
                return code
        raise KeyError(key)

    def children(self, key: str | None) -> list[Code]:
        return [c for c in self.codes if c.parent == key]

    def walk(self) -> Iterator[tuple[Code, int]]:
        """(code, depth) in tree order; linear in the number of codes, without recursion."""
        children: dict[str | None, list[Code]] = {}
        for code in self.codes:
            children.setdefault(code.parent, []).append(code)
        stack = [(code, 0) for code in reversed(children.get(None, []))]
        while stack:
            code, depth = stack.pop()
            yield code, depth
            stack.extend((child, depth + 1) for child in reversed(children.get(code.key, [])))

    def label_path(self, key: str) -> str:
        parts, current = [], key
        while current is not None:
            code = self.code(current)
            parts.append(code.label)
            current = code.parent
        return " > ".join(reversed(parts))


class CodebookError(ProjectError):
    """A codebook with errors; the message lists every problem, one per line."""

    def __init__(self, name: str, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__("codebooks.format.invalid_one" if len(errors) == 1 else "codebooks.format.invalid",
                         name=name, count=len(errors), problems="\n".join(str(p) for p in errors))


def code_guid(codebook_id: str, key: str) -> str:
    """A stable REFI-QDA guid for a code: the same codebook and key always give the same guid."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{codebook_id}:{key}"))


def slug(text: str) -> str:
    """A key-safe form of a label: "Coördinatie, aansturing" -> "coordinatie-aansturing"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:40].strip("-") or "code"


def normalize_color(color: str) -> str:
    """#rrggbb in lower case, expanding the short #rgb form, so colours compare equal everywhere."""
    digits = color.strip().lstrip("#").lower()
    return "#" + ("".join(d * 2 for d in digits) if len(digits) == 3 else digits)


def final_key(steps: list[Step], key: str) -> str:
    """Where a code's codings end up after the given history steps, in order."""
    for step in steps:
        key = step.moved.get(key, key)
    return key


def version_key(version: str) -> tuple:
    """Sort key that orders "1.9" before "1.10" and a word before a number in the same place, so a
    project's own edit of "2.0" ("2.0-bewerkt.3") sorts after "2.0" and before the next release "2.0.1"."""
    return tuple((1, int(part), "") if part.isdigit() else (0, 0, part)
                 for part in re.split(r"[^0-9A-Za-z]+", str(version)) if part)


# --- field rules, shared with the project operations that edit codes --------------------------

def field_problem(name: str, value: Any) -> str | None:
    """Why `value` is not acceptable for code field `name` (None when it is fine)."""
    name = SYNONYMS.get(name, name)
    if name == "label":
        if not isinstance(value, str) or not value.strip():
            return "label must be a non-empty text"
    elif name in ("codable", "active"):
        if not isinstance(value, bool):
            return f"{name} must be true or false, not {value!r}"
    elif name in TEXT_FIELDS:
        if value is not None and not isinstance(value, str):
            return f"{name} must be a text"
    elif name in LIST_FIELDS:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return f"{name} must be a list of texts, e.g. {name}: [\"...\"]"
    elif name == "origin":
        if value not in ORIGINS:
            return f"origin must be deductief or inductief, not {value!r}"
    elif name == "color":
        if value is None:
            return 'color is empty (quote colours, e.g. color: "#4e79a7"; a bare # starts a comment)'
        if not isinstance(value, str) or not COLOR.match(value):
            return f"color must be #RRGGBB (e.g. \"#4e79a7\"), not {value!r}"
    elif name == "guid":
        if not isinstance(value, str) or not GUID.match(value):
            return f"guid must be a GUID like 2f1c0d4e-8a4b-4c1e-9a57-0d2b6c9e1f3a, not {value!r}"
    elif name == "rules":
        return _rules_problem(value)
    elif name == "id":
        if not isinstance(value, str) or not CODE_KEY.match(value):
            return f"code id must be lower case letters, digits, '_', '.' or '-', not {value!r}"
    else:
        return f"unknown field {name!r}"
    return None


def _rules_problem(rules: Any) -> str | None:
    if not isinstance(rules, dict):
        return "rules must be a mapping with lemmas, phrases and exclude lists"
    unknown = [k for k in rules if k not in RULE_KINDS]
    if unknown:
        return f"rules has unknown part {unknown[0]!r} (expected {', '.join(RULE_KINDS)})"
    for kind, terms in rules.items():
        if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
            return f"rules.{kind} must be a list of texts"
        upper = [t for t in terms if t != t.lower()]
        if upper:
            return f"rules.{kind} must be lower case lemmas, not {upper[0]!r}"
    return None


# --- YAML with line marks ----------------------------------------------------------------------

class _Mapping(dict):
    line = 1
    key_lines: dict[Any, int]
    raw: dict[Any, str]
    duplicates: list[tuple[Any, int]]

    @classmethod
    def empty(cls) -> _Mapping:
        """A mapping for a field the file left out."""
        data = cls()
        data.key_lines, data.raw, data.duplicates = {}, {}, []
        return data


class _Sequence(list):
    line = 1
    item_lines: list[int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader whose mappings and lists remember the lines they came from (libyaml's parser
    where PyYAML has it: the pure-Python one took most of a minute for a 25,000-code codebook)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Iterator[_Mapping]:
    data = _Mapping()
    yield data
    loader.flatten_mapping(node)
    data.line = node.start_mark.line + 1
    data.key_lines, data.raw, data.duplicates = {}, {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(None, None, "a key must be a plain name", key_node.start_mark)
        line = key_node.start_mark.line + 1
        if key in data.key_lines:
            data.duplicates.append((key, line))
            continue
        data.key_lines[key] = line
        data[key] = loader.construct_object(value_node, deep=True)
        if isinstance(value_node, yaml.ScalarNode):
            data.raw[key] = value_node.value


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Iterator[_Sequence]:
    data = _Sequence()
    yield data
    data.line = node.start_mark.line + 1
    data.item_lines = [item.start_mark.line + 1 for item in node.value]
    data.extend(loader.construct_object(item, deep=True) for item in node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def _plain(value: Any) -> Any:
    """Marked containers back to plain dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- parsing -----------------------------------------------------------------------------------

class _Reader:
    """Collects problems while turning the marked YAML into a Codebook."""

    def __init__(self, name: str, strict: bool):
        self.name, self.strict = name, strict
        self.problems: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message, "warning"))

    def text(self, data: _Mapping, key: str) -> str | None:
        """A scalar field as text: `version: 1.10` stays "1.10", not the float 1.1."""
        value = data.get(key)
        if value is None or isinstance(value, str):
            return value.strip() if isinstance(value, str) else None
        if isinstance(value, (int, float, bool)):
            return data.raw.get(key, str(value))
        return value

    def read(self, data: Any) -> Codebook | None:
        if data is None:
            self.error(1, "the file is empty")
            return None
        if not isinstance(data, _Mapping):
            self.error(getattr(data, "line", 1), "a codebook file must be a mapping with id, title, version and codes")
            return None
        self.duplicate_keys(data)
        for key in data:
            if key not in TOP_FIELDS:
                self.warn(data.key_lines[key], f"unknown field {key!r} (ignored)")
        values: dict[str, Any] = {}
        for key in ("id", "title", "version"):
            value = self.text(data, key)
            if not value:
                self.error(data.key_lines.get(key, 1), f"codebook {key} is missing")
            elif not isinstance(value, str):
                self.error(data.key_lines[key], f"codebook {key} must be a text")
            values[key] = value
        if isinstance(values["id"], str) and values["id"] and not CODEBOOK_ID.match(values["id"]):
            self.error(data.key_lines["id"], f"codebook id must be lower case letters, digits, '_' or '-', "
                                             f"not {values['id']!r}")
        description = self.text(data, "description")
        if description is not None and not isinstance(description, str):
            self.error(data.key_lines["description"], "description must be a text")
        scale = data.get("rating_scale")
        if scale is not None and (not isinstance(scale, list) or not scale
                                  or not all(isinstance(s, str) and s.strip() for s in scale)):
            self.error(data.key_lines["rating_scale"], "rating_scale must be a list of labels (or left out)")
        codes = self.codes(data)
        history = self.history(data, codes, values["version"])
        if any(p.severity == "error" for p in self.problems):
            return None
        return Codebook(id=values["id"], title=values["title"], version=values["version"], codes=codes,
                        source=_plain(data.get("source")), description=description,
                        rating_scale=list(scale) if scale else None, history=history)

    def history(self, data: _Mapping, codes: list[Code], version: Any) -> list[Step]:
        """The version steps, checked against the codes: a moved coding must land on a code a coder can use."""
        items = data.get("history")
        if items is None:
            return []
        if not isinstance(items, _Sequence):
            self.error(data.key_lines["history"], "history must be a list of version steps")
            return []
        by_key = {c.key: c for c in codes}
        steps: list[Step] = []
        lines: dict[tuple[int, str], int] = {}
        for item, line in zip(items, items.item_lines):
            if not isinstance(item, _Mapping):
                self.error(line, "each history step must be a mapping with version, moved and split")
                continue
            self.duplicate_keys(item)
            for key in item:
                if key not in STEP_FIELDS:
                    self.warn(item.key_lines[key], f"unknown field {key!r} in a history step (ignored)")
            step_version = self.text(item, "version")
            if not isinstance(step_version, str) or not step_version:
                self.error(line, "a history step needs the version it leads to")
                continue
            if isinstance(version, str) and version_key(step_version) > version_key(version):
                self.error(item.key_lines["version"], f"history step {step_version} is newer than the "
                                                      f"codebook's version {version}")
            if steps and version_key(step_version) <= version_key(steps[-1].version):
                self.error(item.key_lines["version"], "history steps must be in increasing version order")
            note = self.text(item, "note")
            step = Step(step_version, note if isinstance(note, str) else None)
            moved, split = item.get("moved", _Mapping.empty()), item.get("split", _Mapping.empty())
            if not isinstance(moved, _Mapping) or not all(isinstance(v, str) for v in moved.values()):
                self.error(item.key_lines.get("moved", line), "moved must map old keys to new keys")
                moved = _Mapping.empty()
            if not isinstance(split, _Mapping) or not all(
                    isinstance(v, list) and v and all(isinstance(k, str) for k in v) for v in split.values()):
                self.error(item.key_lines.get("split", line), "split must map old keys to lists of new keys")
                split = _Mapping.empty()
            for old, new in moved.items():
                source = by_key.get(str(old))
                if source is not None and source.codable and source.active:
                    self.error(moved.key_lines[old], f"history {step_version}: {old} is still a code to apply; "
                                                     "its codings cannot move")
                step.moved[str(old)] = new
                lines[(len(steps), str(old))] = moved.key_lines[old]
            for old, news in split.items():
                unknown = [k for k in news if k not in by_key]
                if unknown:
                    self.error(split.key_lines[old], f"history {step_version}: {old} splits into unknown "
                                                     f"code {unknown[0]!r}")
                if str(old) in step.moved and step.moved[str(old)] not in news:
                    self.error(split.key_lines[old], f"history {step_version}: {old} moves to "
                                                     f"{step.moved[str(old)]!r}, which is not one of its parts")
                step.split[str(old)] = list(news)
            steps.append(step)
        for (index, old), line in lines.items():
            end = final_key(steps[index + 1:], steps[index].moved[old])
            target = by_key.get(end)
            if target is None:
                self.error(line, f"history {steps[index].version}: {old} moves to unknown code {end!r}")
            elif not target.codable or not target.active:
                self.error(line, f"history {steps[index].version}: {old} moves to {end!r}, which is not a code "
                                 "to apply")
        return steps

    def duplicate_keys(self, data: _Mapping) -> None:
        for key, line in data.duplicates:
            self.error(line, f"field {key!r} appears twice (first on line {data.key_lines[key]})")

    def codes(self, data: _Mapping) -> list[Code]:
        items = data.get("codes")
        if not isinstance(items, _Sequence) or not items:
            self.error(data.key_lines.get("codes", 1), "codes must be a non-empty list of codes")
            return []
        found: list[tuple[Code, str | None, int | None]] = []   # code, declared parent, line of parent:
        self.collect(items, None, found)
        return self.tree(found)

    def collect(self, items: _Sequence, nested_in: str | None,
                found: list[tuple[Code, str | None, int | None]]) -> None:
        for item, line in zip(items, items.item_lines):
            if not isinstance(item, _Mapping):
                self.error(line, "each code must be a mapping with at least id and label")
                continue
            code = self.code(item, nested_in)
            declared = self.text(item, "parent")
            if declared is not None and nested_in is not None and declared != nested_in:
                self.error(item.key_lines["parent"], f"code {code.key!r} is nested under {nested_in!r} "
                                                     f"but says parent: {declared}")
            found.append((code, nested_in if nested_in is not None else declared,
                          item.key_lines.get("parent")))
            children = item.get("children")
            if children is not None:
                if isinstance(children, _Sequence):
                    self.collect(children, code.key, found)
                else:
                    self.error(item.key_lines["children"], "children must be a list of codes")

    def code(self, item: _Mapping, parent: str | None) -> Code:
        self.duplicate_keys(item)
        line = item.line
        key = self.text(item, "id") or self.text(item, "key")
        values: dict[str, Any] = {}
        if not key:
            self.error(line, "code has no id")
            key = f"<line {line}>"
        for name in item:
            canonical = SYNONYMS.get(name, name)
            if canonical not in CODE_FIELDS:
                self.warn(item.key_lines[name], f"code {key!r}: unknown field {name!r} (ignored)")
                continue
            if canonical in ("parent", "children"):
                continue
            value = self.text(item, name) if canonical in ("id", "label", *TEXT_FIELDS) else _plain(item[name])
            if canonical == "label" and not value:
                continue
            problem = field_problem(canonical, value)
            if problem:
                self.error(item.key_lines[name], f"code {key!r}: {problem}")
            else:
                values[canonical] = normalize_color(value) if canonical == "color" else value
        if not self.text(item, "label"):
            self.error(item.key_lines.get("label", line), f"code {key!r} has no label")
        values.pop("id", None)
        return Code(key=key, label=values.pop("label", ""), parent=parent, line=line, **values)

    def tree(self, found: list[tuple[Code, str | None, int | None]]) -> list[Code]:
        """Check ids and parents, then order the codes parent-first, siblings in file order."""
        first: dict[str, Code] = {}
        parents: dict[str, str | None] = {}
        for code, parent, parent_line in found:
            if code.key in first:
                self.error(code.line or 1, f"duplicate code id {code.key!r} (first defined on line "
                                           f"{first[code.key].line})")
                continue
            first[code.key] = code
            parents[code.key] = parent
        for code, parent, parent_line in found:
            if first.get(code.key) is code and parent is not None and parent not in first:
                self.error(parent_line or code.line or 1, f"code {code.key!r} has unknown parent {parent!r}")
                parents[code.key] = None
        in_cycle: set[str] = set()
        for key in first:
            chain, current = [], key
            while current is not None and current not in chain and current not in in_cycle:
                chain.append(current)
                current = parents.get(current)
            if current is not None and current in chain:
                cycle = chain[chain.index(current):]
                in_cycle.update(cycle)
                start = min(cycle, key=lambda k: first[k].line or 0)
                ordered = cycle[cycle.index(start):] + cycle[:cycle.index(start)]
                self.error(first[start].line or 1, "codes form a cycle of parents: "
                           + " -> ".join([*ordered, start]) + " (a code cannot be its own ancestor)")
        children: dict[str | None, list[str]] = {}
        for key in first:  # file order
            if key not in in_cycle:
                children.setdefault(parents[key], []).append(key)
        ordered: list[Code] = []
        stack = list(reversed(children.get(None, [])))
        while stack:  # depth first, parent before children; no recursion (a chain of parents can be long)
            key = stack.pop()
            code = first[key]
            code.parent = parents[key]
            ordered.append(code)
            stack.extend(reversed(children.get(key, [])))
        parent_keys = {c.parent for c in ordered}
        for code in ordered:
            if code.key not in parent_keys:
                self.check_leaf(code)
        return ordered

    def check_leaf(self, code: Code) -> None:
        """Leaves are what coders apply: they need a definition, an example and (shipped) lemmas."""
        line = code.line or 1
        report = self.error if self.strict else self.warn
        if not code.codable:
            self.warn(line, f"code {code.key!r} is a grouping code without children")
            return
        if not code.definition:
            report(line, f"code {code.key!r} is a leaf without a definition")
        if not code.examples:
            report(line, f"code {code.key!r} is a leaf without an example")
        if self.strict and len(code.rules.get("lemmas", [])) < MIN_LEMMAS:
            self.error(line, f"code {code.key!r} has {len(code.rules.get('lemmas', []))} lemmas in rules; "
                             f"a shipped codebook needs at least {MIN_LEMMAS} per leaf")


def parse(text: str, name: str = "<codebook>", strict: bool = False) -> tuple[Codebook | None, list[Problem]]:
    """The codebook in `text` (None when it has errors) and every problem found."""
    reader = _Reader(name, strict)
    try:
        shape = shape_problem(text, "a codebook")
        if shape:
            return None, [Problem(name, shape[0], shape[1])]
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = min(mark.line + 1, max(1, len(text.splitlines()))) if mark else 1
        return None, [Problem(name, line, f"not valid YAML: {problem}")]
    codebook = reader.read(data)
    return codebook, reader.problems


def validate(path: str | Path, strict: bool = False) -> list[Problem]:
    """Every problem in a codebook file, errors and warnings, in line order."""
    _, problems = parse(read_text(path), str(path), strict)
    return sorted(problems, key=lambda p: p.line)


def load(path: str | Path, strict: bool = False) -> Codebook:
    """The codebook in a file; raises CodebookError (a ProjectError) listing every error."""
    return loads(read_text(path), str(path), strict)


def loads(text: str, name: str = "<codebook>", strict: bool = False) -> Codebook:
    codebook, problems = parse(text, name, strict)
    if codebook is None:
        raise CodebookError(name, sorted(problems, key=lambda p: p.line))
    return codebook


# --- writing and comparing ---------------------------------------------------------------------

def _code_yaml(codebook: Codebook, code: Code) -> dict[str, Any]:
    out: dict[str, Any] = {"id": code.key, "label": code.label}
    if not code.codable:
        out["codable"] = False
    if not code.active:
        out["active"] = False
    for name in ("definition", "inclusion", "exclusion", "examples", "aliases"):
        if getattr(code, name):
            out[name] = getattr(code, name)
    out["origin"] = code.origin
    for name in ("author", "color"):
        if getattr(code, name):
            out[name] = getattr(code, name)
    if code.rules:
        out["rules"] = code.rules
    if code.guid and code.guid != code_guid(codebook.id, code.key):
        out["guid"] = code.guid
    children = [_code_yaml(codebook, child) for child in codebook.children(code.key)]
    if children:
        out["children"] = children
    return out


def to_yaml(codebook: Codebook) -> str:
    """The codebook as a nested YAML file that `loads` reads back to the same codebook."""
    data: dict[str, Any] = {"id": codebook.id, "title": codebook.title, "version": str(codebook.version)}
    if codebook.source:
        data["source"] = codebook.source
    if codebook.description:
        data["description"] = codebook.description
    if codebook.rating_scale:
        data["rating_scale"] = codebook.rating_scale
    if codebook.history:
        data["history"] = [{"version": step.version, **({"note": step.note} if step.note else {}),
                            **({"moved": step.moved} if step.moved else {}),
                            **({"split": step.split} if step.split else {})} for step in codebook.history]
    data["codes"] = [_code_yaml(codebook, code) for code in codebook.children(None)]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


@dataclass
class Change:
    """One difference between two versions of a codebook."""

    kind: str          # added | removed | renamed | moved | definition | changed
    key: str
    old: Any = None
    new: Any = None

    def __str__(self) -> str:
        if self.kind == "added":
            detail = self.new
        elif self.kind == "removed":
            detail = self.old
        elif self.kind == "changed":
            detail = ", ".join(self.new)
        else:
            detail = f"{self.old!r} -> {self.new!r}"
        return f"{self.kind:<10} {self.key}: {detail}"


COMPARED = [f.name for f in fields(Code) if f.name not in ("key", "label", "parent", "definition", "line", "guid")]


def diff(old: Codebook, new: Codebook) -> list[Change]:
    """What changed from `old` to `new`, matched by stable code id, in the new file's order."""
    before = {c.key: c for c in old.codes}
    after = {c.key: c for c in new.codes}
    changes: list[Change] = []
    for code in new.codes:
        previous = before.get(code.key)
        if previous is None:
            changes.append(Change("added", code.key, new=new.label_path(code.key)))
            continue
        if previous.label != code.label:
            changes.append(Change("renamed", code.key, previous.label, code.label))
        if previous.parent != code.parent:
            changes.append(Change("moved", code.key, previous.parent, code.parent))
        if (previous.definition or "") != (code.definition or ""):
            changes.append(Change("definition", code.key, previous.definition, code.definition))
        other = [name for name in COMPARED if getattr(previous, name) != getattr(code, name)]
        if other:
            changes.append(Change("changed", code.key, [getattr(previous, n) for n in other], other))
    changes += [Change("removed", c.key, old=old.label_path(c.key)) for c in old.codes if c.key not in after]
    return changes

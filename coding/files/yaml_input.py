"""YAML a user writes or is sent (codebooks, mailbox column mappings, speaker mappings), read
under the limits of coding/files/limits.py.

PyYAML's safe loader builds whatever the text describes: aliases can multiply a small file into
gigabytes (the "billion laughs") and deep nesting makes the builder recurse until Python gives
up. Both are found on the event stream, and the size from the file, before anything is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from coding.store.project import ProjectError
from coding.files.limits import MAX_YAML_BYTES, MAX_YAML_NESTING

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: the same documents, about ten times faster."""


def shape_problem(text: str, what: str) -> tuple[int, str] | None:
    """(line, problem) when the YAML is too big, nests deeper than the limit or uses an alias.

    `what` names the document in the message ("a codebook"). Raises yaml.YAMLError for text that
    is not YAML at all."""
    if len(text) > MAX_YAML_BYTES:
        return 1, f"larger than {MAX_YAML_BYTES // 1024} KB (limit)"
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1, f"YAML aliases (*name) are not allowed in {what}"
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_NESTING:
                    return event.start_mark.line + 1, f"nested more than {MAX_YAML_NESTING} levels deep"
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as error:  # libyaml stops at its own depth limit (far above ours) first
        if "nesting depth" not in str(error):
            raise
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        return (mark.line + 1 if mark else 1), f"nested more than {MAX_YAML_NESTING} levels deep"
    return None


def load_text(text: str, what: str, source: str) -> Any:
    """The parsed YAML, or a one-line ProjectError: "<source>, line N: <problem>".

    what: the kind of document for messages ("a mailbox mapping"); source: where it came from."""
    try:
        problem = shape_problem(text, what)
        if problem is not None:
            raise ProjectError("files.yaml_input.problem_on_line", source=source, line=problem[0],
                               problem=problem[1])
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ProjectError("files.yaml_input.line_valid_yaml", source=source,
                           line=mark.line + 1 if mark else 1, problem=problem) from None


def read_text(path: str | Path) -> str:
    """A YAML file's text: size checked before reading, UTF-8 (with or without BOM)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise ProjectError("files.yaml_input.kb_limit_kb", path=path, size=size / 1024,
                               max_yaml_bytes=MAX_YAML_BYTES // 1024)
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ProjectError("files.yaml_input.such_file", path=path) from None
    except OSError as error:
        raise ProjectError("files.yaml_input.cannot_read", path=path, strerror=error.strerror or error) from None
    except UnicodeDecodeError:
        raise ProjectError("files.yaml_input.utf_text_file", path=path) from None


def read_file(path: str | Path, what: str) -> Any:
    """The parsed YAML of a file, within the limits; else a one-line ProjectError."""
    return load_text(read_text(path), what, str(path))

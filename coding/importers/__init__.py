"""Import reports (.docx, .txt, .md) and mailbox exports (.csv, .xlsx) into a project.

Each import is ONE transaction (see parsed.store): the document, its attributes, cases, units and
lemma index appear together or not at all. The slow part (sentences and lemmas) runs before the
write lock is taken. A file whose text is already in the project is refused unless `force`, which
imports it as a new version under a distinct name. HTML or Markdown markup in a text is kept as
literal text: nothing is ever interpreted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coding.store.backup import before_risky
from coding.text.nlp import no_cyclic_gc
from coding.importers.speakers import load_mapping
from coding.store.project import Project, ProjectError
from coding.importers import mailbox
from coding.files import yaml_input
from coding.importers.docx import read_docx
from coding.files.limits import MAX_BYTES, MAX_FILE_BYTES
from coding.importers.parsed import Progress, store
from coding.importers.reports import build as build_report
from coding.importers.text import decode, paragraphs as text_paragraphs

REPORT_SUFFIXES = (".docx", ".txt", ".md")
MAILBOX_SUFFIXES = (".csv", ".xlsx")
DEFAULT_REPORT_KIND = "groepsgesprek"


def read_bytes(path: str | Path, suffixes: tuple[str, ...], hint: str = "") -> bytes:
    """The bytes of a file this import can read, within the size limit; else a one-line refusal."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise ProjectError(f"{path.name}: cannot import {suffix or 'files without an extension'} "
                           f"(this command reads {', '.join(suffixes)}{'; ' + hint if hint else ''})")
    try:
        size = path.stat().st_size
        limit = MAX_BYTES.get(suffix, MAX_FILE_BYTES)
        if size > limit:
            raise ProjectError(f"{path.name} is {size / 2**20:.1f} MB (limit for {suffix} {limit / 2**20:.0f} MB)")
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        raise ProjectError(f"cannot read {path}: {error.strerror}") from error
    if not data:
        raise ProjectError(f"{path.name}: file is empty")
    return data


def import_file(project: Project, path: str | Path, actor: str, kind: str | None = None,
                attributes: dict[str, Any] | None = None, speakers: Any = None, force: bool = False,
                name: str | None = None, progress: Progress | None = None) -> int:
    """Import one report; returns the new document's id.

    `speakers`: a SpeakerMapping, a YAML path, or the parsed rules (None: the defaults).
    `attributes` are document attributes; those about speakers also fill their cases.
    """
    with no_cyclic_gc():
        return _import_file(project, Path(path), actor, kind, attributes, speakers, force, name, progress)


def _import_file(project: Project, path: Path, actor: str, kind: str | None, attributes: dict[str, Any] | None,
                 speakers: Any, force: bool, name: str | None, progress: Progress | None) -> int:
    data = read_bytes(path, REPORT_SUFFIXES, "use import-mailbox for .csv/.xlsx")
    mapping = load_mapping(yaml_input.read_file(speakers, "a speaker mapping") if isinstance(speakers, (str, Path))
                           else speakers)
    if path.suffix.lower() == ".docx":
        found = read_docx(data, path.name)
    else:
        found = text_paragraphs(decode(data, path.name), mapping)
    parsed = build_report(name or path.stem, found, mapping, attributes or {})
    meta = {"speakers": json.dumps(mapping.to_data(), ensure_ascii=False)} if mapping.user_rules or not \
        mapping.use_defaults else None
    return store(project, actor, parsed, kind or DEFAULT_REPORT_KIND, attributes, str(path), force, progress, meta)


def import_mailbox(project: Project, path: str | Path, actor: str, mapping: Any = None, force: bool = False,
                   progress: Progress | None = None, sheet: str | None = None, name: str | None = None) -> int:
    """Import a survey export as one `mailbox` document; returns its id.

    `mapping`: a dict, a YAML path, or None to use `propose_mapping` (see mailbox.py).
    """
    path = Path(path)
    data = read_bytes(path, MAILBOX_SUFFIXES, "use import for reports")
    if isinstance(mapping, (str, Path)):
        mapping = mailbox.read_mapping(mapping)
    elif mapping is not None:
        mapping = mailbox.check_mapping(mapping)  # before the table is read with its sheet and delimiter
    given = mapping or {}
    with no_cyclic_gc():
        headers, rows = mailbox.read_table(path, data, sheet or given.get("sheet"), given.get("delimiter"))
        if mapping is None:
            mapping = mailbox.propose_mapping(headers, rows[:200])
        parsed = mailbox.build(name or path.stem, headers, rows, mapping)
    before_risky(project, "mailbox-import")
    with no_cyclic_gc():
        return store(project, actor, parsed, "mailbox", None, str(path), force, progress)


"""Import reports (.docx, .txt, .md, .pdf), meeting transcripts (.vtt, .srt, Teams .docx) and mailbox
exports (.csv, .xlsx) into a project.

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
from coding.importers.speakers import SpeakerMapping, load_mapping
from coding.store.project import Project, ProjectError
from coding.importers import mailbox, survey_proposal
from coding.importers.update import previous_import
from coding.files import yaml_input
from coding.importers.docx import read_docx
from coding.files.limits import MAX_BYTES, MAX_FILE_BYTES
from coding.importers.parsed import Progress, store
from coding.importers.reports import build as build_report
from coding.importers.text import decode, paragraphs as text_paragraphs
from coding.importers import accounting
from coding.importers import speaker_names, transcript_formats as formats, transcripts
from coding.importers.transcript_formats import TRANSCRIPT_SUFFIXES, Transcript

REPORT_SUFFIXES = (".docx", ".txt", ".md", ".pdf") + TRANSCRIPT_SUFFIXES
MAILBOX_SUFFIXES = (".csv", ".xlsx")
DEFAULT_REPORT_KIND = "groepsgesprek"


def read_bytes(path: str | Path, suffixes: tuple[str, ...], hint: str = "") -> bytes:
    """The bytes of a file this import can read, within the size limit; else a one-line refusal."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise ProjectError("importers.cannot_import_command_reads", name=path.name,
                           suffix=suffix or 'files without an extension', suffixes=', '.join(suffixes),
                           value='; ' + hint if hint else '')
    try:
        size = path.stat().st_size
        limit = MAX_BYTES.get(suffix, MAX_FILE_BYTES)
        if size > limit:
            raise ProjectError("importers.mb_limit_mb", name=path.name, size=size / 2 ** 20, suffix=suffix,
                               limit=limit / 2 ** 20)
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
        raise ProjectError("importers.cannot_read", path=path, strerror=error.strerror) from error
    if not data:
        raise ProjectError("importers.file_empty", name=path.name)
    return data


def import_file(project: Project, path: str | Path, actor: str, kind: str | None = None,
                attributes: dict[str, Any] | None = None, speakers: Any = None, force: bool = False,
                name: str | None = None, progress: Progress | None = None) -> int:
    """Import one report; returns the new document's id.

    `speakers`: a SpeakerMapping, a YAML path, or the parsed rules (None: the defaults); for a
    transcript, the names mapping of coding.importers.speaker_names (None: the proposal).
    `attributes` are document attributes; those about speakers also fill their cases.
    """
    with no_cyclic_gc():
        return _import_file(project, Path(path), actor, kind, attributes, speakers, force, name, progress)


def _import_file(project: Project, path: Path, actor: str, kind: str | None, attributes: dict[str, Any] | None,
                 speakers: Any, force: bool, name: str | None, progress: Progress | None) -> int:
    data = read_bytes(path, REPORT_SUFFIXES, "use import-mailbox for .csv/.xlsx")
    if isinstance(speakers, (str, Path)):
        speakers = yaml_input.read_file(speakers, "a speaker mapping")
    transcript = transcript_of(path.name, data)
    if transcript is not None:
        return _import_transcript(project, path, actor, transcript, kind, attributes, speakers, force, name, progress)
    mapping = load_mapping(speakers)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        found = read_docx(data, path.name, mapping)
    elif suffix == ".pdf":
        from coding.importers.pdf import read_pdf  # pdfminer is imported only for a PDF
        found = read_pdf(data, path.name, mapping)
    else:
        text = decode(data, path.name)
        found = text_paragraphs(text, mapping)
    parsed = build_report(name or path.stem, found, mapping, attributes or {})
    meta = {"import": accounting.to_meta(accounting.account(found, parsed))}
    if mapping.user_rules or not mapping.use_defaults:
        meta["speakers"] = json.dumps(mapping.to_data(), ensure_ascii=False)
    if parsed.participants:  # kept so a new speaker mapping re-derives the same participants' attributes
        meta["participants"] = json.dumps(parsed.participants, ensure_ascii=False)
    return store(project, actor, parsed, kind or DEFAULT_REPORT_KIND, attributes, str(path), force, progress, meta)


def transcript_of(name: str, data: bytes) -> Transcript | None:
    """The file read as a transcript, or None when it is a report (a .docx without Teams block headers)."""
    if name.lower().endswith(".docx"):
        texts = formats.word_paragraphs(data, name)
        return formats.read_teams_docx(texts) if texts and formats.looks_like_teams_docx(texts) else None
    if name.lower().endswith(TRANSCRIPT_SUFFIXES):
        return formats.read_transcript(decode(data, name), name)
    return None


def read_transcript_file(path: str | Path) -> Transcript | None:
    """A file read as a transcript (to propose its speaker mapping before import), or None for a report."""
    path = Path(path)
    data = read_bytes(path, REPORT_SUFFIXES, "use import-mailbox for .csv/.xlsx")
    return transcript_of(path.name, data)


def _import_transcript(project: Project, path: Path, actor: str, transcript: Transcript, kind: str | None,
                       attributes: dict[str, Any] | None, speakers: Any, force: bool, name: str | None,
                       progress: Progress | None) -> int:
    """Store a transcript with its speakers mapped by name (speaker_names) and its cue times."""
    if isinstance(speakers, SpeakerMapping) and not speakers.user_rules:
        speakers = None  # the default label rules: nothing said about these names
    mapped = speaker_names.map_speakers(transcript.speakers, speakers)
    parsed, cues = transcripts.build(name or path.stem, transcript, mapped, attributes or {})
    return store(project, actor, parsed, kind or DEFAULT_REPORT_KIND, attributes, str(path), force, progress,
                 extra=transcripts.store_extras(cues, mapped))


def _mapping(mapping: Any) -> dict[str, Any] | None:
    if isinstance(mapping, (str, Path)):
        return mailbox.read_mapping(mapping)
    return mailbox.check_mapping(mapping) if mapping is not None else None  # before the sheet and delimiter are used


def read_mailbox(path: str | Path, mapping: Any = None, sheet: str | None = None, lenient: bool = False
                 ) -> tuple[mailbox.SurveyTable, dict[str, Any] | None]:
    """The export read strictly (unless `lenient`) with the mapping's sheet and delimiter, and that mapping."""
    path = Path(path)
    data = read_bytes(path, MAILBOX_SUFFIXES, "use import for reports")
    mapping = _mapping(mapping)
    given = mapping or {}
    return mailbox.read_survey(path, data, sheet or given.get("sheet"), given.get("delimiter"), lenient), mapping


def preview_mailbox(path: str | Path, mapping: Any = None, sheet: str | None = None,
                    lenient: bool = False) -> survey_proposal.Plan:
    """What importing the export would do (the proposal when `mapping` is None); writes nothing."""
    table, mapping = read_mailbox(path, mapping, sheet, lenient)
    return survey_proposal.plan(table, mapping)


def import_mailbox(project: Project, path: str | Path, actor: str, mapping: Any = None, force: bool = False,
                   progress: Progress | None = None, sheet: str | None = None, name: str | None = None,
                   lenient: bool = False, update: bool = False, outcome: dict[str, Any] | None = None) -> int:
    """Import a survey export as one `mailbox` document; returns its id.

    `mapping`: a dict, a YAML path, or None to use the proposal (see mailbox.py, survey_roles.py).
    `update`: replace the latest import of the same document name (see update.py); what was carried
    over lands in `outcome["update"]`.
    """
    path = Path(path)
    with no_cyclic_gc():
        table, mapping = read_mailbox(path, mapping, sheet, lenient)
        if mapping is None:
            mapping = mailbox.propose_mapping(table.headers, table.rows)
        parsed = mailbox.build(name or path.stem, table.headers, table.rows, mapping)
    replaces = None
    if update:
        replaces = previous_import(project.db.conn, parsed.name)
        parsed.name = project.db.execute("SELECT name FROM documents WHERE id = ?", [replaces]).fetchone()[0]
    before_risky(project, "mailbox-import")
    with no_cyclic_gc():
        return store(project, actor, parsed, "mailbox", None, str(path), force, progress, replaces=replaces,
                     outcome=outcome)

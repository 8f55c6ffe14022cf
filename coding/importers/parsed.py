"""What every importer produces (text, units, cases), and the one transaction that stores it.

Importers turn a file into a `Parsed`: the document text plus `Segment`s (headings, paragraphs,
turns, answers) and the `Case`s that speak in them. `store()` then runs the NLP on the segments
BEFORE taking the write lock, and writes the document, its attributes, cases, units and sentence
lemmas in ONE transaction: a failure or a kill half-way leaves the project exactly as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coding.text import nlp
from coding.codings.attributes import typed
from coding.privacy import candidates
from coding.files.limits import MAX_TEXT_CHARS
from coding.store.model import KINDS
from coding.store.project import Project, ProjectError, now
from coding.store.removal import delete_document_rows, document_rows
from coding.importers.update import carry_codings

Progress = Callable[[int, int], None]
"""progress(done, total): called while the sentences of a document are analysed."""


@dataclass
class Paragraph:
    """A paragraph as a reader found it. `text` may hold "\n" (a soft line break: a turn can start there)."""

    text: str
    heading: bool = False
    level: int = 0             # heading level (1 = top; 0 = a title)
    bold: int = 0              # length of the bold text the paragraph starts with (a label typed in bold)
    speaker: str | None = None  # the speaker cell of a conversation table row ("": the speaker before)
    standalone: bool = False   # a row of a table, a title: never part of a turn


@dataclass
class Source:
    """What a reader found in a file: the paragraphs, and the words counted in the file itself
    (visible words, and per kind those left out by design), for the import's word accounting."""

    paragraphs: list[Paragraph]
    words: int = 0                                      # visible words in the file
    left_out: dict[str, int] = field(default_factory=dict)  # kind -> visible words not imported by design
    deleted: int = 0                                    # tracked deletions: in the file, not visible
    joined: int = 0                                     # word halves joined (a PDF's hyphenation)


@dataclass
class Segment:
    """A unit that holds sentences (headings hold none). `case` is a key of Parsed.cases."""

    kind: str
    start: int
    end: int
    case: str | None = None
    question: str | None = None
    is_data: bool = True


@dataclass
class Case:
    """A speaker or respondent; stored as "<document name> / <label>"."""

    label: str
    is_data: bool = True
    attributes: dict[str, Any] = field(default_factory=dict)
    sealed: dict[str, str] = field(default_factory=dict)


@dataclass
class Parsed:
    name: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    segments: list[Segment] = field(default_factory=list)
    cases: dict[str, Case] = field(default_factory=dict)
    accounting: Any = None  # a report's word accounting (coding.importers.reports.Accounting)
    participants: dict[str, dict[str, Any]] = field(default_factory=dict)  # a report's participant table

    def add_paragraph(self, text: str) -> int:
        """Append a paragraph (after a blank line) and return where it starts in the text."""
        if self.parts:
            self.length += 2
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    @property
    def text(self) -> str:
        return "\n\n".join(self.parts)


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_new(db: Any, name: str, sha256: str, force: bool) -> tuple[str, int]:
    """The name and version to import under, or a refusal of a duplicate (see module doc)."""
    same = db.execute("SELECT name, version FROM documents WHERE sha256 = ? ORDER BY version DESC",
                      [sha256]).fetchall()
    named = db.execute("SELECT version FROM documents WHERE name = ?", [name]).fetchone()
    if not force:
        if same:
            raise ProjectError("importers.parsed.already_imported", same=same[0][0])
        if named:
            raise ProjectError("importers.parsed.name_taken", name=name)
        return name, 1
    if not same and not named:
        return name, 1
    version = max([v for _, v in same] + [named[0] if named else 1]) + 1
    while db.execute("SELECT 1 FROM documents WHERE name = ?", [f"{name} (v{version})"]).fetchone():
        version += 1
    return f"{name} (v{version})", version


def check_size(name: str, characters: int) -> None:
    """Refuse text beyond MAX_TEXT_CHARS before the sentence analysis, which is what costs."""
    if characters > MAX_TEXT_CHARS:
        raise ProjectError("importers.parsed.holds_characters_text_limit", name=name, characters=characters,
                           max_text_chars=MAX_TEXT_CHARS)


BATCH_ROWS = 5_000


def insert_rows(db: Any, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert many rows into a plain table."""
    names = ", ".join(f"[{c}]" for c in columns)
    db.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})", rows)


def insert_indexed_rows(db: Any, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert many rows into a table with indexes or a full-text trigger, one statement per batch.

    Why not executemany: every statement is a savepoint, and FTS5 flushes its pending index data
    at each one, so the units_fts trigger made row-by-row inserts ~6x slower; and a statement per
    row costs more than one for all rows on any table with indexes (10,000 respondents' case
    attributes: 0.30 s vs 0.18 s). Filling a plain temp table (no triggers, keys or indexes) and
    copying it over with one INSERT ... SELECT indexes a whole batch at once. The temp table is
    rolled back with the import.
    """
    stage = f"temp.[import_{table}]"
    names = ", ".join(f"[{c}]" for c in columns)
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS [import_{table}] ({names})")
    for start in range(0, len(rows), BATCH_ROWS):  # batches keep the staging table in the page cache
        insert_rows(db, f"import_{table}", columns, rows[start:start + BATCH_ROWS])
        db.execute(f"INSERT INTO main.[{table}] ({names}) SELECT {names} FROM {stage}")
        db.execute(f"DELETE FROM {stage}")


def _next_id(db: Any, table: str) -> int:
    return db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM [{table}]").fetchone()[0]


def store(project: Project, actor: str, parsed: Parsed, kind: str, attributes: dict[str, Any] | None = None,
          source_file: str | None = None, force: bool = False, progress: Progress | None = None,
          meta: dict[str, str] | None = None, replaces: int | None = None,
          outcome: dict[str, Any] | None = None, extra: Callable[[Any, int], None] | None = None) -> int:
    """Analyse and store one parsed document in one transaction; returns the document id.

    `replaces`: a document this one takes the place of in the same transaction (see update.py);
    what was carried over and what was not lands in `outcome["update"]`.
    `extra(tx, document_id)` writes what an importer adds to the document in the same transaction.
    """
    if kind not in KINDS:
        raise ProjectError("importers.parsed.kind_must_one", kinds=', '.join(KINDS), kind=kind)
    text = parsed.text
    if not text.strip() and not parsed.cases:
        raise ProjectError("importers.parsed.text", source_file=source_file or parsed.name)
    check_size(source_file or parsed.name, len(text))
    sha256 = fingerprint(text)
    if replaces is None:
        check_new(project.db.conn, parsed.name, sha256, force)  # fail fast, before the slow part
    spoken = [s for s in parsed.segments if s.kind != "heading"]
    total = len(spoken)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    sentences = nlp.sentences([text[s.start:s.end] for s in spoken], progress=step)
    possible_names = candidates.find_in(project.db, text)  # the review list, before the write lock
    sentences_of = {id(s): found for s, found in zip(spoken, sentences)}
    undo_spec: dict[str, Any] = {"documents": []}  # read at commit, after the id is known
    summary = {"document": parsed.name, "kind": kind, "file": source_file}
    with project.write(actor, "import", summary, undo_spec=undo_spec) as tx:
        db = tx.db.conn
        old_rows = None
        if replaces is not None:  # the old document goes first, so its name and text are free again
            old_rows = document_rows(tx.db, replaces)
            delete_document_rows(tx, replaces, old_rows)
            undo_spec["removed"] = old_rows
        name, version = check_new(db, parsed.name, sha256, force)
        if old_rows is not None:
            version = old_rows[0][1][0]["version"] + 1
        document_id = db.execute(
            """INSERT INTO documents (name, kind, text, sha256, source_file, version, imported_at, imported_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [name, kind, text, sha256, source_file, version, now(), actor]).lastrowid
        undo_spec["documents"].append(document_id)
        summary.update(document=name, id=document_id)
        insert_rows(db, "document_attributes", ("document_id", "name", "value", "type"),
                    [(document_id, key, *typed(value)) for key, value in (attributes or {}).items()
                     if value is not None])
        case_ids = _store_cases(db, parsed, document_id, name)
        units = _unit_rows(db, document_id, parsed.segments, sentences_of, case_ids)
        insert_indexed_rows(db, "units", UNIT_COLUMNS, units)
        for key, value in (meta or {}).items():
            tx.insert("meta", {"key": f"{key}:{document_id}", "value": value})
        if extra is not None:
            extra(tx, document_id)
        candidates.record(db, document_id, possible_names)  # after extra: a transcript registers its speakers
        summary.update(units=len(units), cases=len(case_ids))
        if old_rows is not None:
            carried, report = carry_codings(old_rows, parsed, document_id, case_ids)
            tx.bulk_insert("codings", carried)
            # the carried codings are the import's own: undoing it takes them along, unlike later codings
            undo_spec["own_codings_until"] = tx.db.execute("SELECT max(id) FROM codings").fetchone()[0]
            summary.update(replaces=replaces, carried=report.carried, lost=report.lost_codings)
            if outcome is not None:
                outcome["update"] = report
    return document_id


def _store_cases(db: Any, parsed: Parsed, document_id: int, document_name: str) -> dict[str, int]:
    first = _next_id(db, "cases")
    case_ids = {key: first + n for n, key in enumerate(parsed.cases)}
    rows, attributes, sealed = [], [], []
    for key, case in parsed.cases.items():
        case_id = case_ids[key]
        rows.append((case_id, f"{document_name} / {case.label}", case.label, document_id, case.is_data))
        attributes += [(case_id, n, *typed(v)) for n, v in case.attributes.items() if v is not None]
        sealed += [(case_id, n, v) for n, v in case.sealed.items()]
    insert_rows(db, "cases", ("id", "name", "label", "document_id", "is_data"), rows)
    insert_indexed_rows(db, "case_attributes", ("case_id", "name", "value", "type"), attributes)
    insert_rows(db, "sealed_identities", ("case_id", "name", "value"), sealed)
    return case_ids


UNIT_COLUMNS = ("id", "document_id", "kind", "start", "end", "parent_id", "case_id", "question", "is_data", "lemmas")


def _unit_rows(db: Any, document_id: int, segments: list[Segment], sentences_of: dict[int, list[nlp.Sentence]],
               case_ids: dict[str, int]) -> list[tuple]:
    """Unit rows with ids assigned here, so sentences can name their parent in the same batch."""
    next_id = _next_id(db, "units")
    rows = []
    for segment in segments:
        parent = next_id
        case_id = case_ids[segment.case] if segment.case is not None else None
        rows.append((parent, document_id, segment.kind, segment.start, segment.end, None, case_id,
                     segment.question, segment.is_data, None))
        next_id += 1
        for sentence in sentences_of.get(id(segment), ()):
            rows.append((next_id, document_id, "sentence", segment.start + sentence.start,
                         segment.start + sentence.end, parent, case_id, segment.question, segment.is_data,
                         sentence.lemmas))
            next_id += 1
    return rows

"""Bring in codings made elsewhere, from a CSV file (`werkbank import-codings`).

Columns: `document` (a document name, or a mailbox respondent id), `start`, `end` (code points;
both empty = the whole document, or each answer of the respondent), `code` (code id, exact label,
or label path `A > B`), `valence` (optional, default neutraal), `coder` (optional when a default is
given), and optionally `question` (a mailbox column: the offsets then count from that answer's start)
and `quote` (an exact piece of text: the offsets are found by searching for it, so hand-made codings
stay readable). For a respondent without `question`, offsets count from the start of their first answer.
Headings may be Dutch (`code`, `valentie`, `codeur`, `citaat`, ...; see HEADINGS), and a valence may be
any name coders give the poles (`Sterkte`, `verbeterpunt`, `+`; coding.store.model.parse_valence).
All rows are checked first; one bad row refuses the whole file, naming the row. A code key that the
codebook's history retired (codings made against an older version of the file) goes to the code its
codings have today, and the import says so.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coding.codebooks.codes import resolve_code
from coding.codings.operations import insert_coding
from coding.importers.text import decode
from coding.store.model import parse_valence
from coding.store.project import Project, ProjectError


# The column names this file reads, and what other tools and Dutch-speaking coders call them.
HEADINGS = {
    "document": ("document", "documentnaam", "bron", "respondent"),
    "start": ("start", "begin"),
    "end": ("end", "einde", "eind"),
    "code": ("code",),
    "valence": ("valence", "valentie", "waardering"),
    "coder": ("coder", "codeur", "codeerder"),
    "question": ("question", "vraag"),
    "quote": ("quote", "citaat"),
    "memo": ("memo", "notitie"),
}
_HEADING = {name.lower(): column for column, names in HEADINGS.items() for name in names}


@dataclass(frozen=True)
class Target:
    """A place codings may point at: a document, or one respondent's answer(s) in a mailbox."""

    document_id: int
    spans: tuple[tuple[int, int], ...]   # the answer spans, or the whole document


def _targets(db: Any, ref: str, question: str | None) -> Target:
    doc = db.execute("SELECT id, length(text) FROM documents WHERE name = ?", [ref]).fetchone()
    if doc is not None:
        return Target(doc[0], ((0, doc[1]),))
    sql = """SELECT u.document_id, u.start, u.end FROM units u JOIN cases c ON c.id = u.case_id
             JOIN documents d ON d.id = u.document_id
             WHERE d.kind = 'mailbox' AND c.label = ? AND u.kind = 'answer'"""
    params: list[Any] = [ref]
    if question:
        sql += " AND u.question = ?"
        params.append(question)
    rows = db.execute(sql + " ORDER BY u.start", params).fetchall()
    if not rows:
        what = f"respondent {ref!r}" + (f" with an answer to {question!r}" if question else "")
        raise ProjectError("importers.codings_csv.document", what=what)
    if len({r[0] for r in rows}) > 1:
        raise ProjectError("importers.codings_csv.respondent_id_occurs_several", ref=ref)
    return Target(rows[0][0], tuple((r[1], r[2]) for r in rows))


def _spans(db: Any, target: Target, row: dict[str, str]) -> list[tuple[int, int]]:
    start, end, quote = row.get("start", "").strip(), row.get("end", "").strip(), row.get("quote") or ""
    if quote:
        text = db.execute("SELECT text FROM documents WHERE id = ?", [target.document_id]).fetchone()[0]
        for lo, hi in target.spans:
            found = text.find(quote, lo, hi)
            if found >= 0:
                return [(found, found + len(quote))]
        raise ProjectError("importers.codings_csv.quote_found", quote=quote[:60])
    if not start and not end:
        return list(target.spans)
    try:
        lo, hi = int(start), int(end)
    except ValueError:
        raise ProjectError("importers.codings_csv.start_end_must_whole", start=start, end=end) from None
    base = target.spans[0][0]
    return [(base + lo, base + hi)]


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """Read the CSV (any encoding the text importer knows; `,` or `;`)."""
    data = Path(path).read_bytes()
    if not data:
        raise ProjectError("importers.codings_csv.file_empty", name=Path(path).name)
    text = decode(data, Path(path).name)
    dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    reader = csv.reader(io.StringIO(text), dialect=dialect)
    header = [_HEADING.get(name.strip().lower(), name.strip()) for name in next(reader, [])]
    rows = [dict(zip(header, row)) for row in reader if any(cell.strip() for cell in row)]
    missing = {"document", "code"} - set(rows[0] if rows else {})
    if missing:
        raise ProjectError("importers.codings_csv.missing_column", name=Path(path).name,
                           missing=', '.join(sorted(missing)))
    return rows


def _current_code(db: Any, ref: str, codebook_id: str | None, moved: Counter) -> int:
    """The code `ref` names; a key the codebook's history retired (no code now, or no longer one a
    coder can apply, named by key or by label) gives the code its codings went to, counted in `moved`
    as (old, new)."""
    try:
        code_id = resolve_code(db, ref, codebook_id)
        codable, active, key = db.execute("SELECT codable, active, key FROM codes WHERE id = ?", [code_id]).fetchone()
        if codable and active:
            return code_id
    except ProjectError:
        code_id, key = None, ref.split(":", 1)[-1].strip()
    for book, keys in db.execute("SELECT id, moved_keys FROM codebooks WHERE moved_keys IS NOT NULL").fetchall():
        current = json.loads(keys).get(key)
        if current is not None and (codebook_id is None or book == codebook_id):
            moved[(key, current)] += 1
            return resolve_code(db, f"{book}:{current}")
    if code_id is None:
        return resolve_code(db, ref, codebook_id)          # raises the reason it names no code
    return code_id                                          # the write says why it cannot be applied


def import_codings(project: Project, rows: list[dict[str, str]], actor: str, coder: str | None = None,
                   codebook_id: str | None = None, outcome: dict[str, Any] | None = None) -> int:
    """Add all rows as codings in one transaction; returns how many codings were made. `outcome`
    gets "moved": {(retired key, current key): rows}."""
    db = project.conn
    planned = []
    moved: Counter = Counter()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            who = (row.get("coder") or "").strip() or coder
            if not who:
                raise ProjectError("importers.codings_csv.no_coder")
            valence = parse_valence((row.get("valence") or "").strip() or "neutraal")
            code_id = _current_code(db, row["code"].strip(), codebook_id, moved)
            target = _targets(db, row["document"].strip(), (row.get("question") or "").strip() or None)
            for start, end in _spans(db, target, row):
                planned.append((who, target.document_id, start, end, code_id, valence, row.get("memo") or None))
        except ProjectError as error:
            raise ProjectError("importers.codings_csv.row", number=number, error=error) from None
    with project.write(actor, "import-codings", {"codings": len(planned)}) as tx:
        for who, document_id, start, end, code_id, valence, memo in planned:
            insert_coding(tx, who, document_id, start, end, code_id, valence, memo=memo)
    if outcome is not None:
        outcome["moved"] = dict(moved)
    return len(planned)

"""`werkbank import`, `import-mailbox`, `list`, `search` and `code`.

Listings never show sealed identities: cases are listed with their attributes only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coding.store.model import KINDS, parse_valence
from coding.store.project import Project, ProjectError

from . import cli
from .common import actor_option, joined, open_existing, print_table, say, say_count, whole

project_argument = click.argument("project", type=click.Path(exists=True, dir_okay=False))
PROGRESS_FROM = 500
"""Show a progress bar for documents with at least this many paragraphs, turns or answers."""


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise ProjectError(say("cli.err.attr_pairs", value=repr(value)))
        out[key.strip()] = text.strip()
    return out


class _Progress:
    """A click progress bar on stderr, opened only when a document is large enough to need one."""

    def __init__(self, label: str):
        self.label, self.bar = label, None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and total >= PROGRESS_FROM:
            self.bar = click.progressbar(length=total, label=self.label, file=click.get_text_stream("stderr"))
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _report(project: Project, document_id: int) -> str:
    row = project.db.execute(
        """SELECT d.name, d.kind, (SELECT count(*) FROM cases c WHERE c.document_id = d.id),
                  (SELECT count(*) FROM units u WHERE u.document_id = d.id AND u.kind = 'sentence')
           FROM documents d WHERE d.id = ?""", [document_id]).fetchone()
    return say("cli.out.imported", name=row[0], kind=row[1], cases=say_count("cli.n.cases", row[2]),
               sentences=say_count("cli.n.sentences", row[3]), id=document_id)


def _counted(counts: dict[str, int]) -> str:
    return joined(f"{label} ({whole(n)}x)" for label, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _account_lines(project: Project, document_id: int) -> None:
    """Where the words of a report went, and a warning for everything not understood (on stderr)."""
    from coding.importers import accounting
    report = accounting.stored(project.db, document_id)
    if report is None:
        return
    from app.strings import t

    left = joined(f"{kind} {whole(n)}" for kind, n in sorted(report["left_out"].items()))
    counts = {k: whole(report[k]) for k in ("words_in", "data", "facilitator", "labels", "headings", "other")}
    click.echo("  " + say("doc.account", **counts, left_out=whole(sum(report["left_out"].values())),
                          kinds=left or t("doc.none_left_out"))
               + (" " + say("doc.account_deleted", deleted=whole(report["deleted"])) if report["deleted"] else ""))
    name = project.db.execute("SELECT name FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    if report["lost"]:
        click.echo(say("cli.out.lost", lost=whole(report["lost"])), err=True)
    if report["unknown_speakers"]:
        first = next(iter(report["unknown_speakers"]))
        click.echo(say("cli.out.unknown_speakers", labels=_counted(report["unknown_speakers"]), name=name,
                       first=first), err=True)
    if report["not_understood"]:
        click.echo(say("cli.out.not_understood", labels=_counted(report["not_understood"]), name=name), err=True)


@cli.command("import")
@project_argument
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--kind", type=click.Choice(KINDS), help="Source kind (default: groepsgesprek).")
@click.option("--attr", "attrs", multiple=True, metavar="KEY=VALUE", help="A document attribute (repeatable).")
@click.option("--speakers", type=click.Path(exists=True, dir_okay=False),
              help="Speaker mapping (YAML): label rules for reports, names to labels for transcripts.")
@click.option("--propose-speakers", type=click.Path(dir_okay=False), metavar="OUT.yaml",
              help="Transcripts: write the speaker mapping (names to Deelnemer 1..n, or --speakers completed) "
                   "to this file and import nothing; edit it, then import with --speakers.")
@click.option("--name", help="Document name (default: the file name); only with one file.")
@click.option("--force", is_flag=True, help="Import a file already imported, as a new version.")
@actor_option
def import_(project: str, files: tuple[str, ...], kind: str | None, attrs: tuple[str, ...], speakers: str | None,
            propose_speakers: str | None, name: str | None, force: bool, actor: str) -> None:
    """Import reports (.docx, .txt, .md, .pdf) and meeting transcripts (.vtt, .srt, Teams .docx), one document each."""
    from coding import importers
    if name and len(files) > 1:
        raise ProjectError(say("cli.err.name_one_file"))
    if propose_speakers:
        _propose_speakers(files, speakers, Path(propose_speakers))
        return
    attributes = _pairs(attrs)
    with open_existing(project) as p:
        for file in files:
            progress = _Progress(Path(file).name)
            try:
                document_id = importers.import_file(p, file, actor, kind=kind, attributes=attributes,
                                                    speakers=speakers, force=force, name=name, progress=progress)
            finally:
                progress.close()
            click.echo(_report(p, document_id))
            _account_lines(p, document_id)


def _propose_speakers(files: tuple[str, ...], speakers: str | None, out: Path) -> None:
    """Write one mapping for the speakers of all given transcripts (names only go to the file)."""
    import yaml

    from coding import importers
    from coding.files import yaml_input
    from coding.importers import speaker_names
    names: list[str] = []
    for file in files:
        transcript = importers.read_transcript_file(file)
        if transcript is None:
            raise ProjectError(say("cli.err.not_a_transcript", file=Path(file).name))
        names += [n for n in transcript.speakers if n not in names]
    given = yaml_input.read_file(speakers, "a speaker mapping") if speakers else None
    mapped = speaker_names.map_speakers(names, given)
    out.write_text(yaml.safe_dump(speaker_names.mapping_data(mapped), allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    click.echo(say_count("cli.out.speaker_mapping", len(mapped), out=out))


@cli.command("import-mailbox")
@project_argument
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False),
              help="Column mapping (YAML). Without it a mapping is proposed from the headers and the columns' "
                   "content, and used only when it is sure of every column (or with --accept-proposal).")
@click.option("--save-mapping", type=click.Path(dir_okay=False), help="Write the mapping used to this YAML file.")
@click.option("--sheet", help="The .xlsx sheet to read (default: the first).")
@click.option("--name", help="Document name (default: the file name).")
@click.option("--dry-run", is_flag=True, help="Show what would be imported (columns, samples, counts, warnings); "
                                              "write nothing.")
@click.option("--accept-proposal", is_flag=True, help="Import with the proposed mapping even where it is unsure.")
@click.option("--update", is_flag=True, help="Replace the earlier import of this survey (same document name): "
                                             "respondents matched by id, codings of unchanged answers kept.")
@click.option("--lenient", is_flag=True, help="Read a CSV with ragged rows anyway (padded or cut; each one reported).")
@click.option("--force", is_flag=True, help="Import a file already imported, as a new version.")
@actor_option
def import_mailbox(project: str, file: str, mapping_file: str | None, save_mapping: str | None, sheet: str | None,
                   name: str | None, dry_run: bool, accept_proposal: bool, update: bool, lenient: bool, force: bool,
                   actor: str) -> None:
    """Import a survey export (.csv, .xlsx): respondents become cases, answers units.

    The plan (every column's role, three samples with identities masked, answers per question,
    warnings) is printed on stderr first; nothing is written before the file has been read whole.
    """
    from coding import importers
    from coding.importers import mailbox
    from app.strings import t
    from app.survey_text import plan_lines
    plan = importers.preview_mailbox(file, mapping_file, sheet, lenient)
    for line in plan_lines(plan, Path(file).name):
        click.echo(line, err=True)
    if save_mapping:
        Path(save_mapping).write_text(mailbox.mapping_yaml(plan.mapping), encoding="utf-8")
    if dry_run:
        click.echo(t("survey.dry_run"), err=True)
        return
    if mapping_file is None and not accept_proposal and not plan.sure:
        raise ProjectError(t("survey.unsure_cli"))
    outcome: dict[str, Any] = {}
    with open_existing(project) as p:
        progress = _Progress(Path(file).name)
        try:
            document_id = importers.import_mailbox(p, file, actor, mapping=plan.mapping, force=force,
                                                   progress=progress, sheet=sheet, name=name, lenient=lenient,
                                                   update=update, outcome=outcome)
        finally:
            progress.close()
        click.echo(_report(p, document_id))
    if "update" in outcome:
        report = outcome["update"]
        changed = "; ".join(f"{who}: {question}" for who, question in report.changed) or "-"
        click.echo(say("cli.out.updated", replaced=report.replaced, carried=whole(report.carried),
                       lost=whole(report.lost_codings), changed=changed, new=whole(len(report.new_respondents)),
                       gone=whole(len(report.gone_respondents))))


@cli.command("remove")
@project_argument
@click.argument("document")
@actor_option
def remove(project: str, document: str, actor: str) -> None:
    """Remove DOCUMENT (name or id) with its cases, answers and codings, in one step that `werkbank undo` reverses."""
    from coding.store.removal import remove_document
    with open_existing(project) as p:
        removed = remove_document(p, actor, _document_id(p, document))
    rows = removed["rows"]
    click.echo(say("cli.out.removed", name=removed["document"], cases=say_count("cli.n.cases", rows.get("cases", 0)),
                   units=say_count("cli.n.units", rows.get("units", 0)),
                   codings=say_count("cli.n.codings", rows.get("codings", 0))))


def _attribute_text(pairs: list[tuple[str, str]]) -> str:
    return "; ".join(f"{name}={value}" for name, value in pairs)


def _attributes_by(project: Project, table: str, key: str) -> dict[int, str]:
    grouped: dict[int, list[tuple[str, str]]] = {}
    for owner, name, value in project.db.execute(f"SELECT {key}, name, value FROM {table} ORDER BY {key}, name"):
        grouped.setdefault(owner, []).append((name, value))
    return {owner: _attribute_text(pairs) for owner, pairs in grouped.items()}


def _list_documents(project: Project) -> list[dict[str, Any]]:
    attributes = _attributes_by(project, "document_attributes", "document_id")
    rows = project.db.query(
        """SELECT d.id, d.name, d.kind, d.version, length(d.text) AS characters,
                  (SELECT count(*) FROM cases c WHERE c.document_id = d.id) AS cases,
                  (SELECT count(*) FROM units u WHERE u.document_id = d.id AND u.kind = 'sentence') AS sentences
           FROM documents d ORDER BY d.id""")
    return [{**row, "attributes": attributes.get(row["id"], "")} for row in rows]


def _list_cases(project: Project) -> list[dict[str, Any]]:
    # Only columns of `cases` and `case_attributes`: sealed_identities is never read here.
    from coding.privacy.anonymise import anonymiser
    attributes = _attributes_by(project, "case_attributes", "case_id")
    rows = project.db.query("""SELECT c.id, c.label, d.name AS document, c.is_data FROM cases c
                               LEFT JOIN documents d ON d.id = c.document_id ORDER BY c.id""")
    hide = anonymiser(project)  # a speaker label can hold a name: "Leerkracht 3 (Wout)"
    return [{**row, "label": hide.apply(row["label"]), "attributes": attributes.get(row["id"], "")} for row in rows]


def _list_codes(project: Project) -> list[dict[str, Any]]:
    """Codes in codebook (tree) order: each code right under its parent, siblings by position."""
    return list(project.db.query(
        """WITH RECURSIVE tree(id, path, sort) AS (
               SELECT id, label, printf('%010d.%010d', position, id) FROM codes WHERE parent_id IS NULL
               UNION ALL SELECT c.id, tree.path || ' > ' || c.label,
                                tree.sort || '/' || printf('%010d.%010d', c.position, c.id)
               FROM codes c JOIN tree ON c.parent_id = tree.id)
           SELECT c.id, c.codebook_id AS codebook, c.key, tree.path, c.codable, c.active
           FROM codes c JOIN tree ON tree.id = c.id ORDER BY c.codebook_id, tree.sort"""))


def _list_codings(project: Project) -> list[dict[str, Any]]:
    """Codings with the start of their text, anonymised like an export (a listing is often pasted on)."""
    from coding.privacy.anonymise import anonymiser
    hide = anonymiser(project)
    rows = list(project.db.query(
        """SELECT g.id, d.id AS document_id, d.name AS document, g.start, g.end, c.codebook_id || ':' || c.key AS code, c.label,
                  g.valence, g.rating, g.coder, k.label AS "case",
                  substr(d.text, g.start + 1, g.end - g.start) AS quote
           FROM codings g JOIN documents d ON d.id = g.document_id JOIN codes c ON c.id = g.code_id
           LEFT JOIN cases k ON k.id = g.case_id ORDER BY d.id, g.start, g.id"""))
    out = []
    for row in rows:
        document, quote = row.pop("document_id"), row.pop("quote")
        out.append({**row, "case": hide.apply(row["case"], document), "quote": hide.apply(quote, document)[:80]})
    return out


LISTS = {"documents": _list_documents, "cases": _list_cases, "codes": _list_codes, "codings": _list_codings}


@cli.command("list")
@project_argument
@click.argument("what", type=click.Choice(list(LISTS)))
def list_(project: str, what: str) -> None:
    """List documents, cases (with attributes, never identities), codes or codings as a tab table."""
    with open_existing(project) as p:
        rows = LISTS[what](p)
        if rows:
            print_table(rows)
        else:
            click.echo(say(f"cli.out.no_{what}"), err=True)


@cli.command("search")
@project_argument
@click.argument("query")
@click.option("--kind", multiple=True, help="Only documents of this kind (repeatable).")
@click.option("--attr", "attrs", multiple=True, metavar="KEY=VALUE",
              help="Only where the document or the speaker has this attribute value (repeatable).")
@click.option("--valence", "valences", multiple=True,
              help="Only sentences overlapping a coding with this valence (repeatable; with --coder: the same coding).")
@click.option("--coder", "coders", multiple=True, help="Only sentences overlapping a coding by this coder (repeatable).")
@click.option("--limit", default=50, show_default=True)
@click.option("--all", "include_all", is_flag=True, help="Also facilitator turns (not data).")
def search(project: str, query: str, kind: tuple[str, ...], attrs: tuple[str, ...], valences: tuple[str, ...],
           coders: tuple[str, ...], limit: int, include_all: bool) -> None:
    """Find sentences by meaning-bearing words (lemmas): 'leerkracht ondersteunen' finds 'ondersteunde leerkrachten'."""
    from coding.privacy.anonymise import anonymiser
    filters: dict = {"kind": list(kind), "attributes": _pairs(attrs)}
    if valences:
        filters["valence"] = [parse_valence(v) for v in valences]
    if coders:
        filters["coder"] = list(coders)
    with open_existing(project) as p:
        from coding.codings import search as searching

        hits = searching.search(p, query, filters, limit=limit, include_non_data=include_all)
        hide = anonymiser(p)  # a listing is often pasted on: names and sealed values as in an export
    if not hits:
        click.echo(say("cli.out.no_matches"), err=True)
        return
    print_table([{**hit, "sentence": hide.apply(hit["sentence"], hit["document_id"])} for hit in hits],
                ["document", "start", "end", "case", "attribution", "question", "sentence"])


def _document_id(project: Project, ref: str) -> int:
    row = project.db.execute("SELECT id FROM documents WHERE name = ?", [ref]).fetchone()
    if row is None and ref.isdigit():
        row = project.db.execute("SELECT id FROM documents WHERE id = ?", [int(ref)]).fetchone()
    if row is None:
        raise ProjectError(say("cli.err.no_document", name=repr(ref)))
    return row[0]


@cli.command("code")
@project_argument
@click.argument("document")
@click.argument("start", type=int)
@click.argument("end", type=int)
@click.argument("code")
@click.option("--valence", default="neutraal", show_default=True, help="sterkte, groeikans or neutraal.")
@click.option("--rating", help="A rating from the codebook's scale.")
@click.option("--memo", help="A note on this coding.")
@click.option("--codebook", help="Look the code up in this codebook only.")
@actor_option
def code(project: str, document: str, start: int, end: int, code: str, valence: str, rating: str | None,
         memo: str | None, codebook: str | None, actor: str) -> None:
    """Code the span START-END (code points, end exclusive) of DOCUMENT (name or id) with CODE."""
    with open_existing(project) as p:
        document_id = _document_id(p, document)
        from coding.codebooks.codes import resolve_code
        from coding.codings.operations import add_coding

        code_id = resolve_code(p.db, code, codebook)
        coding_id = add_coding(p, actor, document_id, start, end, code_id, parse_valence(valence), rating, memo)
    click.echo(say("cli.out.coded", id=coding_id))


def _pair(value: str) -> tuple[str, str]:
    name, sep, role = value.rpartition("=")
    if not sep or not name.strip() or not role.strip():
        raise ProjectError(say("cli.err.map_pairs", value=repr(value)))
    return name.strip(), role.strip()


@cli.command("speakers")
@project_argument
@click.argument("document")
@click.option("--map", "maps", multiple=True, metavar="LABEL=ROL",
              help="Say what a label is: a role ('Ouder 1=ouder'), a facilitator ('Gast=procesbegeleider') "
                   "or no speaker ('Bijvoorbeeld=-'). Repeatable.")
@click.option("--role", "roles", multiple=True, metavar="WORD=ROL",
              help="A role word for every label that starts with it ('ouder=ouder': Ouder 1, Ouder 2, ...).")
@actor_option
def speakers(project: str, document: str, maps: tuple[str, ...], roles: tuple[str, ...], actor: str) -> None:
    """List a report's speakers and labels not understood; with --map/--role, derive its turns again.

    Codings keep their place (the text never changes); a coding follows the speaker of the turn it lies in.
    """
    from coding.importers import accounting
    from coding.importers.remap import add_rules, rules_from_pairs
    with open_existing(project) as p:
        document_id = _document_id(p, document)
        if maps or roles:
            pairs = [_pair(value) for value in maps]
            done = add_rules(p, actor, document_id, rules_from_pairs(pairs, "label") +
                             rules_from_pairs([_pair(value) for value in roles], "role"))
            click.echo(say("cli.out.speakers_mapped", cases=whole(done.cases), before=whole(done.turns_before),
                           after=whole(done.turns_after), moved=whole(done.codings_moved)))
        rows = p.db.query(
            """SELECT c.label, c.is_data, (SELECT count(*) FROM units u WHERE u.case_id = c.id AND u.kind = 'turn')
                      AS turns, (SELECT value FROM case_attributes a WHERE a.case_id = c.id AND a.name = 'rol') AS rol,
                      (SELECT value FROM case_attributes a WHERE a.case_id = c.id AND a.name = 'sector') AS sector
               FROM cases c WHERE c.document_id = ? ORDER BY c.label""", [document_id])
        print_table([{**row, "rol": row["rol"] or say("cli.out.unknown_role"), "sector": row["sector"] or ""} for row in rows])
        report = accounting.stored(p.db, document_id) or {}
        if report.get("unknown_speakers"):
            click.echo(say("cli.out.no_rule", labels=_counted(report["unknown_speakers"])), err=True)
        if report.get("not_understood"):
            click.echo(say("cli.out.kept_as_text", labels=_counted(report["not_understood"])), err=True)

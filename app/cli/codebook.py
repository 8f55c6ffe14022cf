"""`werkbank codebook ...`: check, import, export, compare and edit codebooks.

A CODE argument is `codebook:key`, a key, an exact label or a label path like "Inhoud > Expertise".
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from coding.codebooks.codes import resolve_code
from coding.store.model import ORIGINS

from . import cli
from .common import actor_option, joined, open_existing, print_table, printable, say, say_count, whole

project_argument = click.argument("project", type=click.Path(exists=True, dir_okay=False))


@cli.group()
def codebook() -> None:
    """Check, import, export, compare and edit codebooks (YAML or REFI-QDA .qdc)."""


@codebook.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Apply the rules for shipped codebooks (definition, example and "
                                             "enough rule lemmas per leaf).")
def validate(files: tuple[str, ...], strict: bool) -> None:
    """Check YAML codebook files; every problem is printed as FILE:LINE: message (exit 1 on errors)."""
    from coding.codebooks import format as codebooks
    failed = False
    for file in files:
        problems = codebooks.validate(file, strict=strict)
        for problem in problems:
            click.echo(str(problem))
        if any(p.severity == "error" for p in problems):
            failed = True
        else:
            click.echo(say_count("cli.out.codebook_ok", len(codebooks.load(file, strict=strict).codes), file=file))
    if failed:
        raise SystemExit(1)


@codebook.command("import")
@project_argument
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--id", "codebook_id", help="Codebook id for a .qdc file (default: from the file, else its name).")
@click.option("--title", help="Title for a .qdc file.")
@click.option("--version", help="Version for a .qdc file (default 1).")
@actor_option
def import_(project: str, file: str, codebook_id: str | None, title: str | None, version: str | None,
            actor: str) -> None:
    """Import a codebook file (.yaml or .qdc); a newer version updates the codebook and keeps codings."""
    from coding.codebooks import operations as ops
    options = {"codebook_id": codebook_id, "title": title, "version": version} \
        if Path(file).suffix.lower() in (".qdc", ".xml") else {}
    with open_existing(project) as p:
        result = ops.import_file(p, actor, file, **options)
    if result["previous_version"]:
        click.echo(say("cli.out.codebook_updated", codebook=result["codebook"], before=result["previous_version"],
                       version=result["version"], added=whole(result["added"]), changed=whole(result["updated"]),
                       retired=whole(result["retired"]), moved=whole(result["moved"])))
    else:
        click.echo(say_count("cli.out.codebook_imported", result["added"], codebook=result["codebook"],
                             version=result["version"]))


@codebook.command("list")
@project_argument
def list_(project: str) -> None:
    """List the project's codebooks: id, title, version, active codes, codings."""
    from coding.codebooks import operations as ops
    with open_existing(project) as p:
        print_table(ops.list_codebooks(p.db), ["id", "title", "version", "codes", "codings"])


@codebook.command()
@project_argument
@click.argument("codebook_id")
@click.argument("out", type=click.Path(dir_okay=False))
def export(project: str, codebook_id: str, out: str) -> None:
    """Write a codebook to OUT: .yaml (everything, inactive codes marked) or .qdc (REFI-QDA, active codes)."""
    from coding.codebooks import operations as ops
    from exports.refi_codebook import export_qdc
    suffix = Path(out).suffix.lower()
    if suffix not in (".yaml", ".yml", ".qdc"):
        raise click.UsageError(say("cli.err.codebook_suffix"))
    from exports import gate
    with open_existing(project) as p:
        text = export_qdc(p, codebook_id) if suffix == ".qdc" else ops.export_yaml(p, codebook_id)
        Path(out).write_bytes(gate.text_bytes(p, text, formulas=False))
    click.echo(say("cli.out.wrote", out=out))


@codebook.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
def diff(old: str, new: str) -> None:
    """Show added, removed, renamed, moved and changed codes between two codebook files (.yaml or .qdc)."""
    from coding.codebooks import format as codebooks
    from coding.codebooks import operations as ops
    changes = codebooks.diff(ops.load_file(old), ops.load_file(new))
    for change in changes:
        click.echo(printable(change))
    if not changes:
        click.echo(say("cli.out.no_differences"))


@codebook.command()
@project_argument
@click.argument("codebook_id")
@click.option("--active", "active_only", is_flag=True, help="Leave out inactive codes.")
def tree(project: str, codebook_id: str, active_only: bool) -> None:
    """Print the code tree with codings per code (own / including subcodes)."""
    from coding.codebooks import operations as ops
    with open_existing(project) as p:
        frame = ops.codebook_tree(p.db, codebook_id, include_inactive=not active_only)
    for row in frame.itertuples():
        marks = ("" if row.codable else " " + say("cli.out.mark_group")) + \
            ("" if row.active else " " + say("cli.out.mark_inactive"))
        click.echo(f"{'  ' * row.depth}{printable(row.label)} ({printable(row.key)}){marks}  "
                   f"{row.codings}/{row.codings_total}")


@codebook.command("add-code")
@project_argument
@click.argument("codebook_id")
@click.argument("label")
@click.option("--parent", help="CODE to put it under (default: top level).")
@click.option("--key", help="Stable key (default: parent key + label in lower case).")
@click.option("--position", type=int, help="Place among its siblings, 0 = first (default: last).")
@click.option("--inductive", is_flag=True, help="Origin inductief: the code emerged while coding.")
@click.option("--definition")
@click.option("--example", "examples", multiple=True, help="An example fragment (repeatable).")
@click.option("--color", help='Colour as "#rrggbb".')
@actor_option
def add_code(project: str, codebook_id: str, label: str, parent: str | None, key: str | None,
             position: int | None, inductive: bool, definition: str | None, examples: tuple[str, ...],
             color: str | None, actor: str) -> None:
    """Add a code LABEL to codebook CODEBOOK_ID."""
    from coding.codebooks import operations as ops
    fields = {k: v for k, v in {"definition": definition, "examples": list(examples), "color": color}.items() if v}
    with open_existing(project) as p:
        code_id = ops.add_code(p, actor, codebook_id, label, parent=parent, key=key, position=position,
                               origin="inductief" if inductive else "deductief", **fields)
        key = p.db.execute("SELECT key FROM codes WHERE id = ?", [code_id]).fetchone()[0]
    click.echo(say("cli.out.code_added", code=f"{codebook_id}:{key}"))


@codebook.command()
@project_argument
@click.argument("code")
@click.argument("label")
@actor_option
def rename(project: str, code: str, label: str, actor: str) -> None:
    """Give CODE the new LABEL (its key and codings stay)."""
    from coding.codebooks import operations as ops
    with open_existing(project) as p:
        ops.rename_code(p, actor, code, label)
    click.echo(say("cli.out.renamed", label=repr(label)))


@codebook.command()
@project_argument
@click.argument("code")
@click.argument("parent")
@click.option("--position", type=int, help="Place among the new siblings, 0 = first (default: last).")
@actor_option
def move(project: str, code: str, parent: str, position: int | None, actor: str) -> None:
    """Move CODE under PARENT (a CODE, or / for the top level); its codings and subcodes come along."""
    from coding.codebooks import operations as ops
    with open_existing(project) as p:
        ops.move_code(p, actor, code, None if parent == "/" else parent, position)
    click.echo(say("cli.out.moved"))


@codebook.command()
@project_argument
@click.argument("source")
@click.argument("target")
@click.option("--remove", is_flag=True, help="Delete SOURCE instead of deactivating it.")
@actor_option
def merge(project: str, source: str, target: str, remove: bool, actor: str) -> None:
    """Merge SOURCE into TARGET: codings, subcodes and memos move to TARGET."""
    from coding.codebooks import operations as ops
    with open_existing(project) as p:
        result = ops.merge_codes(p, actor, source, target, remove=remove)
    click.echo(say("cli.out.merged", codings=whole(result["codings"]), subcodes=whole(result["subcodes"]),
                   memos=whole(result["memos"])))


@codebook.command()
@project_argument
@click.argument("code")
@click.option("--into", "into", multiple=True, required=True, metavar="KEY=LABEL",
              help="A new code (repeatable); KEY may be empty (KEY=LABEL or =LABEL).")
@click.option("--assign", multiple=True, metavar="CODING=KEY", help="Send coding id CODING to KEY (repeatable).")
@click.option("--keep-original", is_flag=True, help="Unassigned codings stay on CODE, which stays active.")
@actor_option
def split(project: str, code: str, into: tuple[str, ...], assign: tuple[str, ...], keep_original: bool,
          actor: str) -> None:
    """Split CODE into new sibling codes, choosing per coding where it goes."""
    from coding.codebooks import operations as ops
    new_codes = []
    for spec in into:
        key, sep, label = spec.partition("=")
        if not sep:
            raise click.UsageError(say("cli.err.into", spec=repr(spec)))
        new_codes.append({"label": label.strip(), **({"key": key.strip()} if key.strip() else {})})
    assignment: dict[int, str] = {}
    for spec in assign:
        coding, sep, key = spec.partition("=")
        if not sep or not coding.strip().isdigit():
            raise click.UsageError(say("cli.err.assign", spec=repr(spec)))
        assignment[int(coding)] = key.strip()
    with open_existing(project) as p:
        created = ops.split_code(p, actor, code, new_codes, assignment, keep_original=keep_original)
    click.echo(say("cli.out.split", codes=joined(created)))


@codebook.command()
@project_argument
@click.argument("code")
@click.option("--only", is_flag=True, help="Leave its subcodes active.")
@actor_option
def deactivate(project: str, code: str, only: bool, actor: str) -> None:
    """Retire CODE (and its subcodes) from coding; its codings stay."""
    from coding.codebooks import operations as ops
    with open_existing(project) as p:
        count = ops.deactivate_code(p, actor, code, subtree=not only)
    click.echo(say_count("cli.out.deactivated", count))


@codebook.command()
@project_argument
@click.argument("code")
@actor_option
def reactivate(project: str, code: str, actor: str) -> None:
    """Make CODE (and its inactive ancestors) usable again."""
    from coding.codebooks import operations as ops
    with open_existing(project) as p:
        count = ops.reactivate_code(p, actor, code)
    click.echo(say_count("cli.out.reactivated", count))


@codebook.command()
@project_argument
@click.argument("code")
@click.option("--definition")
@click.option("--inclusion")
@click.option("--exclusion")
@click.option("--example", "examples", multiple=True, help="Replaces the examples (repeatable).")
@click.option("--alias", "aliases", multiple=True, help="Replaces the aliases (repeatable).")
@click.option("--lemma", "lemmas", multiple=True, help="Replaces the autocoding lemmas (repeatable).")
@click.option("--color", help='Colour as "#rrggbb".')
@click.option("--author")
@click.option("--origin", type=click.Choice(ORIGINS))
@actor_option
def edit(project: str, code: str, lemmas: tuple[str, ...], actor: str, **options: object) -> None:
    """Change CODE's definition, inclusion, exclusion, examples, aliases, lemmas, colour, author or origin."""
    from coding.codebooks import operations as ops
    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in options.items() if v not in (None, ())}
    with open_existing(project) as p:
        if lemmas:
            rules = json.loads(p.db.execute("SELECT rules FROM codes WHERE id = ?", [resolve_code(p.db, code)]).fetchone()[0] or "{}")
            fields["rules"] = {**rules, "lemmas": list(lemmas)}
        ops.update_code_fields(p, actor, code, **fields)
    click.echo(say("cli.out.changed", fields=joined(sorted(fields))))

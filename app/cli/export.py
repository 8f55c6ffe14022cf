"""`werkbank export ...` (quote bank, findings draft, tables, REFI-QDA project), `import-qdpx`,
`anonymise-check`, `replace` (the name table) and `recommend` (recommendations).

Every export is anonymised; `anonymise-check` exits with 1 when an export would still leak.
"""

from __future__ import annotations

import click


from . import cli
from .common import actor_option, open_existing, print_table, say, say_count, whole

PROJECT = click.argument("project", type=click.Path(exists=True, dir_okay=False))
LAYER = click.option("--layer", default=None, metavar="LAYER",
                     help="Whose codings: a coder, 'consensus' or 'pooled'. Default: the project's default layer.")
ALLOW_UNREVIEWED = click.option("--allow-unreviewed", is_flag=True,
                                help="Export although possible names are not reviewed (see: werkbank names).")


def _layer(project, name: str | None) -> str:
    from coding.team.layers import layer
    from exports.layer_note import layer_label
    return say("cli.out.layer", label=layer_label(layer(project.db, name)))


def _warn(lines: list[str]) -> None:
    for line in lines:
        click.echo(say("cli.out.warning", line=line), err=True)


def _warn_unreviewed(project: object) -> None:
    """Files that carry whole texts (tables, .qdpx) are written, with a warning per open possible name."""
    from exports.gate import describe, unreviewed

    found = unreviewed(project)
    if found:
        _warn([say("cli.out.not_reviewed", line=line) for line in describe(found).splitlines()])


@cli.group()
def export() -> None:
    """Write the project's results for the report (Word, CSV/XLSX, REFI-QDA)."""


@export.command("quotes")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--codebook", help="Only this codebook's codes.")
@click.option("--selected-only", is_flag=True, help="Only quotes flagged as selected for the report.")
@click.option("--context", is_flag=True, help="Add the turn or answer around each quote.")
@click.option("--memo", is_flag=True, help="Add each coding's memo.")
@click.option("--no-source", is_flag=True, help="Leave out the source reference (document, paragraph).")
@click.option("--times", is_flag=True, help="After a transcript quote, when it was said: (document, 00:14:05).")
@LAYER
@ALLOW_UNREVIEWED
def export_quotes(project: str, out: str, codebook: str | None, selected_only: bool, context: bool, memo: bool,
                  no_source: bool, times: bool, layer: str | None, allow_unreviewed: bool) -> None:
    """Write the quote bank as Word: a heading per code, sterktes then groeikansen."""
    from exports.quotes import write_quote_bank

    with open_existing(project) as p:
        result = write_quote_bank(p, out, codebook, selected_only, context, memo, not no_source, times=times,
                                  layer=layer, allow_unreviewed=allow_unreviewed)
        stated = _layer(p, layer)
    _warn(result["warnings"])
    click.echo(say_count("cli.out.wrote_quotes", result["quotes"], out=out, layer=stated))


@export.command("findings")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--codebook", required=True, help="The codebook whose themes make the sections.")
@click.option("--disclaimer/--no-disclaimer", default=True, show_default=True,
              help="Add the paragraph that recommendations do not prefigure policy.")
@LAYER
@ALLOW_UNREVIEWED
def export_findings(project: str, out: str, codebook: str, disclaimer: bool, layer: str | None,
                    allow_unreviewed: bool) -> None:
    """Write a findings draft as Word: per theme counts, balance chart, prevalence, quotes, recommendations."""
    from exports.findings import write_findings

    with open_existing(project) as p:
        result = write_findings(p, out, codebook, disclaimer=disclaimer, layer=layer,
                                allow_unreviewed=allow_unreviewed)
        stated = _layer(p, layer)
    _warn(result["warnings"])
    click.echo(say("cli.out.wrote_findings", themes=whole(result["themes"]), quotes=whole(result["quotes"]),
                   recommendations=whole(result["recommendations"]), out=out, layer=stated))


@export.command("table")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--what", type=click.Choice(["codings", "fragments", "matrix"]), default="codings", show_default=True)
@click.option("--codebook", help="Only this codebook's codes.")
@click.option("--by", default="sector", show_default=True, help="Attribute of the matrix columns.")
@click.option("--selected-only", is_flag=True, help="Codings: only those selected for the report.")
@LAYER
def export_table(project: str, out: str, what: str, codebook: str | None, by: str, selected_only: bool,
                 layer: str | None) -> None:
    """Write codings, fragments or a code x attribute matrix as .csv or .xlsx (formula-safe)."""
    from exports.report_tables import export_table as write

    with open_existing(project) as p:
        write(p, out, what, codebook, by, selected_only, layer)
        stated = _layer(p, layer)
        _warn_unreviewed(p)
    click.echo(say(f"cli.out.wrote_{what}", out=out, layer=stated))


@export.command("qdpx")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False))
def export_qdpx(project: str, out: str) -> None:
    """Write the whole project as a REFI-QDA project (.qdpx) for NVivo, MAXQDA, ATLAS.ti, QualCoder."""
    from exports.qdpx import write_qdpx

    with open_existing(project) as p:
        result = write_qdpx(p, out)
        _warn_unreviewed(p)
    click.echo(say("cli.out.wrote_qdpx", documents=whole(result["documents"]), codings=whole(result["codings"]),
                   out=out))


@cli.command("import-qdpx")
@PROJECT
@click.argument("source", type=click.Path(dir_okay=False))
@actor_option
def import_qdpx(project: str, source: str, actor: str) -> None:
    """Import a REFI-QDA project (.qdpx) from another tool: sources, codes, codings, cases, notes."""
    from coding.importers.qdpx import import_qdpx as read

    with open_existing(project) as p:
        result = read(p, source, actor)
    click.echo(say("cli.out.imported_qdpx", documents=whole(result["documents"]), codes=whole(result["codes"]),
                   codings=whole(result["codings"])))


@cli.command("anonymise-check")
@PROJECT
def anonymise_check(project: str) -> None:
    """List every identity value, known name or unreviewed possible name an export would contain; exit 1 if any."""
    from coding.privacy import anonymise
    from coding.privacy import candidates

    with open_existing(project) as p:
        found = anonymise.leaks(p)
        open_names = candidates.unreviewed(p)
    if not found and not open_names:
        click.echo(say("cli.out.no_leaks"))
        return
    if found:
        print_table(found, ["what", "where", "offset"])
        click.echo(say_count("cli.out.leaks", len(found)), err=True)
    if open_names:
        print_table(open_names, ["name", "kind", "document", "sentence"])
        click.echo(say_count("cli.out.unreviewed", len(open_names)), err=True)
    raise SystemExit(1)


@cli.command("unseal")
@PROJECT
@click.argument("document", required=False)
@click.argument("column", required=False)
@actor_option
def unseal(project: str, document: str | None, column: str | None, actor: str) -> None:
    """Give back a column sealed as identity by mistake (its values become respondent attributes;
    undo seals it again). Without DOCUMENT and COLUMN: list the sealed columns (never their values)."""
    from coding.privacy import sealed

    with open_existing(project) as p:
        if document is None or column is None:
            print_table(sealed.sealed_columns(p.db), ["document", "column", "values"])
            return
        row = p.db.execute("SELECT id FROM documents WHERE name = ? OR CAST(id AS TEXT) = ?",
                           [document, document]).fetchone()
        if row is None:
            raise click.UsageError(say("cli.err.no_document", name=repr(document)))
        count = sealed.unseal_column(p, actor, row[0], column)
    click.echo(say_count("cli.out.unsealed", count, column=repr(column)))


@cli.command("names")
@PROJECT
@click.option("--accept", "accepted", metavar="NAME", help="A name: exports write --as REPLACEMENT for it.")
@click.option("--as", "replacement", metavar="REPLACEMENT", help="What replaces the accepted name.")
@click.option("--reject", "rejected", metavar="NAME", help="Not a name: it no longer holds up an export.")
@click.option("--term", "terms", multiple=True, help="A school or place name to look for (repeatable; adds to the list).")
@click.option("--scan", is_flag=True, help="Look for possible names in every document again.")
@click.option("--open", "only_open", is_flag=True, help="List only the candidates not yet reviewed.")
@actor_option
def names(project: str, accepted: str | None, replacement: str | None, rejected: str | None,
          terms: tuple[str, ...], scan: bool, only_open: bool, actor: str) -> None:
    """Possible names nobody registered ("Mogelijke namen"): list, accept with a replacement, or reject."""
    from coding.privacy import candidates

    if accepted and not replacement:
        raise click.UsageError(say("cli.err.accept_as"))
    with open_existing(project) as p:
        if terms:
            candidates.set_terms(p, actor, candidates.terms(p.db) + list(terms))
        elif scan:
            candidates.scan(p, actor)
        if accepted:
            candidates.accept(p, actor, accepted, replacement or "")
            click.echo(f"{accepted!r} -> {replacement!r}")
        if rejected:
            candidates.reject(p, actor, rejected)
            click.echo(say("cli.out.not_a_name", name=repr(rejected)))
        if not (accepted or rejected):
            print_table(candidates.listing(p.db, "open" if only_open else None),
                        ["name", "kind", "status", "replacement", "occurrences", "documents"])


@cli.command("replace")
@PROJECT
@click.argument("name", required=False)
@click.argument("replacement", required=False)
@click.option("--remove", is_flag=True, help="Take NAME out of the name table.")
@actor_option
def replace(project: str, name: str | None, replacement: str | None, remove: bool, actor: str) -> None:
    """Exports write REPLACEMENT (a pseudonym or role word) for NAME; without arguments, list the table."""
    from coding.privacy import anonymise
    with open_existing(project) as p:
        if name is None:
            print_table(anonymise.replacements(p.db), ["name", "replacement"])
        elif remove:
            anonymise.remove_replacement(p, actor, name)
            click.echo(say("cli.out.replacement_removed", name=repr(name)))
        else:
            if replacement is None:
                raise click.UsageError(say("cli.err.replacement"))
            anonymise.set_replacement(p, actor, name, replacement)
            click.echo(f"{name!r} -> {replacement!r}")


@cli.group(invoke_without_command=True)
@click.pass_context
def recommend(ctx: click.Context) -> None:
    """Recommendations (aanbevelingen): add, list, edit, delete."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@recommend.command("add")
@PROJECT
@click.argument("text")
@click.option("--to", "addressees", multiple=True, help="Addressee, e.g. 'de overheid' (repeatable).")
@click.option("--code", "codes", multiple=True, help="Linked code: codebook:key, key, label or path (repeatable).")
@click.option("--coding", "codings", multiple=True, type=int, help="Linked quote: a coding id (repeatable).")
@actor_option
def recommend_add(project: str, text: str, addressees: tuple[str, ...], codes: tuple[str, ...],
                  codings: tuple[int, ...], actor: str) -> None:
    """Add a recommendation."""
    from coding.reporting import recommendations
    with open_existing(project) as p:
        rec = recommendations.add_recommendation(p, actor, text, list(addressees), list(codes), list(codings))
    click.echo(say("cli.out.recommendation_added", id=rec))


@recommend.command("list")
@PROJECT
def recommend_list(project: str) -> None:
    """List the recommendations with addressees and links."""
    from coding.reporting import recommendations
    with open_existing(project) as p:
        rows = recommendations.recommendations(p.db)
    print_table([{**r, "addressees": "; ".join(r["addressees"]), "code_ids": ",".join(map(str, r["code_ids"])),
                  "coding_ids": ",".join(map(str, r["coding_ids"]))} for r in rows],
                ["id", "text", "addressees", "code_ids", "coding_ids"])


@recommend.command("edit")
@PROJECT
@click.argument("recommendation_id", type=int)
@click.option("--text")
@click.option("--to", "addressees", multiple=True, help="Replaces the addressees.")
@click.option("--code", "codes", multiple=True, help="Replaces the linked codes.")
@click.option("--coding", "codings", multiple=True, type=int, help="Replaces the linked codings.")
@actor_option
def recommend_edit(project: str, recommendation_id: int, text: str | None, addressees: tuple[str, ...],
                   codes: tuple[str, ...], codings: tuple[int, ...], actor: str) -> None:
    """Change a recommendation (options not given stay as they are)."""
    from coding.reporting import recommendations
    with open_existing(project) as p:
        recommendations.update_recommendation(p, actor, recommendation_id, text, list(addressees) or None,
                                              list(codes) or None, list(codings) or None)
    click.echo(say("cli.out.recommendation_changed", id=recommendation_id))


@recommend.command("delete")
@PROJECT
@click.argument("recommendation_id", type=int)
@actor_option
def recommend_delete(project: str, recommendation_id: int, actor: str) -> None:
    """Delete a recommendation (undo brings it back)."""
    from coding.reporting import recommendations
    with open_existing(project) as p:
        recommendations.delete_recommendation(p, actor, recommendation_id)
    click.echo(say("cli.out.recommendation_deleted", id=recommendation_id))

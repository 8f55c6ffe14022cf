"""`werkbank quotes PROJECT select|unselect|move|shorten|form|list`: the quotes chosen for the report.

The same choices as the Fragmenten page: which codings (by id, as `werkbank list PROJECT codings`
shows them) go into the report, their order within their code, a shortened excerpt (words left
out, never added) and the attribution form. Each change is one undoable step (`werkbank undo`).
"""

from __future__ import annotations

import click

from .common import actor_option, open_existing, printable, project_group, say, say_count

FORM = click.Choice(["sjabloon", "rol", "rol_sector", "rol_groep"])
FORM_HELP = "Attribution: the project's template, role, role + sector or role + respondent group."


@project_group
def quotes() -> None:
    """Choose, order and shorten the quotes for the report (used by `export findings` and `export quotes --selected-only`)."""


@quotes.command("select")
@click.argument("codings", nargs=-1, type=int, required=True)
@click.option("--form", type=FORM, default=None, help=FORM_HELP)
@click.option("--shorten", default=None, metavar="TEXT", help="Keep only these words of the fragment (one coding).")
@actor_option
@click.pass_obj
def select(project: str, codings: tuple[int, ...], form: str | None, shorten: str | None, actor: str) -> None:
    """Mark codings for the report, each last among the chosen quotes of its code."""
    from coding.codings import quote_selection as qs
    from coding.store.project import ProjectError

    if shorten is not None and len(codings) != 1:
        raise ProjectError(say("cli.err.shorten_one"))
    with open_existing(project) as p:
        for coding in codings:
            qs.select(p, actor, coding, form)
        if shorten is not None:
            click.echo(printable(_shown(p, codings[0], qs.shorten(p, actor, codings[0], shorten))))
    click.echo(say_count("cli.out.selected", len(codings)))


@quotes.command("unselect")
@click.argument("codings", nargs=-1, type=int, required=True)
@actor_option
@click.pass_obj
def unselect(project: str, codings: tuple[int, ...], actor: str) -> None:
    """Take codings out of the report."""
    from coding.codings import quote_selection as qs

    with open_existing(project) as p:
        for coding in codings:
            qs.unselect(p, actor, coding)
    click.echo(say_count("cli.out.unselected", len(codings)))


@quotes.command("move")
@click.argument("coding", type=int)
@click.option("--up", "direction", flag_value=-1, help="One place earlier.")
@click.option("--down", "direction", flag_value=1, help="One place later.")
@click.option("--by", "steps", type=int, default=None, help="This many places later (negative: earlier).")
@actor_option
@click.pass_obj
def move(project: str, coding: int, direction: int | None, steps: int | None, actor: str) -> None:
    """Move a chosen quote among the chosen quotes of its code."""
    from coding.codings import quote_selection as qs

    with open_existing(project) as p:
        qs.move(p, actor, coding, steps if steps is not None else (direction or 0))
    click.echo(say("cli.out.moved"))


@quotes.command("shorten")
@click.argument("coding", type=int)
@click.argument("words", default="")
@actor_option
@click.pass_obj
def shorten(project: str, coding: int, words: str, actor: str) -> None:
    """Keep only WORDS of the fragment, in order (… where words go); no WORDS: the whole fragment again."""
    from coding.codings import quote_selection as qs

    with open_existing(project) as p:
        click.echo(printable(_shown(p, coding, qs.shorten(p, actor, coding, words or None))))


@quotes.command("form")
@click.argument("coding", type=int)
@click.argument("form", type=FORM)
@actor_option
@click.pass_obj
def form(project: str, coding: int, form: str, actor: str) -> None:
    """Choose how a chosen quote names its speaker."""
    from coding.codings import quote_selection as qs

    with open_existing(project) as p:
        qs.set_form(p, actor, coding, form)
    click.echo(say("cli.out.form_set"))


@quotes.command("list")
@click.option("--codebook", default=None, help="Only this codebook's codes.")
@click.option("--layer", default=None, metavar="LAYER", help="Whose codings: a coder, 'consensus' or 'pooled'.")
@click.pass_obj
def listing(project: str, codebook: str | None, layer: str | None) -> None:
    """The running quote bank: per code and valence, the chosen quotes in report order, anonymised."""
    from exports.gate import describe, frame_spans, unreviewed
    from exports.quotes import quotes as quote_frame

    with open_existing(project) as p:
        frame = quote_frame(p, codebook, selected_only=True, layer=layer)
        heading = None
        for row in frame.to_dict("records"):
            if (row["key"], row["valence"]) != heading:
                heading = (row["key"], row["valence"])
                click.echo(printable(f"{row['label']} ({row['key']}) - {say('valence.' + row['valence'])}"))
            click.echo(printable(f"  {row['coding_id']} \u2018{row['text']}\u2019 ({row['attribution']})"))
        click.echo(say_count("cli.out.chosen", len(frame)))
        found = unreviewed(p, frame_spans(frame))
        for line in describe(found).splitlines() if found else []:
            click.echo(say("cli.out.warning", line=say("cli.out.not_reviewed", line=line)), err=True)


def _shown(project: object, coding: int, text: str) -> str:
    """The shortened quote as the report shows it: anonymised."""
    from coding.privacy.anonymise import anonymiser

    document = project.db.execute("SELECT document_id FROM codings WHERE id = ?", [coding]).fetchone()[0]
    return "\u2018" + anonymiser(project).apply(text, document) + "\u2019"

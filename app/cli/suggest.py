"""`werkbank suggest`, `werkbank autocode` and `werkbank suggest-eval`.

Suggestions are written to a CSV file, never applied: accepting them is the coder's act (the app's
suggestion queue, or `werkbank import-codings` on a file the coder checked).
"""

from __future__ import annotations

import click

from coding.text.scopes import SCOPES
from coding.store.project import Project, ProjectError

from . import cli
from .common import open_existing, print_table, say, say_count, whole

project_argument = click.argument("project", type=click.Path(exists=True, dir_okay=False))
codebook_option = click.option("--codebook", required=True, help="Codebook id (see: werkbank codebook list).")
unit_option = click.option("--unit", "scope", type=click.Choice(SCOPES), default="sentence", show_default=True,
                           help="What one suggestion covers.")
out_option = click.option("--out", required=True, type=click.Path(dir_okay=False), help="CSV file to write.")


def _write_csv(project: Project, path: str, rows: list[dict], columns: tuple[str, ...]) -> None:
    """Through the export gate: anonymised, formula-safe (document names and code labels too)."""
    import pandas as pd

    from exports.gate import write_csv

    write_csv(project, pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=list(columns)), path)


@cli.command()
@project_argument
@codebook_option
@click.option("--train-coder", default=None, help="Learn from this coder's codings (default: everyone's).")
@unit_option
@click.option("--top", default=3, show_default=True, type=click.IntRange(min=1), help="Codes per unit.")
@out_option
def suggest(project: str, codebook: str, train_coder: str | None, scope: str, top: int, out: str) -> None:
    """Propose codes and valences for the units the coder has not coded yet."""
    from coding.suggest import queue as suggestions
    with open_existing(project) as p:
        found = suggestions.suggest(p, codebook, train_coder, scope, top)
        rows = suggestions.suggestion_rows(p.conn, codebook, found)
        _write_csv(p, out, rows, suggestions.CSV_COLUMNS)
    units = len({(r["document"], r["start"]) for r in rows})
    click.echo(say("cli.out.suggestions", count=whole(len(rows)), units=whole(units), out=out))


@cli.command()
@project_argument
@codebook_option
@unit_option
@out_option
def autocode(project: str, codebook: str, scope: str, out: str) -> None:
    """Match the codebook's lemma rules (rules only; score = rule terms matched)."""
    from coding.suggest import queue as suggestions
    with open_existing(project) as p:
        rows = suggestions.suggestion_rows(p.conn, codebook, suggestions.rule_suggestions(p.conn, codebook, scope))
        _write_csv(p, out, rows, (*suggestions.CSV_COLUMNS, "matched"))
    click.echo(say_count("cli.out.rule_matches", len(rows), out=out))


@cli.command("suggest-eval")
@project_argument
@codebook_option
@click.option("--coder", required=True, help="The human coder the suggestions are measured against.")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(min=2))
@click.option("--seed", default=1, show_default=True, type=int, help="Seed of the fold assignment.")
@click.option("--curve", default="10,25,50,100", show_default=True,
              help="Learning curve: percentages of each training fold to train on ('' for none).")
@unit_option
def suggest_eval(project: str, codebook: str, coder: str, folds: int, seed: int, curve: str, scope: str) -> None:
    """Cross-validate suggestions against a coder: model, rules alone and most-frequent, same folds,
    and the model's learning curve."""
    from coding.suggest.evaluate import evaluate
    try:
        shares = tuple(float(x) / 100 for x in curve.split(",") if x.strip())
    except ValueError:
        raise ProjectError(say("cli.err.curve", value=repr(curve))) from None
    with open_existing(project) as p:
        result = evaluate(p.conn, codebook, coder, folds, scope, seed, shares)
    click.echo(say("cli.out.eval_head", units=whole(result.units), coder=coder, folds=result.folds, seed=seed,
                   unit=say(f"cli.unit.{scope}")))
    print_table(_figures(result.summary))
    if result.curve is not None:
        click.echo("\n" + say("cli.out.learning_curve"))
        print_table(_figures(result.curve))
    click.echo("")
    print_table(_figures(result.per_code))


def _figures(frame: pd.DataFrame) -> list[dict]:
    """A result table's rows for people: fractions with three decimals in the language's format, the methods
    by their names in that language, an empty cell where a figure is undefined."""
    from app.formats import number

    def shown(column: str, value: object) -> object:
        if column == "method":
            return say(f"cli.method.{value}")
        if isinstance(value, float):
            return "" if value != value else number(value, 3)
        return value

    return [{c: shown(c, v) for c, v in row.items()} for row in frame.to_dict("records")]

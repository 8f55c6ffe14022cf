"""`werkbank analyse`: the analysis tables and charts, written to a file.

The file type picks the output: .csv / .xlsx write the table, .png / .svg / .html the chart
drawn from that same table.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from coding.store.model import SECTOR
from coding.store.project import Project, ProjectError

from . import cli
from .common import joined, open_existing, say, whole

ANALYSES = ("frequencies", "balance", "matrix", "sources", "cooccurrence", "overview", "ratings")
FILTERED = ("frequencies", "balance", "matrix", "sources", "cooccurrence")


def parse_filters(items: tuple[str, ...]) -> dict[str, list[str]]:
    """`key=value` options as filters; a key given twice matches either value."""
    filters: dict[str, list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ProjectError(say("cli.err.filter_pairs", value=repr(item)))
        filters.setdefault(key.strip(), []).append(value.strip())
    return filters


def _build(project: Project, name: str, opts: dict[str, Any]) -> tuple[pd.DataFrame, Callable[[], Any]]:
    """(the table to write, a function drawing the chart) for one analysis."""
    from coding import analysis
    from coding.analysis import charts
    codebook, by, filters, measure = opts["codebook"], opts["by"], opts["filters"], opts["measure"]
    if name == "frequencies":
        table = analysis.frequencies(project, codebook, filters, by, opts["rollup"])
        return table, lambda: charts.frequency_chart(table, measure, by)
    if name == "balance":
        table = analysis.balance(project, codebook, by, measure, filters, opts["rollup"])
        return table, lambda: charts.balance_chart(table, by)
    if name == "matrix":
        if not by:
            raise ProjectError(say("cli.err.matrix_by"))
        matrix = analysis.code_matrix(project, by, codebook, measure, filters, opts["rollup"])
        return analysis.pivot(matrix, by, opts["value"]), lambda: charts.matrix_chart(matrix, by, opts["value"])
    if name == "sources":
        table = analysis.sources(project, codebook, filters)
        return table, lambda: charts.sources_chart(table)
    if name == "cooccurrence":
        table = analysis.cooccurrence(project, codebook, filters)
        return table.drop(columns=["order_a", "order_b"]), lambda: charts.cooccurrence_chart(table)
    if name == "overview":
        if by:
            table = analysis.mailbox_crosstab(project, columns=by)
            return table, lambda: charts.crosstab_chart(table, SECTOR)
        table = analysis.overview(project)
        return table, lambda: charts.overview_chart(table)
    table = analysis.rating_summary(project, by or SECTOR)
    return table, lambda: charts.ratings_chart(table, by or SECTOR)


@cli.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.argument("name", metavar="ANALYSIS", type=click.Choice(ANALYSES))
@click.option("--codebook", help="Codebook id (default: all codebooks).")
@click.option("--by", help="Attribute to split by (sector, rol, respondentgroep, onderwijsnet, kind, document ...).")
@click.option("--filter", "filter_items", multiple=True, metavar="KEY=VALUE",
              help="Keep codings whose attribute (or kind, document, session, coder, valence) has this value; "
                   "repeat for more (same key twice = either value).")
@click.option("--layer", default=None, metavar="LAYER",
              help="Whose codings: a coder, 'consensus' or 'pooled' (all coders). Default: the project's default "
                   "layer (consensus, else the primary coder; reliability coders never pooled).")
@click.option("--measure", type=click.Choice(["fragments", "speakers", "documents", "sessions"]), default="fragments",
              show_default=True, help="What balance and matrix count (balance: fragments or speakers).")
@click.option("--value", type=click.Choice(["count", "row_share", "column_share"]), default="count",
              show_default=True, help="Matrix cells: counts or row/column shares.")
@click.option("--no-rollup", "rollup", flag_value=False, default=True,
              help="Count each code's own codings only (default: a parent includes its subtree).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="Output file: .csv or .xlsx (table), .png, .svg or .html (chart).")
def analyse(project: str, name: str, codebook: str | None, by: str | None, filter_items: tuple[str, ...],
            layer: str | None, measure: str, value: str, rollup: bool, out: str) -> None:
    """Write an analysis table or chart: frequencies, balance, matrix, sources, cooccurrence, overview, ratings."""
    from exports import gate
    from exports.charts import CHART_SUFFIXES
    from exports.tables import TABLE_SUFFIXES
    suffix = Path(out).suffix.lower()
    if suffix not in TABLE_SUFFIXES + CHART_SUFFIXES:
        raise ProjectError(say("cli.err.out_suffix", suffixes=joined(TABLE_SUFFIXES + CHART_SUFFIXES),
                                  given=suffix or say("cli.out.nothing")))
    filters = parse_filters(filter_items)
    for given, option in ((filters, "--filter"), (layer, "--layer")):
        if given and name not in FILTERED:
            raise ProjectError(say("cli.err.not_filtered", option=option, name=name))
    if layer:
        filters["layer"] = [layer]
    with open_existing(project) as p:
        from coding.analysis import layer_of
        chosen = layer_of(p, filters) if name in FILTERED else None
        table, chart = _build(p, name, {"codebook": codebook, "by": by, "filters": filters, "measure": measure,
                                        "value": value, "rollup": rollup})
        from exports.layer_note import layer_label
        stated = say("cli.out.layer", label=layer_label(chosen)) if chosen else None
        if suffix in TABLE_SUFFIXES:
            if chosen:  # every row says whose codings it counts, so a copied table still does
                table = table.copy()
                table.insert(0, "layer", layer_label(chosen))
            gate.write_table(p, table, out, sheet=name)
            click.echo(say("cli.out.wrote_rows", out=out, rows=whole(len(table))))
        else:
            drawn = chart()
            if stated:  # the caption: whose codings, and under which filters
                shown = {k: v for k, v in filters.items() if k != "layer"}
                wheres = "; ".join(f"{k}={','.join(v)}" for k, v in shown.items())
                drawn = drawn.properties(title=[stated, say("cli.out.chart_filters", filters=wheres or say("cli.out.none"))])
            gate.save_chart(p, drawn, out)
            click.echo(say("cli.out.wrote", out=out))
    if stated:
        click.echo(stated)

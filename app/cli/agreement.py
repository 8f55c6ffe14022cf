"""`werkbank agreement` (intercoder agreement table + readable summary) and `werkbank assign`
(blind second coding of documents or a seeded sample of units)."""

from __future__ import annotations

from pathlib import Path

import click

from coding.team import assignments
from coding.store.model import AGREEMENT_UNITS
from coding.store.project import ProjectError

from . import cli
from .common import beheerder_by_option as assigner_option, open_existing, say, say_count


def _names(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


@cli.command("agreement")
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("--coders", required=True, help="Comma-separated coders to compare, e.g. evaluator1,evaluator2.")
@click.option("--unit", type=click.Choice(AGREEMENT_UNITS), default="sentence", show_default=True,
              help="The unit agreement is counted over.")
@click.option("--codes", default=None, help="Comma-separated code keys (default: every code used).")
@click.option("--threshold", type=float, default=0.0, show_default=True,
              help="Share of a unit a coder's codings must cover for the unit to count as coded (0 = any overlap).")
@click.option("--segment-overlap", type=float, default=90.0, show_default=True,
              help="Segment agreement: minimum overlap in percent (intersection over union).")
@click.option("--resamples", type=int, default=1000, show_default=True, help="Bootstrap resamples (0 = no intervals).")
@click.option("--seed", type=int, default=1, show_default=True, help="Bootstrap seed.")
@click.option("--documents", default=None, help="Comma-separated document names (default: those every coder coded).")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write the table as CSV here.")
def agreement_command(project: str, coders: str, unit: str, codes: str | None, threshold: float,
                      segment_overlap: float, resamples: int, seed: int, documents: str | None, out: str | None) -> None:
    """Intercoder agreement per code and overall, with the conventions spelled out."""
    from app.agreement_text import notes, summary
    from coding.agreement.measure import agreement
    if resamples < 0:
        raise ProjectError(say("cli.err.resamples"))
    with open_existing(project) as p:
        result = agreement(p, _names(coders), unit, _names(codes) or None, threshold, segment_overlap, resamples,
                           seed, _names(documents) or None)
        if out:
            from exports.gate import write_csv

            Path(out).parent.mkdir(parents=True, exist_ok=True)
            write_csv(p, result.table, out, float_format="%.4f")
            Path(out).with_suffix(".notes.txt").write_text("\n".join(notes(result, "cli.agree.sample")) + "\n",
                                                           encoding="utf-8")
    click.echo(summary(result))
    if out:
        click.echo(say("cli.out.agreement_table", out=out, notes=Path(out).with_suffix(".notes.txt")))


@cli.command("assign")
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.option("--coder", "coder", required=True, help="The coder who gets the assignment (codes blind).")
@click.option("--documents", default=None, help="Comma-separated document names to assign whole.")
@click.option("--sample", type=int, default=None, help="Assign a random sample of this many units instead.")
@click.option("--unit", type=click.Choice(assignments.SAMPLE_UNITS), default="sentence", show_default=True)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the sample (same seed, same sample).")
@assigner_option
def assign_command(project: str, coder: str, documents: str | None, sample: int | None, unit: str, seed: int,
                   actor: str) -> None:
    """Assign documents, or a seeded random sample of units, to a second coder who codes blind."""
    if (documents is None) == (sample is None):
        raise ProjectError(say("cli.err.documents_or_sample"))
    with open_existing(project) as p:
        if sample is not None:
            ids = assignments.assign_sample(p, actor, coder, sample, unit, seed)
            click.echo(say_count("cli.out.assigned_sample", len(ids), unit=say(f"cli.unit.{unit}"), seed=seed,
                                 coder=coder))
        else:
            made = assignments.assign_documents(p, actor, coder, _names(documents))
            click.echo(say_count("cli.out.assigned_documents", made, coder=coder))

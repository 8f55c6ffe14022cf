"""`werkbank demo`, `werkbank app` and `werkbank import-codings`."""

from __future__ import annotations

from pathlib import Path

import click


from . import cli
from coding.store.project import ProjectError

from .common import ROLE, actor_option, joined, open_existing, say, say_count


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
def demo(path: str) -> None:
    """Build the demo project (corpora, codebooks, a first coder's codings) at PATH."""
    from coding.demo import build_demo, default_path
    build_demo(path, say=lambda line: click.echo(line, err=True))
    click.echo(say("cli.out.demo", out=path))


@cli.command()
@click.argument("project", required=False, type=click.Path(dir_okay=False))
@click.option("--port", default=8501, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Listen address. Beyond this machine (e.g. 0.0.0.0) the project needs accounts "
                   "('werkbank users'); see the README.")
@click.option("--name", "names", multiple=True,
              help="A host name browsers reach the server by (e.g. werkbank.school.be behind a proxy); "
                   "other Host headers are refused. Repeatable.")
@click.option("--projects-dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="Serve the Werkbank projects with accounts in this folder instead of one PROJECT; "
                   "the login asks which one.")
def app(project: str | None, port: int, host: str, names: tuple[str, ...], projects_dir: str | None) -> None:
    """Open the app in the browser. Without PROJECT: the demo project (built on first run)."""
    from coding.demo import build_demo, default_path
    from app.gate import is_local
    from app.launch import run, run_folder

    tell = lambda line: click.echo(line, err=True)  # noqa: E731
    if projects_dir is not None:
        if project is not None:
            raise click.UsageError(say("cli.err.project_or_dir"))
        click.echo(say("cli.out.serving", url=f"http://{host}:{port}"), err=True)
        raise SystemExit(run_folder(projects_dir, port=port, host=host, names=names, say=tell))
    if project is None:
        if not is_local(host):
            raise click.UsageError(say("cli.err.name_the_project"))
        target = default_path()
        if not target.exists():
            click.echo(say("cli.out.building_demo", out=target), err=True)
            build_demo(target, say=lambda line: click.echo(f"  {line}", err=True))
        project = str(target)
    if not is_local(host) and not names:
        click.echo(say("cli.out.name_note"), err=True)
    click.echo(say("cli.out.serving", url=f"http://{host}:{port}"), err=True)
    raise SystemExit(run(project, port=port, host=host, names=names, say=lambda line: click.echo(line, err=True)))


@cli.command("import-codings")
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--codebook", "codebook_id", default=None, help="Resolve code ids in this codebook.")
@click.option("--default-coder", default=None, help="Coder for rows without a coder column.")
@actor_option
def import_codings_command(project: str, file: str, codebook_id: str | None, default_coder: str | None,
                           actor: str) -> None:
    """Import codings from a CSV (document,start,end,code[,valence,coder,question,quote,memo])."""
    from coding.importers.codings_csv import import_codings, read_rows
    rows = read_rows(file)
    role = click.get_current_context().meta.get(ROLE)
    if role not in (None, "beheerder"):
        # an account imports its own codings only: the file's coder column may name nobody else
        others = sorted({r["coder"].strip() for r in rows if (r.get("coder") or "").strip() not in ("", actor)})
        if others or default_coder not in (None, actor):
            raise ProjectError(say("cli.err.own_codings_only", role=role, others=joined(others) or default_coder))
        default_coder = actor
    outcome: dict = {}
    with open_existing(project) as p:
        count = import_codings(p, rows, actor, coder=default_coder, codebook_id=codebook_id, outcome=outcome)
    click.echo(say_count("cli.out.imported_codings", count, file=Path(file).name))
    if outcome["moved"]:
        click.echo(say("cli.out.codings_moved_by_history", moves=joined(
            [f"{old} -> {new} ({n}x)" for (old, new), n in sorted(outcome["moved"].items())])))

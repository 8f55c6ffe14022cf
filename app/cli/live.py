"""`werkbank live ...`: list sessions, add prepared points, write the draaiboek, mindmap and report."""

from __future__ import annotations

import click


from . import cli
from .common import actor_option, open_existing, print_table, say, say_count


@cli.group()
def live() -> None:
    """Live group sessions: prepare, report (capture happens in the app)."""


@live.command("list")
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
def list_sessions(project: str) -> None:
    """List the live sessions with their participants and points."""
    from coding.live import session as sessions
    with open_existing(project) as p:
        print_table(sessions.sessions(p.db.conn).to_dict("records"))


@live.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.argument("session", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@actor_option
def prepared(project: str, session: int, file: str, actor: str) -> None:
    """Attach prepared points from a CSV/XLSX (columns deelnemer, punt, optional code)."""
    from coding.live import session as sessions
    with open_existing(project) as p:
        count = sessions.add_prepared_points(p, actor, session, sessions.read_prepared_points(file))
    click.echo(say_count("cli.out.prepared", count))


@live.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.argument("session", type=int)
@click.argument("out", type=click.Path(dir_okay=False))
def draaiboek(project: str, session: int, out: str) -> None:
    """Write the facilitator's draaiboek (.docx)."""
    from exports import gate, live_docs
    with open_existing(project) as p:
        click.echo(say("cli.out.wrote", out=gate.anonymise_docx(p, live_docs.draaiboek(p.db.conn, session, out))))


@live.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.argument("session", type=int)
@click.argument("out", type=click.Path(dir_okay=False))
def mindmap(project: str, session: int, out: str) -> None:
    """Write the session's mindmap (.png or .svg)."""
    from exports import gate, live_docs
    with open_existing(project) as p:
        click.echo(say("cli.out.wrote", out=gate.save_mindmap(p, session, out)))


@live.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.argument("session", type=int)
@click.argument("out", type=click.Path(dir_okay=False))
def report(project: str, session: int, out: str) -> None:
    """Write the member-check session report (.docx)."""
    from exports import gate, live_docs
    with open_existing(project) as p:
        click.echo(say("cli.out.wrote", out=gate.anonymise_docx(p, live_docs.session_report(p.db.conn, session, out))))

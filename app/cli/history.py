"""`werkbank init`, `undo` and `redo`."""

from __future__ import annotations

import click

from coding.store import history
from coding.store.project import open_project
from app.strings import action_label

from . import cli
from .common import actor_option, open_existing, say


@cli.command()
@click.argument("project", type=click.Path(dir_okay=False))
def init(project: str) -> None:
    """Create an empty project file."""
    with open_project(project, create=True):
        pass
    click.echo(say("cli.out.created", project=project))


@cli.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@actor_option
def undo(project: str, actor: str) -> None:
    """Undo your most recent change."""
    with open_existing(project) as p:
        event = history.undo(p, actor)
    click.echo(say("cli.out.undone", action=action_label(event["action"]), id=event["id"]))


@cli.command()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@actor_option
def redo(project: str, actor: str) -> None:
    """Redo your most recently undone change."""
    with open_existing(project) as p:
        event = history.redo(p, actor)
    click.echo(say("cli.out.redone", action=action_label(event["action"]), id=event["id"]))

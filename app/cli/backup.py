"""`werkbank backup` and `werkbank restore`: snapshots of a project file (see coding.store.backup)."""

from __future__ import annotations

import click


from . import cli
from .common import actor_option, say


@cli.command("backup")
@click.argument("project", type=click.Path(dir_okay=False))
@click.option("--to", "dest", type=click.Path(dir_okay=False), default=None,
              help="Write the backup to this file (default: the project's .backups folder, newest 10 kept).")
def backup_command(project: str, dest: str | None) -> None:
    """Back up PROJECT safely, even while others are working in it."""
    from coding.store.backup import backup, folder, restore
    made = backup(project, dest)
    click.echo(say("cli.out.backup", out=made))


@cli.command("restore")
@click.argument("project", type=click.Path(dir_okay=False))
@click.argument("backup_file", metavar="BACKUP", type=click.Path(dir_okay=False))
@actor_option
def restore_command(project: str, backup_file: str, actor: str) -> None:
    """Replace PROJECT's contents with BACKUP (the current state is backed up first)."""
    from coding.store.backup import backup, folder, restore
    saved = restore(project, backup_file, actor)
    click.echo(say("cli.out.restored", backup=backup_file, project=project, saved=saved, folder=folder(project)))

"""`werkbank users PROJECT add|remove|role|passwd|link|list`: the login accounts of a team project.

Passwords are never taken on the command line (they would show in `ps` and the shell history):
they are asked for at a hidden prompt, or read from the environment for scripts. Once the project
has accounts only a beheerder (`--user NAME`, own password in $WERKBANK_PASSWORD) changes them; the
new password then comes from $WERKBANK_NEW_PASSWORD (before the first account: $WERKBANK_PASSWORD).
"""

from __future__ import annotations

import os

import click

from . import cli
from .common import ENV_PASSWORD, LOGGED_IN, beheerder_option, open_existing, print_table, say

ENV_NEW_PASSWORD = "WERKBANK_NEW_PASSWORD"


def _password() -> str:
    logged_in = click.get_current_context().meta.get(LOGGED_IN)
    given = os.environ.get(ENV_NEW_PASSWORD) or (None if logged_in else os.environ.get(ENV_PASSWORD))
    if given:
        return given
    return click.prompt(say("cli.out.password"), hide_input=True, confirmation_prompt=True)


@cli.group()
@click.argument("project", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def users(ctx: click.Context, project: str) -> None:
    """Login accounts of PROJECT: with at least one, every browser session must log in."""
    ctx.obj = project


@users.command("list")
@click.pass_obj
def list_users(project: str) -> None:
    """List the accounts, their roles and the organisation sign-in identity each is linked to."""
    with open_existing(project) as p:
        rows = list(p.db.query("SELECT name, role, oidc FROM accounts ORDER BY name"))
    print_table(rows, ["name", "role", "oidc"])


@users.command("add")
@click.pass_obj
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["beheerder", "codeur", "procesbegeleider", "lezer"]))
@beheerder_option
def add_user(project: str, name: str, role: str, actor: str) -> None:
    """Add an account (password at a prompt or from $WERKBANK_PASSWORD)."""
    from coding.team.accounts import add
    with open_existing(project) as p:
        made = add(p, actor, name, role, _password())
    click.echo(say("cli.out.account_added", name=made.name, role=made.role))


@users.command("remove")
@click.pass_obj
@click.argument("name")
@beheerder_option
def remove_user(project: str, name: str, actor: str) -> None:
    """Remove an account (its codings stay, under its name)."""
    from coding.team.accounts import remove
    with open_existing(project) as p:
        remove(p, actor, name)
    click.echo(say("cli.out.account_removed", name=name))


@users.command("role")
@click.pass_obj
@click.argument("name")
@click.argument("role", type=click.Choice(["beheerder", "codeur", "procesbegeleider", "lezer"]))
@beheerder_option
def role_user(project: str, name: str, role: str, actor: str) -> None:
    """Give an account another role."""
    from coding.team.accounts import set_role
    with open_existing(project) as p:
        changed = set_role(p, actor, name, role)
    click.echo(say("cli.out.account_role", name=changed.name, role=changed.role))


@users.command("passwd")
@click.pass_obj
@click.argument("name")
@beheerder_option
def passwd_user(project: str, name: str, actor: str) -> None:
    """Set a new password (at a prompt or from $WERKBANK_PASSWORD)."""
    from coding.team.accounts import set_password
    with open_existing(project) as p:
        set_password(p, actor, name, _password())
    click.echo(say("cli.out.password_changed", name=name))


@users.command("link")
@click.pass_obj
@click.argument("name")
@click.option("--oidc", "identity", required=True,
              help="The e-mail address (or subject) the organisation's sign-in reports; '' unlinks.")
@beheerder_option
def link_user(project: str, name: str, identity: str, actor: str) -> None:
    """Let NAME also log in through the organisation's sign-in (OpenID Connect) as IDENTITY."""
    from coding.team.accounts import link
    with open_existing(project) as p:
        link(p, actor, name, identity)
    click.echo(say("cli.out.account_linked", name=name, identity=identity) if identity.strip()
               else say("cli.out.account_unlinked", name=name))

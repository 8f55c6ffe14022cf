"""`werkbank users PROJECT add|remove|role|passwd|link|list`: the login accounts of a team project.

Passwords are never taken on the command line (they would show in `ps` and the shell history):
they are asked for at a hidden prompt, or read from the environment for scripts. Once the project
has accounts only a beheerder (`--user NAME`, own password in $WERKBANK_PASSWORD) changes them; the
new password then comes from $WERKBANK_NEW_PASSWORD (before the first account: $WERKBANK_PASSWORD).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import click

from .common import ENV_PASSWORD, LOGGED_IN, beheerder_option, open_existing, print_table, project_group, say

ENV_NEW_PASSWORD = "WERKBANK_NEW_PASSWORD"


def _password() -> str:
    logged_in = click.get_current_context().meta.get(LOGGED_IN)
    given = os.environ.get(ENV_NEW_PASSWORD) or (None if logged_in else os.environ.get(ENV_PASSWORD))
    if given:
        return given
    return click.prompt(say("cli.out.password"), hide_input=True, confirmation_prompt=True)


@project_group
def users() -> None:
    """Login accounts of PROJECT: with at least one, every browser session must log in."""


@users.command("list")
@click.pass_obj
def list_users(project: str) -> None:
    """List the accounts, their roles and the organisation sign-in identity each is linked to."""
    with open_existing(project) as p:
        rows = list(p.db.query("SELECT name, role, oidc FROM accounts ORDER BY name"))
    print_table(rows, ["name", "role", "oidc"])


ROLES = click.Choice(["beheerder", "codeur", "procesbegeleider", "lezer"])


def _account_command(name: str, *params: Callable) -> Callable:
    """A `users` subcommand about one account NAME (then `params`), done by a beheerder."""
    def decorate(function: Callable) -> Callable:
        function = beheerder_option(function)
        for param in reversed(params):
            function = param(function)
        return users.command(name)(click.pass_obj(click.argument("name")(function)))
    return decorate


def _change(project: str, action: str, *args: object):
    """One change to the accounts (coding.team.accounts.`action`), in one write; what it returns."""
    from coding.team import accounts

    with open_existing(project) as p:
        return getattr(accounts, action)(p, *args)


@_account_command("add", click.option("--role", required=True, type=ROLES))
def add_user(project: str, name: str, role: str, actor: str) -> None:
    """Add an account (password at a prompt or from $WERKBANK_PASSWORD)."""
    made = _change(project, "add", actor, name, role, _password())
    click.echo(say("cli.out.account_added", name=made.name, role=made.role))


@_account_command("remove")
def remove_user(project: str, name: str, actor: str) -> None:
    """Remove an account (its codings stay, under its name)."""
    _change(project, "remove", actor, name)
    click.echo(say("cli.out.account_removed", name=name))


@_account_command("role", click.argument("role", type=ROLES))
def role_user(project: str, name: str, role: str, actor: str) -> None:
    """Give an account another role."""
    changed = _change(project, "set_role", actor, name, role)
    click.echo(say("cli.out.account_role", name=changed.name, role=changed.role))


@_account_command("passwd")
def passwd_user(project: str, name: str, actor: str) -> None:
    """Set a new password (at a prompt or from $WERKBANK_PASSWORD)."""
    _change(project, "set_password", actor, name, _password())
    click.echo(say("cli.out.password_changed", name=name))


@_account_command("link", click.option(
    "--oidc", "identity", required=True,
    help="The e-mail address (or subject) the organisation's sign-in reports; '' unlinks."))
def link_user(project: str, name: str, identity: str, actor: str) -> None:
    """Let NAME also log in through the organisation's sign-in (OpenID Connect) as IDENTITY."""
    _change(project, "link", actor, name, identity)
    click.echo(say("cli.out.account_linked", name=name, identity=identity) if identity.strip()
               else say("cli.out.account_unlinked", name=name))

"""Helpers the command modules share: opening the project argument, printing tables."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

import click

from coding.store.project import Project, ProjectError, open_project


def default_actor() -> str:
    """Who is acting: WERKBANK_CODER, else the login name."""
    return os.environ.get("WERKBANK_CODER") or os.environ.get("USER") or "werkbank"


def open_existing(path: str) -> Project:
    return open_project(path)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def printable(text: object) -> str:
    """Text for the terminal: control characters (escape sequences, tabs, line breaks) become one space,
    so a label in an imported file cannot move the cursor, recolour or rewrite what is shown."""
    return _CONTROL.sub(" ", str(text))


# What the CLI offers for what a core error asks; the error itself names no option (a page has none).
OPTION_HINTS = {
    "importers.parsed.already_imported": "cli.hint.force",
    "importers.parsed.name_taken": "cli.hint.name_or_force",
    "importers.remap.no_kept_layout": "cli.hint.force",
    "importers.update.no_earlier_import": "cli.hint.name",
    "agreement.measure.two_coders_needed": "cli.hint.coders",
    "importers.codings_csv.no_coder": "cli.hint.coder",
    "store.project.no_project": "cli.hint.init",
    "privacy.candidates.not_a_candidate": "cli.hint.names",
}


def click_in_language() -> None:
    """Click's own texts ("Usage:", "Missing argument") from our catalogs: click looks them up with
    gettext's default domain, which knows nothing of WERKBANK_LANG. Not those of click.decorators: it
    says "Show this message and exit." at every call, and a help page puts that in our language itself
    (`app.cli._InLanguage`), so a command that shows no help never loads a catalog."""
    import click.core
    import click.exceptions
    import click.formatting

    from app.strings import t

    for module in (click.core, click.exceptions, click.formatting):
        module._ = t  # type: ignore[attr-defined]


def project_group(function: Callable[[], None]) -> click.Group:
    """A `werkbank NAME PROJECT SUBCOMMAND ...` group named after `function`, with its docstring as help:
    PROJECT is checked once and each subcommand receives it (`@click.pass_obj`)."""
    from . import cli

    def group(ctx: click.Context, project: str) -> None:
        ctx.obj = project

    group.__doc__, group.__module__ = function.__doc__, function.__module__
    project = click.argument("project", type=click.Path(exists=True, dir_okay=False))
    return cli.group(name=function.__name__)(project(click.pass_context(group)))


def error_line(error: Exception) -> str:
    """A core error for the terminal, in the user's language, with the option that helps if there is one."""
    from app.strings import t

    hint = OPTION_HINTS.get(getattr(error, "code", ""))
    return printable(t("cli.error", message=error) + (f" ({t(hint)})" if hint else ""))


def say(key: str, /, **values: object) -> str:
    """A result line in the user's language (app/locale, key `cli.out.*`), control characters removed."""
    from app.strings import t

    return printable(t(key, **values))


def say_count(key: str, count: int, /, **values: object) -> str:
    """`say` for a line about `count` things: `key.one` for one, the count in the language's number format."""
    from app.strings import tn

    return printable(tn(key, count, count=whole(count), **values))


def whole(count: int) -> str:
    """A count as the user's language writes it (1.234 in Dutch, 1,234 in English)."""
    from app.formats import number

    return number(count, 0)


def joined(items: Iterable[object]) -> str:
    """Items joined as the user's language joins them: "a, b en c" / "a, b and c"."""
    from app.formats import joined

    return joined([str(item) for item in items])


def heading(column: str) -> str:
    """A table column's heading in the user's language (key `cli.col.NAME`); a column without one as it is."""
    from app.strings import t

    text = t(f"cli.col.{column}")
    return column if text == f"cli.col.{column}" else text


def print_table(rows: Iterable[dict[str, Any]], columns: list[str] | None = None) -> None:
    """Print rows as a tab-separated table with a header line (easy to read, easy to pipe); the header in
    the user's language, the values as they are stored."""
    rows = list(rows)
    if columns is None:
        columns = list(rows[0]) if rows else []
    click.echo("\t".join(heading(c) for c in columns))
    for row in rows:
        click.echo("\t".join("" if row.get(c) is None else printable(row.get(c)) for c in columns))


ENV_PASSWORD = "WERKBANK_PASSWORD"
LOGGED_IN = "werkbank.logged_in"
ROLE = "werkbank.role"  # the acting account's role, None on a project without accounts


def _project_argument(ctx: click.Context) -> str | None:
    """The PROJECT argument of this command or of its group (`werkbank users PROJECT ...`)."""
    while ctx is not None:
        if isinstance(ctx.params.get("project"), str):
            return ctx.params["project"]
        ctx = ctx.parent
    return None


def _password_for(name: str) -> str:
    given = os.environ.get(ENV_PASSWORD)
    if given:
        return given
    return click.prompt(say("cli.out.password_of", name=name), hide_input=True, err=True)


def acting_account(project_path: str | None, typed: str, user: str | None, typed_given: bool, flag: str,
                   beheerder_only: bool = False) -> tuple[str, str | None]:
    """Who makes a change. On a project with accounts: the account `--user` names, once its password
    (from $WERKBANK_PASSWORD or a hidden prompt) matches the stored hash; a typed coder name is refused,
    so nobody changes codings under a colleague's name. Without accounts: the typed name, as before.
    Returns the name and the account's role (None without accounts)."""
    from coding.team.accounts import has_accounts, verify

    if project_path is None or not os.path.isfile(project_path):
        return typed, None  # the command itself says what is wrong with the path
    with open_project(project_path) as project:
        if not has_accounts(project.db.conn):
            if user:
                raise ProjectError(say("cli.err.no_accounts", flag=flag))
            return typed, None
        if not user:
            raise ProjectError(say("cli.err.flag_alone" if typed_given else "cli.err.no_account_given", flag=flag,
                                   env=ENV_PASSWORD))
        if typed_given:
            raise ProjectError(say("cli.err.user_is_coder", flag=flag))
        found = verify(project.db.conn, user, _password_for(user))
    if found is None:
        raise ProjectError(say("cli.err.login"))
    if found.role == "lezer":
        raise ProjectError(say("cli.err.reader", name=found.name))
    if beheerder_only and found.role != "beheerder":
        raise ProjectError(say("cli.err.beheerder_only", name=found.name, role=found.role))
    return found.name, found.role


def _acting_option(flag: str, beheerder_only: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`flag` (a typed coder name, for projects without accounts) plus `--user` (an account)."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            ctx = click.get_current_context()
            typed_given = ctx.get_parameter_source("actor") is click.core.ParameterSource.COMMANDLINE
            user = kwargs.pop("acting_user")
            kwargs["actor"], ctx.meta[ROLE] = acting_account(_project_argument(ctx), kwargs["actor"], user, typed_given, flag,
                                             beheerder_only)
            ctx.meta[LOGGED_IN] = user is not None  # $WERKBANK_PASSWORD was this account's own password
            return command(*args, **kwargs)

        run = click.option("--user", "acting_user", default=None, envvar="WERKBANK_USER",
                           help="Act as this account (projects with accounts; password from "
                                "$WERKBANK_PASSWORD or a prompt).")(run)
        return click.option(flag, "actor", default=default_actor, show_default="$WERKBANK_CODER / $USER",
                            help="Who makes the change on a project without accounts (recorded in the event "
                                 "log).")(run)

    return decorate


actor_option = _acting_option("--coder")
beheerder_option = _acting_option("--coder", beheerder_only=True)
beheerder_by_option = _acting_option("--by", beheerder_only=True)  # `assign`, where --coder is the assignee

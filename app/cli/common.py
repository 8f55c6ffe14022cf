"""Helpers the command modules share: opening the project argument, printing tables."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

import click

from coding.store.project import Project, open_project


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
    """Click's own texts ("Usage:", "Show this message and exit.") from our catalogs: click looks them
    up with gettext's default domain, which knows nothing of WERKBANK_LANG."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting

    from app.strings import t

    for module in (click.core, click.decorators, click.exceptions, click.formatting):
        module._ = t  # type: ignore[attr-defined]


def error_line(error: Exception) -> str:
    """A core error for the terminal, in the user's language, with the option that helps if there is one."""
    from app.strings import t

    hint = OPTION_HINTS.get(getattr(error, "code", ""))
    return printable(t("cli.error", message=error) + (f" ({t(hint)})" if hint else ""))


def print_table(rows: Iterable[dict[str, Any]], columns: list[str] | None = None) -> None:
    """Print rows as a tab-separated table with a header line (easy to read, easy to pipe)."""
    rows = list(rows)
    if columns is None:
        columns = list(rows[0]) if rows else []
    click.echo("\t".join(columns))
    for row in rows:
        click.echo("\t".join("" if row.get(c) is None else printable(row.get(c)) for c in columns))


actor_option = click.option("--coder", "actor", default=default_actor, show_default="$WERKBANK_CODER or $USER",
                            help="Who makes the change (recorded in the event log).")

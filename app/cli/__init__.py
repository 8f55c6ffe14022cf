"""The `werkbank` command line: everything batch. Each module in this package adds its commands.

Errors the user can act on (`ProjectError`) print as one line on stderr with exit code 1.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from coding.store.project import ProjectError


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except ProjectError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="werkbank")
def cli() -> None:
    """Werkbank: code qualitative evaluation data, locally."""


def _load_commands() -> None:
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_"):
            continue
        importlib.import_module(f"{__name__}.{module.name}")


def main() -> None:
    _load_commands()
    cli(prog_name="werkbank")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

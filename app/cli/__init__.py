"""The `werkbank` command line: everything batch. Each module in this package adds its commands.

Errors the user can act on (`ProjectError`) print as one line on stderr with exit code 1.
"""

from __future__ import annotations

import importlib
import sys

import click

from coding.store.project import ProjectError


# Which module defines each command, so that a call imports only that module: start-up is most of
# a small command's time. `--help` and a name missing here load every module (a new command works
# before it is listed; tests/test_cli_startup.py says when one is missing).
COMMANDS = {
    "agreement": "agreement", "assign": "agreement", "analyse": "analyse", "backup": "backup",
    "restore": "backup", "codebook": "codebook", "app": "demo", "demo": "demo", "import-codings": "demo",
    "anonymise-check": "export", "export": "export", "import-qdpx": "export", "recommend": "export",
    "replace": "export", "names": "export", "unseal": "export", "init": "history", "undo": "history", "redo": "history", "code": "importing",
    "import": "importing", "import-mailbox": "importing", "list": "importing", "remove": "importing",
    "search": "importing", "speakers": "importing",
    "live": "live", "autocode": "suggest", "suggest": "suggest", "suggest-eval": "suggest",
    "users": "users",
}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        _load_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[name]}")
        if name not in self.commands:
            _load_commands()
        return _in_language(super().get_command(ctx, name), name)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except ProjectError as error:
            from .common import error_line
            click.echo(error_line(error), err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="werkbank")
def cli() -> None:
    """Werkbank: code qualitative evaluation data, locally."""


def _load_commands() -> None:
    import pkgutil  # only --help and unknown names list the modules

    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_"):
            continue
        importlib.import_module(f"{__name__}.{module.name}")


def _in_language(command: click.Command | None, path: str) -> click.Command | None:
    """The command's help texts from the catalogs (cli.cmd.PATH, cli.opt.PATH.OPTION), where they have one."""
    from app.strings import t

    if command is None:
        return None
    for key, target, attr in [(f"cli.cmd.{path}".rstrip("."), command, "help")] + [
            (f"cli.opt.{path}.{p.name}", p, "help") for p in command.params if isinstance(p, click.Option) and p.help]:
        text = t(key)
        if text != key:
            setattr(target, attr, text)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            _in_language(sub, f"{path}.{name}")
    return command


def main() -> None:
    from .common import click_in_language

    click_in_language()
    _in_language(cli, "")
    cli(prog_name="werkbank")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

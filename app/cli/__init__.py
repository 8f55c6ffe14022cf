"""The `werkbank` command line: everything batch. Each module in this package adds its commands.

Errors the user can act on (`ProjectError`) print as one line on stderr with exit code 1.
"""

from __future__ import annotations

import importlib
import sys

import click


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
    "live": "live", "quotes": "quotes", "autocode": "suggest", "suggest": "suggest", "suggest-eval": "suggest",
    "users": "users",
}

# What `werkbank --help` lists for each command, so that it needs none of the modules: the first sentence
# of the command's help (tests/test_cli_startup.py holds the two together).
SUMMARIES = {
    "agreement": "Intercoder agreement per code and overall, with the conventions spelled out.",
    "analyse": "Write an analysis table or chart: frequencies, balance, matrix, sources, cooccurrence, overview, ratings.",
    "anonymise-check": "List every identity value, known name or unreviewed possible name an export would contain; exit 1 if any.",
    "app": "Open the app in the browser.",
    "assign": "Assign documents, or a seeded random sample of units, to a second coder who codes blind.",
    "autocode": "Match the codebook's lemma rules (rules only; score = rule terms matched).",
    "backup": "Back up PROJECT safely, even while others are working in it.",
    "code": "Code the span START-END (code points, end exclusive) of DOCUMENT (name or id) with CODE.",
    "codebook": "Check, import, export, compare and edit codebooks (YAML or REFI-QDA .qdc).",
    "demo": "Build the demo project (corpora, codebooks, a first coder's codings) at PATH.",
    "export": "Write the project's results for the report (Word, CSV/XLSX, REFI-QDA).",
    "import": "Import reports (.docx, .txt, .md, .pdf) and meeting transcripts (.vtt, .srt, Teams .docx), one document each.",
    "import-codings": "Import codings from a CSV (document,start,end,code[,valence,coder,question,quote,memo]; Dutch column names too: begin,einde,valentie,codeur,vraag,citaat,notitie).",
    "import-mailbox": "Import a survey export (.csv, .xlsx): respondents become cases, answers units.",
    "import-qdpx": "Import a REFI-QDA project (.qdpx) from another tool: sources, codes, codings, cases, notes.",
    "init": "Create an empty project file.",
    "list": "List documents, cases (with attributes, never identities), codes or codings as a tab table.",
    "live": "Live group sessions: prepare, report (capture happens in the app).",
    "names": "Possible names nobody registered (\"Mogelijke namen\"): list, accept with a replacement, or reject.",
    "quotes": "Choose, order and shorten the quotes for the report (used by `export findings` and `export quotes --selected-only`).",
    "recommend": "Recommendations (aanbevelingen): add, list, edit, delete.",
    "redo": "Redo your most recently undone change.",
    "remove": "Remove DOCUMENT (name or id) with its cases, answers and codings, in one step that `werkbank undo` reverses.",
    "replace": "Exports write REPLACEMENT (a pseudonym or role word) for NAME; without arguments, list the table.",
    "restore": "Replace PROJECT's contents with BACKUP (the current state is backed up first).",
    "search": "Find sentences by meaning-bearing words (lemmas): 'leerkracht ondersteunen' finds 'ondersteunde leerkrachten'.",
    "speakers": "List a report's speakers and labels not understood; with --map/--role, derive its turns again.",
    "suggest": "Propose codes and valences for the units the coder has not coded yet.",
    "suggest-eval": "Cross-validate suggestions against a coder: model, rules alone and most-frequent, same folds, and the model's learning curve.",
    "undo": "Undo your most recent change.",
    "unseal": "Give back a column sealed as identity by mistake (its values become respondent attributes; undo seals it again).",
    "users": "Login accounts of PROJECT: with at least one, every browser session must log in.",
}


class _InLanguage(click.Command):
    """Help texts from the catalogs, looked up only when a help page is shown: loading the catalogs
    would cost a small command (`list`, `code`) a tenth of its time for texts it never prints."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from app.strings import t

        _in_language(self, _path(ctx))
        help_option = self.get_help_option(ctx)  # click's own options, made with its English texts
        if help_option is not None:
            help_option.help = t("Show this message and exit.")
        for param in self.params if ctx.parent is None else ():  # werkbank --version
            if isinstance(param, click.Option) and param.name == "version":
                param.help = t("Show the version and exit.")
        super().format_help(ctx, formatter)


class _SubGroup(_InLanguage, click.Group):
    command_class = _InLanguage
    group_class = type


class _Group(_InLanguage, click.Group):
    command_class = _InLanguage
    group_class = _SubGroup

    def list_commands(self, ctx: click.Context) -> list[str]:
        _load_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[name]}")
        if name not in self.commands:
            _load_commands()
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        import click.core  # its "_" speaks the user's language (common.click_in_language)

        limit = formatter.width - 6 - max(map(len, SUMMARIES))
        rows = [(name, listed(name).get_short_help_str(limit)) for name in sorted(SUMMARIES)]
        with formatter.section(click.core._("Commands")):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except Exception as error:
            from coding.store.project import ProjectError  # loaded by then if a command could raise it

            if not isinstance(error, ProjectError):
                raise
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


def listed(name: str) -> click.Command:
    """What `werkbank --help` shows of a command without importing it: its help in the user's language."""
    from app.strings import t

    text = t(f"cli.cmd.{name}")
    return click.Command(name, help=SUMMARIES[name] if text == f"cli.cmd.{name}" else text)


def get_command_in_language(name: str) -> click.Command | None:
    """The command `name` with its help texts in the user's language (as `werkbank NAME --help` shows it)."""
    return _in_language(cli.get_command(click.Context(cli), name), name)


def _path(ctx: click.Context) -> str:
    """The command's place under `werkbank` as its catalog keys name it: "" for werkbank, "users.add"."""
    names: list[str] = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return ".".join(reversed(names))


def _in_language(command: click.Command | None, path: str) -> click.Command | None:
    """The command's help texts from the catalogs (cli.cmd.PATH; cli.opt.PATH.FLAG, cli.opt.PATH.NAME or
    cli.opt.NAME for an option), where they have one."""
    from app.strings import t

    if command is None:
        return None
    for keys, target in [((f"cli.cmd.{path}".rstrip("."),), command)] + [
            ((f"cli.opt.{path}.{p.opts[0].lstrip('-')}", f"cli.opt.{path}.{p.name}", f"cli.opt.{p.name}"), p)
            for p in command.params if isinstance(p, click.Option) and p.help]:
        # an option's own text, else the one its name has wherever it is the same option (--user)
        text = next((t(key) for key in keys if t(key) != key), None)
        if text is not None:
            target.help = text
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            _in_language(sub, f"{path}.{name}")
    return command


def main() -> None:
    from .common import click_in_language

    click_in_language()
    cli(prog_name="werkbank")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The everyday commands start at once: they import no heavy library, and a call loads only the module
that defines its command (bench/cli_bench.py measures the seconds)."""

from __future__ import annotations

import subprocess
import sys

import click

from app.cli import COMMANDS, SUMMARIES, _load_commands, cli

HEAVY = ("pandas", "numpy", "spacy", "docx", "openpyxl", "altair", "streamlit", "sklearn", "scipy", "yaml")


def loaded_after(*argv: str) -> set[str]:
    """The modules a `werkbank` call has imported when it ends (run in a fresh interpreter)."""
    script = ("import sys\nfrom app.cli import main\nsys.argv = ['werkbank', *sys.argv[1:]]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=60)
    return set(done.stderr.strip().splitlines()[-1].split()) if done.stderr.strip() else set()


def test_every_command_is_in_the_lazy_table():
    _load_commands()
    actual = {name: command.callback.__module__.rsplit(".", 1)[1] if command.callback else None
              for name, command in cli.commands.items()}
    for name, module in actual.items():
        assert COMMANDS.get(name) == module, \
            f"werkbank {name} is defined in app/cli/{module}.py: add it to COMMANDS in app/cli/__init__.py"


def test_help_list_and_code_import_no_heavy_library(tmp_path):
    project = tmp_path / "p.werkbank"
    subprocess.run([sys.executable, "-m", "app.cli", "init", str(project)], check=True, capture_output=True)
    for argv in (["--help"], ["list", str(project), "codes"], ["list", str(project), "codings"],
                 ["code", str(project), "missing", "0", "4", "x"], ["undo", str(project)]):
        loaded = loaded_after(*argv)
        assert "click" in loaded and "app.cli" in loaded
        heavy = {name for name in loaded if name.split(".")[0] in HEAVY}
        assert not heavy, f"werkbank {' '.join(argv[:1])} imports {sorted({h.split('.')[0] for h in heavy})}"


def test_a_command_loads_only_its_own_module(tmp_path):
    project = tmp_path / "p.werkbank"
    subprocess.run([sys.executable, "-m", "app.cli", "init", str(project)], check=True, capture_output=True)
    loaded = {name for name in loaded_after("list", str(project), "codes") if name.startswith("app.cli.")}
    assert loaded <= {"app.cli.importing", "app.cli.common", "app.cli.__main__"}, sorted(loaded)


def test_help_lists_each_command_as_its_own_help_says(monkeypatch):
    """`werkbank --help` lists the commands without importing them (SUMMARIES, or the catalog's text
    where there is one): each line must be what the command's own help gives, in both languages."""
    from app.cli import get_command_in_language, listed

    _load_commands()
    assert sorted(SUMMARIES) == sorted(cli.commands), "add the command's first help sentence to SUMMARIES"
    for language in ("nl", "en"):
        monkeypatch.setenv("WERKBANK_LANG", language)
        for name in cli.commands:
            command = get_command_in_language(name)
            for limit in (30, 45, 74, 200):
                assert listed(name).get_short_help_str(limit) == command.get_short_help_str(limit), \
                    f"werkbank --help lists {name!r} otherwise than its help says ({language})"
    assert loaded_after("--help") & {f"app.cli.{module}" for module in COMMANDS.values()} == set()

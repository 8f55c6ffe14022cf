"""Every text a person reads exists in Dutch and in English, and the compiled catalogs match their .po.

A key used in the code without a Dutch (or English) text would show the bare key on a page; an error
code without one would show the code. A .mo older than its .po would show yesterday's text.
"""

from __future__ import annotations

import ast
import gettext
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = {"werkbank": ROOT / "app" / "locale", "errors": ROOT / "coding" / "locale"}
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_ -]+)+$")


def po(domain: str, lang: str) -> dict[str, str]:
    path = CATALOGS[domain] / lang / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def literal_first_args(package: str, callee: re.Pattern[str]) -> set[str]:
    """The string literals passed first to calls whose name matches `callee` in `package`."""
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                name = node.func.id if isinstance(node.func, ast.Name) else \
                    node.func.attr if isinstance(node.func, ast.Attribute) else ""
                if callee.fullmatch(name):
                    found.add(node.args[0].value)
    return found


def test_every_key_the_app_uses_has_a_dutch_and_an_english_text():
    keys = literal_first_args("app", re.compile("t")) | literal_first_args("exports", re.compile("t"))
    assert len(keys) > 300
    nl = po("werkbank", "nl") | po("errors", "nl")
    en = po("werkbank", "en") | po("errors", "en")
    assert not sorted(k for k in keys if not nl.get(k)), "keys without a Dutch text"
    assert not sorted(k for k in keys if not en.get(k)), "keys without an English text"


def test_every_error_code_the_core_raises_has_a_dutch_and_an_english_text():
    codes = literal_first_args("coding", re.compile(r".*Error|Conflict"))
    codes = {c for c in codes if KEY.match(c)}
    nl, en = po("errors", "nl"), po("errors", "en")
    assert not sorted(c for c in codes if not nl.get(c)), "error codes without a Dutch text"
    assert not sorted(c for c in codes if not en.get(c)), "error codes without an English text"


@pytest.mark.parametrize("domain", CATALOGS)
def test_both_languages_have_the_same_keys_and_placeholders(domain):
    nl, en = po(domain, "nl"), po(domain, "en")
    assert not sorted(k for k, text in nl.items() if not text), "empty Dutch texts"
    assert not sorted(k for k, text in en.items() if not text), "empty English texts"
    assert sorted(set(nl) ^ set(en)) == [], "keys in one language only"
    differ = {k: (placeholders(nl[k]), placeholders(en[k])) for k in nl
              if placeholders(nl[k]) != placeholders(en[k])}
    assert differ == {}


@pytest.mark.parametrize("domain", CATALOGS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_compiled_catalog_matches_its_po(domain, lang):
    with (CATALOGS[domain] / lang / "LC_MESSAGES" / f"{domain}.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    texts = po(domain, lang)
    stale = sorted(k for k, text in texts.items() if compiled.gettext(k) != text)
    assert stale == [], f"run: pybabel compile -d {CATALOGS[domain].relative_to(ROOT)} -D {domain}"


def test_every_cli_help_text_has_a_dutch_and_an_english_text():
    """`werkbank CMD --help` reads each command's and option's help from the catalogs (app.cli._in_language):
    one without an entry would stay English on a Dutch help page."""
    import click

    from app.cli import _load_commands, cli

    _load_commands()
    catalogs = {lang: po("werkbank", lang) for lang in ("nl", "en")}
    missing = []

    def walk(command: click.Command, path: str) -> None:
        needs = [(f"cli.cmd.{path}",)] if command.help else []
        needs += [(f"cli.opt.{path}.{p.opts[0].lstrip('-')}", f"cli.opt.{path}.{p.name}", f"cli.opt.{p.name}")
                  for p in command.params if isinstance(p, click.Option) and p.help]
        for lang, texts in catalogs.items():
            missing.extend(f"{lang}: {keys[0]}" for keys in needs if not any(texts.get(k) for k in keys))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path}.{name}")

    for name, command in sorted(cli.commands.items()):
        walk(command, name)
    assert not missing, "\n".join(missing)

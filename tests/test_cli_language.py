"""The command line's result lines, warnings and table headings speak the user's language: run the main
commands on the demo project in Dutch (the default) and in English, and look for the other language's
words in what they print. Quoted project data (document names, quotes, table cells) is left out of the
search: it is Dutch in either language."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from app.cli import cli

# Words of our English result lines that a Dutch user must not meet, and the other way round.
ENGLISH = ["wrote", "written", "imported", "quotes?", "codings?", "documents", "sentences", "warning", "added",
           "removed", "changed", "rows", "matches", "selected", "chosen", "leaks?", "reviewed", "assigned",
           "undone", "created", "layer", "coder", "default", "units", "rule", "words", "the", "and", "to",
           "with", "for", "name", "kind", "version", "characters", "attributes", "end", "case", "question",
           "sentence", "title", "replacement", "nothing", "none", "unknown", "account", "role"]
DUTCH = ["geschreven", "geïmporteerd", "coderingen", "citaten", "citaat", "documenten", "zinnen", "let op",
         "toegevoegd", "verwijderd", "gewijzigd", "rijen", "treffers", "gekozen", "lekken", "nagekeken",
         "toegewezen", "ongedaan", "aangemaakt", "laag", "codeur", "standaardlaag", "eenheden", "woorden", "naam",
         "soort", "versie", "tekens", "kenmerken", "deelnemers", "niets", "sleutel", "einde", "toeschrijving",
         "rol", "geen", "naar", "van", "het", "een"]
QUOTED = re.compile(r"‘[^’]*’|'[^']*'|\([^()]*\.(docx|csv|xlsx|txt|werkbank)\)")
# The quote bank as `werkbank quotes list` shows it: a code's label and key, then its quotes with attribution.
QUOTE_BANK = re.compile(r"(?m)^(.* \([\w.]+\) - .*|\s+\d+ .*)$")


def ours(output: str) -> str:
    """What the command itself says: of a tab table only its heading line, quoted data left out."""
    lines, in_table = [], False
    for line in output.splitlines():
        if "\t" in line:
            if not in_table:
                lines.append(line)
            in_table = True
            continue
        in_table = False
        lines.append(line)
    return QUOTED.sub(" ", QUOTE_BANK.sub("", "\n".join(lines)))


def found(words: list[str], text: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w.-]){w}(?![\w.-])", text, re.IGNORECASE)]


@pytest.fixture
def runs(demo_master, tmp_path):
    """Every main command in both languages, on a fresh copy of the demo project each: {lang: [(args, output)]}."""
    report = tmp_path / "verslag.txt"
    report.write_text("Leerkracht 1: Het overleg werkt goed.\n\nLeerkracht 2: Er is te weinig tijd.\n"
                      "\nGast: Dat klopt.\n", encoding="utf-8")
    said: dict[str, list[tuple[list[str], str]]] = {}
    for lang in ("nl", "en"):
        project = str(tmp_path / f"{lang}.werkbank")
        shutil.copy(demo_master, project)
        out = tmp_path / lang
        out.mkdir()
        commands = [
            ["import", project, str(report), "--name", "nieuw verslag"],
            ["list", project, "documents"], ["list", project, "cases"], ["list", project, "codes"],
            ["list", project, "codings"],
            ["code", project, "nieuw verslag", "14", "37", "structureel.overleg", "--valence", "sterkte"],
            ["search", project, "overleg", "--limit", "3"], ["search", project, "zeppelinhangaar"],
            ["speakers", project, "nieuw verslag"],
            ["quotes", project, "select", "1", "2"], ["quotes", project, "list"],
            ["quotes", project, "unselect", "2"],
            ["export", "quotes", project, str(out / "citaten.docx"), "--allow-unreviewed"],
            ["export", "table", project, str(out / "tabel.csv")],
            ["anonymise-check", project], ["names", project, "--open"], ["replace", project],
            ["autocode", project, "--codebook", "randvoorwaarden", "--out", str(out / "auto.csv")],
            ["suggest", project, "--codebook", "randvoorwaarden", "--out", str(out / "voorstel.csv")],
            ["assign", project, "--coder", "evaluator3", "--sample", "5"],
            ["agreement", project, "--coders", "evaluator1,evaluator2", "--resamples", "20",
             "--out", str(out / "overeenstemming.csv")],
            ["codebook", "list", project],
            ["users", project, "list"], ["undo", project], ["redo", project],
            ["recommend", "add", project, "Meer overlegtijd", "--to", "de scholen"],
            ["analyse", project, "frequencies", "--codebook", "randvoorwaarden", "--out", str(out / "freq.csv")],
            ["init", str(out / "leeg.werkbank")], ["list", str(out / "leeg.werkbank"), "documents"],
            ["demo", str(out / "demo.werkbank")],
        ]
        said[lang] = []
        for args in commands:
            result = CliRunner().invoke(cli, args, env={"WERKBANK_LANG": lang, "WERKBANK_CODER": "tester"})
            assert result.exit_code in (0, 1), (args, result.output, result.exception)
            said[lang].append((args, result.output))
    return said


def test_the_command_line_says_its_results_in_dutch_and_in_english(runs):
    for lang, words in (("nl", ENGLISH), ("en", DUTCH)):
        wrong = {" ".join(args[:2]): hits for args, output in runs[lang] if (hits := found(words, ours(output)))}
        assert not wrong, f"{lang}: {wrong}\n" + "\n".join(ours(o) for _, o in runs[lang])
    dutch = "\n".join(output for _, output in runs["nl"])
    assert "nieuw verslag (groepsgesprek) geïmporteerd" in dutch and "geen documenten" in dutch
    assert re.search(r"\d\.\d{3} treffers van regels", dutch)  # more than a thousand, written the Dutch way
    assert re.search(r"over \d\.\d{3} eenheden \(zin\)", dutch) and "kappa 0," in dutch
    assert "naam\trol\toidc" in dutch and "laag: codeur evaluator1 (standaardlaag)" in dutch
    english = "\n".join(output for _, output in runs["en"])
    assert "imported nieuw verslag (groepsgesprek)" in english and re.search(r"\d,\d{3} rule matches", english)


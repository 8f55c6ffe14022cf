"""One language at a time: Dutch by default, English with WERKBANK_LANG=en, for the core's errors, the
app's numbers, plurals and action names, and the command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app import formats
from app.strings import action_label, t, tn
from coding.errors import WerkbankError
from coding.store.project import ProjectError, open_project


def test_a_core_error_is_a_code_with_parameters_said_in_the_chosen_language(tmp_path, monkeypatch):
    missing = tmp_path / "nergens.werkbank"
    with pytest.raises(ValueError) as raised:  # old `except ValueError` callers still catch it
        with open_project(missing):
            pass
    error = raised.value
    assert isinstance(error, (ProjectError, WerkbankError))
    assert error.code == "store.project.no_project" and error.params == {"path": missing}
    assert str(error) == f"geen project op {missing}; maak er eerst een"
    monkeypatch.setenv("WERKBANK_LANG", "en")
    assert str(error) == f"no project at {missing}; create one first"
    assert t("error", message=error) == f"That did not work: no project at {missing}; create one first"


def test_the_old_language_variable_still_chooses_and_an_unknown_language_is_dutch(monkeypatch):
    monkeypatch.delenv("WERKBANK_LANG", raising=False)
    monkeypatch.setenv("WERKBANK_LANGUAGE", "en")
    assert t("coding.undo") == "Undo"
    monkeypatch.setenv("WERKBANK_LANG", "fr")
    assert t("coding.undo") == "Ongedaan maken"


@pytest.mark.parametrize("lang,expected", [("nl", ["0,00", "0,85", "1.234,50", "97%", "97,1%", "7/12/2026"]),
                                           ("en", ["0.00", "0.85", "1,234.50", "97%", "97.1%", "07/12/2026"])])
def test_numbers_percentages_and_dates_are_written_as_the_language_writes_them(monkeypatch, lang, expected):
    monkeypatch.setenv("WERKBANK_LANG", lang)
    shown = [formats.number(-0.001), formats.number(0.849), formats.number(1234.5), formats.percent(0.9712),
             formats.percent(0.9712, 1), formats.day("2026-12-07")]
    assert shown == expected


def test_one_is_singular_and_logged_actions_have_names_people_read(monkeypatch):
    monkeypatch.delenv("WERKBANK_LANG", raising=False)
    assert tn("coding.count", 1, count=1) == "1 codering zichtbaar in dit document."
    assert tn("coding.count", 3, count=3) == "3 coderingen zichtbaar in dit document."
    assert [action_label(a) for a in ("uncode", "import-codings", "replace name")] == \
        ["codering verwijderd", "coderingen geïmporteerd", "naam vervangen"]
    monkeypatch.setenv("WERKBANK_LANG", "en")
    assert action_label("uncode") == "coding removed"


def _werkbank(*args: str, lang: str | None = None, **env: str) -> subprocess.CompletedProcess:
    import os

    environment = {k: v for k, v in os.environ.items() if k not in ("WERKBANK_LANG", "WERKBANK_LANGUAGE")}
    environment.update(env)
    if lang:
        environment["WERKBANK_LANG"] = lang
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                          env=environment, timeout=60)


def test_the_command_line_speaks_dutch_unless_asked_for_english(tmp_path):
    dutch, english = _werkbank("--help"), _werkbank("--help", lang="en")
    assert "Gebruik: werkbank" in dutch.stdout and "Maak je laatste wijziging ongedaan." in dutch.stdout
    assert "Usage: werkbank" in english.stdout and "Undo your most recent change." in english.stdout
    report = tmp_path / "verslag.txt"
    report.write_text("Leerkracht 1: Het overleg werkt goed.\n", encoding="utf-8")
    project = tmp_path / "p.werkbank"
    assert _werkbank("init", str(project)).returncode == 0
    assert _werkbank("import", str(project), str(report)).returncode == 0
    again = _werkbank("import", str(project), str(report))
    assert again.returncode == 1
    assert again.stderr.startswith("fout: al geïmporteerd als verslag;")
    assert "(gebruik --force om het als nieuwe versie te importeren)" in again.stderr
    assert "--force" not in t("importers.parsed.already_imported", same="verslag")  # the app has no --force


@pytest.mark.parametrize("lang,expected", [("nl", ["evaluator1", "evaluator1 en evaluator2", "a, b en c"]),
                                           ("en", ["evaluator1", "evaluator1 and evaluator2", "a, b and c"])])
def test_names_are_joined_as_the_language_joins_them(monkeypatch, lang, expected):
    monkeypatch.setenv("WERKBANK_LANG", lang)
    assert [formats.joined(items) for items in (["evaluator1"], ["evaluator1", "evaluator2"], ["a", "b", "c"])] \
        == expected


def test_one_of_a_thing_is_said_in_the_singular_on_the_pages(monkeypatch):
    monkeypatch.delenv("WERKBANK_LANG", raising=False)
    assert tn("review.assigned_documents", 1, count=1, coder="an") == "1 document toegewezen aan an."
    assert tn("review.assigned_documents", 2, count=2, coder="an") == "2 documenten toegewezen aan an."
    assert tn("live.prepared_saved", 1, count=1) == "1 voorbereid punt toegevoegd."
    assert tn("names.show_open", 1, count=1) == "Toon de open naam"
    monkeypatch.setenv("WERKBANK_LANG", "en")
    assert tn("cb.diff_count", 1, count=1) == "1 difference (from the project to the file):"

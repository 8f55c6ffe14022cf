"""Fixtures shared across the suite: the demo project, built once per test run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from coding.demo import build_demo


@pytest.fixture(scope="session", autouse=True)
def private_werkbank_home(tmp_path_factory) -> Path:
    """Keep the user's recent-projects list out of the tests' way (and the tests out of theirs)."""
    home = tmp_path_factory.mktemp("werkbank-home")
    os.environ["WERKBANK_HOME"] = str(home)
    return home


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    """The demo project as `werkbank demo` builds it. Read-only: copy it (`demo_copy`) to change it."""
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.werkbank")


@pytest.fixture
def demo_copy(demo_master, tmp_path) -> Path:
    """A private, writable copy of the demo project."""
    target = tmp_path / "demo.werkbank"
    shutil.copy(demo_master, target)
    return target


@pytest.fixture
def english(monkeypatch) -> None:
    """Messages in English: for tests that pin what a core error says by its English text (that every
    message has its Dutch text, the default, is checked in tests/test_translations.py)."""
    monkeypatch.setenv("WERKBANK_LANG", "en")

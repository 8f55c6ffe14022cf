"""The layout holds: every module imports, the core never reaches up or into the UI, and every package
the code imports is declared in pyproject.toml (a fresh venv has nothing else)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The rooms of coding/, bottom first: a module may import only from its own room or a lower one.
ROOMS = ["errors", "store", "files", "text", "team", "codebooks", "codings", "privacy", "importers", "analysis",
         "agreement", "suggest", "live", "reporting", "demo"]
# Streamlit scripts run their page when imported; their imports are checked, not executed.
SCRIPTS = {"app.main"} | {f"app.views.{p.stem}" for p in (ROOT / "app" / "views").glob("*.py")}
# Import names of declared distributions that differ from the distribution's name.
IMPORT_NAMES = {"python-docx": "docx", "pyyaml": "yaml", "spacy-lookups-data": "spacy_lookups_data",
                "vl-convert-python": "vl_convert", "sqlite-utils": "sqlite_utils", "scikit-learn": "sklearn",
                "pypdf": "pypdf", "argon2-cffi": "argon2", "webvtt-py": "webvtt",
                "pdfminer.six": "pdfminer"}


def modules(package: str) -> list[tuple[str, Path]]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found.append((".".join(parts), path))
    return found


def imported(name: str, path: Path) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names
                         if importlib.util.find_spec(base) and _is_module(f"{base}.{alias.name}"))
    return names


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def room_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "coding" or len(parts) < 2:
        return None
    return ROOMS.index(parts[1])


@pytest.mark.parametrize("name,path", modules("coding"), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_core_imports_only_downward(name, path):
    own = room_of(name)
    for target in imported(name, path):
        top = target.split(".")[0]
        assert top not in {"streamlit", "app", "exports"}, f"{name} imports {target}: the core has no UI"
        if own is None or target == "coding":
            continue
        other = room_of(target)
        assert other is None or other <= own, \
            f"{name} (room {ROOMS[own]}) imports {target} (room {ROOMS[other]}, higher): move what both need down"


def test_every_room_is_a_documented_package():
    for room in ROOMS[1:-1]:
        init = ROOT / "coding" / room / "__init__.py"
        assert init.exists(), f"coding/{room}/ is not a package"
        assert ast.get_docstring(ast.parse(init.read_text())), f"coding/{room}/__init__.py says nothing"
    assert (ROOT / "coding" / "demo.py").exists()
    assert (ROOT / "coding" / "errors.py").exists()
    loose = {p.stem for p in (ROOT / "coding").glob("*.py")} - {"__init__", "errors", "demo"}
    assert not loose, f"modules outside a room: {sorted(loose)}"


@pytest.mark.parametrize("package", ["coding", "exports", "app"])
def test_every_module_imports(package):
    for name, path in modules(package):
        if name in SCRIPTS or name.endswith("__main__"):
            for target in imported(name, path):
                assert _is_module(target) or _is_module(target.rpartition(".")[0]), f"{name}: no module {target}"
        else:
            importlib.import_module(name)


def test_every_imported_package_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = set()
    for spec in project["dependencies"] + [d for ds in project["optional-dependencies"].values() for d in ds]:
        dist = spec.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].split("~")[0].strip()
        declared.add(IMPORT_NAMES.get(dist.lower(), dist.lower().replace("-", "_")))
    ours = {"coding", "exports", "app", "tests", "bench", "corpora"}
    local = {p.stem for p in (ROOT / "tests").rglob("*.py")} | {p.stem for p in (ROOT / "bench").glob("*.py")}
    missing = set()
    for package in ("coding", "exports", "app", "tests"):
        for name, path in modules(package):
            for target in imported(name, path):
                top = target.split(".")[0]
                if top and top not in ours and top not in local and top not in sys.stdlib_module_names \
                        and top not in declared:
                    missing.add(f"{top} (in {name})")
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"

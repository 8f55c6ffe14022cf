"""Transcript speakers' names reach no export and no listing; coded turns export when they were said.

Every fixture transcript is imported as a user would (no mapping: the proposal), every turn is coded,
then every listing and export is written and searched for the speakers' names and the first names
they call each other by. Names of people who are not speakers ("Karen" of the CLB, the pupil "Amira")
are not known to the importer: the user adds them with `werkbank replace`, as before.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import xmlschema
import yaml
from click.testing import CliRunner

import app.cli.export  # noqa: F401  (registers the commands)
import app.cli.importing  # noqa: F401
from app.cli import cli
from coding.codings.operations import add_coding
from coding.importers.speaker_names import name_parts
from coding.store.project import now, open_project

DATA = Path(__file__).parent / "data" / "transcripts"
MANIFEST = yaml.safe_load((DATA / "MANIFEST.yaml").read_text(encoding="utf-8"))["files"]


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("transcripts")
    path = folder / "p.werkbank"
    with open_project(path, create=True) as p, p.write("test", "seed codebook") as tx:
        tx.insert("codebooks", {"id": "rv", "title": "Randvoorwaarden", "version": "1", "imported_at": now()})
        tx.insert("codes", {"codebook_id": "rv", "key": "overleg", "label": "Overleg"})
    for name in MANIFEST:
        run("import", str(path), str(DATA / name), "--name", f"groepsgesprek {name}", "--coder", "an")
    with open_project(path) as p:
        code_id = p.db.execute("SELECT id FROM codes").fetchone()[0]
        for document_id, start, end in p.db.execute(
                "SELECT document_id, start, end FROM units WHERE kind = 'turn' ORDER BY id").fetchall():
            add_coding(p, "an", document_id, start, end, code_id, "sterkte")
        with p.write("an", "select") as tx:
            tx.db.execute("UPDATE codings SET selected = 1")
    return folder, path


def names() -> set[str]:
    """Every speaker name, its surname and each of its words; the first names said in the turns."""
    found = set()
    for spec in MANIFEST.values():
        for speaker in spec["speakers"]:
            found.update(p for p in name_parts(speaker) if len(p) >= 3)
        found.update(n["name"] for n in spec["names_in_text"] if n["refers_to"])
    return found


def outputs(folder: Path, path: Path) -> dict[str, str]:
    project = str(path)
    texts = {f"list {what}": run("list", project, what) for what in ("documents", "cases", "codings")}
    texts["search"] = run("search", project, "ondersteuner", "--all", "--limit", "500")
    run("export", "quotes", project, str(folder / "q.docx"), "--times", "--context", "--memo")
    run("export", "findings", project, str(folder / "f.docx"), "--codebook", "rv")
    run("export", "table", project, str(folder / "t.csv"))
    run("export", "table", project, str(folder / "t.xlsx"))
    run("export", "table", project, str(folder / "fr.csv"), "--what", "fragments")
    run("export", "qdpx", project, str(folder / "p.qdpx"))
    for name in ("q.docx", "f.docx"):
        texts[name] = "\n".join(p.text for p in docx.Document(str(folder / name)).paragraphs)
    for name in ("t.csv", "fr.csv"):
        texts[name] = (folder / name).read_text(encoding="utf-8-sig")
    book = openpyxl.load_workbook(folder / "t.xlsx")
    texts["t.xlsx"] = "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
    with zipfile.ZipFile(folder / "p.qdpx") as package:
        for member in package.namelist():
            texts[f"p.qdpx/{member}"] = package.read(member).decode("utf-8")
    return texts


def test_no_speaker_name_in_any_export_or_listing(coded):
    folder, path = coded
    texts = outputs(folder, path)
    leaks = [(where, name) for where, text in texts.items() for name in sorted(names())
             if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    assert leaks == []
    with open_project(path) as p:  # ... while the texts themselves do hold them (the check can fail)
        stored = "\n".join(t for (t,) in p.db.execute("SELECT text FROM documents"))
    assert {"Sofie", "Pieter", "Griet", "Yasmina", "Nathalie"} <= {n for n in names() if n in stored}
    assert "Deelnemer 1" in texts["q.docx"]  # the spoken first names became labels, not holes
    result = CliRunner().invoke(cli, ["anonymise-check", str(path)])
    assert result.exit_code == 0, result.output


def test_quotes_say_when_they_were_said_where_asked(coded):
    folder, path = coded
    outputs(folder, path)
    quotes = [p.text for p in docx.Document(str(folder / "q.docx")).paragraphs]
    spec = MANIFEST["zoom.vtt"]["turns"][1]
    line = next(q for q in quotes if spec["text"][:40] in q)
    assert line.endswith(f"(groepsgesprek zoom.vtt, {spec['start']})")
    run("export", "quotes", str(path), str(folder / "plain.docx"))
    assert not any(re.search(r"\d\d:\d\d:\d\d", p.text) for p in docx.Document(str(folder / "plain.docx")).paragraphs)
    table = (folder / "t.csv").read_text(encoding="utf-8-sig")
    assert f"{spec['start']}\u2013{spec['end']}" in table
    qde = zipfile.ZipFile(folder / "p.qdpx").read("project.qde").decode("utf-8")
    assert f'name="{spec["start"]}\u2013{spec["end"]}"' in qde
    xmlschema.XMLSchema(Path(__file__).parent / "data" / "refi" / "Project-mrt2019.xsd").validate(qde)

"""REFI-QDA project exchange: the .qdpx validates, round-trips, reads other tools' files and refuses unsafe ones."""

import zipfile
from pathlib import Path

import pytest
import xmlschema
from click.testing import CliRunner

import app.cli.export  # noqa: F401  (registers the export commands)
from app.cli import cli
from coding.codings.operations import update_coding
from coding.codebooks.qdc import parse_xml
from coding.importers.qdpx import import_qdpx
from coding.store.project import ProjectError, open_project
from exports.qdpx import write_qdpx

from export_project import NAMES, SEALED, build

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

XSD = Path(__file__).parent / "data" / "refi" / "Project-mrt2019.xsd"
NS = "{urn:QDA-XML:project:1.0}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qdpx")
    with open_project(folder / "p.db", create=True) as project:
        built = build(project, folder / "src")
        update_coding(project, "tester", built.codings[1], rating="niet passend", memo="Nagaan bij Marijke.")
        write_qdpx(project, folder / "first.qdpx")
    return folder / "first.qdpx"


def summary(path):
    """What a .qdpx says, without guids and timestamps: documents, codes, codings, cases, attributes."""
    with zipfile.ZipFile(path) as package:
        root = parse_xml(package.read("project.qde"), "x")
        files = {n: package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("sources/")}
    codes, names = [], {}

    def walk(element, path):
        for code in element.findall(f"{NS}Code"):
            full = f"{path} > {code.get('name')}" if path else code.get("name")
            names[code.get("guid")] = full
            codes.append((full, code.get("isCodable")))
            walk(code, full)

    walk(root.find(f"{NS}CodeBook/{NS}Codes"), "")
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{NS}Variable")}

    def values(element):
        return sorted((variables[v.find(f"{NS}VariableRef").get("targetGUID")], v[1].text)
                      for v in element.findall(f"{NS}VariableValue"))

    sources, codings, source_names = [], [], {}
    for source in root.iter(f"{NS}TextSource"):
        if source.get("plainTextPath") is None:
            continue
        source_names[source.get("guid")] = source.get("name")
        text = files[source.get("plainTextPath").replace("internal://", "sources/")]
        sources.append((source.get("name"), text, values(source)))
        for selection in source.findall(f"{NS}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            applied = sorted(names[c.find(f"{NS}CodeRef").get("targetGUID")] for c in selection.findall(f"{NS}Coding"))
            codings.append((source.get("name"), start, end, text[start:end], tuple(applied)))
    cases = sorted((c.get("name"), tuple(values(c)), source_names.get(c.find(f"{NS}SourceRef").get("targetGUID")))
                   for c in root.iter(f"{NS}Case"))
    notes = sorted(n.find(f"{NS}PlainTextContent").text for n in root.iter(f"{NS}Note"))
    return {"codes": codes, "sources": sorted(sources), "codings": sorted(codings), "cases": cases, "notes": notes}


def test_export_validates_and_carries_valence_rating_and_no_identities(exported):
    with zipfile.ZipFile(exported) as package:
        xml = package.read("project.qde")
        xmlschema.XMLSchema(XSD).validate(xml.decode("utf-8"))
        everything = "\n".join(package.read(n).decode("utf-8") for n in package.namelist())
    for value in [*SEALED, *NAMES]:
        assert value.casefold() not in everything.casefold()
    found = summary(exported)
    assert ("Valentie", "false") in found["codes"] and ("Valentie > groeikans", "true") in found["codes"]
    assert ("Beoordeling > niet passend", "true") in found["codes"]
    late = [c for c in found["codings"] if c[3].startswith("De vorming kwam te laat")]
    assert late == [("verslag", *late[0][1:4], ("Beoordeling > niet passend",
                                                 "Randvoorwaarden (test) > De uitrol > Vorming", "Valentie > groeikans"))]
    # offsets follow the anonymised text
    assert any(c[3] == "Samen lesgeven met een collega werkte goed in mijn klas." for c in found["codings"])
    assert "Nagaan bij de collega." in found["notes"]
    # the raw spelling is kept only where it differs from the normalised value
    assert ("mailbox / R2", (("functie", "logopedist"), ("sector", "BuO"),
                             ("sector_ruw", "buitengewoon onderwijs")), "mailbox") in found["cases"]


def test_import_into_a_new_project_and_export_again_gives_the_same(exported, tmp_path):
    with open_project(tmp_path / "n.db", create=True) as project:
        counts = import_qdpx(project, exported, "tester")
        assert counts == {"documents": 2, "codes": 4, "codings": 9}
        rows = project.db.execute("""SELECT c.valence, c.rating, c.selected, c.memo, k.label FROM codings c
                                     JOIN cases k ON k.id = c.case_id JOIN documents d ON d.id = c.document_id
                                     WHERE substr(d.text, c.start + 1, 9) = 'De vormin' AND d.name = 'verslag'""").fetchall()
        assert rows == [("groeikans", "niet passend", 1, "Nagaan bij de collega.", "Leerkracht 1")]
        # facilitator turns stay not-data, so analyses agree
        assert project.db.execute("SELECT is_data FROM cases WHERE label = 'Procesbegeleider'").fetchone() == (0,)
        write_qdpx(project, tmp_path / "second.qdpx")
    assert summary(tmp_path / "second.qdpx") == summary(exported)


def test_reads_another_tools_project_with_crlf_text(tmp_path):
    text = "Eerste regel.\r\nDe ondersteuner luisterde.\r\nLaatste regel."
    start = text.index("De ondersteuner")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="ander" origin="OtherTool">
 <Users><User guid="11111111-1111-1111-1111-111111111111" name="kim"/></Users>
 <CodeBook><Codes>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Relatie" isCodable="true"/>
  <Code guid="33333333-3333-3333-3333-333333333333" name="Valentie" isCodable="false">
   <Code guid="44444444-4444-4444-4444-444444444444" name="sterkte" isCodable="true"/>
  </Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="55555555-5555-5555-5555-555555555555" name="interview" plainTextPath="relative://interview.txt">
   <PlainTextSelection guid="66666666-6666-6666-6666-666666666666" startPosition="{start}" endPosition="{start + 25}"
     creatingUser="11111111-1111-1111-1111-111111111111">
    <Coding guid="77777777-7777-7777-7777-777777777777"><CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
    <Coding guid="88888888-8888-8888-8888-888888888888"><CodeRef targetGUID="44444444-4444-4444-4444-444444444444"/></Coding>
   </PlainTextSelection>
  </TextSource>
 </Sources>
</Project>"""
    path = tmp_path / "ander.qdpx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("project.qde", qde)
        package.writestr("sources/interview.txt", text.encode("utf-8"))
    bad = qde.replace("relative://interview.txt", "internal://interview.txt")
    with zipfile.ZipFile(tmp_path / "ok.qdpx", "w") as package:
        package.writestr("project.qde", bad)
        package.writestr("sources/interview.txt", text.encode("utf-8"))
    with open_project(tmp_path / "p.db", create=True) as project:
        import_qdpx(project, tmp_path / "ok.qdpx", "an")
        row = project.db.execute("""SELECT substr(d.text, c.start + 1, c.end - c.start), c.valence, c.coder, k.label
                                    FROM codings c JOIN documents d ON d.id = c.document_id
                                    JOIN codes k ON k.id = c.code_id""").fetchone()
        assert row == ("De ondersteuner luisterde", "sterkte", "kim", "Relatie")
        assert "\r" not in project.db.execute("SELECT text FROM documents").fetchone()[0]
        assert project.db.execute("SELECT id FROM codebooks").fetchall() == [("ok",)]
        with pytest.raises(ProjectError, match="not in the package"):
            import_qdpx(project, path, "an")  # relative:// names a file outside the package


def _package(tmp_path, name, members):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for member, data in members.items():
            package.writestr(member, data)
    return path


@pytest.mark.parametrize("case, message", [
    ("traversal", "outside the package"),
    ("bomb", "zip bomb"),
    ("entities", "DTD or entities"),
    ("missing", "not in the package"),
    ("outside", "outside the text"),
])
def test_unsafe_or_broken_files_import_nothing(exported, tmp_path, case, message):
    with zipfile.ZipFile(exported) as package:
        members = {n: package.read(n) for n in package.namelist()}
    xml = members["project.qde"].decode("utf-8")
    if case == "traversal":
        members["../../etc/evil.txt"] = b"x"
    elif case == "bomb":
        members["sources/huge.txt"] = b"\0" * (60 * 2**20)
    elif case == "entities":
        members["project.qde"] = xml.replace('<?xml version="1.0" encoding="UTF-8"?>',
                                             '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">]>').encode()
    elif case == "missing":
        del members[next(n for n in members if n.startswith("sources/"))]
    else:
        members["project.qde"] = xml.replace('endPosition="', 'endPosition="9', 1).encode()
    path = _package(tmp_path, f"{case}.qdpx", members)
    with open_project(tmp_path / "p.db", create=True) as project:
        events = project.db.execute("SELECT count(*) FROM events").fetchone()[0]
        with pytest.raises(ProjectError, match=message):
            import_qdpx(project, path, "an")
        for table in ("documents", "codebooks", "codes", "codings", "cases", "events"):
            expected = events if table == "events" else 0
            assert project.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected, table
    result = CliRunner().invoke(cli, ["import-qdpx", str(tmp_path / "p.db"), str(path)])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_cli_export_and_import(exported, tmp_path):
    runner = CliRunner()
    open_project(tmp_path / "n.db", create=True).close()
    result = runner.invoke(cli, ["import-qdpx", str(tmp_path / "n.db"), str(exported)])
    assert result.exit_code == 0 and "2 documents, 4 codes, 9 codings" in result.output
    result = runner.invoke(cli, ["export", "qdpx", str(tmp_path / "n.db"), str(tmp_path / "again.qdpx")])
    assert result.exit_code == 0 and "9 codings" in result.output
    assert summary(tmp_path / "again.qdpx") == summary(exported)
    assert runner.invoke(cli, ["export", "qdpx", str(tmp_path / "n.db"), str(tmp_path / "x.zip")]).exit_code == 1


def test_undo_removes_a_whole_import(exported, tmp_path):
    from coding.store import history

    with open_project(tmp_path / "n.db", create=True) as project:
        import_qdpx(project, exported, "tester")
        history.undo(project, "tester")
        for table in ("documents", "codebooks", "codes", "codings", "cases", "units"):
            assert project.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table

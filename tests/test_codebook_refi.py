"""REFI-QDA codebook exchange (.qdc): schema-valid export, lossless round trip, other tools' files, safe XML."""

from pathlib import Path

import pytest
import xmlschema

from coding.codebooks import operations as ops
from coding.codebooks.codes import resolve_code
from coding.codings.operations import add_coding
from coding.codebooks.qdc import read_qdc
from coding.store.project import ProjectError, now, open_project
from exports.refi_codebook import export_qdc
import dbrows  # noqa: E402

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "codebook"
XSD = Path(__file__).parent / "data" / "refi" / "Codebook-mrt2019.xsd"
STYLES = sorted(DATA.glob("*_style.qdc"))


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(XSD))


@pytest.fixture
def project(tmp_path):
    with open_project(tmp_path / "p.db", create=True) as project:
        yield project


def tree(project, codebook_id):
    """The tree as other tools see it: label path, codability, colour, description text."""
    book = ops.read_codebook(project.db, codebook_id, include_inactive=False)
    return [(book.label_path(c.key), c.codable, c.color, c.definition, c.inclusion, c.exclusion, c.examples)
            for c in book.codes]


def write(tmp_path, text, name="x.qdc"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_export_validates_against_the_refi_schema_without_empty_sets(project, schema, tmp_path):
    ops.import_file(project, "an", DATA / "demo_v1.yaml")
    ops.deactivate_code(project, "an", "middelen")
    text = export_qdc(project, "demo")
    schema.validate(text)
    assert "<Sets" not in text and 'name="Middelen"' not in text
    assert 'isCodable="false"' in text and 'color="#4e79a7"' in text
    assert export_qdc(project, "demo") == text   # stable guids: the same export twice


def test_shipped_codebooks_export_schema_valid(project, schema):
    for path in sorted((ROOT / "codebooks").glob("*.yaml")):
        book = ops.import_file(project, "an", path)["codebook"]
        schema.validate(export_qdc(project, book))


def test_export_then_import_gives_the_same_tree_keys_and_guids(project, tmp_path):
    ops.import_file(project, "an", DATA / "demo_v1.yaml")
    ops.add_code(project, "an", "demo", "Eigen", parent="relatie", origin="inductief", color="#123456",
                 definition="Iets eigens.", inclusion="Als het eigen is.", examples=["Een.", "Twee."])
    path = write(tmp_path, export_qdc(project, "demo"))
    with open_project(tmp_path / "other.db", create=True) as other:
        result = ops.import_file(other, "bo", path)
        assert (result["codebook"], result["version"]) == ("demo", "1.0-bewerkt.1")  # the edit made in the project shows in the version
        assert tree(other, "demo") == tree(project, "demo")
        assert ops.read_codebook(other.db, "demo") == ops.read_codebook(project.db, "demo")
        guids = "SELECT key, guid FROM codes ORDER BY key"
        assert list(other.db.query(guids)) == list(project.db.query(guids))


@pytest.mark.parametrize("path", STYLES, ids=[p.stem for p in STYLES])
def test_files_in_other_tools_styles_import_and_export_valid(project, schema, path):
    result = ops.import_file(project, "an", path, codebook_id="extern", title="Extern", version="2024")
    book = ops.read_codebook(project.db, "extern")
    assert result["added"] == len(book.codes) >= 3
    assert all(c.label and c.guid for c in book.codes)   # the tool's guids are kept
    text = export_qdc(project, "extern")
    schema.validate(text)
    assert all(f'guid="{c.guid}"' in text for c in book.codes)


def test_nested_grouping_codes_colours_and_descriptions_are_read(project):
    ops.import_file(project, "an", DATA / "qualcoder_style.qdc")
    rows = {path: (codable, color, definition) for path, codable, color, definition, *_ in
            tree(project, "qualcoder-style")}
    assert rows["Culturele werkcondities"][0] is False
    assert rows["Culturele werkcondities > Participatie"] == (True, "#a3c1ad", "Leerkrachten denken en beslissen mee.")
    assert rows["Participatie"] == (True, None, None)   # same name elsewhere in the tree: its own code
    ops.import_file(project, "an", DATA / "maxqda_style.qdc")
    deepest = ops.codebook_tree(project.db, "maxqda-style").iloc[-2]
    assert (deepest["path"], deepest["depth"]) == ("Inhoud > Focus op de inhoud > Differentiatie", 2)
    ops.import_file(project, "an", DATA / "atlasti_style.qdc")   # prefixed namespace, Sets ignored
    labels = ops.codebook_tree(project.db, "atlasti-style")["label"].tolist()
    assert labels == ["Duur en intensiteit", "Expertise", "Motivatie"]
    ops.import_file(project, "an", DATA / "nvivo_style.qdc")
    assert ops.read_codebook(project.db, "nvivo-style").code("werkcondities.leiderschap").guid == \
        "{3F2504E0-4F89-11D3-9A0C-0305E82C3302}"


def test_newer_qdc_version_is_matched_by_guid_and_keeps_codings(project, tmp_path):
    with project.write("an", "seed") as tx:
        tx.insert("documents", {"name": "d", "kind": "interview", "text": "Een tekst van enige lengte.",
                                "sha256": "x", "imported_at": now()})
    ops.import_file(project, "an", DATA / "atlasti_style.qdc", codebook_id="atlas", version="1")
    expertise = resolve_code(project.db, "atlas:expertise")
    coding = add_coding(project, "an", 1, 0, 8, expertise)
    renamed = (DATA / "atlasti_style.qdc").read_text(encoding="utf-8").replace('name="Expertise"',
                                                                             'name="Deskundigheid"')
    result = ops.import_file(project, "an", write(tmp_path, renamed), codebook_id="atlas", version="2")
    assert result["previous_version"] == "1" and result["added"] == 0
    assert dbrows.row(project, "codings", coding)["code_id"] == expertise
    assert dbrows.row(project, "codes", expertise)["label"] == "Deskundigheid"


EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="0c7a8d7e-1b2f-4f5a-9d3e-6a1b2c3d4e01" name="&secret;" isCodable="true"/>
</Codes></CodeBook>
"""
ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<CodeBook><Codes><Code guid="0c7a8d7e-1b2f-4f5a-9d3e-6a1b2c3d4e01" name="&lol2;" isCodable="true"/></Codes></CodeBook>
"""


@pytest.mark.parametrize("text, message", [
    (EXTERNAL_ENTITY, "refused: the file declares a DTD or entities"),
    (ENTITY_BOMB, "refused: the file declares a DTD or entities"),
    ("Dit is gewoon tekst, geen XML.", "is not a readable XML file"),
    ("<html><body>Hallo</body></html>", "is not a REFI-QDA codebook (its root element is <html>"),
    ('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "without codes"),
    ("", "is empty"),
], ids=["external-entity", "entity-bomb", "not-xml", "not-a-codebook", "no-codes", "empty"])
def test_unsafe_or_foreign_files_are_refused_and_nothing_is_imported(project, tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ProjectError, match=message.replace("(", r"\(")):
        ops.import_file(project, "an", path)
    assert dbrows.count(project, "codebooks") == 0 and dbrows.count(project, "codes") == 0
    assert dbrows.count(project, "events") == 0


def test_codes_without_a_name_are_refused(tmp_path):
    path = write(tmp_path, '<CodeBook><Codes><Code guid="0c7a8d7e-1b2f-4f5a-9d3e-6a1b2c3d4e01" '
                           'isCodable="true"/></Codes></CodeBook>')
    with pytest.raises(ProjectError, match="code 1 .* has no name"):
        read_qdc(path)

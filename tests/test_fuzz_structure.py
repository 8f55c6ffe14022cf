"""Malformed .qdpx, .qdc and .docx variants fuzzed in their STRUCTURE, not only their bytes.

Hypothesis removes, duplicates and retags XML elements, drops or garbles attributes (positions that
are not numbers, empty guids, ids that are not ids), re-encodes parts as UTF-16 and shuffles the zip's
members. Each variant imports or ends in one ProjectError line with the project unchanged (`check`).
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings, strategies as st

from coding.codebooks import operations as codebook_ops
from coding.importers import import_file
from coding.importers.qdpx import import_qdpx
from coding.store.project import ProjectError, open_project
from tests.test_fuzz_importers import FUZZ, QDC_SEEDS, _docx_seed, check, qdpx_seed, warm  # noqa: F401

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

ODD_JSON = st.recursive(st.none() | st.booleans() | st.integers(-5, 10**12) | st.text(max_size=8),
                        lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=6), inner,
                                                                                      max_size=3), max_leaves=8)
ODD_VALUES = st.sampled_from(["", "-1", "abc", "99999999999999999999", "1.5", "0", " ", "../x", "Ünïcode",
                              "1e3", "true", "#zz", "{}", "Valentie", "sterkte", "a b"]) | st.text(max_size=10)


def _parse(data: bytes) -> ET.Element:
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_pis=True))
    parser.feed(data)
    return parser.close()


@st.composite
def mutated_xml(draw, seed: bytes) -> bytes:
    """The seed's XML with 1-4 structural changes, serialised as UTF-8 or (sometimes) UTF-16."""
    root = _parse(seed)
    for _ in range(draw(st.integers(1, 4))):
        parents = {child: parent for parent in root.iter() for child in parent}
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        instructions = [e for e in root.iter() if e.tag is ET.PI and " {" in (e.text or "")]
        element = draw(st.sampled_from(elements))
        parent = parents.get(element)
        move = draw(st.sampled_from(["drop", "attr-drop", "attr-set", "duplicate", "retag", "text", "adopt", "pi"]))
        if move == "pi" and instructions:  # Werkbank's own JSON in a processing instruction, with odd values
            pi = draw(st.sampled_from(instructions))
            target, payload = pi.text.split(" ", 1)
            fields = json.loads(payload)
            fields[draw(st.sampled_from(sorted(fields) + ["id", "target", "targetGUID", "title", "units"]))] = \
                draw(ODD_JSON)
            pi.text = f"{target} {json.dumps(fields)}"
        elif move == "drop" and parent is not None:
            parent.remove(element)
        elif move == "attr-drop" and element.attrib:
            del element.attrib[draw(st.sampled_from(sorted(element.attrib)))]
        elif move == "attr-set":
            names = sorted(element.attrib) * 2 + ["guid", "name", "startPosition", "endPosition", "targetGUID"]
            element.set(draw(st.sampled_from(names)), draw(ODD_VALUES))
        elif move == "duplicate" and parent is not None:
            parent.append(copy.deepcopy(element))
        elif move == "retag":
            element.tag = draw(st.sampled_from(sorted({e.tag for e in elements})))
        elif move == "text":
            element.text = draw(ODD_VALUES)
        elif move == "adopt":
            draw(st.sampled_from(elements)).append(copy.deepcopy(element))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16"]))
    return ET.tostring(root, encoding=encoding, xml_declaration=True)


@st.composite
def mutated_zip(draw, seed: bytes, xml_parts: tuple[str, ...]) -> bytes:
    """The package with a structurally mutated XML part, and members dropped, renamed or added."""
    source = zipfile.ZipFile(io.BytesIO(seed))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    target = draw(st.sampled_from([p for p in xml_parts if p in parts]))
    parts[target] = draw(mutated_xml(parts[target]))
    names = sorted(parts)
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(names))
        move = draw(st.sampled_from(["drop", "rename", "copy", "empty"]))
        if name not in parts:
            continue
        if move == "drop":
            del parts[name]
        elif move == "rename":
            parts[draw(st.sampled_from([name + ".dat", name.upper(), "sources/" + name, "x/" + name]))] = \
                parts.pop(name)
        elif move == "copy":
            parts[draw(st.sampled_from(names))] = parts[name]
        else:
            parts[name] = b""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


@given(data=st.data())
@settings(FUZZ, max_examples=150)
def test_structurally_mutated_qdpx(tmp_path, data, qdpx_seed):  # noqa: F811
    check(tmp_path, ".qdpx", lambda p, path: import_qdpx(p, path, "fuzz"),
          data.draw(mutated_zip(qdpx_seed, ("project.qde",))))


@given(data=st.data())
@FUZZ
def test_structurally_mutated_qdc(tmp_path, data):
    check(tmp_path, ".qdc", lambda p, path: codebook_ops.import_file(p, "fuzz", path),
          data.draw(mutated_xml(data.draw(st.sampled_from(QDC_SEEDS)))))


@given(data=st.data())
@FUZZ
def test_structurally_mutated_docx(tmp_path, data):
    check(tmp_path, ".docx", lambda p, path: import_file(p, path, "fuzz"),
          data.draw(mutated_zip(_docx_seed(), ("word/document.xml", "[Content_Types].xml", "_rels/.rels",
                                               "word/_rels/document.xml.rels", "word/styles.xml"))))


def _qdpx_variant(seed: bytes, edit) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(seed))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in source.namelist():
            data = source.read(name)
            package.writestr(name, edit(data.decode()).encode() if name == "project.qde" else data)
    return out.getvalue()


def _sub(pattern: str, replacement: str):
    import re
    return lambda text: re.sub(pattern, replacement, text, count=1, flags=re.S)


VARIANTS = {  # each ended in a Python traceback or was taken as it was
    "position not a number": _sub(r'startPosition="\d+"', 'startPosition="abc"'),
    "codebook id not an id": _sub(r'(werkbank-codebook \{[^?]*?"id": )"[^"]+"', r'\1"../Boek X"'),
    "codebook id a number": _sub(r'(werkbank-codebook \{[^?]*?"id": )"[^"]+"', r'\g<1>5'),
    "two cases with one name": lambda t: t.replace(
        __import__("re").findall(r'<Case guid="[^"]+" name="([^"]+)"', t)[1],
        __import__("re").findall(r'<Case guid="[^"]+" name="([^"]+)"', t)[0]),
    "two sources with one name": lambda t: t.replace(
        "<Sources>", "<Sources>" + __import__("re").search(r"<TextSource.*?</TextSource>", t, __import__("re").S)
        .group(0).replace('guid="', 'guid="0')),
    "unit with seven fields": _sub(r'"units": \[\[', '"units": [["x", '),
    "unit not a list": _sub(r'"units": \[', '"units": [5, '),
    "units not a list": _sub(r'"units": \[', '"units": {"a": 1}, "x": ['),
}
IMPORTED = {  # odd but harmless: imported, the odd part dropped
    "note target a list": lambda t: t.replace("<Sources>", '<Notes><Note guid="n1"><?werkbank-note {"target": '
                                              '"document", "targetGUID": [1], "title": {"a": 1}}?><PlainTextContent>'
                                              "x</PlainTextContent></Note></Notes><Sources>"),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_malformed_qdpx_variants_end_in_one_line(tmp_path, qdpx_seed, variant):  # noqa: F811
    data = _qdpx_variant(qdpx_seed, VARIANTS[variant])
    assert data != qdpx_seed
    (tmp_path / "v.qdpx").write_bytes(data)
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        with pytest.raises(ProjectError) as refused:
            import_qdpx(project, tmp_path / "v.qdpx", "fuzz")
        assert "\n" not in str(refused.value)
        assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


@pytest.mark.parametrize("variant", sorted(IMPORTED))
def test_odd_but_harmless_qdpx_variants_import(tmp_path, qdpx_seed, variant):  # noqa: F811
    (tmp_path / "v.qdpx").write_bytes(_qdpx_variant(qdpx_seed, IMPORTED[variant]))
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        assert import_qdpx(project, tmp_path / "v.qdpx", "fuzz")["documents"] == 1
        assert project.conn.execute("SELECT target_type FROM memos").fetchall() == [("project",)]


def _docx_with(document_xml: bytes, main: str = "word/document.xml") -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_docx_seed()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                package.writestr(main, document_xml)
                if main != name:
                    package.writestr(name, data)
            elif name == "_rels/.rels" and main != "word/document.xml":
                package.writestr(name, data.replace(b"word/document.xml", main.encode()))
            else:
                package.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("encoding,main", [("utf-16", "word/document.xml"), ("utf-8", "word/hoofd.dat"),
                                           ("utf-16", "word/hoofd.dat")])
def test_a_dtd_in_a_utf16_or_dat_main_part_is_refused(tmp_path, encoding, main):
    xml = zipfile.ZipFile(io.BytesIO(_docx_seed())).read("word/document.xml").decode()
    declaration, body = xml.split("?>", 1)
    xml = (f'<?xml version="1.0" encoding="{encoding.upper()}" standalone="yes"?>'
           '<!DOCTYPE w:document [<!ENTITY naam "Jan Peeters">]>' + body.replace("De ondersteuner", "&naam; De ondersteuner"))
    (tmp_path / "verslag.docx").write_bytes(_docx_with(xml.encode(encoding), main))
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        with pytest.raises(ProjectError, match="declares a DTD or entities; refused as unsafe"):
            import_file(project, tmp_path / "verslag.docx", "t")
        assert project.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_a_qdc_over_its_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from coding.files import limits
    from coding.codebooks import qdc

    monkeypatch.setattr(qdc, "MAX_QDC_BYTES", 1000)
    path = tmp_path / "groot.qdc"
    path.write_bytes(QDC_SEEDS[0] + b" " * 1000)
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        with pytest.raises(ProjectError, match=r"groot.qdc is 0.0 MB \(limit for a .qdc codebook 0 MB\)"):
            codebook_ops.import_file(project, "t", path)
    assert limits.MAX_QDC_BYTES == 4 * 1024 * 1024

"""Fuzzed input for every importer: random files and valid files with mutated bytes.

Whatever comes in, an import either works or raises ProjectError with a one-line message; it never
raises another exception type, never hangs (hypothesis' deadline) and never leaves half an import
(every table's row count is unchanged after a refusal). Also: the limits in
coding/files/limits.py exist and refuse what they promise to refuse.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from coding.codebooks import operations as codebook_ops
from coding.codings.operations import add_coding
from coding.importers import import_file, import_mailbox, mailbox
from coding.files import limits
from coding.importers.qdpx import import_qdpx
from coding.store.project import ProjectError, open_project
from exports.qdpx import write_qdpx
from exports.refi_codebook import codebook_qdc

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

DATA = Path(__file__).parent / "data" / "codebook"
FUZZ = settings(max_examples=40, deadline=4000, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """The seed with a few bytes overwritten, a slice dropped or duplicated, and/or cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 8))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if data and draw(st.booleans()):
        start = draw(st.integers(0, len(data) - 1))
        end = draw(st.integers(start, min(len(data), start + 200)))
        data[start:end] = data[start:end] * draw(st.integers(0, 3))
    if data and draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


def inputs(seed: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(mutated(seed), st.binary(max_size=3000))


def _counts(project) -> dict[str, int]:
    tables = [r[0] for r in project.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: project.conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}


def check(folder: Path, suffix: str, run: Callable[[object, Path], object], data: bytes) -> None:
    """Import fuzzed bytes into the folder's project: it works, or a ProjectError changes nothing."""
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    with open_project(folder / "fuzz.werkbank", create=True) as project:
        before = _counts(project)
        try:
            run(project, path)
        except ProjectError as error:
            message = str(error).strip()
            assert message and "Traceback" not in message
            assert _counts(project) == before, "a refused import changed the project"
        assert project.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def _docx_seed() -> bytes:
    document = docx.Document()
    document.add_heading("Verslag focusgroep", level=1)
    document.add_paragraph("Leerkracht 1: De ondersteuner kwam elke week langs en dat hielp.")
    document.add_paragraph("Directeur: We willen meer overleg over de planning.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Rol", "Opmerking"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx_seed() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Functie", "Onderwijsvorm", "Wat loopt goed?"])
    sheet.append(["leerkracht", "gewoon onderwijs", "Het overleg met de ondersteuner."])
    sheet.append(["directeur", "buitengewoon onderwijs", "De vorming."])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CSV_SEED = ("Functie;Onderwijsvorm;Wat loopt goed?;Wat kan beter?\n"
            "leerkracht;gewoon onderwijs;Het overleg;Meer tijd\n"
            "zorgco;buitengewoon onderwijs;\"De vorming; met een puntkomma\";Niets\n").encode()
TXT_SEED = ("# Verslag\n\nLeerkracht 1: De ondersteuner kwam elke week.\n\n"
            "Directeur: Het overleg kan beter.\n").encode()


@pytest.fixture(scope="module", autouse=True)
def warm(tmp_path_factory):
    """Load the language model once, so the per-example deadline measures the import, not start-up."""
    folder = tmp_path_factory.mktemp("warm")
    (folder / "warm.txt").write_bytes(TXT_SEED)
    with open_project(folder / "warm.werkbank", create=True) as project:
        import_file(project, folder / "warm.txt", "warm")


@given(data=st.data())
@FUZZ
def test_fuzzed_reports_txt_and_docx(tmp_path, data):
    report = lambda p, path: import_file(p, path, "fuzz", force=True)  # noqa: E731
    check(tmp_path, ".txt", report, data.draw(inputs(TXT_SEED)))
    check(tmp_path, ".docx", report, data.draw(inputs(DOCX_SEED)))


@given(data=st.data())
@FUZZ
def test_fuzzed_mailbox_csv_and_xlsx(tmp_path, data):
    answers = lambda p, path: import_mailbox(p, path, "fuzz", force=True)  # noqa: E731
    check(tmp_path, ".csv", answers, data.draw(inputs(CSV_SEED)))
    check(tmp_path, ".xlsx", answers, data.draw(inputs(XLSX_SEED)))


@given(data=st.data())
@FUZZ
def test_fuzzed_codebooks_yaml_and_qdc(tmp_path, data):
    codebook = lambda p, path: codebook_ops.import_file(p, "fuzz", path)  # noqa: E731
    check(tmp_path, ".yaml", codebook, data.draw(inputs(YAML_SEED)))
    check(tmp_path, ".qdc", codebook, data.draw(inputs(data.draw(st.sampled_from(QDC_SEEDS)))))


@given(data=st.data())
@FUZZ
def test_fuzzed_qdpx(tmp_path, data, qdpx_seed):
    check(tmp_path, ".qdpx", lambda p, path: import_qdpx(p, path, "fuzz"),
          data.draw(st.one_of(mutated(qdpx_seed), mutated(_repacked(qdpx_seed)), st.binary(max_size=3000))))


MAPPING_SEED = ("columns:\n  Functie: {role: attribute, name: functie}\n"
                "  Onderwijsvorm: {role: attribute, name: sector}\n  Wat loopt goed?: question\n"
                "  Wat kan beter?: question\ndelimiter: ';'\nempty_answers: [nvt, /]\n").encode()
SPEAKERS_SEED = ("speakers:\n  - {role: 'leerkracht|lk', rol: leerkracht, sector: GeO}\n"
                 "  - {role: directeur, qualifier: buo, rol: directie, sector: BuO}\n"
                 "  - {label: Ondersteuner B, ondersteuningsmodel: co-teaching}\n"
                 "  - {role: procesbegeleider, is_data: false}\nuse_defaults: true\n").encode()
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.dates() | st.text(max_size=12)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) |
                       st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=3), max_leaves=12)


def _fitting(value: st.SearchStrategy) -> st.SearchStrategy:
    """A value that fits its place, or (as often) anything at all."""
    return value | _VALUES


_MAPPINGS = st.fixed_dictionaries(  # the shape is right, values may be anything (wrong shapes: the bytes fuzz)
    {"columns": st.dictionaries(
        st.sampled_from(["Functie", "Onderwijsvorm", "Wat loopt goed?", "Wat kan beter?"]),
        _fitting(st.sampled_from(mailbox.ROLES) | st.fixed_dictionaries(
            {"role": _fitting(st.sampled_from(mailbox.ROLES))},
            optional={"name": _fitting(st.text(max_size=8)), "drop": _fitting(st.booleans())})))},
    optional={"delimiter": _fitting(st.sampled_from(mailbox.DELIMITERS)),
              "empty_answers": _fitting(st.lists(st.text(max_size=4))), "sheet": _fitting(st.text(max_size=8))})
_RULE = st.fixed_dictionaries(  # a rule for a speaker of TXT_SEED
    {"role": _fitting(st.sampled_from(["leerkracht", "directeur"]))},
    optional={"qualifier": _fitting(st.sampled_from(["buo", "x"])), "is_data": _fitting(st.booleans()),
              "rol": _fitting(st.text(max_size=8)), "sector": _fitting(st.sampled_from(["GeO", "BuO"])),
              "regio": _fitting(st.text(max_size=8))})
_RULES = st.lists(_RULE, min_size=1, max_size=3)
_SPEAKER_MAPPINGS = _RULES | st.fixed_dictionaries({"speakers": _RULES},
                                                 optional={"use_defaults": _fitting(st.booleans())})


def _yaml(value) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True).encode()


def _mapping_runs(folder: Path) -> tuple[Callable, Callable]:
    """Imports that read a mailbox mapping file and a speaker mapping file (the fuzzed input)."""
    (folder / "export.csv").write_bytes(CSV_SEED)
    (folder / "verslag.txt").write_bytes(TXT_SEED)
    return (lambda p, path: import_mailbox(p, folder / "export.csv", "fuzz", mapping=path, force=True),
            lambda p, path: import_file(p, folder / "verslag.txt", "fuzz", speakers=path, force=True))


@given(data=st.data())
@FUZZ
def test_fuzzed_mailbox_and_speaker_mapping_files(tmp_path, data):
    """Mutated and random mapping files: the import works or is refused with one clear line, and a
    refusal writes nothing."""
    mapped, spoken = _mapping_runs(tmp_path)
    check(tmp_path, ".yaml", mapped, data.draw(inputs(MAPPING_SEED)))
    check(tmp_path, ".yaml", spoken, data.draw(inputs(SPEAKERS_SEED)))


@given(mapping=_MAPPINGS, speakers=_SPEAKER_MAPPINGS)
@settings(FUZZ, max_examples=150)
def test_random_mailbox_and_speaker_mapping_documents(tmp_path, mapping, speakers):
    """Valid YAML of about the right shape with values of any type in any place: the same."""
    mapped, spoken = _mapping_runs(tmp_path)
    check(tmp_path, ".yaml", mapped, _yaml(mapping))
    check(tmp_path, ".yaml", spoken, _yaml(speakers))


def _repacked(seed: bytes) -> bytes:
    """The .qdpx stored uncompressed, so byte mutations land in the XML rather than in deflate data."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
    return out.getvalue()


DOCX_SEED = _docx_seed()
XLSX_SEED = _xlsx_seed()
YAML_SEED = (DATA / "demo_v1.yaml").read_bytes()
QDC_SEEDS = [(DATA / name).read_bytes() for name in ("nvivo_style.qdc", "maxqda_style.qdc")]


@pytest.fixture(scope="module")
def qdpx_seed(tmp_path_factory) -> bytes:
    """A small project (one report, one codebook, two codings) exported as .qdpx."""
    folder = tmp_path_factory.mktemp("qdpx")
    with open_project(folder / "bron.werkbank", create=True) as project:
        codebook_ops.import_file(project, "an", DATA / "demo_v1.yaml")
        report = folder / "verslag.txt"
        report.write_bytes(TXT_SEED)
        document = import_file(project, report, "an")
        code = project.conn.execute("SELECT id FROM codes WHERE codable = 1 ORDER BY id LIMIT 1").fetchone()[0]
        add_coding(project, "an", document, 12, 40, code, valence="sterkte")
        add_coding(project, "an", document, 50, 70, code, valence="groeikans")
        write_qdpx(project, folder / "bron.qdpx")
    return (folder / "bron.qdpx").read_bytes()


def test_seeds_import_cleanly(tmp_path, qdpx_seed):
    """The fuzz seeds are valid: without mutation each imports (so mutations start from real files)."""
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        for name, seed, run in [
            ("a.txt", TXT_SEED, lambda path: import_file(project, path, "t")),
            ("b.docx", DOCX_SEED, lambda path: import_file(project, path, "t")),
            ("c.csv", CSV_SEED, lambda path: import_mailbox(project, path, "t")),
            ("f.xlsx", XLSX_SEED, lambda path: import_mailbox(project, path, "t")),
            ("d.yaml", YAML_SEED, lambda path: codebook_ops.import_file(project, "t", path)),
            ("g.yaml", MAPPING_SEED, lambda path: import_mailbox(project, tmp_path / "c.csv", "t", mapping=path,
                                                                 force=True)),
            ("h.yaml", SPEAKERS_SEED, lambda path: import_file(project, tmp_path / "a.txt", "t", speakers=path,
                                                               force=True)),
            ("e.qdc", QDC_SEEDS[0], lambda path: codebook_ops.import_file(project, "t", path, codebook_id="nv")),
        ]:
            (tmp_path / name).write_bytes(seed)
            run(tmp_path / name)
    with open_project(tmp_path / "q.werkbank", create=True) as project:
        (tmp_path / "a.qdpx").write_bytes(qdpx_seed)
        assert import_qdpx(project, tmp_path / "a.qdpx", "t")["codings"] == 2


# ---- the limits -----------------------------------------------------------------------------------


def test_limits_exist_and_are_documented():
    names = ["MAX_FILE_BYTES", "MAX_ROWS", "MAX_ZIP_MEMBERS", "MAX_UNPACKED_BYTES", "MAX_COMPRESSION_RATIO",
             "MAX_XML_DEPTH", "MAX_YAML_NESTING", "MAX_YAML_BYTES", "MAX_TEXT_CHARS", "MAX_QDC_BYTES"]
    documented = (Path(__file__).parents[1] / "docs" / "limits.md").read_text(encoding="utf-8")
    for name in names:
        assert isinstance(getattr(limits, name), int) and getattr(limits, name) > 0
        assert name in documented


def _deep_qdc(depth: int) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            + "".join(f'<Code guid="00000000-0000-0000-0000-{n:012d}" name="c{n}" isCodable="true">'
                      for n in range(depth))
            + "</Code>" * depth + "</Codes></CodeBook>").encode()


def test_deep_xml_and_yaml_are_refused_not_a_crash(tmp_path):
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        before = _counts(project)
        deep = tmp_path / "diep.qdc"
        deep.write_bytes(_deep_qdc(5000))
        with pytest.raises(ProjectError, match="nested more than 100 deep"):
            codebook_ops.import_file(project, "t", deep)
        nested = tmp_path / "diep.yaml"
        nested.write_text("id: diep\ntitle: Diep\nversion: '1'\ncodes:\n- " + "[" * 5000 + "]" * 5000 + "\n")
        with pytest.raises(ProjectError, match="nested more than 100 levels"):
            codebook_ops.import_file(project, "t", nested)
        laughs = tmp_path / "lach.yaml"
        laughs.write_text("id: lach\ntitle: L\nversion: '1'\na: &a [x, x, x, x, x, x, x, x, x]\n"
                          "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\ncodes: [*b, *b, *b, *b, *b, *b, *b, *b]\n")
        with pytest.raises(ProjectError, match="aliases"):
            codebook_ops.import_file(project, "t", laughs)
        assert _counts(project) == before
        shallow = tmp_path / "ondiep.qdc"
        shallow.write_bytes(_deep_qdc(limits.MAX_XML_DEPTH - 4))  # CodeBook and Codes count too
        codebook_ops.import_file(project, "t", shallow, codebook_id="ondiep")


def test_zip_bomb_and_too_many_rows_are_refused(tmp_path, monkeypatch):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"\0" * (40 * 2**20))
    (tmp_path / "bom.docx").write_bytes(bomb.getvalue())
    monkeypatch.setattr(mailbox, "MAX_ROWS", 3)  # the limit as the reader sees it, made small
    (tmp_path / "rijen.csv").write_text("Functie;Antwoord\n" + "leerkracht;Goed\n" * 10, encoding="utf-8")
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        before = _counts(project)
        with pytest.raises(ProjectError, match="zip bomb"):
            import_file(project, tmp_path / "bom.docx", "t")
        with pytest.raises(ProjectError, match="rows"):
            import_mailbox(project, tmp_path / "rijen.csv", "t")
        assert _counts(project) == before

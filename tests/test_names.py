"""Possible names nobody registered: found, reviewed, and never exported while open (issue #15).

The corpus in tests/data/names was written by someone who never saw the finder; its manifest says
where each planted name is. Nothing here names a planted name: the tests read them from the manifest.
"""

from __future__ import annotations

import ast
import csv
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from app.cli import _load_commands, cli
from coding.codings.operations import add_coding
from coding.importers import import_file, import_mailbox
from coding.privacy import candidates, names
from coding.privacy.anonymise import Anonymiser, anonymiser, leaks
from coding.store.project import open_project

DATA = Path(__file__).parent / "data" / "names"
MANIFEST = yaml.safe_load((DATA / "MANIFEST.yaml").read_text(encoding="utf-8"))


def _texts() -> dict[str, str]:
    texts = {p.name: open(p, encoding="utf-8", newline="").read() for p in DATA.glob("groepsgesprek_*.txt")}
    with open(DATA / "mailbox.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    for row in rows[1:]:
        for n, column in enumerate(rows[0][3:], start=3):
            texts[f"mailbox.csv|{row[0]}|{column}"] = row[n]
    return texts


def _key(item: dict) -> str:
    return item["file"] if item["file"] != "mailbox.csv" else f"mailbox.csv|{item['row_respondent']}|{item['column']}"


def test_finder_recall_and_false_candidates():
    texts = _texts()
    found = {key: names.find(text, MANIFEST["sensitive_terms"]) for key, text in texts.items()}
    planted = MANIFEST["planted"]
    hit = [p for p in planted if any(c.start < p["end"] and p["start"] < c.end for c in found[_key(p)])]
    assert len(hit) / len(planted) >= 0.95
    words = sum(len(re.findall(r"\w+", t)) for t in texts.values())
    false = [c for key, cands in found.items() for c in cands
             if not any(c.start < p["end"] and p["start"] < c.end for p in planted if _key(p) == key)]
    assert len(false) <= words / 500
    flagged = [n for n in MANIFEST["not_names"] if any(c.start < n["end"] and n["start"] < c.end for c in found[_key(n)])]
    assert len(flagged) <= 3, flagged


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The names corpus imported, with the user's schools and places listed and every turn and answer coded."""
    path = tmp_path_factory.mktemp("names") / "names.werkbank"
    with open_project(path, create=True) as project:
        for report in sorted(DATA.glob("groepsgesprek_*.txt")):
            import_file(project, report, "tester")
        mapping = {"delimiter": ";", "columns": {"Respondent": "id", "Functie": {"role": "attribute", "name": "functie"},
                                                 "Wat gaat goed?": "question", "Wat kan beter?": "question"}}
        import_mailbox(project, DATA / "mailbox.csv", "tester", mapping=mapping)
        candidates.set_terms(project, "tester", MANIFEST["sensitive_terms"])
        _load_commands()
        codebook = Path(__file__).parent.parent / "codebooks" / "randvoorwaarden.yaml"
        assert CliRunner().invoke(cli, ["codebook", "import", str(path), str(codebook)]).exit_code == 0
        code = project.db.execute("SELECT id FROM codes ORDER BY id LIMIT 1").fetchone()[0]
        for doc_id, start, end in project.db.execute(
                "SELECT document_id, start, end FROM units WHERE kind IN ('turn', 'answer', 'paragraph') AND is_data = 1"
        ).fetchall():
            add_coding(project, "tester", doc_id, start, end, code, valence="sterkte")
    return path


def _planted_in(text: str) -> list[str]:
    return [p["text"] for p in MANIFEST["planted"]
            if re.search(rf"(?<!\w){re.escape(' '.join(p['text'].split()))}(?!\w)", " ".join(text.split()))]


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return re.sub(r"<[^>]+>", "", package.read("word/document.xml").decode("utf-8"))


def test_open_names_block_exports_and_accepted_names_never_leave(corpus, tmp_path):
    _load_commands()
    runner = CliRunner()
    project = str(corpus)
    check = runner.invoke(cli, ["anonymise-check", project])
    assert check.exit_code == 1 and "mogelijke namen niet nagekeken" in check.output
    refused = runner.invoke(cli, ["export", "quotes", project, str(tmp_path / "refused.docx")])
    assert refused.exit_code != 0 and not (tmp_path / "refused.docx").exists()
    assert "niet nagekeken" in refused.output
    allowed = runner.invoke(cli, ["export", "quotes", project, str(tmp_path / "allowed.docx"), "--allow-unreviewed"])
    assert allowed.exit_code == 0 and "niet nagekeken" in allowed.output

    with open_project(corpus) as p:
        for row in candidates.listing(p.db, "open"):
            candidates.accept(p, "tester", row["name"], "iemand")
        assert candidates.unreviewed(p) == []
    listing = runner.invoke(cli, ["names", project, "--open"])
    assert listing.exit_code == 0 and len(listing.output.strip().splitlines()) == 1  # the header only

    out = tmp_path / "citaten.docx"
    result = runner.invoke(cli, ["export", "quotes", project, str(out)])
    assert result.exit_code == 0, result.output
    text = _docx_text(out)
    assert "iemand" in text.casefold()
    assert _planted_in(text) == []
    table = tmp_path / "codings.csv"
    assert runner.invoke(cli, ["export", "table", project, str(table)]).exit_code == 0
    assert _planted_in(table.read_text(encoding="utf-8-sig")) == []
    coded = runner.invoke(cli, ["list", project, "codings"])
    assert _planted_in(coded.output) == []


def test_sentence_start_keeps_its_capital():
    hide = Anonymiser([("Lars", "een leerling"), ("Jan Janssens", "mijn collega")])
    assert hide.apply("Lars' ouders. Ik zag Lars. „Jan Janssens komt!”") == \
        "Een leerling' ouders. Ik zag een leerling. „Mijn collega komt!”"


def test_a_name_that_is_a_word_is_replaced_only_as_a_name():
    hide = Anonymiser([("Ben", "de directeur")])
    assert hide.apply("Ben, onze directeur, zegt: ik ben blij.") == "De directeur, onze directeur, zegt: ik ben blij."


def test_wrongly_sealed_values_blank_no_other_text():
    sealed = {1: ["Antwerpen", "Katholiek Onderwijs Vlaanderen", "nvt", "Lieve Vandersmissen", "lieve@x.be"]}
    hide = Anonymiser([], sealed)
    other = "In Antwerpen werkt Katholiek Onderwijs Vlaanderen; nvt. Lieve Vandersmissen kwam."
    assert hide.apply(other, document=2) == other
    own = hide.apply("Vraag het Lieve Vandersmissen in Antwerpen (nvt).", document=1)
    assert own == "Vraag het [afgeschermd] in Antwerpen (nvt)."


def test_written_out_addresses_and_contact_details_are_replaced():
    hide = Anonymiser([])
    text = ("Mail an . devos @ scholen . be of info[at]onw-centrum[dot]be of lies punt v at gmail punt com, "
            "bel +32 (0)9 345 67 89, Kerkstraat 12, 9000 Gent.")
    safe = hide.apply(text)
    assert "devos" not in safe and "onw-centrum" not in safe and "gmail" not in safe
    assert "345" not in safe and "Kerkstraat" not in safe


def test_every_download_and_cli_export_goes_through_the_gate():
    """Each download button's data and each CLI command that writes a file call the export gate
    (exports.gate) or a writer that does (quote bank, findings, tables, .qdpx)."""
    root = Path(__file__).parent.parent
    buttons = 0
    for view in sorted([*(root / "app" / "views").glob("*.py"), *(root / "app" / "components").glob("*.py")]):
        source = view.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "download_button":
                buttons += 1
                data = node.args[1] if len(node.args) > 1 else next(k.value for k in node.keywords if k.arg == "data")
                text = ast.get_source_segment(source, data) or ""
                helper = re.fullmatch(r"(?:lambda: )?(_\w+)(?:\(.*\))?", text)
                if helper:  # a local helper: its body must use the gate
                    body = next(ast.get_source_segment(source, f) for f in ast.walk(ast.parse(source))
                                if isinstance(f, ast.FunctionDef) and f.name == helper.group(1))
                    text += body
                assert "gate." in text, (view.name, node.lineno, text)
    assert buttons >= 13
    for module in sorted((root / "app" / "cli").glob("*.py")):
        source = module.read_text(encoding="utf-8")
        assert "to_csv(" not in source and "csv.writer" not in source and "DictWriter" not in source, module.name
        assert "save_table(" not in source and "save_chart(chart" not in source, module.name
        for line in re.findall(r".*live_docs\.\w+\(.*", source):
            assert "gate." in line, (module.name, line)
    gated = (root / "exports" / "report_tables.py").read_text(encoding="utf-8")
    assert "write_table(project" in gated


@contextmanager
def _report_project(path: Path, report: Path):
    """A new project with one imported report and the randvoorwaarden codebook: the open project, the
    report's id and text, and the first codable code."""
    _load_commands()
    with open_project(path, create=True) as project:
        document = import_file(project, report, "tester")
        codebook = Path(__file__).parent.parent / "codebooks" / "randvoorwaarden.yaml"
        assert CliRunner().invoke(cli, ["codebook", "import", str(path), str(codebook)]).exit_code == 0
        text = project.db.execute("SELECT text FROM documents WHERE id = ?", [document]).fetchone()[0]
        code = project.db.execute("SELECT id FROM codes WHERE codable = 1 ORDER BY id LIMIT 1").fetchone()[0]
        yield project, document, text, code


def test_a_coding_across_turns_is_quoted_per_speaker(tmp_path):
    """A coding that runs from a teacher's turn over the facilitator into a supporter's turn: the
    Word quote bank shows two quotes with two attributions and none of the facilitator's words."""
    report = tmp_path / "gesprek.txt"
    report.write_text("Interviewer: Hoe loopt de samenwerking?\n\n"
                      "Leerkracht 1: De ondersteuner komt elke week. We bereiden samen voor.\n\n"
                      "Interviewer: En wat vinden jullie daarvan?\n\n"
                      "Ondersteuner 2: Ik leer er zelf ook veel van.\n", encoding="utf-8")
    path = tmp_path / "p.werkbank"
    with _report_project(path, report) as (project, document, text, code):
        start, end = text.index("We bereiden"), text.index("Ik leer er") + len("Ik leer er")
        add_coding(project, "tester", document, start, end, code, valence="sterkte")
        from coding.codings.layout import crossed_speakers
        assert crossed_speakers(project.db, document, start, end) == ["Interviewer", "Ondersteuner 2"]
        assert crossed_speakers(project.db, document, start, start + 5) == []
    out = tmp_path / "citaten.docx"
    result = CliRunner().invoke(cli, ["export", "quotes", str(path), str(out)])
    assert result.exit_code == 0, result.output
    from docx import Document
    quotes = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Quote"]
    assert quotes == ["\u2018We bereiden samen voor.\u2019 (een ondersteunde leerkracht (gewoon onderwijs))",
                      "\u2018Ik leer er\u2019 (een ondersteuner (buitengewoon onderwijs))"]
    assert "vinden jullie" not in _docx_text(out)


def test_a_wrongly_sealed_column_changes_no_other_text_and_unsealing_is_one_undoable_step(tmp_path):
    """The mailbox's answers to one question are sealed by a wrong proposal: no report's quotes or
    table change, and unsealing gives the answers back in one step that undo takes back."""
    from coding.privacy import sealed
    from coding.store import history
    from exports.report_tables import codings_table

    report = tmp_path / "gesprek.txt"
    report.write_text("Leerkracht 1: In Antwerpen en bij Katholiek Onderwijs Vlaanderen was het nvt, zegt men.\n",
                      encoding="utf-8")
    path = tmp_path / "p.werkbank"
    with _report_project(path, report) as (project, document, text, code):
        start = text.index("In Antwerpen")
        add_coding(project, "tester", document, start, len(text.rstrip()), code, valence="sterkte")
        before = codings_table(project)["text"].tolist()
        answers = tmp_path / "mailbox.csv"
        answers.write_text("Respondent;Regio;Net;Opmerking\nR1;Antwerpen;Katholiek Onderwijs Vlaanderen;nvt\n"
                           "R2;Antwerpen;GO!;Dat was echt goed\n", encoding="utf-8")
        mapping = {"delimiter": ";", "columns": {"Respondent": "id", "Regio": "identity", "Net": "identity",
                                                 "Opmerking": "identity"}}
        mailbox = import_mailbox(project, answers, "tester", mapping=mapping)
        assert codings_table(project)["text"].tolist() == before  # no other text changed
        assert "[afgeschermd]" not in " ".join(before)
        assert [c["column"] for c in sealed.sealed_columns(project.db)] == ["Net", "Opmerking", "Regio"]

        assert sealed.unseal_column(project, "tester", mailbox, "Opmerking") == 2
        back = dict(project.db.execute("""SELECT k.label, a.value FROM case_attributes a JOIN cases k ON k.id = a.case_id
                                          WHERE a.name = 'Opmerking'""").fetchall())
        assert back == {"R1": "nvt", "R2": "Dat was echt goed"}
        assert [c["column"] for c in sealed.sealed_columns(project.db)] == ["Net", "Regio"]
        history.undo(project, "tester")
        assert [c["column"] for c in sealed.sealed_columns(project.db)] == ["Net", "Opmerking", "Regio"]
        assert project.db.execute("SELECT count(*) FROM case_attributes WHERE name = 'Opmerking'").fetchone()[0] == 0

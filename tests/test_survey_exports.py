"""Real survey-tool layouts imported with the default proposal, checked against the fixtures' manifest.

tests/data/surveys/ holds exports in the layouts of Microsoft Forms, Google Forms, LimeSurvey,
Qualtrics, SurveyMonkey and a Dutch Excel CSV, written by someone who never saw our importer;
MANIFEST.yaml says what every column is. Each file must give the exact respondents, every open
question as answer text (non-substantive answers kept but not counted), every identity column
sealed and absent from every output, and no bookkeeping column as answer text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from coding.importers import import_mailbox, mailbox, preview_mailbox
from coding.store.project import now, open_project
from tests.outputs import all_text

DATA = Path(__file__).parent / "data" / "surveys"
MANIFEST = yaml.safe_load((DATA / "MANIFEST.yaml").read_text(encoding="utf-8"))["files"]
FILES = sorted(MANIFEST)


def _seed(project) -> int:
    with project.write("test", "seed codebook") as tx:
        tx.insert("codebooks", {"id": "cb", "title": "Thema's", "version": "1", "imported_at": now()})
        return tx.insert("codes", {"codebook_id": "cb", "key": "samenwerking", "label": "Samenwerking"})


@pytest.fixture(scope="module", params=FILES)
def imported(request, tmp_path_factory):
    """(file name, manifest entry, project path, document id, column names) of one imported fixture."""
    name = request.param
    folder = tmp_path_factory.mktemp(Path(name).stem)
    path = folder / "p.werkbank"
    with open_project(path, create=True) as project:
        code = _seed(project)
        document = import_mailbox(project, DATA / name, "tester")
        answer = project.db.execute("SELECT start, end FROM units WHERE kind = 'answer' AND is_data AND document_id = ? "
                                    "ORDER BY start LIMIT 1", [document]).fetchone()
        from coding.codings.operations import add_coding
        add_coding(project, "tester", document, answer[0], answer[1], code, "sterkte")
    headers, _ = mailbox.read_table(DATA / name)
    return name, MANIFEST[name], path, document, headers


def _roles(entry) -> dict[int, tuple[str, ...]]:
    return {c["index"]: (c["role"], c.get("alt_role", c["role"])) for c in entry["columns"]}


@pytest.mark.parametrize("name", FILES)
def test_the_proposal_reads_every_column_as_the_manifest_says(name):
    entry = MANIFEST[name]
    plan = preview_mailbox(DATA / name)
    assert plan.header_rows == entry["header_rows"]
    assert plan.respondents == entry["respondents"]
    assert len(plan.columns) == len(entry["columns"])
    wrong = [(i, plan.columns[i].header, plan.columns[i].role, want)
             for i, want in _roles(entry).items() if plan.columns[i].role not in want]
    assert wrong == []
    names = [c.name for c in plan.columns if c.name]
    assert len(names) == len(set(names))  # sub-questions keep apart
    for column in plan.columns:
        if column.role == "identity":
            assert all("•" in sample for sample in column.samples)


def test_respondents_answers_and_no_bookkeeping_as_answer_text(imported):
    name, entry, path, document, headers = imported
    questions = {headers[c["index"]]: c for c in entry["columns"] if c["role"] == "question"}
    key = {headers[c["index"]]: c["header"] for c in entry["columns"]}
    with open_project(path) as project:
        assert project.db.execute("SELECT count(*) FROM cases WHERE document_id = ?",
                                  [document]).fetchone()[0] == entry["respondents"]
        counts = {q: (n, data) for q, n, data in project.db.execute(
            "SELECT question, count(*), sum(is_data) FROM units WHERE kind = 'answer' AND document_id = ? "
            "GROUP BY question", [document])}
        text = project.db.execute("SELECT text FROM documents WHERE id = ?", [document]).fetchone()[0]
    assert set(counts) == set(questions)  # every open question, nothing else, is answer text
    for question in questions:
        manifest_key = key[question]
        empty, non_substantive = entry["empty_answers"][manifest_key], entry["non_substantive"][manifest_key]
        total, substantive = counts[question]
        assert total == entry["respondents"] - empty
        assert substantive == total - non_substantive
    assert "_x000D_" not in text and "\r" not in text


def test_identities_are_sealed_and_in_no_output(imported, tmp_path):
    import app.cli.export  # noqa: F401  (registers the commands)
    import app.cli.importing  # noqa: F401
    from app.cli import cli
    name, entry, path, document, headers = imported
    may_seal = {headers[c["index"]] for c in entry["columns"] if "identity" in (c["role"], c.get("alt_role"))}
    placeholders = {p.casefold() for p in entry.get("identity_placeholders", [])}
    with open_project(path) as project:
        sealed = {(n, v) for n, v in project.db.execute(
            "SELECT s.name, s.value FROM sealed_identities s JOIN cases c ON c.id = s.case_id WHERE c.document_id = ?",
            [document])}
    assert {v for _, v in sealed} >= set(entry["identity_values"])
    assert not {v for _, v in sealed if v.casefold() in placeholders}
    assert {n for n, _ in sealed} <= may_seal
    runner = CliRunner()
    outputs = []
    for args in (["export", "qdpx", str(path), str(tmp_path / "p.qdpx")],
                 ["export", "table", str(path), str(tmp_path / "fragments.csv"), "--what", "fragments"],
                 ["list", str(path), "cases"], ["list", str(path), "documents"], ["list", str(path), "codings"],
                 ["search", str(path), "ondersteuning netwerk", "--all", "--limit", "500"]):
        result = runner.invoke(cli, args, env={"WERKBANK_CODER": "tester"})
        assert result.exit_code == 0, (args, result.output)
        outputs.append(result.output)
    outputs += [all_text(tmp_path / "p.qdpx"), all_text(tmp_path / "fragments.csv")]
    corpus = "\n".join(outputs).casefold()
    assert [v for v in entry["grep_safe_identity_values"] if v.casefold() in corpus] == []

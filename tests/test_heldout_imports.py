"""Held-out check of issues #14/#15: real-format exports and reports Werkbank's authors never saw.

Each file in tests/data/heldout is imported through the `werkbank` CLI as a new user would (no mapping
file, default proposal) and what came in is compared with MANIFEST.yaml, the reading written by hand:
respondents, the role of every column, complete answers with the right respondent and question,
identities sealed and absent from every export, speakers per turn, the word accounting, and possible
names listed before export, and the quote bank refused exactly when a quote it carries holds an open name
(issue #15). The CLI runs in this process and every file is imported once per module: the checks
share the imported projects.
"""
from __future__ import annotations

import csv
import functools
import io
import re
import zipfile
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner

from app.cli import cli as werkbank

ROOT = Path(__file__).resolve().parents[1]
HELD = ROOT / "tests" / "data" / "heldout"
MANIFEST = yaml.safe_load((HELD / "MANIFEST.yaml").read_text(encoding="utf-8"))
SURVEYS = {s["file"]: s for s in MANIFEST["surveys"]}
REPORTS = {r["file"]: r for r in MANIFEST["reports"]}
PLAN_ROLES = {"metadata": {"ignore"}, "id": {"id"}, "identity": {"identity"}, "attribute": {"attribute"},
              "rating": {"rating"}, "open": {"question"}, "other_text": {"attribute", "question"}}
CODE = "uitrol.modellen"
# The CLI runs in English here: its tables are read by their column names, its word accounting by this pattern.
ACCOUNTING = re.compile(r"Words: ([\d,]+) in the file; ([\d,]+) as data, ([\d,]+) by the facilitator, ([\d,]+) in "
                        r"speaker labels, ([\d,]+) in headings, ([\d,]+) other text; ([\d,]+) left out by design")


def cli(*args: str) -> SimpleNamespace:
    """Run `werkbank` in this process (a subprocess per call made this file take 19 minutes)."""
    result = CliRunner().invoke(werkbank, [str(a) for a in args],
                                env={"WERKBANK_CODER": "heldout", "WERKBANK_LANG": "en"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def table(out: str) -> list[dict]:
    """A tab table the CLI prints (header line first); empty when it printed none."""
    lines = [line for line in out.splitlines() if "\t" in line]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")) if lines else []


def zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\r\n", "\n")).strip()


def rare_word(text: str, corpus: str) -> str:
    """The word of `text` that occurs least often in `corpus`: the one to search an answer or turn by."""
    def tokens(t: str) -> list[str]:  # whole words only: a search finds "Café-gesprekken", not "gesprekken" in it
        return [w for w in (tok.strip(".,:;!?()\"'") for tok in t.split()) if len(w) >= 5 and w.isalpha()]
    counts = Counter(w.lower() for w in tokens(corpus))
    cands = tokens(text)
    return min(cands, key=lambda w: (counts[w.lower()], -len(w))) if cands else ""


def search(project: Path, word: str) -> list[dict]:
    return table(cli("search", project, word).stdout)


def quote_rule(project: Path, tmp: Path) -> dict:
    """Open possible names, and those an exported quote holds (the quote bank written regardless)."""
    from docx import Document

    open_names = [n["name"] for n in table(cli("names", project, "--open").stdout)]
    out = tmp / "quotes_unreviewed.docx"
    cli("export", "quotes", project, out, "--allow-unreviewed")
    quoted = "\n".join(p.text for p in Document(str(out)).paragraphs) if out.exists() else ""
    return {"open": open_names,
            "in_quotes": [n for n in open_names if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", quoted)]}


def assert_names_listed_and_gated(expected: list[str], run: dict, quotes) -> None:
    """Every name the file holds is listed by `werkbank names`; the quote bank refuses exactly when a
    quote holds an open name; anonymise-check reports every open name, quoted or not."""
    listed = " ".join(n["name"] for n in run["names"])
    assert all(n in listed for n in expected), f"not in `werkbank names`: {expected} (listed: {listed})"
    assert run["rule"]["open"], "no possible name left open to test the export gate with"
    assert quotes.returncode == (1 if run["rule"]["in_quotes"] else 0), (
        f"quote bank: open names in its quotes {run['rule']['in_quotes']}, exit {quotes.returncode}")
    assert run["check"].returncode == 1


def fresh_project(tmp_path_factory, name: str) -> tuple[Path, Path, str]:
    """A new empty project in its own folder, and the document name the file will get."""
    tmp = tmp_path_factory.mktemp(Path(name).stem)
    project = tmp / "p.werkbank"
    cli("init", project)
    return tmp, project, Path(name).stem


def document_text(project: Path, tmp: Path, doc: str) -> str:
    """The stored text of a document, as the .qdpx export carries it."""
    out = tmp / f"{doc}.qdpx"
    cli("export", "qdpx", project, out)
    with zipfile.ZipFile(out) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("sources/"))


# ------------------------------------------------------------------------------------------- surveys
def examine_survey(tmp_path_factory, name: str) -> dict:
    """Import one export as a user would (the proposal, or accepting it); see what came in and what leaves."""
    m = SURVEYS[name]
    tmp, project, doc = fresh_project(tmp_path_factory, name)
    default = cli("import-mailbox", project, HELD / name)
    used = default if default.returncode == 0 else cli("import-mailbox", project, HELD / name,
                                                       "--accept-proposal")
    plan = [(mt.group(1), mt.group(2)) for mt in
            re.finditer(r"^  (ignore|identity|id|attribute|question|rating)\s+(.+?)(?: -> \S+)?(?:  \(\?\))?$",
                        default.stderr, re.M)]
    cases = [c for c in table(cli("list", project, "cases").stdout) if c["document"] == doc]
    sealed = [r["column"] for r in table(cli("unseal", project).stdout) if r.get("document") == doc]
    names_before = table(cli("names", project).stdout)
    text = document_text(project, tmp, doc)
    corpus = " ".join(a["text"] for a in m["answers"])
    hits = {}
    for i, a in enumerate(m["answers"]):
        word = rare_word(a["text"], corpus)
        hits[i] = [h for h in search(project, word) if h["document"] == doc] if word else []
    cli("codebook", "import", project, ROOT / "codebooks" / "randvoorwaarden.yaml")
    coded = set()
    for found in hits.values():  # one answer of each of three respondents (the CLI is slow on a busy machine)
        for h in found:
            if h["case"] not in coded and len(coded) < 3:
                cli("code", project, doc, h["start"], h["end"], CODE, "--valence", "sterkte")
                coded.add(h["case"])
    quotes_refused = cli("export", "quotes", project, tmp / "refused.docx")
    rule = quote_rule(project, tmp)
    check = cli("anonymise-check", project)
    outputs = {}
    for out, args in (("fragments.csv", ("table", "--what", "fragments")), ("codings.xlsx", ("table",)),
                      ("project.qdpx", ("qdpx",)),
                      ("quotes.docx", ("quotes", "--context", "--allow-unreviewed"))):
        res = cli("export", args[0], project, tmp / out, *args[1:])
        outputs[out] = res
    texts = {}
    for out in outputs:
        path = tmp / out
        if path.exists():
            texts[out] = path.read_text("utf-8", "replace") if out.endswith(".csv") else zip_text(path)
    texts["list cases"] = cli("list", project, "cases").stdout
    texts["list codings"] = cli("list", project, "codings").stdout
    return dict(default=default, used=used, plan=plan, cases=cases, sealed=sealed, text=text,
                hits=hits, names=names_before, quotes_refused=quotes_refused, check=check, rule=rule,
                outputs=outputs, texts=texts, coded=coded)


@pytest.fixture(scope="module")
def survey_run(tmp_path_factory):
    """Each file is examined once, whichever test asks first."""
    return functools.cache(functools.partial(examine_survey, tmp_path_factory))


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_imports_with_the_default_proposal(name, survey_run):
    r = survey_run(name)
    assert r["default"].returncode == 0, (
        f"a new user's plain `werkbank import-mailbox` was refused: {r['default'].stderr.strip().splitlines()[-1]}")


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_respondents(name, survey_run):
    m, r = SURVEYS[name], survey_run(name)
    assert r["used"].returncode == 0, r["used"].stderr[-500:]
    labels = [c["label"] for c in r["cases"]]
    assert len(labels) == m["respondents"], f"respondents {len(labels)} expected {m['respondents']}: {labels}"
    if m["respondent_ids"]:
        assert sorted(labels) == sorted(m["respondent_ids"])


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_column_roles(name, survey_run):
    m, r = SURVEYS[name], survey_run(name)
    assert len(r["plan"]) == len(m["columns"]), f"plan shows {len(r['plan'])} columns, file has {len(m['columns'])}"
    wrong = [f"column {i + 1} '{col['header']}': {role} expected {col['role']}"
             for i, (col, (role, _)) in enumerate(zip(m["columns"], r["plan"]))
             if role not in PLAN_ROLES[col["role"]]]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_identities_sealed(name, survey_run):
    """Every identity column that holds values is sealed; no other column is."""
    m, r = SURVEYS[name], survey_run(name)
    plan_names = [h for _, h in r["plan"]]
    identity = {plan_names[i] for i, c in enumerate(m["columns"]) if c["role"] == "identity" and i < len(plan_names)}
    with_values = {plan_names[i] for i, c in enumerate(m["columns"]) if c["role"] == "identity"
                   and c["header"] not in m.get("empty_columns", []) and i < len(plan_names)}
    assert not set(r["sealed"]) - identity, f"sealed but not identity: {sorted(set(r['sealed']) - identity)}"
    assert not with_values - set(r["sealed"]), f"identity columns not sealed: {sorted(with_values - set(r['sealed']))}"


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_answers_complete(name, survey_run):
    m, r = SURVEYS[name], survey_run(name)
    text = r["text"]
    missing = []
    for a in m["answers"]:
        pattern = re.escape(plain(a["text"]))
        for masked in m["masked"]:
            pattern = pattern.replace(re.escape(masked), r"(?:%s|\[[^\]]+\])" % re.escape(masked))
        if not re.search(pattern, plain(text)):
            missing.append(f"respondent {a['respondent']}, {a['question']}: {a['text']!r}")
    assert not missing, "answers not stored whole:\n" + "\n".join(missing)
    assert "_x000D_" not in text
    leaked = [v for v in m["metadata_values"] if v in text]
    assert not leaked, f"tool metadata or header text stored as answers: {leaked}"


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_answers_attributed(name, survey_run):
    """Each answer is found under its own respondent and its own question."""
    m, r = SURVEYS[name], survey_run(name)
    plan_names = [h for _, h in r["plan"]]
    wrong = []
    for i, a in enumerate(m["answers"]):
        if len(a["text"].split()) < 2:
            continue  # "nvt", "geen", "-": kept, not searched
        question = plan_names[a["column"]] if a["column"] < len(plan_names) else a["question"]
        mine = [h for h in r["hits"][i] if plain(h["sentence"])[:25] in plain(a["text"])
                or plain(h["sentence"])[-25:] in plain(a["text"])]
        ok = [h for h in mine if (not m["respondent_ids"] or h["case"] == a["respondent"])
              and h["question"] == question]
        if not ok:
            got = [(h["case"], h["question"]) for h in mine] or "not found"
            wrong.append(f"{a['text'][:50]!r}: expected ({a['respondent']}, {question}), got {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", SURVEYS)
def test_survey_identity_absent_from_every_output(name, survey_run):
    m, r = SURVEYS[name], survey_run(name)
    failed = {out: res.stderr.strip()[-200:] for out, res in r["outputs"].items() if res.returncode != 0}
    assert not failed, f"exports failed: {failed}"
    leaks = [f"{v!r} in {where}" for v in m["identity_values"] for where, t in r["texts"].items() if v in t]
    assert not leaks, "identity values in outputs:\n" + "\n".join(leaks)
    assert not any("_x000D_" in t for t in r["texts"].values())


@pytest.mark.parametrize("name", [n for n, s in SURVEYS.items() if s["names"]])
def test_survey_names_listed_and_quotes_refused(name, survey_run):
    r = survey_run(name)
    assert_names_listed_and_gated(SURVEYS[name]["names"], r, r["quotes_refused"])


# ------------------------------------------------------------------------------------------- reports
def examine_report(tmp_path_factory, name: str) -> dict:
    """Import one report, then look at its speakers, its turns, its names and what leaves."""
    m = REPORTS[name]
    tmp, project, doc = fresh_project(tmp_path_factory, name)
    res = cli("import", project, HELD / name)
    cases = [c for c in table(cli("list", project, "cases").stdout) if c["document"] == doc]
    acc = ACCOUNTING.search(res.stdout + res.stderr)
    corpus = " ".join([t["text"] for t in m["turns"]] + m["not_data"])
    turn_hits = []
    for t in m["turns"]:
        sentences = [s for s in re.split(r"(?<=[.!?:;])\s+", t["text"]) if re.search(r"\w{5,}", s)]
        found = []
        for s in sentences[-1:]:  # the last sentence: where a turn goes astray (lists, breaks, pages)
            word = rare_word(s, corpus)
            found.append((s, word, [h for h in search(project, word) if h["document"] == doc]))
        turn_hits.append(found)
    not_data_hits = [(nd, [h for h in search(project, rare_word(nd, corpus)) if h["document"] == doc])
                     for nd in m["not_data"]]
    names = table(cli("names", project).stdout)
    cli("codebook", "import", project, ROOT / "codebooks" / "randvoorwaarden.yaml")
    for found in turn_hits[:4]:
        for _, _, hits in found:
            for h in hits[:1]:
                cli("code", project, doc, h["start"], h["end"], CODE, "--valence", "sterkte")
    quotes = cli("export", "quotes", project, tmp / "q.docx")
    rule = quote_rule(project, tmp)
    check = cli("anonymise-check", project)
    text = document_text(project, tmp, doc)
    return dict(res=res, cases=cases, acc=acc, turn_hits=turn_hits, not_data_hits=not_data_hits,
                names=names, quotes=quotes, check=check, rule=rule, text=text)


@pytest.fixture(scope="module")
def report_run(tmp_path_factory):
    """Each file is examined once, whichever test asks first."""
    return functools.cache(functools.partial(examine_report, tmp_path_factory))


@pytest.mark.parametrize("name", REPORTS)
def test_report_speakers(name, report_run):
    m, r = REPORTS[name], report_run(name)
    assert r["res"].returncode == 0, r["res"].stderr[-500:]
    got = {c["label"]: c["is_data"] == "1" for c in r["cases"]}
    expected = {s["label"]: s["data"] for s in m["speakers"]}
    assert got == expected


@pytest.mark.parametrize("name", REPORTS)
def test_report_turns_attributed(name, report_run):
    """The last sentence of every turn is under its speaker; a facilitator's turn is under no participant."""
    m, r = REPORTS[name], report_run(name)
    data_labels = {s["label"] for s in m["speakers"] if s["data"]}
    wrong = []
    for t, found in zip(m["turns"], r["turn_hits"]):
        for sentence, word, hits in found:
            mine = [h for h in hits if plain(h["sentence"])[:20] in plain(t["text"])]
            if t["data"]:
                if not any(h["case"] == t["speaker"] for h in mine):
                    wrong.append(f"{t['speaker']}: {sentence[:50]!r} under {[h['case'] for h in mine] or 'nobody'}")
            elif any(h["case"] in data_labels for h in mine):
                wrong.append(f"{t['speaker']} (not data): {sentence[:50]!r} under {[h['case'] for h in mine]}")
    turns = Counter(t["speaker"] for t in m["turns"])
    assert not wrong, f"turns per speaker expected {dict(turns)}; wrong:\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", REPORTS)
def test_report_text_outside_turns_is_not_participant_data(name, report_run):
    m, r = REPORTS[name], report_run(name)
    data_labels = {s["label"] for s in m["speakers"] if s["data"]}
    wrong = [f"{nd[:50]!r} under {h['case']}" for nd, hits in r["not_data_hits"] for h in hits
             if h["case"] in data_labels]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", REPORTS)
def test_report_word_accounting(name, report_run):
    """Words in = data + facilitator + labels + headings + other + left out; data and facilitator as written."""
    m, r = REPORTS[name], report_run(name)
    assert r["acc"], "the import printed no word accounting"
    total, data, facilitator, labels, headings, other, left_out = (int(g.replace(",", "")) for g in r["acc"].groups())
    assert total == data + facilitator + labels + headings + other + left_out
    assert (data, facilitator) == (m["data_words"], m["facilitator_words"]), (
        f"data {data} expected {m['data_words']}; facilitator {facilitator} expected {m['facilitator_words']}")


@pytest.mark.parametrize("name", REPORTS)
def test_report_turn_text_complete(name, report_run):
    m, r = REPORTS[name], report_run(name)
    text = plain(r["text"])
    missing = [t["text"][:60] for t in m["turns"] if t["data"] and not all(
        plain(s) in text for s in re.split(r"(?<=[.!?])\s+", t["text"]))]
    assert not missing, f"turn text not stored whole: {missing}"


@pytest.mark.parametrize("name", [n for n, s in REPORTS.items() if s["names"]])
def test_report_names_listed_and_quotes_refused(name, report_run):
    r = report_run(name)
    assert_names_listed_and_gated(REPORTS[name]["names"], r, r["quotes"])

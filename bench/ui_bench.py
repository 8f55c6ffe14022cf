"""UI speed: server-side rerun time of the coding page and the mailbox grid, and browser time from
load to selectable text; and on the demo project (our real corpus, not synthetic) the warm rerun of
the Fragmenten page and the review page (Verschillen tussen codeurs), with their CPU time beside the
wall time (on a shared machine the wall time includes waiting for a core). Each server figure is also given as a ratio to reading the same data
from the store in the same run (the page overhead). Data is SYNTHETIC (bench/synth.py).

    python bench/ui_bench.py [--words 20000] [--codings 2000] [--responses 10000] [--no-browser]

    python bench/ui_bench.py --demo-only     # only the demo project's Fragmenten and review pages

Targets: a rerun under 1 s, and at most 3x the store read.

Pages run with the server's runner options (app.launch.RUNNER_OPTIONS). AppTest compiles the page
scripts again on every run, which the server does once, so its rerun includes that compile.
Also measured, against the same store read: a coding page run in which a code is applied (the
write, then the codings re-read and sent to the browser again).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402

from coding.store.project import now, open_project  # noqa: E402

SENTENCE = re.compile(r"[^.!?]+[.!?]")


def build(path: Path, words: int, codings: int, responses: int, seed: int = 7) -> dict:
    """A project with one long report (turns, sentences, codings) and one big mailbox (answers)."""
    rng = random.Random(seed)
    with open_project(path, create=True) as project, project.write("bench", "seed") as tx:
        db = tx.db.conn
        db.execute("INSERT INTO codebooks (id, title, version, imported_at) VALUES ('b', 'Bench', '1', ?)", [now()])
        code_ids = [db.execute("INSERT INTO codes (codebook_id, key, label, position) VALUES ('b', ?, ?, ?)",
                               [f"c{n}", f"Code {n}", n]).lastrowid for n in range(40)]
        parts = synth.report_paragraphs(rng, words)
        text = "\n\n".join(parts)
        report = db.execute("INSERT INTO documents (name, kind, text, sha256, imported_at) VALUES (?, ?, ?, ?, ?)",
                            ["bench_report", "groepsgesprek", text, "r", now()]).lastrowid
        cases: dict[str, int] = {}
        sentences: list[tuple[int, int]] = []
        offset = 0
        for part in parts:
            label, _, body = part.partition(": ")
            if body:
                if label not in cases:
                    cases[label] = db.execute("INSERT INTO cases (name, label, document_id) VALUES (?, ?, ?)",
                                              [f"bench / {label}", label, report]).lastrowid
                    db.execute("INSERT INTO case_attributes (case_id, name, value) VALUES (?, 'sector', ?)",
                               [cases[label], "BuO" if "Ondersteuner" in label else "GeO"])
                start = offset + len(label) + 2
                unit = db.execute("INSERT INTO units (document_id, kind, start, end, case_id) VALUES (?, 'turn', ?, ?, ?)",
                                  [report, start, start + len(body), cases[label]]).lastrowid
                for found in SENTENCE.finditer(body):
                    s = start + found.start() + (len(found.group()) - len(found.group().lstrip()))
                    e = start + found.end()
                    sentences.append((s, e))
                    db.execute("""INSERT INTO units (document_id, kind, start, end, parent_id, case_id)
                                  VALUES (?, 'sentence', ?, ?, ?, ?)""", [report, s, e, unit, cases[label]])
            else:
                db.execute("INSERT INTO units (document_id, kind, start, end) VALUES (?, 'heading', ?, ?)",
                           [report, offset, offset + len(part)])
            offset += len(part) + 2
        stamp = now()
        rows = []
        for n in range(codings):
            s, e = sentences[rng.randrange(len(sentences))]
            rows.append((report, s, e, rng.choice(code_ids), rng.choice(["sterkte", "groeikans", "neutraal"]),
                         rng.choice(["an", "bo"]), stamp, stamp))
        db.executemany("""INSERT INTO codings (document_id, start, end, code_id, valence, coder, created_at, updated_at)
                          VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows)
        answers = [synth.paragraph(rng, (2, 3)) for _ in range(responses)]
        mailbox_text = "\n\n".join(answers)
        mailbox = db.execute("INSERT INTO documents (name, kind, text, sha256, imported_at) VALUES (?, ?, ?, ?, ?)",
                             ["bench_mailbox", "mailbox", mailbox_text, "m", now()]).lastrowid
        offset = 0
        for n, answer in enumerate(answers):
            case = db.execute("INSERT INTO cases (name, label, document_id) VALUES (?, ?, ?)",
                              [f"bench_mailbox / R{n}", f"R{n}", mailbox]).lastrowid
            db.executemany("INSERT INTO case_attributes (case_id, name, value) VALUES (?, ?, ?)",
                           [(case, "sector", rng.choice(["GeO", "BuO"])), (case, "functie", rng.choice(
                               ["leerkracht", "logopedist", "directeur"])),
                            (case, "onderwijsnet", rng.choice(["GO!", "OVSG", "Katholiek Onderwijs Vlaanderen"]))])
            db.execute("""INSERT INTO units (document_id, kind, start, end, case_id, question)
                          VALUES (?, 'answer', ?, ?, ?, 'Wat zijn positieve ervaringen?')""",
                       [mailbox, offset, offset + len(answer), case])
            if n % 3 == 0:
                db.execute("""INSERT INTO codings (document_id, start, end, code_id, valence, coder, created_at,
                              updated_at) VALUES (?, ?, ?, ?, 'sterkte', 'an', ?, ?)""",
                           [mailbox, offset, offset + len(answer), rng.choice(code_ids), stamp, stamp])
            offset += len(answer) + 2
    return {"report": report, "mailbox": mailbox, "words": synth.words(text), "codings": codings,
            "responses": responses, "sentences": sentences}


def _median(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def store_read_report(path: Path, report: int) -> float:
    """Baseline: read the text, units and codings of the report straight from the store."""
    with open_project(path) as project:
        db = project.db.conn

        def read():
            db.execute("SELECT text FROM documents WHERE id = ?", [report]).fetchone()
            db.execute("SELECT * FROM units WHERE document_id = ?", [report]).fetchall()
            db.execute("SELECT * FROM codings WHERE document_id = ?", [report]).fetchall()
            db.execute("SELECT * FROM codes").fetchall()
        return _median(read)


def store_read_mailbox(path: Path, mailbox: int) -> float:
    """Baseline: the answers with their text, the respondents' attributes and the codings."""
    with open_project(path) as project:
        db = project.db.conn

        def read():
            text = db.execute("SELECT text FROM documents WHERE id = ?", [mailbox]).fetchone()[0]
            units = db.execute("""SELECT u.id, u.start, u.end, u.case_id, u.question FROM units u
                                  WHERE u.document_id = ? AND u.kind = 'answer'""", [mailbox]).fetchall()
            [text[u[1]:u[2]] for u in units]
            db.execute("""SELECT a.* FROM case_attributes a JOIN cases c ON c.id = a.case_id
                          WHERE c.document_id = ?""", [mailbox]).fetchall()
            db.execute("SELECT * FROM codings WHERE document_id = ?", [mailbox]).fetchall()
        return _median(read)


def _page(path: Path, page: str, state: dict):
    """An AppTest of the app that has run once and switched to `page` (not yet run there)."""
    import os

    from streamlit.testing.v1 import AppTest

    from app.launch import apply_runner_options

    apply_runner_options()
    os.environ["WERKBANK_PROJECT"] = str(path)
    at = AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=120)
    at.session_state["coder"] = "an"
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page)
    return at


def page_rerun(path: Path, page: str, state: dict) -> tuple[float, float]:
    """(first run, median rerun) of a page under AppTest, in seconds."""
    at = _page(path, page, state)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    assert not at.exception, at.exception
    return first, _median(at.run)


def warm_rerun(path: Path, page: str, repeat: int = 7) -> tuple[float, float, float]:
    """(first run, median warm rerun, median CPU seconds of that rerun) of a page of the project, as
    the coder "reviewer" (not one of the demo's two coders: the review page picks its own pair)."""
    at = _page(path, page, {})
    at.session_state["coder"] = "reviewer"
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    assert not at.exception, at.exception
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        at.run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return first, statistics.median(walls), statistics.median(cpus)


def demo_pages(folder: Path) -> None:
    """The Fragmenten and review pages on the demo project (all codes, the demo's two coders)."""
    from coding.demo import build_demo

    path = build_demo(folder / "demo.werkbank")
    for page, name in (("views/retrieval.py", "Fragmenten"), ("views/review.py", "review")):
        first, warm, cpu = warm_rerun(path, page)
        print(f"demo project, {name} page: first run {first:.3f} s, warm rerun {warm:.3f} s (CPU {cpu:.3f} s)")


def coding_apply(path: Path, report: int, sentences: list[tuple[int, int]], repeat: int = 5) -> float:
    """Median seconds of the coding page run in which S applies a code to a selected sentence."""
    at = _page(path, "views/coding.py", {"coding_doc": report})
    at.run()
    times = []
    for start, end in sentences[:repeat]:
        at.session_state["coding_sel"] = {"doc": report, "start": start, "end": end, "at": start}
        at.run()
        button = at.button(key="apply_sterkte")
        began = time.perf_counter()
        button.click().run()
        times.append(time.perf_counter() - began)
        assert not at.exception, at.exception
    return statistics.median(times)


def browser_ready(path: Path, report: int) -> tuple[float, float, float]:
    """Seconds from navigation to the coding page until its text is drawn and selectable; of which
    until Streamlit's own shell (the page menu) shows; and the component's drawing time (ms)."""
    import os
    import socket
    import subprocess
    import urllib.request

    from playwright.sync_api import sync_playwright

    from app.launch import command, environment

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = environment(path)
    env["WERKBANK_CODER"] = "an"
    env["WERKBANK_HOME"] = tempfile.mkdtemp()
    server = subprocess.Popen(command(port), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            totals, shells, builds = [], [], []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/coding?doc={report}")
                page.wait_for_selector("[data-testid=stSidebarNav]", timeout=60_000)
                shells.append(time.perf_counter() - start)
                page.wait_for_selector(".wb-doc[data-ready='1'] .wb-seg", timeout=60_000)
                totals.append(time.perf_counter() - start)
                builds.append(float(page.locator(".wb-doc").get_attribute("data-build-ms")))
                page.close()
            browser.close()
        return statistics.median(totals), statistics.median(shells), statistics.median(builds)
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.environ.pop("WERKBANK_PROJECT", None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--codings", type=int, default=2_000)
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--demo-only", action="store_true", help="only the demo project's Fragmenten and review pages")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="werkbank-uibench-"))
    try:
        import os

        os.environ.setdefault("WERKBANK_HOME", str(folder / "home"))  # recent projects: not the user's list
        demo_pages(folder)
        if args.demo_only:
            return
        path = folder / "bench.db"
        start = time.perf_counter()
        info = build(path, args.words, args.codings, args.responses)
        print(f"built SYNTHETIC project: report {info['words']} words, {info['codings']} codings; "
              f"mailbox {info['responses']} responses ({time.perf_counter() - start:.1f} s)")
        base = store_read_report(path, info["report"])
        first, rerun = page_rerun(path, "views/coding.py", {"coding_doc": info["report"]})
        print(f"coding page: first run {first:.3f} s, rerun {rerun:.3f} s; store read {base:.3f} s; "
              f"rerun / store read = {rerun / base:.1f}x")
        applied = coding_apply(path, info["report"], info["sentences"])
        print(f"coding page: run that applies a code {applied:.3f} s = {applied / base:.1f}x the store read")
        base = store_read_mailbox(path, info["mailbox"])
        first, rerun = page_rerun(path, "views/grid.py", {})
        print(f"grid page: first run {first:.3f} s, rerun {rerun:.3f} s; store read {base:.3f} s; "
              f"first run / store read = {first / base:.1f}x, rerun / store read = {rerun / base:.1f}x")
        if not args.no_browser:
            total, shell, drawing = browser_ready(path, info["report"])
            print(f"browser: coding page load to selectable text {total:.2f} s (Streamlit shell shown after "
                  f"{shell:.2f} s; drawing the text with its codings {drawing:.0f} ms)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

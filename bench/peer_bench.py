"""Werkbank against a peer tool, Taguette 1.5.2, on the same SYNTHETIC texts (issue #16).

Data is SYNTHETIC (bench/synth.py `write_reports`): 200 Dutch group-interview reports of ~2,500
words each, with speaker turns ("Leerkracht 3: ..."); `--quick` uses 20, `--texts N` any number.
Both tools get the same texts and code the same spans (whole speaker turns, `--codings-per-text`
per text, default 10, spread over 10 codes); `--repeat` runs of each tool (default 3, alternating,
a fresh project each), the best wall time of each measure counts:

- import, words/s: Taguette's HTTP API (`POST /api/project/P/document/new`, one upload per text,
  as an HTML file of <p> paragraphs: a .txt upload would go through Calibre's `ebook-convert`,
  not installed here, a separate process per file) against one `werkbank import PROJECT FILES...
  --kind groepsgesprek` call for all texts (start-up, speaker turns, sentences, lemmas, FTS index);
- coding, codings/s: Taguette's API (`POST .../document/D/highlight/new`, one per coding, as its
  web page sends them) against `werkbank import-codings PROJECT codings.csv` (all codings, one
  call) and against single `werkbank code PROJECT DOCUMENT START END CODE` calls (`--single`,
  default 50, other turns; a process start each);
- export, seconds: Taguette's whole-project export (`GET /project/P/export/project.sqlite3`, its
  only export of documents + tags + highlights; it has no REFI-QDA project export, only a .qdc
  codebook) and its all-highlights CSV, against `werkbank export qdpx PROJECT OUT.qdpx`.

Targets: Werkbank's CLI import >= 2x Taguette's words/s; its batch coding >= 30x Taguette's API
highlights/s. Taguette is installed with pip into its own venv (default
~/.cache/werkbank-bench/taguette-venv, reused when it holds 1.5.2), started headless on a free
loopback port with a temporary database (single-user mode, logged in with the token it prints,
tornado's `_xsrf` cookie echoed as `X-XSRFToken`; its start-up fetch of news from taguette.org is
switched off so that nothing leaves the machine) and always stopped at the end. The client is the
standard library over one keep-alive connection; the Taguette server's CPU seconds (from /proc) and
Werkbank's (children's rusage) are printed beside the wall times. The machine is shared: compare
ratios, not absolute figures. Each `werkbank` call pays its start-up (the import ~2-3 s, loading the
NLP pipeline; `code` ~0.1 s), so the import and batch-coding ratios grow with the number of texts:
`--quick` checks that everything works, the 200-text default is the measurement.

    python bench/peer_bench.py [--quick | --texts N] [--repeat 3] [--codings-per-text 10] [--single 50]
"""

from __future__ import annotations

import argparse
import csv
import html
import html.parser
import http.client
import http.cookies
import io
import json
import os
import re
import resource
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

TAGUETTE_VERSION = "1.5.2"
DEFAULT_VENV = Path.home() / ".cache" / "werkbank-bench" / "taguette-venv"
WERKBANK = Path(sys.executable).with_name("werkbank")
CODES = [f"Bench code {n}" for n in range(1, 11)]
VALENCES = ["neutraal", "sterkte", "groeikans"]
TARGET_IMPORT = 2.0
TARGET_CODING = 30.0

# Run inside Taguette's venv: Taguette's own `main()`, with its start-up fetch of
# https://msg.taguette.org/<version> (news for the admin page) replaced by an empty message list.
LAUNCHER = """
import sys
import taguette.web.base as base

def _no_messages(self):
    self.messages = []
    self.messages_event.set()

base.Application.check_messages = _no_messages
from taguette.main import main
sys.argv = ["taguette"] + sys.argv[1:]
main()
"""


# ---------------------------------------------------------------------------------------- Taguette


def taguette_python(venv: Path) -> Path:
    """The venv's python with Taguette 1.5.2, installing it (pip, PyPI) when missing."""
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import importlib.metadata as m; print(m.version('taguette'))"]
    if python.exists():
        found = subprocess.run(check, capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip() == TAGUETTE_VERSION:
            return python
    print(f"installing taguette=={TAGUETTE_VERSION} into {venv} ...", file=sys.stderr, flush=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"taguette=={TAGUETTE_VERSION}"], check=True)
    found = subprocess.run(check, capture_output=True, text=True, check=True)
    if found.stdout.strip() != TAGUETTE_VERSION:
        raise SystemExit(f"{venv} holds taguette {found.stdout.strip()}, not {TAGUETTE_VERSION}")
    return python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TaguetteServer:
    """Taguette in single-user mode on 127.0.0.1:<free port>, database in `folder`; a context manager
    that always stops the process it started."""

    def __init__(self, python: Path, folder: Path):
        self.python, self.folder = python, folder
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.token: str | None = None
        self._lines: list[str] = []

    def __enter__(self) -> "TaguetteServer":
        env = dict(os.environ, XDG_DATA_HOME=str(self.folder), HOME=str(self.folder), PYTHONUNBUFFERED="1")
        self.log = open(self.folder / "taguette.log", "wb")
        self.proc = subprocess.Popen(
            [str(self.python), "-c", LAUNCHER, "--no-browser", "--bind", "127.0.0.1", "--port", str(self.port),
             "--database", str(self.folder / "taguette.sqlite3")],
            stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL, env=env, cwd=self.folder,
            text=True, start_new_session=True)
        try:
            threading.Thread(target=self._read_stdout, daemon=True).start()
            self._wait_ready(60.0)
        except BaseException:
            self.stop()
            raise
        return self

    def _read_stdout(self) -> None:
        for line in self.proc.stdout:
            self._lines.append(line)
            match = re.search(r"\?token=([0-9a-f]+)", line)
            if match:
                self.token = match.group(1)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"taguette exited with {self.proc.returncode}:\n{self.log_tail()}")
            if self.token:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                    conn.request("GET", "/health")
                    response = conn.getresponse()
                    ok = response.status == 200 and response.read() == b"Ok"
                    conn.close()
                    if ok:
                        return
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError(f"taguette did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        self.log.flush()
        text = (self.folder / "taguette.log").read_text(encoding="utf-8", errors="replace")
        return "".join(self._lines) + "\n".join(text.splitlines()[-lines:])

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the server process so far (Linux /proc; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # Taguette stops 1 s after SIGTERM
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None) is not None:
            self.log.close()

    def __exit__(self, *exc) -> None:
        self.stop()


class Client:
    """A logged-in Taguette session over one keep-alive loopback connection."""

    def __init__(self, port: int, token: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}
        self.request("GET", "/?token=" + token, expect=(200, 302))  # sets the signed `user` cookie
        if "user" not in self.cookies:
            raise RuntimeError("taguette did not log us in with its token")

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                expect: tuple[int, ...] = (200,)) -> tuple[http.client.HTTPResponse, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if "_xsrf" in self.cookies and method != "GET":
            headers["X-XSRFToken"] = self.cookies["_xsrf"]
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.status not in expect:
            raise RuntimeError(f"{method} {path}: HTTP {response.status}: {data[:500]!r}")
        return response, data

    def json(self, method: str, path: str, obj: dict) -> dict:
        _, data = self.request(method, path, json.dumps(obj).encode(), {"Content-Type": "application/json"})
        return json.loads(data)

    def new_project(self, name: str) -> int:
        self.request("GET", "/project/new")  # renders the form, which sets the `_xsrf` cookie
        form = urllib.parse.urlencode({"name": name, "description": "SYNTHETIC benchmark",
                                       "_xsrf": self.cookies["_xsrf"]}).encode()
        response, _ = self.request("POST", "/project/new", form,
                                   {"Content-Type": "application/x-www-form-urlencoded"}, expect=(302, 303))
        return int(re.search(r"/project/([0-9]+)", response.headers["Location"]).group(1))

    def upload(self, project: int, name: str, filename: str, content: bytes) -> int:
        boundary = uuid.uuid4().hex
        parts = []
        for field, value in (("name", name), ("description", ""), ("text_direction", "LEFT_TO_RIGHT")):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                     f'Content-Type: text/html\r\n\r\n'.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        _, data = self.request("POST", f"/api/project/{project}/document/new", b"".join(parts),
                               {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        return json.loads(data)["created"]

    def close(self) -> None:
        self.conn.close()


class _Text(html.parser.HTMLParser):
    """Concatenated text nodes of an HTML fragment (what Taguette's highlight offsets count)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def as_html(text: str) -> bytes:
    """A report as Taguette gets it: one <p> per paragraph (what a converted .txt/.docx looks like)."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs).encode("utf-8")


# ---------------------------------------------------------------------------------------- the data


def turns(text: str) -> list[str]:
    """The speaker turns of a report (paragraphs with a `Label: ` prefix), in order."""
    return [p for p in text.split("\n\n") if re.match(r"^[^:\n]{1,40}: ", p)]


def pick(items: list, count: int) -> list:
    """`count` items spread evenly over `items` (all of them if there are fewer)."""
    if count <= 0 or not items:
        return []
    step = len(items) / count
    return list(dict.fromkeys(items[int(i * step) % len(items)] for i in range(count)))


def plan_codings(texts: dict[str, str], per_text: int, singles: int) -> tuple[list[tuple], list[tuple]]:
    """(batch, single): (document name, turn text, code label, valence); no turn is used twice."""
    batch, single = [], []
    n = 0
    for name, text in texts.items():
        chosen = pick(turns(text), per_text)
        for turn in chosen:
            batch.append((name, turn, CODES[n % len(CODES)], VALENCES[n % len(VALENCES)]))
            n += 1
    names = list(texts)
    for i in range(singles):
        name = names[i % len(names)]
        used = {t for d, t, _, _ in batch if d == name} | {t for d, t, _, _ in single if d == name}
        free = [t for t in turns(texts[name]) if t not in used]
        single.append((name, free[len(free) // 2], CODES[i % len(CODES)], "neutraal"))
    return batch, single


# ------------------------------------------------------------------------------------------ timing


class Clock:
    """Wall seconds, and CPU seconds of the work: Werkbank's child processes, or Taguette's server."""

    def __init__(self, server: TaguetteServer | None = None):
        self.server = server

    def _cpu(self) -> float:
        if self.server is not None:
            return self.server.cpu_seconds()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def __enter__(self) -> "Clock":
        self._wall, self._cpu0 = time.perf_counter(), self._cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = self._cpu() - self._cpu0


def best(runs: list[dict]) -> dict:
    """Per measure, the run with the shortest wall time (counts and sizes from the first run)."""
    out = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, Clock):
            out[key] = min((run[key] for run in runs), key=lambda clock: clock.wall)
    return out


def werkbank(*args: str) -> str:
    done = subprocess.run([str(WERKBANK), *args], capture_output=True, text=True,
                          env=dict(os.environ, WERKBANK_CODER="bench"))
    if done.returncode != 0:
        raise RuntimeError(f"werkbank {' '.join(args[:3])} ...: exit {done.returncode}\n{done.stderr[-2000:]}")
    return done.stdout


def run_werkbank(folder: Path, files: list[Path], batch: list[tuple], single: list[tuple]) -> dict:
    folder.mkdir()
    project, out = folder / "bench.werkbank", {}
    codebook = folder / "bench_codebook.yaml"
    codebook.write_text("id: bench\ntitle: SYNTHETIC benchmark codes\nversion: \"1.0\"\ncodes:\n"
                        + "".join(f"  - id: c{n}\n    label: {label}\n" for n, label in enumerate(CODES, 1)),
                        encoding="utf-8")
    werkbank("init", str(project))
    werkbank("codebook", "import", str(project), str(codebook))

    with Clock() as out["import"]:
        werkbank("import", str(project), *map(str, files), "--kind", "groepsgesprek")

    with sqlite3.connect(f"file:{project}?mode=ro", uri=True) as db:
        stored = dict(db.execute("SELECT name, text FROM documents"))
    if len(stored) != len(files):
        raise RuntimeError(f"werkbank stored {len(stored)} documents, not {len(files)}")

    def span(name: str, turn: str) -> tuple[int, int]:
        start = stored[name].find(turn)
        if start < 0:
            raise RuntimeError(f"turn not found in werkbank's {name}")
        return start, start + len(turn)

    codings_csv = folder / "codings.csv"
    with open(codings_csv, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "start", "end", "code", "valence"])
        for name, turn, code, valence in batch:
            writer.writerow([name, *span(name, turn), code, valence])
    with Clock() as out["batch"]:
        werkbank("import-codings", str(project), str(codings_csv), "--default-coder", "bench")

    calls = [(name, *map(str, span(name, turn)), code) for name, turn, code, _ in single]
    with Clock() as out["single"]:
        for name, start, end, code in calls:
            werkbank("code", str(project), name, start, end, code)

    qdpx = folder / "bench.qdpx"
    with Clock() as out["export"]:
        werkbank("export", "qdpx", str(project), str(qdpx))

    with sqlite3.connect(f"file:{project}?mode=ro", uri=True) as db:
        out["codings"] = db.execute("SELECT count(*) FROM codings").fetchone()[0]
    out["export_bytes"] = qdpx.stat().st_size
    return out


def run_taguette(python: Path, folder: Path, texts: dict[str, str], batch: list[tuple]) -> dict:
    out: dict = {}
    folder.mkdir()
    with TaguetteServer(python, folder) as server:
        client = Client(server.port, server.token)
        try:
            project = client.new_project("SYNTHETIC benchmark")
            tags = {label: client.json("POST", f"/api/project/{project}/tag/new",
                                       {"path": label, "description": ""})["id"] for label in CODES}
            uploads = [(name, as_html(text)) for name, text in texts.items()]

            with Clock(server) as out["import"]:
                documents = {name: client.upload(project, name, name + ".html", content)
                             for name, content in uploads}

            offsets: dict[str, tuple[str, bytes]] = {}
            for name, document in documents.items():
                _, data = client.request("GET", f"/api/project/{project}/document/{document}/contents")
                text = html_text("".join(c["contents"] for c in json.loads(data)["contents"]))
                offsets[name] = (text, text.encode("utf-8"))

            def span(name: str, turn: str) -> tuple[int, int]:
                text, _ = offsets[name]
                start = text.find(turn)
                if start < 0:
                    raise RuntimeError(f"turn not found in taguette's {name}")
                lo = len(text[:start].encode("utf-8"))  # Taguette counts UTF-8 bytes of text nodes
                return lo, lo + len(turn.encode("utf-8"))

            requests = [(f"/api/project/{project}/document/{documents[name]}/highlight/new",
                         dict(zip(("start_offset", "end_offset"), span(name, turn)), tags=[tags[code]]))
                        for name, turn, code, _ in batch]
            with Clock(server) as out["highlights"]:
                for path, body in requests:
                    client.json("POST", path, body)

            with Clock(server) as out["export"]:
                _, sqlite_export = client.request("GET", f"/project/{project}/export/project.sqlite3")
            with Clock(server) as out["export_csv"]:
                _, csv_export = client.request("GET", f"/project/{project}/export/highlights/.csv")
            rows = list(csv.DictReader(io.StringIO(csv_export.decode("utf-8"))))
            expected = sorted(turn for _, turn, _, _ in batch)
            if sorted(row["content"].strip() for row in rows) != expected:
                raise RuntimeError("taguette's highlights are not the planned turns (offsets wrong?)")
            out["codings"] = len(rows)
            out["export_bytes"] = len(sqlite_export)
        finally:
            client.close()
    return out


# -------------------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 texts instead of 200")
    parser.add_argument("--texts", type=int, help="number of texts (default 200, --quick 20)")
    parser.add_argument("--words", type=int, default=2_500, help="words per text")
    parser.add_argument("--codings-per-text", type=int, default=10, help="codings (highlights) per text")
    parser.add_argument("--single", type=int, default=50, help="single `werkbank code` calls to time")
    parser.add_argument("--repeat", type=int, help="runs of each tool, alternating; the best wall time of each "
                        "measure counts (default 3, --quick 1)")
    parser.add_argument("--taguette-venv", type=Path, default=DEFAULT_VENV, help="venv for Taguette (made if missing)")
    args = parser.parse_args()
    count = args.texts or (20 if args.quick else 200)
    repeat = args.repeat or (1 if args.quick else 3)

    python = taguette_python(args.taguette_venv.expanduser())
    with tempfile.TemporaryDirectory(prefix="peer_bench_") as tmp:
        folder = Path(tmp)
        files = synth.write_reports(folder / "verslagen", count, args.words)
        texts = {path.stem: path.read_text(encoding="utf-8").rstrip("\n") for path in files}
        words = sum(synth.words(text) for text in texts.values())
        batch, single = plan_codings(texts, args.codings_per_text, args.single)

        print(f"SYNTHETIC data: {count} texts, {words:,} words; {len(batch)} codings, "
              f"{len(single)} single calls; {repeat} run(s) each", file=sys.stderr, flush=True)
        tg_runs, wb_runs = [], []
        for run in range(repeat):
            tg_runs.append(run_taguette(python, folder / f"taguette{run}", texts, batch))
            print(f"run {run + 1}: taguette done", file=sys.stderr, flush=True)
            wb_runs.append(run_werkbank(folder / f"werkbank{run}", files, batch, single))
            print(f"run {run + 1}: werkbank done", file=sys.stderr, flush=True)

    for tg_run, wb_run in zip(tg_runs, wb_runs):
        if tg_run["codings"] != len(batch) or wb_run["codings"] != len(batch) + len(single):
            raise SystemExit(f"coding counts differ: taguette {tg_run['codings']}, werkbank {wb_run['codings']}, "
                             f"planned {len(batch)} + {len(single)}")
    tg, wb = best(tg_runs), best(wb_runs)

    def secs(clock: Clock) -> str:
        return f"{clock.wall:.2f} s, CPU {clock.cpu:.2f} s"

    tg_import, wb_import = words / tg["import"].wall, words / wb["import"].wall
    tg_code, wb_batch = len(batch) / tg["highlights"].wall, len(batch) / wb["batch"].wall
    wb_single = len(single) / wb["single"].wall if single else float("nan")
    met = {True: "met", False: "NOT met"}

    def cpu_ratio(ours: Clock, theirs: Clock) -> str:
        """ours / theirs as throughput, from CPU seconds (Werkbank's processes vs Taguette's server)."""
        return f"{theirs.cpu / ours.cpu:.1f}x" if ours.cpu > 0 else "-"

    print(f"SYNTHETIC data: {count} texts x ~{args.words:,} words = {words:,} words; {len(batch):,} codings "
          f"({args.codings_per_text} per text, 10 codes); best of {repeat} run(s) each; rates and ratios from wall "
          f"clock, the CPU ratio beside them from the tool's own CPU seconds (Taguette: its server process)\n")
    print("| measure | Taguette 1.5.2 (HTTP API) | Werkbank (CLI) | ours / theirs (CPU) | target |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| import, words/s | {tg_import:,.0f} ({len(texts)} uploads, {secs(tg['import'])}) "
          f"| {wb_import:,.0f} (one `import`, {secs(wb['import'])}) "
          f"| **{wb_import / tg_import:.1f}x** ({cpu_ratio(wb['import'], tg['import'])}) "
          f"| >= {TARGET_IMPORT:g}x: {met[wb_import / tg_import >= TARGET_IMPORT]} |")
    print(f"| coding, codings/s: batch | {tg_code:,.1f} ({len(batch):,} highlight requests, "
          f"{secs(tg['highlights'])}) | {wb_batch:,.0f} (one `import-codings`, {secs(wb['batch'])}) "
          f"| **{wb_batch / tg_code:.1f}x** ({cpu_ratio(wb['batch'], tg['highlights'])}) "
          f"| >= {TARGET_CODING:g}x: {met[wb_batch / tg_code >= TARGET_CODING]} |")
    if single:
        print(f"| coding, codings/s: one at a time | {tg_code:,.1f} (as above) | {wb_single:,.1f} "
              f"({len(single)} `code` calls, {secs(wb['single'])}) | {wb_single / tg_code:.2f}x "
              f"({len(single) / wb['single'].cpu / (len(batch) / tg['highlights'].cpu):.2f}x) | - |")
    print(f"| export, s: whole project | {tg['export'].wall:.2f} (project.sqlite3, "
          f"{tg['export_bytes'] / 1e6:.1f} MB, CPU {tg['export'].cpu:.2f}) | {wb['export'].wall:.2f} "
          f"(`export qdpx`, {wb['export_bytes'] / 1e6:.1f} MB, CPU {wb['export'].cpu:.2f}) "
          f"| {wb['export'].wall / tg['export'].wall:.2f}x (time; < 1 = faster) | - |")
    print(f"| export, s: codings only | {tg['export_csv'].wall:.2f} (all highlights .csv, CPU "
          f"{tg['export_csv'].cpu:.2f}) | (as above) | {wb['export'].wall / tg['export_csv'].wall:.2f}x (time) | - |")


if __name__ == "__main__":
    main()

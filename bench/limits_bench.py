"""Files AT each documented limit (docs/limits.md), imported one by one: time and peak memory.

Every case runs in a fresh Python process (`--child`), so `resource.getrusage(RUSAGE_SELF).ru_maxrss`
is the peak of that one import, the language model included. The acceptance bar is a minute and
2 GB per file; a case over either is marked. SYNTHETIC data (bench/synth.py), never real data.

    python bench/limits_bench.py                 # every case at its limit
    python bench/limits_bench.py --scale 0.1     # quick look at a tenth of each limit
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import paragraph, sentence  # noqa: E402
from coding.files import limits  # noqa: E402

BUDGET_SECONDS = 60.0
BUDGET_MB = 2048.0


def _report_text(size: int) -> str:
    rng, parts, length, n = random.Random(1), [], 0, 0
    while length < size:
        part = f"Leerkracht {n % 9 + 1}: {paragraph(rng)}"
        parts.append(part)
        length += len(part.encode()) + 2
        n += 1
    return "\n\n".join(parts)[:size]


def make_txt(folder: Path, size: int) -> Path:
    path = folder / "verslag.txt"
    path.write_text(_report_text(size), encoding="utf-8")
    return path


def make_docx(folder: Path, size: int) -> Path:
    import docx
    document = docx.Document()
    for part in _report_text(size).split("\n\n"):  # the .docx file is ~1/3 of its text (deflate)
        document.add_paragraph(part)
    path = folder / "verslag.docx"
    document.save(path)
    return path


def make_csv(folder: Path, size: int) -> Path:
    rng = random.Random(2)
    rows, length = ["id;functie;onderwijs;Wat loopt goed?;Wat kan beter?"], 0
    n = 0
    while length < size and n < limits.MAX_ROWS:
        row = f"{n};leerkracht;gewoon basisonderwijs;{sentence(rng)} {sentence(rng)};{sentence(rng)}"
        rows.append(row)
        length += len(row) + 1
        n += 1
    path = folder / "mailbox.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def make_qdpx(folder: Path, size: int, codings: int = 1_000) -> Path:
    text = _report_text(size)
    step = max(len(text) // codings, 2)
    guid = "a1b2c3d4-0000-4000-8000-000000000001"
    qde = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="bench">'
           '<CodeBook><Codes><Code guid="c0000000-0000-4000-8000-000000000001" name="Thema" isCodable="true"/>'
           f'</Codes></CodeBook><Sources><TextSource guid="{guid}" name="bron" plainTextPath="internal://{guid}.txt">'
           + "".join(f'<PlainTextSelection guid="s{i:07d}-0000-4000-8000-000000000000" startPosition="{i * step}" '
                     f'endPosition="{i * step + step // 2}"><Coding guid="k{i:07d}-0000-4000-8000-000000000000">'
                     '<CodeRef targetGUID="c0000000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>'
                     for i in range(min(codings, len(text) // step)))
           + "</TextSource></Sources></Project>")
    path = folder / "project.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("project.qde", qde)
        package.writestr(f"sources/{guid}.txt", text)
    return path


def make_yaml(folder: Path, size: int) -> Path:
    lines, length, i = ["id: groot", "title: Groot", 'version: "1"', "codes:"], 40, 0
    while True:
        line = f"- {{id: t{i}, label: T}}" if i % 50 == 0 else f"- {{id: c{i}, label: C, parent: t{i - i % 50}}}"
        if length + len(line) + 1 > size:
            break
        lines.append(line)
        length += len(line) + 1
        i += 1
    path = folder / "codeboek.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def make_qdc(folder: Path, size: int) -> Path:
    out, length, i = io.StringIO(), 0, 0
    out.write('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="bench"><Codes>')
    while True:
        piece = (f'<Code guid="{i:08d}-0000-4000-8000-000000000000" name="Thema {i}" isCodable="true">'
                 + "".join(f'<Code guid="{i:08d}-{j:04d}-4000-8000-000000000000" name="Code {j}" isCodable="true">'
                           "<Description>Een code.</Description></Code>" for j in range(49)) + "</Code>")
        if length + len(piece) > size - 100:
            break
        out.write(piece)
        length += len(piece)
        i += 1
    out.write("</Codes></CodeBook>")
    path = folder / "codeboek.qdc"
    path.write_text(out.getvalue())
    return path


TEXT_AT_LIMIT = 0.98  # the generated text must stay just under MAX_TEXT_CHARS once the importer adds its joins
CASES = {  # name: (limit: characters of text or bytes of file, maker, importer)
    "report .txt": (lambda: limits.MAX_TEXT_CHARS * TEXT_AT_LIMIT, make_txt, "report"),
    "report .docx": (lambda: limits.MAX_TEXT_CHARS * TEXT_AT_LIMIT, make_docx, "report"),
    "mailbox .csv": (lambda: limits.MAX_TEXT_CHARS * 0.8, make_csv, "mailbox"),
    "project .qdpx": (lambda: limits.MAX_TEXT_CHARS * TEXT_AT_LIMIT, make_qdpx, "qdpx"),
    "qdpx codings": (lambda: limits.MAX_TEXT_CHARS * TEXT_AT_LIMIT,
                     lambda folder, size: make_qdpx(folder, size, limits.MAX_QDPX_CODINGS), "qdpx"),
    "codebook .yaml": (lambda: limits.MAX_YAML_BYTES, make_yaml, "codebook"),
    "codebook .qdc": (lambda: limits.MAX_QDC_BYTES, make_qdc, "codebook"),
}


def child(kind: str, path: Path) -> None:
    """Import one file into a new project; print seconds and peak memory as JSON."""
    from coding.store.project import open_project
    started = time.perf_counter()
    with open_project(path.with_suffix(".werkbank"), create=True) as project:
        if kind == "report":
            from coding.importers import import_file
            import_file(project, path, "bench")
        elif kind == "mailbox":
            from coding.importers import import_mailbox
            import_mailbox(project, path, "bench")
        elif kind == "qdpx":
            from coding.importers.qdpx import import_qdpx
            import_qdpx(project, path, "bench")
        else:
            from coding.codebooks import operations
            operations.import_file(project, "bench", path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of each limit (1 = at the limit)")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    print(f"{'case':<16} {'limit':>9} {'file':>9} {'seconds':>8} {'peak MB':>8}  within 60 s / 2 GB"
          f"   (limit: text M chars for imports, file MB for codebooks)")
    worst = True
    for name, (limit, make, kind) in CASES.items():
        if args.only and args.only not in name:
            continue
        with tempfile.TemporaryDirectory(prefix="werkbank-limits-") as folder:
            path = make(Path(folder), int(limit() * args.scale))
            result = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], capture_output=True,
                                    text=True, cwd=ROOT)
            if result.returncode != 0:
                print(f"{name:<16} failed: {result.stderr.strip().splitlines()[-1]}")
                worst = False
                continue
            measured = json.loads(result.stdout.strip().splitlines()[-1])
            ok = measured["seconds"] < BUDGET_SECONDS and measured["peak_mb"] < BUDGET_MB
            worst &= ok
            print(f"{name:<16} {limit() / 1e6 if kind != 'codebook' else limit() / 2**20:>8.2f}M {path.stat().st_size / 2**20:>7.1f}MB "
                  f"{measured['seconds']:>8.1f} {measured['peak_mb']:>8.0f}  {'yes' if ok else 'NO'}")
    sys.exit(0 if worst else 1)


if __name__ == "__main__":
    main()

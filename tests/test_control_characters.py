"""Labels from imported files are shown without control characters: no terminal escape reaches the screen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from coding.codebooks import operations as codebook_ops
from coding.store.project import open_project

ROOT = Path(__file__).resolve().parents[1]
ESCAPES = "\x1b[2J\x1b[31m"  # clear the screen, turn the text red


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)


def test_escape_sequences_in_code_labels_are_not_printed_raw(tmp_path):
    book = tmp_path / "boek.yaml"
    book.write_text('id: esc\ntitle: T\nversion: "1"\ncodes:\n'
                    '  - id: rood\n    label: "\\e[2J\\e[31mRood\\u009b1m\\ttab"\n    definition: Een code.\n')
    project = tmp_path / "p.werkbank"
    with open_project(project, create=True) as p:
        codebook_ops.import_file(p, "t", book)
        assert ESCAPES in p.conn.execute("SELECT label FROM codes").fetchone()[0]  # stored as written
    for args in (["list", str(project), "codes"], ["codebook", "tree", str(project), "esc"],
                 ["codebook", "tree", str(project), "\x1b[31mRood"]):  # an error line that repeats it
        result = _cli(*args)
        shown = result.stdout + result.stderr
        assert "Rood" in shown, (args, shown)
        assert not any(ch in shown for ch in "\x1b\x9b"), (args, shown)

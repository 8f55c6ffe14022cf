"""Uploaded files do not stay in temporary folders: removed when they leave the page, at exit, and when stale."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app import uploads

ROOT = Path(__file__).resolve().parents[1]


def test_an_upload_is_removed_when_it_leaves_the_page():
    path = uploads.saved("abc-123", "../mailbox met namen.csv", b"naam;e-mail\nKris;kris@x\n")
    assert path.read_bytes().startswith(b"naam") and path.parent.parent == uploads.folder()
    uploads.discard("abc-123")
    assert not path.exists() and not path.parent.exists()


def test_the_upload_folder_is_gone_when_the_server_stops_and_stale_ones_are_swept(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    stale = tmp_path / f"{uploads.PREFIX}oud"
    stale.mkdir()
    (stale / "export.csv").write_text("naam\nKris\n")
    old = time.time() - (uploads.STALE_HOURS + 1) * 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / f"{uploads.PREFIX}andere-server"
    fresh.mkdir()  # another server that is running now: left alone
    code = "from app import uploads; print(uploads.saved('k', 'a.csv', b'x'))"
    made = Path(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                               check=True).stdout.strip())
    assert made.is_relative_to(tmp_path) and not made.exists() and not made.parent.parent.exists()
    assert not stale.exists() and fresh.exists()
    assert tempfile.gettempdir() != str(tmp_path)

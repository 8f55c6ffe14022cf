"""Where the app keeps uploaded files while a page works on them, and how they are removed.

The importers read paths, so an upload is written to a private folder of this server process. It is
removed when the upload leaves the page (`discard`), the whole folder when the server stops (atexit),
and folders that a killed server left behind are swept when the next one starts (after STALE_HOURS).
Uploads may hold identities of respondents: they must not lie about in /tmp for ever.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
import time
from pathlib import Path

PREFIX = "werkbank-upload-"
STALE_HOURS = 12.0
_folder: Path | None = None


def _sweep(parent: Path, keep: Path) -> None:
    """Remove upload folders of earlier servers that were not stopped cleanly."""
    cutoff = time.time() - STALE_HOURS * 3600
    for old in parent.glob(f"{PREFIX}*"):
        try:
            if old != keep and old.is_dir() and old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue


def folder() -> Path:
    """This process's upload folder (made on first use, removed at exit)."""
    global _folder
    if _folder is None or not _folder.is_dir():
        _folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        atexit.register(shutil.rmtree, _folder, True)
        _sweep(_folder.parent, _folder)
    return _folder


def _safe(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", key) or "upload"


def saved(key: str, name: str, data: bytes) -> Path:
    """The upload `key` written under its own file name; the importers read it from there."""
    target = folder() / _safe(key)
    target.mkdir(exist_ok=True)
    path = target / Path(name).name
    if not path.exists() or path.stat().st_size != len(data):
        path.write_bytes(data)
    return path


def discard(key: str) -> None:
    """Remove an upload that left the page."""
    if _folder is not None and key:
        shutil.rmtree(_folder / _safe(key), ignore_errors=True)

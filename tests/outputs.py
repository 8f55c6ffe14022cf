"""What a written file says, for tests that grep every output for names and sealed values."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path


def all_text(path: Path) -> str:
    """All text in a file; packages (.docx, .xlsx, .qdpx) unzipped, XML entities decoded."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            return "\n".join(html.unescape(package.read(n).decode("utf-8", "ignore")) for n in package.namelist())
    return path.read_text(encoding="utf-8-sig", errors="ignore")

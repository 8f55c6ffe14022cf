"""Write an export so that its name only ever holds a complete file.

Writers fill a temporary file beside the target, which is renamed onto it when done (a rename is
atomic on one file system). A crash or kill halfway leaves the earlier export, or nothing, under
the name, never a truncated Word or Excel file that would open as "damaged" or, worse, half a report.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary path to write to; it replaces `path` when the block ends without an error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.partial-{os.getpid()}{path.suffix}")  # same suffix: writers pick formats by it
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)

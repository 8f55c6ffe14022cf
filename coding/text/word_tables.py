"""Word tables kept per user: the large lists Werkbank derives from its language packages, read fast.

Why: building them (spaCy's lookup tables from JSON, simplemma's list, wordfreq, Deduce's lists) takes
seconds, and every import, export, search and listing needs some of them. Each table is kept in
$XDG_CACHE_HOME/werkbank (default ~/.cache) under a name that carries the sizes and times of the
package files it is made from, so a new version of any of them makes a new one:

- `cached(kind, build, sources)`: the whole table, from a marshal file, for a reader of many words
  (an import's sentences and lemmas, the name finder);
- `WordTable`: one word at a time, from an SQLite index beside it, for a caller that asks a handful
  of words (a search query, the names of the name table), so it never reads a whole table of half a
  million words for them. Asked for many words, it reads the whole table after all.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

Sources = Sequence[tuple[str, str]]
"""(package, file inside it) pairs a table is made from: their sizes and times name its cache."""


def _stamp(package: str, part: str) -> str:
    from importlib.util import find_spec  # finds the package without importing it

    spec = find_spec(package)
    folder = spec.submodule_search_locations[0]  # type: ignore[union-attr]  # an unusual install: no cache
    found = (Path(folder) / part).stat()
    return f"{found.st_size}.{found.st_mtime_ns}"


def cache_file(kind: str, version: str, sources: Sources, suffix: str = ".marshal") -> Path | None:
    """$XDG_CACHE_HOME/werkbank/nl-<kind>-<version>-<stamps><suffix>, or None for an unusual install."""
    try:
        tag = "-".join([version] + [_stamp(package, part) for package, part in sources])
    except (AttributeError, TypeError, IndexError, OSError, ImportError, ValueError):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "werkbank" / f"nl-{kind}-{tag}{suffix}"


def _write(path: Path, fill: Callable[[Path], None]) -> None:
    """Make `path` through a partial file renamed into place, so no reader ever sees half of it."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        fill(partial)
        partial.replace(path)
    except (OSError, sqlite3.Error):
        partial.unlink(missing_ok=True)  # a read-only home: made again next time


def cached(kind: str, version: str, sources: Sources, build: Callable[[], object]) -> object:
    """`build()`'s result, kept per user in a marshal file (see `cache_file`)."""
    import marshal

    cache = cache_file(kind, version, sources)
    if cache is not None and cache.exists():
        try:
            return marshal.loads(cache.read_bytes())
        except (EOFError, ValueError, TypeError, OSError):
            pass
    value = build()
    if cache is not None:
        _write(cache, lambda partial: partial.write_bytes(marshal.dumps(value)))
    return value


class WordTable:
    """A word table asked one word at a time: `word in table`, `table.get(word)`.

    `whole()` gives the table in memory (a dict, or a set of words). Lookups go to an SQLite index of
    it in the per-user cache (made from `whole()` on first use) until `BULK_AFTER` of them, then to the
    whole table: the answers are the same either way.
    """

    BULK_AFTER = 5_000

    def __init__(self, kind: str, version: str, sources: Sources, whole: Callable[[], Collection[str]]):
        self.kind, self.version, self.sources, self.whole = kind, version, sources, whole
        self._memory: Collection[str] | None = None
        self._index: sqlite3.Connection | None = None
        self._asked = 0

    def _table(self) -> Collection[str] | sqlite3.Connection:
        if self._memory is None:
            self._asked += 1
            if self._asked <= self.BULK_AFTER:
                index = self._index or self._open()
                if index is not None:
                    return index
            self._memory = self.whole()
        return self._memory

    def _open(self) -> sqlite3.Connection | None:
        path = cache_file(self.kind, self.version, self.sources, ".sqlite")
        if path is None:
            return None
        if not path.exists():
            self._memory = self.whole()
            _write(path, self._fill)
            return None
        try:
            self._index = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._index.execute("SELECT 1 FROM words LIMIT 1")
        except sqlite3.Error:
            self._index = None
        return self._index

    def _fill(self, partial: Path) -> None:
        table = self.whole()
        conn = sqlite3.connect(partial)
        try:  # a file nobody reads before it is renamed into place: no journal, no syncs; rows in key order
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("CREATE TABLE words (word TEXT PRIMARY KEY, value) WITHOUT ROWID")
            rows = sorted(table.items()) if isinstance(table, dict) else ((word, None) for word in sorted(table))
            conn.executemany("INSERT INTO words VALUES (?, ?)", rows)
            conn.commit()
        finally:
            conn.close()

    def _row(self, word: str) -> tuple | None | bool:
        """The word's row in the index (None: not there), or False when the whole table must answer."""
        table = self._table()
        if not isinstance(table, sqlite3.Connection):
            return False
        try:
            return table.execute("SELECT value FROM words WHERE word = ?", (word,)).fetchone()
        except UnicodeEncodeError:  # a lone surrogate (bytes of no encoding in argv) is in no index
            self._memory = self.whole()
            return False

    def __contains__(self, word: str) -> bool:
        row = self._row(word)
        return word in self._memory if row is False else row is not None  # type: ignore[operator]

    def get(self, word: str, default: Any = None) -> Any:
        row = self._row(word)
        if row is False:
            return self._memory.get(word, default)  # type: ignore[union-attr]
        return default if row is None else row[0]

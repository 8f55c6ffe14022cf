"""The connection calls the store makes: execute, executemany, query (rows as dicts), insert_all.

A plain sqlite3 wrapper rather than sqlite-utils' `Database`: the store used nothing else of it, and
importing sqlite-utils also imports pandas and numpy (about half a second), the whole start-up budget
of a `werkbank list` or `werkbank code`. Recursive triggers are on, as sqlite-utils set them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any


class Database:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.execute("PRAGMA recursive_triggers=on")

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self.conn.executemany(sql, rows)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        return self.conn.executescript(sql)

    def query(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Iterator[dict[str, Any]]:
        cursor = self.conn.execute(sql, parameters)
        names = [d[0] for d in cursor.description or ()]
        for row in cursor:
            yield dict(zip(names, row))

    def insert_all(self, table: str, rows: list[dict[str, Any]], batch_size: int = 2000) -> None:
        """Insert rows that share the first row's columns, `batch_size` at a time."""
        columns = list(rows[0])
        sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
               f"VALUES ({', '.join('?' for _ in columns)})")
        for start in range(0, len(rows), batch_size):
            self.conn.executemany(sql, [[row.get(c) for c in columns] for row in rows[start:start + batch_size]])

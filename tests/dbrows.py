"""Reading rows in tests: one row by id, counts and rows under a WHERE clause (plain SQL on the store)."""

from __future__ import annotations

from typing import Any


def row(project: Any, table: str, key: Any) -> dict[str, Any]:
    return next(project.db.query(f"SELECT * FROM [{table}] WHERE id = ?", [key]))


def count(project: Any, table: str, where: str = "1", params: list[Any] | None = None) -> int:
    return project.db.execute(f"SELECT count(*) FROM [{table}] WHERE {where}", params or []).fetchone()[0]


def rows(project: Any, table: str, where: str = "1", params: list[Any] | None = None) -> list[dict[str, Any]]:
    return list(project.db.query(f"SELECT * FROM [{table}] WHERE {where}", params or []))


def seed_document(project: Any, text: str, name: str = "verslag", kind: str = "groepsgesprek") -> int:
    """A document written straight into the store (no import): for tests about codebooks and codings."""
    from coding.store.project import now

    with project.write("an", "seed") as tx:
        return tx.insert("documents", {"name": name, "kind": kind, "text": text, "sha256": "x", "imported_at": now()})

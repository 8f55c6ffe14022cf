"""Recommendations (aanbevelingen): text, addressees, and the codes and quotes (codings) behind them.

A recommendation belongs to the themes of the codes it is linked to (directly, or through its
quotes), so the findings draft can place it under each theme and the report can trace it back.
Every change is one logged, undoable write.
"""

from __future__ import annotations

from typing import Any

from coding.codebooks.codes import resolve_code
from coding.store.project import Project, ProjectError, Tx, now

ADDRESSEES = ("de overheid", "de netten", "schoolleiders", "ondersteuners", "leerkrachten", "de CLB's",
              "de pedagogische begeleidingsdiensten", "de ondersteuningsnetwerken")
"""Usual addressees, offered first; any other text is accepted too."""


def _clean(text: str, what: str) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        raise ProjectError("reporting.recommendations.recommendation_needs", what=what)
    return text


def _set_links(tx: Tx, recommendation_id: int, addressees: list[str] | None, codes: list[str | int] | None,
               codings: list[int] | None) -> None:
    db = tx.db.conn
    if addressees is not None:
        for row in db.execute("SELECT id FROM recommendation_addressees WHERE recommendation_id = ?",
                              [recommendation_id]).fetchall():
            tx.delete("recommendation_addressees", row[0])
        for addressee in dict.fromkeys(_clean(a, "a non-empty addressee") for a in addressees):
            tx.insert("recommendation_addressees", {"recommendation_id": recommendation_id, "addressee": addressee})
    if codes is not None or codings is not None:
        for column, given in (("code_id", codes), ("coding_id", codings)):
            if given is None:
                continue
            for row in db.execute(f"SELECT id FROM recommendation_links WHERE recommendation_id = ? AND {column} IS NOT NULL",
                                  [recommendation_id]).fetchall():
                tx.delete("recommendation_links", row[0])
            ids = [resolve_code(db, ref) for ref in given] if column == "code_id" else [int(c) for c in given]
            for target in dict.fromkeys(ids):
                if column == "coding_id" and db.execute("SELECT 1 FROM codings WHERE id = ?", [target]).fetchone() is None:
                    raise ProjectError("reporting.recommendations.coding_does_exist", target=target)
                tx.insert("recommendation_links", {"recommendation_id": recommendation_id, column: target})


def add_recommendation(project: Project, actor: str, text: str, addressees: list[str] | None = None,
                       codes: list[str | int] | None = None, codings: list[int] | None = None) -> int:
    """Add a recommendation; codes are named as anywhere (codebook:key, key, label, path)."""
    text = _clean(text, "text")
    with project.write(actor, "recommend", {"text": text[:80]}) as tx:
        position = tx.db.execute("SELECT coalesce(max(position), -1) + 1 FROM recommendations").fetchone()[0]
        stamp = now()
        rec = tx.insert("recommendations", {"text": text, "position": position, "author": actor,
                                            "created_at": stamp, "updated_at": stamp})
        _set_links(tx, rec, addressees or [], codes or [], codings or [])
        return rec


def update_recommendation(project: Project, actor: str, recommendation_id: int, text: str | None = None,
                          addressees: list[str] | None = None, codes: list[str | int] | None = None,
                          codings: list[int] | None = None) -> None:
    """Change the text and/or replace the addressees, linked codes or linked codings (None = keep)."""
    with project.write(actor, "edit recommendation", {"recommendation": recommendation_id}) as tx:
        if tx.get("recommendations", recommendation_id) is None:
            raise ProjectError("reporting.recommendations.recommendation_does_exist",
                               recommendation_id=recommendation_id)
        values: dict[str, Any] = {"updated_at": now()}
        if text is not None:
            values["text"] = _clean(text, "text")
        tx.update("recommendations", recommendation_id, **values)
        _set_links(tx, recommendation_id, addressees, codes, codings)


def delete_recommendation(project: Project, actor: str, recommendation_id: int) -> None:
    """Remove a recommendation with its addressees and links (undoable: the rows are recorded)."""
    with project.write(actor, "delete recommendation", {"recommendation": recommendation_id}) as tx:
        if tx.get("recommendations", recommendation_id) is None:
            raise ProjectError("reporting.recommendations.recommendation_does_exist",
                               recommendation_id=recommendation_id)
        for table in ("recommendation_addressees", "recommendation_links"):
            for row in tx.db.execute(f"SELECT id FROM {table} WHERE recommendation_id = ?",
                                     [recommendation_id]).fetchall():
                tx.delete(table, row[0])
        tx.delete("recommendations", recommendation_id)


def recommendations(db: Any) -> list[dict[str, Any]]:
    """Every recommendation in order, with `addressees`, `code_ids` (linked directly or through a
    linked coding) and `coding_ids`."""
    db = getattr(db, "db", db)
    rows = [dict(zip(("id", "text", "position", "author"), r)) for r in db.execute(
        "SELECT id, text, position, author FROM recommendations ORDER BY position, id").fetchall()]
    for row in rows:
        row["addressees"] = [r[0] for r in db.execute(
            "SELECT addressee FROM recommendation_addressees WHERE recommendation_id = ? ORDER BY id", [row["id"]])]
        links = db.execute("""SELECT l.code_id, l.coding_id, c.code_id FROM recommendation_links l
                              LEFT JOIN codings c ON c.id = l.coding_id WHERE l.recommendation_id = ? ORDER BY l.id""",
                           [row["id"]]).fetchall()
        row["coding_ids"] = [coding for _, coding, _ in links if coding is not None]
        row["code_ids"] = list(dict.fromkeys(code if code is not None else via for code, _, via in links
                                             if (code if code is not None else via) is not None))
    return rows

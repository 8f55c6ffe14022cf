"""Find a code from what a person types: `codebook:key`, a key, an exact label or a label path.

Importers, the command line and the app all name codes this way, so the rules live in one place:
a reference must match exactly one code, otherwise the user gets the candidates to choose from.
"""

from __future__ import annotations

from typing import Any

from coding.store.project import ProjectError


def _paths(rows: list[dict[str, Any]]) -> dict[int, str]:
    by_id = {r["id"]: r for r in rows}
    paths: dict[int, str] = {}

    def path(code_id: int) -> str:
        if code_id not in paths:
            row = by_id[code_id]
            parent = row["parent_id"]
            paths[code_id] = row["label"] if parent not in by_id else f"{path(parent)} > {row['label']}"
        return paths[code_id]

    for row in rows:
        path(row["id"])
    return paths


def resolve_code(db: Any, ref: str | int, codebook_id: str | None = None) -> int:
    """The id of the one code `ref` names (tried in order: `codebook:key`, key, exact label,
    label path `A > B`); ProjectError when it names no code or several."""
    if isinstance(ref, int):
        if db.execute("SELECT 1 FROM codes WHERE id = ?", [ref]).fetchone() is None:
            raise ProjectError("codebooks.codes.code_does_exist", ref=ref)
        return ref
    text = str(ref).strip()
    if ":" in text:
        prefix, rest = text.split(":", 1)
        if db.execute("SELECT 1 FROM codebooks WHERE id = ?", [prefix.strip()]).fetchone():
            if codebook_id is not None and codebook_id != prefix.strip():
                raise ProjectError("codebooks.codes.code_codebook", text=text, codebook_id=codebook_id)
            codebook_id, text = prefix.strip(), rest.strip()
    where, args = ("WHERE codebook_id = ?", [codebook_id]) if codebook_id else ("", [])
    rows = [dict(zip(("id", "codebook_id", "key", "label", "parent_id"), r)) for r in db.execute(
        f"SELECT id, codebook_id, key, label, parent_id FROM codes {where} ORDER BY codebook_id, position, id",
        args).fetchall()]
    paths = _paths(rows)
    normalized = " > ".join(part.strip() for part in text.split(">"))
    for matches in ([r for r in rows if r["key"] == text],
                    [r for r in rows if r["label"] == text],
                    [r for r in rows if paths[r["id"]] == normalized or paths[r["id"]].endswith(" > " + normalized)]):
        if len(matches) == 1:
            return matches[0]["id"]
        if matches:
            options = "; ".join(f"{r['codebook_id']}:{r['key']} ({paths[r['id']]})" for r in matches[:6])
            raise ProjectError("codebooks.codes.code_ambiguous", ref=str(ref), options=options)
    scope = f" in codebook {codebook_id!r}" if codebook_id else ""
    raise ProjectError("codebooks.codes.code_give_codebook_key", ref=str(ref), scope=scope)

"""Codebooks in a project: import, edit the tree, and read it back with counts.

Every operation is one logged `project.write` whose row changes are recorded, so `history.undo`
restores the exact prior state. Codes are never deleted from under their codings: merging moves the
codings first, retiring a code only deactivates it. A newer version of a codebook file is matched to
the project's codes by stable key (or REFI guid), so codings survive relabelling and reordering.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from coding.codebooks import format as codebooks
from coding.store.backup import before_risky
from coding.codebooks.format import Code, Codebook, code_guid, field_problem, normalize_color, slug, version_key
from coding.codebooks.codes import resolve_code
from coding.store.project import Project, ProjectError, Tx, now

CODE_COLUMNS = ("label", "parent_id", "position", "definition", "inclusion", "exclusion", "examples", "aliases",
                "origin", "color", "rules", "author", "codable", "guid")
EDITABLE_FIELDS = ("definition", "inclusion", "exclusion", "examples", "aliases", "color", "rules", "author",
                   "origin", "codable")


def _json(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value else None


def _code_values(codebook_id: str, code: Code) -> dict[str, Any]:
    """The columns of a codes row for a file code (everything but parent and position)."""
    return {
        "label": code.label, "definition": code.definition, "inclusion": code.inclusion,
        "exclusion": code.exclusion, "examples": _json(code.examples), "aliases": _json(code.aliases),
        "origin": code.origin, "color": code.color, "rules": _json(code.rules), "author": code.author,
        "codable": int(code.codable), "guid": code.guid or code_guid(codebook_id, code.key),
    }


def codebook_values(codebook: Codebook) -> dict[str, Any]:
    source = codebook.source
    return {"title": codebook.title, "version": str(codebook.version),
            "source": source if isinstance(source, str) or source is None else json.dumps(source, ensure_ascii=False),
            "description": codebook.description, "rating_scale": _json(codebook.rating_scale),
            "moved_keys": _json(moved_keys(codebook)), "imported_at": now()}


def moved_keys(codebook: Codebook) -> dict[str, str]:
    """Each key the file's history retired -> the key its codings have today."""
    steps = codebook.history
    return {old: codebooks.final_key(steps[index + 1:], new)
            for index, step in enumerate(steps) for old, new in step.moved.items()}


def _rows(db: Any, codebook_id: str) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM codes WHERE codebook_id = ? ORDER BY position, id", [codebook_id]))


def _codebook_row(db: Any, codebook_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM codebooks WHERE id = ?", [codebook_id]))
    if not rows:
        raise ProjectError("codebooks.operations.codebook_project", codebook_id=codebook_id)
    return rows[0]


# --- import ------------------------------------------------------------------------------------

def load_file(path: str | Path, codebook_id: str | None = None, title: str | None = None,
              version: str | None = None) -> Codebook:
    """A codebook from a .yaml/.yml file or a REFI-QDA .qdc file (the latter may need id/title/version)."""
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return codebooks.load(path)
    if suffix in (".qdc", ".xml"):
        from coding.codebooks.qdc import read_qdc
        return read_qdc(path, codebook_id=codebook_id, title=title, version=version)
    raise ProjectError("codebooks.operations.codebook_file_ends_yaml", path=path)


def import_file(project: Project, actor: str, path: str | Path, **options: Any) -> dict[str, Any]:
    """Read a codebook file and import it (see `import_codebook`)."""
    return import_codebook(project, actor, load_file(path, **options))


def import_codebook(project: Project, actor: str, codebook: Codebook) -> dict[str, Any]:
    """Add a codebook, or bring an existing one to a newer version of its file.

    A newer version updates codes matched by key (else by guid), adds new ones, deactivates deductive codes
    the file no longer has, and keeps inductive codes made in the project and every coding: the codings of
    a code the file's `history` moved since the project's version go to its new code.
    The same or an older version is refused."""
    existing = list(project.db.query("SELECT * FROM codebooks WHERE id = ?", [codebook.id]))
    summary = {"codebook": codebook.id, "version": codebook.version,
               "previous_version": existing[0]["version"] if existing else None}
    if existing:
        old = existing[0]["version"]
        if version_key(old) == version_key(codebook.version):
            raise ProjectError("codebooks.operations.codebook_version_already_project", id=codebook.id,
                               old=old)
        if version_key(codebook.version) < version_key(old):
            raise ProjectError("codebooks.operations.codebook_project_version_newer", id=codebook.id,
                               old=old, version=codebook.version)
    with project.write(actor, "import codebook", summary) as tx:
        if existing:
            tx.update("codebooks", codebook.id, **codebook_values(codebook))
        else:
            tx.insert("codebooks", {"id": codebook.id, **codebook_values(codebook)})
        counts = sync_codes(tx, codebook)
        if existing:
            counts["moved"] = migrate_codings(tx, codebook, existing[0]["version"])
        summary.update(counts)
    return summary


def pending_steps(codebook: Codebook, since: str) -> list[codebooks.Step]:
    """The history steps of `codebook` that a project holding version `since` has not been through."""
    return [step for step in codebook.history if version_key(step.version) > version_key(since)]


def migrate_codings(tx: Tx, codebook: Codebook, since: str) -> int:
    """Move the codings (and code memos) of every code the history moved since version `since` to where the
    later steps take them, add the old label as an alias there, and retire the old code; returns how many
    codings moved."""
    moved = 0
    stamp = now()
    steps = pending_steps(codebook, since)
    for index, step in enumerate(steps):
        for old_key, next_key in step.moved.items():
            new_key = codebooks.final_key(steps[index + 1:], next_key)
            rows = {r["key"]: r for r in tx.db.query(
                "SELECT * FROM codes WHERE codebook_id = ? AND key IN (?, ?)", [codebook.id, old_key, new_key])}
            old, new = rows.get(old_key), rows.get(new_key)
            if old is None or new is None:
                continue
            for (coding_id,) in tx.db.execute("SELECT id FROM codings WHERE code_id = ? ORDER BY id", [old["id"]]):
                tx.update("codings", coding_id, code_id=new["id"], updated_at=stamp)
                moved += 1
            for (memo_id,) in tx.db.execute("SELECT id FROM memos WHERE target_type = 'code' AND target_id = ?",
                                            [old["id"]]):
                tx.update("memos", memo_id, target_id=new["id"])
            aliases = _loads(new["aliases"], [])
            if old["label"] not in aliases and old["label"] != new["label"]:
                tx.update("codes", new["id"], aliases=_json([*aliases, old["label"]]))
            if old["active"] and not tx.db.execute("SELECT 1 FROM codes WHERE parent_id = ?", [old["id"]]).fetchone():
                tx.update("codes", old["id"], active=0)
    return moved


def sync_codes(tx: Tx, codebook: Codebook) -> dict[str, int]:
    rows = _rows(tx.db, codebook.id)
    by_key = {r["key"]: r for r in rows}
    by_guid = {r["guid"]: r for r in rows if r["guid"]}
    ids: dict[str, int] = {}
    positions: dict[str | None, int] = {}
    added = updated = 0
    for code, _depth in codebook.walk():
        parent_id = ids[code.parent] if code.parent else None
        position = positions.get(code.parent, 0)
        positions[code.parent] = position + 1
        values = {**_code_values(codebook.id, code), "parent_id": parent_id, "position": position}
        row = by_key.get(code.key) or (by_guid.get(code.guid) if code.guid else None)
        if row is None:
            ids[code.key] = tx.insert("codes", {"codebook_id": codebook.id, "key": code.key,
                                                "active": int(code.active), **values})
            added += 1
            continue
        ids[code.key] = row["id"]
        if row["key"] != code.key and code.key not in by_key:
            values["key"] = code.key
        if not code.active:
            values["active"] = 0
        changed = {k: v for k, v in values.items() if row[k] != v}
        if changed:
            tx.update("codes", row["id"], **changed)
            updated += 1
    retired = 0
    matched = set(ids.values())
    for row in rows:
        if row["id"] not in matched and row["origin"] == "deductief" and row["active"]:
            tx.update("codes", row["id"], active=0)
            retired += 1
    if len(rows) > 0:
        _renumber(tx, codebook.id, matched)
    return {"added": added, "updated": updated, "retired": retired}


def _renumber(tx: Tx, codebook_id: str, first: set[int]) -> None:
    """Positions 0..n-1 per parent: codes from the file first (in file order), then the project's own."""
    groups: dict[int | None, list[dict[str, Any]]] = {}
    for row in _rows(tx.db, codebook_id):
        groups.setdefault(row["parent_id"], []).append(row)
    for siblings in groups.values():
        ordered = [r for r in siblings if r["id"] in first] + [r for r in siblings if r["id"] not in first]
        for index, row in enumerate(ordered):
            if row["position"] != index:
                tx.update("codes", row["id"], position=index)


# --- reading -----------------------------------------------------------------------------------

def _loads(value: str | None, default: Any) -> Any:
    return json.loads(value) if value else default


def read_codebook(db: Any, codebook_id: str, include_inactive: bool = True) -> Codebook:
    """The project's codebook as plain data (what `export_yaml` and the .qdc export write)."""
    book = _codebook_row(db, codebook_id)
    rows = _rows(db, codebook_id)
    keys = {r["id"]: r["key"] for r in rows}
    active = {r["id"]: bool(r["active"]) for r in rows}
    parents = {r["id"]: r["parent_id"] for r in rows}

    def visible_parent(row_id: int) -> str | None:
        """Nearest shown ancestor: an inactive code left out lifts its active children up."""
        parent = parents[row_id]
        while parent is not None and not include_inactive and not active[parent]:
            parent = parents[parent]
        return keys[parent] if parent is not None else None

    codes = [Code(key=r["key"], label=r["label"], parent=visible_parent(r["id"]), codable=bool(r["codable"]),
                  active=bool(r["active"]), definition=r["definition"], inclusion=r["inclusion"],
                  exclusion=r["exclusion"], examples=_loads(r["examples"], []), aliases=_loads(r["aliases"], []),
                  origin=r["origin"], author=r["author"], color=r["color"], rules=_loads(r["rules"], {}),
                  guid=r["guid"] if r["guid"] != code_guid(codebook_id, r["key"]) else None)
             for r in rows if include_inactive or r["active"]]
    source = book["source"]
    if source and source.lstrip().startswith(("{", "[")):
        source = json.loads(source)
    unordered = Codebook(id=codebook_id, title=book["title"], version=book["version"], codes=codes,
                         source=source, description=book["description"],
                         rating_scale=_loads(book["rating_scale"], None))
    unordered.codes = [code for code, _ in unordered.walk()]
    return unordered


def export_yaml(project: Project | Any, codebook_id: str) -> str:
    """The project's codebook (with its edits, inactive codes marked) as a YAML codebook file."""
    return codebooks.to_yaml(read_codebook(getattr(project, "db", project), codebook_id))


def list_codebooks(db: Any) -> list[dict[str, Any]]:
    """One row per codebook: id, title, version, codes (active), codings."""
    return list(db.query("""
        SELECT b.id, b.title, b.version,
               (SELECT count(*) FROM codes c WHERE c.codebook_id = b.id AND c.active) AS codes,
               (SELECT count(*) FROM codings g JOIN codes c ON c.id = g.code_id WHERE c.codebook_id = b.id)
                   AS codings
        FROM codebooks b ORDER BY b.id"""))


def codebook_tree(db: Any, codebook_id: str, include_inactive: bool = True) -> pd.DataFrame:
    """The code tree in order, one row per code, with its own codings and codings rolled up over
    its descendants (columns: id, key, label, path, depth, parent_key, codable, active, origin,
    codings, codings_total)."""
    _codebook_row(db, codebook_id)
    rows = _rows(db, codebook_id)
    counts = dict(db.execute("""SELECT g.code_id, count(*) FROM codings g JOIN codes c ON c.id = g.code_id
                                WHERE c.codebook_id = ? GROUP BY g.code_id""", [codebook_id]).fetchall())
    children: dict[int | None, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    out: list[dict[str, Any]] = []

    def visit(parent: dict[str, Any] | None, depth: int, path: str) -> int:
        total = 0
        for row in children.get(parent["id"] if parent else None, []):
            label_path = f"{path} > {row['label']}" if path else row["label"]
            entry = {"id": row["id"], "key": row["key"], "label": row["label"], "path": label_path, "depth": depth,
                     "parent_key": parent["key"] if parent else None, "codable": bool(row["codable"]),
                     "active": bool(row["active"]), "origin": row["origin"], "codings": counts.get(row["id"], 0)}
            out.append(entry)
            entry["codings_total"] = entry["codings"] + visit(row, depth + 1, label_path)
            total += entry["codings_total"]
        return total

    visit(None, 0, "")
    frame = pd.DataFrame(out, columns=["id", "key", "label", "path", "depth", "parent_key", "codable", "active",
                                       "origin", "codings", "codings_total"])
    return frame if include_inactive else frame[frame["active"]].reset_index(drop=True)


# --- editing the tree --------------------------------------------------------------------------

LOCAL_EDIT = "bewerkt"


def local_version(version: str) -> str:
    """The version after one more edit in a project: "2.0" -> "2.0-bewerkt.1" -> "2.0-bewerkt.2".
    It sorts after the file it started from and before that file's next release."""
    base, marker, count = str(version).rpartition(f"-{LOCAL_EDIT}.")
    if marker and count.isdigit():
        return f"{base}-{LOCAL_EDIT}.{int(count) + 1}"
    return f"{version}-{LOCAL_EDIT}.1"


def _bump(tx: Tx, codebook_id: str) -> None:
    """Mark the codebook as edited in this project, so an export is never mistaken for the shipped file."""
    tx.update("codebooks", codebook_id, version=local_version(_codebook_row(tx.db, codebook_id)["version"]))


def _code(tx_or_db: Any, ref: str | int, codebook_id: str | None = None) -> dict[str, Any]:
    db = getattr(tx_or_db, "db", tx_or_db)
    code_id = resolve_code(db, ref, codebook_id)
    return next(iter(db.query("SELECT * FROM codes WHERE id = ?", [code_id])))


def _descendants(db: Any, code_id: int) -> list[int]:
    return [r[0] for r in db.execute("""
        WITH RECURSIVE sub(id) AS (SELECT id FROM codes WHERE parent_id = ?
                                   UNION ALL SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id)
        SELECT id FROM sub""", [code_id]).fetchall()]


def _siblings(db: Any, codebook_id: str, parent_id: int | None, without: int | None = None) -> list[dict[str, Any]]:
    rows = db.query("SELECT * FROM codes WHERE codebook_id = ? AND parent_id IS ? ORDER BY position, id",
                    [codebook_id, parent_id])
    return [r for r in rows if r["id"] != without]


def _check_label(db: Any, codebook_id: str, parent_id: int | None, label: str, without: int | None = None) -> None:
    problem = field_problem("label", label)
    if problem:
        raise ProjectError(problem)
    if any(r["label"] == label for r in _siblings(db, codebook_id, parent_id, without)):
        raise ProjectError("codebooks.operations.there_already_code_at", label=label)


def _place(tx: Tx, code: dict[str, Any], parent_id: int | None, position: int | None) -> None:
    """Put `code` under `parent_id` at `position` (end when None) and renumber both sibling lists."""
    old_parent = code["parent_id"]
    siblings = _siblings(tx.db, code["codebook_id"], parent_id, without=code["id"])
    index = len(siblings) if position is None else max(0, min(position, len(siblings)))
    order = [*siblings[:index], code, *siblings[index:]]
    for number, row in enumerate(order):
        if row["id"] == code["id"]:
            if row["parent_id"] != parent_id or row["position"] != number:
                tx.update("codes", row["id"], parent_id=parent_id, position=number)
        elif row["position"] != number:
            tx.update("codes", row["id"], position=number)
    if old_parent != parent_id:
        for number, row in enumerate(_siblings(tx.db, code["codebook_id"], old_parent, without=code["id"])):
            if row["position"] != number:
                tx.update("codes", row["id"], position=number)


def new_key(db: Any, codebook_id: str, label: str, parent_key: str | None = None) -> str:
    """A free stable key for a new code: the parent's key, a dot, and the label in lower case."""
    base = f"{parent_key}.{slug(label)}" if parent_key else slug(label)
    taken = {r[0] for r in db.execute("SELECT key FROM codes WHERE codebook_id = ?", [codebook_id]).fetchall()}
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


def _field_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Checked column values for editable code fields (lists and rules stored as JSON)."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        name = codebooks.SYNONYMS.get(name, name)
        if name not in EDITABLE_FIELDS:
            raise ProjectError("codebooks.operations.cannot_set_code_fields", name=name,
                               editable_fields=', '.join(EDITABLE_FIELDS))
        if name in codebooks.TEXT_FIELDS or name == "color":
            value = value.strip() or None if isinstance(value, str) else value
            if value is None:
                values[name] = None
                continue
        problem = field_problem(name, value)
        if problem:
            raise ProjectError(problem)
        if name in ("examples", "aliases", "rules"):
            value = _json(value)
        values[name] = int(value) if name == "codable" else normalize_color(value) if name == "color" else value
    return values


def _insert_code(tx: Tx, codebook_id: str, label: str, parent: dict[str, Any] | None, key: str | None,
                 position: int | None, origin: str, fields: dict[str, Any]) -> int:
    parent_id = parent["id"] if parent else None
    _check_label(tx.db, codebook_id, parent_id, label)
    if key is None:
        key = new_key(tx.db, codebook_id, label, parent["key"] if parent else None)
    else:
        problem = field_problem("id", key)
        if problem:
            raise ProjectError(problem)
        if tx.db.execute("SELECT 1 FROM codes WHERE codebook_id = ? AND key = ?", [codebook_id, key]).fetchone():
            raise ProjectError("codebooks.operations.codebook_already_code_key", codebook_id=codebook_id,
                               key=key)
    values = _field_values({"origin": origin, **fields})
    code_id = tx.insert("codes", {"codebook_id": codebook_id, "key": key, "label": label, "parent_id": parent_id,
                                  "position": 0, "guid": code_guid(codebook_id, key), **values})
    _place(tx, tx.get("codes", code_id), parent_id, position)
    return code_id


def add_code(project: Project, actor: str, codebook_id: str, label: str, parent: str | int | None = None,
             key: str | None = None, position: int | None = None, origin: str = "deductief",
             **fields: Any) -> int:
    """Add a code (origin="inductief" for one that emerges while coding); returns its id.
    `fields` are any of definition, inclusion, exclusion, examples, aliases, color, rules, author, codable."""
    _codebook_row(project.db, codebook_id)
    with project.write(actor, "add code", {"codebook": codebook_id, "label": label, "origin": origin}) as tx:
        parent_row = _code(tx, parent, codebook_id) if parent is not None else None
        _bump(tx, codebook_id)
        return _insert_code(tx, codebook_id, label, parent_row, key, position, origin, fields)


def rename_code(project: Project, actor: str, code: str | int, label: str) -> None:
    """Give a code a new label (its key, and so its codings and later imports, stay the same)."""
    with project.write(actor, "rename code", {"code": str(code), "label": label}) as tx:
        row = _code(tx, code)
        _check_label(tx.db, row["codebook_id"], row["parent_id"], label, without=row["id"])
        tx.update("codes", row["id"], label=label)
        _bump(tx, row["codebook_id"])


def move_code(project: Project, actor: str, code: str | int, parent: str | int | None,
              position: int | None = None) -> None:
    """Re-parent a code (parent None = top level) at `position` among its new siblings (end when None).
    Its codings and descendants come along; a move under its own descendant is refused."""
    with project.write(actor, "move code", {"code": str(code), "parent": parent, "position": position}) as tx:
        row = _code(tx, code)
        parent_row = _code(tx, parent, row["codebook_id"]) if parent is not None else None
        if parent_row is not None and (parent_row["id"] == row["id"]
                                       or parent_row["id"] in _descendants(tx.db, row["id"])):
            raise ProjectError("codebooks.operations.cannot_move_under_itself", label=row['label'])
        parent_id = parent_row["id"] if parent_row else None
        if parent_id != row["parent_id"]:
            _check_label(tx.db, row["codebook_id"], parent_id, row["label"], without=row["id"])
        _place(tx, row, parent_id, position)
        _bump(tx, row["codebook_id"])


def merge_codes(project: Project, actor: str, source: str | int, target: str | int,
                remove: bool = False) -> dict[str, int]:
    """Fold `source` into `target`: its codings, subcodes and memos move to target, its label becomes an
    alias of target, and source is deactivated (or removed with remove=True)."""
    before_risky(project, "merge")
    with project.write(actor, "merge codes", {"source": str(source), "target": str(target)}) as tx:
        src = _code(tx, source)
        tgt = _code(tx, target)
        if src["codebook_id"] != tgt["codebook_id"]:
            raise ProjectError("codebooks.operations.cannot_merge_codes_different")
        if src["id"] == tgt["id"]:
            raise ProjectError("codebooks.operations.cannot_merge_code_into")
        if tgt["id"] in _descendants(tx.db, src["id"]):
            raise ProjectError("codebooks.operations.cannot_merge_into_own", label=src['label'],
                               label2=tgt['label'])
        if not tgt["codable"] or not tgt["active"]:
            raise ProjectError("codebooks.operations.cannot_merge_into_inactive", label=tgt['label'])
        stamp = now()
        codings = [r[0] for r in tx.db.execute("SELECT id FROM codings WHERE code_id = ? ORDER BY id", [src["id"]])]
        for coding_id in codings:
            tx.update("codings", coding_id, code_id=tgt["id"], updated_at=stamp)
        children = _siblings(tx.db, src["codebook_id"], src["id"])
        for child in children:
            _check_label(tx.db, tgt["codebook_id"], tgt["id"], child["label"])
            _place(tx, child, tgt["id"], None)
        memos = [r[0] for r in tx.db.execute("SELECT id FROM memos WHERE target_type = 'code' AND target_id = ?",
                                             [src["id"]])]
        for memo_id in memos:
            tx.update("memos", memo_id, target_id=tgt["id"])
        aliases = _loads(tgt["aliases"], [])
        new_aliases = [a for a in [src["label"], *_loads(src["aliases"], [])] if a not in aliases and a != tgt["label"]]
        if new_aliases:
            tx.update("codes", tgt["id"], aliases=_json(aliases + new_aliases))
        if remove:
            tx.delete("codes", src["id"])
            for number, row in enumerate(_siblings(tx.db, src["codebook_id"], src["parent_id"])):
                if row["position"] != number:
                    tx.update("codes", row["id"], position=number)
        else:
            tx.update("codes", src["id"], active=0)
        _bump(tx, src["codebook_id"])
    return {"codings": len(codings), "subcodes": len(children), "memos": len(memos)}


def split_code(project: Project, actor: str, code: str | int, new_codes: list[dict[str, Any]],
               assignment: dict[int, str], keep_original: bool = False) -> dict[str, int]:
    """Split a code into new sibling codes, choosing per coding which code it goes to.

    `new_codes` are dicts with `label` and optionally `key`, `origin` and editable fields; `assignment`
    maps coding id -> key of a new code (or of the original, to keep it there). Unless keep_original,
    every coding must be assigned and the original is deactivated. Returns {key: id} of the new codes."""
    if not new_codes:
        raise ProjectError("codebooks.operations.give_at_least_one")
    before_risky(project, "split")
    with project.write(actor, "split code", {"code": str(code), "into": [c.get("label") for c in new_codes]}) as tx:
        row = _code(tx, code)
        parent = tx.get("codes", row["parent_id"]) if row["parent_id"] else None
        created: dict[str, int] = {}
        for offset, spec in enumerate(new_codes, start=1):
            spec = dict(spec)
            label = spec.pop("label", None)
            if not label:
                raise ProjectError("codebooks.operations.every_new_code_needs")
            code_id = _insert_code(tx, row["codebook_id"], label, parent, spec.pop("key", None),
                                   row["position"] + offset, spec.pop("origin", row["origin"]), spec)
            created[tx.get("codes", code_id)["key"]] = code_id
        targets = {**created, row["key"]: row["id"]}
        codings = {r[0] for r in tx.db.execute("SELECT id FROM codings WHERE code_id = ?", [row["id"]])}
        foreign = sorted(set(assignment) - codings)
        if foreign:
            raise ProjectError("codebooks.operations.coding_coded", foreign=foreign[0], label=row['label'])
        unknown = sorted({k for k in assignment.values() if k not in targets})
        if unknown:
            raise ProjectError("codebooks.operations.one_new_codes", unknown=unknown[0],
                               created=', '.join(created))
        if not keep_original:
            missing = sorted(codings - set(assignment))
            if missing:
                raise ProjectError("codebooks.operations.coding_assigned_e_g", n_missing=len(missing),
                                   label=row['label'], missing=missing[0])
        stamp = now()
        for coding_id, key in sorted(assignment.items()):
            if targets[key] != row["id"]:
                tx.update("codings", coding_id, code_id=targets[key], updated_at=stamp)
        if not keep_original:
            tx.update("codes", row["id"], active=0)
        _bump(tx, row["codebook_id"])
    return created


def deactivate_code(project: Project, actor: str, code: str | int, subtree: bool = True) -> int:
    """Retire a code (and by default its subcodes) from coding; codings stay. Returns how many changed."""
    with project.write(actor, "deactivate code", {"code": str(code)}) as tx:
        row = _code(tx, code)
        ids = [row["id"], *(_descendants(tx.db, row["id"]) if subtree else [])]
        changed = [i for i in ids if tx.get("codes", i)["active"]]
        if not changed:
            raise ProjectError("codebooks.operations.code_already_inactive", label=row['label'])
        for code_id in changed:
            tx.update("codes", code_id, active=0)
        _bump(tx, row["codebook_id"])
    return len(changed)


def reactivate_code(project: Project, actor: str, code: str | int) -> int:
    """Make a code usable again, with its inactive ancestors so it shows in the tree."""
    with project.write(actor, "reactivate code", {"code": str(code)}) as tx:
        row = _code(tx, code)
        changed = 0
        current: dict[str, Any] | None = row
        while current is not None:
            if not current["active"]:
                tx.update("codes", current["id"], active=1)
                changed += 1
            current = tx.get("codes", current["parent_id"]) if current["parent_id"] else None
        if not changed:
            raise ProjectError("codebooks.operations.code_already_active", label=row['label'])
        _bump(tx, row["codebook_id"])
    return changed


def update_code_fields(project: Project, actor: str, code: str | int, **fields: Any) -> None:
    """Change a code's definition, inclusion, exclusion, examples, aliases, color (or colour), rules,
    author, origin or codable. Lists are Python lists; rules a dict of lemma lists; "" clears a text."""
    if not fields:
        raise ProjectError("codebooks.operations.nothing_change")
    with project.write(actor, "edit code", {"code": str(code), "fields": sorted(fields)}) as tx:
        row = _code(tx, code)
        values = _field_values(fields)
        if values.get("codable") == 0 and tx.db.execute("SELECT 1 FROM codings WHERE code_id = ?",
                                                        [row["id"]]).fetchone():
            raise ProjectError("codebooks.operations.codings_cannot_become_grouping", label=row['label'])
        tx.update("codes", row["id"], **values)
        _bump(tx, row["codebook_id"])

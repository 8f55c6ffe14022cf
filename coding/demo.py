"""Build the demo project: our corpora imported, the shipped codebooks loaded, and the coders'
codings, so a newcomer sees coded data, charts and exports at once.

The project is built in a temporary file next to the target and moved into place at the end,
so an interrupted first run never leaves a half-built demo behind.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from coding.errors import say as text
from coding.codebooks import operations as codebook_ops
from coding.privacy import candidates
from coding.privacy.anonymise import set_replacement
from coding.importers.codings_csv import import_codings, read_rows
from coding.importers import import_file, import_mailbox
from coding.store.project import ProjectError, open_project
from coding.team.assignments import assign_documents
from coding.team.layers import set_primary_coder

ROOT = Path(__file__).resolve().parent.parent
CODEBOOKS = ROOT / "codebooks"
CORPORA = ROOT / "corpora"
DEMO_ACTOR = "demo"
DEMO_CODEBOOK = "randvoorwaarden"  # the corpora's codings use its code ids
PRIMARY_CODER = "evaluator1"       # the demo's data; evaluator2 re-coded three documents as a reliability check
RELIABILITY_CODER = "evaluator2"
# Session attributes that name people: exports replace those names by the role word.
NAMED_ROLES = {"procesbegeleider": "de procesbegeleider", "verslaggever": "de verslaggever"}


def default_path() -> Path:
    """Where `werkbank app` keeps the demo project: the user's data folder."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "werkbank" / "demo.werkbank"


def build_demo(path: str | Path, say: Callable[[str], None] = lambda _: None) -> Path:
    """Write the demo project to `path` (refuses to overwrite an existing file)."""
    path = Path(path)
    if path.exists():
        raise ProjectError("demo.exists_already_choose_another", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    with open_project(partial, create=True) as project:
        for file in sorted(CODEBOOKS.glob("*.yaml")):
            codebook_ops.import_file(project, DEMO_ACTOR, file)
            say(text("demo.codebook", {"name": file.stem}))
        manifest = yaml.safe_load((CORPORA / "reports" / "manifest.yaml").read_text(encoding="utf-8"))
        for entry in manifest["documents"]:
            attributes = {k: v for k, v in entry.get("attributes", {}).items() if v is not None}
            import_file(project, CORPORA / "reports" / entry["file"], DEMO_ACTOR, kind=entry["kind"],
                        attributes=attributes)
            for attribute, role in NAMED_ROLES.items():
                if attributes.get(attribute):
                    set_replacement(project, DEMO_ACTOR, attributes[attribute], role)
            say(text("demo.document", {"name": entry["file"]}))
        mailbox = CORPORA / "mailbox"
        import_mailbox(project, mailbox / "mailbox_pwb.csv", DEMO_ACTOR, mapping=mailbox / "mapping_pwb.yaml")
        say(text("demo.mailbox", {"name": "mailbox_pwb.csv"}))
        review = yaml.safe_load((CORPORA / "names_review.yaml").read_text(encoding="utf-8"))
        found = {row["name"].casefold() for row in candidates.listing(project.db)}
        for name, replacement in review["accept"].items():
            if name.casefold() in found:
                candidates.accept(project, DEMO_ACTOR, name, replacement)
        for name in review["reject"]:
            if name.casefold() in found:
                candidates.reject(project, DEMO_ACTOR, name)
        say(text("demo.names_reviewed"))
        for file in sorted((CORPORA / "codings").glob("evaluator*.csv")):
            if file.stem.endswith("_disagreements"):
                continue
            count = import_codings(project, read_rows(file), DEMO_ACTOR, codebook_id=DEMO_CODEBOOK)
            say(text("demo.codings", {"count": count, "name": file.name}))
        checked = [r[0] for r in project.db.execute("""SELECT DISTINCT d.name FROM codings c JOIN documents d
                                                        ON d.id = c.document_id WHERE c.coder = ? ORDER BY d.name""",
                                                     [RELIABILITY_CODER])]
        assign_documents(project, DEMO_ACTOR, RELIABILITY_CODER, checked, blind=False)
        set_primary_coder(project, DEMO_ACTOR, PRIMARY_CODER)
        say(text("demo.assigned", {"coder": RELIABILITY_CODER, "count": len(checked), "primary": PRIMARY_CODER}))
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(partial, path)
    for leftover in (Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(partial.with_name(partial.name + ".backups"), ignore_errors=True)  # backups of a build
    return path

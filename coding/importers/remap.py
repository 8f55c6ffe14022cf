"""A report's speakers mapped anew after import: `werkbank speakers`, and the app's speaker mapping.

A new mapping (say "Ouder 1" is a parent, "Bijvoorbeeld" no speaker) changes which paragraphs are
turns and what the speakers are. The turns are derived again from the document's own text (which
never changes) and the layout kept at import (headings, table rows, bold starts), with the same
rules as the import: no new import, so codings keep their offsets; only the speaker a coding is
attributed to follows the turn it now lies in. Units whose span and kind stay keep their id (and
what hangs on them); cases keep their id and hand-set attributes. One logged, undoable write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coding.codings.attributes import document_attributes, typed
from coding.codings.operations import case_at
from coding.importers import accounting
from coding.importers.parsed import Parsed, Segment, Source
from coding.importers.reports import build, paragraphs_again
from coding.importers.speakers import (SpeakerMapping, document_mapping, document_participants, load_mapping,
                                       managed, meta_key, participant_row, participants_key, speaker_attributes)
from coding.store.project import Project, ProjectError, Tx
from coding.text import nlp


@dataclass
class Remapped:
    """What a new mapping changed: speakers (new, gone, or with other attributes) and turns."""

    cases: int = 0
    turns_before: int = 0
    turns_after: int = 0
    codings_moved: int = 0   # codings now attributed to another speaker (their span is unchanged)
    account: dict[str, Any] | None = None


def _rebuilt(db: Any, document_id: int, name: str, mapping: SpeakerMapping) -> tuple[Parsed, dict[str, Any]]:
    text = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    account = accounting.stored(db, document_id)
    if account is None or "layout" not in account:
        raise ProjectError("importers.remap.no_kept_layout", name=name)
    try:
        parsed = build(name, paragraphs_again(text, account["layout"]), mapping,
                       document_attributes(db, document_id))
    except ProjectError:
        raise
    except ValueError as error:
        raise ProjectError("importers.remap.turns_cannot_derived_again_2", name=name, error=error) from error
    if parsed.text != text:
        raise ProjectError("importers.remap.turns_cannot_derived_again", name=name)
    source = Source([], words=account["words_in"] + account.get("joined", 0), deleted=account["deleted"],
                    joined=account.get("joined", 0),
                    left_out={k: v for k, v in account["left_out"].items() if k != "tijdstempel"})
    return parsed, accounting.account(source, parsed)


def set_speaker_mapping(project: Project, actor: str, document_id: int, mapping: Any) -> Remapped:
    """Give a report a new speaker mapping: turns, speakers and their attributes derived again (see module doc).

    Attributes the mappings do not name (set by hand) stay.
    """
    new = load_mapping(mapping)
    db = project.db.conn
    row = db.execute("SELECT name FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None:
        raise ProjectError("importers.remap.document_does_exist", document_id=document_id)
    old = document_mapping(db, document_id)
    rebuilt = _rebuilt(db, document_id, row[0], new) if accounting.stored(db, document_id) else None
    table = rebuilt[0].participants if rebuilt is not None else document_participants(db, document_id)
    names = managed(old) | managed(new) | {name for values in table.values() for name in values} \
        | {name for values in document_participants(db, document_id).values() for name in values}
    from_document = document_attributes(db, document_id)
    out = Remapped()
    with project.write(actor, "set speakers", {"document": document_id}) as tx:
        _set_meta(tx, meta_key(document_id), json.dumps(new.to_data(), ensure_ascii=False))
        if rebuilt is not None:
            parsed, account = rebuilt
            _turns_again(tx, document_id, parsed, out)
            _set_meta(tx, accounting.meta_key(document_id), accounting.to_meta(account))
            out.account = account
            if parsed.participants or tx.get("meta", participants_key(document_id)) is not None:
                _set_meta(tx, participants_key(document_id), json.dumps(parsed.participants, ensure_ascii=False))
        cases = tx.db.conn.execute("SELECT id, label, is_data FROM cases WHERE document_id = ?", [document_id])
        for case_id, label, was_data in cases.fetchall():
            label_attributes, is_data = new.describe(label)
            wanted = speaker_attributes(label_attributes or {}, from_document, is_data,
                                        participant_row(table, new, label))
            current = dict(tx.db.conn.execute("SELECT name, value FROM case_attributes WHERE case_id = ?",
                                              [case_id]).fetchall())
            changed = False
            for name in sorted(names):
                value, kind = typed(wanted.get(name))
                if value is None and name in current:
                    tx.delete("case_attributes", [case_id, name])
                elif value is not None and name not in current:
                    tx.insert("case_attributes", {"case_id": case_id, "name": name, "value": value, "type": kind})
                elif value is not None and current[name] != value:
                    tx.update("case_attributes", [case_id, name], value=value, type=kind)
                else:
                    continue
                changed = True
            if bool(was_data) != is_data:
                tx.update("cases", case_id, is_data=int(is_data))
                units = tx.db.conn.execute("SELECT id FROM units WHERE case_id = ?", [case_id]).fetchall()
                for (unit_id,) in units:
                    tx.update("units", unit_id, is_data=int(is_data))
                changed = True
            out.cases += changed
    return out


FACILITATOR_ROLES = ("procesbegeleider", "facilitator", "begeleider", "moderator", "interviewer")


def rules_from_pairs(pairs: list[tuple[str, str]], key: str = "label") -> list[dict[str, Any]]:
    """(label or role word, rol) pairs as speaker rules: rol "-" says a label is no speaker; a facilitator
    role makes turns that are no data."""
    rules: list[dict[str, Any]] = []
    for name, role in pairs:
        if role == "-":
            if key != "label":
                raise ProjectError("importers.remap.only_label_can_marked", name=name)
            rules.append({"label": name, "is_speaker": False})
        elif role.casefold() in FACILITATOR_ROLES:
            rules.append({key: name, "rol": "procesbegeleider", "is_data": False})
        else:
            rules.append({key: name, "rol": role})
    return rules


def add_rules(project: Project, actor: str, document_id: int, rules: list[dict[str, Any]]) -> Remapped:
    """The document's mapping with `rules` first (replacing its own rules for the same labels or words)."""
    old = document_mapping(project.db.conn, document_id)
    named = {rule.get("label", rule.get("role")) for rule in rules}
    kept = [rule for rule in old.user_rules if rule.get("label", rule.get("role")) not in named]
    return set_speaker_mapping(project, actor, document_id, {"speakers": rules + kept,
                                                            "use_defaults": old.use_defaults})


def _set_meta(tx: Tx, key: str, value: str) -> None:
    if tx.get("meta", key) is None:
        tx.insert("meta", {"key": key, "value": value})
    else:
        tx.update("meta", key, value=value)


def _turns_again(tx: Tx, document_id: int, parsed: Parsed, out: Remapped) -> None:
    """Cases, units and codings' speakers as `parsed` says; unchanged units and cases keep their ids."""
    db = tx.db.conn
    cases = {label.casefold(): case_id for case_id, label in
             db.execute("SELECT id, label FROM cases WHERE document_id = ?", [document_id])}
    document_name = db.execute("SELECT name FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    case_ids: dict[str, int] = {}
    for key, case in parsed.cases.items():
        found = cases.get(case.label.casefold())
        if found is None:
            found = tx.insert("cases", {"name": f"{document_name} / {case.label}", "label": case.label,
                                        "document_id": document_id, "is_data": int(case.is_data)})
            out.cases += 1
        case_ids[key] = found
    spoken = [s for s in parsed.segments if s.kind != "heading"]
    text = parsed.text
    sentences = dict(zip(map(id, spoken), nlp.sentences([text[s.start:s.end] for s in spoken])))
    existing = {(kind, start, end): (unit_id, parent) for unit_id, kind, start, end, parent in db.execute(
        "SELECT id, kind, start, end, parent_id FROM units WHERE document_id = ?", [document_id])}
    out.turns_before = sum(1 for kind, _, _ in existing if kind == "turn")
    out.turns_after = sum(1 for s in parsed.segments if s.kind == "turn")
    kept: set[int] = set()
    for segment in parsed.segments:
        case_id = case_ids[segment.case] if segment.case is not None else None
        parent = _unit(tx, existing, kept, document_id, segment, segment.start, segment.end, None, case_id, None)
        for sentence in sentences.get(id(segment), ()):
            _unit(tx, existing, kept, document_id, segment, segment.start + sentence.start,
                  segment.start + sentence.end, parent, case_id, sentence.lemmas)
    gone = sorted((unit_id for unit_id, _ in existing.values() if unit_id not in kept), reverse=True)
    for unit_id in gone:  # sentences (higher ids) before their parents; what hangs on them first
        for table in ("assignments", "consensus_decisions"):
            for (row_id,) in db.execute(f"SELECT id FROM {table} WHERE unit_id = ?", [unit_id]).fetchall():
                tx.delete(table, row_id)
        for (child,) in db.execute("SELECT id FROM units WHERE parent_id = ?", [unit_id]).fetchall():
            tx.delete("units", child)
        tx.delete("units", unit_id)
    for coding_id, start, was in db.execute("SELECT id, start, case_id FROM codings WHERE document_id = ?",
                                            [document_id]).fetchall():
        now = case_at(db, document_id, start)
        if now != was:
            tx.update("codings", coding_id, case_id=now)
            out.codings_moved += 1
    used = set(case_ids.values())
    for (case_id,) in db.execute("SELECT id FROM cases WHERE document_id = ?", [document_id]).fetchall():
        if case_id not in used:
            for (name,) in db.execute("SELECT name FROM case_attributes WHERE case_id = ?", [case_id]).fetchall():
                tx.delete("case_attributes", [case_id, name])
            tx.delete("cases", case_id)
            out.cases += 1


def _unit(tx: Tx, existing: dict, kept: set[int], document_id: int, segment: Segment, start: int, end: int,
          parent: int | None, case_id: int | None, lemmas: str | None) -> int:
    kind = "sentence" if lemmas is not None else segment.kind
    found = existing.get((kind, start, end))
    if found is not None and found[0] not in kept:
        unit_id = found[0]
        row = tx.get("units", unit_id)
        wanted = {"parent_id": parent, "case_id": case_id, "is_data": int(segment.is_data)}
        if any(row[k] != v for k, v in wanted.items()):
            tx.update("units", unit_id, **wanted)
        kept.add(unit_id)
        return unit_id
    unit_id = tx.insert("units", {"document_id": document_id, "kind": kind, "start": start, "end": end,
                                  "parent_id": parent, "case_id": case_id, "question": segment.question,
                                  "is_data": int(segment.is_data), "lemmas": lemmas})
    kept.add(unit_id)
    return unit_id

"""Live sessions: a facilitator's group session captured point by point, already coded.

A session is a document of kind 'live sessie' whose text only grows: every captured point is
appended as "Label: point" (the same shape as an imported report), becomes a `turn` unit of the
participant's case with sentence children, and gets its coding, all in ONE logged write that
re-reads the text inside BEGIN IMMEDIATE, so two note-takers appending at once both land and a
refresh or crash loses nothing. Closing a session only freezes capture: the document already is an
ordinary coded document of the project.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

import pandas as pd

from coding.text import nlp
from coding.codings.operations import insert_coding
from coding.privacy import candidates
from coding.store.model import (NET, RESPONDENT_GROUP, ROLE, SECTOR, SECTORS, SESSION, SUPPORT_MODEL, VALENCES,
                    parse_valence)
from coding.store.project import Project, ProjectError, Tx, now

PARTICIPANT_ATTRIBUTES = (ROLE, SECTOR, NET, SUPPORT_MODEL)
MAX_POINT = 2000
PREPARED_COLUMNS = {  # accepted column names of a prepared-points file, lower case
    "participant": ("deelnemer", "participant", "label", "wie"),
    "text": ("punt", "point", "tekst", "text", "voorbereid punt"),
    "code": ("code", "thema", "tak"),
}


def _one_line(text: str) -> str:
    """A point is one line: whitespace runs collapse, so the blank-line separators stay unambiguous."""
    return re.sub(r"\s+", " ", text or "").strip()


def _nulls(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Missing values as None (pandas reads SQL NULL in text columns as NaN, which is truthy)."""
    for column in columns:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _session(db: Any, session_id: int) -> dict[str, Any]:
    cursor = db.execute(
        """SELECT s.*, d.name, d.kind FROM live_sessions s JOIN documents d ON d.id = s.document_id
           WHERE s.id = ?""", [session_id])
    row = cursor.fetchone()
    if row is None:
        raise ProjectError("live.session.live_session_does_exist", session_id=session_id)
    return dict(zip([c[0] for c in cursor.description], row))


def session(db: Any, session_id: int) -> dict[str, Any]:
    """One session: its fields plus the document's name."""
    return _session(db, session_id)


def _open(db: Any, session_id: int) -> dict[str, Any]:
    found = _session(db, session_id)
    if found["status"] != "open":
        raise ProjectError("live.session.live_session_closed", name=found['name'])
    return found


def sessions(db: Any) -> pd.DataFrame:
    """Every live session, newest first, with its number of participants and points."""
    return pd.read_sql_query(
        """SELECT s.id, d.name, s.date, s.place, s.respondent_group, s.facilitator, s.status,
                  (SELECT count(*) FROM cases c WHERE c.document_id = s.document_id) AS participants,
                  (SELECT count(*) FROM units u WHERE u.document_id = s.document_id AND u.kind = 'turn') AS points
           FROM live_sessions s JOIN documents d ON d.id = s.document_id ORDER BY s.id DESC""", db)


def _code_rows(db: Any, codebook_id: str) -> list[dict[str, Any]]:
    cursor = db.execute(
        """SELECT id, key, label, parent_id, codable, active FROM codes WHERE codebook_id = ?
           ORDER BY position, id""", [codebook_id])
    return [dict(zip([c[0] for c in cursor.description], r)) for r in cursor]


def create_session(project: Project, actor: str, name: str, codebook_id: str, *, date: str | None = None,
                   place: str | None = None, respondent_group: str | None = None,
                   facilitator: str | None = None, branches: list[int] | None = None,
                   questions: dict[int, str] | None = None) -> int:
    """Make a session and its empty document. `branches` are the mindmap's codes (default: the
    codebook's top-level codes); `questions` maps a branch to its guiding question."""
    name = _one_line(name)
    if not name:
        raise ProjectError("live.session.live_session_needs_name")
    db = project.db.conn
    if db.execute("SELECT 1 FROM codebooks WHERE id = ?", [codebook_id]).fetchone() is None:
        raise ProjectError("live.session.codebook_project", codebook_id=codebook_id)
    codes = {r["id"]: r for r in _code_rows(db, codebook_id)}
    if branches is None:
        branches = [i for i, r in codes.items() if r["parent_id"] is None and r["active"]]
    branches = list(dict.fromkeys(branches))
    if not branches:
        raise ProjectError("live.session.live_session_needs_at")
    foreign = [b for b in branches if b not in codes]
    if foreign:
        raise ProjectError("live.session.codes_codebook", foreign=foreign, codebook_id=codebook_id)
    if db.execute("SELECT 1 FROM documents WHERE name = ?", [name]).fetchone():
        raise ProjectError("live.session.document_named_already_exists", name=name)
    questions = questions or {}
    with project.write(actor, "live session", {"name": name, "codebook": codebook_id}) as tx:
        document = tx.insert("documents", {"name": name, "kind": "live sessie", "text": "",
                                           "sha256": hashlib.sha256(b"").hexdigest(), "imported_at": now(),
                                           "imported_by": actor})
        attributes = {SESSION: name, "datum": date, "plaats": place, RESPONDENT_GROUP: respondent_group,
                      "procesbegeleider": facilitator}
        for key, value in attributes.items():
            if value:
                tx.insert("document_attributes", {"document_id": document, "name": key, "value": value,
                                                  "type": "date" if key == "datum" else "text"})
        session_id = tx.insert("live_sessions", {
            "document_id": document, "date": date, "place": place, "respondent_group": respondent_group,
            "facilitator": facilitator, "codebook_id": codebook_id, "created_at": now()})
        for position, code_id in enumerate(branches):
            tx.insert("live_branches", {"session_id": session_id, "code_id": code_id, "position": position,
                                        "question": (questions.get(code_id) or "").strip() or None})
    return session_id


def set_question(project: Project, actor: str, session_id: int, code_id: int, question: str) -> None:
    """Change the guiding question of one branch."""
    row = project.db.conn.execute("SELECT id FROM live_branches WHERE session_id = ? AND code_id = ?",
                                  [session_id, code_id]).fetchone()
    if row is None:
        raise ProjectError("live.session.code_branch_live_session", code_id=code_id, session_id=session_id)
    with project.write(actor, "live question", {"session": session_id, "code": code_id}) as tx:
        tx.update("live_branches", row[0], question=question.strip() or None)


def add_participants(project: Project, actor: str, session_id: int, rows: list[dict[str, Any]]) -> list[int]:
    """Add participants as pseudonymous labels with attributes (rol, sector, onderwijsnet,
    ondersteuningsmodel); all or nothing."""
    found = _open(project.db.conn, session_id)
    existing = {r[0] for r in project.db.conn.execute("SELECT label FROM cases WHERE document_id = ?",
                                                      [found["document_id"]])}
    cleaned = []
    for row in rows:
        label = _one_line(str(row.get("label") or ""))
        if not label:
            raise ProjectError("live.session.every_participant_needs_label")
        if ":" in label:
            raise ProjectError("live.session.participant_label_may_contain", label=label)
        if label in existing:
            raise ProjectError("live.session.participant_already_session", label=label)
        existing.add(label)
        sector = (row.get(SECTOR) or "").strip() or None
        if sector is not None and sector not in SECTORS:
            raise ProjectError("live.session.sector_must", label=label, sectors=' or '.join(SECTORS),
                               sector=sector)
        cleaned.append((label, {k: (str(row.get(k) or "").strip() or None) for k in PARTICIPANT_ATTRIBUTES}))
    ids = []
    with project.write(actor, "live participants", {"session": session_id, "count": len(cleaned)}) as tx:
        for label, attributes in cleaned:
            case = tx.insert("cases", {"name": f"{found['name']} / {label}", "label": label,
                                       "document_id": found["document_id"]})
            for key, value in attributes.items():
                if value:
                    tx.insert("case_attributes", {"case_id": case, "name": key, "value": value})
            ids.append(case)
    return ids


def participants(db: Any, session_id: int) -> pd.DataFrame:
    """The session's participants in the order they were added, with their attributes."""
    found = _session(db, session_id)
    frame = pd.read_sql_query("SELECT id, label FROM cases WHERE document_id = ? ORDER BY id", db,
                              params=[found["document_id"]])
    attributes = pd.read_sql_query(
        """SELECT a.case_id, a.name, a.value FROM case_attributes a JOIN cases c ON c.id = a.case_id
           WHERE c.document_id = ?""", db, params=[found["document_id"]])
    for key in PARTICIPANT_ATTRIBUTES:
        values = dict(attributes[attributes["name"] == key][["case_id", "value"]].itertuples(index=False))
        frame[key] = pd.Series([values.get(i) for i in frame["id"]], index=frame.index, dtype=object)
    return frame


def session_codes(db: Any, session_id: int) -> list[dict[str, Any]]:
    """The codes a point can get: every active code under a branch (the branch itself included), in
    mindmap order, each with its branch and whether it can be applied."""
    found = _session(db, session_id)
    rows = [r for r in _code_rows(db, found["codebook_id"]) if r["active"]]
    children: dict[int | None, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    by_id = {r["id"]: r for r in rows}
    out: list[dict[str, Any]] = []

    def visit(row: dict[str, Any], branch: int, depth: int) -> None:
        out.append({"id": row["id"], "label": row["label"], "branch": branch, "depth": depth,
                    "codable": bool(row["codable"])})
        for child in children.get(row["id"], []):
            visit(child, branch, depth + 1)

    for code_id in branch_ids(db, session_id):
        if code_id in by_id:
            visit(by_id[code_id], code_id, 0)
    return out


def branch_ids(db: Any, session_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT code_id FROM live_branches WHERE session_id = ? ORDER BY position",
                                     [session_id])]


def branches(db: Any, session_id: int) -> pd.DataFrame:
    """The mindmap: branch code, label, guiding question and the labels of its sub-codes."""
    frame = pd.read_sql_query(
        """SELECT b.code_id, c.label, b.question FROM live_branches b JOIN codes c ON c.id = b.code_id
           WHERE b.session_id = ? ORDER BY b.position""", db, params=[session_id])
    _nulls(frame, "question")
    codes = session_codes(db, session_id)
    frame["subcodes"] = [[c["label"] for c in codes if c["branch"] == b and c["id"] != b] for b in frame["code_id"]]
    return frame


def read_prepared_points(path: str | Path) -> list[dict[str, str]]:
    """Rows of a CSV/XLSX file of prepared points: participant label, point, optional code."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python",
                                encoding="utf-8-sig")
        elif suffix == ".xlsx":
            frame = pd.read_excel(path, dtype=str).fillna("")
        else:
            raise ProjectError("live.session.prepared_points_read_from", suffix=suffix or 'no extension')
    except ProjectError:
        raise
    except (ValueError, OSError, UnicodeDecodeError) as error:
        raise ProjectError("live.session.cannot_read_prepared_points", name=path.name, error=error) from error
    columns = {str(c).strip().lower(): c for c in frame.columns}
    chosen = {}
    for field, names in PREPARED_COLUMNS.items():
        chosen[field] = next((columns[n] for n in names if n in columns), None)
    if chosen["participant"] is None or chosen["text"] is None:
        raise ProjectError("live.session.needs_column_deelnemer_column", name=path.name,
                           value=', '.join(map(str, frame.columns)))
    return [{field: str(row[col]).strip() for field, col in chosen.items() if col is not None}
            for _, row in frame.iterrows() if str(row[chosen["text"]]).strip()]


def add_prepared_points(project: Project, actor: str, session_id: int, rows: list[dict[str, str]]) -> int:
    """Attach prepared points to participants (by label); a code is optional. All or nothing."""
    db = project.db.conn
    found = _session(db, session_id)
    labels = dict(db.execute("SELECT label, id FROM cases WHERE document_id = ?", [found["document_id"]]).fetchall())
    codes = {c["id"]: c for c in session_codes(db, session_id)}
    by_label = {c["label"].lower(): i for i, c in codes.items()}
    records = []
    for number, row in enumerate(rows, start=1):
        label, text = (row.get("participant") or "").strip(), _one_line(row.get("text") or "")
        if label not in labels:
            raise ProjectError("live.session.prepared_point_participant_session", number=number, label=label)
        if not text:
            raise ProjectError("live.session.prepared_point_empty", number=number)
        code = (row.get("code") or "").strip()
        code_id = None
        if code:
            code_id = by_label.get(code.lower())
            if code_id is None:
                raise ProjectError("live.session.prepared_point_code_session", number=number, code=code)
        records.append({"session_id": session_id, "case_id": labels[label], "text": text, "code_id": code_id})
    with project.write(actor, "live prepared points", {"session": session_id, "count": len(records)}) as tx:
        for record in records:
            tx.insert("live_prepared_points", record)
    return len(records)


def prepared_points(db: Any, session_id: int) -> pd.DataFrame:
    """Prepared points with their participant, code and whether they came up."""
    return _nulls(pd.read_sql_query(
        """SELECT p.id, p.case_id, c.label AS participant, p.text, p.code_id, k.label AS code, p.done,
                  p.done_by, p.done_at
           FROM live_prepared_points p JOIN cases c ON c.id = p.case_id LEFT JOIN codes k ON k.id = p.code_id
           WHERE p.session_id = ? ORDER BY p.case_id, p.id""", db, params=[session_id]),
        "code_id", "code", "done_by", "done_at")


def tick_prepared(project: Project, actor: str, point_id: int, done: bool = True) -> None:
    """Mark a prepared point as come up (or not yet)."""
    with project.write(actor, "live tick", {"prepared": point_id, "done": done}) as tx:
        row = tx.get("live_prepared_points", point_id)
        if row is None:
            raise ProjectError("live.session.prepared_point_does_exist", point_id=point_id)
        tx.update("live_prepared_points", point_id, done=int(done), done_by=actor if done else None,
                  done_at=now() if done else None)


def _check_point(db: Any, session_id: int, document_id: int, case_id: int, code_id: int) -> str:
    row = db.execute("SELECT label FROM cases WHERE id = ? AND document_id = ?", [case_id, document_id]).fetchone()
    if row is None:
        raise ProjectError("live.session.case_participant_session", case_id=case_id)
    code = next((c for c in session_codes(db, session_id) if c["id"] == code_id), None)
    if code is None:
        raise ProjectError("live.session.code_session_mindmap", code_id=code_id)
    if not code["codable"]:
        raise ProjectError("live.session.code_groups_other_codes", label=code['label'])
    return row[0]


def _append_turn(tx: Tx, document_id: int, case_id: int, label: str, text: str) -> int:
    """Append "Label: text" to the document (re-read inside this transaction) and add its turn and
    sentence units. The text append is not an undoable row change: the text is append-only.
    Possible names in the point go on the review list at once, as an import's do: a point is a
    coded fragment, and the quote bank must not let a name said in the session leave unreviewed."""
    current = tx.db.conn.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    prefix = ("\n\n" if current else "") + f"{label}: "
    start = len(current) + len(prefix)
    new_text = current + prefix + text
    tx.db.conn.execute("UPDATE documents SET text = ?, sha256 = ? WHERE id = ?",
                       [new_text, hashlib.sha256(new_text.encode("utf-8")).hexdigest(), document_id])
    turn = tx.insert("units", {"document_id": document_id, "kind": "turn", "start": start,
                               "end": start + len(text), "case_id": case_id})
    for sentence in nlp.sentences([text])[0]:
        tx.insert("units", {"document_id": document_id, "kind": "sentence", "start": start + sentence.start,
                            "end": start + sentence.end, "parent_id": turn, "case_id": case_id,
                            "lemmas": sentence.lemmas})
    found = candidates.find_in(tx.db.conn, text)
    candidates.record(tx.db.conn, document_id, [dataclasses.replace(c, start=start + c.start, end=start + c.end)
                                                for c in found])
    return turn


def capture(project: Project, coder: str, session_id: int, case_id: int, text: str, code_id: int,
            valence: str) -> dict[str, int]:
    """Store one point at once: appended turn of the participant + sentences + coding, one write."""
    text = _one_line(text)
    if not text:
        raise ProjectError("live.session.point_needs_text")
    if len(text) > MAX_POINT:
        raise ProjectError("live.session.point_at_most_characters", max_point=MAX_POINT, n_text=len(text))
    valence = parse_valence(valence)
    db = project.db.conn
    found = _open(db, session_id)
    label = _check_point(db, session_id, found["document_id"], case_id, code_id)
    with project.write(coder, "live point", {"session": session_id, "case": case_id, "code": code_id,
                                             "valence": valence}) as tx:
        if _session(tx.db.conn, session_id)["status"] != "open":  # closed by someone else meanwhile
            raise ProjectError("live.session.live_session_closed", name=found['name'])
        turn = _append_turn(tx, found["document_id"], case_id, label, text)
        start, end = tx.db.conn.execute("SELECT start, end FROM units WHERE id = ?", [turn]).fetchone()
        coding = insert_coding(tx, coder, found["document_id"], start, end, code_id, valence)
    return {"unit": turn, "coding": coding}


def _point(tx: Tx, unit_id: int, coder: str) -> dict[str, Any]:
    row = tx.db.conn.execute(
        """SELECT u.id, u.document_id, u.start, u.end, u.case_id, s.id AS session_id, s.status, g.id AS coding,
                  g.coder FROM units u JOIN live_sessions s ON s.document_id = u.document_id
           LEFT JOIN codings g ON g.document_id = u.document_id AND g.start = u.start AND g.end = u.end
           WHERE u.id = ? AND u.kind = 'turn' ORDER BY g.id LIMIT 1""", [unit_id]).fetchone()
    if row is None:
        raise ProjectError("live.session.point_does_exist", unit_id=unit_id)
    point = dict(zip(("id", "document_id", "start", "end", "case_id", "session_id", "status", "coding", "coder"), row))
    if point["status"] != "open":
        raise ProjectError("live.session.live_session_closed_2")
    if point["coder"] not in (None, coder):
        raise ProjectError("live.session.point_was_captured_only", unit_id=unit_id, coder=point['coder'])
    return point


def edit_point(project: Project, coder: str, unit_id: int, *, case_id: int | None = None,
               code_id: int | None = None, valence: str | None = None) -> None:
    """Change who said a point, its code or its valence (the text itself stays: it is append-only)."""
    with project.write(coder, "live edit", {"point": unit_id, "case": case_id, "code": code_id,
                                            "valence": valence}) as tx:
        point = _point(tx, unit_id, coder)
        coding = tx.get("codings", point["coding"])
        new_code = code_id if code_id is not None else coding["code_id"]
        new_case = case_id if case_id is not None else point["case_id"]
        _check_point(tx.db.conn, point["session_id"], point["document_id"], new_case, new_code)
        if new_case != point["case_id"]:
            for unit in tx.db.conn.execute("SELECT id FROM units WHERE id = ? OR parent_id = ?",
                                           [unit_id, unit_id]).fetchall():
                tx.update("units", unit[0], case_id=new_case)
        values: dict[str, Any] = {"code_id": new_code, "case_id": new_case, "updated_at": now()}
        if valence is not None:
            values["valence"] = parse_valence(valence)
        tx.update("codings", point["coding"], **values)


def delete_point(project: Project, coder: str, unit_id: int) -> None:
    """Take a point out of the session: its turn, sentences and coding go; the appended text stays
    in the document (text is append-only) but no longer counts anywhere."""
    with project.write(coder, "live delete", {"point": unit_id}) as tx:
        point = _point(tx, unit_id, coder)
        tx.delete("codings", point["coding"])
        for unit in tx.db.conn.execute("SELECT id FROM units WHERE parent_id = ?", [unit_id]).fetchall():
            tx.delete("units", unit[0])
        tx.delete("units", unit_id)


def points(db: Any, session_id: int) -> pd.DataFrame:
    """Every point of the session in capture order: text, participant, code, branch, valence, author."""
    found = _session(db, session_id)
    frame = pd.read_sql_query(
        """SELECT u.id, u.start, u.end, substr(d.text, u.start + 1, u.end - u.start) AS text, u.case_id,
                  c.label AS participant, g.code_id, k.label AS code, g.valence, g.coder, g.created_at AS at
           FROM units u JOIN documents d ON d.id = u.document_id JOIN cases c ON c.id = u.case_id
           JOIN codings g ON g.document_id = u.document_id AND g.start = u.start AND g.end = u.end
           JOIN codes k ON k.id = g.code_id
           WHERE u.document_id = ? AND u.kind = 'turn' ORDER BY u.id""", db, params=[found["document_id"]])
    branch_of = {c["id"]: c["branch"] for c in session_codes(db, session_id)}
    frame["branch"] = [branch_of.get(c) for c in frame["code_id"]]
    return frame


def recent_codes(db: Any, session_id: int, coder: str | None = None, limit: int = 8) -> list[int]:
    """Codes used most recently in this session (by this coder if given), newest first."""
    found = _session(db, session_id)
    where, args = ("AND coder = ?", [coder]) if coder else ("", [])
    rows = db.execute(f"""SELECT code_id, max(id) AS last FROM codings WHERE document_id = ? {where}
                          GROUP BY code_id ORDER BY last DESC LIMIT ?""",
                      [found["document_id"], *args, limit]).fetchall()
    return [r[0] for r in rows]


def wall(db: Any, session_id: int, latest: int = 3) -> dict[str, Any]:
    """What the projector shows: per theme the counts per valence and the latest points, each
    participant's share of voice, who has not spoken, uncovered branches and open prepared points."""
    found = _session(db, session_id)
    frame = points(db, session_id)
    mindmap = branches(db, session_id)
    themes = []
    for branch in mindmap.itertuples(index=False):
        mine = frame[frame["branch"] == branch.code_id]
        themes.append({
            "code_id": branch.code_id, "label": branch.label, "question": branch.question,
            **{valence: int((mine["valence"] == valence).sum()) for valence in VALENCES},
            "latest": {valence: mine[mine["valence"] == valence]["text"].tolist()[::-1][:latest]
                       for valence in ("sterkte", "groeikans")},
        })
    people = participants(db, session_id)
    counts = frame["case_id"].value_counts()
    total = int(len(frame))
    voice = pd.DataFrame({
        "case_id": people["id"], "label": people["label"],
        "points": [int(counts.get(i, 0)) for i in people["id"]],
    })
    voice["share"] = voice["points"] / total if total else 0.0
    prepared = prepared_points(db, session_id)
    return {
        "session": found, "total": total, "themes": themes, "voice": voice,
        "silent": voice[voice["points"] == 0]["label"].tolist(),
        "uncovered": [t["label"] for t in themes if t["sterkte"] + t["groeikans"] + t["neutraal"] == 0],
        "open_prepared": prepared[prepared["done"] == 0][["participant", "text", "code"]],
        "hide_labels": bool(found["hide_labels"]),
    }


def set_hide_labels(project: Project, actor: str, session_id: int, hide: bool) -> None:
    """Hide (or show) participant labels on the wall; stored so the projector's browser follows."""
    _session(project.db.conn, session_id)
    with project.write(actor, "live wall labels", {"session": session_id, "hide": hide}) as tx:
        tx.update("live_sessions", session_id, hide_labels=int(hide))


def close_session(project: Project, actor: str, session_id: int) -> None:
    """End capture: from now on the session is an ordinary coded document of the project."""
    found = _open(project.db.conn, session_id)
    with project.write(actor, "live close", {"session": session_id, "name": found["name"]}) as tx:
        tx.update("live_sessions", session_id, status="gesloten", closed_at=now())


def report_data(db: Any, session_id: int) -> dict[str, Any]:
    """What the member-check report holds: points per theme split by valence (attributed by role
    and sector only), open prepared points and uncovered branches."""
    data = wall(db, session_id, latest=0)
    frame = points(db, session_id)
    people = participants(db, session_id).set_index("id")
    frame["who"] = [", ".join(v for v in (people.at[c, ROLE], people.at[c, SECTOR]) if v) for c in frame["case_id"]]
    themes = []
    for theme in data["themes"]:
        mine = frame[frame["branch"] == theme["code_id"]]
        themes.append({**theme, "points": {valence: mine[mine["valence"] == valence][["text", "code", "who"]]
                                           for valence in VALENCES}})
    return {**data, "themes": themes}

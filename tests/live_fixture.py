"""A project with a prepared live session: a small framework codebook (5 branches of 2 codes), 12
pseudonymous participants with attributes and a few prepared points. Built through the store and
coding.live.session (used by the live tests, the browser test and bench/live_bench.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from coding.live import session as live
from coding.store.project import now, open_project

BRANCHES = {  # branch label -> its codes
    "Uitrol": ["Timing van de start", "Ondersteuningsmodellen"],
    "Samenwerking": ["Overleg met het team", "Co-teaching"],
    "Vorming": ["Vorming vooraf", "Intervisie"],
    "Middelen": ["Uren en omkadering", "Verplaatsingen"],
    "Communicatie": ["Met ouders", "Met het CLB"],
}
ROLES = ("ondersteuner", "leerkracht", "directeur", "zorgcoördinator")
NETS = ("GO!", "OVSG", "Katholiek Onderwijs Vlaanderen")
PREPARED = [("P02", "Het vervoer tussen scholen kost veel tijd", "Verplaatsingen"),
            ("P05", "Vaste overlegmomenten", "Overleg met het team"),
            ("P09", "Vorming rond co-teaching", None)]


def build_live_project(path: Path, participants: int = 12) -> dict[str, Any]:
    """Create the project at `path`; returns the session id, participant and code ids by label."""
    with open_project(path, create=True) as project:
        codes: dict[str, int] = {}
        with project.write("fixture", "seed") as tx:
            tx.insert("codebooks", {"id": "kader", "title": "Kader ondersteuning", "version": "1",
                                    "imported_at": now()})
            position = 0
            for branch, children in BRANCHES.items():
                codes[branch] = tx.insert("codes", {"codebook_id": "kader", "key": branch.lower(), "label": branch,
                                                    "position": position, "codable": 0})
                for child in children:
                    position += 1
                    codes[child] = tx.insert("codes", {"codebook_id": "kader", "key": f"{branch.lower()}.{position}",
                                                       "label": child, "parent_id": codes[branch],
                                                       "position": position})
        session = live.create_session(
            project, "fac", "Live sessie ondersteuners", "kader", date="2026-11-23", place="Gent",
            respondent_group="ondersteuners en leerkrachten", facilitator="Fien",
            questions={codes[b]: f"Wat loopt goed en wat kan beter rond {b.lower()}?" for b in BRANCHES})
        labels = [f"P{n:02d}" for n in range(1, participants + 1)]
        ids = live.add_participants(project, "fac", session, [
            {"label": label, "rol": ROLES[n % len(ROLES)], "sector": "BuO" if n % 3 == 0 else "GeO",
             "onderwijsnet": NETS[n % len(NETS)], "ondersteuningsmodel": f"model {1 + n % 2}"}
            for n, label in enumerate(labels)])
        live.add_prepared_points(project, "fac", session, [
            {"participant": who, "text": text, "code": code or ""} for who, text, code in PREPARED
            if who in labels])
    return {"path": path, "session": session, "cases": dict(zip(labels, ids)), "codes": codes}

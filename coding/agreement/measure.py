"""Intercoder agreement over text units: which unit each coder coded with which code, and the
coefficients per code and overall (see coding.agreement.coefficients for the formulas).

Why units and not characters: at character level the uncoded text between fragments counts as
agreement and inflates every figure. Here the user picks the unit (sentence, answer, paragraph,
turn) and each figure says which units it counts:

- Scope: the work that was assigned. A coder with assignments rated the units of the documents
  assigned whole, the sampled units (and the units inside them), and every unit they coded anyway;
  a coder without assignments rated every unit of the documents they coded in (or of the documents
  named). A unit counts when at least two compared coders rated it; a unit a coder rated but left
  uncoded counts as "not coded" by that coder, so a blind document in which the second coder found
  nothing is disagreement, not a gap. An empty scope is an error that says why.
  Facilitator units (is_data = 0) never count.
- A coder coded unit U with code X when the union of their X codings covers more than 0 of U
  and at least `threshold` (share of U's characters, 0..1).
- A unit that no compared coder coded with any code is left out of every figure and reported
  as `units_uncoded`: nobody looked at it closely enough to disagree, so calling it agreement
  would inflate the figures.
- Per code X: every remaining unit is one yes/no decision per coder; a unit that coders coded
  only with other codes counts as agreement on "not X".
- Overall (unit x code): every (unit, code) pair of the table's codes is one yes/no decision,
  resampled by unit. Overall (code set): each unit's whole set of codes is one category, so a unit
  agrees only when the coders gave exactly the same codes.
- Valence: on units that at least two coders coded with X, each coder's valence for X there
  (of their X coding that covers the most of the unit); alpha nominal over sterkte/groeikans/neutraal.
- Rating scale: on units that at least two coders coded with X and rated on X's codebook scale
  (wel / deels / niet passend ...; "knab", "nvt" are not on it), alpha ordinal and interval over the
  scale's order.
- Segment agreement (MAXQDA style): a coding counts as matched when each other coder has a coding
  with the same code whose overlap is at least `segment_overlap` % of the two segments' joint
  extent (intersection over union); checked from every coder's side; agreement = matched / all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from coding.team.assignments import rated_mask
from coding.store.model import AGREEMENT_UNITS, VALENCES
from coding.agreement.coefficients import MISSING, alpha, coefficients
from coding.store.project import Project, ProjectError

OVERALL_PAIRS = "(overall: unit x code)"
OVERALL_SETS = "(overall: code set)"


@dataclass
class Coded:
    """Who coded which unit with which code. `cells` has one row per (unit, coder, code)."""

    units: pd.DataFrame      # unit_id (index), document_id, document, start, end, coded (any code, any coder)
    cells: pd.DataFrame      # unit_id, coder, code_id, share, valence
    rated: np.ndarray        # units x coders: False where the unit was outside the coder's assignment
    coders: list[str]
    documents: list[str]


def _check_coders(db: Any, coders: list[str]) -> list[str]:
    coders = [c.strip() for c in coders if c.strip()]
    if len(coders) < 2 or len(set(coders)) != len(coders):
        raise ProjectError("agreement.measure.two_coders_needed")
    known = {r[0] for r in db.execute("SELECT DISTINCT coder FROM codings UNION SELECT coder FROM assignments")}
    unknown = [c for c in coders if c not in known]
    if unknown:
        raise ProjectError("agreement.measure.codings_coders", unknown=', '.join(unknown),
                           known=', '.join(sorted(known)) or 'none')
    return coders


def _coded_documents(db: Any, coder: str) -> set[int]:
    return {r[0] for r in db.execute("SELECT DISTINCT document_id FROM codings WHERE coder = ?", [coder])}


def _assigned_documents(db: Any, coder: str) -> set[int]:
    return {r[0] for r in db.execute("SELECT DISTINCT document_id FROM assignments WHERE coder = ?", [coder])}


def scope_documents(db: Any, coders: list[str], documents: list[str] | None = None) -> list[int]:
    """The documents agreement is computed over (see module doc), by id.

    Default: the documents in which every compared coder has work, i.e. was assigned whole or in part
    or coded something. A document assigned to a coder who found nothing to code stays in.
    """
    if documents:
        rows = db.execute(f"SELECT id, name FROM documents WHERE name IN ({','.join('?' * len(documents))})",
                          documents).fetchall()
        missing = set(documents) - {r[1] for r in rows}
        if missing:
            raise ProjectError("agreement.measure.document_named", missing=', '.join(sorted(missing)))
        return sorted(r[0] for r in rows)
    work = [_assigned_documents(db, c) | _coded_documents(db, c) for c in coders]
    return sorted(set.intersection(*work)) if work else []


def sample_mismatch(db: Any, coders: list[str], unit: str) -> tuple[str, str] | None:
    """(coder, unit kind) when a coder's sample was drawn at another unit size than the one measured."""
    for coder in coders:
        kinds = sorted({r[0] for r in db.execute(
            """SELECT DISTINCT u.kind FROM assignments a JOIN units u ON u.id = a.unit_id
               WHERE a.coder = ? AND a.unit_id IS NOT NULL""", [coder])})
        if kinds and unit not in kinds:
            return coder, kinds[0]
    return None


def _mismatch_text(found: tuple[str, str], unit: str) -> str:
    coder, kind = found
    return (f"{coder} was assigned a sample of {kind} units; over {unit} units only those {coder} coded count: "
            f"measure with --unit {kind}")


def _empty_reason(db: Any, coders: list[str], unit: str) -> str:
    """Why no unit is in the work of two coders: most often a sample drawn at another unit size."""
    mismatch = sample_mismatch(db, coders, unit)
    if mismatch:
        return _mismatch_text(mismatch, unit)
    return (f"no {unit} unit was assigned to or coded by at least two of {', '.join(coders)} "
            "(facilitator talk never counts)")


def _union_length(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, None
    for start, end in sorted(spans):
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def coded_units(project: Project, coders: list[str], unit: str = "sentence", threshold: float = 0.0,
                documents: list[str] | None = None) -> Coded:
    """Which data units of kind `unit` each coder coded with which code (see module doc)."""
    if unit not in AGREEMENT_UNITS:
        raise ProjectError("agreement.measure.unit_must_one", agreement_units=', '.join(AGREEMENT_UNITS),
                           unit=unit)
    if not 0 <= threshold <= 1:
        raise ProjectError("agreement.measure.threshold_share_unit_between", threshold=threshold)
    db = project.db.conn
    coders = _check_coders(db, coders)
    doc_ids = scope_documents(db, coders, documents)
    if not doc_ids:
        raise ProjectError("agreement.measure.document_which_all_work", coders=', '.join(coders))
    doc_marks = ",".join("?" * len(doc_ids))
    units = pd.DataFrame(db.execute(
        f"""SELECT u.id AS unit_id, u.document_id, d.name AS document, u.start, u.end FROM units u
            JOIN documents d ON d.id = u.document_id
            WHERE u.kind = ? AND u.is_data = 1 AND u.end > u.start AND u.document_id IN ({doc_marks})
            ORDER BY u.document_id, u.start""", [unit, *doc_ids]).fetchall(),
        columns=["unit_id", "document_id", "document", "start", "end"])
    codings = db.execute(
        f"""SELECT document_id, start, end, code_id, valence, coder, rating FROM codings
            WHERE coder IN ({','.join('?' * len(coders))}) AND document_id IN ({doc_marks})
            ORDER BY document_id, start""", [*coders, *doc_ids]).fetchall()
    spans: dict[tuple[int, str, int], list[tuple[int, int, str]]] = {}
    by_doc = {doc: group for doc, group in units.groupby("document_id")}
    for document_id, start, end, code_id, valence, coder, rating in codings:
        group = by_doc.get(document_id)
        if group is None:
            continue
        starts, ends, ids = group["start"].to_numpy(), group["end"].to_numpy(), group["unit_id"].to_numpy()
        first = max(int(np.searchsorted(ends, start, side="right")), 0)
        for i in range(first, len(starts)):
            if starts[i] >= end:
                break
            lo, hi = max(start, int(starts[i])), min(end, int(ends[i]))
            if hi > lo:
                spans.setdefault((int(ids[i]), coder, code_id), []).append((lo, hi, valence, rating))
    lengths = dict(zip(units["unit_id"], units["end"] - units["start"]))
    rows = []
    for (unit_id, coder, code_id), pieces in spans.items():
        share = _union_length([(lo, hi) for lo, hi, _, _ in pieces]) / lengths[unit_id]
        if share > 0 and share >= threshold:
            widest = max(pieces, key=lambda p: (p[1] - p[0], -p[0]))
            rows.append((unit_id, coder, code_id, share, widest[2], widest[3]))
    cells = pd.DataFrame(rows, columns=["unit_id", "coder", "code_id", "share", "valence", "rating"])
    units = units.set_index("unit_id")
    rated = np.ones((len(units), len(coders)), dtype=bool)
    for j, coder in enumerate(coders):
        mask = rated_mask(db, coder, units)
        if mask is not None:  # assigned work, plus every unit the coder coded anyway
            rated[:, j] = mask | units.index.isin(cells.loc[cells["coder"] == coder, "unit_id"])
        elif documents is None:  # no assignment: the documents they coded in
            rated[:, j] = units["document_id"].isin(_coded_documents(db, coder)).to_numpy()
    keep = rated.sum(axis=1) >= 2
    if not keep.any():
        raise ProjectError("agreement.measure.units_compare", unit=unit,
                           value=_empty_reason(db, coders, unit))
    units, rated = units[keep], rated[keep]
    cells = cells[cells["unit_id"].isin(units.index)]
    allowed = {(u, c) for j, c in enumerate(coders) for u in units.index[rated[:, j]]}
    cells = cells[[(u, c) in allowed for u, c in zip(cells["unit_id"], cells["coder"])]].reset_index(drop=True)
    units["coded"] = units.index.isin(cells["unit_id"])
    names = dict(db.execute(f"SELECT id, name FROM documents WHERE id IN ({doc_marks})", doc_ids).fetchall())
    return Coded(units, cells, rated, coders, [names[d] for d in doc_ids])


def _code_labels(db: Any, code_ids: list[int]) -> dict[int, tuple[str, str]]:
    if not code_ids:
        return {}
    rows = db.execute(f"SELECT id, key, label FROM codes WHERE id IN ({','.join('?' * len(code_ids))})", code_ids)
    return {r[0]: (r[1], r[2]) for r in rows}


def resolve_codes(db: Any, codes: list[str] | None) -> list[int] | None:
    """Code ids for keys or labels given by the user (None = all codes used)."""
    if not codes:
        return None
    ids = []
    for code in codes:
        rows = db.execute("SELECT id FROM codes WHERE key = ? OR label = ?", [code, code]).fetchall()
        if not rows:
            raise ProjectError("agreement.measure.code_give_code_key", code=code)
        ids += [r[0] for r in rows]
    return ids


def binary_matrix(coded: Coded, code_id: int) -> np.ndarray:
    """Coded units x coders: 1 when the coder coded the unit with the code, 0 when not, -1 when unrated."""
    included = coded.units.index[coded.units["coded"]]
    hits = coded.cells[coded.cells["code_id"] == code_id]
    matrix = np.where(coded.rated[coded.units["coded"].to_numpy()], 0, MISSING)
    position = {u: i for i, u in enumerate(included)}
    for unit_id, coder in zip(hits["unit_id"], hits["coder"]):
        matrix[position[unit_id], coded.coders.index(coder)] = 1
    return matrix


def valence_matrix(coded: Coded, code_id: int) -> np.ndarray:
    """Units that at least two coders coded with the code x coders: valence index, -1 otherwise."""
    hits = coded.cells[coded.cells["code_id"] == code_id]
    return _shared_matrix(coded, hits, hits["valence"].map(VALENCES.index))


def _shared_matrix(coded: Coded, hits: Any, values: Any) -> np.ndarray:
    """Units that at least two coders coded among `hits` x coders: that coder's value, -1 otherwise."""
    counts = hits.groupby("unit_id")["coder"].nunique()
    shared = counts.index[counts >= 2]
    matrix = np.full((len(shared), len(coded.coders)), MISSING, dtype=int)
    position = {u: i for i, u in enumerate(shared)}
    for unit_id, coder, value in zip(hits["unit_id"], hits["coder"], values):
        if unit_id in position:
            matrix[position[unit_id], coded.coders.index(coder)] = value
    return matrix


# Rating labels that say no rating was possible; they are left out of ordinal and interval alpha.
NOT_ON_SCALE = ("knab", "nvt", "n.v.t.", "niet van toepassing", "kan niet beoordeeld worden", "onbekend")


def rating_scales(db: Any, code_ids: list[int]) -> dict[int, list[str]]:
    """Each code's ordered rating scale (its codebook's, without the labels in NOT_ON_SCALE)."""
    if not code_ids:
        return {}
    rows = db.execute(f"""SELECT c.id, b.rating_scale FROM codes c JOIN codebooks b ON b.id = c.codebook_id
                          WHERE c.id IN ({','.join('?' * len(code_ids))})""", code_ids)
    return {code: [label for label in json.loads(scale) if label.strip().casefold() not in NOT_ON_SCALE]
            for code, scale in rows if scale}


def rating_matrix(coded: Coded, code_id: int, scale: list[str]) -> np.ndarray:
    """Units that at least two coders coded with the code and rated on its scale x coders: scale position, -1 otherwise."""
    hits = coded.cells[(coded.cells["code_id"] == code_id) & coded.cells["rating"].isin(scale)]
    return _shared_matrix(coded, hits, hits["rating"].map(scale.index))


def code_set_matrix(coded: Coded, code_ids: list[int]) -> np.ndarray:
    """Coded units x coders: each coder's exact set of codes (among `code_ids`) as one category."""
    included = coded.units.index[coded.units["coded"]]
    hits = coded.cells[coded.cells["code_id"].isin(code_ids)]
    sets = hits.groupby(["unit_id", "coder"])["code_id"].agg(lambda s: tuple(sorted(s)))
    labels: dict[tuple, int] = {(): 0}
    rated = coded.rated[coded.units["coded"].to_numpy()]
    matrix = np.full((len(included), len(coded.coders)), MISSING, dtype=int)
    for i, unit_id in enumerate(included):
        for j, coder in enumerate(coded.coders):
            if rated[i, j]:
                matrix[i, j] = labels.setdefault(sets.get((unit_id, coder), ()), len(labels))
    return matrix


def segment_agreement(project: Project, coders: list[str], code_id: int, documents: list[int],
                      overlap: float = 90.0) -> tuple[int, int]:
    """(matched, total) codings of one code, MAXQDA style (see module doc); facilitator talk left out."""
    if not 0 < overlap <= 100:
        raise ProjectError("agreement.measure.segment_overlap_percentage_between", overlap=overlap)
    db = project.db.conn
    marks = ",".join("?" * len(documents))
    rows = db.execute(
        f"""SELECT c.coder, c.document_id, c.start, c.end FROM codings c LEFT JOIN cases k ON k.id = c.case_id
            WHERE c.code_id = ? AND c.document_id IN ({marks}) AND coalesce(k.is_data, 1) = 1
              AND c.coder IN ({','.join('?' * len(coders))})""", [code_id, *documents, *coders]).fetchall()
    by_coder: dict[str, list[tuple[int, int, int]]] = {c: [] for c in coders}
    for coder, document_id, start, end in rows:
        by_coder[coder].append((document_id, start, end))

    def matches(segment: tuple[int, int, int], others: list[tuple[int, int, int]]) -> bool:
        doc, start, end = segment
        for other_doc, other_start, other_end in others:
            if other_doc != doc:
                continue
            shared = min(end, other_end) - max(start, other_start)
            joint = max(end, other_end) - min(start, other_start)
            if shared > 0 and shared * 100 >= overlap * joint:
                return True
        return False

    matched = total = 0
    for coder, segments in by_coder.items():
        others = [by_coder[o] for o in coders if o != coder]
        for segment in segments:
            total += 1
            matched += all(matches(segment, other) for other in others)
    return matched, total


@dataclass
class Agreement:
    """The result: one row per code plus the two overall rows, and what was left out."""

    table: pd.DataFrame
    coders: list[str]
    unit: str
    units_total: int
    units_uncoded: int
    documents: list[str]
    settings: dict[str, Any] = field(default_factory=dict)


COLUMNS = ["code", "label", "units", "coded_any", "percent", "percent_low", "percent_high", "kappa", "kappa_low",
           "kappa_high", "alpha", "alpha_low", "alpha_high", "valence_units", "valence_percent", "valence_alpha",
           "rating_units", "rating_alpha_ordinal", "rating_alpha_interval", "segments", "segments_matched", "segment_agreement"]


def _row(code: str, label: str, matrix: np.ndarray, valences: np.ndarray | None, resamples: int, seed: int,
         groups: np.ndarray | None = None, segments: tuple[int, int] | None = None,
         ratings: np.ndarray | None = None) -> dict[str, Any]:
    c = coefficients(matrix, groups=groups, resamples=resamples, seed=seed)
    row: dict[str, Any] = {
        "code": code, "label": label, "units": c.units,
        "coded_any": int((matrix.max(axis=1) > 0).sum()) if code != OVERALL_SETS else None,
        "percent": c.percent, "percent_low": c.percent_ci[0], "percent_high": c.percent_ci[1],
        "kappa": c.kappa, "kappa_low": c.kappa_ci[0], "kappa_high": c.kappa_ci[1],
        "alpha": c.alpha, "alpha_low": c.alpha_ci[0], "alpha_high": c.alpha_ci[1],
        "valence_units": None, "valence_percent": None, "valence_alpha": None,
        "rating_units": None, "rating_alpha_ordinal": None, "rating_alpha_interval": None, "segments": None, "segments_matched": None, "segment_agreement": None,
    }
    if valences is not None:
        v = coefficients(valences, resamples=0)
        row.update(valence_units=v.units, valence_percent=v.percent, valence_alpha=v.alpha)
    if ratings is not None:
        pairable = int(((ratings != MISSING).sum(axis=1) >= 2).sum())
        row.update(rating_units=pairable, rating_alpha_ordinal=alpha(ratings, "ordinal") if pairable else float("nan"),
                   rating_alpha_interval=alpha(ratings, "interval") if pairable else float("nan"))
    if segments is not None:
        matched, total = segments
        row.update(segments=total, segments_matched=matched,
                   segment_agreement=matched / total if total else float("nan"))
    return row


def agreement(project: Project, coders: list[str], unit: str = "sentence", codes: list[str] | None = None,
              threshold: float = 0.0, segment_overlap: float = 90.0, resamples: int = 1000, seed: int = 1,
              documents: list[str] | None = None) -> Agreement:
    """Agreement per code and overall between `coders` over `unit` units (see module doc)."""
    coded = coded_units(project, coders, unit, threshold, documents)
    db = project.db.conn
    wanted = resolve_codes(db, codes)
    used = sorted(set(coded.cells["code_id"]))
    code_ids = sorted(set(wanted if wanted is not None else used))
    labels = _code_labels(db, code_ids)
    scales = rating_scales(db, code_ids)
    doc_ids = sorted(set(coded.units["document_id"])) or scope_documents(db, coded.coders, documents)
    rows, pair_blocks, valence_blocks = [], [], []
    for code_id in sorted(code_ids, key=lambda c: labels[c][0]):
        matrix = binary_matrix(coded, code_id)
        valences = valence_matrix(coded, code_id)
        pair_blocks.append(matrix)
        valence_blocks.append(valences)
        segments = segment_agreement(project, coded.coders, code_id, doc_ids, segment_overlap)
        ratings = rating_matrix(coded, code_id, scales[code_id]) if code_id in scales else None
        rows.append(_row(labels[code_id][0], labels[code_id][1], matrix, valences, resamples, seed,
                         segments=segments, ratings=ratings))
    n_included = int(coded.units["coded"].sum())
    if pair_blocks and n_included:
        pooled = np.vstack(pair_blocks)
        groups = np.tile(np.arange(n_included), len(pair_blocks))
        pooled_valences = np.vstack(valence_blocks)
        matched = sum(r["segments_matched"] for r in rows)
        total = sum(r["segments"] for r in rows)
        rows.append(_row(OVERALL_PAIRS, "all codes, unit x code", pooled, pooled_valences, resamples, seed,
                         groups=groups, segments=(matched, total)))
        rows.append(_row(OVERALL_SETS, "all codes, exact set per unit", code_set_matrix(coded, code_ids), None,
                         resamples, seed))
    table = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("units", "coded_any", "valence_units", "rating_units", "segments", "segments_matched"):
        table[column] = table[column].astype("Int64")
    return Agreement(table, coded.coders, unit, len(coded.units), len(coded.units) - n_included, coded.documents,
                     {"threshold": threshold, "segment_overlap": segment_overlap, "resamples": resamples,
                      "seed": seed, "codes": codes, "sample_mismatch": sample_mismatch(db, coded.coders, unit)})

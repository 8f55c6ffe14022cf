"""Distinct counts per code, valence and group, rolled up the code tree.

Rolling up: a parent counts the codings of its whole subtree, but each fragment (speaker,
document, session) once, however many of its descendants were applied to it. So a fragment coded
with two sibling codes counts 1 for each sibling and 1 (not 2) for their parent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coding.store.model import RESPONDENT_KINDS, VALENCES
from coding.analysis.data import Codings

MEASURES = ("fragments", "speakers", "participants", "respondents", "documents", "sessions")
"""speakers = participants (in sessions' documents) + respondents (mailbox); see docs/vocabulary.md."""
TOTAL = "totaal"
VALENCE_LABELS = (*VALENCES, TOTAL)
BITMAP_LIMIT = 20_000_000  # cells x entities up to which a boolean table beats sorting


def distinct_per_cell(cells: np.ndarray, entities: np.ndarray, n_cells: int, n_entities: int) -> np.ndarray:
    """How many distinct entities each cell holds (cells and entities are dense int ids)."""
    if n_cells * n_entities <= BITMAP_LIMIT:
        seen = np.zeros(n_cells * n_entities, dtype=bool)
        seen[cells * n_entities + entities] = True
        return seen.reshape(n_cells, n_entities).sum(axis=1)
    keys = np.sort(cells * n_entities + entities)
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return np.bincount(keys[first] // n_entities, minlength=n_cells)


def _positions(index: pd.Index, keys: np.ndarray) -> np.ndarray:
    """Position of each key in a sorted unique integer index, -1 when absent (e.g. case 0 = no speaker)."""
    values = index.to_numpy()
    if not len(values):
        return np.full(len(keys), -1, dtype=np.int64)
    table = np.full(int(values.max()) + 2, -1, dtype=np.int64)  # ids are small integers: a lookup table
    table[values] = np.arange(len(values))
    return table[np.clip(keys, 0, len(table) - 1)]


def entities(codings: Codings, measure: str) -> tuple[np.ndarray, int]:
    """Dense entity id per coding for a measure (-1 = none), and the number of ids."""
    if measure == "fragments":
        return codings.fragment_ids()
    if measure in ("speakers", "participants", "respondents"):
        cases = _positions(codings.cases.index, codings.case)
        if measure != "speakers":
            kinds = codings.documents["kind"].reindex(codings.cases["document_id"]).to_numpy()
            answering = np.isin(kinds, RESPONDENT_KINDS)
            keep = answering if measure == "respondents" else ~answering
            if len(keep):
                cases = np.where((cases >= 0) & keep[np.maximum(cases, 0)], cases, -1)
            # no cases at all: every coding already has -1 (nobody speaking)
        return cases, len(codings.cases)
    documents = _positions(codings.documents.index, codings.document)
    if measure == "documents":
        return documents, len(codings.documents)
    if measure == "sessions":  # a source that is no session (a mailbox) has code -1: not counted
        sessions, names = pd.factorize(codings.documents["session"])
        return np.where(documents >= 0, sessions[documents], -1), len(names)
    raise ValueError(f"unknown measure {measure!r}")


def expand(node: np.ndarray, ancestors: np.ndarray, rollup: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(row, node) pairs: every coding's node paired with itself and, rolling up, each ancestor."""
    chains = ancestors[node] if rollup else node[:, None]
    rows = np.repeat(np.arange(len(node)), chains.shape[1])
    nodes = chains.ravel()
    keep = nodes >= 0
    return rows[keep], nodes[keep]


def _roll_up(grid: np.ndarray, parents: np.ndarray, combine) -> None:
    """Fold every node into its parent, deepest first (codebook order lists parents before children)."""
    for node in range(len(parents) - 1, -1, -1):
        if parents[node] >= 0:
            combine(grid[parents[node]], grid[node], out=grid[parents[node]])


def _count(codings: Codings, leaf_cells: np.ndarray, ids: np.ndarray, n_ids: int, shape: tuple[int, int, int],
           rollup: bool) -> np.ndarray:
    """Distinct ids per (node, group, valence incl. TOTAL) cell, as a grid of that shape."""
    n_nodes, n_groups, n_valences = shape
    total = n_valences - 1
    parents = codings.ancestors[:, 1] if rollup and codings.ancestors.shape[1] > 1 else np.full(n_nodes, -1)
    n_cells = n_nodes * n_groups * n_valences
    if n_cells * n_ids <= BITMAP_LIMIT:
        # small entity sets (speakers, documents, sessions): mark leaf cells, OR them up the tree
        seen = np.zeros((n_cells // n_valences, n_valences, n_ids), dtype=bool)
        seen[leaf_cells // n_valences, leaf_cells % n_valences, ids] = True
        seen[:, total] = seen[:, :total].any(axis=1)
        seen = seen.reshape(n_nodes, n_groups, n_valences, n_ids)
        _roll_up(seen, parents, np.logical_or)
        return seen.sum(axis=-1)
    # large entity sets (fragments): an entity with one coding counts once in its leaf's chain, so
    # those are summed up the tree; only entities with several codings need distinct counting
    single = np.bincount(ids, minlength=n_ids)[ids] == 1
    grid = np.bincount(leaf_cells[single], minlength=n_cells).reshape(shape)
    grid[..., total] = grid[..., :total].sum(axis=-1)
    _roll_up(grid, parents, np.add)
    several = leaf_cells[~single]
    rows, nodes = expand(several // (n_groups * n_valences), codings.ancestors, rollup)
    base = (nodes * n_groups + (several // n_valences % n_groups)[rows]) * n_valences
    cells = np.concatenate([base + (several % n_valences)[rows], base + total])
    multi = ids[~single][np.concatenate([rows, rows])]
    grid += distinct_per_cell(cells, multi, n_cells, n_ids).reshape(shape)
    return grid


def counts(codings: Codings, group: pd.Categorical | None = None, rollup: bool = True,
           measures: tuple[str, ...] = MEASURES) -> pd.DataFrame:
    """Long table: one row per code x group x valence (including TOTAL), one column per measure.

    `group` gives every coding a group value (see Codings.attribute); the TOTAL valence counts
    each entity once across valences, so it is not the sum of the valence rows.
    """
    shape = (len(codings.tree), len(group.categories) if group is not None else 1, len(VALENCE_LABELS))
    groups = group.codes.astype(np.int64) if group is not None else 0
    leaf_cells = (codings.node * shape[1] + groups) * shape[2] + codings.valence
    result = {
        "node": np.repeat(np.arange(shape[0]), shape[1] * shape[2]),
        "group": np.tile(np.repeat(np.arange(shape[1]), shape[2]), shape[0]),
        "valence": np.tile(np.arange(shape[2]), shape[0] * shape[1]),
    }
    for measure in measures:
        ids, n_ids = entities(codings, measure)
        keep = ids >= 0
        part = codings if keep.all() else codings.take(keep)
        result[measure] = _count(part, leaf_cells[keep], ids[keep], max(n_ids, 1), shape, rollup).ravel()
    frame = pd.DataFrame(result)
    frame["valence"] = pd.Categorical.from_codes(frame["valence"], VALENCE_LABELS)
    if group is not None:
        frame["group"] = pd.Categorical.from_codes(frame["group"], group.categories)
    else:
        frame = frame.drop(columns="group")
    return frame


def with_codes(frame: pd.DataFrame, codings: Codings) -> pd.DataFrame:
    """Replace the node position by the code's id, codebook, key, label, depth and order."""
    info = codings.tree.reset_index()[["code_id", "codebook", "key", "label", "depth", "order"]]
    joined = info.iloc[frame["node"].to_numpy()].reset_index(drop=True)
    return pd.concat([joined, frame.drop(columns="node").reset_index(drop=True)], axis=1)

"""Agreement coefficients as pure functions of numbers: no project, no database.

Conventions (stated once; coding.agreement.measure repeats them in its output):
- Cohen's kappa uses EACH coder's own marginals for the chance term, pe = sum_k pA(k) * pB(k).
  (Using the pooled marginals gives Scott's pi; using 1/number-of-codes, as some tools do, inflates
  kappa whenever codes are rare.)
- Percent agreement for more than two coders is the share of agreeing coder pairs per unit,
  averaged over the units that at least two coders rated.
- Fleiss' kappa (three or more coders) counts only units every coder rated, as Fleiss (1971) does:
  P = mean share of agreeing rater pairs per unit, Pe = sum of squared category shares.
- Krippendorff's alpha (nominal; ordinal and interval for rating scales) comes from the
  `krippendorff` package. The bootstrap needs the
  same alpha thousands of times, so it uses the coincidence matrix of each unit directly
  (`_contributions`); a test keeps the two equal.

A reliability matrix is `units x coders` of integer category codes with -1 for "not rated".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

MISSING = -1


def kappa_2x2(both: float, a_only: float, b_only: float, neither: float) -> float:
    """Cohen's kappa from the four cells of a yes/no table (counts of units or characters)."""
    return cohen_kappa(np.array([[both, a_only], [b_only, neither]], dtype=float))


def cohen_kappa(confusion: np.ndarray) -> float:
    """Cohen's kappa of a square table (rows coder A, columns coder B); NaN when undefined.

    Undefined means chance agreement is 1: both coders used one and the same category throughout.
    """
    table = np.asarray(confusion, dtype=float)
    total = table.sum()
    if total == 0:
        return float("nan")
    observed = np.trace(table) / total
    chance = float(table.sum(axis=1) @ table.sum(axis=0)) / total ** 2
    if np.isclose(chance, 1.0):
        return float("nan")
    return float((observed - chance) / (1 - chance))


def _covered(spans: Sequence[tuple[int, int]], length: int) -> np.ndarray:
    mask = np.zeros(length, dtype=bool)
    for start, end in spans:
        mask[max(start, 0):min(end, length)] = True
    return mask


def character_table(spans_a: Sequence[tuple[int, int]], spans_b: Sequence[tuple[int, int]],
                    length: int) -> tuple[int, int, int, int]:
    """(both, a_only, b_only, neither) characters of a text of `length` (how NVivo counts).

    Shown for comparison only: on a mostly uncoded text the `neither` cell dominates and makes
    percent agreement look high, which is why Werkbank reports agreement over units.
    """
    a, b = _covered(spans_a, length), _covered(spans_b, length)
    return int((a & b).sum()), int((a & ~b).sum()), int((~a & b).sum()), int((~a & ~b).sum())


def character_kappa(spans_a: Sequence[tuple[int, int]], spans_b: Sequence[tuple[int, int]], length: int) -> float:
    """Cohen's kappa at character level for one code in one text."""
    return kappa_2x2(*character_table(spans_a, spans_b, length))


LEVELS = ("nominal", "ordinal", "interval")


def alpha_nominal(matrix: np.ndarray) -> float:
    """Krippendorff's alpha (nominal) of a units x coders matrix (-1 = not rated); NaN when undefined."""
    return alpha(matrix, "nominal")


def alpha(matrix: np.ndarray, level: str = "nominal") -> float:
    """Krippendorff's alpha of a units x coders matrix (-1 = not rated); NaN when undefined.

    `level` ordinal or interval reads the category codes as positions on a scale (0, 1, 2 ...:
    wel / deels / niet passend), so "wel" against "deels" weighs less than "wel" against "niet".
    Undefined: fewer than two pairable values, or every value in the same category (no variation).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    data = np.asarray(matrix, dtype=float).T.copy()
    data[data == MISSING] = np.nan
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = data[:, pairable]
    if values.size == 0 or len(np.unique(values[~np.isnan(values)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def fleiss_kappa(counts: np.ndarray) -> float:
    """Fleiss' kappa of a units x categories table of how many raters chose each category.

    Every unit must have the same number of raters (at least two); NaN when chance agreement is 1.
    """
    table = np.asarray(counts, dtype=float)
    raters = table.sum(axis=1)
    if table.ndim != 2 or not len(table) or raters.min() < 2 or not np.allclose(raters, raters[0]):
        raise ValueError("Fleiss' kappa needs units rated by the same number (2+) of raters")
    return float(_fleiss_weighted(np.ones((1, len(table))), table, raters[0])[0])


def _fleiss_weighted(weights: np.ndarray, counts: np.ndarray, n: float) -> np.ndarray:
    """Fleiss' kappa for each row of unit weights (a bootstrap replicate, or ones for the estimate)."""
    agreeing = ((counts * (counts - 1)).sum(axis=1)) / (n * (n - 1))          # P_i per unit
    total = weights.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = weights @ agreeing / total
        shares = (weights @ counts) / (n * total[:, None])
        chance = (shares ** 2).sum(axis=1)
        return np.where(np.isclose(chance, 1.0) | (total == 0), np.nan, (observed - chance) / (1 - chance))


def fleiss_from_matrix(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(units rated by every coder, their units x categories counts) of a units x coders matrix."""
    matrix = np.asarray(matrix, dtype=int)
    full = (matrix != MISSING).all(axis=1)
    categories = np.unique(matrix[full]) if full.any() else np.zeros(0, dtype=int)
    counts = (matrix[full][:, :, None] == categories[None, None, :]).sum(axis=1).astype(float)
    return full, counts


@dataclass(frozen=True)
class _Parts:
    """Per-unit pieces every coefficient is a ratio of, so a resample is a weighted sum."""

    coincidence: np.ndarray   # units x V*V (Krippendorff)
    confusion: np.ndarray     # units x V*V (two coders: one 1 at (a, b) when both rated)
    agree_pairs: np.ndarray   # units: agreeing coder pairs / pairs, for units with >= 2 ratings
    rated: np.ndarray         # units: 1 when >= 2 coders rated the unit
    size: int                 # V


def _contributions(matrix: np.ndarray) -> _Parts:
    matrix = np.asarray(matrix, dtype=int)
    categories = np.unique(matrix[matrix != MISSING])
    size = max(len(categories), 1)
    index = np.searchsorted(categories, np.where(matrix == MISSING, categories[0] if len(categories) else 0, matrix))
    counts = np.zeros((matrix.shape[0], size))
    for column in range(matrix.shape[1]):
        present = matrix[:, column] != MISSING
        np.add.at(counts, (np.nonzero(present)[0], index[present, column]), 1)
    m = counts.sum(axis=1)
    rated = (m >= 2).astype(float)
    denominator = np.where(m >= 2, m - 1, 1)
    outer = counts[:, :, None] * counts[:, None, :]
    outer[:, np.arange(size), np.arange(size)] -= counts
    coincidence = (outer / denominator[:, None, None] * rated[:, None, None]).reshape(len(matrix), size * size)
    pairs = np.where(m >= 2, m * (m - 1), 1)
    agree_pairs = (counts * (counts - 1)).sum(axis=1) / pairs * rated
    confusion = np.zeros((len(matrix), size * size))
    if matrix.shape[1] == 2:
        both = (matrix[:, 0] != MISSING) & (matrix[:, 1] != MISSING)
        rows = np.nonzero(both)[0]
        confusion[rows, index[rows, 0] * size + index[rows, 1]] = 1
    return _Parts(coincidence, confusion, agree_pairs, rated, size)


def _alpha_from_coincidence(o: np.ndarray, size: int) -> np.ndarray:
    """Nominal alpha of (replicates x V*V) coincidence matrices."""
    o = o.reshape(-1, size, size)
    n_c = o.sum(axis=2)
    n = n_c.sum(axis=1)
    disagreement = o.sum(axis=(1, 2)) - np.trace(o, axis1=1, axis2=2)
    expected = n ** 2 - (n_c ** 2).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - (n - 1) * disagreement / expected, np.nan)


def _kappa_from_confusion(c: np.ndarray, size: int) -> np.ndarray:
    c = c.reshape(-1, size, size)
    total = c.sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.trace(c, axis1=1, axis2=2) / total
        chance = np.einsum("ri,ri->r", c.sum(axis=2), c.sum(axis=1)) / total ** 2
        return np.where(np.isclose(chance, 1.0) | (total == 0), np.nan, (observed - chance) / (1 - chance))


@dataclass(frozen=True)
class Coefficients:
    """Point estimates and percentile bootstrap intervals (NaN where undefined)."""

    units: int            # units rated by at least two coders
    percent: float
    kappa: float          # Cohen's with two coders, Fleiss' with three or more
    alpha: float
    percent_ci: tuple[float, float]
    kappa_ci: tuple[float, float]
    alpha_ci: tuple[float, float]


def _interval(samples: np.ndarray) -> tuple[float, float]:
    finite = samples[np.isfinite(samples)]
    if len(finite) < len(samples) / 2:   # mostly undefined: an interval would mislead
        return (float("nan"), float("nan"))
    low, high = np.percentile(finite, [2.5, 97.5])
    return (float(low), float(high))


def coefficients(matrix: np.ndarray, groups: np.ndarray | None = None, resamples: int = 1000,
                 seed: int = 1, level: str = "nominal") -> Coefficients:
    """Percent agreement, kappa (Cohen's for two coders, Fleiss' for more) and alpha, with bootstrap intervals.

    Rows of `matrix` may be items of a larger unit (e.g. unit x code pairs); `groups` gives each
    row's unit so that the bootstrap resamples whole units, keeping their rows together.
    `level` is alpha's level of measurement; intervals for alpha are given for nominal alpha only.
    """
    matrix = np.asarray(matrix, dtype=int)
    if matrix.ndim != 2 or matrix.shape[1] < 2:
        raise ValueError("agreement needs a units x coders matrix with at least two coders")
    parts = _contributions(matrix)
    rated = int(parts.rated.sum())
    nan2 = (float("nan"), float("nan"))
    if rated == 0:
        return Coefficients(0, float("nan"), float("nan"), float("nan"), nan2, nan2, nan2)
    percent = float(parts.agree_pairs.sum() / rated)
    two = matrix.shape[1] == 2
    full, counts = fleiss_from_matrix(matrix)
    if two:
        kappa = float(_kappa_from_confusion(parts.confusion.sum(axis=0), parts.size)[0])
    else:
        kappa = float(_fleiss_weighted(np.ones((1, len(counts))), counts, matrix.shape[1])[0]) if len(counts) \
            else float("nan")
    point = alpha(matrix, level)
    if resamples <= 0:
        return Coefficients(rated, percent, kappa, point, nan2, nan2, nan2)
    groups = np.arange(len(matrix)) if groups is None else np.asarray(groups)
    _, unit_of_row = np.unique(groups, return_inverse=True)
    n_units = int(unit_of_row.max()) + 1
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n_units, np.full(n_units, 1 / n_units), size=resamples).astype(float)
    weights = draws[:, unit_of_row]
    with np.errstate(divide="ignore", invalid="ignore"):
        percent_s = (weights @ parts.agree_pairs) / (weights @ parts.rated)
    alpha_ci = _interval(_alpha_from_coincidence(weights @ parts.coincidence, parts.size)) if level == "nominal" \
        else nan2
    if two:
        kappa_ci = _interval(_kappa_from_confusion(weights @ parts.confusion, parts.size))
    else:
        kappa_ci = _interval(_fleiss_weighted(weights[:, full], counts, matrix.shape[1])) if len(counts) else nan2
    return Coefficients(rated, percent, kappa, point, _interval(percent_s), kappa_ci, alpha_ci)


def alpha_fast(matrix: np.ndarray) -> float:
    """The bootstrap's own alpha on the full data (kept equal to the package by a test)."""
    parts = _contributions(np.asarray(matrix, dtype=int))
    return float(_alpha_from_coincidence(parts.coincidence.sum(axis=0), parts.size)[0])

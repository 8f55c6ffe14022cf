"""Analysis: pure functions from a project to pandas DataFrames (and Altair charts in `charts`).

Shared rules (facilitator talk left out, attributes case-first, sessions, fragments) are in
`coding.analysis.data`; rolling up the code tree in `coding.analysis.counting`.
"""

from coding.analysis.cooccurrence import cooccurrence, pair_fragments, symmetric
from coding.analysis.data import MISSING, Codings, code_tree, layer_of, load
from coding.analysis.descriptives import band, mailbox_crosstab, overview, rating_changes, rating_summary, ratings
from coding.analysis.fragments import fragments
from coding.analysis.frequencies import balance, frequencies
from coding.analysis.matrices import code_matrix, pivot, sources
from coding.analysis.prevalence import prevalence, quantifier

__all__ = ["MISSING", "Codings", "balance", "band", "code_matrix", "code_tree", "cooccurrence", "fragments",
           "frequencies", "layer_of", "load", "mailbox_crosstab", "overview", "pair_fragments", "pivot", "prevalence",
           "quantifier", "rating_changes", "rating_summary", "ratings", "sources", "symmetric"]

"""Rolled-up distinct counts against a brute-force count with Python sets, on random codings."""

import numpy as np
import pandas as pd
import pytest

from coding.analysis import counting
from coding.analysis.counting import TOTAL, counts
from coding.analysis.data import Codings, _ancestors


def _random_codings(seed: int, n: int = 400) -> tuple[Codings, pd.Categorical]:
    rng = np.random.default_rng(seed)
    # tree in codebook order: a > (b > d), c ; e
    tree = pd.DataFrame({"parent_id": pd.array([None, 10, 10, 11, None], dtype="Int64"), "depth": [0, 1, 1, 2, 0],
                         "key": list("abcde")}, index=pd.Index([10, 11, 13, 12, 14], name="code_id"))
    documents = pd.DataFrame({"name": ["d1", "d2", "d3"], "kind": ["groepsgesprek", "groepsgesprek", "mailbox"],
                              "session": ["S", "T", None]}, index=pd.Index([1, 2, 3]))
    cases = pd.DataFrame({"label": [f"c{i}" for i in range(1, 7)], "document_id": [1, 1, 2, 3, 3, 3], "is_data": 1},
                         index=pd.Index(range(1, 7)))
    start = rng.integers(0, 15, n)
    codings = Codings(db=None, tree=tree, ancestors=_ancestors(tree), documents=documents, cases=cases,
                      node=rng.integers(0, 5, n), valence=rng.integers(0, 3, n).astype(np.int8),
                      document=rng.integers(1, 4, n), case=rng.integers(0, 7, n), start=start,
                      end=start + rng.integers(1, 4, n))
    return codings, pd.Categorical(rng.choice(["x", "y", "z"], n))


def _brute_force(codings: Codings, group: pd.Categorical) -> dict:
    sessions = codings.documents["session"]
    entity = {"fragments": lambda i: (codings.document[i], codings.start[i], codings.end[i]),
              "speakers": lambda i: codings.case[i] or None, "documents": lambda i: codings.document[i],
              "participants": lambda i: codings.case[i] if 0 < codings.case[i] <= 3 else None,   # cases of d1, d2
              "respondents": lambda i: codings.case[i] if codings.case[i] > 3 else None,         # cases of the mailbox
              "sessions": lambda i: sessions[codings.document[i]] if pd.notna(sessions[codings.document[i]]) else None}
    found: dict = {}
    for i in range(len(codings)):
        chain = [n for n in codings.ancestors[codings.node[i]] if n >= 0]
        for node in chain:
            for valence in (counting.VALENCE_LABELS[codings.valence[i]], TOTAL):
                for measure, of in entity.items():
                    if of(i) is not None:
                        found.setdefault((node, group[i], valence, measure), set()).add(of(i))
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("bitmap_limit", [counting.BITMAP_LIMIT, 0])
def test_counts_match_brute_force(monkeypatch, seed, bitmap_limit):
    monkeypatch.setattr(counting, "BITMAP_LIMIT", bitmap_limit)  # 0: the sorting path for every measure
    codings, group = _random_codings(seed)
    expected = _brute_force(codings, group)
    table = counts(codings, group)
    assert len(table) == 5 * 3 * 4
    for row in table.itertuples(index=False):
        for measure in counting.MEASURES:
            want = len(expected.get((row.node, row.group, row.valence, measure), ()))
            assert getattr(row, measure) == want, (row, measure)


def test_participants_and_respondents_of_codings_without_speakers(tmp_path):
    """A project whose document has no cases (no speaker labels): counting participants must not fail."""
    from coding.analysis import frequencies
    from coding.codings.operations import add_coding
    from coding.store.project import now, open_project

    with open_project(tmp_path / "p.werkbank", create=True) as project:
        with project.write("an", "seed") as tx:
            tx.insert("codebooks", {"id": "cb", "title": "C", "version": "1", "imported_at": now()})
            tx.insert("codes", {"codebook_id": "cb", "key": "k", "label": "K"})
            tx.db.execute("""INSERT INTO documents (name, kind, text, sha256, imported_at, imported_by)
                             VALUES ('d', 'groepsgesprek', 'Een zin zonder spreker.', 'x', ?, 'an')""", [now()])
        code = project.db.execute("SELECT id FROM codes").fetchone()[0]
        add_coding(project, "an", 1, 0, 3, code, "sterkte")
        table = frequencies(project, "cb")
        assert table["fragments"].max() == 1

"""Retrieval (the Fragments page) on random projects, against definitions written out plainly here.

- `analysis.fragments` of a code: exactly the distinct spans coded with it (or a code below it),
  filtered on an attribute (case first, then document), in document order, with their codes,
  valences, number of codings and attribution; again after a change (nothing stale is reused).
- The context of a fragment: the words inside the shortest turn/answer/paragraph/heading holding
  its start, the first in index order on a tie; the per-fragment SQL query that used to answer
  it is the definition.
"""

from __future__ import annotations

import itertools
import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from coding import analysis
from coding.analysis import retrieval
from coding.store.project import now, open_project

PROPERTY = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
TEXT = "".join(chr(ord("a") + i % 26) for i in range(300))
# tree (codebook order): 1 > (2 > 4, 3), 5
PARENTS = {1: None, 2: 1, 4: 2, 3: 1, 5: None}
SUBTREE = {1: {1, 2, 3, 4}, 2: {2, 4}, 3: {3}, 4: {4}, 5: {5}}
_files = itertools.count()


def _project(tmp_path, seed: int, n_codings: int):
    """A random project: 3 documents (one with a sector), 6 cases (some with a sector, a role,
    a numeric attribute), codings by 2 coders, some spans coded twice."""
    rng = random.Random(seed)
    project = open_project(tmp_path / f"p{next(_files)}.db", create=True)
    db = project.conn
    with db:
        db.execute("INSERT INTO codebooks (id, title, version, imported_at) VALUES ('cb', 'cb', '1', ?)", [now()])
        for position, (code, parent) in enumerate(PARENTS.items()):
            db.execute("INSERT INTO codes (id, codebook_id, key, label, parent_id, position) "
                       "VALUES (?, 'cb', ?, ?, ?, ?)", [code, f"k{code}", f"code {code}", parent, position])
        for d in (1, 2, 3):
            db.execute("INSERT INTO documents (id, name, kind, text, sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                       [d, f"doc {d}", "mailbox" if d == 3 else "groepsgesprek", TEXT, str(d), now()])
        db.execute("INSERT INTO document_attributes (document_id, name, value) VALUES (2, 'sector', 'BuO')")
        for c in range(1, 7):
            db.execute("INSERT INTO cases (id, name, label, document_id) VALUES (?, ?, ?, ?)",
                       [c, f"case {c}", f"Spreker {c}", 1 + (c - 1) // 2])
            if rng.random() < 0.7:
                db.execute("INSERT INTO case_attributes (case_id, name, value) VALUES (?, 'sector', ?)",
                           [c, rng.choice(["GeO", "BuO"])])
            if rng.random() < 0.7:
                db.execute("INSERT INTO case_attributes (case_id, name, value) VALUES (?, 'rol', ?)",
                           [c, rng.choice(["leerkracht", "directie"])])
            db.execute("INSERT INTO case_attributes (case_id, name, value, type) VALUES (?, 'leeftijd', '4', 'number')",
                       [c])
        spans: list[tuple[int, int, int, int | None]] = []
        for _ in range(n_codings):
            if spans and rng.random() < 0.3:
                document, start, end, case = rng.choice(spans)
            else:
                document = rng.randint(1, 3)
                start = rng.randrange(0, 250)
                end = start + rng.randint(1, 40)
                case = rng.choice([None, 2 * document - 1, 2 * document])
                spans.append((document, start, end, case))
            db.execute("INSERT INTO codings (document_id, start, end, code_id, valence, coder, case_id, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [document, start, end, rng.choice(list(PARENTS)),
                        rng.choice(["sterkte", "groeikans", "neutraal"]), rng.choice(["an", "bo"]), case, now(), now()])
    return project


def _expected(project, code: int, rollup: bool, sector: str | None) -> pd.DataFrame:
    """The fragments by definition, from plain SQL rows and Python sets."""
    db = project.conn
    wanted = SUBTREE[code] if rollup else {code}
    case_attribute = {(c, n): v for c, n, v in db.execute("SELECT case_id, name, value FROM case_attributes")}
    document_attribute = {(d, n): v for d, n, v in
                          db.execute("SELECT document_id, name, value FROM document_attributes")}

    def attribute(document, case, name):
        return case_attribute.get((case, name), document_attribute.get((document, name)))

    found: dict[tuple[int, int, int], dict] = {}
    for document, start, end, code_id, valence, case in db.execute(
            "SELECT document_id, start, end, code_id, valence, case_id FROM codings ORDER BY id"):
        if code_id not in wanted or (sector and attribute(document, case, "sector") != sector):
            continue
        row = found.setdefault((document, start, end), {"codes": set(), "valences": set(), "codings": 0, "case": case})
        row["codes"].add(f"k{code_id}")
        row["valences"].add(valence)
        row["codings"] += 1
    return pd.DataFrame([{"document_id": d, "start": s, "end": e, "text": TEXT[s:e], "codes": row["codes"],
                          "valences": row["valences"], "codings": row["codings"],
                          "sector": attribute(d, row["case"], "sector"), "rol": attribute(d, row["case"], "rol")}
                         for (d, s, e), row in sorted(found.items())])


def _as_found(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "document_id": rows["document_id"].tolist(), "start": rows["start"].tolist(), "end": rows["end"].tolist(),
        "text": rows["text"].tolist(), "codes": [set(c.split(", ")) for c in rows["codes"]],
        "valences": [set(v.split(", ")) for v in rows["valences"]], "codings": rows["codings"].tolist(),
        "sector": [None if pd.isna(v) else v for v in rows["sector"]],
        "rol": [None if pd.isna(v) else v for v in rows["rol"]]})


@PROPERTY
@given(seed=st.integers(0, 10_000), n=st.integers(0, 60), code=st.sampled_from(list(PARENTS)), rollup=st.booleans(),
       sector=st.sampled_from([None, "GeO", "BuO"]))
def test_fragments_of_a_code_are_the_coded_spans_by_definition(tmp_path, seed, n, code, rollup, sector):
    with _project(tmp_path, seed, n) as project:
        attributes = {"sector": sector} if sector else None
        for _ in range(2):  # a second call reuses the read: same answer
            rows = analysis.fragments(project, code_id=code, attributes=attributes, rollup=rollup)
            expected = _expected(project, code, rollup, sector)
            assert _as_found(rows).to_dict("records") == expected.to_dict("records")
        project.conn.execute("INSERT INTO codings (document_id, start, end, code_id, valence, coder, case_id, "
                             "created_at, updated_at) VALUES (2, 3, 9, ?, 'sterkte', 'an', NULL, ?, ?)",
                             [code, now(), now()])
        project.conn.commit()
        rows = analysis.fragments(project, code_id=code, attributes=attributes, rollup=rollup)
        assert _as_found(rows).to_dict("records") == _expected(project, code, rollup, sector).to_dict("records")


def test_fragments_page_rows_carry_attribution_from_the_case(tmp_path):
    with _project(tmp_path, 3, 40) as project:
        rows = retrieval.code_fragments(project, 1)
        db = project.conn
        for case, label in zip(rows.merge(analysis.fragments(project, code_id=1),
                                          on=["document_id", "start", "end"])["case_id"], rows["attribution"]):
            if pd.isna(case):
                assert label is None or pd.isna(label)
                continue
            values = dict(db.execute("SELECT name, value FROM case_attributes WHERE case_id = ?", [int(case)]))
            role = values.get("rol") or "respondent"
            assert label == (f"{role} ({values['sector']})" if values.get("sector") else role)


def _context_by_query(db, text: str, document: int, start: int, end: int, width: int) -> tuple[str, str]:
    """The definition: the query the Fragments page ran once per fragment."""
    unit = db.execute(
        """SELECT start, end FROM units WHERE document_id = ? AND kind != 'sentence' AND start <= ? AND ? < end
           ORDER BY end - start LIMIT 1""", [document, start, start]).fetchone()
    lo, hi = (unit[0], max(unit[1], end)) if unit else (max(0, start - width), end + width)
    lo, hi = max(lo, start - width), min(hi, end + width)
    return text[lo:start], text[end:hi]


@st.composite
def units_and_fragments(draw):
    lengths = st.sampled_from([5, 10, 20, 40, 80])  # few lengths: many ties between different units
    units = draw(st.lists(st.tuples(st.sampled_from([1, 2]),
                                    st.sampled_from(["paragraph", "heading", "turn", "answer", "sentence"]),
                                    st.integers(0, 120), lengths), max_size=40))  # crowded: many overlaps
    fragments = draw(st.lists(st.tuples(st.sampled_from([1, 2]), st.integers(0, 200), st.integers(1, 30)),
                              min_size=1, max_size=30, unique_by=lambda f: f[:2]))
    return units, fragments, draw(st.sampled_from([3, 15, 160]))


@PROPERTY
@given(case=units_and_fragments())
def test_context_is_the_shortest_unit_holding_the_start(tmp_path, case):
    units, fragments, width = case
    with _project(tmp_path, 0, 0) as project:
        db = project.conn
        with db:
            db.executemany("INSERT INTO units (document_id, kind, start, end) VALUES (?, ?, ?, ?)",
                           [(d, kind, start, start + length) for d, kind, start, length in units])
        rows = pd.DataFrame(sorted((d, s, s + n) for d, s, n in fragments), columns=["document_id", "start", "end"])
        before, after = retrieval._contexts(db, rows, {1: TEXT, 2: TEXT}, width)
        expected = [_context_by_query(db, TEXT, d, s, e, width) for d, s, e in rows.itertuples(index=False)]
        assert list(zip(before, after)) == expected


@pytest.mark.parametrize("width", [0, 160])
def test_context_in_a_long_document_is_read_in_parts(tmp_path, monkeypatch, width):
    """More units x fragments than one comparison block: the blocks together give the same answer."""
    monkeypatch.setattr(retrieval, "_CELLS", 64)
    rng = random.Random(5)
    with _project(tmp_path, 0, 0) as project:
        db = project.conn
        with db:
            db.executemany("INSERT INTO units (document_id, kind, start, end) VALUES (1, ?, ?, ?)",
                           [(rng.choice(["turn", "paragraph"]), s, s + rng.randint(1, 60))
                            for s in rng.sample(range(290), 50)])
        rows = pd.DataFrame([(1, s, s + 5) for s in range(0, 290, 3)], columns=["document_id", "start", "end"])
        before, after = retrieval._contexts(db, rows, {1: TEXT}, width)
        assert list(zip(before, after)) == [_context_by_query(db, TEXT, 1, s, s + 5, width) for s in range(0, 290, 3)]

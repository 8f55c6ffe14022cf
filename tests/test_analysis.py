"""Analysis tables on the hand-made project of tests/analysis_project.py, answers worked out by hand."""

import pytest

from coding import analysis
from coding.store.project import ProjectError, open_project

from analysis_project import SEALED_NAME, build

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = open_project(tmp_path_factory.mktemp("analysis") / "p.db", create=True)
    yield build(project)
    project.close()


def row(table, key, **where):
    chosen = table[table["key"] == key]
    for column, value in where.items():
        chosen = chosen[chosen[column] == value]
    assert len(chosen) == 1, (key, where)
    return chosen.iloc[0]


def test_frequencies_roll_up_counting_each_fragment_once(built):
    table = analysis.frequencies(built.project)
    assert list(table["key"]) == ["uitrol", "uitrol.modellen", "uitrol.vorming", "relatie", "cultureel"]
    # modellen: codings 1 (T1 Leerkracht 1), 4 (T3 Ondersteuner A), 6 (T4 part, Leerkracht 1),
    # 13 (A2 Respondent 2); coding 3 sits in the facilitator's turn and is not data.
    # 4 fragments, speakers {LK1, OndA, R2} = 3 (participants {LK1, OndA}, respondents {R2}),
    # documents {D1, D4} = 2, sessions {S1} = 1 (a mailbox is a source, not a session).
    modellen = row(table, "uitrol.modellen")
    assert (modellen.fragments, modellen.speakers, modellen.documents, modellen.sessions) == (4, 3, 2, 1)
    assert (modellen.participants, modellen.respondents) == (2, 1)
    # valence: 1, 6, 13 sterkte; 4 groeikans
    assert (modellen.fragments_sterkte, modellen.fragments_groeikans, modellen.fragments_neutraal) == (3, 1, 0)
    assert (modellen.speakers_sterkte, modellen.speakers_groeikans) == (2, 1)
    # vorming: 2 (D1) and 7 (D2, the written input of the same session S1): 2 documents, 1 session
    vorming = row(table, "uitrol.vorming")
    assert (vorming.fragments, vorming.speakers, vorming.documents, vorming.sessions) == (2, 2, 2, 1)
    # uitrol = modellen + vorming, but T1 carries both (codings 1 and 2): 4 + 2 - 1 = 5 fragments;
    # speakers {LK1, OndA, R2, LK5} = 4; documents {D1, D2, D4} = 3; sessions {S1} = 1.
    uitrol = row(table, "uitrol")
    assert (uitrol.fragments, uitrol.speakers, uitrol.documents, uitrol.sessions) == (5, 4, 3, 1)
    # T1 is sterkte (1) and groeikans (2): it counts once under each valence, once in the total
    # sterkte {T1, T4 part, A2} = 3; groeikans {T1, T3, T5} = 3; 3 + 3 != 5
    assert (uitrol.fragments_sterkte, uitrol.fragments_groeikans) == (3, 3)
    # relatie: 5 (T4), 8 and 9 (T6, same span by two coders: one fragment), 10 (A1), 11 (A2)
    # sessions: S1, int_net (no sessie attribute: its own session); the mailbox is no session
    relatie = row(table, "relatie")
    assert (relatie.fragments, relatie.speakers, relatie.documents, relatie.sessions) == (4, 4, 3, 2)
    assert (relatie.participants, relatie.respondents) == (2, 2)
    assert (relatie.fragments_sterkte, relatie.fragments_groeikans) == (1, 3)


def test_frequencies_without_rollup_count_only_direct_codings(built):
    table = analysis.frequencies(built.project, rollup=False)
    # nobody codes the grouping code uitrol itself
    assert row(table, "uitrol").fragments == 0
    assert row(table, "uitrol.modellen").fragments == 4


def test_frequencies_filtered_by_attributes_kind_coder_and_valence(built):
    project = built.project
    # sector GeO: LK1, LK5, R1, R3. uitrol: T1 (1, 2), T4 part (6), T5 (7) = 3 fragments, 2 speakers
    geo = analysis.frequencies(project, filters={"sector": "GeO"})
    assert (row(geo, "uitrol").fragments, row(geo, "uitrol").speakers) == (3, 2)
    # relatie GeO: T4 (LK1) and A1 (R1)
    assert row(geo, "relatie").fragments == 2
    # a document attribute, inherited by the speakers: respondentgroep leerkrachten GeO = D1 + D2
    group = analysis.frequencies(project, filters={"respondentgroep": "leerkrachten GeO"})
    assert row(group, "uitrol").fragments == 4  # T1, T3, T4 part, T5
    mailbox = analysis.frequencies(project, filters={"kind": "mailbox"})
    assert [row(mailbox, k).fragments for k in ("uitrol", "relatie", "cultureel")] == [1, 2, 1]
    # coder bo made only coding 9
    bo = analysis.frequencies(project, filters={"coder": "bo"})
    assert row(bo, "relatie").fragments == 1 and bo["fragments"].sum() == 1
    strong = analysis.frequencies(project, filters={"valence": "sterkte"})
    assert row(strong, "relatie").fragments == 1  # T4 only
    # a list means any of the values: rol leerkracht or ondersteuner = LK1, LK5, OndA
    roles = analysis.frequencies(project, filters={"rol": ["leerkracht", "ondersteuner"]})
    assert row(roles, "uitrol.modellen").fragments == 3  # T1, T3, T4 part


def test_frequencies_by_attribute(built):
    table = analysis.frequencies(built.project, by="sector")
    # relatie: GeO T4 + A1; BuO A2; the coordinator has no sector: (onbekend) T6
    assert row(table, "relatie", sector="GeO").fragments == 2
    assert row(table, "relatie", sector="BuO").fragments == 1
    assert row(table, "relatie", sector=analysis.MISSING).fragments == 1


def test_unknown_names_are_clear_errors(built):
    with pytest.raises(ProjectError, match="no attribute 'provincie'"):
        analysis.frequencies(built.project, filters={"provincie": "x"})
    with pytest.raises(ProjectError, match="no codebook 'nope'"):
        analysis.frequencies(built.project, codebook="nope")
    with pytest.raises(ProjectError, match="valence"):
        analysis.frequencies(built.project, filters={"valence": "positief"})


def test_balance_per_sector(built):
    table = analysis.balance(built.project, by="sector")
    # uitrol GeO: sterkte {T1, T4 part}, groeikans {T1, T5}; BuO: T3 groeikans, A2 sterkte
    geo = row(table, "uitrol", sector="GeO")
    assert (geo.sterkte, geo.groeikans, geo.total, geo.share_sterkte) == (2, 2, 3, 0.5)
    buo = row(table, "uitrol", sector="BuO")
    assert (buo.sterkte, buo.groeikans) == (1, 1)
    # counted as speakers: uitrol GeO sterkte = LK1 (T1 and T4 part) = 1
    speakers = analysis.balance(built.project, by="sector", measure="speakers")
    assert row(speakers, "uitrol", sector="GeO").sterkte == 1
    assert list(table["key"].drop_duplicates()) == ["uitrol", "uitrol.modellen", "uitrol.vorming", "relatie",
                                                     "cultureel"]


def test_code_by_attribute_matrix_with_shares(built):
    matrix = analysis.code_matrix(built.project, "respondentgroep")
    # D1 + D2 = leerkrachten GeO: uitrol has T1, T3, T4 part, T5 = 4; the mailbox has no respondentgroep:
    # (onbekend) A2 = 1. Row share 4/5. Column: leerkrachten GeO holds 5 fragments in all
    # (T1, T3, T4, T4 part, T5), so 4/5; (onbekend) holds A1, A2, A3: 1/3.
    cell = row(matrix, "uitrol", respondentgroep="leerkrachten GeO")
    assert (cell["count"], cell.row_share, cell.column_share) == (4, 0.8, 0.8)
    assert row(matrix, "uitrol", respondentgroep=analysis.MISSING).column_share == pytest.approx(0.333)
    assert row(matrix, "relatie", respondentgroep="netverantwoordelijken")["count"] == 1
    by_document = analysis.code_matrix(built.project, "document")
    assert row(by_document, "relatie", document="mailbox")["count"] == 2
    table = analysis.pivot(matrix, "respondentgroep")
    assert list(table.columns[:2]) == ["key", "label"] and table.loc[0, "leerkrachten GeO"] == 4


def test_sources_flag_addition_contradiction_confirmation(built):
    table = analysis.sources(built.project, min_fragments=2)
    # cultureel only in the mailbox (A3): aanvulling
    assert row(table, "cultureel").role == "aanvulling"
    # relatie: sessions T4 sterkte, T6 groeikans: share 0.5 (2 valenced); mailbox A1, A2 groeikans: 0.0 (2);
    # |0.5 - 0.0| >= 0.4 with >= 2 on both sides: tegenspraak
    relatie = row(table, "relatie")
    assert (relatie.sessions_share_sterkte, relatie.mailbox_share_sterkte, relatie.role) == (0.5, 0.0, "tegenspraak")
    # modellen: sessions 2 of 3 sterkte (0.667), mailbox 1 of 1: differs by 0.33: bevestiging
    assert row(table, "uitrol.modellen").role == "bevestiging"
    # vorming: not in the mailbox
    assert row(table, "uitrol.vorming").role == ""
    assert (row(table, "relatie").groepsgesprek, row(table, "relatie").interview, row(table, "relatie").mailbox) == (1, 1, 2)
    # with the default minimum of 3 valenced fragments per side relatie is only a confirmation
    assert row(analysis.sources(built.project), "relatie").role == "bevestiging"


def test_cooccurrence_of_overlapping_spans_and_drill_down(built):
    pairs = analysis.cooccurrence(built.project)
    # modellen + relatie: T4 (relatie on the turn, modellen on its first 20 characters) and A2 (same span) = 2
    # modellen + vorming: T1 = 1. relatie with itself (T6, two coders) is no pair.
    assert [(a, b, n) for a, b, n in pairs[["key_a", "key_b", "count"]].itertuples(index=False)] == [
        ("uitrol.modellen", "relatie", 2), ("uitrol.modellen", "uitrol.vorming", 1)]
    behind = analysis.pair_fragments(built.project, built.codes["uitrol.modellen"], built.codes["relatie"])
    t4, a2 = built.spans["T4"], built.spans["A2"]
    assert [(r.document_id, r.start, r.end) for r in behind.itertuples()] == [t4, a2]
    assert behind.loc[0, "end_a"] - behind.loc[0, "start_a"] == 20
    assert behind.loc[1, "text"] == built.texts["mailbox"][a2[1]:a2[2]]


def test_fragments_drill_down_with_attribution_never_identity(built):
    rows = analysis.fragments(built.project, code_id=built.codes["uitrol"], attributes={"sector": "GeO"})
    # GeO codings under uitrol: 1 + 2 (T1, one fragment), 6 (T4 part), 7 (T5)
    t1, t4, t5 = built.spans["T1"], built.spans["T4"], built.spans["T5"]
    assert [(r.document_id, r.start, r.end) for r in rows.itertuples()] == [t1, (t4[0], t4[1], t4[1] + 20), t5]
    first = rows.iloc[0]
    assert first.text == built.texts["gg_geo"][t1[1]:t1[2]]
    assert (first.case, first.rol, first.sector, first.ondersteuningsmodel) == (
        "Leerkracht 1", "leerkracht", "GeO", "co-teaching")
    assert first.codes == "uitrol.modellen, uitrol.vorming" and first.valences == "sterkte, groeikans"
    everything = analysis.fragments(built.project)
    assert SEALED_NAME not in everything.to_csv()
    # the facilitator's turn (coding 3) never shows up
    assert "Procesbegeleider" not in set(everything["case"].dropna())
    growth = analysis.fragments(built.project, code_id=built.codes["relatie"], valence="groeikans")
    assert len(growth) == 3  # T6, A1, A2


def test_prevalence_and_quantifier(built):
    # relatie among GeO speakers: GeO data speakers LK1, LK5, R1, R3 (4); relatie: LK1, R1 -> 2/4
    found = analysis.prevalence(built.project, built.codes["relatie"], group=("sector", "GeO"))
    assert (found["count"], found["total"], found["share"], found["quantifier"]) == (2, 4, 0.5, "heel wat")
    # sessions: S1 (D1 + D2) and int_net; relatie is in both -> alle
    sessions = analysis.prevalence(built.project, built.codes["relatie"], unit="sessions")
    assert (sessions["count"], sessions["total"], sessions["quantifier"]) == (2, 2, "alle")
    words = [analysis.quantifier(n, 20) for n in (0, 1, 20, 11, 10, 5, 2)]
    assert words == ["geen", "slechts één", "alle", "de meeste", "heel wat", "heel wat", "een aantal"]
    assert analysis.quantifier(2, 40) == "enkele"


def test_prevalence_of_a_parent_code_under_attribute_filters(built):
    # uitrol rolls up modellen + vorming: speakers LK1 (1, 2, 6), OndA (4), LK5 (7), R2 (13) out of 7 data speakers
    uitrol = built.codes["uitrol"]
    assert analysis.prevalence(built.project, uitrol)["count"] == 4
    # filters narrow the codings, not the population: GeO -> LK1, LK5; the mailbox -> R2 only
    geo = analysis.prevalence(built.project, uitrol, filters={"sector": "GeO"})
    assert (geo["count"], geo["total"]) == (2, 7)
    mailbox = analysis.prevalence(built.project, uitrol, filters={"kind": "mailbox"})
    assert (mailbox["count"], mailbox["quantifier"]) == (1, "slechts één")
    with pytest.raises(ProjectError, match="does not exist"):
        analysis.prevalence(built.project, 999_999, filters={"sector": "GeO"})


def test_data_collection_overview(built):
    table = analysis.overview(built.project)
    session = table[table["session"] == "S1"].iloc[0]
    # D1 with its written input D2; 8 participants stated; speakers LK1 and OndA (facilitator not data)
    assert (session.kind, session.datum, session.locatie, session.participants, session.speakers,
            session.written_input) == ("groepsgesprek", "2016-03-01", "Brugge", 8, 2, 1)
    interview = table[table["session"] == "int_net"].iloc[0]
    assert (interview.participants, interview.written_input) == (1, 0)  # no stated N: the speakers
    assert table[table["kind"] == "mailbox"].iloc[0].responses == 3


def test_mailbox_crosstab(built):
    table = analysis.mailbox_crosstab(built.project).set_index("sector")
    # R1, R3: GeO / GO!; R2: BuO / OVSG
    assert (table.loc["GeO", "GO!"], table.loc["BuO", "OVSG"], table.loc["totaal", "totaal"]) == (2, 1, 3)


def test_self_rating_bands_and_changes(built):
    bands = analysis.ratings(built.project).set_index(["sector", "moment", "band"])
    # GeO: start 4 (<5) and 6 (5-7); now 7 and 5 (both 5-7). BuO: 8 -> 8 (>=8).
    assert bands.loc[("GeO", "start", "<5"), "count"] == 1
    assert bands.loc[("GeO", "nu", "5-7"), "count"] == 2 and bands.loc[("GeO", "nu", "5-7"), "share"] == 1.0
    assert bands.loc[("BuO", "start", ">=8"), "count"] == 1
    assert [analysis.band(v) for v in (4.9, 5, 7.5, 8)] == ["<5", "5-7", "5-7", ">=8"]
    changes = analysis.rating_changes(built.project).set_index("sector")
    # GeO: R1 rose (4 -> 7), R3 fell (6 -> 5); means 5.0 -> 6.0. BuO: R2 stayed.
    geo = changes.loc["GeO"]
    assert (geo.rose, geo.stayed, geo.fell, geo.share_rose, geo.mean_start, geo.mean_now) == (1, 0, 1, 0.5, 5.0, 6.0)
    assert changes.loc["BuO"].stayed == 1
    summary = analysis.rating_summary(built.project).set_index("sector")
    assert summary.loc["GeO", "start <5"] == 1 and summary.loc["GeO", "rose"] == 1


def test_tables_follow_changes_from_this_and_other_connections(tmp_path):
    from coding.codings.operations import add_coding, delete_coding

    path = tmp_path / "p.db"
    with open_project(path, create=True) as project:
        built = build(project)
        assert row(analysis.frequencies(project), "cultureel").fragments == 1
        # a new coding of cultureel on T3 (Ondersteuner A) through this connection
        document, start, end = built.spans["T3"]
        coding = add_coding(project, "an", document, start, end, built.codes["cultureel"], "groeikans")
        assert row(analysis.frequencies(project), "cultureel").fragments == 2
        # and removed again through another connection (another user's window)
        with open_project(path) as other:
            delete_coding(other, "an", coding)
        assert row(analysis.frequencies(project), "cultureel").fragments == 1


def test_codings_in_a_non_data_turn_without_a_case_are_left_out(tmp_path):
    from coding.codings.operations import add_coding
    from coding.store.project import now

    with open_project(tmp_path / "p.db", create=True) as project:
        built = build(project)
        before = analysis.frequencies(project)
        text = "Moderator: even voorstellen.\nLeerkracht 9: de vorming was sterk."
        with project.write("tester", "seed") as tx:
            doc = tx.insert("documents", {"name": "extra", "kind": "groepsgesprek", "text": text, "sha256": "e",
                                          "imported_at": now()})
            tx.insert("units", {"document_id": doc, "kind": "turn", "start": 0, "end": 28, "is_data": 0})
        add_coding(project, "an", doc, 0, 28, built.codes["uitrol.vorming"], "sterkte")  # facilitator talk
        add_coding(project, "an", doc, 29, len(text), built.codes["uitrol.vorming"], "sterkte")  # data, no case
        after = analysis.frequencies(project)
        # only the second coding counts: one more fragment and document, no extra speaker
        assert row(after, "uitrol.vorming").fragments == row(before, "uitrol.vorming").fragments + 1
        assert row(after, "uitrol.vorming").speakers == row(before, "uitrol.vorming").speakers


@pytest.mark.parametrize("workers", [2, 3])
def test_a_read_split_over_cores_gives_the_same_tables(built, monkeypatch, workers):
    """Big projects are read in code ranges on parallel connections; the tables must not change."""
    from coding.analysis import data

    project = built.project
    single = [analysis.frequencies(project, by="sector"), analysis.code_matrix(project, "rol")]
    monkeypatch.setattr(data, "PARALLEL_FROM", 0)
    monkeypatch.setattr(data.os, "cpu_count", lambda: workers)
    parts = []
    query_part = data._query_part
    monkeypatch.setattr(data, "_query_part", lambda *args: parts.append(args) or query_part(*args))
    data.forget(project)
    split = [analysis.frequencies(project, by="sector"), analysis.code_matrix(project, "rol")]
    assert len(parts) == workers
    for one, other in zip(single, split):
        assert one.equals(other)

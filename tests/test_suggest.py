"""Rule autocoding, learned suggestions and the suggestion queue, on a small project built here."""

import pytest

from coding.store import history
from coding.suggest.autocode import RuleMatcher, codebook_codes
from coding.codings.operations import add_coding
from coding.codebooks.codes import resolve_code
from coding.text.scopes import ScopeUnit, scope_units
from coding.store.project import ProjectError, open_project
from coding.suggest.evaluate import evaluate, folds_of
from coding.suggest.queue import (SUGGEST_ACTOR, accept, change, decisions, queue, refresh_queue, reject,
                                rule_suggestions, suggest)

import suggest_project as sp

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    return sp.build(tmp_path_factory.mktemp("suggest"))


@pytest.fixture
def project(master, tmp_path):
    with open_project(sp.copy(master, tmp_path)) as p:
        yield p


def _row(project, table, key):
    return next(project.db.query(f"SELECT * FROM {table} WHERE id = ?", [key]))


def _count(project, table):
    return project.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _text(project, unit):
    return _row(project, "documents", unit.document_id)["text"][unit.start:unit.end]


def _code(project, key):
    return resolve_code(project.conn, key, "proef")


def test_rules_match_lemmas_phrases_and_respect_exclude(project):
    found = {(_text(project, s.unit), s.code_id): s.reason["matched"]
             for s in rule_suggestions(project.conn, "proef")}
    # "uur" matches the plural-free sentence; "uurrooster" vetoes Tijd even though it is about hours
    assert found[("Eén uur per week is echt te weinig voor zo'n grote school.", _code(project, "tijd"))] == ["uur"]
    assert not any(t.startswith("Het uurrooster") for t, _ in found)
    # a lemma rule finds an inflected form: "leerlingen" -> leerling
    assert "leerling" in found[("De leerlingen kregen extra uitleg bij het rekenen.", _code(project, "klas"))]
    # a phrase rule ("samen plannen") finds "plannen samen"? no: phrases keep their order
    assert not any(t == "We plannen samen de lessen." for t, _ in found)
    # the coffee talk is Overleg for the coder, but no rule can know that
    assert not any(t == sp.UNCODED_COFFEE for t, _ in found)


def test_unit_scopes_group_sentences(project):
    sentences = scope_units(project.conn, "sentence")
    answers = scope_units(project.conn, "answer")
    documents = scope_units(project.conn, "document")
    assert len(documents) == 2
    # answers exist only in the mailbox (the report has no speakers): 7 answers, R1's positive has 2 sentences
    assert len(answers) == 7
    r1 = next(a for a in answers if _text(project, a).startswith("De ondersteuner komt"))
    assert _text(project, r1).endswith("vinden dat fijn.")
    assert r1.context == "positieve ervaring"
    # a report sentence carries the heading above it as context
    coffee = next(s for s in sentences if _text(project, s) == sp.UNCODED_COFFEE)
    assert coffee.context == "in de klas"
    with pytest.raises(ProjectError, match="unit must be one of"):
        scope_units(project.conn, "chapter")


def test_model_learns_what_rules_cannot_and_skips_coded_units(project):
    found = suggest(project, "proef", "an", top=3)
    coded_quotes = {q for q, _, _ in sp.CODED}
    assert not any(_text(project, s.unit) in coded_quotes for s in found)
    coffee = [s for s in found if _text(project, s.unit) == sp.UNCODED_COFFEE]
    assert [s.rank for s in coffee] == [1, 2, 3]
    assert coffee[0].code_id == _code(project, "overleg")
    assert coffee[0].valence == "sterkte"          # learned from the coder's valences
    assert coffee[0].reason["similar"]["where"][0] == coffee[0].unit.document_id
    assert coffee[0].score > coffee[1].score


def test_without_codings_codebook_rules_examples_and_synonyms_drive_suggestions(project):
    found = suggest(project, "proef", coder="nobody", scope="answer", top=1)
    by_text = {_text(project, s.unit): s for s in found}
    assert by_text["Maar één uur per week voor onze school."].code_id == _code(project, "tijd")
    assert by_text["Maar één uur per week voor onze school."].valence == "groeikans"   # "Negatieve ervaringen"
    assert by_text["De vergadering met het team helpt."].valence == "sterkte"    # "Positieve ervaringen"
    assert by_text["De vergadering met het team helpt."].code_id == _code(project, "overleg")


def test_queue_accept_change_reject_and_undo(project):
    count = refresh_queue(project, "proef", "an")
    items = queue(project.conn, "proef", "an")
    assert count == len(items) > 0
    assert {"text", "code_path", "reason", "score", "valence"} <= set(items[0])
    coffee = [i for i in items if i["text"] == sp.UNCODED_COFFEE]
    codings_before = _count(project, "codings")

    coding_id = accept(project, "an", coffee[0]["id"])
    coding = _row(project, "codings", coding_id)
    assert (coding["coder"], coding["code_id"], coding["valence"]) == ("an", coffee[0]["code_id"], coffee[0]["valence"])
    assert _row(project, "suggestions", coffee[0]["id"])["status"] == "accepted"
    with pytest.raises(ProjectError, match="already accepted"):
        reject(project, "an", coffee[0]["id"])

    # the coder's undo takes back the acceptance, not the queue refresh
    history.undo(project, "an")
    assert _count(project, "codings") == codings_before
    assert _row(project, "suggestions", coffee[0]["id"])["status"] == "open"

    changed = change(project, "an", coffee[1]["id"], valence="groeikans")
    assert _row(project, "codings", changed)["valence"] == "groeikans"
    assert _row(project, "suggestions", coffee[1]["id"])["status"] == "changed"

    with pytest.raises(ProjectError, match="made for an"):
        reject(project, "bo", coffee[2]["id"])
    reject(project, "an", coffee[2]["id"])
    assert [d["status"] for d in decisions(project.conn, "proef", "an")] == ["rejected", "changed"]
    assert next(project.db.query("SELECT action FROM events WHERE actor = ?", [SUGGEST_ACTOR]))["action"] == "suggest"


def test_rejected_suggestions_do_not_come_back(project):
    refresh_queue(project, "proef", "an")
    first = [i for i in queue(project.conn, "proef", "an") if i["text"] == sp.UNCODED_COFFEE][0]
    reject(project, "an", first["id"])
    refresh_queue(project, "proef", "an")
    again = [i for i in queue(project.conn, "proef", "an") if i["text"] == sp.UNCODED_COFFEE]
    assert first["code_id"] not in {i["code_id"] for i in again}
    assert len(again) == 2          # the other two codes of this three-code codebook


def test_each_new_coding_retrains_the_model(project):
    tijd = _code(project, "tijd")
    target = "Het uurrooster liet geen ruimte voor iets extra."   # the rules exclude "uurrooster"

    def tijd_score():
        found = suggest(project, "proef", "an", top=3)
        return next(s.score for s in found if _text(project, s.unit) == target and s.code_id == tijd)

    before = tijd_score()
    answer = next(u for u in scope_units(project.conn, "answer") if _text(project, u).startswith("Het uurrooster"))
    add_coding(project, "an", answer.document_id, answer.start, answer.end, tijd, "groeikans")
    assert tijd_score() > before
    history.undo(project, "an")
    assert tijd_score() == pytest.approx(before, abs=0.02)


def test_evaluation_compares_model_rules_and_most_frequent_on_same_folds(project):
    result = evaluate(project.conn, "proef", "an", folds=3, seed=7)
    summary = result.summary.set_index("method")
    assert list(summary.index) == ["model", "rules", "most frequent"]
    assert (summary["units"] == len(sp.CODED)).all()
    assert summary["top1"].between(0, 1).all() and (summary["top3"] >= summary["top1"]).all()
    assert summary.loc["model", "top1"] >= summary.loc["most frequent", "top1"]
    assert set(result.per_code["method"]) == {"model", "rules", "most frequent"}
    assert result.summary.equals(evaluate(project.conn, "proef", "an", folds=3, seed=7).summary)
    with pytest.raises(ProjectError, match="need at least 10"):
        evaluate(project.conn, "proef", "an", folds=10)


def test_folds_are_seeded_and_balanced():
    folds = folds_of(23, 5, seed=3)
    assert folds == folds_of(23, 5, seed=3) and folds != folds_of(23, 5, seed=4)
    sizes = [folds.count(f) for f in range(5)]
    assert max(sizes) - min(sizes) <= 1


def test_valence_synonyms_are_lemmatised_cues(project):
    matcher = RuleMatcher(codebook_codes(project.conn, "proef"))
    assert matcher.valence_cues("dat be een echt knelpunt") == {"groeikans": ["knelpunt"]}
    assert matcher.valence_cues("een belangrijk hefboom") == {"sterkte": ["hefboom"]}


def _lemmas(text):
    from coding.text import nlp
    return " ".join(nlp.lemmas(text))


SPOKEN_CUES = [  # how people say it in a group interview
    ("Het overleg met de ondersteuner loopt vlot.", "sterkte", "lopen vlot"),
    ("Het overleg met de ondersteuner loopt niet vlot.", "groeikans", "niet vlot"),
    ("Een extra vergadering was voor ons geen probleem.", "sterkte", "geen probleem"),
    ("Er is te weinig tijd voor de klas.", "groeikans", "te weinig"),
    ("De planning van de uren was onvoldoende.", "groeikans", "onvoldoende"),
    ("Het is niet goed geregeld met de uren.", "groeikans", "niet goed"),
    ("Het project helpt niet.", "groeikans", "helpen niet"),
    ("In het begin was het zwaar, maar nu hebben de leerlingen er veel aan gehad.", "sterkte", "veel aan hebben"),
    ("Er is geen ruimte om samen te plannen.", "groeikans", "geen ruimte"),
    ("Er was nood aan een duidelijke taakverdeling.", "groeikans", "nood aan"),
    ("Hopelijk komt er volgend jaar een vaste en stabiele ploeg.", "groeikans", "hopelijk"),
    # an imagined loss values the thing; relief that something is over says it weighed
    ("Het zou echt spijtig zijn mocht deze ondersteuning stoppen.", "sterkte", "mogen ... stop"),
    ("Als de uren wegvallen, staan we weer nergens.", "sterkte", "als ... wegvallen"),
    ("We zijn blij dat het schooljaar erop zit, want zo hield niemand het vol.", "groeikans", "blij ... erop"),
    ("Er is dit jaar geen enkele sessie niet doorgegaan.", "sterkte", "doorgaan"),
    ("De sessie van maart is niet doorgegaan.", "groeikans", "niet doorgaan"),
    # after "toch" the second half carries the verdict
    ("In het begin weinig vertrouwen, toch sta ik nu met plezier mee voor de klas.", "sterkte", "met plezier"),
]
REPORT_CUES = [  # how an evaluation or inspection report writes it: these say one valence only
    ("De school slaagt erin om een veilig klimaat te scheppen.", "sterkte", "slagen erin"),
    ("Er is een goede wisselwerking met het CLB.", "sterkte", "goede"),
    ("De school kan de zorg op klasniveau nog versterken.", "groeikans", "kan nog"),
    ("Het team zou de afspraken systematischer kunnen toepassen.", "groeikans", "zullen kunnen"),
    ("De opvolging gebeurt niet steeds consequent.", "groeikans", "niet steeds"),
    ("Het is een aandachtspunt voor het hele team.", "groeikans", "aandachtspunt"),
    ("Er waren weinig problemen met het rooster.", "sterkte", "weinig probleem"),
    ("Het schoolteam heeft er weinig zicht op.", "groeikans", "weinig zicht"),
    ("De zorgcoördinator draagt een te grote last.", "groeikans", "te grote"),
    # a concession argues the other way from the verdict
    ("Ondanks het beperkte aantal uren bezoekt de ondersteuner elke klas wekelijks.", "sterkte", "ondanks beperkte"),
    ("Hoewel de leraren positief staan tegenover de ondersteuning, blijft de aanpak beperkt.", "groeikans",
     "hoewel positief"),
    ("Co-teaching wordt vaak ingevuld als twee leraren naast elkaar, zonder duidelijke afspraken.", "groeikans",
     "zonder duidelijk"),
    ("Het inplannen van de observaties ging zonder veel gedoe.", "sterkte", "zonder gedoe"),
    ("Zonder haar was ik gestopt, denk ik.", "sterkte", "zonder ... gestopt"),
    ("Alles verliep zonder problemen.", "sterkte", "zonder probleem"),
    ("Geen enkele leraar in de gesprekken voelde zich verplicht om ondersteuning te aanvaarden.", "sterkte",
     "geen verplicht"),
    ("De ondersteuning wordt zelden bijgestuurd.", "groeikans", "zelden bijsturen"),
    # two negations across a relative clause make a whole
    ("Niemand in ons team die niet mee wilde.", "sterkte", "niemand ... niet"),
    ("Ik ken geen ondersteuner die niet overbevraagd is.", "groeikans", "overbevraagd"),
    ("Er was geen week dat we ons niet moesten reppen bij de nabespreking.", "groeikans", "geen ... niet moeten"),
    ("Er is dit jaar niet één les niet doorgegaan.", "sterkte", "doorgaan"),
    # a negation reaches every cue within its words; "graag" opens a wish
    ("Geen gedoe met papierwerk, gewoon een kort verslag per week.", "sterkte", "geen gedoe"),
    ("graag een werkingsbudget voor materiaal", "groeikans", "graag"),
    # a wish that something stays is praise
    ("Hopelijk blijft dit nog lang zo.", "sterkte", "hopelijk"),
    ("Laat ons dit aub behouden, het werkt.", "sterkte", "laat"),
    # advice opens with an imperative, and the strength it names is what it asks for
    ("Voorzie binnen de lesopdracht structureel tijd voor een duidelijk overleg.", "groeikans", "voorzien"),
    # ... but a participle that opens a unit is no imperative
    ("Stimulerende factoren zijn de steun van de directie en een open cultuur.", "sterkte", "stimuleren factor"),
    # a small share turns the verdict on what it counts; with no verdict, too few do it
    ("Slechts een minderheid van de leerkrachten is tevreden over de planning.", "groeikans", "minderheid tevreden"),
    ("Slechts een minderheid van de leerkrachten vindt de planning te krap.", "sterkte", "minderheid krap"),
    ("Minder dan de helft van de scholen heeft een vast overlegmoment met het netwerk.", "groeikans",
     "minder dan"),
    # a large share with no verdict of its own: most do it
    ("Het merendeel van de ondersteuners kon zijn expertise inzetten in de eigen regio.", "sterkte", "merendeel"),
    ("Het overgrote deel van de scholen nam deel aan de vorming.", "sterkte", "overgroot deel"),
    # a "niet" that closes its clause turns the cue of that clause
    ("Wachtlijsten voor een eerste gesprek zijn er in deze regio niet.", "sterkte", "wachtlijst niet"),
    # "ook al" concedes like "hoewel"
    ("Ook al is de tijd beperkt, toch plannen de leraren elke maand samen.", "sterkte", "al beperkt"),
    # a strength that is missing is room to grow
    ("Een gedeelde visie op leersteun ontbreekt nog in het team.", "groeikans", "gedeelde ontbreken"),
    ("De goede samenwerking met het netwerk wordt gehinderd door de regelgeving.", "groeikans", "goede hinderen"),
    # a partial negation is no wish that something stays, even beside "dezelfde"
    ("Er is niet altijd een ondersteuner van dezelfde school beschikbaar.", "groeikans", "niet altijd"),
    # research reports name what hinders and what they recommend
    ("De aparte regelgeving staat deze werking sterk in de weg.", "groeikans", "sterk in de weg"),
    ("Het is essentieel dat de netten een duidelijke visie op inclusie uitschrijven.", "groeikans",
     "is essentieel dat"),
]


@pytest.mark.parametrize("text, valence, cue, only", [(*c, False) for c in SPOKEN_CUES]
                         + [(*c, True) for c in REPORT_CUES])
def test_valence_cues_follow_negation_scope_contrast_and_report_phrasing(text, valence, cue, only):
    from coding.suggest.valence import CueFinder, reason_cue
    found = CueFinder().find(_lemmas(text))
    assert reason_cue(valence, found, []) == {"text": cue, "where": "tekst"}
    if only:
        assert reason_cue("groeikans" if valence == "sterkte" else "sterkte", found, []) is None


@pytest.mark.parametrize("text", ["Ik werk nu ook zo op de dag dat de ondersteuner er niet is.",
                                  "Ik deed het al goed, ik wist alleen niet waarom het werkte."])
def test_a_bare_niet_is_no_growth_point_and_a_wished_for_strength_no_strength(text):
    from coding.suggest.valence import CueFinder
    assert all(c.valence == "sterkte" for c in CueFinder().find(_lemmas(text)))
    wished = CueFinder().find(_lemmas("Er is behoefte aan een duidelijke en haalbare planning."))
    assert wished and all(c.valence == "groeikans" for c in wished)


def test_valence_classifier_works_before_any_coding_and_learns_the_coders_valences():
    from coding.suggest.valence import ValenceModel
    texts = ["De ondersteuning liep heel vlot.", "Er was geen probleem met het rooster.",
             "We kregen te weinig uren.", "Het overleg was niet duidelijk.",
             "Ik had graag meer uitleg gekregen over de aanpak."]
    rows = [(_lemmas(t), "") for t in texts]
    proba, cues = ValenceModel().fit([]).predict(rows)
    assert [("sterkte", "groeikans", "neutraal")[i] for i in proba.argmax(axis=1)] == [
        "sterkte", "sterkte", "groeikans", "groeikans", "groeikans"]
    assert [c["text"] for c in cues] == ["vlot", "geen probleem", "te weinig", "niet duidelijk", "hebben graag"]
    # a coder who calls every mention of the timetable a growth point teaches the model that word
    taught = ValenceModel().fit([(_lemmas(f"Het lessenrooster van week {n}."), "", "groeikans", 1.0) for n in range(8)])
    before = ValenceModel().fit([]).predict([(_lemmas("Het lessenrooster."), "")])[0][0, 1]
    assert taught.predict([(_lemmas("Het lessenrooster."), "")])[0][0, 1] > max(before, 0.6)


def test_written_example_statements_teach_valence_where_no_cue_word_is():
    """A report states good practice or a lack as plain fact; before any coding, the example
    statements (not the cue words) tell which is which. None of these texts is in the examples."""
    import csv

    from coding.suggest.valence import EXAMPLES, ValenceModel
    with open(EXAMPLES, encoding="utf-8", newline="") as handle:
        examples = list(csv.DictReader(handle))
    assert {r["valence"] for r in examples} == {"sterkte", "groeikans"} and len(examples) >= 500
    texts = {"De leraren passen de afspraken uit het overleg zelfstandig toe in hun klas.": "sterkte",
             "De ondersteuner en de klasleraar bereiden de lessen samen voor.": "sterkte",
             "De zorgcoördinator volgt elke leerling met een verslag maandelijks op.": "sterkte",
             "In een aantal klassen wordt het handelingsplan niet opgevolgd.": "groeikans"}
    assert not set(texts) & {r["text"] for r in examples}
    proba, _ = ValenceModel().fit([]).predict([(_lemmas(t), "") for t in texts])
    assert [("sterkte", "groeikans", "neutraal")[i] for i in proba.argmax(axis=1)] == list(texts.values())


def test_suggestions_name_the_valence_cue(project):
    found = suggest(project, "proef", "an", top=1)
    timetable = next(s for s in found if _text(project, s.unit) == "Het uurrooster liet geen ruimte voor iets extra.")
    assert timetable.valence == "groeikans"
    assert timetable.reason["cue"] == {"text": "geen ruimte voor", "where": "tekst"}


def test_a_rejection_lowers_that_code_for_that_text(project):
    from coding.suggest.model import Example
    from coding.suggest.queue import train
    codes = codebook_codes(project.conn, "proef")
    overleg = _code(project, "overleg")
    coded = [Example(_lemmas(q), "", {_code(project, k): v}) for q, k, v in sp.CODED]
    unit = _lemmas(sp.UNCODED_COFFEE)

    def overleg_score(model):
        row = model.suggest([ScopeUnit(0, 0, 1, unit)], top=3, reasons=False)[0]
        return next(s.score for s in row if s.code_id == overleg)

    before = overleg_score(train(codes, coded))
    after = overleg_score(train(codes, [*coded, Example(unit, "", {}, rejected=frozenset({overleg}))]))
    assert after < before - 0.05


def test_learning_curve_trains_on_growing_shares_of_each_fold(project):
    result = evaluate(project.conn, "proef", "an", folds=3, seed=7, curve=(0.25, 1.0))
    curve = result.curve.set_index("share")
    assert list(curve.index) == [0.25, 1.0]
    assert curve.loc[0.25, "codings"] < curve.loc[1.0, "codings"] == round(len(sp.CODED) * 2 / 3)
    model = result.summary.set_index("method").loc["model"]
    assert (curve.loc[1.0, "top1"], curve.loc[1.0, "top3"]) == (model["top1"], model["top3"])
    with pytest.raises(ProjectError, match="shares"):
        evaluate(project.conn, "proef", "an", folds=3, curve=(0, 1.0))


def test_no_units_from_a_reports_introduction(demo_master):
    """A group-interview report opens with the writer's introduction and a table of participants: that
    is not participant data, so no scope offers it for suggestions; speakers' turns are offered, and a
    document without speakers (written input) stays data as a whole."""
    with open_project(demo_master) as p:
        db = p.db.conn
        first_turn = db.execute("""SELECT min(start) FROM units WHERE document_id = 1 AND kind = 'sentence'
                                   AND case_id IS NOT NULL""").fetchone()[0]
        written = db.execute("SELECT id FROM documents WHERE kind = 'schriftelijke input'").fetchone()[0]
        for scope in ("sentence", "paragraph", "document"):
            units = scope_units(db, scope)
            report = [u for u in units if u.document_id == 1]
            assert report and min(u.start for u in report) >= first_turn, scope
            assert any(u.document_id == written for u in units), scope


def test_a_sentence_ends_a_clause_within_a_unit():
    """A unit's sentences are joined with a break, so that "moet" in one sentence and "meer" in the
    next are no wish (the lemmas keep no punctuation)."""
    from coding.suggest.valence import CueFinder
    from coding.text import nlp
    from coding.text.scopes import join_sentences

    def cues(text):
        return CueFinder().find(join_sentences(s.lemmas for s in nlp.sentences([text])[0]))
    assert cues("Ik moet eerlijk zijn. Sindsdien werken we meer samen.") == []
    assert [c.valence for c in cues("Ik moet eerlijk zijn, sindsdien moeten we meer samenwerken.")] == ["groeikans"]
    story = cues("In september was het zwaar. Nu loopt het vlot.")
    assert [(c.valence, c.last) for c in story] == [("groeikans", False), ("sterkte", True)]


@pytest.mark.parametrize("text", ["We kunnen nu veel meer aan dan in september.",
                                  "We kunnen nog altijd bij haar terecht."])
def test_what_one_can_already_do_is_no_growth_point(text):
    from coding.suggest.valence import CueFinder
    assert not any(c.valence == "groeikans" for c in CueFinder().find(_lemmas(text)))

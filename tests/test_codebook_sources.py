"""Each shipped codebook against its source: every source label is a code, exactly once, under the right parent.

The label lists below are the sources' own words (shared/domain/FRAMEWORK_SOURCES.md for the inspectorate's
bouwstenen and the EMB framework; the seeds for the others). A code's label is the source label with its
first letter capitalised. Codes the codebook adds beyond its source are marked `origin: inductief`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coding.codebooks import format as codebooks

ROOT = Path(__file__).resolve().parents[1]


def _book(name: str) -> codebooks.Codebook:
    return codebooks.load(ROOT / "codebooks" / f"{name}.yaml", strict=True)


def _label(source_label: str) -> str:
    """The source label with its first letter capitalised: "(persoonlijke) kwaliteit" -> "(Persoonlijke) kwaliteit"."""
    first = next(i for i, char in enumerate(source_label) if char.isalpha())
    return source_label[:first] + source_label[first].upper() + source_label[first + 1:]


def _check(book: codebooks.Codebook, tree: dict[str, list[str]], parent_label: str | None = None) -> None:
    """Every heading of `tree` is a code under `parent_label`, and every listed label a code under its heading,
    each label exactly once in the whole codebook."""
    for heading, labels in tree.items():
        heading_code = _only(book, heading)
        parent = book.code(heading_code.parent).label if heading_code.parent else None
        assert parent == parent_label, f"{heading!r} is under {parent!r}, not {parent_label!r}"
        for label in labels:
            code = _only(book, label)
            assert code.parent == heading_code.key, f"{label!r} is not under {heading!r}"


def _only(book: codebooks.Codebook, source_label: str) -> codebooks.Code:
    matches = [c for c in book.codes if c.label == _label(source_label) and c.active]
    assert len(matches) == 1, f"{source_label!r} is a code {len(matches)} times in {book.id}"
    return matches[0]


# --- Bouwstenen ondersteuning kleine types (onderwijsinspectie 2020): 7 themes, 50 bouwstenen ---------------

BOUWSTENEN = {
    "Organisatie": [
        "coördinatoren aangesteld met een transparante opdracht",
        "overlegstructuren voor het realiseren van een coherent beleid",
        "ondersteuningsteams samengesteld op basis van de noden van ondersteuning, deskundigheid en "
        "multidisciplinariteit",
        "gestructureerd overleg en/of doeltreffende communicatiekanalen tussen coördinatoren en ondersteuners",
        "ruimte voor overleg, intervisie en expertisedeling tussen de ondersteuners",
        "participatie in de besluitvorming voor ondersteuners",
        "participatie in de besluitvorming van stakeholders",
        "expliciete plaats voor de ondersteuning kleine types binnen de (overkoepelende) organisatie",
        "externe communicatie over de werking",
    ],
    "Visie en strategisch beleid": [
        "een eigen en richtinggevende visie",
        "tot stand gekomen in samenspraak met interne en externe partners",
        "vertaald in een strategisch plan om de visie te realiseren",
        "transparante afspraken en maatregelen met het oog op gelijkgerichtheid",
        "de ondersteuning van de ondersteuners",
        "de aandacht voor leraargerichte, schoolgerichte en leerlinggerichte ondersteuning",
        "het opvolgen van de ondersteuners",
        "het registreren van relevante gegevens",
    ],
    "Vormgeving van de ondersteuning": [
        "een transparante aanmeldingsprocedure voor de scholen",
        "onderbouwde criteria om een ondersteuningsvraag te weigeren",
        "opstart van de ondersteuning binnen een redelijke termijn",
        "een accurate beeldvorming van de leerling en de school",
        "onderbouwde criteria om de intensiteit en de duur van de ondersteuning te bepalen",
        "gebruik van de gemotiveerde verslagen van het CLB",
        "inzet van de ondersteuners volgens deskundigheid",
        "afstemming met ouders, leerlingen en de school over de vorm en de inhoud van de ondersteuning",
        "geregelde evaluatie en bijsturing",
        "aandacht voor de resultaten en effecten van de ondersteuning bij leerlingen",
        "aandacht voor de resultaten en effecten van de ondersteuning bij leraren en lerarenteams",
        "hanteren van de principes van handelingsgericht werken",
    ],
    "Samenwerking": [
        "de aanwezigheid van een aanspreekpunt voor ouders/leerlingen",
        "de wijze waarop ouders/leerlingen geïnformeerd worden",
        "de samenwerking met schoolinterne leerlingenbegeleiders/zorgcoördinatoren",
        "de samenwerking met het CLB met het oog op een doeltreffende ondersteuning van de leerlingen en van de "
        "scholen",
        "de samenwerking met de PB's met het oog op een doeltreffende schoolondersteuning",
        "netoverstijgende samenwerking i.f.v. een toereikend en dekkend aanbod",
        "netoverstijgende samenwerking i.f.v. expertisedeling",
    ],
    "Personeelsbeleid en professionalisering": [
        "de aanwerving van ondersteuners op basis van een onderbouwd profiel",
        "de multidisciplinaire samenstelling van het ondersteuningsteam",
        "de ontwikkeling en versterking van de handicap- en niveauspecifieke expertise van de ondersteuners",
        "de professionalisering van de ondersteuners op basis van behoeften en noden",
        "een doeltreffende aanvangsbegeleiding",
        "een stimulans voor nieuwe inzichten en vernieuwingen",
        "transparante afspraken voor de evaluatie van personeelsleden",
    ],
    "Kwaliteitsontwikkeling": [
        "de evaluatie van sommige aspecten van de werking op een betrouwbare manier",
        "een doelgericht kwaliteitsbeleid",
        "informatiegeletterdheid via het bijhouden van relevante kwantitatieve en kwalitatieve gegevens over de "
        "werking",
        "het bijstellen van de werking op basis van problemen en knelpunten of het responsief vermogen",
    ],
    "Middelenbeleid": [
        "de efficiënte besteding van de middelen zowel voor ondersteuning als voor coördinatie",
        "het zicht op en het invullen van de materiële noden van de ondersteuners",
        "de aanwending van de werkingsmiddelen voor de kleine types i.f.v. de doelgroep",
    ],
}


def test_bouwstenen_has_the_50_building_blocks_of_the_inspectorate():
    book = _book("bouwstenen_okt")
    assert sum(map(len, BOUWSTENEN.values())) == 50
    _check(book, BOUWSTENEN)
    leaves = [c for c in book.codes if not book.children(c.key)]
    assert len(leaves) == 50   # nothing invented next to the source's blocks
    assert book.rating_scale == ["wel passend", "deels passend", "niet passend", "knab", "nvt"]
    assert "geen oordeel over de kwaliteit" in book.description
    assert "Datageletterdheid" not in (ROOT / "codebooks" / "bouwstenen_okt.yaml").read_text(encoding="utf-8")


# --- Kwaliteitskader EMB (Vanroye, Vanden Bempt et al., 2024): five criteria with their aspects -------------

EMB = {
    "Visie": ["visie op kinderen met EMB", "visie op onderwijs aan kinderen met EMB",
              "visie op het complementair of geïntegreerd onderwijs- en zorgaanbod voor deze doelgroep"],
    "Beleid": ["personeels- en professionaliseringsbeleid", "financieel en materieel beleid",
               "fysieke en mentale veiligheid in leef-, leer- en werkomgeving"],
    "Samenwerking": ["samenwerking onderwijs en welzijn", "samenwerking met ouders"],
    "Ontwikkeling stimuleren": ["handelingsplanmatig werken", "geschikt onderwijscurriculum",
                                "interactie en communicatie", "optimale leeromgeving in de klas"],
    "Resultaten": ["functionele leerwinst", "leerwinst op het gebied van sociale interacties en participatie",
                   "schoolse leerwinst", "(persoonlijke) kwaliteit van leven"],
}


def test_emb_follows_the_quality_framework_and_its_authors():
    book = _book("kwaliteitskader_emb")
    _check(book, EMB)
    assert [c.label for c in book.children(None)] == list(EMB)
    assert any("Vanroye" in author for author in book.source["authors"])
    assert {c.author for c in book.codes} == {"Vanroye, Vanden Bempt et al."}


# --- Randvoorwaarden (evaluation of the pre-waarborgregeling): the applied tree and chapter 2.3 ---------------

RANDVOORWAARDEN = {
    "De uitrol van de pre-waarborgregeling": [
        "Ondersteuningsmodellen", "Coördinatie, aansturing en opvolging",
        "Selectie van de scholen en uitgestuurde personeelsleden",
        "Afstemming tussen vraag en aanbod van ondersteuning",
        "Vorming en ondersteuning van de uitgestuurde personeelsleden", "De ondersteuning op de klasvloer"],
    "De ondersteuning op de klasvloer": [
        "Observatie en gezamenlijke reflectie als basis", "Concrete ondersteuningsbehoeften van leerlingen als aanzet",
        "Concrete tips", "Uitproberen in de klas", "Ondersteuning op teamniveau"],
    "Randvoorwaarden in de ondersteuningsrelatie": [
        "Inhoud", "Kwaliteit van de ondersteuner", "Structurele randvoorwaarden van de ondersteuning"],
    "Inhoud": [   # 2.3.3 Inhoudskenmerken, with the applied tree's own codes
        "Focus op de inhoud", "Focus op (vak)didactiek", "Coherentie en gebaseerd op onderzoek",
        "Gedeeld eigenaarschap van inhoud en proces", "Gelijkwaardigheid en gezamenlijke verantwoordelijkheid",
        "Vrijwilligheid en veiligheid"],
    "Kwaliteit van de ondersteuner": ["Expertise", "Positieve motivatie", "Ondersteuningsvaardigheden"],
    "Structurele randvoorwaarden van de ondersteuning": [
        "Duur en intensiteit", "Georganiseerd in scholen en op onderwijskundige locaties",
        "Actief leren op basis van onderzoek", "Collectieve participatie",
        "Samenwerking met al wie verantwoordelijk is voor het (zorg)beleid op school"],
    "Randvoorwaarden bij de onderwijsprofessionals": [   # 2.3.1, its three parts kept apart
        "Persoonlijk interpretatiekader", "Bereidheid tot leren en reflectieve houding",
        "Leercompetenties voor collectief leren"],
    "Structurele werkcondities": [
        "Verdeling van de middelen", "Structurele overlegmomenten", "Verankering in het buitengewoon onderwijs",
        "Arbeidsvoorwaarden voor ondersteuners"],
    "Culturele werkcondities": [
        "Onderwijskundig leiderschap", "Participatie", "Samenwerking en collegialiteit",
        "Gezamenlijke doelgerichtheid en gedeelde visie"],
}
RANDVOORWAARDEN_TOP = ["De uitrol van de pre-waarborgregeling", "Randvoorwaarden in de ondersteuningsrelatie",
                       "Randvoorwaarden bij de onderwijsprofessionals", "Structurele werkcondities",
                       "Culturele werkcondities", "Is de handelingsbekwaamheid gestegen?"]
# Codes from the evaluators' own analysis (not in chapter 2): no author, origin inductief.
EVALUATORS_OWN = ["Vrijwilligheid en veiligheid", "Samenwerking met al wie verantwoordelijk is voor het (zorg)beleid "
                  "op school", "Verankering in het buitengewoon onderwijs", "Arbeidsvoorwaarden voor ondersteuners",
                  "Gelijkwaardigheid en gezamenlijke verantwoordelijkheid", "Positieve motivatie",
                  "Ondersteuningsvaardigheden"]
# Chapter 2.3 cites these authors for these codes.
CHAPTER_AUTHORS = {"Focus op de inhoud": "Merchie", "Focus op (vak)didactiek": "Merchie",
                   "Coherentie en gebaseerd op onderzoek": "Merchie", "Duur en intensiteit": "Merchie",
                   "Persoonlijk interpretatiekader": "Kelchtermans",
                   "Bereidheid tot leren en reflectieve houding": "Kelchtermans",
                   "Leercompetenties voor collectief leren": "Verbiest", "Verdeling van de middelen": "Ballet",
                   "Onderwijskundig leiderschap": "Ballet"}


def test_randvoorwaarden_follows_the_applied_tree_and_chapter_2_3():
    book = _book("randvoorwaarden")
    assert [c.label for c in book.children(None)] == RANDVOORWAARDEN_TOP
    for heading in RANDVOORWAARDEN:
        labels = {c.label for c in book.children(_only(book, heading).key)}
        assert labels == set(RANDVOORWAARDEN[heading]), heading
    _check(book, {h: v for h, v in RANDVOORWAARDEN.items() if _only(book, h).parent is None})
    assert not _only(book, "Randvoorwaarden bij de onderwijsprofessionals").codable
    for label in EVALUATORS_OWN:
        code = _only(book, label)
        assert (code.origin, code.author) == ("inductief", None), label
    for label, author in CHAPTER_AUTHORS.items():
        code = _only(book, label)
        assert code.origin == "deductief" and author in (code.author or ""), label


# --- Interprofessionele samenwerking (seed 002): de Waal's four levels and the study's own factors -----------

LEVELS = {
    "Individueel en interpersoonlijk niveau": [
        "Motivatie om expertise en verantwoordelijkheid te delen", "Bereidheid tot leren en reflectie",
        "Wederzijds vertrouwen en respect", "Evenwicht tussen autonomie en onderlinge afhankelijkheid"],
    "Teamniveau": ["Teamproces", "Teamstructuur"],
    "Teamproces": ["Duidelijke doelen", "Gedeelde visie", "Gemeenschappelijk doel gericht op het leren van de leerling",
                   "Reflexiviteit", "Vergaderingen, protocollen en rolverwachtingen"],
    "Teamstructuur": ["Teamgrootte en samenstelling", "Fysieke nabijheid", "Structuren voor gezamenlijk overleg"],
    "(Inter)organisatieniveau": ["Organisatiestructuur", "Organisatiecultuur"],
    "Organisatiestructuur": ["Procedures", "Budgetten en financieringsstromen", "Informatiesystemen",
                             "Arbeidsvoorwaarden"],
    "Organisatiecultuur": ["Gedeelde waarden", "Betrokkenheid"],
    "Extern of landelijk niveau": ["Wetgeving en beleid", "Financiering", "Aansturing door de overheid"],
}
# Every factor the study reports, helping or hindering, and the one code that holds it (label or alias).
FACTORS = {
    "gedeelde visie en gemeenschappelijke doelen": "team.proces.visie",
    "uiteenlopende visies": "team.proces.visie",
    "samenspel van top-down en bottom-up": "factoren.topdown",
    "geëngageerd schoolteam": "factoren.engagement",
    "gezamenlijke ondersteuning van leerlingen": "factoren.leerlingondersteuning",
    "kennisdeling": "factoren.kennisdeling",
    "professionalisering": "factoren.professionalisering",
    "gemeenschappelijke verantwoordelijkheid": "factoren.verantwoordelijkheid",
    "respect voor elkaars expertise": "individueel.vertrouwen",
    "geografische nabijheid": "factoren.nabijheid",
    "externe procesbegeleiding": "factoren.procesbegeleiding",
    "structurele financiering": "extern.financiering",
    "financieringsmechanismen": "extern.financiering",
    "regelgeving": "extern.wetgeving",
    "weerstand": "factoren.weerstand",
    "gemeenschappelijke taal": "factoren.taal",
    "lerarentekort": "factoren.lerarentekort",
    "complexiteit van ondersteuningsnoden": "factoren.complexiteit",
    "leerlingenaantal in het BuO": "factoren.leerlingenaantal",
}
VALENCE_WORDS = ("succes", "barrière", "drempel", "hefboom", "geen ", "gebrek", "uiteenlopend")


def test_interprofessionele_samenwerking_has_one_code_per_factor_and_no_valence_in_codes():
    book = _book("interprofessionele_samenwerking")
    _check(book, {h: v for h, v in LEVELS.items() if "niveau" in h})
    _check(book, {"Teamproces": LEVELS["Teamproces"], "Teamstructuur": LEVELS["Teamstructuur"]}, "Teamniveau")
    _check(book, {"Organisatiestructuur": LEVELS["Organisatiestructuur"],
                  "Organisatiecultuur": LEVELS["Organisatiecultuur"]}, "(Inter)organisatieniveau")
    for factor, key in FACTORS.items():
        holders = [c.key for c in book.codes
                   if factor.lower() in {c.label.lower(), *(a.lower() for a in c.aliases)}]
        assert holders == [key], f"{factor!r} is held by {holders}"
    labels = [c.label.lower() for c in book.codes if c.active]
    assert not [label for label in labels if any(word in label for word in VALENCE_WORDS)]
    assert len(book.children("typologie")) == 7


# --- Zorgcontinuüm en HGW (seed 003): Bijlage 5 and the registration theme -------------------------------------

MAATREGEL = {"Criteria voor een passende maatregel": [
    "is maatwerk", "is SMART", "heeft waar mogelijk ook voor andere lerenden een positieve impact",
    "komt tot stand in overleg met alle betrokkenen", "wordt goed gemotiveerd en herhaaldelijk gecommuniceerd",
    "is gebaseerd op de expertise en observaties van de leerkracht(en), de ondersteuner en eventuele andere "
    "betrokken hulpverleners",
    "is ingebed in de zorgvisie van de school"]}


def test_zorgcontinuum_has_the_seven_criteria_for_a_passende_maatregel_and_registration():
    book = _book("zorgcontinuum_hgw")
    _check(book, MAATREGEL)
    for label in MAATREGEL["Criteria voor een passende maatregel"]:
        assert "Meirsschaut" in (_only(book, label).author or "")
    registration = _only(book, "Registratie in leerlingendossier en synthese")
    assert registration.parent is None and registration.codable


@pytest.mark.parametrize("name", ["bouwstenen_okt", "kwaliteitskader_emb", "randvoorwaarden",
                                  "interprofessionele_samenwerking", "zorgcontinuum_hgw"])
def test_every_label_is_unique_among_its_siblings(name):
    book = _book(name)
    for code in [None, *book.codes]:
        labels = [c.label for c in book.children(code.key if code else None)]
        assert len(labels) == len(set(labels))

"""The Dutch cue lexicon behind valence suggestions: words and phrases that say a fragment is a
strength (`sterkte`) or a point to grow on (`groeikans`), the words that negate them and the words
that turn a sentence around.

Written by us for Flemish evaluation talk (spoken and mailbox register), not taken from any data
set. Terms are written as people say them; coding.suggest.valence lemmatises them with the same
pipeline as the units, so "loopt vlot" also finds "liep vlot" where the lemmas agree. Verb forms the
lookup lemmatiser leaves alone ("werkt", "helpt") are listed as they occur.
"""

from __future__ import annotations

POSITIVE: tuple[str, ...] = (
    # judgements
    "goed", "heel goed", "zeer goed", "prima", "uitstekend", "fijn", "leuk", "mooi", "fantastisch", "super",
    "top", "schitterend", "geweldig", "sterk", "positief", "tevreden", "blij", "dankbaar", "gelukkig",
    "aangenaam", "prettig", "waardevol", "zinvol", "nuttig", "handig", "praktisch", "bruikbaar", "haalbaar",
    "helder", "duidelijk", "vlot", "soepel", "efficiënt", "constructief", "laagdrempelig",
    "toegankelijk", "bereikbaar", "betrokken", "gemotiveerd", "enthousiast", "respectvol",
    "professioneel", "deskundig", "competent", "flexibel", "stabiel", "veilig", "vertrouwd",
    "gerust", "rustig",
    # what it brought
    "meerwaarde", "verrijking", "succes", "geslaagd", "gelukt", "lukt", "lukken", "vooruitgang", "groei",
    "gegroeid", "groeien", "verbeterd", "verbetering", "versterkt", "versterking", "steun", "houvast",
    "dankzij", "steunen", "steunde", "gesteund",
    "vertrouwen", "waardering", "erkenning", "inspiratie", "inspirerend", "deugd", "kracht", "winst",
    "hefboom", "sterkte", "sterk punt", "pluspunt", "voordeel", "oplossing", "opgelost",
    # how it went
    "loopt vlot", "liep vlot", "loopt goed", "liep goed", "werkt goed", "werkte goed", "helpt",
    "hielp", "geholpen", "heeft geholpen", "veel aan gehad", "veel gehad aan", "veel geleerd", "bijgeleerd", "geleerd",
    "verrijkend", "leerrijk", "zit goed", "in orde", "op maat", "zag het zitten", "goed opgevangen",
    "een echte hulp", "een hele hulp", "het verschil gemaakt", "voor herhaling vatbaar", "aanrader",
    "niet meer weg te denken", "blijven doen", "moet blijven", "zeker behouden",
    # how reports name a strength ("De school slaagt erin ...", "Het team zorgt voor ...")
    "slaagt erin", "slaagde erin", "slagen erin", "is erin geslaagd", "zorgt voor", "zorgen voor",
    "sterk uitgebouwd", "goed uitgebouwd", "uitgebouwd", "goed uitgewerkt", "sterk ingebed", "duidelijke visie",
    "gedragen", "gedeelde", "doordacht", "degelijk", "grondig", "zorgvuldig", "doelgericht", "gestructureerd",
    "systematisch", "consequent", "regelmatig", "tijdig", "snel", "gemakkelijk", "makkelijk", "actief", "bewust",
    "warm", "open", "openstaan", "staat open", "kwaliteitsvol", "betrokkenheid", "engagement", "enthousiasme",
    "troef", "verdienste", "krachtig", "sterk punt", "sterke punten", "gewaardeerd", "waardeert", "waarderen",
    "apprecieert", "geapprecieerd", "erkend", "investeert in", "zet in op", "zet sterk in op", "heeft oog voor",
    "oog voor", "beschikt over", "rekening met", "ruimte voor", "op punt", "goed op punt", "korte lijnen",
    "vlotte communicatie", "wisselwerking", "dichter bij elkaar", "aan hetzelfde zeel", "vooruit geholpen",
    "vooruitgang geboekt", "zichtbaar", "merkbaar", "veerkracht", "sluit aan", "sluiten aan", "aansluiten bij",
    "volstaat", "volstaan",
    "op elkaar afgestemd", "stemmen af op", "goed afgestemd", "bijgestuurd", "concreet", "op maat van",
    "doorgaan", "doorgegaan", "gaat door", "ging door", "gingen door",
    "goeie", "goei", "evident", "opgeleverd", "veel opgeleverd", "opleveren", "als een trein", "met plezier",
    "in huis", "veranderd", "gericht", "een goede hulp", "een goeie hulp", "meevaller", "goesting", "glimlach",
    "van geleerd", "terugvallen op", "kunnen terugvallen",
    # how research reports name what helps ("... kan de samenwerking faciliteren", "komt de leerlingen ten goede")
    "faciliteren", "faciliteert", "faciliterend", "faciliterende factor", "faciliterende factoren",
    "stimulerende factoren", "succesfactoren", "bevorderen", "bevordert", "bevorderend", "ten goede",
    "cruciale rol", "opstap", "vanzelfsprekend", "stappen gezet", "hoge verwachtingen",
)

NEGATIVE: tuple[str, ...] = (
    # judgements
    "slecht", "zwak", "negatief", "moeilijk", "lastig", "zwaar", "ambetant", "vervelend", "frustrerend",
    "frustratie", "jammer", "spijtig", "helaas", "teleurgesteld", "teleurstellend", "teleurstelling",
    "ontevreden", "ongerust", "onzeker", "onduidelijk", "vaag", "verwarrend", "chaotisch", "chaos",
    "rommelig", "versnipperd", "verbrokkeld", "gefragmenteerd", "onhaalbaar", "onrealistisch", "nutteloos",
    "zinloos", "onvoldoende", "ontoereikend", "beperkt", "krap", "gebrekkig", "stroef", "moeizaam",
    "traag", "onrustig", "onveilig", "eenzaam", "geïsoleerd", "overbelast", "overbevraagd", "uitgeput",
    "gestrest", "stress", "werkdruk", "weerstand", "wrevel", "spanning", "conflict", "ruzie",
    "wantrouwen", "onbegrip",
    # what was missing
    "probleem", "problemen", "knelpunt", "drempel", "hinderpaal", "obstakel", "struikelblok", "tekort",
    "gebrek", "gebrek aan", "ontbreken", "ontbreekt", "ontbrak", "missen", "mist", "miste", "misten", "gemist",
    "nadeel", "minpunt", "werkpunt", "verbeterpunt", "groeikans", "klacht", "kritiek",
    "verloren", "verlies", "verspilling", "tijdverlies", "wachtlijst", "wachttijd",
    # how it went
    "te weinig", "te veel", "te laat", "te kort", "te klein", "te groot", "te zwaar", "te druk",
    "te traag", "te snel", "te beperkt", "te vaag", "te lang", "te ver", "te hoog", "te laag",
    "veel te", "veel te weinig", "veel te veel", "kan beter", "kon beter", "moet beter", "kan nog beter", "moet nog beter", "mag beter", "beter kunnen", "zou beter", "loopt mis", "liep mis",
    "misgelopen", "loopt stroef", "liep stroef", "valt tegen", "viel tegen", "tegengevallen",
    "in de steek gelaten", "aan ons lot overgelaten", "op ons eigen", "pas na",
    "maanden wachten", "bleef uit", "blijft uit",
    # wishes: a coder reads a wish as room to grow
    "zou fijn zijn", "zou goed zijn", "zou helpen", "zou beter zijn", "had graag", "hadden graag",
    "zou graag", "zouden graag", "wens", "wensen", "nood aan", "behoefte aan", "hopelijk", "hopen dat",
    "liefst", "graag meer", "pleit voor", "pleiten voor", "pleitte voor", "vragen om", "vraagt om",
    "dringen aan op",
    "meer tijd", "meer uren", "meer middelen", "meer ondersteuning", "meer overleg",
    # what went wrong in time and place
    "pas in", "kwijt", "afhankelijk", "concurrentie", "rivaliteit", "alleen gelaten", "overvallen",
    "verplicht", "opgelegd", "tijdelijk", "onzekerheid", "verdwijnen", "stopt", "gestopt",
    "weggevallen", "afgeschaft", "tekortschieten", "schiet tekort", "niet genoeg", "onvoldoende tijd",
    "ingewikkeld", "omslachtig", "papierwerk", "administratie", "planlast", "bureaucratie",
    # how reports name a growth point ("De school kan ... verder uitbouwen", "Het is een aandachtspunt ...")
    "aandachtspunt", "groeipunt", "werkpunten", "uitdaging", "knelpunten",
    "verder uitbouwen", "verder ontwikkelen", "verder uitwerken", "verder professionaliseren", "verder versterken",
    "nog onvoldoende", "nog niet", "nog geen", "nog weinig", "nog beperkt", "nog pril", "pril",
    "in de kinderschoenen", "nog zoekende", "niet steeds", "niet altijd", "niet alle", "niet overal",
    "niet voldoende", "niet in alle", "niet even", "niet systematisch", "niet consequent", "zeer weinig",
    "te versnipperd", "onvoldoende zicht", "geen zicht", "weinig zicht", "optimaliseren",
    "verdient aandacht", "verdient meer aandacht", "meer aandacht", "meer inzetten op", "meer zicht",
    "meer afstemming", "meer structuur", "meer duidelijkheid", "wenselijk", "aangewezen", "noodzakelijk",
    "is nodig", "zijn nodig", "het ontbreekt", "ontbreekt aan", "ontoereikend", "kwetsbaar", "onder druk",
    "lopen uiteen", "uiteenlopend", "eenzijdig", "vrijblijvend", "ad hoc", "niet structureel", "verwaarloosd",
    "ruimte voor verbetering", "voor verbetering vatbaar", "zou baat hebben", "zouden baat hebben",
    "te weinig aandacht", "weinig aandacht", "weinig uitgewerkt", "onvoldoende uitgewerkt", "onderbenut",
    "niet benut", "onduidelijkheid", "onvoldoende afgestemd", "weinig afgestemd", "niet afgestemd", "raadzaam",
    "weigerachtig", "onvolledig", "vragen om meer", "vraagt om meer", "vragen naar meer",
    "te vaak", "te sterk", "te eenzijdig", "te afhankelijk", "aanbeveling", "aanbevolen", "aangeraden",
    "aan te raden", "hangt af van", "hangt sterk af van", "buiten beeld", "minder aan bod", "onvoldoende aan bod",
    "pas laat", "losgekoppeld", "breuk", "vragen meer", "vraagt meer", "verschillen sterk", "grote verschillen",
    "gedoe", "kopzorgen", "kopzorg", "last", "bang", "schrik", "discussie", "verkeerd", "onmogelijk", "ramp", "spijt",
    "druppel op een hete plaat", "zou handig zijn", "zou leuk zijn", "zou nuttig zijn", "zou mooi zijn",
    "klagen", "klaagt", "haasten", "afzeggen", "afgezegd", "weggeëbd", "extra werk", "onaardig",
    "in mindere mate", "bescheiden", "kwijtraken", "warm water", "vrij theoretisch",
    "te theoretisch", "eerder theoretisch",
    # how research reports name what hinders ("staat de werking in de weg", "de vraag wordt gesteld of ...")
    "hindernis", "hindernissen", "hinderen", "hindert", "gehinderd", "in de weg", "sterk in de weg", "belemmerende factoren",
    "belemmeren", "belemmert", "belemmerd", "ruis", "door elkaar", "de vraag gesteld of", "stellen zich de vraag",
    "niet noodzakelijk", "bevelen aan", "bevelen", "bemoeilijken", "bemoeilijkt", "in het gedrang", "bedreigd",
    "bedreigen", "is essentieel dat", "is cruciaal dat", "is belangrijk dat",
    "is nodig dat", "dient eerder",
)

# Wishes: a strength named right after one is what is wished for ("nood aan een duidelijke taakverdeling",
# "hopelijk meer overleg"), so it counts as room to grow, like a negated strength.
WISHES: tuple[str, ...] = ("nood aan", "behoefte aan", "wens", "wensen", "hopelijk", "hopen dat", "liefst",
                           "zou graag", "zouden graag", "had graag", "hadden graag", "graag meer",
                           "pleit voor", "pleiten voor", "pleitte voor", "vragen om", "vraagt om", "dringen aan op",
                           "is essentieel dat", "is cruciaal dat", "is belangrijk dat", "is nodig dat")

# "Not always", "not everywhere": a growth point, and the strength right after it is what falls short
# ("niet steeds consequent", "niet altijd even duidelijk"), read like a wished-for strength.
PARTLY: tuple[str, ...] = ("niet steeds", "niet altijd", "niet alle", "niet overal", "niet voldoende", "niet in alle",
                           "niet even", "nog niet", "nog onvoldoende", "onvoldoende", "nog weinig", "te weinig")

# Words that turn the polarity of the first cue after them (within NEGATION_WINDOW words of the same
# clause) or else of the cue just before ("het helpt niet"); with no cue in reach they say something is
# missing ("geen tijd", "er kwam niemand"), which a coder mostly reads as room to grow.
NEGATORS: frozenset[str] = frozenset({"niet", "geen", "nooit", "nergens", "niemand", "niets", "niks", "nie",
                                      "allerminst", "geenszins", "weinig", "nauwelijks", "amper", "zonder", "zelden",
                                      "minder", "slechts", "minderheid"})
NEGATION_WINDOW = 3
# "Geen enkele leraar in de gesprekken voelde zich verplicht": "enkel" after a negator stretches its reach.
WIDE_NEGATION = frozenset({"enkel", "één"})
WIDE_WINDOW = 8
# A small share turns the verdict on what it counts ("Slechts een minderheid is tevreden", "Minder dan de
# helft ziet een verandering"): these reach as far as a stretched negation, and with no cue in reach they
# say too few do something, room to grow. "minder" alone is a plain negator ("minder stress", "minder
# over de meerwaarde") that says nothing without a cue.
FEW = frozenset({"slechts", "minderheid"})
FEW_BEFORE = {"minder": "dan"}            # "minder dan de helft"
# A large share with no verdict of its own in its sentence reports that most do something, a strength
# ("Het merendeel van de ondersteuners kon zijn expertise inzetten").
# Written as said; coding.suggest.valence lemmatises them ("overgrote" -> "overgroot"). "de meeste" is left
# out: lemmatised it is "de veel", and it read worse on the dev sets.
MANY: tuple[str, ...] = ("merendeel", "meerderheid", "bijna alle", "meer dan de helft", "overgrote deel",
                         "bijna iedereen", "nagenoeg alle")

# A concession argues the other way from the verdict ("Ondanks de beperkte uren slaagt ze erin ...",
# "Hoewel de meeste leraren positief staan, blijft het beperkt"): the first cue within CONCESSION_WINDOW
# words after one of these is turned around, like a negated cue; with no cue in reach it says nothing.
CONCESSIVES: frozenset[str] = frozenset({"ondanks", "hoewel", "weliswaar", "alhoewel", "ofschoon"})
CONCESSIVE_PAIRS = {"al": "ook"}          # "ook al is de tijd beperkt"
CONCESSION_WINDOW = 6

# A report's advice often opens with an imperative ("Voorzie tijd voor overleg", "Maak werk van ..."), and a
# survey's wish with "graag" ("graag een werkingsbudget"): a unit whose first word is one of these (verbs
# as the lookup lemmatiser leaves them) is room to grow.
ADVICE_VERBS: frozenset[str] = frozenset({
    "graag", "liefst",
    "maak", "maken", "voorzie", "voorzien", "zorg", "zorgen", "laat", "laten", "bied", "bieden", "investeer",
    "investeren", "zet", "zetten", "betrek", "betrekken", "stem", "stemmen", "bewaak", "bewaken", "versterk",
    "versterken", "werk", "leg", "leggen", "geef", "geven", "organiseer", "organiseren", "overweeg", "overwegen", "neem", "nemen", "stimuleer", "stimuleren", "breid", "breiden",
    "ontwikkel", "ontwikkelen", "veranker", "verankeren", "verduidelijk", "verduidelijken", "formaliseer",
    "formaliseren", "evalueer", "evalueren", "expliciteer", "expliciteren", "creëer",
    "creëren", "waak", "waken", "beperk", "beperken", "verhoog", "verhogen", "bekijk", "bekijken",
    "onderzoek", "onderzoeken", "vermijd", "vermijden", "kies", "kiezen", "durf", "durven",
    "informeer", "informeren", "communiceer", "communiceren", "bundel", "bundelen", "koppel", "koppelen",
    "schep", "scheppen", "houd", "hou", "houden", "ga", "gaan", "denk", "denken", "besteed", "besteden",
    "streef", "streven", "richt", "richten", "herbekijk", "herbekijken", "heroverweeg",
    "heroverwegen", "zoek", "zoeken", "benut", "benutten", "faciliteer", "faciliteren", "professionaliseer",
})

# A report names a growth point as what the school "can" or "should" still do more or better ("De school
# kan de zorg nog versterken", "Het team zou ... systematischer kunnen toepassen"): a modal with one of
# GROWTH_WORDS in its clause, or "zou ... kunnen/moeten", reads as room to grow, and a strength named
# after it in the clause is the thing wished for. "nu" or "nog altijd" in the clause says it is already
# so ("we kunnen nu veel meer", "we kunnen nog altijd bij haar terecht").
MODALS: frozenset[str] = frozenset({"kan", "kunnen", "moet", "moeten", "dienen", "mag", "mogen", "zullen"})
GROWTH_WORDS: frozenset[str] = frozenset({"nog", "meer", "verder", "beter", "sterker", "duidelijker", "vaker",
                                          "explicieter", "bewuster", "actiever", "consequenter", "intenser",
                                          "systematischer", "structureler", "doelgerichter", "breder"})
CONDITIONAL: frozenset[str] = frozenset({"zullen"})          # "zou", "zouden" as lemmatised
CAN_SHOULD: frozenset[str] = frozenset({"kunnen", "kan", "moeten", "moet"})   # "zou ... kunnen", "zou ... moeten"
ALREADY: frozenset[str] = frozenset({"nu", "altijd", "steeds", "inmiddels", "intussen"})

# The negators that, with no cue in reach, say something is missing ("geen tijd", "er kwam niemand"); a
# bare "niet" mostly just negates a verb ("als ik er niet ben", "ik weet niet waarom") and says nothing.
LACK: frozenset[str] = frozenset({"geen", "nooit", "nergens", "niemand", "niets", "niks", "weinig", "nauwelijks",
                                  "amper", "zelden", *FEW})

# A strength in the clause of words that say it is missing or held back is what is missing ("Een gedeelde
# visie ontbreekt", "een gebrek aan duidelijke afspraken", "de uitgebouwde samenwerking komt onder druk"):
# room to grow, like a negated strength. Lemmas, as the lookup lemmatiser gives them.
MISSING: tuple[tuple[str, ...], ...] = (
    ("ontbreken",), ("ontbreekt",), ("ontbrak",), ("gebrek",), ("tekort",), ("afwezig",), ("hinderen",),
    ("belemmeren",), ("bemoeilijken",), ("bedreigen",), ("gedrang",), ("onder", "druk"), ("in", "de", "weg"),
)

# Words after which the second half of a sentence carries the verdict ("het is druk, maar het loont").
CONTRAST: frozenset[str] = frozenset({"maar", "echter", "alleen", "daarentegen", "anderzijds",
                                      "nochtans", "desondanks", "toch"})

# Two negations across a relative clause make a whole ("Niemand die niet mee wilde", "geen week dat ze
# niet langskwam", "Het is niet zo dat we niets leerden"): both negators cancel, and the words between
# and after say what held for all; with no cue there, it reads as a strength, unless what held for all was a
# "moeten" ("geen week dat we ons niet moesten haasten").
WHOLE_FIRST: frozenset[str] = frozenset({"geen", "niemand", "nooit", "niets", "nergens", "niet"})
WHOLE_LINK: frozenset[str] = frozenset({"die", "dat", "waar", "waarop", "wie", "waarin", "waarbij"})
WHOLE_SECOND: frozenset[str] = frozenset({"niet", "geen", "niets", "niks", "nooit"})
WHOLE_WINDOW = 10

# A wish that something stays is praise ("hopelijk blijft dit", "zou fijn zijn als dit zo kan blijven",
# "laat ons dit behouden"): a wish or an imperative with one of these in its sentence is a strength.
KEEP: frozenset[str] = frozenset({"blijven", "blijft", "behouden", "voortzetten", "verderzetten", "bestendigen",
                                  "dezelfde"})

# A loss that is only imagined says the thing is valued ("Het zou jammer zijn als dit verdwijnt", "Als
# de uren wegvallen, staan we nergens"): a LOSS word within HYPOTHETICAL_WINDOW words after one of
# HYPOTHETICAL makes a strength, and so do the regrets and lacks in that sentence. Lemmas as the lookup
# lemmatiser gives them ("mocht" -> "mogen", "stoppen" -> "stop").
HYPOTHETICAL: frozenset[str] = frozenset({"als", "mogen", "indien", "moest", "wanneer", "zonder"})
LOSS: frozenset[str] = frozenset({"stop", "stoppen", "stopt", "gestopt", "verdwijnen", "verdwijnt", "verdwenen",
                                  "wegvallen", "weggevallen", "afschaffen", "afgeschaft", "ophouden", "verliezen",
                                  "kwijt", "wegnemen", "weggenomen", "opgeven", "eindigen"})
HYPOTHETICAL_WINDOW = 5

# Relief that something is over says it weighed ("Blij dat het schooljaar erop zit", "Gelukkig is het bijna
# gedaan"): one of RELIEF with one of ENDED within RELIEF_WINDOW words after it is room to grow.
RELIEF: frozenset[str] = frozenset({"blij", "gelukkig", "opgelucht", "content", "tevreden", "dankbaar"})
ENDED: frozenset[str] = frozenset({"gedaan", "voorbij", "afgelopen", "erop", "rug", "einde", "achter"})
RELIEF_WINDOW = 6

# Words that end a clause in the lemma stream (punctuation is not stored with the lemmas; "." is the
# break between a unit's sentences, coding.text.scopes.SENTENCE_BREAK).
CLAUSE_BREAKS: frozenset[str] = frozenset({".", "maar", "want", "omdat", "terwijl", "dus", "doordat", "hoewel",
                                           "echter", "daarom", "zodat"})

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
    "professioneel", "deskundig", "competent", "ervaren", "flexibel", "stabiel", "veilig", "vertrouwd",
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
    "gebrek", "gebrek aan", "ontbreken", "ontbreekt", "ontbrak", "missen", "mist", "miste", "gemist",
    "nadeel", "minpunt", "werkpunt", "verbeterpunt", "groeikans", "klacht", "kritiek",
    "verloren", "verlies", "verspilling", "tijdverlies", "wachtlijst", "wachttijd",
    # how it went
    "te weinig", "te veel", "te laat", "te kort", "te klein", "te groot", "te zwaar", "te druk",
    "te traag", "te snel", "te beperkt", "te vaag", "te lang", "te ver", "te hoog", "te laag",
    "veel te", "kan beter", "kon beter", "moet beter", "kan nog beter", "moet nog beter", "mag beter", "beter kunnen", "zou beter", "loopt mis", "liep mis",
    "misgelopen", "loopt stroef", "liep stroef", "valt tegen", "viel tegen", "tegengevallen",
    "in de steek gelaten", "aan ons lot overgelaten", "op ons eigen", "amper", "nauwelijks", "pas na",
    "maanden wachten", "bleef uit", "blijft uit",
    # wishes: a coder reads a wish as room to grow
    "zou fijn zijn", "zou goed zijn", "zou helpen", "zou beter zijn", "had graag", "hadden graag",
    "zou graag", "zouden graag", "wens", "wensen", "nood aan", "behoefte aan", "hopelijk", "hopen dat",
    "liefst", "graag meer",
    "meer tijd", "meer uren", "meer middelen", "meer ondersteuning", "meer overleg",
    # what went wrong in time and place
    "pas in", "kwijt", "afhankelijk", "concurrentie", "rivaliteit", "alleen gelaten", "overvallen",
    "verplicht", "opgelegd", "tijdelijk", "onzekerheid", "verdwijnen", "stopt", "gestopt",
    "weggevallen", "afgeschaft", "tekortschieten", "schiet tekort", "niet genoeg", "onvoldoende tijd",
    "ingewikkeld", "omslachtig", "papierwerk", "administratie", "planlast", "bureaucratie",
)

# Wishes: a strength named right after one is what is wished for ("nood aan een duidelijke taakverdeling",
# "hopelijk meer overleg"), so it counts as room to grow, like a negated strength.
WISHES: tuple[str, ...] = ("nood aan", "behoefte aan", "wens", "wensen", "hopelijk", "hopen dat", "liefst",
                           "zou graag", "zouden graag", "had graag", "hadden graag", "graag meer")

# Words that turn the polarity of the first cue after them (within NEGATION_WINDOW words of the same
# clause) or else of the cue just before ("het helpt niet"); with no cue in reach they say something is
# missing ("geen tijd", "er kwam niemand"), which a coder mostly reads as room to grow.
NEGATORS: frozenset[str] = frozenset({"niet", "geen", "nooit", "nergens", "niemand", "niets", "niks", "nie",
                                      "allerminst", "geenszins"})
NEGATION_WINDOW = 3

# The negators that, with no cue in reach, say something is missing ("geen tijd", "er kwam niemand"); a
# bare "niet" mostly just negates a verb ("als ik er niet ben", "ik weet niet waarom") and says nothing.
LACK: frozenset[str] = frozenset({"geen", "nooit", "nergens", "niemand", "niets", "niks"})

# Words after which the second half of a sentence carries the verdict ("het is druk, maar het loont").
CONTRAST: frozenset[str] = frozenset({"maar", "echter", "alleen", "daarentegen", "anderzijds",
                                      "nochtans", "desondanks"})

# Words that end a clause in the lemma stream (punctuation is not stored with the lemmas).
CLAUSE_BREAKS: frozenset[str] = frozenset({"maar", "want", "omdat", "terwijl", "dus", "doordat", "hoewel",
                                           "echter", "daarom", "zodat"})

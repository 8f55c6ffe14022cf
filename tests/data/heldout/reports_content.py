"""The turns of the held-out reports: own words. A turn is (speaker, text, is_data).

Speaker None marks text that belongs to no speaker (notes, a closing summary): never participant data.
build.py writes the files and MANIFEST.yaml from these lists.
"""

# Word report, edited by hand: bold labels, table, list inside a turn, footnote, comment, header/footer.
DOCX_INTRO = [
    ("Procesbegeleider", "Welkom allemaal. We hebben twee uur. Ik vraag jullie om eerst te vertellen hoe de"
     " ondersteuning er bij jullie concreet uitziet, daarna gaan we naar wat goed loopt en wat beter kan.", False),
    (None, "Aanwezig: zes deelnemers en twee verslaggevers. Eén leerkracht liet zich verontschuldigen.", False),
]
DOCX_TURNS = [
    ("Leerkracht 1", "Bij mij komt de ondersteuner elke woensdag. Ze kijkt eerst mee en daarna bespreken we"
     " samen wat Yusuf nodig heeft tijdens de instructie.", True),
    ("Leerkracht 2 (GeO)", "Ik herken dat. Maar bij ons duurde het tot de herfstvakantie voor er iemand kwam,"
     " en toen moesten we alles opnieuw uitleggen.", True),
    ("Ondersteuner A", "Wat ik van dit jaar meeneem:", True),  # followed by a numbered list, same turn
    ("Zorgcoördinator", "Voor mij is het belangrijkste dat de ondersteuner aansluit bij ons zorgbeleid en niet"
     " met een apart plan komt.", True),  # in the table
    ("Directeur (GeO)", "Ik zou graag zien dat het hele team er iets van opsteekt, niet alleen de klas van"
     " meester Dirk.", True),  # in the table
    ("Procesbegeleider", "Kan iemand daar een voorbeeld van geven?", False),
    ("Leerkracht 3", "Ja. Bij ons deelde de ondersteuner haar materiaal op de personeelsvergadering,"
     " dat werd daarna door drie collega's gebruikt.", True),  # soft line break inside, continued below
    ("Ondersteuner B", "Wat mij stoort is de planning: ik krijg mijn opdracht pas eind september door,"
     " en dan zijn de lessenroosters al vastgelegd.", True),
    ("Leerkracht 1", "Nog iets: de website met voorbeelden van het netwerk vind ik heel handig.", True),
]
DOCX_LIST = ["samen plannen werkt beter dan achteraf bijsturen;",
             "een korte observatie zegt meer dan een lang verslag;",
             "de leerkracht beslist mee waar we op focussen."]
DOCX_SOFT_BREAK = "Het was de eerste keer dat zoiets bij ons over de klasmuren heen ging."
DOCX_FOOTNOTE = "Verslaggever: het gaat om het mobiele team van het ondersteuningsnetwerk Westhoek."
DOCX_COMMENT = "Naam van de leerling nog vervangen voor de definitieve versie."
DOCX_HEADER = "VBS De Zonnewijzer Roeselare"
DOCX_FOOTER = "Vertrouwelijk verslag groepsgesprek West"
DOCX_SUMMARY = ["De deelnemers zijn tevreden over het observeren en samen nabespreken.",
                "Als groeikans noemen ze vooral de late start en het delen met het hele team."]

# Plain text saved from Word ("Platte tekst", Windows-1252, CRLF).
TXT_CP1252 = [
    ("Procesbegeleider", "Goeiemorgen. Vandaag focussen we op de samenwerking met het zorgteam.", False),
    ("LK1", "De samenwerking met onze zorgcoördinator is verbeterd sinds de ondersteuner erbij zit.", True),
    ("LK2", "Bij ons niet, het zorgteam wist niet eens wanneer de ondersteuner kwam.", True),
    ("Ondersteuner B", "Ik probeer altijd eerst bij de zorgco langs te gaan, maar dat lukt niet op elke school."
     " Ik heb vijf scholen en twaalf leerkrachten.", True),
    ("Directeur (buo)", "Vanuit het buitengewoon onderwijs verliezen we ervaren mensen aan deze opdracht,"
     " dat voelen we in onze eigen school.", True),
    ("LK1", "Dat begrijp ik, maar voor ons is die expertise net heel waardevol. Café-gesprekken zoals"
     " dit zouden vaker moeten.", True),
    ("Procesbegeleider", "Dank jullie wel. We ronden af.", False),
]

# UTF-8 with BOM, labels with a dash and a bullet list as Word writes it in a .txt.
TXT_UTF8BOM = [
    ("Procesbegeleider", "We starten met een rondje: wat is voor jou de sterkte van de ondersteuning?", False),
    ("Leerkracht 4", "Dat ik niet meer alleen sta met mijn vragen over Noor. Echt een opluchting 😊", True),
    ("Ondersteuner C", "Het vertrouwen. In het begin waren ze wantrouwig, nu vragen ze zelf om raad.", True),
    ("Leerkracht 5", "De praktische tips: een time-timer, een wiebelkussen, een stappenkaart voor het rekenen.", True),
    ("Ondersteuner C", "Wat beter kan: de overdracht naar volgend schooljaar, nu begint alles opnieuw.", True),
    ("Leerkracht 4", "Ik hoop dat ik volgend jaar dezelfde ondersteuner krijg, anders moet ik alles opnieuw vertellen.", True),
]

# PDF made by LibreOffice from a Word file with a header and a footer on every page; turns cross pages.
PDF_HEADER = "Scholengemeenschap De Horizon Mechelen"
PDF_FOOTER = "Groepsgesprek directies buo regio Centrum"
_LONG = ("We hebben dit jaar veel geleerd over hoe je een school benadert zonder de indruk te geven dat je"
         " komt controleren. In het begin gingen onze mensen te snel naar oplossingen, nu luisteren ze eerst"
         " naar wat de leerkracht al probeert. ")
PDF_TURNS = [
    ("Procesbegeleider", "Ik stel voor dat we beginnen bij de selectie van de personeelsleden die jullie uitsturen.", False),
    ("Directeur A (buo)", _LONG * 3 + "Dat vraagt tijd en die tijd krijgen we eigenlijk niet.", True),
    ("Directeur B (buo)", "Bij ons was de selectie vooral een kwestie van wie er overbleef. Dat is eerlijk gezegd"
     " geen goede basis. " + _LONG * 2 + "Volgend jaar willen we daar strenger op zijn.", True),
    ("Procesbegeleider", "En hoe volgen jullie de uitgestuurde collega's op?", False),
    ("Directeur C (buo)", "Via een maandelijkse intervisie in onze school. " + _LONG * 3
     + "De ondersteuners vragen zelf om die momenten te behouden.", True),
    ("Directeur A (buo)", "Wij doen dat ook, maar de verplaatsingen maken het zwaar voor wie ver weg werkt.", True),
]

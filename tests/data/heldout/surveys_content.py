"""The respondents of the held-out survey exports: own words, one list per file.

Every answer is written once here; build.py lays them out in each tool's real export layout
and writes MANIFEST.yaml from the same lists, so the expected reading cannot drift from the files.
"""

CRLF = "\r\n"

# Qualtrics "Export Data" CSV, choice text, new format (3 header rows).
QUALTRICS = [
    dict(rid="R_1Fk2dPq8sLwZ0aB", first="Annelies", last="Vermeulen", email="annelies.vermeulen@sgr-brugge.be",
         ip="81.82.14.201", lat="51.2093", lon="3.2247", net="Katholiek Onderwijs Vlaanderen",
         functie="Leerkracht", andere="", start=5, nu=7,
         vorm="Elke dinsdagvoormiddag staat de ondersteuner mee in mijn klas (co-teaching)." + CRLF
              + "Daarna overleggen we 20 minuten over wat werkte.",
         positief="Ik durf nu meer te differentiëren bij rekenen. De tips over het stappenplan waren heel concreet 👍",
         negatief="Soms valt de ondersteuning weg door ziekte en dan hoor je niks."),
    dict(rid="R_2xQm9TuYv3Hc7Ld", first="Bram", last="De Smet", email="bram.desmet@telenet.be",
         ip="94.224.3.17", lat="51.0543", lon="3.7174", net="GO! onderwijs van de Vlaamse Gemeenschap",
         functie="Andere", andere="zorgcoördinator en halftijds klasleerkracht", start=6, nu=6,
         vorm="Vooral ambulant: een gesprek per maand met het M-team, soms een observatie.",
         positief="Het M-team denkt mee over ons zorgbeleid, niet enkel over één leerling.",
         negatief="Te weinig tijd." + CRLF + CRLF + "We zien de ondersteuner amper 3 keer per trimester,"
                  " dat is te weinig om echt iets op te bouwen met het team."),
    dict(rid="R_3Ja7bNc2eRt5Yp1", first="Fatima", last="El Amrani", email="f.elamrani@ovsg-school.be",
         ip="2a02:1810:8c0a:b00::4", lat="50.8798", lon="4.7005", net="OVSG",
         functie="Ondersteuner", andere="", start=7, nu=8,
         vorm="Ik ga naar drie scholen. Bij juf Lotte werk ik met een klein groepje in de klas.",
         positief="De leerkrachten vragen zelf wat ze willen leren, dat maakt het veel makkelijker.",
         negatief="Verplaatsingen tussen de scholen kosten me bijna een halve dag per week."),
    dict(rid="R_4Pw1cVb6nMx8Qz3", first="Koen", last="Peeters", email="koen.peeters@gmail.com",
         ip="178.117.52.9", lat="51.1657", lon="4.9890", net="Katholiek Onderwijs Vlaanderen",
         functie="Directeur", andere="", start=4, nu=6,
         vorm="Er is een vast overlegmoment op donderdag met zorgteam, ondersteuner en CLB.",
         positief="Het team praat meer over wat een kind nodig heeft dan over wat het niet kan.",
         negatief="nvt"),
    dict(rid="R_5Hs4gKd0jWe2Rf6", first="Sofie", last="Claes", email="sofie_claes@hotmail.com",
         ip="109.130.77.40", lat="50.9307", lon="5.3325", net="GO! onderwijs van de Vlaamse Gemeenschap",
         functie="Leerkracht", andere="", start=3, nu=5,
         vorm="Mijn ondersteuner komt om de twee weken; bel me gerust op 0476 12 34 56 voor meer uitleg.",
         positief="De leerling met ASS in mijn klas heeft nu een visueel dagschema en is veel rustiger.",
         negatief="Ik had graag meer uitleg gekregen over hoe ik het zelf kan volhouden na de ondersteuning."),
]

# SurveyMonkey "All responses data", xlsx, "Actual answer text", condensed columns.
SURVEYMONKEY = [
    dict(rid=114598702311, cid=431877120, start="2026-03-02 08:14:11", end="2026-03-02 08:31:45",
         ip="84.199.21.3", email="", first="", last="", custom="",
         net="Vrij gesubsidieerd onderwijs", functie="Logopedist", andere="",
         school="Sint-Jozefsschool Tielt",
         positief="Samen met de klasleerkracht hebben we een leesplan opgesteld. Ze past het nu ook toe bij andere kinderen.",
         negatief="De planning kwam pas in november rond, dan ben je al twee maanden kwijt.",
         wens="Meer overleg met het CLB, want nu werken we soms naast elkaar."),
    dict(rid=114598733020, cid=431877120, start="2026-03-02 09:02:57", end="2026-03-02 09:20:03",
         ip="91.183.240.66", email="tom.willems@scholengroep.be", first="Tom", last="Willems", custom="LK-2231",
         net="Gemeenschapsonderwijs", functie="Other (please specify)", andere="kinderverzorger",
         school="Basisschool De Regenboog",
         positief="Ik leerde hoe ik een time-out kan begeleiden zonder dat het een straf wordt.",
         negatief="Ik werd niet uitgenodigd op het MDO terwijl ik het kind elke dag zie 😕",
         wens="Laat ondersteuners ook kinderverzorgers coachen, niet alleen de leerkrachten."),
    dict(rid=114598790456, cid=431877121, start="2026-03-03 19:45:02", end="2026-03-03 20:11:39",
         ip="81.241.8.120", email="", first="", last="", custom="",
         net="Officieel gesubsidieerd onderwijs", functie="Leerkracht", andere="",
         school="Gemeentelijke Basisschool Zonnebloem",
         positief="geen",
         negatief="De ondersteuner gaf vooral een uiteenzetting, weinig praktische hulp in de klas.",
         wens="Eerst komen kijken in de klas en pas dan advies geven."),
    dict(rid=114598811873, cid=431877121, start="2026-03-04 12:30:45", end="2026-03-04 12:52:10",
         ip="2a02:a03f:6b8e:100::12", email="els.janssens@kbsdepoort.be", first="Els", last="Janssens", custom="",
         net="Vrij gesubsidieerd onderwijs", functie="Orthopedagoog", andere="",
         school="Vrije Basisschool De Poort",
         positief="Het team van het 2de leerjaar heeft samen materiaal ontwikkeld voor begrijpend lezen,"
                  " dat gebruiken ze nu in alle klassen.",
         negatief="-",
         wens="Een vaste ondersteuner per school voor minstens twee jaar."),
]

# LimeSurvey "Export responses", CSV, "Question code" headings and answer codes.
LIMESURVEY_CODES = [
    dict(id=12, submitdate="2026-02-11 10:22:31", lastpage=4, lang="nl", seed=1930384812, token="hF7kq2LmZx9wPr3",
         startdate="2026-02-11 10:01:09", datestamp="2026-02-11 10:22:31", ipaddr="193.190.2.14",
         refurl="https://www.onderwijs.vlaanderen.be/mailbox", net="A2", type="A1", ambt="A5", ambt_other="",
         m1="3", m2="4", m3="2",
         vorm="We werken met een ondersteuningsplan dat we elk trimester bijsturen.",
         positief="Mijn collega Jonas en ik hebben leren co-teachen, we vullen elkaar nu goed aan.",
         negatief="Er ontbreekt een werkingsbudget: materiaal kopen we vaak zelf.",
         time="1282.55", g1="301.2", g2="981.35"),
    dict(id=13, submitdate="2026-02-11 13:47:02", lastpage=4, lang="nl", seed=771203345, token="Qa9RtY6uP0oWc2n",
         startdate="2026-02-11 13:30:40", datestamp="2026-02-11 13:47:02", ipaddr="213.118.55.201",
         refurl="", net="A3", type="A2", ambt="-oth-", ambt_other="kinesitherapeut",
         m1="2", m2="2", m3="1",
         vorm="Ik geef motorische tips aan leerkrachten tijdens de turnles en in de speeltijd.",
         positief="Kinderen met DCD doen weer mee in de turnles dankzij kleine aanpassingen.",
         negatief="Mijn uren zijn versnipperd over vijf scholen; ik kan nergens echt ingroeien.",
         time="981.12", g1="120.9", g2="860.22"),
    dict(id=15, submitdate="2026-02-12 08:05:54", lastpage=4, lang="nl", seed=2004518876, token="Lm3Xc8VbN1qAs5d",
         startdate="2026-02-12 07:49:20", datestamp="2026-02-12 08:05:54", ipaddr="81.165.90.3",
         refurl="", net="A1", type="A1", ambt="A1", ambt_other="",
         m1="4", m2="3", m3="4",
         vorm="Een ondersteuner uit het buitengewoon onderwijs komt wekelijks in de klas," + CRLF
              + "soms observeert ze, soms geeft ze zelf een stukje les.",
         positief="De feedback na een observatie was eerlijk maar nooit kwetsend. Daar heb ik veel aan gehad.",
         negatief="Voor de rest van het team blijft het onzichtbaar wat we doen.",
         time="1000.6", g1="402.1", g2="598.5"),
]

LIMESURVEY_NET = {"A1": "GO!", "A2": "Katholiek Onderwijs Vlaanderen", "A3": "OVSG"}

# LimeSurvey "Question code & question text" headings, full answers, written as UTF-16 tab-separated text.
LIMESURVEY_FULL = [
    dict(id=101, submitdate="2026-05-06 15:12:09", lastpage=3, lang="nl", token="",
         net="Officieel gesubsidieerd onderwijs", functie="Directeur",
         positief="De ondersteuner sluit aan bij ons zorgbeleid in plaats van er een eigen plan naast te zetten.",
         negatief="Wie beslist welke school ondersteuning krijgt is voor mij nog altijd een raadsel.",
         behoeften="Een duidelijk aanspreekpunt bij het ondersteuningsnetwerk, met een telefoonnummer dat opgenomen wordt."),
    dict(id=102, submitdate="2026-05-06 16:40:51", lastpage=3, lang="nl", token="",
         net="Vrij gesubsidieerd onderwijs", functie="Ergotherapeut",
         positief="Ik zie dat juf Nathalie mijn fijnmotorische oefeningen nu zelf in haar hoekenwerk gebruikt.",
         negatief="Geen vaste werkplek op school, ik zit vaak in de gang met mijn laptop.",
         behoeften="Intervisie met andere ergotherapeuten uit ons netwerk, minstens een keer per trimester."),
    dict(id=104, submitdate="2026-05-07 09:03:33", lastpage=3, lang="nl", token="",
         net="Gemeenschapsonderwijs", functie="Psycholoog",
         positief="Gesprekken met ouders verlopen beter nu de leerkracht en ik samen aan tafel zitten.",
         negatief="Het aanvraagformulier is veel te lang; een leerkracht heeft daar de tijd niet voor.",
         behoeften="geen"),
]

# Microsoft Forms, xlsx as downloaded from "Open results in Excel".
MSFORMS = [
    dict(id=1, start="3/10/26 8:41:12", end="3/10/26 8:55:40", email="anonymous", name="", modified="",
         functie="Leerkracht", net="Katholiek Onderwijs Vlaanderen", school="VBS Sint-Lutgardis Mol",
         schoolvraag="Onze school kreeg een ondersteuner die echt mee in de klas stond. Het team voelde zich gehoord.",
         positief="Ik pas nu zelf het stappenplan voor lezen toe, ook als de ondersteuner er niet is.",
         negatief="Het verslag van het MDO kregen we pas drie weken later.", rating=7),
    dict(id=2, start="3/10/26 10:02:05", end="3/10/26 10:31:58", email="hilde.mertens@ond-netwerk-kempen.be",
         name="Hilde Mertens", modified="3/11/26 9:15:00",
         functie="Ondersteuner", net="GO!", school="GO! Basisschool Klimop Geel",
         schoolvraag="De directie maakte tijd vrij voor overleg, dat is een sterkte die ik niet overal zie.",
         positief="Co-teaching bij wiskunde: de leerkracht nam na zes weken het voortouw.",
         negatief="Ik moet alles dubbel registreren, in ons systeem en in dat van de school.", rating=8),
    dict(id=3, start="3/12/26 19:20:44", end="3/12/26 19:29:02", email="anonymous", name="", modified="",
         functie="Zorgcoördinator", net="OVSG", school="Gemeentelijke Basisschool 't Klavertje Balen",
         schoolvraag="Weinig. De ondersteuning bleef beperkt tot één kind in het derde leerjaar.",
         positief="nvt",
         negatief="Leerkrachten ervaren het als controle als iemand komt observeren.\nDat moet anders ingeleid worden.",
         rating=4),
]

# Google Forms quiz, CSV as downloaded from the responses tab.
GOOGLE = [
    dict(ts="2026/04/02 9:14:33 AM CET", email="liesbeth.goossens@gmail.com", score="2 / 3",
         net="Katholiek Onderwijs Vlaanderen", functie="leerkracht",
         kennis1="Co-teaching", kennis2="CLB",
         ervaring="Ik werk sinds september samen met een ondersteuner. We bereiden de lessen samen voor op vrijdag.",
         tip="Geef ons een vast moment in het lessenrooster voor overleg."),
    dict(ts="2026/04/02 1:02:10 PM CET", email="w.vandenberghe@skynet.be", score="3 / 3",
         net="GO!", functie="Directeur",
         kennis1="Co-teaching", kennis2="Ondersteuningsnetwerk",
         ervaring="Als directeur zie ik vooral dat de zorgcoördinator ontlast wordt. Dat is al veel waard!!",
         tip="Betrek de directie bij het begin, niet pas als er problemen zijn."),
    dict(ts="2026/04/03 8:47:55 PM CET", email="dirk.wouters@scarlet.be", score="1 / 3",
         net="Ovsg", functie="ondersteuner",
         kennis1="Ambulante begeleiding", kennis2="CLB",
         ervaring="Moeilijk om vertrouwen op te bouwen met een leerkracht die de ondersteuning niet zelf heeft gevraagd.",
         tip="Vrijwilligheid. Niet verplichten."),
]

# Excel, Dutch locale, "CSV (gescheiden door lijstscheidingsteken)": cp1252, ';', no BOM, hand-kept list.
EXCEL_NL = [
    dict(nr=1, naam="Jan Verstraete", mail="jan.verstraete@bsdewilg.be", tel="+32 9 233 45 67",
         school="BS De Wilg Gentbrugge", net="VGO", type="gewoon", functie="leerkracht",
         ervaring="De ondersteuner observeerde twee lessen en gaf me daarna drie concrete tips." + CRLF
                  + "- visuele timer" + CRLF + "- vaste plaats vooraan" + CRLF + "- instructie in stapjes",
         verbetering="Langer dan één schooljaar, anders stopt het net als het begint te werken.", start=5, nu=7),
    dict(nr=2, naam="Griet Baert", mail="griet.baert@ond-oost.be", tel="0498/76.54.32",
         school="BuBaO Het Anker", net="GO", type="buitengewoon", functie="ondersteuner",
         ervaring="Ik merk dat leerkrachten sneller zelf oplossingen zoeken na een paar maanden.",
         verbetering="Betere afspraken over wie wat doet tussen ondersteuner en zorgco, nu is het soms dubbel werk.",
         start=6, nu=8),
    dict(nr=3, naam="Mohamed Benali", mail="m.benali@outlook.be", tel="",
         school="GBS Ter Beke", net="OGO", type="gewoon", functie="LO-leerkracht",
         ervaring="Eerlijk? Ik heb de ondersteuner maar twee keer gezien en dat was in de refter.",
         verbetering="Ook de leerkrachten LO en muzo betrekken, die kinderen zitten ook bij ons.", start=4, nu=4),
    dict(nr=4, naam="Katrien D'hondt", mail="katrien.dhondt@sgr20.be", tel="050 44 12 90",
         school="Vrije Basisschool Sint-André", net="VGO", type="gewoon", functie="directeur",
         ervaring="Door het teamoverleg met de ondersteuner denkt het hele team nu na over differentiatie, ook de kleuterjuffen.",
         verbetering="Minder papierwerk, meer tijd in de klas.", start=5, nu=7),
]

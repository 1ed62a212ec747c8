"""Dutch sentence parts for the realistic corpus (corpus.py): an omgevingsmanager's notes.

Whole sentences with slots ({plaats}, {wijk}, {n}, {datum}, ...) that corpus.py fills, plus
the openers, tails, titles, headings, list items and quotes it strings together. Written as
people write on these themes: "niet" and "geen" in many sentences, numbers and dates, Dutch
places, and the English words the trade uses (stakeholders, pilot, kick-off).
"""

PLAATSEN = ("Utrecht Zwolle Deventer Amersfoort Leeuwarden Groningen Assen Emmen Almere Lelystad Haarlem "
            "Zaandam Leiden Delft Dordrecht Gouda Breda Tilburg Eindhoven Helmond Nijmegen Arnhem Apeldoorn "
            "Enschede Hengelo Maastricht Heerlen Venlo Roermond Middelburg Vlissingen Goes Alkmaar Hoorn "
            "Schiedam Zoetermeer Loppersum Veenendaal Ede Wageningen Harderwijk Kampen Meppel Drachten Sneek "
            "Purmerend Zutphen Winterswijk Oss Uden Bergen Texel Terneuzen Culemborg Tiel Woerden").split()
WIJKEN = ("Overvecht Kanaleneiland Lombok Zuilen Hoograven Presikhaaf Malburgen Kattenbroek Paddepoel "
          "Selwerd Tarwewijk Schilderswijk Woensel Wielwijk Stokhorst Rivierenwijk Hatert Lindenholt "
          "Transvaal Oosterparkwijk Vinkhuizen Holtenbroek Kronenburg Kruiskamp Bouwlust").split()
GROEPEN = ("bewoners", "huurders", "ondernemers", "jongeren", "raadsleden", "ambtenaren", "boeren",
           "vrijwilligers", "de buren", "de initiatiefnemers", "eigenaar-bewoners", "collega's van vergunningen",
           "de projectleiders", "ouderen", "de stakeholders")
ORGANISATIES = ("de woningcorporatie", "het waterschap", "de netbeheerder", "de provincie", "de gemeente",
                "de omgevingsdienst", "de GGD", "de energiecoöperatie", "het college", "de wethouder",
                "de raad", "de bewonersvereniging", "de VvE", "het buurtteam")
DINGEN = ("het warmtenet", "de omgevingsvisie", "het omgevingsplan", "de RES", "het zonneveld", "de wijkaanpak",
          "het participatieplan", "de omgevingstafel", "de gebiedsagenda", "de warmtevisie", "het buurtbudget",
          "de isolatieaanpak", "het laadplein", "de transitievisie warmte", "het projectplan", "de planning",
          "de subsidieregeling", "de windturbine", "het bestemmingsplan", "de enquête", "het dashboard")
ONDERWERPEN = ("participatie", "netcongestie", "energiearmoede", "isolatie", "samenwerking", "vertrouwen",
               "draagvlak", "eigenaarschap", "co-creatie", "omgevingsmanagement", "burgerparticipatie",
               "warmtenetten", "zonnevelden", "windenergie", "de Omgevingswet", "het omgevingsplan",
               "de warmtetransitie", "de energietransitie", "de wijkaanpak", "bewonersavonden")
GETALWOORDEN = "twee drie vier vijf zes zeven acht negen tien elf twaalf".split()
MAANDEN = ("januari februari maart april mei juni juli augustus september oktober november "
           "december").split()

# Main clauses. About four in ten hold a negation, as on these themes they do.
ZINNEN = (
    "In {wijk} kwamen er {n} zienswijzen binnen, in de andere wijken samen nog geen {tel}.",
    "We begonnen niet met een oplossing, maar met een vraag.",
    "Bewoners willen niet alleen gehoord worden; ze willen zien wat er met hun inbreng gebeurt.",
    "Dat klinkt logisch, maar in de praktijk gebeurt het bijna nooit.",
    "{Org} had de plannen al klaar voordat de eerste bewonersavond begon.",
    "Niemand had bedacht dat de zaal op dinsdagavond ook de avond van de voetbaltraining was.",
    "Het ging niet over het warmtenet, het ging over vertrouwen.",
    "Een participatieplan is geen formulier dat je invult om een vergunning te krijgen.",
    "Onder de Omgevingswet moet een initiatiefnemer laten zien hoe hij de omgeving heeft betrokken, "
    "maar de wet zegt niet hoe.",
    "In {plaats} werkte dat, in {plaats2} niet.",
    "Dat kost tijd, en die tijd staat in geen enkele planning.",
    "We hadden {n} huishoudens uitgenodigd; er kwamen er {tel}.",
    "De netbeheerder kon pas in {later} een aansluiting beloven.",
    "Door netcongestie staan er in {plaats} {n} bedrijven op de wachtlijst.",
    "Ik heb geleerd dat je een besluit niet moet verkopen, maar moet uitleggen.",
    "Wie alleen de mensen spreekt die naar de avond komen, mist de helft van de wijk.",
    "Jonge ouders, mensen met avonddiensten en wie de taal nog leert, zie je er zelden.",
    "De stakeholders zaten aan tafel, maar de buren niet.",
    "Het college besloot op {datum} om door te gaan, ondanks {n} bezwaren.",
    "Een quick win bestaat niet als de bewoners er niet om gevraagd hebben.",
    "{Ding} lag er al sinds {jaar}, maar niemand in de wijk had het gelezen.",
    "Het gesprek aan de keukentafel leverde meer op dan drie workshops samen.",
    "We hebben toen besloten om niet verder te gaan zonder de huurders.",
    "Het budget was {geld}, waarvan bijna de helft naar onderzoek ging.",
    "Dat is geen kritiek op de ambtenaren: zij werken binnen de regels die ze krijgen.",
    "Samenwerking begint bij de vraag wat de ander nodig heeft, niet bij wat jij wilt.",
    "Er is geen vaste volgorde, maar er zijn wel fouten die je maar één keer wilt maken.",
    "Ruim {pct} van de bewoners gaf aan dat ze niet wisten wie ze moesten bellen.",
    "De eerste sessie in {plaats} was eigenlijk een kick-off zonder agenda, en dat werkte verrassend goed.",
    "Soms is de beste feedback een lege zaal.",
    "Het omgevingsplan is pas af als de mensen die er last van hebben het ook begrijpen.",
    "Een collega van vergunningen zei het zo: een goede aanvraag is een aanvraag zonder verrassingen.",
    "We schreven de learnings op een flap en hingen die in de gang van het stadskantoor.",
    "Het waterschap en de gemeente hadden ieder een eigen planning, en die pasten niet op elkaar.",
    "In {jaar} lag er een plan voor {groot} woningen; er staan er nu ruim {n}.",
    "Zonder de energiecoöperatie was het zonneveld bij {plaats} er nooit gekomen.",
    "Het klinkt als een open deur, maar ik zie het nog steeds vaak misgaan.",
    "De business case klopte op papier, maar niet aan de keukentafel.",
    "Wat ik niet had verwacht: de meeste vragen gingen over geld, niet over techniek.",
    "Een huurder in {wijk} vroeg me of de huur omhoog zou gaan, en ik had geen antwoord.",
    "Daar hebben we {tel} maanden over gedaan, en dat was geen verspilde tijd.",
    "Participatie is geen doel op zich; het is een manier om betere besluiten te nemen.",
    "De raad wilde snelheid, de wijk wilde zekerheid.",
    "We hebben de planning met {tel} weken verlengd, en niemand heeft daar later spijt van gehad.",
    "Het verschil zat hem niet in de methode, maar in wie er uitnodigde.",
    "Ik merk dat ik steeds minder presenteer en steeds meer vraag.",
    "Je kunt een wijk niet van het gas halen met een brief.",
    "{Org} kreeg in {jaar} {geld} subsidie voor de wijkaanpak.",
    "Een roadmap helpt, zolang je hem niet verwart met de werkelijkheid.",
    "De omgevingstafel kwam {tel} keer bijeen, steeds op een andere plek in de wijk.",
    "Op de markt in {plaats} spraken we in één ochtend meer mensen dan in een maand aan bijeenkomsten.",
    "Het is niet erg als een plan verandert; het is wel erg als niemand weet waarom.",
    "We werken nu met een dashboard waarop bewoners zien waar hun vragen zijn gebleven.",
    "De ambtelijke taal was het eerste dat we schrapten.",
    "Wie een vergunning aanvraagt voor een windturbine, moet meer doen dan een informatieavond organiseren.",
    "Ik had me voorgenomen om niet over oplossingen te praten, en dat lukte precies één avond.",
    "Niet iedereen wil meedoen, en dat hoeft ook niet.",
    "Er zijn wijken waar je beter eerst de stoep kunt laten repareren voordat je over warmte begint.",
    "De isolatieaanpak in {wijk} leverde per huishouden gemiddeld {bedrag} per jaar op.",
    "We hadden geen idee hoeveel mensen er in {wijk} nog een oude cv-ketel hadden.",
    "Het gaat om de vraag wie er beslist, en wanneer.",
    "Een goede omgevingsmanager is vooral een goede luisteraar, en soms een tolk.",
    "Ik kreeg in {maand} een mail van een bewoner die al {tel} jaar op antwoord wachtte.",
    "Dat was niet het plan, maar het bleek wel de beste route.",
    "De provincie legt de lat hoog, maar geeft geen geld voor de uitvoering.",
    "Er waren avonden met {n} mensen en avonden met {tel}.",
    "Zonder governance wordt samenwerking al snel een verzameling goede bedoelingen.",
    "In de pilot in {plaats} deden {n} huishoudens mee.",
    "Ownership is een mooi woord, maar bewoners noemen het gewoon: zelf iets te zeggen hebben.",
    "Het meeste werk gebeurt tussen de bijeenkomsten door.",
    "Toen we de kaart van de wijk op tafel legden, begon het gesprek vanzelf.",
    "Ik schrijf dit niet om te klagen, maar omdat ik denk dat het beter kan.",
    "De wet verandert niet zoveel als iedereen dacht; de manier van werken wel.",
    "Na {tel} maanden lag er een plan waar de bewoners zelf aan hadden meegeschreven.",
    "Ik denk niet dat er één aanpak is die overal werkt.",
    "Het beste idee van die avond kwam van een scholier uit {wijk}.",
    "Bij de netbeheerder werken mensen die het ook graag anders zouden zien.",
    "We hebben het mandaat van de omgevingstafel op één A4 gezet.",
    "Geen enkele bewoner vroeg naar de CO2-uitstoot; iedereen vroeg naar de maandlasten.",
    "Volgens de warmtevisie moet in {later} een derde van de woningen in {plaats} van het gas af zijn.",
    "Dat vraagt iets van de gemeente: loslaten, en toch de regie houden.",
    "Ik zat er niet als deskundige, maar als gastvrouw.",
    "Een zienswijze is vaak de laatste kans die iemand voelt om gehoord te worden.",
    "We hebben de planning op de muur gehangen, met een rode lijn op vandaag.",
    "De vraag is niet óf er een zonneveld komt, maar waar en onder welke voorwaarden.",
    "Daar zit geen kwade wil achter, wel een gebrek aan tijd.",
    "De energiecoöperatie in {plaats} telt inmiddels {n} leden.",
    "Het kostte ons {tel} bijeenkomsten om het over de vraag eens te worden, en pas daarna ging het over "
    "antwoorden.",
    "Wat werkt in een dorp, werkt niet vanzelf in een stadswijk.",
    "Het was de eerste keer dat ik een wethouder zag die de hele avond alleen maar luisterde.",
    "Een mindset verander je niet met een training van een middag.",
    "Nog steeds krijg ik vragen over die avond in {plaats}.",
    "Het bestemmingsplan uit {oud} gold nog gewoon, en daar liep iedereen op vast.",
    "Met een simpele enquête van {tel} vragen haalden we {n} reacties op.",
    "Dat had niemand gezien, want niemand had het gevraagd.",
    "We zijn in {maand} begonnen met huisbezoeken, twee aan twee, steeds op zaterdagochtend.",
    "Er is geen gebrek aan plannen; er is een gebrek aan mensen die ze uitvoeren.",
    "De trade-off is echt: sneller bouwen betekent minder tijd voor gesprekken.",
    "Wie ergens tegen is, heeft meestal een reden die je nog niet kent.",
    "Ik heb geleerd om na elke bijeenkomst binnen een week te laten weten wat we ermee doen.",
    "Toen bleek dat de subsidie niet voor huurders gold, haakte de helft af.",
    "In {plaats} mochten bewoners zelf een deel van het buurtbudget verdelen: {geld}.",
    "Het was geen gemakkelijk gesprek, maar wel een eerlijk gesprek.",
    "Bottom-up klinkt goed, tot je merkt dat wie het hardst roept niet de hele buurt is.",
    "De meeste bezwaren gingen niet over de windmolens zelf, maar over de manier waarop het besluit tot "
    "stand kwam.",
    "Het zonneveld van {mw} MW bij {plaats} ligt er nu {tel} jaar.",
    "De netbeheerder rekent op een wachttijd van {tel} jaar voor nieuwe grootverbruikers.",
    "Niet elke vraag hoeft meteen een antwoord; soms is ‘dat weten we nog niet’ het beste antwoord.",
    "We hebben een community van {n} mensen die meedenken, en een kleine kern die het werk doet.",
    "Ik neem altijd iemand mee die de wijk beter kent dan ik.",
    "Een goed verslag is kort, op tijd en in gewone taal.",
    "Het omgevingsloket is voor veel mensen nog steeds een doolhof.",
    "Sinds {jaar} werken we met een vast spreekuur in het buurthuis.",
    "Ik weet niet of het aan de koffie lag of aan de ronde tafels, maar de sfeer was anders.",
    "Het plan was goed; de timing niet.",
    "Er kwam geen enkele zienswijze binnen, en dat vond ik eerlijk gezegd geen goed teken.",
    "Van de {n} deelnemers was bijna een derde jonger dan dertig.",
    "Samenwerken met het waterschap vraagt geduld: zij denken in eeuwen, wij in raadsperiodes.",
    "De evaluatie liet zien dat {pct} van de deelnemers opnieuw mee zou doen.",
    "Het rapport telde {n} pagina's, en de samenvatting was het enige dat werd gelezen.",
    "Dat gaat niet vanzelf, en het gaat ook niet snel.",
    "In {wijk} begonnen we bij de school, in {wijk2} bij de moskee.",
    "Je hebt geen draagvlak nodig voor alles, wel voor de keuzes die mensen raken.",
    "We hebben {n} adressen bezocht en bij ruim de helft werd opengedaan.",
    "De raad nam de motie aan met {tel} stemmen verschil.",
    "Het mooiste compliment kwam van een bewoner die eerst fel tegen was.",
    "Ik begrijp de haast, maar haast maakt het vertrouwen niet groter.",
    "Dat heb ik niet uit een boek geleerd, maar op een avond in {plaats}.",
    "Dit soort projecten duurt langer dan een raadsperiode, en dat maakt ze kwetsbaar.",
    "Een heldere scope voorkomt veel teleurstelling achteraf.",
    "De deadline van de provincie was {datum}, en die haalden we net.",
    "We kregen {n} ideeën binnen, en {tel} daarvan hebben we uitgevoerd.",
    "Het schuurt als een gemeente om participatie vraagt terwijl de uitkomst al vastligt.",
    "De vergunning voor het laadplein in {plaats} was in {tel} weken rond.",
    "Geen plan overleeft het eerste gesprek met de buren, zei een collega eens.",
    "Wie de omgevingsvisie leest, vindt veel ambitie en weinig keuzes.",
    "Het probleem was niet het geld, maar de volgorde.",
    "Ik heb die avond vooral opgeschreven wat mensen zeiden, in hun eigen woorden.",
    "Waar het om draait: mensen moeten kunnen zien dat hun inbreng iets heeft veranderd.",
    "De warmtevisie van {plaats} uit {jaar} is inmiddels twee keer herzien.",
    "{Groep} in {wijk} wisten vaak meer van de ondergrond dan onze eigen kaarten.",
    "{Org} schoof pas aan toen het conflict al in de krant stond.",
    "Ik heb {ding} drie keer herschreven, steeds korter.",
    "Met {groep} spraken we eerst over hun zorgen, pas daarna over {ding}.",
    "{Ding} kwam in {maand} {jaar} in de raad, en daar ging het vooral over de kosten.",
    "Van {groep} hoorden we dat ze niet wisten waar ze met hun vragen terecht konden.",
    "We gaven {groep} een eigen plek aan tafel, en dat veranderde het gesprek.",
    "Tussen {vroeger} en nu is er veel veranderd, maar niet alles.",
    "Wat {plaats} goed deed: elke brief begon met de vraag, niet met het besluit.",
    "Een gemeente kan {onderwerp} niet uitbesteden.",
    "Over {onderwerp} wordt veel gepraat, maar er wordt weinig over opgeschreven.",
    "Bij {onderwerp} denken veel mensen aan vergaderen, terwijl het meeste werk buiten gebeurt.",
    "De kosten per woning liepen uiteen van {bedrag} tot ruim {geld}.",
    "Het college van B&W wilde vooral weten wat het zou kosten, en wanneer het klaar zou zijn.",
    "Dit jaar staat er {geld} op de begroting voor {onderwerp}, tegen {geld2} vorig jaar.",
    "Ik vroeg {groep} wat ze nodig hadden, en het antwoord was verrassend klein.",
    "Zonder {org} was het nooit gelukt, en dat zeg ik niet uit beleefdheid.",
    "We hebben het plan teruggebracht van {tel} fases naar twee.",
    "{Groep} waren niet tegen {ding}, ze waren tegen de manier waarop het werd gebracht.",
    "Het was {datum}, een regenachtige avond, en toch zaten er {n} mensen in de zaal.",
    "Eén op de {tel} huishoudens in {wijk} heeft moeite om de energierekening te betalen.",
    "Wat ik {groep} vaak hoor zeggen: eerst zien, dan geloven.",
    "Ook {org} moest wennen aan een rol aan de zijlijn.",
)
# Questions, for a paragraph now and then.
VRAGEN = (
    "Wie betaalt dat eigenlijk?", "Wat als de bewoners niet willen?", "Waarom duurt het zo lang?",
    "Hoe weet je of je de juiste mensen spreekt?", "Wat doe je als de netbeheerder geen ruimte heeft?",
    "Is dat erg?", "Maar wie vraagt het aan de mensen die er niet zijn?", "Kan dat ook anders?",
    "Wie beslist er uiteindelijk?", "Waarom zou een huurder meedoen als de verhuurder niets doet?",
    "Hoe houd je {groep} erbij als het jaren duurt?", "Wat had ik in {plaats} anders moeten doen?",
    "Is {onderwerp} dan alleen iets voor wie tijd heeft?",
)
# Before a sentence (it keeps its word order after these).
OPENERS = ("Maar ", "En ", "Eerlijk is eerlijk: ", "Het gekke is: ", "Wat me opviel: ", "Kortom: ",
           "Achteraf is het simpel: ", "Het punt is: ", "Eén ding weet ik zeker: ", "Met andere woorden: ",
           "Daar komt bij: ", "Ook hier geldt: ", "Toch: ", "Sterker nog: ")
# After a sentence, before its full stop.
STAARTEN = (", en dat merk je nog steeds", ", zeker in de eerste maanden", ", al ging dat niet vanzelf",
            ", net als in {plaats}", ", tot verbazing van de projectleider", ", achteraf gezien",
            ", zo bleek later", ", voor zover ik weet", ", in elk geval in {plaats}",
            ", en dat was geen toeval", ", zoals een bewoner het zei", ", ook al wilde niet iedereen dat",
            ", omdat {groep} er niet bij waren", ", terwijl het budget al vastlag")
LESSEN = ("tijd aan het begin is geen vertraging", "wie uitnodigt, bepaalt wie er komt",
          "een besluit uitleggen is iets anders dan het verkopen", "luisteren is ook werk",
          "begin klein en kom terug wanneer je dat belooft", "geen plan zonder de mensen die het raakt",
          "vertrouwen groeit niet op een bewonersavond, maar ertussen", "schrijf op wat je niet weet")

TITELS = (
    "Wat {plaats} ons leerde over {onderwerp}", "Waarom {onderwerp} geen project is", "{Tel} lessen uit {wijk}",
    "Participatie is geen formulier", "Het gesprek dat we niet voerden", "Wie betaalt de warmtetransitie?",
    "De Omgevingswet, {n} dagen later", "Op zoek naar de stille stem in {wijk}",
    "Netcongestie in {plaats}: wachten op ruimte", "Over {onderwerp} en {onderwerp2}", "Een avond in {plaats}",
    "Wat ik niet wist over {onderwerp}", "Samenwerken met {org}", "Van plan naar uitvoering in {wijk}",
    "Geen draagvlak zonder vertrouwen", "De keukentafel als werkplek", "Waarom de langste aanloop het snelst was",
    "Zonneveld bij {plaats}: wat de buren vroegen", "Het participatieplan onder de Omgevingswet",
    "Luisteren is ook werk", "{Onderwerp} begint in de straat", "Wat een lege zaal je vertelt",
    "Niet sneller, wel beter", "De learnings van een pilot in {plaats}", "Eén vraag per huisbezoek",
    "{Tel} misverstanden over {onderwerp}", "Wat {groep} ons vertelden", "Na de kick-off in {wijk}",
    "Waarom ik geen informatieavonden meer organiseer", "{Ding} in gewone taal",
)
# Half the titles get one of these after a colon: "Luisteren is ook werk: een les uit Hatert".
ONDERTITELS = ("een les uit {wijk}", "wat ik anders zou doen", "notities van een avond in {plaats}",
               "{n} dagen later", "terugblik op {jaar}", "wat {groep} ervan vonden", "een voorbeeld uit {plaats}",
               "over {onderwerp}", "{tel} vragen", "de cijfers uit {wijk}", "wat de wet vraagt",
               "het verhaal van {ding}", "lessen voor {later}", "wat niet werkte", "waarom het toch lukte",
               "een gesprek met {groep}", "na de pilot in {plaats}", "het vervolg in {wijk}",
               "wat {org} ervan leerde", "{tel} misverstanden", "voor wie morgen begint")
KOPPEN = ("Wat we deden", "Wat we zagen", "Wat ik ervan leer", "Waarom dit ertoe doet", "De aanloop",
          "Wat niet werkte", "Wat wel werkte", "Drie lessen", "De cijfers", "En nu?", "Hoe het begon",
          "Wat ik anders zou doen", "Wat de wet vraagt", "De rol van de gemeente", "Aan de keukentafel",
          "Wie er niet was", "Over geld", "Een voorbeeld uit {plaats}", "Het gesprek", "Achteraf",
          "Wat ik nog niet weet", "Tot slot", "Voor wie morgen begint", "Het besluit", "Wat bewoners zeiden",
          "De eerste avond in {wijk}", "Waar het misging", "Wat {org} deed")
LIJSTPUNTEN = (
    "**Aanbellen** met een vraag van één minuut, op zaterdagochtend.",
    "**Een kraam op de markt**, met de kaart van de wijk en stiften.",
    "**Via de basisschool**: kinderen tekenen hun straat in {later}, ouders praten mee bij het ophalen.",
    "Begin met een vraag, niet met een oplossing.", "Nodig uit via mensen die de wijk al kent.",
    "Spreek af wanneer je terugkomt, en doe dat ook.", "Schrijf in gewone taal, zonder afkortingen.",
    "Zorg voor koffie, kinderopvang en een zaal op de begane grond.",
    "Maak zichtbaar wat er met elke reactie gebeurt.", "Neem de netbeheerder vanaf het begin mee.",
    "Houd de scope klein: één straat, één vraag.", "Plan geen bijeenkomst in de schoolvakantie.",
    "Vraag niet of mensen het eens zijn, maar wat ze nodig hebben.", "{n} huisbezoeken in {tel} weken",
    "een enquête met {tel} vragen, op papier en online", "{tel} bewonersavonden in {wijk}",
    "een spreekuur in het buurthuis, elke donderdag", "Geen PowerPoint, wel een grote kaart.",
    "Laat {org} zelf uitleggen wat ze wel en niet kunnen.", "Noteer wie er niet was, en ga naar hen toe.",
    "Een vast aanspreekpunt, met naam en gezicht.", "Eerst de zorgen, dan de techniek.",
    "**Het budget**: {geld}, waarvan een deel vrij te besteden door de wijk.",
    "**De planning**: klaar in {later}, als de netbeheerder meewerkt.",
    "**Wie er meedoen**: {groep}, {org} en een paar ondernemers.",
)
CITATEN = (
    "Ik wist niet eens dat er een plan lag.", "Jullie komen pas als alles al besloten is.",
    "Als het maar niet duurder wordt.", "Ik wil best meedoen, maar niet op dinsdagavond.",
    "Eindelijk vraagt iemand het aan ons.",
    "We zijn niet tegen, we willen gewoon weten waar we aan toe zijn.", "Wie let er straks op de bomen?",
    "Dit is de derde keer dat iemand dit komt vragen.", "Participation is not a phase, it is a habit.",
    "Nothing about us without us.", "Ik heb geen tijd voor vergaderen, wel voor een kop koffie.",
    "Het gaat mij niet om het geld, het gaat om het uitzicht.",
)
BRONNEN = ("een bewoner uit {wijk}", "een huurder in {plaats}", "een ondernemer op het bedrijventerrein",
           "een raadslid, na afloop", "een collega van de netbeheerder", "een boer bij {plaats}")
# Sentences with a link; {href} is another note, {titel} its title in lower case.
NOTITIELINKS = (
    "[Eerder schreef ik]({href}) al over {onderwerp}.",
    "Daarover schreef ik in [{titel}]({href}).",
    "In [een eerdere notitie]({href}) beschreef ik hoe dat in {plaats} ging.",
    "Dat sluit aan bij [wat ik eerder schreef]({href}).",
    "Zie ook [{titel}]({href}), waar het over {onderwerp} ging.",
    "Wie het begin wil lezen: [eerder schreef ik]({href}) hoe het begon.",
)
LAAGLINKS = (
    "Meer over mijn kijk daarop staat in [mijn visie](../vision.md).",
    "Het raakt aan [waar ik voor sta](../stand.md).",
    "Wat ik eerder deed, staat bij [mijn ervaring](../experience.md).",
    "Dit is ook wat ik verder wil leren; zie [mijn toekomst](../future.md).",
    "Dit is de kern van [mijn expertise](../expertise.md).",
    "Waarom ik dit werk doe, schreef ik op in [wat me drijft](../drives.md).",
)
BUITENLINKS = (
    "De [handreiking van de VNG](https://vng.nl/praktijkvoorbeelden) helpt daarbij, maar is geen recept.",
    "Op [het Informatiepunt Leefomgeving](https://iplo.nl/) staat wat de wet precies vraagt.",
    "Het [Expertisecentrum Warmte](https://www.expertisecentrumwarmte.nl/) heeft er goede voorbeelden van.",
    "De cijfers komen van [de netbeheerder](https://capaciteitskaart.netbeheernederland.nl/).",
)
TABELLEN = (
    ("Wijk", "Deelnemers", "Zienswijzen"),
    ("Jaar", "Aansluitingen", "Wachtlijst"),
    ("Aanpak", "Bereik", "Kosten"),
)
AANPAKKEN = ("Bewonersavond", "Huisbezoek", "Enquête", "Kraam op de markt", "Via de school", "Online sessie")
CODE = (
    "```python\ndef opkomst(aanwezig: int, uitgenodigd: int) -> float:\n"
    "    \"\"\"Het deel van de uitgenodigde huishoudens dat kwam.\"\"\"\n"
    "    return aanwezig / uitgenodigd if uitgenodigd else 0.0\n```",
    "```python\nfor wijk, reacties in sorted(per_wijk.items()):\n    if reacties < 10:\n"
    "        print(f\"{wijk}: te weinig reacties, nog een ronde huisbezoeken\")\n```",
    "```sql\nSELECT wijk, COUNT(*) AS reacties\nFROM zienswijzen\nWHERE jaar = 2023\nGROUP BY wijk\n"
    "ORDER BY reacties DESC;\n```",
    "```yaml\nbijeenkomst:\n  plaats: buurthuis\n  tijd: \"19:30\"\n  kinderopvang: ja\n"
    "  vertaling: [Arabisch, Turks, Pools]\n```",
)
# A sentence that leads into a list.
AANLOPEN = ("Wat bij ons werkte:", "{Tel} dingen die ik nu anders doe:", "Kort samengevat:",
            "Wat we meenamen naar de volgende wijk:", "Zo pakten we het aan:", "Wat ik iedereen aanraad:",
            "Wat er op tafel lag:")
OFF_TOPIC_TAGS = ("leiderschap", "schrijven", "mobiliteit", "wonen", "data", "boeken")

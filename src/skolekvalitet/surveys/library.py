"""The instruments Skolekvalitet ships (seed 003, 002 and 004 §5.1.3), in Bokmål and Nynorsk.

Each instrument: code, audience, names (nb, nn, en), an introduction, and dimensions with items.
An item is (kind, text_nb, text_nn); kinds: "scale" (1–5 with "don't know"), "traffic" (green /
yellow / red) and "text" (free text). Owners copy these into their own library and edit them.
"""

PLC = {
    "code": "plc",
    "audience": "staff",
    "name": (
        "Profesjonelt lærende fellesskap",
        "Profesjonelt lærande fellesskap",
        "Professional learning community",
    ),
    "intro": (
        "Vurder hvor godt utsagnene passer for skolen vår i dag (1 = passer svært dårlig, "
        "5 = passer svært godt).",
        "Vurder kor godt utsegnene passar for skulen vår i dag (1 = passar svært dårleg, "
        "5 = passar svært godt).",
    ),
    "dimensions": [
        (
            ("Delte verdier og visjon", "Delte verdiar og visjon", "Shared values and vision"),
            [
                (
                    "scale",
                    "Vi har felles fokus på elevenes utvikling og læring.",
                    "Vi har felles fokus på utviklinga og læringa til elevane.",
                ),
                (
                    "scale",
                    "Vi har et felles utviklet verdigrunnlag som alle forstår.",
                    "Vi har eit felles utvikla verdigrunnlag som alle forstår.",
                ),
                (
                    "scale",
                    "Vi har positive forventninger til elevene.",
                    "Vi har positive forventingar til elevane.",
                ),
                (
                    "scale",
                    "Vi har en kultur som er synlig opptatt av forbedring.",
                    "Vi har ein kultur som er synleg oppteken av forbetring.",
                ),
            ],
        ),
        (
            (
                "Kollektivt ansvar for elevenes læring",
                "Kollektivt ansvar for læringa til elevane",
                "Collective responsibility for pupils' learning",
            ),
            [
                (
                    "scale",
                    "Ansatte tar felles ansvar for alle elevenes utvikling.",
                    "Dei tilsette tek felles ansvar for utviklinga til alle elevane.",
                ),
                (
                    "scale",
                    "Kolleger forventer at alle tar sin del av jobben.",
                    "Kollegaer ventar at alle tek sin del av jobben.",
                ),
            ],
        ),
        (
            (
                "Samarbeid fokusert på læring",
                "Samarbeid retta mot læring",
                "Collaboration focused on learning",
            ),
            [
                (
                    "scale",
                    "Felles planlegging og teamarbeid er vanlig.",
                    "Felles planlegging og teamarbeid er vanleg.",
                ),
                (
                    "scale",
                    "Vi samarbeider på tvers av roller (for eksempel lærer og assistent).",
                    "Vi samarbeider på tvers av roller (til dømes lærar og assistent).",
                ),
                (
                    "scale",
                    "Det er samarbeid på tvers av hele skolen, mellom trinn og avdelinger.",
                    "Det er samarbeid på tvers av heile skulen, mellom trinn og avdelingar.",
                ),
            ],
        ),
        (
            (
                "Profesjonell læring i gruppe og individuelt",
                "Profesjonell læring i gruppe og individuelt",
                "Group and individual professional learning",
            ),
            [
                (
                    "scale",
                    "Hele personalet er involvert i og verdsetter profesjonell læring.",
                    "Heile personalet er involvert i og verdset profesjonell læring.",
                ),
                (
                    "scale",
                    "Ansatte lærer individuelt og med og fra hverandre.",
                    "Dei tilsette lærer individuelt og med og frå kvarandre.",
                ),
                (
                    "scale",
                    "Vi tar kollektivt ansvar for å støtte hverandres læring.",
                    "Vi tek kollektivt ansvar for å støtte læringa til kvarandre.",
                ),
            ],
        ),
        (
            (
                "Reflekterende profesjonell utforsking",
                "Reflekterande profesjonell utforsking",
                "Reflective professional inquiry",
            ),
            [
                (
                    "scale",
                    "Reflekterende praksis er verdsatt.",
                    "Reflekterande praksis er verdsett.",
                ),
                (
                    "scale",
                    "Data analyseres og brukes til refleksjon og forbedring.",
                    "Data blir analyserte og brukte til refleksjon og forbetring.",
                ),
                (
                    "scale",
                    "Elevenes medvirkning og innspill verdsettes.",
                    "Medverknaden og innspela til elevane blir verdsette.",
                ),
            ],
        ),
        (
            (
                "Åpenhet, nettverk og samarbeid",
                "Openheit, nettverk og samarbeid",
                "Openness, networks and partnerships",
            ),
            [
                (
                    "scale",
                    "Ansatte er åpne for forandringer.",
                    "Dei tilsette er opne for endringar.",
                ),
                (
                    "scale",
                    "Vi samarbeider om læring i nettverk med andre skoler og institusjoner.",
                    "Vi samarbeider om læring i nettverk med andre skular og institusjonar.",
                ),
                (
                    "scale",
                    "Å ta sjanser, kreativitet og nytenkning blir oppmuntret.",
                    "Å ta sjansar, kreativitet og nytenking blir oppmuntra.",
                ),
            ],
        ),
        (
            ("Inkluderende medlemskap", "Inkluderande medlemskap", "Inclusive membership"),
            [
                (
                    "scale",
                    "Støttepersonalet er verdsatt og deltar i fellesskapet vårt.",
                    "Støttepersonalet er verdsett og deltek i fellesskapet vårt.",
                ),
                (
                    "scale",
                    "Skoleeier og andre utenfor skolen er med i fellesskapet vårt.",
                    "Skuleeigar og andre utanfor skulen er med i fellesskapet vårt.",
                ),
            ],
        ),
        (
            (
                "Gjensidig tillit, respekt og støtte",
                "Gjensidig tillit, respekt og støtte",
                "Mutual trust, respect and support",
            ),
            [
                (
                    "scale",
                    "Arbeidsrelasjonene er positive.",
                    "Arbeidsrelasjonane er positive.",
                ),
                (
                    "scale",
                    "Vi har gjensidig tillit til og respekt for hverandre.",
                    "Vi har gjensidig tillit til og respekt for kvarandre.",
                ),
                (
                    "scale",
                    "De ansattes gode innsats blir tydelig verdsatt.",
                    "Den gode innsatsen til dei tilsette blir tydeleg verdsett.",
                ),
                (
                    "text",
                    "Hva gjør vi på mandag for å styrke fellesskapet?",
                    "Kva gjer vi på måndag for å styrkje fellesskapet?",
                ),
            ],
        ),
    ],
}

LEADERSHIP = {
    "code": "leadership",
    "audience": "staff",
    "name": ("Elevsentrert ledelse", "Elevsentrert leiing", "Student-centred leadership"),
    "intro": (
        "Fem dimensjoner fra Robinson (2011). Vurder ledelsen ved skolen vår i dag.",
        "Fem dimensjonar frå Robinson (2011). Vurder leiinga ved skulen vår i dag.",
    ),
    "dimensions": [
        (
            (
                "Etablere mål og forventninger",
                "Etablere mål og forventingar",
                "Establishing goals and expectations",
            ),
            [
                (
                    "scale",
                    "Ledelsen viser tydelig hva som er viktigst.",
                    "Leiinga viser tydeleg kva som er viktigast.",
                ),
                ("scale", "Målene er utviklet sammen med oss.", "Måla er utvikla saman med oss."),
            ],
        ),
        (
            (
                "Bruke ressurser strategisk",
                "Bruke ressursar strategisk",
                "Resourcing strategically",
            ),
            [
                (
                    "scale",
                    "Tid, kompetanse og midler brukes på de prioriterte målene.",
                    "Tid, kompetanse og midlar blir brukte på dei prioriterte måla.",
                ),
            ],
        ),
        (
            (
                "Sikre opplæringens kvalitet",
                "Sikre kvaliteten på opplæringa",
                "Ensuring quality teaching",
            ),
            [
                (
                    "scale",
                    "Opplæringen henger sammen for elevene mellom trinnene.",
                    "Opplæringa heng saman for elevane mellom trinna.",
                ),
                (
                    "scale",
                    "Ledelsen observerer i klasserom og gir tilbakemelding.",
                    "Leiinga observerer i klasserom og gir tilbakemelding.",
                ),
                (
                    "scale",
                    "Elevenes læring følges med på, og funnene brukes til forbedring.",
                    "Vi følgjer med på læringa til elevane og bruker funna til forbetring.",
                ),
            ],
        ),
        (
            (
                "Lede lærernes læring og utvikling",
                "Leie læringa og utviklinga til lærarane",
                "Leading teacher learning and development",
            ),
            [
                (
                    "scale",
                    "Ledelsen tar del i lærernes profesjonelle læring.",
                    "Leiinga tek del i den profesjonelle læringa til lærarane.",
                ),
                (
                    "scale",
                    "Ledelsen diskuterer læring og gir råd til lærerne.",
                    "Leiinga diskuterer læring og gir råd til lærarane.",
                ),
            ],
        ),
        (
            (
                "Sikre strukturerte og trygge omgivelser",
                "Sikre strukturerte og trygge omgivnader",
                "Ensuring an orderly and safe environment",
            ),
            [
                (
                    "scale",
                    "Bygg og uteområder er trygge og gode.",
                    "Bygg og uteområde er trygge og gode.",
                ),
                (
                    "scale",
                    "Linjene og ledelsesstrukturen er klare.",
                    "Linjene og leiingsstrukturen er klare.",
                ),
            ],
        ),
    ],
}

VALUE_CHAIN = {
    "code": "value-chain",
    "audience": "staff",
    "name": (
        "Skoleeierskapets verdikjede",
        "Verdikjeda i skuleeigarskapen",
        "The owner's value chain",
    ),
    "intro": (
        "Fire spørsmål fra KS (Paulsen). Bruk trafikklyset slik dere kjenner det fra Ståstedsanalysen.",
        "Fire spørsmål frå KS (Paulsen). Bruk trafikklyset slik de kjenner det frå Ståstedsanalysen.",
    ),
    "dimensions": [
        (
            ("Verdikjeden", "Verdikjeda", "The value chain"),
            [
                ("traffic", "Hvordan vet vi?", "Korleis veit vi?"),
                (
                    "traffic",
                    "Hva gjør vi for å ivareta og følge opp?",
                    "Kva gjer vi for å ta vare på og følgje opp?",
                ),
                (
                    "traffic",
                    "Har vi de rette ambisjonene, og er vi sammen om dem?",
                    "Har vi dei rette ambisjonane, og står vi saman om dei?",
                ),
                (
                    "traffic",
                    "Har vi gjennomføringsevne og langsiktighet, og hvordan vet vi det?",
                    "Har vi gjennomføringsevne og langsiktigheit, og korleis veit vi det?",
                ),
                ("text", "Hva bør vi gjøre annerledes?", "Kva bør vi gjere annleis?"),
            ],
        ),
    ],
}

PUPILS = {
    "code": "pupils",
    "audience": "pupils",
    "name": ("Elevenes stemme", "Stemma til elevane", "The pupils' voice"),
    "intro": (
        "Svar på det du mener. Ingen kan se hva akkurat du har svart.",
        "Svar det du meiner. Ingen kan sjå kva akkurat du har svart.",
    ),
    "dimensions": [
        (
            ("Trivsel og venner", "Trivsel og vener", "Well-being and friends"),
            [
                ("scale", "Jeg trives på skolen.", "Eg trivst på skulen."),
                ("scale", "Alle i klassen har venner.", "Alle i klassen har vener."),
                (
                    "scale",
                    "Jeg vet hvem jeg kan spørre om hjelp hvis noen er uvenner.",
                    "Eg veit kven eg kan spørje om hjelp om nokon er uvener.",
                ),
            ],
        ),
        (
            ("Læring og medvirkning", "Læring og medverknad", "Learning and participation"),
            [
                (
                    "scale",
                    "Jeg vet hvem jeg kan spørre for å bli bedre i et fag.",
                    "Eg veit kven eg kan spørje for å bli betre i eit fag.",
                ),
                (
                    "scale",
                    "Jeg er med på å bestemme ting på skolen.",
                    "Eg er med på å bestemme ting på skulen.",
                ),
                ("text", "Hva er det fineste med skolen?", "Kva er det finaste med skulen?"),
                (
                    "text",
                    "Hvordan kan undervisningen bli bedre?",
                    "Korleis kan undervisninga bli betre?",
                ),
                (
                    "text",
                    "Hva kan du gjøre for å gjøre skolen bedre?",
                    "Kva kan du gjere for å gjere skulen betre?",
                ),
            ],
        ),
    ],
}

SELF_ASSESSMENT = {
    "code": "self-assessment",
    "audience": "staff",
    "name": ("Kommunal egenvurdering", "Kommunal eigenvurdering", "Municipal self-assessment"),
    "intro": (
        "Felles mal for kommunen. Eier og utviklingsgruppa reviderer spørsmålene hvert år ut fra "
        "kvalitetsplanen, skolens mål og særlig utfordrende områder.",
        "Felles mal for kommunen. Eigar og utviklingsgruppa reviderer spørsmåla kvart år ut frå "
        "kvalitetsplanen, måla til skulen og særleg utfordrande område.",
    ),
    "dimensions": [
        (
            ("Grunnleggende ferdigheter", "Grunnleggjande ferdigheiter", "Basic skills"),
            [
                (
                    "traffic",
                    "Vi arbeider systematisk med lesing, skriving og regning på alle trinn.",
                    "Vi arbeider systematisk med lesing, skriving og rekning på alle trinn.",
                ),
                (
                    "scale",
                    "Vi bruker resultatene fra nasjonale prøver til å forbedre undervisningen.",
                    "Vi bruker resultata frå nasjonale prøvar til å forbetre undervisninga.",
                ),
            ],
        ),
        (
            (
                "Trygt og godt skolemiljø",
                "Trygt og godt skulemiljø",
                "Safe and good school environment",
            ),
            [
                (
                    "traffic",
                    "Rutinene våre for aktivitetsplikten (opplæringsloven kapittel 12, tidligere 9A) er kjent og brukt.",
                    "Rutinane våre for aktivitetsplikta (opplæringslova kapittel 12, tidlegare 9A) er kjende og brukte.",
                ),
                (
                    "scale",
                    "Vi følger opp funnene fra Elevundersøkelsen sammen med elevene.",
                    "Vi følgjer opp funna frå Elevundersøkinga saman med elevane.",
                ),
            ],
        ),
        (
            ("Vår egen analyse", "Vår eiga analyse", "Our own analysis"),
            [
                (
                    "text",
                    "Hva er skolens viktigste styrker i år?",
                    "Kva er dei viktigaste styrkane til skulen i år?",
                ),
                (
                    "text",
                    "Hva er vår største utfordring, og hva gjør vi med den?",
                    "Kva er den største utfordringa vår, og kva gjer vi med henne?",
                ),
            ],
        ),
    ],
}

INSTRUMENTS = [SELF_ASSESSMENT, PLC, LEADERSHIP, VALUE_CHAIN, PUPILS]

# The plain explanation of a dimension score as a local indicator in the knowledge base.
EXPLANATIONS = {
    "nb": "Gjennomsnittet av svarene fra {audience} (1–5) på påstandene i «{dimension}» i skolens egen undersøkelse. Viser hvordan de som svarte opplever praksis – ikke en objektiv måling. Vises bare når minst {threshold} har svart. Sammenlign med forrige runde ved samme skole, ikke med andre skoler.",
    "nn": "Gjennomsnittet av svara frå {audience} (1–5) på utsegnene i «{dimension}» i den eigne undersøkinga til skulen. Viser korleis dei som svarte opplever praksis – ikkje ei objektiv måling. Blir vist berre når minst {threshold} har svart. Samanlikn med førre runde ved same skule, ikkje med andre skular.",
    "en": "The mean of the answers from {audience} (1–5) to the statements in “{dimension}” in the school's own questionnaire: how respondents see practice, not an objective measure. Shown only when at least {threshold} answered. Compare with the school's previous round, not with other schools.",
}

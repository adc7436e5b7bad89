"""The national indicator catalogue, versioned with the code. `sync_catalogue` loads it into the
database (post_migrate); a superuser may edit an indicator in the admin, and a later catalogue
version of that code overwrites it only when VERSION here is raised for it.

Texts: name and a plain-language explanation («what it measures, how not to read it») in nb, nn, en.
"""

from dataclasses import dataclass, field

VERSION = 4  # 2: what each pupil-survey index asks about; 3: standpunkt; 4: 10-FAKTOR factors
NT_NEW_SERIES = {
    "from": "2022-23",
    "nb": "Ny serie nasjonale prøver fra høsten 2022 (nye "
    "læreplaner): ikke sammenlign med årene før.",
    "nn": "Ny serie nasjonale prøvar "
    "frå hausten 2022 (nye læreplanar): ikkje samanlikn med åra før.",
    "en": "New "
    "national-test series from autumn 2022 (new curricula): do not compare with "
    "earlier years.",
}
NT_SCALE_2014 = {
    "from": "2014-15",
    "nb": "Skalapoeng (snitt 50) fra 2014; før det en annen skala.",
    "nn": "Skalapoeng (snitt 50) frå 2014; før det ein annan skala.",
    "en": "Scale points (mean 50) from 2014; a different scale before.",
}
BULLYING_2016 = {
    "from": "2016-17",
    "nb": "Spørsmålene om mobbing ble endret i 2016: ikke sammenlign med årene før.",
    "nn": "Spørsmåla om mobbing vart endra i 2016: ikkje samanlikn med åra før.",
    "en": "The bullying questions changed in 2016: do not compare with earlier years.",
}


@dataclass(frozen=True)
class Entry:
    code: str
    names: tuple[str, str, str]
    explanations: tuple[str, str, str]
    quality: str  # structure, process, result
    source: str
    unit: str  # scale_points, share, index, grade, points, count, ratio, scale_1_3, sbi
    direction: str  # higher, lower, neutral
    grades: tuple[int, ...]
    threshold: int = 10
    breaks: tuple[dict[str, str], ...] = ()
    never_compare_group: str = ""
    key: bool = False
    extra: dict[str, str] = field(default_factory=dict)


SUBJECTS = {
    "reading": ("lesing", "lesing", "reading"),
    "numeracy": ("regning", "rekning", "numeracy"),
    "english": ("engelsk", "engelsk", "English"),
}


def _national_tests() -> list[Entry]:
    out: list[Entry] = []
    for grade, subjects, levels in (
        (5, ("reading", "numeracy", "english"), 3),
        (8, ("reading", "numeracy", "english"), 5),
        (9, ("reading", "numeracy"), 5),
    ):
        for subject in subjects:
            nb, nn, en = SUBJECTS[subject]
            code = f"nt{grade}_{subject}"
            out.append(
                Entry(
                    code,
                    (
                        f"Nasjonale prøver {grade}. trinn, {nb}",
                        f"Nasjonale prøvar {grade}. trinn, {nn}",
                        f"National tests grade {grade}, {en}",
                    ),
                    (
                        f"Gjennomsnittlig skalapoeng på den nasjonale prøven i {nb}. Landssnittet er "
                        "50 (standardavvik 10). Små trinn varierer mye fra år til år av tilfeldige "
                        "grunner: se på flere år og på usikkerheten, ikke på ett tall.",
                        f"Gjennomsnittleg skalapoeng på den nasjonale prøven i {nn}. Landssnittet er "
                        "50 (standardavvik 10). Små trinn varierer mykje frå år til år av tilfeldige "
                        "grunnar: sjå på fleire år og på uvissa, ikkje på eitt tal.",
                        f"Mean scale points on the national test in {en}. The national mean is 50 "
                        "(sd 10). Small cohorts vary a lot by chance: look at several years and at the "
                        "uncertainty, not at one number.",
                    ),
                    "result",
                    "Udir: Nasjonale prøver",
                    "scale_points",
                    "higher",
                    (grade,),
                    breaks=(NT_SCALE_2014, NT_NEW_SERIES),
                    key=True,
                )
            )
            if grade in (8, 9):
                out.append(
                    Entry(
                        f"{code}_feeder",
                        (
                            f"Nasjonale prøver {grade}. trinn, {nb} (avgiverskole)",
                            f"Nasjonale prøvar {grade}. trinn, {nn} (avgjevarskule)",
                            f"National tests grade {grade}, {en} (feeder school)",
                        ),
                        (
                            "Resultatene til elevene som gikk på denne barneskolen, målt på "
                            "ungdomstrinnet. Sier noe om hvor elevene kom fra, ikke om skolen de går på "
                            "nå.",
                            "Resultata til elevane som gjekk på denne barneskulen, målt på "
                            "ungdomssteget. Seier noko om kvar elevane kom frå, ikkje om skulen dei går "
                            "på no.",
                            "Results in lower secondary of the pupils who attended this "
                            "primary school. About where pupils came from, not the school they attend "
                            "now.",
                        ),
                        "result",
                        "Udir: Nasjonale prøver",
                        "scale_points",
                        "higher",
                        (grade,),
                        breaks=(NT_SCALE_2014, NT_NEW_SERIES),
                    )
                )
            for level in range(1, levels + 1):
                low = level == 1
                out.append(
                    Entry(
                        f"{code}_level{level}",
                        (
                            f"Nasjonale prøver {grade}. trinn, {nb}: andel på mestringsnivå {level}",
                            f"Nasjonale prøvar {grade}. trinn, {nn}: del på meistringsnivå {level}",
                            f"National tests grade {grade}, {en}: share at mastery level {level}",
                        ),
                        (
                            f"Prosent av elevene som havnet på mestringsnivå {level} av {levels}. "
                            + ("Nivå 1 er det laveste." if low else ""),
                            f"Prosent av elevane som enda på meistringsnivå {level} av {levels}. "
                            + ("Nivå 1 er det lågaste." if low else ""),
                            f"Percentage of pupils at mastery level {level} of {levels}. "
                            + ("Level 1 is the lowest." if low else ""),
                        ),
                        "result",
                        "Udir: Nasjonale prøver",
                        "share",
                        "lower" if low else ("higher" if level == levels else "neutral"),
                        (grade,),
                        breaks=(NT_NEW_SERIES,),
                    )
                )
    for subject in ("reading", "numeracy", "english"):
        nb, nn, en = SUBJECTS[subject]
        out.append(
            Entry(
                f"nt5_{subject}_2009",
                (
                    f"Nasjonale prøver 5. trinn, {nb} (2009–2013, skala 1–3)",
                    f"Nasjonale prøvar 5. trinn, {nn} (2009–2013, skala 1–3)",
                    f"National tests grade 5, {en} (2009–2013, scale 1–3)",
                ),
                (
                    "Gammel serie (2009–2013) målt som snitt på mestringsnivå 1–3. Kan ikke "
                    "sammenlignes med skalapoeng fra 2014.",
                    "Gammal serie (2009–2013) målt som snitt "
                    "på meistringsnivå 1–3. Kan ikkje samanliknast med skalapoeng frå 2014.",
                    "Old series (2009–2013) reported as the mean mastery level 1–3. Not comparable "
                    "with scale points from 2014.",
                ),
                "result",
                "Udir: Nasjonale prøver (Skoleporten)",
                "scale_1_3",
                "higher",
                (5,),
            )
        )
    return out


PUPIL_SURVEY = [
    ("ps_wellbeing", ("Trivsel", "Trivsel", "Well-being")),
    ("ps_teacher_support", ("Støtte fra lærerne", "Støtte frå lærarane", "Teacher support")),
    (
        "ps_assessment_for_learning",
        ("Vurdering for læring", "Vurdering for læring", "Assessment for learning"),
    ),
    ("ps_learning_culture", ("Læringskultur", "Læringskultur", "Learning culture")),
    ("ps_mastery", ("Mestring", "Meistring", "Mastery")),
    ("ps_motivation", ("Motivasjon", "Motivasjon", "Motivation")),
    (
        "ps_pupil_democracy",
        (
            "Elevdemokrati og medvirkning",
            "Elevdemokrati og medverknad",
            "Pupil democracy and participation",
        ),
    ),
    ("ps_academic_challenge", ("Faglig utfordring", "Fagleg utfordring", "Academic challenge")),
    ("ps_common_rules", ("Felles regler", "Felles reglar", "Common rules")),
    ("ps_home_support", ("Støtte hjemmefra", "Støtte heimanfrå", "Support from home")),
    (
        "ps_career_guidance",
        (
            "Utdanning og yrkesveiledning",
            "Utdanning og yrkesrettleiing",
            "Education and career guidance",
        ),
    ),
]
PS_GRADES = (5, 6, 7, 8, 9, 10, 11, 12, 13)
# What each index of the pupil survey asks about, in nb, nn, en (before the common words on
# reading it).
PUPIL_SURVEY_ASKS = {
    "ps_wellbeing": (
        "Om elevene trives på skolen, i klassen og i friminuttene.",
        "Om elevane trivst på skulen, i klassen og i friminutta.",
        "Whether pupils enjoy being at school, in their class and at break time.",
    ),
    "ps_teacher_support": (
        "Om elevene opplever at lærerne bryr seg om dem, hjelper dem når de trenger det og har "
        "tro på at de kan gjøre det bra.",
        "Om elevane opplever at lærarane bryr seg om dei, hjelper dei når dei treng det og har "
        "tru på at dei kan gjere det bra.",
        "Whether pupils find that their teachers care about them, help them when they need it "
        "and believe they can do well.",
    ),
    "ps_assessment_for_learning": (
        "Om elevene vet hva de skal lære og hva som forventes, får tilbakemeldinger som viser "
        "hvordan de kan bli bedre, og får vurdere sitt eget arbeid.",
        "Om elevane veit kva dei skal lære og kva som er venta, får tilbakemeldingar som viser "
        "korleis dei kan bli betre, og får vurdere sitt eige arbeid.",
        "Whether pupils know what they are to learn and what is expected, get feedback that "
        "shows how to improve, and assess their own work.",
    ),
    "ps_learning_culture": (
        "Om det er arbeidsro i timene, om det er greit å gjøre feil, og om elevene i klassen "
        "bryr seg om å lære.",
        "Om det er arbeidsro i timane, om det er greitt å gjere feil, og om elevane i klassen "
        "bryr seg om å lære.",
        "Whether lessons are calm enough to work, mistakes are all right, and the class cares "
        "about learning.",
    ),
    "ps_mastery": (
        "Om elevene opplever at de får til skolearbeidet: oppgavene, leksene og fagene.",
        "Om elevane opplever at dei får til skulearbeidet: oppgåvene, leksene og faga.",
        "Whether pupils feel they manage their schoolwork: tasks, homework and subjects.",
    ),
    "ps_motivation": (
        "Om elevene er interessert i å lære på skolen og gleder seg til timene.",
        "Om elevane er interesserte i å lære på skulen og gler seg til timane.",
        "Whether pupils are interested in learning at school and look forward to lessons.",
    ),
    "ps_pupil_democracy": (
        "Om elevene får være med og bestemme hvordan de arbeider og hva klassen gjør, og om "
        "elevrådet blir hørt.",
        "Om elevane får vere med og bestemme korleis dei arbeider og kva klassen gjer, og om "
        "elevrådet blir høyrt.",
        "Whether pupils have a say in how they work and what the class does, and whether the "
        "pupil council is heard.",
    ),
    "ps_academic_challenge": (
        "Om elevene får oppgaver som er krevende nok, så de må anstrenge seg for å lære.",
        "Om elevane får oppgåver som er krevjande nok, så dei må streve for å lære.",
        "Whether pupils get tasks demanding enough that they must work to learn.",
    ),
    "ps_common_rules": (
        "Om elevene kjenner skolens regler, og om lærerne følger dem opp likt.",
        "Om elevane kjenner reglane på skulen, og om lærarane følgjer dei opp likt.",
        "Whether pupils know the school's rules, and whether teachers apply them alike.",
    ),
    "ps_home_support": (
        "Om foreldrene er interessert i skolearbeidet, oppmuntrer elevene og hjelper dem med "
        "lekser.",
        "Om foreldra er interesserte i skulearbeidet, oppmuntrar elevane og hjelper dei med "
        "lekser.",
        "Whether parents take an interest in schoolwork, encourage the pupils and help with "
        "homework.",
    ),
    "ps_career_guidance": (
        "Om elevene har fått god informasjon om utdanning og yrker å velge mellom.",
        "Om elevane har fått god informasjon om utdanning og yrke å velje mellom.",
        "Whether pupils have had good information about the education and careers they can choose.",
    ),
}


def _pupil_survey() -> list[Entry]:
    out = [
        Entry(
            code,
            names,
            (
                f"{PUPIL_SURVEY_ASKS[code][0]} Elevenes svar i Elevundersøkelsen, samlet til en "
                "indeks fra 1 til 5 (høyt er bra). Sammenlign med landet og over flere år; få svar "
                "gir stor usikkerhet.",
                f"{PUPIL_SURVEY_ASKS[code][1]} Svara til elevane i Elevundersøkinga, samla til ein "
                "indeks frå 1 til 5 (høgt er bra). Samanlikn med landet og over fleire år; få svar "
                "gir stor uvisse.",
                f"{PUPIL_SURVEY_ASKS[code][2]} Pupils' answers in the pupil survey, combined into "
                "an index from 1 to 5 (high is good). Compare with the nation and over several "
                "years; few answers mean large uncertainty.",
            ),
            "process",
            "Udir: Elevundersøkelsen",
            "index",
            "higher",
            PS_GRADES,
            key=code in ("ps_wellbeing", "ps_teacher_support", "ps_mastery"),
        )
        for code, names in PUPIL_SURVEY
    ]
    out.append(
        Entry(
            "ps_bullying",
            ("Mobbing på skolen", "Mobbing på skulen", "Bullying at school"),
            (
                "Prosent av elevene som svarer at de er mobbet to–tre ganger i måneden eller oftere "
                "(av elever, digitalt eller av voksne). Lavt er bra; rundt 6 % nasjonalt.",
                "Prosent av elevane som svarar at dei er mobba to–tre gonger i månaden eller oftare "
                "(av elevar, digitalt eller av vaksne). Lågt er bra; rundt 6 % nasjonalt.",
                "Percentage of pupils bullied two or three times a month or more (by pupils, "
                "digitally or by adults). Low is good; about 6 % nationally.",
            ),
            "process",
            "Udir: Elevundersøkelsen",
            "share",
            "lower",
            PS_GRADES,
            breaks=(BULLYING_2016,),
            key=True,
        )
    )
    out.append(
        Entry(
            "ps_participation",
            (
                "Deltakelse i Elevundersøkelsen",
                "Deltaking i Elevundersøkinga",
                "Participation in the pupil survey",
            ),
            (
                "Prosent av de inviterte elevene som svarte. Lav deltakelse gjør resultatene mindre "
                "til å stole på.",
                "Prosent av dei inviterte elevane som svara. Låg deltaking gjer "
                "resultata mindre til å stole på.",
                "Percentage of invited pupils who answered. Low "
                "participation makes the results less reliable.",
            ),
            "process",
            "Udir: Elevundersøkelsen",
            "share",
            "higher",
            PS_GRADES,
            threshold=1,
        )
    )
    return out


def _grades() -> list[Entry]:
    out = [
        Entry(
            "gsp",
            ("Grunnskolepoeng", "Grunnskulepoeng", "Lower-secondary points"),
            (
                "Gjennomsnittet av alle avsluttende karakterer ganger 10. Landssnittet er rundt 42–43. "
                "Karakterpraksis varierer mellom skoler.",
                "Gjennomsnittet av alle avsluttande "
                "karakterar gonger 10. Landssnittet er rundt 42–43. Karakterpraksis varierer mellom "
                "skular.",
                "The mean of all final grades times 10. The national mean is about 42–43. "
                "Grading practice varies between schools.",
            ),
            "result",
            "Udir: Karakterer",
            "points",
            "higher",
            (10,),
            key=True,
        )
    ]
    for subject, names in (
        ("norwegian", ("norsk hovedmål", "norsk hovudmål", "Norwegian")),
        ("maths", ("matematikk", "matematikk", "mathematics")),
        ("english", ("engelsk", "engelsk", "English")),
    ):
        for kind, k_names in (
            ("exam", ("eksamen", "eksamen", "exam")),
            ("teacher", ("standpunkt", "standpunkt", "teacher-set")),
        ):
            out.append(
                Entry(
                    f"grade_{kind}_{subject}",
                    (
                        f"Karakter {names[0]}, {k_names[0]}",
                        f"Karakter {names[1]}, {k_names[1]}",
                        f"Grade {names[2]}, {k_names[2]}",
                    ),
                    GRADE_TEXTS[kind],
                    "result",
                    "Udir: Karakterer",
                    "grade",
                    "higher",
                    (10,),
                )
            )
    return out


# A grade's explanation by kind: an exam is drawn by lot among the pupils; the teacher sets
# every pupil's overall achievement grade (standpunkt).
GRADE_TEXTS = {
    "exam": (
        "Gjennomsnittskarakter (1–6) til eksamen på 10. trinn. Eksamen trekkes ut, så få elever "
        "gir stor usikkerhet; eksamen ble avlyst i 2020 og 2021.",
        "Gjennomsnittskarakter (1–6) til eksamen på 10. trinn. Eksamen vert trekt ut, så få "
        "elevar gir stor uvisse; eksamen vart avlyst i 2020 og 2021.",
        "Mean exam grade (1–6) in grade 10. Exams are drawn by lot, so few pupils mean large "
        "uncertainty; exams were cancelled in 2020 and 2021.",
    ),
    "teacher": (
        "Gjennomsnittlig standpunktkarakter (1–6) på 10. trinn: læreren setter den ut fra "
        "elevens samlede kompetanse i faget, for alle elever. Sammenlign over flere år; "
        "praksis for karaktersetting kan variere mellom skoler.",
        "Gjennomsnittleg standpunktkarakter (1–6) på 10. trinn: læraren set han ut frå den "
        "samla kompetansen til eleven i faget, for alle elevar. Samanlikn over fleire år; "
        "praksis for karaktersetjing kan variere mellom skular.",
        "Mean overall achievement grade (1–6) in grade 10, set by the teacher from the pupil's "
        "whole competence in the subject, for every pupil. Compare over several years; grading "
        "practice can differ between schools.",
    ),
}


def _school_contribution() -> list[Entry]:
    texts = {
        "1-4": (
            "Justerer bare for familiebakgrunn (foreldres utdanning, inntekt, "
            "innvandringsbakgrunn).",
            "Justerer berre for familiebakgrunn (utdanninga og "
            "inntekta til foreldra, innvandringsbakgrunn).",
            "Adjusts only for family "
            "background (parents' education, income, immigrant background).",
        ),
        "5-7": (
            "Justerer også for tidligere resultater (5. trinn).",
            "Justerer òg for tidlegare resultat (5. trinn).",
            "Also adjusts for earlier results (grade 5).",
        ),
        "8-10": (
            "Justerer også for tidligere resultater; eksamen manglet i 2020 og 2021.",
            "Justerer òg for tidlegare resultat; eksamen mangla i 2020 og 2021.",
            "Also adjusts for earlier results; exams were missing in 2020 and 2021.",
        ),
    }
    grades = {"1-4": (1, 2, 3, 4), "5-7": (5, 6, 7), "8-10": (8, 9, 10)}
    return [
        Entry(
            f"sbi_{stage.replace('-', '_')}",
            (
                f"Skolebidragsindikator {stage.replace('-', '.–')}. trinn",
                f"Skulebidragsindikator {stage.replace('-', '.–')}. trinn",
                f"School contribution indicator grades {stage}",
            ),
            (
                f"Beregnet av SSB for to skoleår samlet, som avvik fra landssnittet (0). {texts[stage][0]} "
                "Et supplement, aldri et mål på skolekvalitet alene; små skoler har stor usikkerhet. "
                "Kan ikke sammenlignes med de andre trinnenes skolebidrag.",
                f"Rekna ut av SSB for to skuleår samla, som avvik frå landssnittet (0). {texts[stage][1]} "
                "Eit supplement, aldri eit mål på skulekvalitet åleine; små skular har stor uvisse. "
                "Kan ikkje samanliknast med skulebidraget for dei andre stega.",
                f"Computed by Statistics Norway over two merged school years, as the deviation from "
                f"the national average (0). {texts[stage][2]} A supplement, never a measure of school "
                "quality alone; small schools carry large uncertainty. Never comparable with the "
                "other stages' contribution.",
            ),
            "result",
            "SSB/Udir: Skolebidragsindikatorer",
            "sbi",
            "higher",
            grades[stage],
            never_compare_group="school_contribution",
            key=stage != "1-4",
        )
        for stage in ("1-4", "5-7", "8-10")
    ]


TEN_FACTOR = [
    "Oppgavemotivasjon",
    "Mestringstro",
    "Selvstendighet",
    "Bruk av kompetanse",
    "Mestringsorientert ledelse",
    "Rolleklarhet",
    "Relevant kompetanseutvikling",
    "Fleksibilitetsvilje",
    "Mestringsklima",
    "Nyttemotivasjon",
]
TEN_FACTOR_NN = [
    "Oppgåvemotivasjon",
    "Meistringstru",
    "Sjølvstende",
    "Bruk av kompetanse",
    "Meistringsorientert leiing",
    "Rolleklarleik",
    "Relevant kompetanseutvikling",
    "Fleksibilitetsvilje",
    "Meistringsklima",
    "Nyttemotivasjon",
]
TEN_FACTOR_EN = [
    "Task motivation",
    "Self-efficacy",
    "Autonomy",
    "Use of competence",
    "Mastery-oriented leadership",
    "Role clarity",
    "Relevant professional development",
    "Willingness to be flexible",
    "Mastery climate",
    "Usefulness motivation",
]

# What each 10-FAKTOR factor asks the staff about, in nb, nn, en (in TEN_FACTOR's order).
TEN_FACTOR_ASKS = [
    (
        "Om de ansatte synes arbeidsoppgavene i seg selv er interessante og meningsfulle.",
        "Om dei tilsette synest arbeidsoppgåvene i seg sjølv er interessante og meiningsfulle.",
        "Whether staff find their tasks interesting and meaningful in themselves.",
    ),
    (
        "Om de ansatte har tro på at de får til arbeidsoppgavene sine, også de vanskelige.",
        "Om dei tilsette har tru på at dei får til arbeidsoppgåvene sine, òg dei vanskelege.",
        "Whether staff believe they can manage their tasks, the difficult ones too.",
    ),
    (
        "Om de ansatte selv kan bestemme hvordan de legger opp og utfører arbeidet.",
        "Om dei tilsette sjølve kan bestemme korleis dei legg opp og gjer arbeidet.",
        "Whether staff decide for themselves how to plan and do their work.",
    ),
    (
        "Om de ansatte får brukt kunnskapene og ferdighetene sine i jobben.",
        "Om dei tilsette får bruke kunnskapane og dugleikane sine i jobben.",
        "Whether staff get to use their knowledge and skills at work.",
    ),
    (
        "Om lederen gir støtte, tilbakemeldinger og rom for å lære og utvikle seg.",
        "Om leiaren gir støtte, tilbakemeldingar og rom for å lære og utvikle seg.",
        "Whether the leader gives support, feedback and room to learn and grow.",
    ),
    (
        "Om de ansatte vet hva som forventes av dem, og hva de har ansvar for.",
        "Om dei tilsette veit kva som er venta av dei, og kva dei har ansvar for.",
        "Whether staff know what is expected of them and what they are responsible for.",
    ),
    (
        "Om de ansatte får faglig påfyll og opplæring som er nyttig i jobben.",
        "Om dei tilsette får fagleg påfyll og opplæring som er nyttig i jobben.",
        "Whether staff get training and professional development useful in their work.",
    ),
    (
        "Om de ansatte er villige til å endre arbeidsmåter og oppgaver når det trengs.",
        "Om dei tilsette er villige til å endre arbeidsmåtar og oppgåver når det trengst.",
        "Whether staff are willing to change ways of working and tasks when needed.",
    ),
    (
        "Om arbeidsplassen er preget av at man lærer av hverandre og deler kunnskap.",
        "Om arbeidsplassen er prega av at ein lærer av kvarandre og deler kunnskap.",
        "Whether the workplace is one where people learn from each other and share knowledge.",
    ),
    (
        "Om de ansatte er motivert av å gjøre noe nyttig for andre, for elevene.",
        "Om dei tilsette er motiverte av å gjere noko nyttig for andre, for elevane.",
        "Whether staff are motivated by doing something useful for others, for the pupils.",
    ),
]


def _structure() -> list[Entry]:
    out = [
        Entry(
            "pupils_per_teacher",
            (
                "Elever per lærer (gruppestørrelse 2)",
                "Elevar per lærar (gruppestorleik 2)",
                "Pupils per teacher (group size 2)",
            ),
            (
                "Antall elever per lærerårsverk i ordinær undervisning (GSI). Sier noe om "
                "ressurser, ikke om kvalitet alene.",
                "Tal på elevar per lærarårsverk i "
                "ordinær undervisning (GSI). Seier noko om ressursar, ikkje om kvalitet åleine.",
                "Pupils per teacher full-time equivalent in ordinary teaching (GSI). About "
                "resources, not quality on its own.",
            ),
            "structure",
            "Udir: GSI",
            "ratio",
            "neutral",
            tuple(range(1, 11)),
            threshold=1,
        ),
        Entry(
            "special_education_share",
            (
                "Andel elever med spesialundervisning",
                "Del elevar med spesialundervisning",
                "Share of pupils with special education",
            ),
            (
                "Prosent av elevene med enkeltvedtak om spesialundervisning (GSI). Høyt eller "
                "lavt er ikke i seg selv godt eller dårlig.",
                "Prosent av elevane med "
                "enkeltvedtak om spesialundervisning (GSI). Høgt eller lågt er ikkje i seg sjølv "
                "godt eller dårleg.",
                "Percentage of pupils with a decision on special "
                "education (GSI). High or low is not in itself good or bad.",
            ),
            "structure",
            "Udir: GSI",
            "share",
            "neutral",
            tuple(range(1, 11)),
        ),
    ]
    out.append(
        Entry(
            "completion_upper_secondary",
            (
                "Fullført videregående opplæring innen fem år",
                "Fullført vidaregåande opplæring innan fem år",
                "Upper secondary completed within five years",
            ),
            (
                "Prosent av elevene fra kommunens grunnskoler som fullførte og besto videregående opplæring innen fem år. Påvirkes av mye mer enn grunnskolen.",
                "Prosent av elevane frå grunnskulane i kommunen som fullførte og bestod vidaregåande opplæring innan fem år. Vert påverka av mykje meir enn grunnskulen.",
                "Percentage of the municipality's pupils who completed and passed upper secondary education within five years. Affected by much more than the lower-secondary school.",
            ),
            "result",
            "Udir/SSB: Gjennomføring",
            "share",
            "higher",
            (10,),
        )
    )
    out.append(
        Entry(
            "parents_higher_education",
            (
                "Andel elever med foreldre med høyere utdanning",
                "Del elevar med foreldre med høgare utdanning",
                "Share of pupils whose parents have higher education",
            ),
            (
                "Prosent av elevene der minst én forelder har utdanning fra universitet eller "
                "høgskole (SSB). Beskriver elevgrunnlaget, ikke skolen.",
                "Prosent av elevane der "
                "minst ein forelder har utdanning frå universitet eller høgskule (SSB). Skildrar "
                "elevgrunnlaget, ikkje skulen.",
                "Percentage of pupils with at least one parent with "
                "a university or college education (Statistics Norway). Describes the pupils, not the "
                "school.",
            ),
            "structure",
            "SSB",
            "share",
            "neutral",
            tuple(range(1, 11)),
        )
    )
    for i, name in enumerate(TEN_FACTOR):
        out.append(
            Entry(
                f"tenfactor_{i + 1}",
                (
                    f"10-FAKTOR: {name}",
                    f"10-FAKTOR: {TEN_FACTOR_NN[i]}",
                    f"10-FAKTOR: {TEN_FACTOR_EN[i]}",
                ),
                (
                    f"{TEN_FACTOR_ASKS[i][0]} Medarbeidernes svar i KS' medarbeiderundersøkelse "
                    "10-FAKTOR, snitt fra 1 til 5 (høyt er bra).",
                    f"{TEN_FACTOR_ASKS[i][1]} Svara frå medarbeidarane i KS si "
                    "medarbeidarundersøking 10-FAKTOR, snitt frå 1 til 5 (høgt er bra).",
                    f"{TEN_FACTOR_ASKS[i][2]} Staff answers in KS's 10-FAKTOR staff survey, mean "
                    "from 1 to 5 (high is good).",
                ),
                "process",
                "KS: 10-FAKTOR",
                "index",
                "higher",
                (),
                threshold=5,
            )
        )
    return out


def entries() -> list[Entry]:
    return [
        *_national_tests(),
        *_pupil_survey(),
        *_grades(),
        *_school_contribution(),
        *_structure(),
    ]

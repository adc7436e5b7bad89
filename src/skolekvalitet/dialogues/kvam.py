"""Kvam's annual cycle of quality dialogues (seed 002), the shipped default, in Bokmål and
Nynorsk. Dates are (month, day) within the school year; the owner edits everything afterwards.
Every guide follows the learning-meeting format: prepare, open, main phase, close."""

OWNER, PRINCIPAL, LEADER = "owner_admin", "principal", "school_leader"
TEACHER, UNION, PUPILS, PARENTS = "teacher", "union_rep", "pupil_rep", "parent_rep"

OPEN = (
    "Hva er målet med møtet, og hva trenger vi å bli enige om i dag?\nHvordan vil vi snakke sammen (kontrakt), og hvem fører referat?",
    "Kva er målet med møtet, og kva treng vi å bli samde om i dag?\nKorleis vil vi snakke saman (kontrakt), og kven fører referat?",
)
CLOSE = (
    "Hva har vi bestemt?\nHvilket mellomarbeid avtaler vi – hvem gjør hva innen når?\nFant vi kritiske områder som trenger en skriftlig oppfølgingsavtale?\nHvordan evaluerer vi møtet?",
    "Kva har vi bestemt?\nKva mellomarbeid avtalar vi – kven gjer kva innan når?\nFann vi kritiske område som treng ein skriftleg oppfølgingsavtale?\nKorleis evaluerer vi møtet?",
)

EVENTS = [
    {
        "kind": "dialogue",
        "name": ("Lederdialog 1: retning for skoleåret", "Leiardialog 1: retning for skuleåret"),
        "window": ((8, 15), (10, 1)),
        "participants": [OWNER, PRINCIPAL, LEADER],
        "duration": 210,
        "checklist": (
            "Elevresultater i grunnleggende ferdigheter: lesing, skriving, regning og engelsk\nTrygt og godt skolemiljø i Elevundersøkelsen\nInternkontroll av aktivitetsplikten (opplæringsloven kapittel 12, tidligere 9A): stikkprøve av rutinene for varsling, undersøkelse, tiltak, evaluering og dokumentasjon\nUtvalgte resultater fra 10-FAKTOR\nSkolens struktur og organisering: roller, mandat og arenaer",
            "Elevresultat i grunnleggjande ferdigheiter: lesing, skriving, rekning og engelsk\nTrygt og godt skulemiljø i Elevundersøkinga\nInternkontroll av aktivitetsplikta (opplæringslova kapittel 12, tidlegare 9A): stikkprøve av rutinane for varsling, undersøking, tiltak, evaluering og dokumentasjon\nUtvalde resultat frå 10-FAKTOR\nStrukturen og organiseringa til skulen: roller, mandat og arenaer",
        ),
        "guide": (
            (
                "Les skolens datablad og egenvurderingen fra i fjor.\nHva er skolens egen analyse av resultatene?",
                "Les databladet til skulen og eigenvurderinga frå i fjor.\nKva er den eigne analysen til skulen av resultata?",
            ),
            OPEN,
            (
                "Hvilke mål, ambisjoner og forventninger har vi til de sentrale indikatorene?\nHva viser stikkprøven av rutinene for aktivitetsplikten (kapittel 12, tidligere 9A)?\nHvilket handlingsrom har skolen, og hvordan samhandler eier og rektor?",
                "Kva mål, ambisjonar og forventingar har vi til dei sentrale indikatorane?\nKva viser stikkprøven av rutinane for aktivitetsplikta (kapittel 12, tidlegare 9A)?\nKva handlingsrom har skulen, og korleis samhandlar eigar og rektor?",
            ),
            CLOSE,
        ),
    },
    {
        "kind": "work",
        "name": (
            "Mellomarbeid: skolens utviklingsplan",
            "Mellomarbeid: utviklingsplanen til skulen",
        ),
        "window": ((10, 1), (10, 31)),
        "participants": [PRINCIPAL, LEADER, TEACHER, UNION, PUPILS, PARENTS],
        "duration": 0,
        "checklist": (
            "Grunnleggende ferdigheter på alle trinn\nSosial læring og et trygt og godt skolemiljø for alle\nPlan for arbeidet med aktivitetsplikten (opplæringsloven kapittel 12, tidligere 9A)",
            "Grunnleggjande ferdigheiter på alle trinn\nSosial læring og eit trygt og godt skulemiljø for alle\nPlan for arbeidet med aktivitetsplikta (opplæringslova kapittel 12, tidlegare 9A)",
        ),
        "guide": (
            (
                "Hvem må være med for at planen blir vår?",
                "Kven må vere med for at planen blir vår?",
            ),
            OPEN,
            (
                "Hvilke mål og tiltak svarer på det vi fant i lederdialog 1?",
                "Kva mål og tiltak svarar på det vi fann i leiardialog 1?",
            ),
            CLOSE,
        ),
    },
    {
        "kind": "dialogue",
        "name": ("Lederdialog 2: underveisvurdering", "Leiardialog 2: undervegsvurdering"),
        "window": ((11, 1), (12, 10)),
        "participants": [OWNER, PRINCIPAL, LEADER],
        "duration": 180,
        "checklist": (
            "Drift av skolen og økonomi\nLederstøtte og sparring\nEkstra fokus: nasjonale prøver og stikkprøve av rutinene for aktivitetsplikten (kapittel 12, tidligere 9A)\nEnighet om mål og retning\nMedvirkning",
            "Drift av skulen og økonomi\nLeiarstøtte og sparring\nEkstra fokus: nasjonale prøvar og stikkprøve av rutinane for aktivitetsplikta (kapittel 12, tidlegare 9A)\nSemje om mål og retning\nMedverknad",
        ),
        "guide": (
            (
                "Hvordan går arbeidet med utviklingsplanen?\nHva viser de nasjonale prøvene i år?",
                "Korleis går arbeidet med utviklingsplanen?\nKva viser dei nasjonale prøvane i år?",
            ),
            OPEN,
            (
                "Hva trenger skolen av støtte fra eier?\nHva må vi justere i planene?",
                "Kva treng skulen av støtte frå eigar?\nKva må vi justere i planane?",
            ),
            CLOSE,
        ),
    },
    {
        "kind": "talk",
        "name": ("Utviklingssamtale med rektor", "Utviklingssamtale med rektor"),
        "window": ((11, 1), (12, 10)),
        "participants": [OWNER, PRINCIPAL],
        "duration": 90,
        "checklist": (
            "Tilbakemelding til rektor på situasjonen i dag\nRektors utvikling og arbeidssituasjon\nSammenheng med skolens kvalitetsarbeid",
            "Tilbakemelding til rektor på situasjonen i dag\nUtviklinga og arbeidssituasjonen til rektor\nSamanheng med kvalitetsarbeidet til skulen",
        ),
        "guide": (
            ("Hva vil du ta opp?", "Kva vil du ta opp?"),
            OPEN,
            (
                "Hva motiverer deg, og hva trenger du for å lykkes?",
                "Kva motiverer deg, og kva treng du for å lukkast?",
            ),
            CLOSE,
        ),
    },
    {
        "kind": "self_assessment",
        "name": ("Egenvurdering leveres", "Eigenvurdering blir levert"),
        "window": ((2, 1), (3, 31)),
        "participants": [PRINCIPAL, LEADER, TEACHER, UNION, PUPILS],
        "duration": 0,
        "checklist": (
            "Felles kommunal mal for egenvurdering\nResultater og analyse av læringsmiljøet (nasjonale prøver, Elevundersøkelsen, andre kilder)\nMøter i profesjonsfellesskapet",
            "Felles kommunal mal for eigenvurdering\nResultat og analyse av læringsmiljøet (nasjonale prøvar, Elevundersøkinga, andre kjelder)\nMøte i profesjonsfellesskapet",
        ),
        "guide": (
            (
                "Hva sier resultatene oss, og hva sier elevene?",
                "Kva seier resultata oss, og kva seier elevane?",
            ),
            OPEN,
            ("Hva er våre styrker og utfordringer?", "Kva er styrkane og utfordringane våre?"),
            CLOSE,
        ),
    },
    {
        "kind": "pupils",
        "name": ("Samling for elevrådene", "Samling for elevråda"),
        "window": ((2, 1), (2, 28)),
        "participants": [OWNER, PUPILS],
        "duration": 120,
        "per_school": False,
        "checklist": (
            "Hva elevene mener om skolemiljøet og læringen",
            "Kva elevane meiner om skulemiljøet og læringa",
        ),
        "guide": (
            ("", ""),
            OPEN,
            (
                "Hva er det fineste med skolen, og hva kan bli bedre?",
                "Kva er det finaste med skulen, og kva kan bli betre?",
            ),
            CLOSE,
        ),
    },
    {
        "kind": "dialogue",
        "name": (
            "Lederdialog 3: egenvurdering av skoleåret",
            "Leiardialog 3: eigenvurdering av skuleåret",
        ),
        "window": ((4, 1), (5, 31)),
        # Kvam: "brei deltaking frå skulen si leiing, tilsette, føresette og elevar".
        "participants": [OWNER, PRINCIPAL, LEADER, TEACHER, UNION, PUPILS, PARENTS],
        "duration": 210,
        "checklist": (
            "Del én: bredt sammensatt dialogmøte om skolens egenvurdering\nDel to: skolens plangruppe/utviklingsgruppe med eier\nKritiske områder: elevenes læring, læringsmiljø, økonomi, manglende kjennskap til regelverk",
            "Del ein: breitt samansett dialogmøte om eigenvurderinga til skulen\nDel to: plangruppa/utviklingsgruppa til skulen med eigar\nKritiske område: læringa til elevane, læringsmiljø, økonomi, manglande kjennskap til regelverk",
        ),
        "guide": (
            (
                "Les skolens egenvurdering og den kollektive tolkningen av resultatene.",
                "Les eigenvurderinga til skulen og den kollektive tolkinga av resultata.",
            ),
            OPEN,
            (
                "Hva har vi lært i år?\nHva ser elevene, lærerne, tillitsvalgte og verneombudet?\nHvilke områder er kritiske og trenger en skriftlig avtale?",
                "Kva har vi lært i år?\nKva ser elevane, lærarane, tillitsvalde og verneombodet?\nKva område er kritiske og treng ein skriftleg avtale?",
            ),
            CLOSE,
        ),
    },
    {
        "kind": "report",
        "name": ("Tilstandsrapport til kommunestyret", "Tilstandsrapport til kommunestyret"),
        "window": ((6, 1), (6, 30)),
        "participants": [OWNER],
        "duration": 0,
        "per_school": False,
        "checklist": (
            "Bygger på egenvurderingene og dialogene",
            "Byggjer på eigenvurderingane og dialogane",
        ),
        "guide": (("", ""), ("", ""), ("", ""), ("", "")),
    },
    {
        "kind": "parents",
        "name": ("Dialogmøte med foreldrerådene", "Dialogmøte med foreldreråda"),
        "window": ((10, 1), (10, 31)),
        "participants": [OWNER, PARENTS],
        "duration": 120,
        "per_school": False,
        "checklist": (
            "Kommunens kvalitetsplan og skolemiljø",
            "Kvalitetsplanen til kommunen og skulemiljø",
        ),
        "guide": (
            ("", ""),
            OPEN,
            ("Hva er viktigst for foreldrene i år?", "Kva er viktigast for foreldra i år?"),
            CLOSE,
        ),
    },
]

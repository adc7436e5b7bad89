"""Demo self-assessment: finished PLC (staff) and pupil rounds last year and this year for every
school, one school with too few staff answers, and an open pupil round with codes to print.
Synthetic, deterministic; rebuilt on every `skolekvalitet demo`."""

import datetime
import random

from skolekvalitet.knowledge.models import Import, Indicator
from skolekvalitet.organisations.models import Owner
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.surveys import actions
from skolekvalitet.surveys.models import Interpretation, Item, Response, Round

# What staff write to the PLC questionnaire's open question.
STAFF_TEXTS = [
    "Vi samarbeider godt i trinnteama.",
    "Meir tid til felles planlegging.",
    "Gode kollegaer som deler opplegg.",
    "Vi bør sjå meir på kvarandre sine timar.",
    "For lite tid til å snakke om elevane saman.",
]
# What pupils write, per open question of «Elevenes stemme» in its order: the finest thing
# about the school, how teaching could be better, what they can do themselves. Short, plain,
# sometimes without a full stop; never a name.
PUPIL_TEXTS = [
    [
        "Friminutta",
        "Venene mine",
        "At vi har fotballbane",
        "Læraren vår er snill",
        "Når vi har uteskule",
        "Kunst og handverk",
        "Gymtimane!!",
        "Alle er greie med kvarandre",
        "Biblioteket",
        "Turdagane",
    ],
    [
        "Meir praktisk",
        "Fleire pausar",
        "At læraren forklarar ein gong til",
        "Meir gruppearbeid",
        "Mindre lekser",
        "Meir ute",
        "Få jobbe med noko vi likar",
        "At det er roleg i klassen",
        "Spel i matte",
        "Veit ikkje",
    ],
    [
        "Vere grei mot alle",
        "Hjelpe dei som er åleine",
        "Høyre etter i timane",
        "Rydde etter meg",
        "Seie ifrå viss nokon blir plaga",
        "Ta med fleire i leiken",
        "Ikkje bråke",
        "Kome presis",
    ],
]
PUPIL_GRADES = range(5, 11)  # written questionnaires from grade 5, as the pupil survey


def _answers(rng: random.Random, items: list[Item], level: float, pupils: bool) -> dict:
    answers: dict = {}
    texts = iter(PUPIL_TEXTS if pupils else [STAFF_TEXTS] * len(items))
    for item in items:
        if item.kind == Item.Kind.SCALE:
            answers[str(item.pk)] = (
                0 if rng.random() < 0.05 else max(1, min(5, round(rng.gauss(level, 0.9))))
            )
        elif item.kind == Item.Kind.TRAFFIC:
            answers[str(item.pk)] = rng.choices(["green", "yellow", "red"], [level, 2, 1])[0]
        else:
            pool = next(texts)
            if rng.random() < 0.4:
                answers[str(item.pk)] = rng.choice(pool)
    return answers


def build(owner: Owner, rng: random.Random) -> None:
    Round.objects.filter(school__owner=owner).delete()
    Indicator.objects.filter(owner=owner, code__startswith="sa-").delete()
    Import.objects.filter(owner=owner, format="self-assessment").delete()
    instruments = {i.code: i for i in actions.install_library(owner)}
    admin = owner.memberships.filter(role="owner_admin").first().person
    this = current_school_year()
    schools = list(owner.schools.all())
    for start in (this.start_year - 1, this.start_year):
        for index, school in enumerate(schools):
            principal = school.memberships.filter(role="principal").first().person
            level = 3.2 + 0.15 * (index % 5) + 0.2 * (start - this.start_year + 1)
            staff = len(actions.staff_of(school))
            pupils = sum(
                school.enrolments.filter(
                    school_year__code=f"{start}-{(start + 1) % 100:02d}", grade__in=PUPIL_GRADES
                ).values_list("pupils", flat=True)
            )
            for code, audience, answered in (
                (
                    "plc",
                    "staff",
                    4 if school.name.startswith("Heradshaugen") else max(staff - 1, 5),
                ),
                ("pupils", "pupils", max(1, round(pupils * rng.uniform(0.75, 0.95)))),
            ):
                instrument = instruments[code]
                (round_,) = actions.launch(
                    principal,
                    instrument,
                    [school],
                    audience,
                    datetime.date(start, 10, 1),
                    datetime.date(start, 10, 31),
                    codes=0 if audience == "staff" else pupils,
                )
                items = list(
                    Item.objects.filter(dimension__instrument=instrument).order_by(
                        "dimension__order", "order", "pk"
                    )
                )
                Response.objects.bulk_create(
                    Response(round=round_, answers=_answers(rng, items, level, code == "pupils"))
                    for _ in range(answered)
                )
                if audience != "staff":
                    ids = list(round_.codes.values_list("pk", flat=True)[:answered])
                    round_.codes.filter(pk__in=ids).update(used=True)
                actions.close(admin, round_)
                if code == "plc" and answered >= 5:
                    Interpretation.objects.create(
                        round=round_,
                        reading="Samarbeid i team er ein styrke; vi deler for lite på tvers.",
                        actions="Felles planleggingstid kvar veke og kollegabesøk i vårhalvåret.",
                        released=start < this.start_year,
                    )
    first = next((s for s in schools if s.name.startswith("Bjørkely")), schools[0])
    actions.launch(
        first.memberships.filter(role="principal").first().person,
        instruments["pupils"],
        [first],
        "pupils",
        datetime.date(this.start_year, 11, 1),
        datetime.date(this.start_year + 1, 3, 15),
        codes=30,
    )

"""Demo development plans: approved plans for every school for the current and the previous
school year, with indicator-linked criteria, measures, milestones and evaluations, and the owner's
chapter 12 spot check per school and year, with findings and the school's answers.
Deterministic; rebuilt on every `skolekvalitet demo`."""

import datetime
import random

from django.utils import timezone

from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.models import Owner, SchoolYear
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import (
    Criterion,
    DevelopmentPlan,
    Goal,
    Measure,
    Milestone,
    Priority,
    QualityGoal,
    QualityMeasure,
    QualityPlan,
    SpotCheck,
    SpotCheckCase,
    SpotCheckFinding,
)


def build(owner: Owner, rng: random.Random) -> None:
    DevelopmentPlan.objects.filter(school__owner=owner).delete()
    SpotCheck.objects.filter(school__owner=owner).delete()
    QualityPlan.objects.filter(owner=owner).delete()
    admin = owner.memberships.filter(role="owner_admin").first().person
    years = list(SchoolYear.objects.order_by("-code")[:2])[::-1]
    indicators = {i.code: i for i in Indicator.objects.filter(owner=None)}
    quality = QualityPlan.objects.create(
        owner=owner, title="Kvalitetsplan for Demo-skulen", first_year=years[0], last_year=years[-1]
    )
    priorities = [
        Priority.objects.create(quality_plan=quality, title=title, goal=goal, order=i)
        for i, (title, goal) in enumerate(
            [
                (
                    "Grunnleggjande ferdigheiter",
                    "Fleire elevar over lågaste meistringsnivå i lesing og rekning.",
                ),
                ("Trygt og godt skulemiljø", "Alle elevar trivst; ingen vert mobba."),
                ("Aktivitetsplikta", "Alle skular følgjer og dokumenterer rutinane."),
            ]
        )
    ]
    _quality_goals(priorities, indicators)
    actions.keep_version(admin, quality)
    for school in owner.schools.all():
        principal = school.memberships.filter(role="principal").first().person
        survey_grade = 10 if 10 in school.grades else 7
        previous = None
        for year in years:
            plan = actions.create_plan(principal, school, year, copy_from=previous)
            if previous is None:
                _fill(plan, principal, indicators, survey_grade, school)
                for area, priority in zip(plan.focus_areas.all(), priorities, strict=False):
                    area.priority = priority
                    area.save()
            last = year != years[-1]
            for milestone in plan.milestones.all():
                if last or milestone.kind == Milestone.Kind.INTERIM:
                    milestone.evaluation = rng.choice(
                        [
                            "Alle lærarane har prøvd ut lesestrategiane; elevane les meir.",
                            "Tiltaket er i gang på alle trinn, men ikkje likt gjennomført.",
                            "Klassemiljøet er betre etter at vi innførte faste klassemøte.",
                        ]
                    )
                    milestone.verdict = rng.choice(["met", "partly"])
                    milestone.save()
            if last:
                Criterion.objects.filter(
                    goal__focus_area__plan=plan, kind=Criterion.Kind.SIGN
                ).update(verdict="partly")
            actions.submit(principal, plan)
            actions.approve(admin, plan)
            previous = plan
        for year in years:
            earlier = year != years[-1]
            # Last year's cases draw from their own stream, so the rest of the demo stays as it was.
            own = random.Random(school.org_number) if earlier else rng
            _spot_check(school, year, principal, own, earlier=earlier)

    # Last year is over: its measures were carried out (this year's plan goes on with copies).
    Measure.objects.filter(
        goal__focus_area__plan__school__owner=owner, goal__focus_area__plan__school_year=years[0]
    ).update(status=Measure.Status.DONE)


def _quality_goals(priorities: list[Priority], indicators: dict) -> None:
    """The owner's own goals, linked to indicators with targets the report evaluates, and its
    measures."""
    skills, environment, duty = priorities
    for priority, text, code, grade, comparator, target in [
        (skills, "Fleire elevar les godt på 5. trinn", "nt5_reading", 5, "at_least", 50),
        (environment, "Færre elevar opplever mobbing", "ps_bullying", 7, "at_most", 5),
        (environment, "Elevane trivst på skulen", "ps_wellbeing", 7, "at_least", 4),
        (duty, "Alle skular dokumenterer kvart steg i aktivitetsplikta", None, None, "", None),
    ]:
        QualityGoal.objects.create(
            priority=priority,
            text=text,
            indicator=indicators.get(code),
            grade=grade,
            comparator=comparator,
            target=target,
        )
    for priority, title, status in [
        (skills, "Lesekurs for alle lærarar på mellomtrinnet", "ongoing"),
        (environment, "Felles plan for eit trygt og godt skulemiljø", "done"),
        (duty, "Stikkprøver på kvar skule kvart år", "ongoing"),
    ]:
        QualityMeasure.objects.create(priority=priority, title=title, status=status)


# The owner's chapter 12 (formerly 9A) spot check: cases, findings and the school's answers; last
# year's all answered, this year's one still open for the principal.
FINDINGS = [
    (
        "plan",
        "Ein av sakene manglar skriftleg plan for tiltaka.",
        "Vi har laga ein mal for tiltaksplanar som alle kontaktlærarar brukar.",
    ),
    (
        "evaluation",
        "Planane seier ikkje når tiltaka skal evaluerast.",
        "Evalueringsdato er no eit eige felt i malen; rektor går gjennom planane kvar månad.",
    ),
    ("documentation", "Loggen over kva som er gjort, er ikkje oppdatert i to av sakene.", ""),
]


def _spot_check(school, year, principal, rng: random.Random, *, earlier: bool) -> None:
    check = SpotCheck.objects.create(
        school=school,
        school_year=year,
        date=datetime.date(year.start_year, 10, 15),
        follow_up="Rutinen for dokumentasjon skal gåast gjennom.",
    )
    for number in range(1, 4):
        SpotCheckCase.objects.create(
            spot_check=check,
            label=f"Sak {number}",
            alert="ok",
            investigation="ok",
            measures=rng.choice(["ok", "deviation"]),
            evaluation=rng.choice(["ok", "missing"]),
            documentation=rng.choice(["ok", "deviation"]),
        )
    for requirement, finding, answer in FINDINGS[:2] if earlier else FINDINGS[1:]:
        SpotCheckFinding.objects.create(
            spot_check=check,
            requirement=requirement,
            finding=finding,
            answer=answer,
            answered_by=principal if answer else None,
            answered_at=timezone.make_aware(datetime.datetime(year.start_year, 11, 20, 12))
            if answer
            else None,
        )


def _fill(plan, principal, indicators, survey_grade, school) -> None:
    areas = list(plan.focus_areas.all())
    start = plan.school_year.start_year
    reading = Goal.objects.create(focus_area=areas[0], text="Elevane les betre og meir.")
    if 5 in school.grades:
        Criterion.objects.create(
            goal=reading,
            kind=Criterion.Kind.INDICATOR,
            indicator=indicators["nt5_reading"],
            grade=5,
            comparator="at_least",
            target=50,
        )
    Criterion.objects.create(
        goal=reading,
        kind=Criterion.Kind.SIGN,
        description="Elevane vel sjølv bøker og snakkar om det dei les.",
    )
    Measure.objects.create(
        goal=reading,
        title="Lesestrategiar i alle fag",
        responsible=principal,
        start=datetime.date(start, 9, 1),
        end=datetime.date(start + 1, 6, 15),
        resources="2 timar fellestid i månaden",
        status="ongoing",
    )
    safe = Goal.objects.create(focus_area=areas[1], text="Alle elevane trivst og er trygge.")
    Criterion.objects.create(
        goal=safe,
        kind=Criterion.Kind.INDICATOR,
        indicator=indicators["ps_wellbeing"],
        grade=survey_grade,
        comparator="at_least",
        target=4.2,
    )
    Criterion.objects.create(
        goal=safe,
        kind=Criterion.Kind.INDICATOR,
        indicator=indicators["ps_bullying"],
        grade=survey_grade,
        comparator="at_most",
        target=5,
    )
    duty = Goal.objects.create(
        focus_area=areas[2], text="Alle tilsette kjenner og følgjer rutinane for aktivitetsplikta."
    )
    Criterion.objects.create(
        goal=duty,
        kind=Criterion.Kind.SIGN,
        description="Stikkprøvene viser at alle steg er dokumenterte.",
    )
    Milestone.objects.create(
        plan=plan, title="Halvårsvurdering", kind="interim", date=datetime.date(start, 12, 1)
    )
    Milestone.objects.create(
        plan=plan, title="Sluttvurdering", kind="final", date=datetime.date(start + 1, 6, 1)
    )

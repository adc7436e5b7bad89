"""Issue 19 (a user tester on the plan pages): a plan's and the quality plan's history is kept as
data and said in the reader's language (a Bokmål reader of a Nynorsk owner's plan reads only
Bokmål), also for versions kept as finished words before; a milestone's evaluation is among the
plan's changes."""

import pytest
from django.urls import reverse

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import (
    Criterion,
    Goal,
    Measure,
    Milestone,
    PlanVersion,
    QualityPlan,
    QualityPlanVersion,
)
from tests.plans.helpers import measure_and_milestone, on_indicator, quality_goal, words

NYNORSK = ("Milepål", "prøvar", "skuleeigar", "undervegs", "høgst", "endra")


@pytest.fixture
def plan(world):
    sync_catalogue()
    world.owner.default_language = "nn"  # the history was kept in the owner's language
    world.owner.save()
    year = current_school_year()
    plan = actions.create_plan(world.principal_a, world.school_a, year)
    goal = Goal.objects.create(focus_area=plan.focus_areas.first(), text="Elevane les meir")
    Criterion.objects.create(
        goal=goal, kind="indicator", **on_indicator("nt5_reading", 5, "at_least", 50)
    )
    measure_and_milestone(plan, goal, world.principal_a, "Lesekvart")
    return plan


def _versions(world, plan, login, language):
    url = reverse(
        "plan_versions", args=[world.owner.slug, world.school_a.pk, plan.school_year.code]
    )
    return words(login(world.teacher_a, language).get(url))


def test_a_nynorsk_owners_plan_history_reads_in_bokmal_to_a_bokmal_reader(world, plan, login):
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    goal = Goal.objects.get()
    goal.text = "Elevane les meir og betre"
    actions.save_item(world.principal_a, plan, goal)
    measure = Measure.objects.get()
    measure.status = "ongoing"
    actions.save_item(world.principal_a, plan, measure)
    bokmal = _versions(world, plan, login, "nb")
    assert "Milepæl: 1. desember 2026 Halvårsvurdering (underveisvurdering)" in bokmal
    assert "Suksesskriterium: Nasjonale prøver 5. trinn, lesing: minst 50" in bokmal
    assert "Mål endret fra «Elevane les meir» til «Elevane les meir og betre»" in bokmal
    assert "pågår" in bokmal and "planlagt" in bokmal
    assert not [w for w in NYNORSK if w in bokmal]
    nynorsk = _versions(world, plan, login, "nn")
    assert "Milepål: 1. desember 2026 Halvårsvurdering (undervegsvurdering)" in nynorsk
    assert "Nasjonale prøvar 5. trinn, lesing: minst 50" in nynorsk
    assert "Milepæl" not in nynorsk and "prøver" not in nynorsk


def test_versions_kept_as_nynorsk_words_read_in_bokmal(world, plan, login):
    """Rows kept before the history was data: items with finished words, or only a text."""
    items = [
        {"key": "plan", "depth": 0, "label": "", "text": "Skule A – 2026-27"},
        {"key": "area:1", "depth": 0, "label": "Satsingsområde", "text": "Lesing"},
        {
            "key": "criterion:1",
            "depth": 2,
            "label": "Suksesskriterium",
            "text": "Nasjonale prøvar 5. trinn, lesing: høgst 50",
            "subject": "Nasjonale prøvar 5. trinn, lesing",
            "target": "høgst 50",
        },
        {
            "key": "measure:1",
            "depth": 2,
            "label": "Tiltak",
            "text": "Lesekvart (Rektor A, 01.09.2026 – 01.06.2027, planlagt)",
        },
        {
            "key": "milestone:1",
            "depth": 0,
            "label": "Milepål",
            "text": "01.12.2026 Halvårsvurdering (undervegsvurdering)",
        },
    ]
    text = "\n".join(
        ("  " * i["depth"]) + (f"{i['label']}: {i['text']}" if i["label"] else i["text"])
        for i in items
    )
    PlanVersion.objects.create(plan=plan, number=1, text=text, items=[], approved_by=world.admin)
    PlanVersion.objects.create(plan=plan, number=2, text=text, items=items, approved_by=world.admin)
    plan.version = 2
    plan.save()
    bokmal = _versions(world, plan, login, "nb")
    assert "Milepæl: 1. desember 2026 Halvårsvurdering (underveisvurdering)" in bokmal
    assert "Suksesskriterium: Nasjonale prøver 5. trinn, lesing: høyst 50" in bokmal
    assert "Tiltak: Lesekvart (Rektor A, 1. september 2026 – 1. juni 2027, planlagt)" in bokmal
    assert "Satsingsområde: Lesing" in bokmal
    assert not [w for w in NYNORSK if w in bokmal]

    year = current_school_year()
    quality = QualityPlan.objects.create(
        owner=world.owner, title="Kvalitetsplan", first_year=year, last_year=year
    )
    old = [
        {"key": "plan", "depth": 0, "label": "", "text": "Kvalitetsplan (2026-27–2026-27)"},
        {"key": "priority:1", "depth": 0, "label": "Satsingsområde", "text": "Trivsel"},
        {
            "key": "goal:1",
            "depth": 1,
            "label": "Målet til skuleeigaren",
            "text": "Alle trivst (Mobbing på skulen, 7. trinn: høgst 5)",
            "subject": "Alle trivst (Mobbing på skulen, 7. trinn)",
            "target": "høgst 5",
        },
        {"key": "measure:1", "depth": 1, "label": "Tiltak", "text": "Klassemøte (pågår)"},
    ]
    new = [*old[:2], {**old[2], "target": "høgst 4"}]
    for number, kept in ((1, old), (2, new)):
        QualityPlanVersion.objects.create(
            quality_plan=quality, number=number, text="", items=kept, by=world.admin
        )
    page = words(login(world.admin, "nb").get(reverse("quality_plan", args=[world.owner.slug])))
    assert (
        "Skoleeierens mål «Alle trivst (Mobbing på skolen, 7. trinn)»: målverdien er endret fra "
        "høyst 5 % til høyst 4 %"
    ) in page
    assert "Fjernet: Tiltak: Klassemøte (pågår)" in page
    assert not [w for w in NYNORSK if w in page.split("Endringshistorikk")[1]]


def test_the_quality_plans_history_reads_in_the_readers_language(world, login):
    sync_catalogue()
    world.owner.default_language = "nn"
    world.owner.save()
    goal = quality_goal(world.owner, "Færre vert mobba", "ps_bullying", 7, "at_most", 5)
    actions.save_owner_item(world.admin, world.owner, goal)
    goal.target = 4
    actions.save_owner_item(world.admin, world.owner, goal)
    url = reverse("quality_plan", args=[world.owner.slug])
    history = words(login(world.admin, "nb").get(url)).split("Endringshistorikk")[1]
    assert "Skoleeierens mål «Færre vert mobba (Mobbing på skolen, 7. trinn)»" in history
    assert "endret fra høyst 5 % til høyst 4 %" in history  # a share, with its %
    assert not [w for w in NYNORSK if w in history]
    history = words(login(world.admin, "nn").get(url)).split("Endringshistorikk")[1]
    assert "Målet til skuleeigaren «Færre vert mobba (Mobbing på skulen, 7. trinn)»" in history


def test_a_milestones_evaluation_is_among_the_plans_changes(world, plan, login):
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    milestone = Milestone.objects.get()
    milestone.evaluation, milestone.verdict = "Alle klassar har lesekvart.", "partly"
    actions.save_item(world.principal_a, plan, milestone)
    # following up the approved plan keeps it approved, the evaluation listed as follow-up
    plan.refresh_from_db()
    assert plan.status == "approved"
    pending = _versions(world, plan, login, "nb").split("Oppfølging siden versjon 1")[1]
    assert (
        "Lagt til: Vurdering av «Halvårsvurdering»: delvis oppfylt – Alle klassar har lesekvart."
    ) in pending
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    milestone.verdict = "met"
    actions.save_item(world.principal_a, plan, milestone)
    pending = _versions(world, plan, login, "nn").split("Oppfølging sidan versjon 2")[1]
    assert (
        "Vurdering av «Halvårsvurdering» endra frå «delvis oppfylt – Alle klassar har lesekvart.» "
        "til «oppfylt – Alle klassar har lesekvart.»"
    ) in pending


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nb", "Sendt til skoleeieren {day} – endret etterpå, ikke sendt på nytt"),
        ("nn", "Sendt til skuleeigaren {day} – endra etterpå, ikkje sendt på nytt"),
    ],
)
def test_a_plan_changed_after_it_was_sent_says_so(world, plan, login, language, said):
    from django.utils import timezone

    from skolekvalitet.documents import present

    actions.submit(world.principal_a, plan)
    args = [world.owner.slug, world.school_a.pk]
    plans = reverse("plan_list", args=args)
    day = present.date(timezone.localdate(), language)
    page = words(login(world.principal_a, language).get(plans))
    assert said.split(" – ")[0].format(day=day) in page and said.split(" – ")[1] not in page
    goal = Goal.objects.get()
    goal.text = "Elevane les meir og betre"
    actions.save_item(world.principal_a, plan, goal)
    assert said.format(day=day) in words(login(world.principal_a, language).get(plans))
    detail = reverse("plan_detail", args=[*args, plan.school_year.code])
    submit = reverse("plan_submit", args=[*args, plan.school_year.code])
    assert submit in login(world.principal_a, language).get(detail).content.decode()
    actions.submit(world.principal_a, plan)  # sent again: nothing more to say
    assert said.split(" – ")[1] not in words(login(world.principal_a, language).get(plans))


def test_the_plans_versions_say_a_shares_target_with_per_cent_in_its_focus_area(world, plan, login):
    """A share's target reads «høyst 5 %» as on every other page, and what changed is under the
    focus area it is in, what was in <del> and what is in <ins>."""
    goal = Goal.objects.get()
    Criterion.objects.create(
        goal=goal, kind="indicator", **on_indicator("ps_bullying", 7, "at_most", 5)
    )
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    criterion = Criterion.objects.get(indicator__code="ps_bullying")
    criterion.target = 4
    actions.save_item(world.principal_a, plan, criterion)
    actions.submit(world.principal_a, plan)
    actions.approve(world.admin, plan)
    url = reverse(
        "plan_versions", args=[world.owner.slug, world.school_a.pk, plan.school_year.code]
    )
    page = login(world.teacher_a, "nb").get(url).content.decode()
    area = plan.focus_areas.first().title
    assert f'<h3 class="ds-heading" data-size="xs">Satsingsområde: {area}</h3>' in page
    changed = "målverdien er endret fra <del>høyst 5\u00a0%</del> til <ins>høyst 4\u00a0%</ins>"
    assert changed in page
    assert "Suksesskriterium: Mobbing på skolen, 7. trinn: høyst 4\u00a0%" in page  # the text
    assert "lesing: minst 50\u00a0%" not in page  # points, not a share
    nynorsk = words(login(world.teacher_a, "nn").get(url))
    assert "Endra: Suksesskriterium «Mobbing på skulen, 7. trinn»" in nynorsk
    assert "frå høgst 5 % til høgst 4 %" in nynorsk

"""Issue 19, the tester's findings: a target goes the way the indicator is better (no goal of
more bullying) and lies on the indicator's scale, in the school's plan and the quality plan."""

import pytest
from django.urls import reverse

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import Criterion, Goal, Priority, QualityGoal, QualityPlan


@pytest.fixture
def plan(world):
    sync_catalogue()
    return actions.create_plan(world.principal_a, world.school_a, current_school_year())


@pytest.fixture
def priority(world):
    sync_catalogue()
    year = current_school_year()
    quality = QualityPlan.objects.create(
        owner=world.owner, title="Kvalitetsplan", first_year=year, last_year=year
    )
    return Priority.objects.create(quality_plan=quality, title="Læringsmiljø")


def _post_goal(world, login, priority, code, comparator, target, grade="7", language="nn"):
    return login(world.admin, language).post(
        reverse("quality_add_goal", args=[world.owner.slug]),
        {
            "goal-priority": priority.pk,
            "goal-text": "Færre elevar vert mobba",
            "goal-indicator": Indicator.objects.get(code=code, owner=None).pk,
            "goal-grade": grade,
            "goal-comparator": comparator,
            "goal-target": target,
        },
    )


def _post_criterion(world, login, plan, code, comparator, target, grade="7", language="nn"):
    goal = Goal.objects.create(focus_area=plan.focus_areas.first(), text="Trygt miljø")
    args = [world.owner.slug, world.school_a.pk, plan.school_year.code]
    return login(world.principal_a, language).post(
        reverse("plan_criterion", args=args),
        {
            "criterion-goal": goal.pk,
            "criterion-kind": "indicator",
            "criterion-indicator": Indicator.objects.get(code=code, owner=None).pk,
            "criterion-grade": grade,
            "criterion-comparator": comparator,
            "criterion-target": target,
        },
    )


# A target the wrong way for its indicator, and what the refusal says.
AGAINST_THE_DIRECTION = pytest.mark.parametrize(
    ("code", "comparator", "message"),
    [
        ("ps_bullying", "at_least", "Lågare er betre for denne indikatoren"),
        ("ps_wellbeing", "at_most", "Høgare er betre for denne indikatoren"),
    ],
)


def _refused(response, message, model) -> None:
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not model.objects.exists()


@AGAINST_THE_DIRECTION
def test_a_quality_goal_against_the_indicators_direction_is_refused(
    world, login, priority, code, comparator, message
):
    _refused(_post_goal(world, login, priority, code, comparator, "4"), message, QualityGoal)


@AGAINST_THE_DIRECTION
def test_a_criterion_against_the_indicators_direction_is_refused(
    world, login, plan, code, comparator, message
):
    _refused(_post_criterion(world, login, plan, code, comparator, "4"), message, Criterion)


def test_targets_the_right_way_are_kept(world, login, plan, priority):
    assert _post_goal(world, login, priority, "ps_bullying", "at_most", "8").status_code == 302
    assert _post_criterion(world, login, plan, "ps_wellbeing", "at_least", "4").status_code == 302


@pytest.mark.parametrize(("code", "target"), [("ps_bullying", "120"), ("ps_wellbeing", "6")])
def test_a_target_off_the_indicators_scale_is_refused(world, login, plan, priority, code, target):
    comparator = "at_most" if code == "ps_bullying" else "at_least"
    response = _post_goal(world, login, priority, code, comparator, target)
    assert response.status_code == 400 and "Målet må liggje innanfor" in response.content.decode()
    response = _post_criterion(world, login, plan, code, comparator, target)
    assert response.status_code == 400 and "Målet må liggje innanfor" in response.content.decode()
    assert not QualityGoal.objects.exists() and not Criterion.objects.exists()


@pytest.mark.parametrize(("language", "said"), [("nn", "Vel eit trinn."), ("nb", "Velg et trinn.")])
def test_a_target_on_an_indicator_measured_per_grade_asks_for_a_grade(
    world, login, plan, priority, language, said
):
    for response in (
        _post_goal(
            world, login, priority, "ps_bullying", "at_most", "8", grade="", language=language
        ),
        _post_criterion(
            world, login, plan, "ps_bullying", "at_most", "8", grade="", language=language
        ),
    ):
        assert response.status_code == 400
        page = response.content.decode()
        assert said in page and "trinnet" not in page
    assert not QualityGoal.objects.exists() and not Criterion.objects.exists()


def test_the_indicator_choice_is_in_the_order_of_the_readers_names(world):
    from django.utils import translation

    from skolekvalitet.plans.forms import indicators_for

    sync_catalogue()
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            names = [i.name for i in indicators_for(world.owner, range(1, 11))]
        assert names == sorted(names), language

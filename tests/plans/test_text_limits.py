"""Issue 19, the tester's findings: a plan's and the quality plan's titles and texts have a
length they take, given to the inputs and refused on the server with the field and the limit
named, nothing saved and what was typed kept."""

import pytest
from django.urls import reverse

from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import Goal, Priority, QualityPlan


@pytest.fixture
def plan(world):
    return actions.create_plan(world.principal_a, world.school_a, current_school_year())


def test_a_goal_longer_than_the_limit_is_refused_and_kept(world, plan, login):
    args = [world.owner.slug, world.school_a.pk, plan.school_year.code]
    principal = login(world.principal_a, "nn")
    edit = principal.get(reverse("plan_edit", args=args)).content.decode()
    assert 'name="goal-text"' in edit and 'maxlength="2000"' in edit
    text = "Elevane les. " * 1000  # 13 000 characters
    response = principal.post(
        reverse("plan_goal", args=args),
        {"goal-focus_area": plan.focus_areas.first().pk, "goal-text": text},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mål: høgst 2\u00a0000 teikn (her er det 13\u00a0000)." in page or (
        "Mål: høgst 2000 teikn" in page
    )
    assert text.strip()[:200] in page  # what was typed is kept
    assert not Goal.objects.exists()


def test_a_milestone_evaluation_longer_than_the_limit_is_refused(world, plan, login):
    args = [world.owner.slug, world.school_a.pk, plan.school_year.code]
    milestone = plan.milestones.create(
        title="Midtvegs", date=actions.plan_year_end(plan.school_year), kind="interim"
    )
    response = login(world.principal_a, "nb").post(
        reverse("plan_milestone_evaluation", args=args),
        {
            "milestone_evaluation-milestone": milestone.pk,
            "milestone_evaluation-evaluation": "x" * 2001,
            "milestone_evaluation-verdict": "met",
        },
    )
    assert response.status_code == 400 and "høyst 2" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.evaluation == ""


def test_a_quality_plan_title_and_goal_longer_than_the_limit_are_refused(world, login):
    year = current_school_year()
    admin = login(world.admin, "nb")
    response = admin.post(
        reverse("quality_add_plan", args=[world.owner.slug]),
        {"plan-title": "K" * 201, "plan-first_year": year.pk, "plan-last_year": year.pk},
    )
    assert response.status_code == 400 and "høyst 200 tegn (her er det 201)" in (
        response.content.decode()
    )
    assert not QualityPlan.objects.exists()
    quality = QualityPlan.objects.create(
        owner=world.owner, title="Kvalitetsplan", first_year=year, last_year=year
    )
    page = admin.get(reverse("quality_plan", args=[world.owner.slug])).content.decode()
    assert 'maxlength="200"' in page and 'maxlength="2000"' in page
    response = admin.post(
        reverse("quality_add_priority", args=[world.owner.slug]),
        {
            "priority-quality_plan": quality.pk,
            "priority-title": "Lesing",
            "priority-goal": "m" * 2500,
        },
    )
    assert response.status_code == 400 and "høyst 2" in response.content.decode()
    assert not Priority.objects.exists()

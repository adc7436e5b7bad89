"""Issue 19, the tester's findings in the plans: the owner approves only what the school sent,
and following up an approved plan does not undo its approval."""

import pytest
from django.urls import reverse

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import DevelopmentPlan, Goal, PlanVersion


@pytest.fixture
def plan(world):
    sync_catalogue()
    return actions.create_plan(world.principal_a, world.school_a, current_school_year())


def _args(world, plan):
    return [world.owner.slug, world.school_a.pk, plan.school_year.code]


def test_a_plan_changed_after_it_was_sent_cannot_be_approved(world, plan, login):
    args = _args(world, plan)
    principal = login(world.principal_a, "nn")
    area = plan.focus_areas.first().pk
    principal.post(reverse("plan_goal", args=args), {"goal-focus_area": area, "goal-text": "Sendt"})
    principal.post(reverse("plan_submit", args=args))
    principal.post(
        reverse("plan_goal", args=args),
        {"goal-focus_area": area, "goal-text": "Etter innsending lagt til"},
    )
    plan.refresh_from_db()
    assert plan.changed_since_sent

    admin = login(world.admin, "nn")
    page = admin.get(reverse("plan_detail", args=args)).content.decode()
    assert "Skulen har endra planen sidan han vart send" in page
    assert reverse("plan_approve", args=args) not in page  # no button to approve

    response = admin.post(reverse("plan_approve", args=args), follow=True)
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.SUBMITTED and plan.version == 0
    assert not PlanVersion.objects.exists()
    assert "må sende han på nytt" in response.content.decode()

    # sent again: now it can be approved
    login(world.principal_a).post(reverse("plan_submit", args=args))
    login(world.admin).post(reverse("plan_approve", args=args))
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.APPROVED
    assert "Etter innsending lagt til" in PlanVersion.objects.get().text
    assert Goal.objects.filter(focus_area__plan=plan).count() == 2

"""Issue 19, the tester's findings in the plans: the owner approves only what the school sent,
and following up an approved plan does not undo its approval."""

import pytest
from django.urls import reverse
from django.utils import translation

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


def _approved(world, plan, login):
    args = _args(world, plan)
    Goal.objects.create(focus_area=plan.focus_areas.first(), text="Elevane les meir")
    plan.milestones.create(
        title="Sluttvurdering", date=actions.plan_year_end(plan.school_year), kind="final"
    )
    login(world.principal_a).post(reverse("plan_submit", args=args))
    login(world.admin).post(reverse("plan_approve", args=args))
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.APPROVED and plan.version == 1
    return args


def test_evaluating_a_milestone_keeps_the_plan_approved_and_lists_it(world, plan, login):
    args = _approved(world, plan, login)
    principal = login(world.principal_a, "nn")
    principal.post(
        reverse("plan_milestone_evaluation", args=args),
        {
            "milestone_evaluation-milestone": plan.milestones.get().pk,
            "milestone_evaluation-evaluation": "Alle klassar har lesekvart.",
            "milestone_evaluation-verdict": "partly",
        },
    )
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.APPROVED and plan.version == 1
    page = principal.get(reverse("plan_detail", args=args)).content.decode()
    assert "Utkast" not in page
    assert "Sluttvurdering (Sluttvurdering)" not in page and "Sluttvurdering</strong>" in page
    versions = principal.get(reverse("plan_versions", args=args)).content.decode()
    assert "Oppfølging sidan versjon 1" in versions and "Alle klassar har lesekvart." in versions
    from skolekvalitet.plans.export import plan_document

    with translation.override("nn"):
        document = plan_document(plan)
    assert document.subtitle.startswith("Godkjend, versjon 1")
    texts = " ".join(getattr(block, "text", "") for block in document.flat())
    assert "Sluttvurdering (Sluttvurdering)" not in texts and "Sluttvurdering" in texts


def test_a_changed_approved_plan_never_reads_draft_beside_its_approved_version(world, plan, login):
    args = _approved(world, plan, login)
    principal = login(world.principal_a, "nn")
    principal.post(
        reverse("plan_goal", args=args),
        {"goal-focus_area": plan.focus_areas.first().pk, "goal-text": "Nytt mål"},
    )
    plan.refresh_from_db()
    assert plan.status == DevelopmentPlan.Status.DRAFT  # a real change: a new version to approve
    page = principal.get(reverse("plan_detail", args=args)).content.decode()
    status = page.split('id="plan-status">')[1].split("</p>")[0]
    assert "Utkast" not in status
    assert "Godkjend versjon 1" in status and "Endra sidan, ikkje sendt til skuleeigaren" in status
    listed = principal.get(reverse("plan_list", args=args[:2])).content.decode()
    assert "Utkast" not in listed and "endra sidan, ikkje sendt til skuleeigaren" in listed
    from skolekvalitet.plans.export import plan_document

    with translation.override("nn"):
        subtitle = plan_document(plan).subtitle
    assert "Utkast" not in subtitle and subtitle.startswith("Godkjend versjon 1, endra sidan")

"""Development plans and the owner's quality plan. Objects come only through access helpers."""

import itertools
from types import SimpleNamespace

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from skolekvalitet.documents import render as documents
from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import School
from skolekvalitet.organisations.schoolyears import current_school_year

from . import actions, history
from .evaluation import evaluate_plan
from .export import plan_document
from .forms import (
    CommentForm,
    SendBackForm,
    plan_forms,
    quality_forms,
    update_forms,
)
from .frozen import used_figures
from .models import DevelopmentPlan, Goal

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_plan(school: School, year: str) -> DevelopmentPlan:
    try:
        return DevelopmentPlan.objects.select_related("school__owner", "school_year").get(
            school=school, school_year__code=year
        )
    except DevelopmentPlan.DoesNotExist:
        raise Http404 from None


@access_rule("school_view")
def plan_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    plans = school.plans.select_related("school_year").order_by("-school_year__code")
    return render(
        request,
        "plans/plan_list.html",
        {
            "school": school,
            "owner": school.owner,
            "plans": plans,
            "leader": access.is_school_leader(request.user, school),
            "year": current_school_year(),
            "has_current": plans.filter(school_year=current_school_year()).exists(),
        },
    )


@access_rule("school_view")
def plan_detail(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    return detail_page(request, get_plan(school, year))


def detail_page(request, plan: DevelopmentPlan, failed=None, status: int = 200) -> HttpResponse:
    """failed: {"comment_form" or "back_form": the bound form that did not save}."""
    school = plan.school
    goals = Goal.objects.filter(focus_area__plan=plan).prefetch_related(
        "criteria__indicator", "measures__responsible"
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "school": school,
            "owner": school.owner,
            "plan": plan,
            "leader": access.is_school_leader(request.user, school),
            "owner_admin": access.is_owner_admin(request.user, school.owner),
            "may_comment": access.may_contribute(request.user, school),
            "goals": goals,
            "evaluations": evaluate_plan(plan),
            "used_figures": used_figures(plan),
            "comment_form": CommentForm(),
            "back_form": SendBackForm(),
            **(failed or {}),
            "comments": plan.comments.select_related("author"),
        },
        status=status,
    )


@access_rule("school_lead")
def plan_edit(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school_as_leader(request.user, slug, pk)
    return edit_page(request, get_plan(school, year))


def _areas(plan: DevelopmentPlan) -> list:
    """The plan's focus areas, each with its goals (goal_list: each goal, then its sub-goals)."""
    goals = list(
        Goal.objects.filter(focus_area__plan=plan).prefetch_related(
            "criteria__indicator", "measures"
        )
    )
    areas = list(plan.focus_areas.all())
    for area in areas:
        area.goal_list = [
            g
            for main in goals
            if main.focus_area_id == area.pk and main.parent_id is None
            for g in [main, *(s for s in goals if s.parent_id == main.pk)]
        ]
    return areas


def edit_page(request, plan: DevelopmentPlan, failed=None, status=200) -> HttpResponse:
    """failed: {form name: the bound form that did not save}."""
    failed = failed or {}
    forms, updates = plan_forms(plan), update_forms(plan)
    return render(
        request,
        "plans/plan_edit.html",
        {
            "school": plan.school,
            "owner": plan.school.owner,
            "plan": plan,
            "areas": _areas(plan),
            "forms": {name: failed.get(name, form) for name, form in forms.items()},
            "updates": {name: failed.get(name, form) for name, form in updates.items()},
        },
        status=status,
    )


@access_rule("school_view")
def plan_versions(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    plan = get_plan(school, year)
    versions = list(plan.versions.select_related("approved_by"))
    for older, newer in itertools.pairwise(versions):
        newer.changes = history.changes(older, newer)
    # what changed since the latest approved version, not yet approved: on an approved plan,
    # its follow-up (evaluations and status, actions.FOLLOW_UP)
    pending = None
    if versions:
        items = history.plan_items(plan)
        now = SimpleNamespace(number=plan.version + 1, text="", items=items)
        pending = history.changes(versions[-1], now)
    return render(
        request,
        "plans/plan_versions.html",
        {
            "school": school,
            "owner": school.owner,
            "plan": plan,
            "versions": versions[::-1],
            "latest": versions[-1] if versions else None,
            "latest_text": history.version_text(versions[-1]) if versions else "",
            "pending": pending,
        },
    )


@access_rule("school_view")
def plan_export(request: HttpRequest, slug: str, pk: int, year: str, fmt: str) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    plan = get_plan(school, year)
    document = plan_document(plan)
    name = f"utviklingsplan-{school.org_number}-{plan.school_year.code}"
    if fmt == "pdf":
        return HttpResponse(
            documents.to_pdf(document, flowing=True),
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )
    if fmt == "docx":
        return HttpResponse(
            documents.to_docx(document),
            content_type=DOCX,
            headers={"Content-Disposition": f'attachment; filename="{name}.docx"'},
        )
    raise Http404


@access_rule("owner_admin")
def quality_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """The owner's quality plan (priority areas and goals for a period) and plan template."""
    return quality_page(request, access.get_owner_as_admin(request.user, slug))


def quality_page(request, owner, failed=None, status: int = 200) -> HttpResponse:
    """failed: {form name: the bound form that did not save}."""
    actions.default_sections(owner)
    forms = {**quality_forms(owner), **(failed or {})}
    plans = list(
        owner.quality_plans.select_related("first_year", "last_year").prefetch_related(
            "priorities__goals__indicator", "priorities__measures", "versions__by"
        )
    )
    for qp in plans:
        versions = list(qp.versions.all())
        qp.history = [
            (new, history.changes(old, new, quality=True))
            for old, new in itertools.pairwise(versions)
        ][::-1]
        qp.first_version = versions[0] if versions else None
    return render(
        request,
        "plans/quality_plan.html",
        {
            "owner": owner,
            "forms": forms,
            "plans": plans,
            "sections": owner.plan_sections.all(),
        },
        status=status,
    )

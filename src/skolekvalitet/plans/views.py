"""Development plans and the 9A spot check. Objects come only through access helpers."""

import itertools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from skolekvalitet.documents import render as documents
from skolekvalitet.documents.versions import version_diff
from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import School
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.site.forms import add_validation_error

from . import actions
from .evaluation import evaluate_plan
from .export import plan_document
from .forms import (
    CommentForm,
    PriorityForm,
    QualityPlanForm,
    SectionForm,
    SendBackForm,
    SpotCheckCaseForm,
    SpotCheckForm,
    plan_forms,
    update_forms,
)
from .models import DevelopmentPlan, Goal, SpotCheck

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan(school: School, year: str) -> DevelopmentPlan:
    try:
        return DevelopmentPlan.objects.select_related("school__owner", "school_year").get(
            school=school, school_year__code=year
        )
    except DevelopmentPlan.DoesNotExist:
        raise Http404 from None


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@access_rule("school_view")
def plan_list(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    plans = school.plans.select_related("school_year").order_by("-school_year__code")
    leader = access.is_school_leader(request.user, school)
    if request.method == "POST":
        if not leader:
            raise PermissionDenied
        year = current_school_year()
        source = plans.exclude(school_year=year).first() if request.POST.get("copy") else None
        try:
            plan = actions.create_plan(request.user, school, year, copy_from=source)
        except ValidationError as error:
            _error(request, error)
        else:
            return redirect("plan_edit", slug, pk, plan.school_year.code)
    return render(
        request,
        "plans/plan_list.html",
        {
            "school": school,
            "owner": school.owner,
            "plans": plans,
            "leader": leader,
            "year": current_school_year(),
            "has_current": plans.filter(school_year=current_school_year()).exists(),
        },
    )


@access_rule("school_view")
def plan_detail(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    plan = _plan(school, year)
    leader = access.is_school_leader(request.user, school)
    owner_admin = access.is_owner_admin(request.user, school.owner)
    comment_form, back_form = CommentForm(), SendBackForm()
    if request.method == "POST":
        action = request.POST.get("action")
        allowed = {
            "comment": True,
            "submit": leader,
            "approve": owner_admin,
            "send_back": owner_admin,
        }
        if not allowed.get(action):
            raise PermissionDenied
        try:
            if action == "comment":
                comment_form = CommentForm(request.POST)
                if comment_form.is_valid():
                    actions.comment(request.user, plan, comment_form.cleaned_data["text"])
                    return redirect(request.path)
            elif action == "submit":
                actions.submit(request.user, plan)
                messages.success(request, _("The plan was submitted to the owner."))
            elif action == "approve":
                actions.approve(request.user, plan)
                messages.success(request, _("The plan was approved."))
            else:
                back_form = SendBackForm(request.POST)
                if back_form.is_valid():
                    actions.send_back(request.user, plan, back_form.cleaned_data["owner_comment"])
                    messages.success(request, _("The plan was sent back with comments."))
            if action in ("submit", "approve") or back_form.is_valid():
                return redirect(request.path)
        except ValidationError as error:
            _error(request, error)
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
            "leader": leader,
            "owner_admin": owner_admin,
            "goals": goals,
            "evaluations": evaluate_plan(plan),
            "comment_form": comment_form,
            "back_form": back_form,
            "comments": plan.comments.select_related("author"),
        },
    )


@access_rule("school_lead")
def plan_edit(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school_as_leader(request.user, slug, pk)
    plan = _plan(school, year)
    which = request.POST.get("form") if request.method == "POST" else None
    forms = plan_forms(plan, request.POST or None, which)
    updates = update_forms(plan, request.POST or None, which)
    if which in updates and updates[which].is_valid():
        try:
            actions.save_item(request.user, plan, updates[which].apply())
        except ValidationError as error:
            add_validation_error(updates[which], error)
        else:
            messages.success(request, _("Saved."))
            return redirect(request.path)
    if which in forms and forms[which].is_valid():
        item = forms[which].save(commit=False)
        if hasattr(item, "plan_id"):
            item.plan = plan
        try:
            actions.save_item(request.user, plan, item)
        except ValidationError as error:
            add_validation_error(forms[which], error)
        else:
            messages.success(request, _("Saved."))
            return redirect(request.path)
    return render(
        request,
        "plans/plan_edit.html",
        {
            "school": school,
            "owner": school.owner,
            "plan": plan,
            "forms": forms,
            "goals": Goal.objects.filter(focus_area__plan=plan),
        },
    )


@access_rule("school_view")
def plan_versions(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    plan = _plan(school, year)
    versions = list(plan.versions.select_related("approved_by"))
    diffs = [(new, version_diff(old, new)) for old, new in itertools.pairwise(versions)]
    return render(
        request,
        "plans/plan_versions.html",
        {
            "school": school,
            "owner": school.owner,
            "plan": plan,
            "versions": versions,
            "diffs": diffs,
        },
    )


@access_rule("owner_admin")
def spot_checks(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school_as_owner_admin(request.user, slug, pk)
    checks = SpotCheck.objects.filter(school=school).prefetch_related("cases")
    check_form = SpotCheckForm(request.POST if request.POST.get("form") == "check" else None)
    case_form = SpotCheckCaseForm(request.POST if request.POST.get("form") == "case" else None)
    case_form.fields["spot_check"].queryset = checks
    for form in (check_form, case_form):
        if form.is_bound and form.is_valid():
            actions_for = {"check": actions.save_spot_check, "case": actions.save_spot_case}
            actions_for[request.POST["form"]](request.user, school, form.save(commit=False))
            messages.success(request, _("Saved."))
            return redirect(request.path)
    return render(
        request,
        "plans/spot_checks.html",
        {
            "school": school,
            "owner": school.owner,
            "checks": checks,
            "check_form": check_form,
            "case_form": case_form,
            "year": current_school_year(),
            "steps": [
                (s, SpotCheckCaseForm.base_fields[s].label)
                for s in ("alert", "investigation", "measures", "evaluation", "documentation")
            ],
        },
    )


@access_rule("school_view")
def plan_export(request: HttpRequest, slug: str, pk: int, year: str, fmt: str) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    plan = _plan(school, year)
    document = plan_document(plan)
    name = f"utviklingsplan-{school.org_number}-{plan.school_year.code}"
    if fmt == "pdf":
        return HttpResponse(
            documents.to_pdf(document),
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
    owner = access.get_owner_as_admin(request.user, slug)
    actions.default_sections(owner)
    which = request.POST.get("form")
    forms = {
        "plan": QualityPlanForm(request.POST if which == "plan" else None, prefix="plan"),
        "priority": PriorityForm(request.POST if which == "priority" else None, prefix="priority"),
        "section": SectionForm(request.POST if which == "section" else None, prefix="section"),
    }
    forms["priority"].fields["quality_plan"].queryset = owner.quality_plans.all()
    if which in forms and forms[which].is_valid():
        try:
            actions.save_owner_item(request.user, owner, forms[which].save(commit=False))
        except ValidationError as error:
            add_validation_error(forms[which], error)
        else:
            messages.success(request, _("Saved."))
            return redirect(request.path)
    return render(
        request,
        "plans/quality_plan.html",
        {
            "owner": owner,
            "forms": forms,
            "plans": owner.quality_plans.prefetch_related("priorities"),
            "sections": owner.plan_sections.all(),
        },
    )

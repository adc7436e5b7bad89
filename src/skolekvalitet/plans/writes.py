"""Every write of plans at its own URL with its own access rule (POST only). A
form that does not validate renders its page again with what was typed and the errors (400)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.forms import add_validation_error
from skolekvalitet.organisations.schoolyears import current_school_year

from . import actions
from .forms import (
    ENTRY_NAMES,
    QUALITY_NAMES,
    UPDATES,
    CommentForm,
    PlanCreateForm,
    SendBackForm,
    entry_form,
    plan_forms,
    quality_forms,
    update_forms,
)
from .models import (
    Criterion,
    FocusArea,
    Goal,
    Measure,
    Milestone,
    Priority,
    QualityGoal,
    QualityMeasure,
    QualityPlan,
    TemplateSection,
)
from .views import detail_page, edit_page, get_plan, quality_page


def _saved(form, save) -> bool:
    """Validate, then save through the action; the action's refusals land on the form."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    return True


def _to_detail(request, plan, error: ValidationError | None = None, success: str = ""):
    for message in error.messages if error else []:
        messages.error(request, message)
    if success and not error:
        messages.success(request, success)
    return redirect("plan_detail", plan.school.owner.slug, plan.school_id, plan.school_year.code)


# A school's development plan ------------------------------------------------------------------


@access_rule("school_lead")
@require_POST
def plan_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school_as_leader(request.user, slug, pk)
    form = PlanCreateForm(request.POST)
    form.is_valid()  # one optional box: anything else reads as unticked
    year = current_school_year()
    plans = school.plans.exclude(school_year=year).order_by("-school_year__code")
    try:
        plan = actions.create_plan(
            request.user,
            school,
            year,
            copy_from=plans.first() if form.cleaned_data.get("copy") else None,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("plan_list", slug, pk)
    return redirect("plan_edit", slug, pk, plan.school_year.code)


@access_rule("school_contribute")
@require_POST
def plan_comment(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    """The school's staff and the owner's admins comment; politicians and councils read."""
    school = access.get_school(request.user, slug, pk)
    if not access.may_contribute(request.user, school):
        raise PermissionDenied
    plan = get_plan(school, year)
    form = CommentForm(request.POST)
    if _saved(form, lambda d: actions.comment(request.user, plan, d["text"])):
        return _to_detail(request, plan)
    return detail_page(request, plan, {"comment_form": form}, status=400)


@access_rule("school_lead")
@require_POST
def plan_submit(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    plan = get_plan(access.get_school_as_leader(request.user, slug, pk), year)
    try:
        actions.submit(request.user, plan)
    except ValidationError as error:
        return _to_detail(request, plan, error)
    return _to_detail(request, plan, success=_("The plan was submitted to the owner."))


def _owner_plan(request, slug: str, pk: int, year: str):
    access.get_owner_as_admin(request.user, slug)
    return get_plan(access.get_school_as_owner_admin(request.user, slug, pk), year)


@access_rule("owner_admin")
@require_POST
def plan_approve(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    plan = _owner_plan(request, slug, pk, year)
    try:
        actions.approve(request.user, plan)
    except ValidationError as error:
        return _to_detail(request, plan, error)
    return _to_detail(request, plan, success=_("The plan was approved."))


@access_rule("owner_admin")
@require_POST
def plan_send_back(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    plan = _owner_plan(request, slug, pk, year)
    form = SendBackForm(request.POST)
    if _saved(form, lambda d: actions.send_back(request.user, plan, d["owner_comment"])):
        return _to_detail(request, plan, success=_("The plan was sent back with comments."))
    return detail_page(request, plan, {"back_form": form}, status=400)


@access_rule("school_lead")
@require_POST
def plan_item(request: HttpRequest, slug: str, pk: int, year: str, which: str) -> HttpResponse:
    """Add a focus area, goal, criterion, measure or milestone, or update one (`which`, fixed
    by the URL: one URL per form)."""
    plan = get_plan(access.get_school_as_leader(request.user, slug, pk), year)
    forms = update_forms if which in UPDATES else plan_forms
    form = forms(plan, request.POST, which)[which]

    def save(_data) -> None:
        if which in UPDATES:
            item = form.apply()
        else:
            item = form.save(commit=False)
            if hasattr(item, "plan_id"):
                item.plan = plan
        actions.save_item(request.user, plan, item)

    if _saved(form, save):
        messages.success(request, _("Saved."))
        return redirect("plan_edit", slug, pk, year)
    return edit_page(request, plan, {which: form}, status=400)


ENTRIES = {
    "focus_area": (FocusArea, "plan"),
    "goal": (Goal, "focus_area__plan"),
    "criterion": (Criterion, "goal__focus_area__plan"),
    "measure": (Measure, "goal__focus_area__plan"),
    "milestone": (Milestone, "plan"),
}


def _entry(plan, kind: str, entry: int):
    """One item of the plan: of the plan's own items only, else nothing (404)."""
    if kind not in ENTRIES:
        raise Http404
    model, path = ENTRIES[kind]
    try:
        return model.objects.get(pk=entry, **{path: plan})
    except model.DoesNotExist:
        raise Http404 from None


def _entry_page(request, plan, kind, item, template, form=None, status=200) -> HttpResponse:
    return render(
        request,
        template,
        {
            "school": plan.school,
            "owner": plan.school.owner,
            "plan": plan,
            "kind": kind,
            "item": item,
            "form": form,
            "heading": ENTRY_NAMES[kind],
        },
        status=status,
    )


@access_rule("school_lead")
def plan_entry_edit(
    request: HttpRequest, slug: str, pk: int, year: str, kind: str, entry: int
) -> HttpResponse:
    """Change a focus area, goal, criterion, measure or milestone: the form filled in (GET),
    saved through the action (POST); an approved plan becomes a draft for a new version."""
    plan = get_plan(access.get_school_as_leader(request.user, slug, pk), year)
    item = _entry(plan, kind, entry)
    form = entry_form(plan, kind, item, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _saved(form, lambda _data: actions.save_item(request.user, plan, form.save(False))):
            messages.success(request, _("Saved."))
            return redirect("plan_edit", slug, pk, year)
        return _entry_page(request, plan, kind, item, "plans/entry_edit.html", form, 400)
    return _entry_page(request, plan, kind, item, "plans/entry_edit.html", form)


@access_rule("school_lead")
def plan_entry_delete(
    request: HttpRequest, slug: str, pk: int, year: str, kind: str, entry: int
) -> HttpResponse:
    """Ask (GET), then delete (POST) one item of the plan with what lies under it."""
    plan = get_plan(access.get_school_as_leader(request.user, slug, pk), year)
    item = _entry(plan, kind, entry)
    if request.method == "POST":
        actions.delete_item(request.user, plan, item)
        messages.success(request, _("Deleted."))
        return redirect("plan_edit", slug, pk, year)
    return _entry_page(request, plan, kind, item, "plans/entry_delete.html")


# The owner's quality plan and template --------------------------------------------------------


@access_rule("owner_admin")
@require_POST
def quality_item(request: HttpRequest, slug: str, which: str) -> HttpResponse:
    """Add the quality plan, a priority area, a goal, a measure or a template section (`which`,
    fixed by the URL)."""
    owner = access.get_owner_as_admin(request.user, slug)
    form = quality_forms(owner, request.POST, which)[which]
    if _saved(form, lambda d: actions.save_owner_item(request.user, owner, form.save(False))):
        messages.success(request, _("Saved."))
        return redirect("quality_plan", slug)
    return quality_page(request, owner, {which: form}, status=400)


QUALITY_ENTRIES = {
    "plan": (QualityPlan, "owner"),
    "priority": (Priority, "quality_plan__owner"),
    "goal": (QualityGoal, "priority__quality_plan__owner"),
    "measure": (QualityMeasure, "priority__quality_plan__owner"),
    "section": (TemplateSection, "owner"),
}


def _quality_entry(owner, kind: str, entry: int):
    if kind not in QUALITY_ENTRIES:
        raise Http404
    model, path = QUALITY_ENTRIES[kind]
    try:
        return model.objects.get(pk=entry, **{path: owner})
    except model.DoesNotExist:
        raise Http404 from None


def _quality_entry_page(request, owner, kind, item, template, form=None, status=200):
    return render(
        request,
        template,
        {
            "owner": owner,
            "kind": kind,
            "item": item,
            "form": form,
            "heading": QUALITY_NAMES[kind],
        },
        status=status,
    )


@access_rule("owner_admin")
def quality_entry_edit(request: HttpRequest, slug: str, kind: str, entry: int) -> HttpResponse:
    """Change the quality plan, a priority area, a goal, a measure or a template section."""
    owner = access.get_owner_as_admin(request.user, slug)
    item = _quality_entry(owner, kind, entry)
    data = request.POST if request.method == "POST" else None
    form = quality_forms(owner, data, kind, instance=item)[kind]
    if data is not None:
        if _saved(form, lambda _d: actions.save_owner_item(request.user, owner, form.save(False))):
            messages.success(request, _("Saved."))
            return redirect("quality_plan", slug)
        return _quality_entry_page(request, owner, kind, item, "plans/quality_edit.html", form, 400)
    return _quality_entry_page(request, owner, kind, item, "plans/quality_edit.html", form)


@access_rule("owner_admin")
def quality_entry_delete(request: HttpRequest, slug: str, kind: str, entry: int) -> HttpResponse:
    """Ask (GET), then remove (POST) a part of the quality plan or the template."""
    owner = access.get_owner_as_admin(request.user, slug)
    item = _quality_entry(owner, kind, entry)
    if request.method == "POST":
        actions.delete_owner_item(request.user, owner, item)
        messages.success(request, _("Deleted."))
        return redirect("quality_plan", slug)
    return _quality_entry_page(request, owner, kind, item, "plans/quality_delete.html")

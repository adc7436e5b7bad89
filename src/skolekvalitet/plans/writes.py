"""Every write of plans at its own URL with its own access rule (POST only). A
form that does not validate renders its page again with what was typed and the errors (400)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.site.forms import add_validation_error

from . import actions
from .forms import (
    UPDATES,
    CommentForm,
    PlanCreateForm,
    SendBackForm,
    plan_forms,
    update_forms,
)
from .views import detail_page, edit_page, get_plan, quality_forms, quality_page


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


# The owner's quality plan and template --------------------------------------------------------


@access_rule("owner_admin")
@require_POST
def quality_item(request: HttpRequest, slug: str, which: str) -> HttpResponse:
    """Add the quality plan, a priority area or a template section (`which`, fixed by the URL)."""
    owner = access.get_owner_as_admin(request.user, slug)
    form = quality_forms(owner, request.POST, which)[which]
    if _saved(form, lambda d: actions.save_owner_item(request.user, owner, form.save(False))):
        messages.success(request, _("Saved."))
        return redirect("quality_plan", slug)
    return quality_page(request, owner, {which: form}, status=400)

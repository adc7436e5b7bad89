"""The owner's chapter 12 (formerly 9A) spot checks of a school: the page and its writes, each
write at its own URL with its own access rule (POST only). Objects come only through access
helpers; a form that does not validate renders the page again with what was typed (400)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import School
from skolekvalitet.organisations.schoolyears import current_school_year

from . import actions
from .forms import SpotCheckCaseForm, SpotCheckForm
from .models import SpotCheck, SpotCheckCase
from .writes import _saved


@access_rule("owner_admin")
def spot_checks(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return spot_page(request, access.get_school_as_owner_admin(request.user, slug, pk))


def spot_page(request, school: School, failed=None, status: int = 200) -> HttpResponse:
    """failed: {"check", "case" or a case's pk: the bound form that did not save}."""
    failed = failed or {}
    checks = SpotCheck.objects.filter(school=school).prefetch_related("cases")
    case_form = failed.get("case") or SpotCheckCaseForm()
    case_form.fields["spot_check"].queryset = checks
    edits = {
        case.pk: failed.get(case.pk) or SpotCheckCaseForm(instance=case, prefix=f"case-{case.pk}")
        for check in checks
        for case in check.cases.all()
    }
    for form in edits.values():
        form.fields["spot_check"].queryset = checks
    return render(
        request,
        "plans/spot_checks.html",
        {
            "school": school,
            "owner": school.owner,
            "checks": checks,
            "check_form": failed.get("check") or SpotCheckForm(),
            "case_form": case_form,
            "edits": edits,
            "year": current_school_year(),
            "steps": [
                (s, SpotCheckCaseForm.base_fields[s].label)
                for s in ("alert", "investigation", "measures", "evaluation", "documentation")
            ],
        },
        status=status,
    )


def _spot_school(request, slug: str, pk: int):
    return access.get_school_as_owner_admin(request.user, slug, pk)


@access_rule("owner_admin")
@require_POST
def spot_check_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _spot_school(request, slug, pk)
    form = SpotCheckForm(request.POST)
    if _saved(form, lambda d: actions.save_spot_check(request.user, school, form.save(False))):
        messages.success(request, _("Saved."))
        return redirect("spot_checks", slug, pk)
    return spot_page(request, school, {"check": form}, status=400)


def _save_case(request, school, form, key) -> HttpResponse:
    form.fields["spot_check"].queryset = SpotCheck.objects.filter(school=school)
    if _saved(form, lambda d: actions.save_spot_case(request.user, school, form.save(False))):
        messages.success(request, _("Saved."))
        return redirect("spot_checks", school.owner.slug, school.pk)
    return spot_page(request, school, {key: form}, status=400)


@access_rule("owner_admin")
@require_POST
def spot_case_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _spot_school(request, slug, pk)
    return _save_case(request, school, SpotCheckCaseForm(request.POST), "case")


def _case(school, case_pk: int) -> SpotCheckCase:
    try:
        return SpotCheckCase.objects.select_related("spot_check__school__owner").get(
            spot_check__school=school, pk=case_pk
        )
    except SpotCheckCase.DoesNotExist:
        raise Http404 from None


@access_rule("owner_admin")
@require_POST
def spot_case_save(request: HttpRequest, slug: str, pk: int, case_pk: int) -> HttpResponse:
    """Correct a checked case (a name written by mistake, a wrong finding)."""
    school = _spot_school(request, slug, pk)
    case = _case(school, case_pk)
    form = SpotCheckCaseForm(request.POST, instance=case, prefix=f"case-{case.pk}")
    return _save_case(request, school, form, case.pk)


@access_rule("owner_admin")
@require_POST
def spot_case_delete(request: HttpRequest, slug: str, pk: int, case_pk: int) -> HttpResponse:
    school = _spot_school(request, slug, pk)
    actions.delete_spot_case(request.user, _case(school, case_pk))
    messages.success(request, _("The case was deleted."))
    return redirect("spot_checks", slug, pk)

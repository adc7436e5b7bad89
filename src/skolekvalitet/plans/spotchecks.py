"""The owner's chapter 12 (formerly 9A) spot checks of a school: the page (the owner's
administrators and the school's leaders) and its writes, each at its own URL with its own access
rule (POST only): the owner records checks, cases and findings; the school answers a finding and
turns it into a follow-up agreement or a measure of its plan. Objects come only through access
helpers; a form that does not validate renders the page again with what was typed (400)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import School
from skolekvalitet.organisations.schoolyears import current_school_year

from . import actions, findings
from .forms import SpotCheckCaseForm, SpotCheckForm
from .models import Goal, Requirement, SpotCheck, SpotCheckCase, SpotCheckFinding
from .writes import _saved


class FindingForm(forms.ModelForm):
    class Meta:
        model = SpotCheckFinding
        fields = ["spot_check", "requirement", "finding"]
        labels = {"spot_check": gettext_lazy("Spot check")}
        widgets = {"finding": forms.Textarea(attrs={"rows": 3})}


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("The school's answer: what it has done or will do"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MeasureForm(forms.Form):
    goal = forms.ModelChoiceField(
        label=gettext_lazy("Under the goal"),
        queryset=Goal.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, goals=None, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        # The choices are read once for all the findings' forms (validation uses the queryset).
        self.fields["goal"].widget.choices = choices if choices is not None else goal_choices(goals)


def goal_choices(goals) -> list[tuple[int, str]]:
    goals = goals.select_related("focus_area")
    return [(g.pk, f"{g.focus_area.title}: {g.text[:80]}") for g in goals]


@access_rule("school_edit")
@require_safe
def spot_checks(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return spot_page(request, access.get_school(request.user, slug, pk, edit=True))


def spot_page(request, school: School, failed=None, status: int = 200) -> HttpResponse:
    """failed: {"check", "case", "finding", a case's pk or ("answer" | "measure", a finding's
    pk): the bound form that did not save}. The owner's administrators record; the school's
    leaders answer."""
    failed = failed or {}
    admin = access.is_owner_admin(request.user, school.owner)
    leader = access.is_school_leader(request.user, school)
    checks = (
        SpotCheck.objects.filter(school=school)
        .select_related("school_year")
        .prefetch_related(
            "cases", "findings__agreement", "findings__measure", "findings__answered_by"
        )
    )
    year = current_school_year()
    goals = findings.plan_goals(school, year)
    choices = goal_choices(goals)
    finding_forms = {
        f.pk: {
            "answer": failed.get(("answer", f.pk))
            or AnswerForm(initial={"answer": f.answer}, prefix=f"answer-{f.pk}"),
            "measure": failed.get(("measure", f.pk))
            or MeasureForm(goals=goals, choices=choices, prefix=f"measure-{f.pk}"),
        }
        for check in checks
        for f in check.findings.all()
    }
    finding_form = failed.get("finding") or FindingForm()
    finding_form.fields["spot_check"].queryset = checks
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
            "admin": admin,
            "leader": leader,
            "law": findings.law_text(),
            "check_form": failed.get("check") or SpotCheckForm(),
            "case_form": case_form,
            "finding_form": finding_form,
            "finding_forms": finding_forms,
            "has_goals": bool(choices),
            "edits": edits,
            "year": year,
            "steps": [(step, Requirement(step).label) for step in SpotCheckCase.STEPS],
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


# The findings: recorded by the owner, answered by the school ----------------------------------


@access_rule("owner_admin")
@require_POST
def spot_finding_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = _spot_school(request, slug, pk)
    form = FindingForm(request.POST)
    form.fields["spot_check"].queryset = SpotCheck.objects.filter(school=school)
    if _saved(form, lambda d: findings.save_finding(request.user, school, form.save(False))):
        messages.success(request, _("Saved."))
        return redirect("spot_checks", slug, pk)
    return spot_page(request, school, {"finding": form}, status=400)


def _finding(school: School, finding_pk: int) -> SpotCheckFinding:
    try:
        return SpotCheckFinding.objects.select_related(
            "spot_check__school__owner", "spot_check__school_year"
        ).get(spot_check__school=school, pk=finding_pk)
    except SpotCheckFinding.DoesNotExist:
        raise Http404 from None


def _to_finding(school: School, finding: SpotCheckFinding):
    return redirect(
        f"{reverse('spot_checks', args=[school.owner.slug, school.pk])}#finding-{finding.pk}"
    )


@access_rule("school_lead")
@require_POST
def spot_finding_answer(request: HttpRequest, slug: str, pk: int, finding_pk: int) -> HttpResponse:
    """The school's written answer to a finding (its principal or school leaders)."""
    school = access.get_school_as_leader(request.user, slug, pk)
    finding = _finding(school, finding_pk)
    form = AnswerForm(request.POST, prefix=f"answer-{finding.pk}")
    if _saved(form, lambda d: findings.answer(request.user, finding, d["answer"])):
        messages.success(request, _("The answer is saved."))
        return _to_finding(school, finding)
    return spot_page(request, school, {("answer", finding.pk): form}, status=400)


@access_rule("school_edit")
@require_POST
def spot_finding_agreement(
    request: HttpRequest, slug: str, pk: int, finding_pk: int
) -> HttpResponse:
    """One click: a follow-up agreement filled in from the finding, in the school's open
    leadership dialogue; then to the agreement, to check it and sign."""
    school = access.get_school(request.user, slug, pk, edit=True)
    finding = _finding(school, finding_pk)
    try:
        agreement = findings.to_agreement(request.user, finding)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _to_finding(school, finding)
    messages.success(request, _("The follow-up agreement is made from the finding."))
    return redirect("agreement", slug, pk, agreement.pk)


@access_rule("school_lead")
@require_POST
def spot_finding_measure(request: HttpRequest, slug: str, pk: int, finding_pk: int) -> HttpResponse:
    """One click: a measure filled in from the finding under a goal of this year's plan."""
    school = access.get_school_as_leader(request.user, slug, pk)
    finding = _finding(school, finding_pk)
    goals = findings.plan_goals(school, finding.spot_check.school_year)
    form = MeasureForm(request.POST, goals=goals, prefix=f"measure-{finding.pk}")
    if _saved(form, lambda d: findings.to_measure(request.user, finding, d["goal"])):
        messages.success(request, _("The measure is added to the development plan."))
        return _to_finding(school, finding)
    return spot_page(request, school, {("measure", finding.pk): form}, status=400)

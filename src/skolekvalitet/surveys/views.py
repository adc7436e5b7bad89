"""Self-assessment pages (GET only). Every write has its own URL and access rule in writes.py;
the forms on these pages post there. Protected objects come only through access helpers (rounds
through the school the person may see); answering by code is public and knows nothing but the
code."""

import io

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import Owner, School
from skolekvalitet.stats.answers import response_rate

from . import actions
from .export import results_workbook
from .forms import CodeForm, DimensionForm, InterpretationForm, ItemForm, LaunchForm, ThresholdForm
from .models import Audience, Draft, Instrument, Participation, Round
from .results import results

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def get_round(school: School, round_pk: int) -> Round:
    try:
        return Round.objects.select_related("instrument", "school__owner", "school_year").get(
            school=school, pk=round_pk
        )
    except Round.DoesNotExist:
        raise Http404 from None


def get_instrument(owner: Owner, pk: int) -> Instrument:
    try:
        return owner.instruments.get(pk=pk)
    except Instrument.DoesNotExist:
        raise Http404 from None


def library_page(request, owner: Owner, *, threshold_form=None, launch_form=None, status=200):
    admin = access.is_owner_admin(request.user, owner)
    if not owner.instruments.exists():
        actions.install_library(owner)
    rounds = Round.objects.filter(school__in=access.visible_schools(request.user, owner))
    context = {
        "owner": owner,
        "admin": admin,
        "instruments": owner.instruments.prefetch_related("dimensions__items"),
        "rounds": rounds.select_related("school", "instrument")[:200],
    }
    if admin:
        context["threshold_form"] = threshold_form or ThresholdForm(
            initial={"anonymity_threshold": owner.anonymity_threshold}
        )
        context["launch_form"] = launch_form or LaunchForm(owner=owner, schools=owner.schools.all())
    return render(request, "surveys/library.html", context, status=status)


@require_safe
@access_rule("owner_member")
def library(request: HttpRequest, slug: str) -> HttpResponse:
    return library_page(request, access.get_owner(request.user, slug))


def instrument_page(request, owner: Owner, instrument: Instrument, bound=None, status=200):
    """The instrument's forms; `bound` is the one posted form that came back with errors."""

    def form(cls, prefix, **kwargs):
        return (
            bound if bound is not None and bound.prefix == prefix else cls(prefix=prefix, **kwargs)
        )

    dimensions = [
        (
            form(DimensionForm, f"dim-{d.pk}", instance=d, owner=owner),
            [(i, form(ItemForm, f"item-{i.pk}", instance=i)) for i in d.items.all()],
            form(ItemForm, f"new-item-{d.pk}"),
            d,
        )
        for d in instrument.dimensions.prefetch_related("items")
    ]
    context = {
        "owner": owner,
        "instrument": instrument,
        "dimensions": dimensions,
        "new_dimension": form(DimensionForm, "new-dim", owner=owner),
    }
    return render(request, "surveys/instrument_edit.html", context, status=status)


@require_safe
@access_rule("owner_admin")
def instrument_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    return instrument_page(request, owner, get_instrument(owner, pk))


def school_rounds_page(request, school: School, form=None, status=200):
    if not school.owner.instruments.exists():
        actions.install_library(school.owner)
    if form is None and access.can_edit_school(request.user, school):
        form = LaunchForm(owner=school.owner, schools=School.objects.filter(pk=school.pk))
    rounds = school.survey_rounds.select_related("instrument")
    context = {"owner": school.owner, "school": school, "rounds": rounds, "form": form}
    return render(request, "surveys/school_rounds.html", context, status=status)


@require_safe
@access_rule("school_view")
def school_rounds(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return school_rounds_page(request, access.get_school(request.user, slug, pk))


def round_page(request, school: School, round_: Round, form=None, status=200):
    leader = access.is_school_leader(request.user, school)
    may_read = access.may_read_results(request.user, round_)
    interpretation = getattr(round_, "interpretation", None)
    if form is None and leader:
        form = InterpretationForm(
            initial={"reading": interpretation.reading, "actions": interpretation.actions}
            if interpretation
            else None
        )
    shown = results(round_)
    context = {
        "owner": school.owner,
        "school": school,
        "round": round_,
        "responses": shown.responses,
        "rate": response_rate(shown.responses, round_.invited),
        "results": shown,
        "may_read": may_read,
        "leader": leader,
        "may_close": access.can_edit_school(request.user, school) and not round_.closed,
        "may_designate": access.is_owner_admin(request.user, school.owner) and not round_.main,
        "main_round": round_
        if round_.main
        else Round.objects.filter(
            school=school,
            instrument=round_.instrument,
            audience=round_.audience,
            school_year=round_.school_year,
            main=True,
        ).first(),
        "interpretation": interpretation
        if may_read
        and interpretation
        and access.may_read_school_work(request.user, school, interpretation.released)
        else None,
        "form": form,
        "staff": request.user.pk in actions.staff_of(school),
    }
    if request.htmx and request.GET.get("part") == "rate":
        return render(request, "surveys/round_detail.html#rate", context)
    return render(request, "surveys/round_detail.html", context, status=status)


@require_safe
@access_rule("school_view")
def round_detail(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    return round_page(request, school, get_round(school, round_pk))


@require_safe
@access_rule("school_edit")
def round_codes(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    """Every code of the round, used or not: the sheet never tells which slips were used."""
    import segno

    school = access.get_school(request.user, slug, pk, edit=True)
    round_ = get_round(school, round_pk)
    base = request.build_absolute_uri("/answer/")
    codes = [
        (c.code, f"{base}{c.code}/", segno.make(f"{base}{c.code}/", error="m").svg_inline(scale=2))
        for c in round_.codes.order_by("code")
    ]
    return render(
        request,
        "surveys/round_codes.html",
        {"owner": school.owner, "school": school, "round": round_, "codes": codes, "base": base},
    )


@require_safe
@access_rule("school_view")
def round_export(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    round_ = get_round(school, round_pk)
    if not access.may_read_results(request.user, round_):
        raise access.PermissionDenied
    shown = results(round_)
    if not shown.finished:
        raise Http404(_("Results are shown when the round has closed."))
    buffer = io.BytesIO()
    results_workbook(shown).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}.xlsx"'
    return response


def questionnaire_page(request, round_: Round, answers: dict, status=200, **extra):
    # (value, shown, the rest of its name for screen readers): one row of five on a phone
    scale = [
        ("1", "1", _("disagree strongly")),
        ("2", "2", ""),
        ("3", "3", ""),
        ("4", "4", ""),
        ("5", "5", _("agree strongly")),
    ]
    lights = [("green", _("Green")), ("yellow", _("Yellow")), ("red", _("Red"))]
    context = {
        "round": round_,
        "dimensions": round_.instrument.dimensions.prefetch_related("items"),
        "answers": answers,
        "scale": scale,
        "lights": lights,
        **extra,
    }
    return render(request, "surveys/answer.html", context, status=status)


def staff_answer_page(request, school: School, round_: Round, answers=None, status=200):
    person = request.user
    answered = Participation.objects.filter(round=round_, person=person).exists()
    if answers is None:
        draft = Draft.objects.filter(round=round_, person=person).first()
        answers = draft.answers if draft else {}
    return questionnaire_page(
        request,
        round_,
        answers,
        status,
        may_answer=person.pk in actions.staff_of(school)
        and not answered
        and round_.audience == Audience.STAFF
        and round_.is_open(timezone.localdate()),
        answered=answered,
        staff=True,
        save_url="answer_staff_save",
        send_url="answer_staff_send",
    )


@require_safe
@access_rule("school_view")
def answer_staff(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    return staff_answer_page(request, school, get_round(school, round_pk))


@require_safe
@access_rule("public")
def answer_entry(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.GET or None)
    if not request.GET:
        return render(request, "surveys/answer_entry.html", {"form": form})
    if form.is_valid():
        return redirect("answer_code", form.cleaned_data["code"])
    return render(request, "surveys/answer_entry.html", {"form": form}, status=400)


def in_school_language(request, round_: Round) -> None:
    """A pupil's or parent's form opens in the school's language (its owner's) unless they
    picked a language themselves (the language switch sets the cookie)."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return
    language = round_.school.owner.default_language
    translation.activate(language)
    request.LANGUAGE_CODE = language


def code_answer_page(request, code: str, answers=None, status=200):
    round_ = actions.round_for_code(code)
    if round_ is not None:
        in_school_language(request, round_)
    if round_ is None or not round_.is_open(timezone.localdate()):
        problem = _(
            "This code cannot be used: it is unknown, already used, or the questionnaire is closed."
        )
        form = CodeForm(initial={"code": code[:20]})
        context = {"form": form, "problem": problem}
        return render(request, "surveys/answer_entry.html", context, status=status)
    return questionnaire_page(
        request,
        round_,
        answers or {},
        status,
        may_answer=True,
        code=code,
        send_url="answer_code_send",
    )


@require_safe
@access_rule("public")
def answer_code(request: HttpRequest, code: str) -> HttpResponse:
    return code_answer_page(request, code)

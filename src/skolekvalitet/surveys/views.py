"""Self-assessment pages. Protected objects come only through access helpers (rounds through the
school the person may see); answering by code is public and knows nothing but the code."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import School
from skolekvalitet.site.forms import add_validation_error
from skolekvalitet.stats.answers import response_rate

from . import actions
from .export import results_workbook
from .forms import CodeForm, DimensionForm, InterpretationForm, ItemForm, LaunchForm, ThresholdForm
from .models import Audience, Dimension, Draft, Instrument, Item, Participation, Round
from .results import results

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _round(school: School, round_pk: int) -> Round:
    try:
        return Round.objects.select_related("instrument", "school__owner", "school_year").get(
            school=school, pk=round_pk
        )
    except Round.DoesNotExist:
        raise Http404 from None


def _instrument(owner, pk: int) -> Instrument:
    try:
        return owner.instruments.get(pk=pk)
    except Instrument.DoesNotExist:
        raise Http404 from None


def _launch(request, owner, schools) -> LaunchForm | HttpResponse:
    form = LaunchForm(request.POST or None, owner=owner, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rounds = actions.launch(
                request.user,
                data["instrument"],
                list(data["schools"]),
                data["audience"],
                data["opens"],
                data["closes"],
                data["codes"] or 0,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The questionnaire was launched."))
            first = rounds[0]
            return redirect("round_detail", owner.slug, first.school_id, first.pk)
    return form


@access_rule("owner_member")
def library(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner(request.user, slug)
    admin = access.is_owner_admin(request.user, owner)
    if not owner.instruments.exists():
        actions.install_library(owner)
    threshold_form = ThresholdForm(initial={"anonymity_threshold": owner.anonymity_threshold})
    launch_form = None
    if admin:
        if request.POST.get("form") == "threshold":
            threshold_form = ThresholdForm(request.POST)
            if threshold_form.is_valid():
                actions.set_threshold(
                    request.user, owner, threshold_form.cleaned_data["anonymity_threshold"]
                )
                messages.success(request, _("The anonymity threshold was saved."))
                return redirect(request.path)
        launched = _launch(request, owner, owner.schools.all())
        if isinstance(launched, HttpResponse):
            return launched
        launch_form = launched
    elif request.method == "POST":
        raise PermissionDenied
    rounds = Round.objects.filter(school__in=access.visible_schools(request.user, owner))
    return render(
        request,
        "surveys/library.html",
        {
            "owner": owner,
            "admin": admin,
            "instruments": owner.instruments.prefetch_related("dimensions__items"),
            "rounds": rounds.select_related("school", "instrument")[:200],
            "threshold_form": threshold_form,
            "launch_form": launch_form,
        },
    )


@access_rule("owner_admin")
def instrument_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    instrument = _instrument(owner, pk)
    forms_with_errors: dict[str, object] = {}
    if request.method == "POST":
        what = request.POST.get("form", "")
        try:
            if what.startswith("item-"):
                item = Item.objects.get(pk=what[5:], dimension__instrument=instrument)
                if request.POST.get("delete"):
                    actions.delete_item(request.user, item)
                    return redirect(request.path)
                form = ItemForm(request.POST, instance=item, prefix=what)
            elif what.startswith("new-item-"):
                dimension = instrument.dimensions.get(pk=what[9:])
                form = ItemForm(
                    request.POST,
                    instance=Item(dimension=dimension, order=dimension.items.count()),
                    prefix=what,
                )
            elif what.startswith("dim-"):
                dimension = instrument.dimensions.get(pk=what[4:])
                form = DimensionForm(request.POST, instance=dimension, prefix=what, owner=owner)
            elif what == "new-dim":
                form = DimensionForm(
                    request.POST,
                    instance=Dimension(instrument=instrument, order=instrument.dimensions.count()),
                    prefix=what,
                    owner=owner,
                )
            else:
                raise Http404
        except (Item.DoesNotExist, Dimension.DoesNotExist):
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        if form.is_valid():
            save = actions.save_dimension if isinstance(form, DimensionForm) else actions.save_item
            save(request.user, form.save(commit=False))
            messages.success(request, _("Saved."))
            return redirect(request.path)
        forms_with_errors[what] = form
    dimensions = []
    for dimension in instrument.dimensions.prefetch_related("items"):
        key = f"dim-{dimension.pk}"
        dimensions.append(
            (
                forms_with_errors.get(key)
                or DimensionForm(instance=dimension, prefix=key, owner=owner),
                [
                    (
                        item,
                        forms_with_errors.get(f"item-{item.pk}")
                        or ItemForm(instance=item, prefix=f"item-{item.pk}"),
                    )
                    for item in dimension.items.all()
                ],
                forms_with_errors.get(f"new-item-{dimension.pk}")
                or ItemForm(prefix=f"new-item-{dimension.pk}"),
                dimension,
            )
        )
    return render(
        request,
        "surveys/instrument_edit.html",
        {
            "owner": owner,
            "instrument": instrument,
            "dimensions": dimensions,
            "new_dimension": forms_with_errors.get("new-dim")
            or DimensionForm(prefix="new-dim", owner=owner),
        },
    )


@access_rule("school_view")
def school_rounds(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    can_launch = access.can_edit_school(request.user, school)
    if not school.owner.instruments.exists():
        actions.install_library(school.owner)
    form = None
    if can_launch:
        launched = _launch(request, school.owner, School.objects.filter(pk=school.pk))
        if isinstance(launched, HttpResponse):
            return launched
        form = launched
    elif request.method == "POST":
        raise PermissionDenied
    rounds = school.survey_rounds.select_related("instrument")
    return render(
        request,
        "surveys/school_rounds.html",
        {"owner": school.owner, "school": school, "rounds": rounds, "form": form},
    )


@access_rule("school_view")
def round_detail(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    round_ = _round(school, round_pk)
    leader = access.is_school_leader(request.user, school)
    may_close = access.can_edit_school(request.user, school)
    interpretation = getattr(round_, "interpretation", None)
    form = InterpretationForm(
        initial={"reading": interpretation.reading, "actions": interpretation.actions}
        if interpretation
        else None
    )
    if request.method == "POST":
        what = request.POST.get("action")
        if what == "close" and may_close:
            published = actions.close(request.user, round_)
            messages.success(
                request,
                _("The round was closed; %(n)s scores were added to the knowledge base.")
                % {"n": published},
            )
            return redirect(request.path)
        if what in ("hide", "show") and leader:
            actions.hide_text(
                request.user,
                round_,
                request.POST.get("response", ""),
                request.POST.get("item", ""),
                what == "hide",
            )
            return redirect(request.path + "#texts")
        if what == "interpret" and leader:
            form = InterpretationForm(request.POST)
            if form.is_valid():
                actions.save_interpretation(request.user, round_, **form.cleaned_data)
                messages.success(request, _("The interpretation was saved."))
                return redirect(request.path)
        elif what == "release" and leader and interpretation:
            actions.release_interpretation(request.user, interpretation)
            messages.success(request, _("The interpretation is now visible to the owner."))
            return redirect(request.path)
        else:
            raise PermissionDenied
    shown = results(round_)
    context = {
        "owner": school.owner,
        "school": school,
        "round": round_,
        "responses": shown.responses,
        "rate": response_rate(shown.responses, round_.invited),
        "results": shown,
        "leader": leader,
        "may_close": may_close and not round_.closed,
        "interpretation": interpretation
        if interpretation
        and access.may_read_school_work(request.user, school, interpretation.released)
        else None,
        "form": form,
        "staff": request.user.pk in actions.staff_of(school),
        "codes_left": round_.codes.filter(used=False).count(),
    }
    if request.htmx and request.GET.get("part") == "rate":
        return render(request, "surveys/round_detail.html#rate", context)
    return render(request, "surveys/round_detail.html", context)


@access_rule("school_edit")
def round_codes(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    import segno

    school = access.get_school(request.user, slug, pk, edit=True)
    round_ = _round(school, round_pk)
    base = request.build_absolute_uri("/answer/")
    codes = [
        (c.code, f"{base}{c.code}/", segno.make(f"{base}{c.code}/", error="m").svg_inline(scale=2))
        for c in round_.codes.filter(used=False)
    ]
    return render(
        request,
        "surveys/round_codes.html",
        {"owner": school.owner, "school": school, "round": round_, "codes": codes, "base": base},
    )


@access_rule("school_view")
def round_export(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    round_ = _round(school, round_pk)
    buffer = io.BytesIO()
    results_workbook(results(round_)).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="round-{round_.pk}.xlsx"'
    return response


def _questionnaire(round_: Round, answers: dict, **extra) -> dict:
    scale = [
        ("1", _("1 – disagree strongly")),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
        ("5", _("5 – agree strongly")),
        ("0", _("Don't know")),
    ]
    lights = [("green", _("Green")), ("yellow", _("Yellow")), ("red", _("Red"))]
    return {
        "round": round_,
        "dimensions": round_.instrument.dimensions.prefetch_related("items"),
        "answers": answers,
        "scale": scale,
        "lights": lights,
        **extra,
    }


@access_rule("school_view")
def answer_staff(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    round_ = _round(school, round_pk)
    is_staff = request.user.pk in actions.staff_of(school)
    answered = Participation.objects.filter(round=round_, person=request.user).exists()
    draft = Draft.objects.filter(round=round_, person=request.user).first()
    answers = draft.answers if draft else {}
    if request.method == "POST":
        if not is_staff or round_.audience != Audience.STAFF:
            raise PermissionDenied
        data = {k[2:]: v for k, v in request.POST.items() if k.startswith("q-")}
        try:
            if request.POST.get("action") == "save":
                actions.save_draft(request.user, round_, data)
                messages.success(request, _("Your answers are saved. You can continue later."))
                return redirect(request.path)
            actions.submit_staff(request.user, round_, data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            answers = data
        else:
            messages.success(request, _("Thank you! Your answers were received anonymously."))
            return redirect("school_rounds", slug, pk)
    return render(
        request,
        "surveys/answer.html",
        _questionnaire(
            round_,
            answers,
            may_answer=is_staff
            and not answered
            and round_.audience == Audience.STAFF
            and round_.is_open(timezone.localdate()),
            answered=answered,
            staff=True,
        ),
    )


@access_rule("public")
def answer_entry(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("answer_code", actions.normalise_code(form.cleaned_data["code"]))
    return render(request, "surveys/answer_entry.html", {"form": form})


@access_rule("public")
def answer_code(request: HttpRequest, code: str) -> HttpResponse:
    round_ = actions.round_for_code(code)
    if round_ is None or not round_.is_open(timezone.localdate()):
        problem = _(
            "This code cannot be used: it is unknown, already used, or the questionnaire is closed."
        )
        return render(
            request,
            "surveys/answer_entry.html",
            {"form": CodeForm(initial={"code": code}), "problem": problem},
        )
    answers: dict = {}
    if request.method == "POST":
        data = {k[2:]: v for k, v in request.POST.items() if k.startswith("q-")}
        try:
            actions.submit_code(code, data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            answers = data
        else:
            return render(request, "surveys/answer_done.html", {"round": round_})
    return render(
        request,
        "surveys/answer.html",
        _questionnaire(round_, answers, may_answer=True),
    )

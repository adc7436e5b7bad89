"""Every write of self-assessment at its own URL with its own access rule: POST only (a GET
answers 405), input parsed by a form, bad input answered with the page and a message (400),
never a 500. The pages that show the forms are in views.py; the writes themselves in actions.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.forms import add_validation_error
from skolekvalitet.organisations.models import School

from . import actions
from .forms import DimensionForm, HideForm, InterpretationForm, ItemForm, LaunchForm, ThresholdForm
from .models import Audience, Dimension, Item
from .views import (
    code_answer_page,
    get_instrument,
    get_round,
    in_school_language,
    instrument_page,
    library_page,
    round_page,
    school_rounds_page,
    staff_answer_page,
)


def _launched(request, form: LaunchForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
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
        return None
    messages.success(request, _("The questionnaire was launched."))
    first = rounds[0]
    return redirect("round_detail", first.school.owner.slug, first.school_id, first.pk)


@require_POST
@access_rule("owner_admin")
def threshold(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    form = ThresholdForm(request.POST)
    if not form.is_valid():
        return library_page(request, owner, threshold_form=form, status=400)
    actions.set_threshold(request.user, owner, form.cleaned_data["anonymity_threshold"])
    messages.success(request, _("The anonymity threshold was saved."))
    return redirect("survey_library", slug)


@require_POST
@access_rule("owner_admin")
def launch(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    form = LaunchForm(request.POST, owner=owner, schools=owner.schools.all())
    return _launched(request, form) or library_page(request, owner, launch_form=form, status=400)


@require_POST
@access_rule("school_edit")
def school_launch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk, edit=True)
    form = LaunchForm(request.POST, owner=school.owner, schools=School.objects.filter(pk=school.pk))
    return _launched(request, form) or school_rounds_page(request, school, form, status=400)


def _save(request, owner, instrument, form) -> HttpResponse:
    if not form.is_valid():
        return instrument_page(request, owner, instrument, form, status=400)
    save = actions.save_dimension if isinstance(form, DimensionForm) else actions.save_item
    try:
        save(request.user, form.save(commit=False))
    except ValidationError as error:
        add_validation_error(form, error)
        return instrument_page(request, owner, instrument, form, status=400)
    messages.success(request, _("Saved."))
    return redirect("instrument_edit", owner.slug, instrument.pk)


def _instrument_part(request, slug: str, pk: int, model, part_pk: int | None):
    owner = access.get_owner_as_admin(request.user, slug)
    instrument = get_instrument(owner, pk)
    if part_pk is None:
        return owner, instrument, None
    lookup = "dimension__instrument" if model is Item else "instrument"
    try:
        return owner, instrument, model.objects.get(pk=part_pk, **{lookup: instrument})
    except model.DoesNotExist:
        raise Http404 from None


@require_POST
@access_rule("owner_admin")
def dimension_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    owner, instrument, _none = _instrument_part(request, slug, pk, Dimension, None)
    new = Dimension(instrument=instrument, order=instrument.dimensions.count())
    form = DimensionForm(request.POST, instance=new, prefix="new-dim", owner=owner)
    return _save(request, owner, instrument, form)


@require_POST
@access_rule("owner_admin")
def dimension_save(request: HttpRequest, slug: str, pk: int, dimension_pk: int) -> HttpResponse:
    owner, instrument, dimension = _instrument_part(request, slug, pk, Dimension, dimension_pk)
    prefix = f"dim-{dimension.pk}"
    form = DimensionForm(request.POST, instance=dimension, prefix=prefix, owner=owner)
    return _save(request, owner, instrument, form)


@require_POST
@access_rule("owner_admin")
def item_new(request: HttpRequest, slug: str, pk: int, dimension_pk: int) -> HttpResponse:
    owner, instrument, dimension = _instrument_part(request, slug, pk, Dimension, dimension_pk)
    new = Item(dimension=dimension, order=dimension.items.count())
    form = ItemForm(request.POST, instance=new, prefix=f"new-item-{dimension.pk}")
    return _save(request, owner, instrument, form)


@require_POST
@access_rule("owner_admin")
def item_save(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    owner, instrument, item = _instrument_part(request, slug, pk, Item, item_pk)
    form = ItemForm(request.POST, instance=item, prefix=f"item-{item.pk}")
    return _save(request, owner, instrument, form)


@require_POST
@access_rule("owner_admin")
def item_delete(request: HttpRequest, slug: str, pk: int, item_pk: int) -> HttpResponse:
    owner, instrument, item = _instrument_part(request, slug, pk, Item, item_pk)
    try:
        actions.delete_item(request.user, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return instrument_page(request, owner, instrument, status=400)
    return redirect("instrument_edit", slug, pk)


@require_POST
@access_rule("school_edit")
def close(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk, edit=True)
    round_ = get_round(school, round_pk)
    if not round_.closed:
        published = actions.close(request.user, round_)
        messages.success(
            request,
            _("The round was closed; %(n)s scores were added to the knowledge base.")
            % {"n": published},
        )
    return redirect("round_detail", slug, pk, round_pk)


@require_POST
@access_rule("owner_admin")
def designate_main(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    access.get_owner_as_admin(request.user, slug)
    round_ = get_round(access.get_school(request.user, slug, pk), round_pk)
    actions.designate_main(request.user, round_)
    messages.success(
        request,
        _("This is now the year's main round: its scores are the year's figures for the school."),
    )
    return redirect("round_detail", slug, pk, round_pk)


def _hide(request, slug: str, pk: int, round_pk: int, hide: bool) -> HttpResponse:
    school = access.get_school_as_leader(request.user, slug, pk)
    round_ = get_round(school, round_pk)
    form = HideForm(request.POST, round_=round_)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return round_page(request, school, round_, status=400)
    data = form.cleaned_data
    actions.hide_text(request.user, round_, data["response"], data["item"], hide)
    return redirect(reverse("round_detail", args=[slug, pk, round_pk]) + "#texts")


@require_POST
@access_rule("school_lead")
def hide_text(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    return _hide(request, slug, pk, round_pk, hide=True)


@require_POST
@access_rule("school_lead")
def show_text(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    return _hide(request, slug, pk, round_pk, hide=False)


@require_POST
@access_rule("school_lead")
def interpret(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school = access.get_school_as_leader(request.user, slug, pk)
    round_ = get_round(school, round_pk)
    form = InterpretationForm(request.POST)
    if not form.is_valid():
        return round_page(request, school, round_, form, status=400)
    actions.save_interpretation(request.user, round_, **form.cleaned_data)
    messages.success(request, _("The interpretation was saved."))
    return redirect("round_detail", slug, pk, round_pk)


@require_POST
@access_rule("school_lead")
def release(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school = access.get_school_as_leader(request.user, slug, pk)
    interpretation = getattr(get_round(school, round_pk), "interpretation", None)
    if interpretation is None:
        raise Http404
    actions.release_interpretation(request.user, interpretation)
    messages.success(request, _("The interpretation is now visible to the owner."))
    return redirect("round_detail", slug, pk, round_pk)


def _answers(request) -> dict:
    """The posted answers {item id: value}; actions validate them against the round's items."""
    return {k[2:]: v for k, v in request.POST.items() if k.startswith("q-")}


def _staff_round(request, slug: str, pk: int, round_pk: int):
    school = access.get_school_as_staff(request.user, slug, pk)
    round_ = get_round(school, round_pk)
    if round_.audience != Audience.STAFF:
        raise PermissionDenied
    return school, round_


@require_POST
@access_rule("school_staff")
def answer_staff_save(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school, round_ = _staff_round(request, slug, pk, round_pk)
    try:
        actions.save_draft(request.user, round_, _answers(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return staff_answer_page(request, school, round_, _answers(request), status=400)
    messages.success(request, _("Your answers are saved. You can continue later."))
    return redirect("answer_staff", slug, pk, round_pk)


@require_POST
@access_rule("school_staff")
def answer_staff_send(request: HttpRequest, slug: str, pk: int, round_pk: int) -> HttpResponse:
    school, round_ = _staff_round(request, slug, pk, round_pk)
    try:
        actions.submit_staff(request.user, round_, _answers(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return staff_answer_page(request, school, round_, _answers(request), status=400)
    messages.success(request, _("Thank you! Your answers were received anonymously."))
    return redirect("school_rounds", slug, pk)


@require_POST
@access_rule("public_post")
def answer_code_send(request: HttpRequest, code: str) -> HttpResponse:
    round_ = actions.round_for_code(code)
    if round_ is not None:
        in_school_language(request, round_)  # its messages too
    try:
        actions.submit_code(code, _answers(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return code_answer_page(request, code, _answers(request), status=400)
    return render(request, "surveys/answer_done.html", {"round": round_})

"""The owner settles last year's loose ends (yearend.py), each at its own URL (POST only,
owner_admin): close a meeting, close or carry over a task or an agreement. The object comes
through the same rule as the other owner writes (writes._as_owner_admin): 404 when it does not
exist for the person, 403 unless they administer the owner."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skolekvalitet.organisations.access import access_rule

from . import yearend
from .models import Agreement, Meeting, Task
from .writes import _as_owner_admin, _done


def _settle(request, slug: str, write: Callable[[], object], success: str) -> HttpResponse:
    url = reverse("timeline", args=[slug]) + "#loose-ends"
    try:
        write()
    except ValidationError as error:
        return _done(request, url, error)
    return _done(request, url, success=success)


@access_rule("owner_admin")
@require_POST
def meeting_close_year(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _as_owner_admin(request, slug, Meeting.with_talk, school_id=pk, pk=meeting_pk)
    return _settle(
        request, slug, lambda: yearend.close_meeting(request.user, meeting), _("Closed.")
    )


def _task(request, slug: str, pk: int, task_pk: int) -> Task:
    return _as_owner_admin(request, slug, Task.with_talk, meeting__school_id=pk, pk=task_pk)


@access_rule("owner_admin")
@require_POST
def task_close_year(request: HttpRequest, slug: str, pk: int, task_pk: int) -> HttpResponse:
    task = _task(request, slug, pk, task_pk)
    return _settle(request, slug, lambda: yearend.close_task(request.user, task), _("Closed."))


@access_rule("owner_admin")
@require_POST
def task_carry_over(request: HttpRequest, slug: str, pk: int, task_pk: int) -> HttpResponse:
    task = _task(request, slug, pk, task_pk)
    return _settle(
        request,
        slug,
        lambda: yearend.carry_task(request.user, task),
        _("Carried over to this year's cycle."),
    )


def _agreement(request, slug: str, pk: int, agreement_pk: int) -> Agreement:
    return _as_owner_admin(
        request, slug, Agreement.with_talk, meeting__school_id=pk, pk=agreement_pk
    )


@access_rule("owner_admin")
@require_POST
def agreement_close_year(
    request: HttpRequest, slug: str, pk: int, agreement_pk: int
) -> HttpResponse:
    agreement = _agreement(request, slug, pk, agreement_pk)
    return _settle(
        request, slug, lambda: yearend.close_agreement(request.user, agreement), _("Closed.")
    )


@access_rule("owner_admin")
@require_POST
def agreement_carry_over(
    request: HttpRequest, slug: str, pk: int, agreement_pk: int
) -> HttpResponse:
    agreement = _agreement(request, slug, pk, agreement_pk)
    return _settle(
        request,
        slug,
        lambda: yearend.carry_agreement(request.user, agreement),
        _("Carried over to this year's cycle."),
    )

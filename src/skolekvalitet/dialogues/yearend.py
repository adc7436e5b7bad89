"""Last year's loose ends: meetings without approved minutes, tasks not done and agreements
not closed of an earlier school year. The owner closes them or carries tasks and agreements
over to this year's cycle (a copy with its dates moved a year, attached to this year's meeting
of the same kind at the school). Settled items are never overdue again. Atomic and audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skolekvalitet.audit.log import record
from skolekvalitet.organisations.models import Owner, Person, SchoolYear
from skolekvalitet.organisations.schoolyears import current_school_year

from .models import Agreement, Meeting, Settled, Task


def _years(meeting: Meeting) -> int:
    return current_school_year().start_year - meeting.event.cycle.school_year.start_year


def _shift(day, years: int):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def loose_ends(owner: Owner, reader, year: SchoolYear | None = None) -> dict[str, list]:
    """Unsettled, unfinished items of the owner's cycles before `year` (the current one)."""
    year = year or current_school_year()
    earlier = {"event__cycle__owner": owner, "event__cycle__school_year__code__lt": year.code}
    through = {f"meeting__{k}": v for k, v in earlier.items()}
    return {
        "meetings": list(
            Meeting.with_talk.for_reader(reader)
            .filter(settled="", **earlier)
            .exclude(state=Meeting.State.APPROVED)
            .select_related("event__cycle__school_year", "school")
        ),
        "tasks": list(
            Task.with_talk.for_reader(reader)
            .filter(settled="", **through)
            .exclude(status=Task.Status.DONE)
            .select_related("meeting__event__cycle__school_year", "meeting__school", "responsible")
        ),
        "agreements": list(
            Agreement.with_talk.for_reader(reader)
            .filter(settled="", closed_at=None, **through)
            .select_related("meeting__event__cycle__school_year", "meeting__school", "responsible")
        ),
    }


def _check_earlier(meeting: Meeting, item) -> None:
    if meeting.event.cycle.school_year.code >= current_school_year().code:
        raise ValidationError(
            _("Only unfinished items of an earlier school year can be closed or carried over.")
        )
    if item.settled:
        raise ValidationError(_("This item has already been closed or carried over."))


def _this_years_meeting(meeting: Meeting) -> Meeting:
    """This year's meeting at the same school of the same kind of event (the same place in the
    cycle if there is one)."""
    year = current_school_year()
    same = Meeting.with_talk.filter(school=meeting.school, event__cycle__school_year=year)
    found = (
        same.filter(event__kind=meeting.event.kind, event__order=meeting.event.order).first()
        or same.filter(event__kind=meeting.event.kind).order_by("event__starts").first()
        or same.order_by("event__starts").first()
    )
    if found is None:
        raise ValidationError(_("Set up this year's annual cycle before carrying items over."))
    return found


def _settle(actor: Person, item, meeting: Meeting, how: str, changes: dict | None = None):
    _check_earlier(meeting, item)
    item.settled = how
    item.save(update_fields=["settled"])
    record(
        actor,
        meeting.school.owner,
        "close" if how == Settled.CLOSED else "carry_over",
        item,
        {"settled": ["", how], **(changes or {})},
    )


@transaction.atomic
def close_meeting(actor: Person, meeting: Meeting) -> None:
    _settle(actor, meeting, meeting, Settled.CLOSED)


@transaction.atomic
def close_task(actor: Person, task: Task) -> None:
    _settle(actor, task, task.meeting, Settled.CLOSED)


@transaction.atomic
def close_agreement(actor: Person, agreement: Agreement) -> None:
    _settle(actor, agreement, agreement.meeting, Settled.CLOSED)


@transaction.atomic
def carry_task(actor: Person, task: Task) -> Task:
    _check_earlier(task.meeting, task)
    target = _this_years_meeting(task.meeting)
    copy = Task.objects.create(
        meeting=target,
        title=task.title,
        responsible=task.responsible,
        deadline=_shift(task.deadline, _years(task.meeting)),
        status=task.status,
    )
    _settle(actor, task, task.meeting, Settled.CARRIED, {"carried_to": [None, copy.pk]})
    record(actor, target.school.owner, "create", copy)
    return copy


@transaction.atomic
def carry_agreement(actor: Person, agreement: Agreement) -> Agreement:
    """The agreement goes on in this year's cycle, signed as before, its dates a year later."""
    _check_earlier(agreement.meeting, agreement)
    target = _this_years_meeting(agreement.meeting)
    fields = ("area", "what", "responsible", "owner_signed_by", "owner_signed_at")
    copy = Agreement.objects.create(
        meeting=target,
        deadline=_shift(agreement.deadline, _years(agreement.meeting)),
        follow_up=_shift(agreement.follow_up, _years(agreement.meeting)),
        school_signed_by=agreement.school_signed_by,
        school_signed_at=agreement.school_signed_at,
        **{f: getattr(agreement, f) for f in fields},
    )
    _settle(actor, agreement, agreement.meeting, Settled.CARRIED, {"carried_to": [None, copy.pk]})
    record(actor, target.school.owner, "create", copy)
    return copy

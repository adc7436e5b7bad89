"""Every write to the annual cycle goes through these functions: atomic, audited, validated."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from skolekvalitet.audit.log import diff, record, snapshot
from skolekvalitet.documents import present
from skolekvalitet.organisations.models import Owner, Person, School, SchoolYear
from skolekvalitet.organisations.roles import Role

from . import kvam, notices
from .models import (
    Addendum,
    Agreement,
    AgreementNote,
    AnalysisVersion,
    Contribution,
    Cycle,
    DevelopmentGroup,
    Event,
    FeedToken,
    Meeting,
    PackNote,
    Proposal,
    SchoolAnalysis,
    Task,
)


def year_bounds(year: SchoolYear) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year.start_year, 8, 1), datetime.date(year.start_year + 1, 7, 31)


def check_in_year(year: SchoolYear, **dates: datetime.date | None) -> None:
    first, last = year_bounds(year)
    errors = {
        field: _("%(date)s is outside the school year %(year)s (1 August–31 July).")
        % {"date": day.isoformat(), "year": year.code}
        for field, day in dates.items()
        if day is not None and not first <= day <= last
    }
    if errors:
        raise ValidationError(errors)


def _day(year: SchoolYear, month_day: tuple[int, int]) -> datetime.date:
    month, day = month_day
    return datetime.date(year.start_year + (month < 8), month, day)


def _ensure_meetings(cycle: Cycle) -> None:
    schools = list(cycle.owner.schools.all())
    for event in cycle.events.filter(per_school=True):
        have = set(event.meetings.values_list("school_id", flat=True))
        Meeting.objects.bulk_create(
            Meeting(event=event, school=s, date=event.starts) for s in schools if s.pk not in have
        )


@transaction.atomic
def create_cycle(
    actor: Person,
    owner: Owner,
    year: SchoolYear,
    *,
    copy_from: Cycle | None = None,
    empty: bool = False,
) -> Cycle:
    """A school year's cycle: Kvam's (the default), a copy of an earlier one, or empty (the
    owner builds their own)."""
    if Cycle.objects.filter(owner=owner, school_year=year).exists():
        raise ValidationError(_("The owner already has an annual cycle for this school year."))
    nn = owner.default_language == "nn"
    with translation.override(owner.default_language):
        title = _("Annual cycle %(year)s") % {"year": year.code}
    cycle = Cycle.objects.create(owner=owner, school_year=year, title=title)
    if copy_from is not None:
        shift = year.start_year - copy_from.school_year.start_year
        for event in copy_from.events.all():
            event.pk = None
            event.cycle = cycle
            event.starts = _shift(event.starts, shift)
            event.ends = _shift(event.ends, shift)
            event.save()
    elif not empty:
        for i, spec in enumerate(kvam.EVENTS):
            guide = [part[1 if nn else 0] for part in spec["guide"]]
            Event.objects.create(
                cycle=cycle,
                order=i,
                kind=spec["kind"],
                name=spec["name"][1 if nn else 0],
                starts=_day(year, spec["window"][0]),
                ends=_day(year, spec["window"][1]),
                participants=spec["participants"],
                checklist=spec["checklist"][1 if nn else 0],
                duration=spec["duration"],
                per_school=spec.get("per_school", True),
                guide_prepare=guide[0],
                guide_open=guide[1],
                guide_main=guide[2],
                guide_close=guide[3],
            )
    _ensure_meetings(cycle)
    origin = "empty" if empty else str(copy_from) if copy_from else "kvam"
    record(actor, owner, "create", cycle, {"copied_from": [None, origin]})
    return cycle


def _shift(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def save_event(actor: Person, event: Event) -> Event:
    check_in_year(event.cycle.school_year, starts=event.starts, ends=event.ends)
    if event.ends < event.starts:
        raise ValidationError({"ends": _("The window must close on or after the day it opens.")})
    created = event.pk is None
    before = {} if created else snapshot(Event.objects.get(pk=event.pk))
    event.save()
    _ensure_meetings(event.cycle)
    record(
        actor,
        event.cycle.owner,
        "create" if created else "update",
        event,
        diff(before, snapshot(event)),
    )
    return event


@transaction.atomic
def delete_event(actor: Person, event: Event) -> None:
    if Meeting.with_talk.filter(event=event).exclude(state=Meeting.State.PLANNED).exists():
        raise ValidationError(
            _("Meetings of this event have been prepared or held; it cannot be deleted.")
        )
    record(actor, event.cycle.owner, "delete", event)
    event.delete()


@transaction.atomic
def schedule(actor: Person, meeting: Meeting, date, time, place: str) -> None:
    _editable(meeting)
    check_in_year(meeting.event.cycle.school_year, date=date)
    before = snapshot(meeting, ["date", "time", "place"])
    # Moved: it had been set before (a time or a place, or a day other than the window's first).
    was_set = bool(meeting.time or meeting.place) or meeting.date != meeting.event.starts
    changed = (meeting.date, meeting.time) != (date, time)
    meeting.date, meeting.time, meeting.place = date, time, place
    meeting.save()
    record(
        actor,
        meeting.school.owner,
        "update",
        meeting,
        diff(before, snapshot(meeting, ["date", "time", "place"])),
    )
    if changed or not was_set:
        notices.meeting_scheduled(actor, meeting, moved=was_set)


def clashes(meeting: Meeting) -> list[Meeting]:
    """Other meetings of the same school on the same day (a warning, never a block); never the
    development talk, whose existence only its parties know."""
    return list(
        Meeting.objects.filter(school=meeting.school, date=meeting.date)
        .exclude(pk=meeting.pk)
        .select_related("event")
    )


def _editable(meeting: Meeting) -> None:
    if meeting.locked:
        raise ValidationError(_("The minutes are approved and locked; add an addendum instead."))


@transaction.atomic
def add_pack_note(actor: Person, meeting: Meeting, text: str) -> PackNote:
    note = PackNote.objects.create(meeting=meeting, author=actor, text=text)
    if meeting.state == Meeting.State.PLANNED:
        meeting.state = Meeting.State.PREPARED
        meeting.save(update_fields=["state"])
    record(actor, meeting.school.owner, "create", note)
    return note


MINUTES = ["notes_open", "notes_main", "notes_close", "decisions"]


@transaction.atomic
def save_minutes(actor: Person, meeting: Meeting, data: dict) -> None:
    _editable(meeting)
    before = snapshot(meeting, MINUTES)
    for field in MINUTES:
        setattr(meeting, field, data.get(field, ""))
    if meeting.state in (Meeting.State.PLANNED, Meeting.State.PREPARED):
        meeting.state = Meeting.State.HELD
    meeting.owner_approved_by = meeting.school_approved_by = None
    meeting.owner_approved_at = meeting.school_approved_at = None
    meeting.save()
    record(actor, meeting.school.owner, "update", meeting, diff(before, snapshot(meeting, MINUTES)))
    notices.minutes_written(actor, meeting)


@transaction.atomic
def approve(actor: Person, meeting: Meeting, *, as_owner: bool) -> None:
    """One party approves the minutes; when both have, they are locked."""
    _editable(meeting)
    if meeting.state != Meeting.State.HELD:
        raise ValidationError(_("Write the minutes before approving them."))
    if meeting.date > timezone.localdate():
        raise ValidationError(
            _("The minutes cannot be approved before the meeting has been held (%(date)s).")
            % {"date": present.date(meeting.date)}
        )
    _confirm(actor, meeting, "approved", as_owner)
    if meeting.owner_approved_at and meeting.school_approved_at:
        meeting.state = Meeting.State.APPROVED
    meeting.save()
    if meeting.locked:
        from .pack import freeze_pack

        freeze_pack(meeting)  # shown from now on, whatever data arrive later
    record(actor, meeting.school.owner, "approve", meeting, _party(as_owner))
    if meeting.locked:
        notices.tasks_visible(meeting)  # the tasks are now visible to everyone responsible


def _confirm(actor: Person, obj, what: str, as_owner: bool) -> None:
    """Mark one party's confirmation ("approved", "signed") on obj: who and when."""
    side = "owner" if as_owner else "school"
    setattr(obj, f"{side}_{what}_by", actor)
    setattr(obj, f"{side}_{what}_at", timezone.now())


def _party(as_owner: bool) -> dict:
    return {"as": [None, "owner" if as_owner else "school"]}


@transaction.atomic
def add_contribution(actor: Person, meeting: Meeting, role: str | None, text: str) -> Contribution:
    """A participant's input, marked by the role the event names them in (participation)."""
    if role is None:
        raise ValidationError(_("Only the meeting's participants can give input to it."))
    if meeting.locked:
        raise ValidationError(_("The minutes are approved; input can no longer be added."))
    if not text.strip():
        raise ValidationError({"text": _("Write your input.")})
    contribution = Contribution.objects.create(
        meeting=meeting, author=actor, role=role, text=text.strip()
    )
    record(actor, meeting.school.owner, "create", contribution)
    return contribution


def check_own_open_input(actor: Person, contribution: Contribution) -> None:
    """Only its author changes a contribution, and only until the minutes are approved."""
    if contribution.author_id != actor.pk:
        raise PermissionDenied
    if contribution.meeting.locked:
        raise ValidationError(_("The minutes are approved; input can no longer be changed."))


@transaction.atomic
def edit_contribution(actor: Person, contribution: Contribution, text: str) -> None:
    check_own_open_input(actor, contribution)
    if not text.strip():
        raise ValidationError({"text": _("Write your input.")})
    before = snapshot(contribution, ["text"])
    contribution.text = text.strip()
    contribution.save(update_fields=["text"])
    changes = diff(before, snapshot(contribution, ["text"]))
    record(actor, contribution.meeting.school.owner, "update", contribution, changes)


@transaction.atomic
def delete_contribution(actor: Person, contribution: Contribution) -> None:
    check_own_open_input(actor, contribution)
    owner = contribution.meeting.school.owner
    record(actor, owner, "delete", contribution, {"text": [contribution.text, None]})
    contribution.delete()


@transaction.atomic
def add_addendum(actor: Person, meeting: Meeting, text: str) -> Addendum:
    if not meeting.locked:
        raise ValidationError(_("Change the minutes themselves until they are approved."))
    addendum = Addendum.objects.create(meeting=meeting, author=actor, text=text)
    record(actor, meeting.school.owner, "create", addendum)
    return addendum


def people_of(school: School, *, talk: bool = False) -> QuerySet[Person]:
    """Who can be made responsible: the school's people and the owner's administrators; for the
    private development talk only its parties (the principal and the owner's administrators)."""
    at_school = Q(memberships__school=school)
    if talk:
        at_school &= Q(memberships__role=Role.PRINCIPAL)
    return (
        Person.objects.filter(
            at_school | Q(memberships__owner=school.owner, memberships__role=Role.OWNER_ADMIN)
        )
        .distinct()
        .order_by("name")
    )


def _check_person(meeting: Meeting, person: Person | None, field: str) -> None:
    if person is None:
        raise ValidationError({field: _("Choose the person responsible.")})
    if not people_of(meeting.school, talk=meeting.event.private).filter(pk=person.pk).exists():
        raise ValidationError(
            {field: _("The responsible person must work at the school or for the owner.")}
        )


@transaction.atomic
def add_task(
    actor: Person, meeting: Meeting, title: str, responsible: Person | None, deadline
) -> Task:
    _editable(meeting)
    _check_person(meeting, responsible, "responsible")
    if deadline is None:
        raise ValidationError({"deadline": _("Give a deadline.")})
    check_in_year(meeting.event.cycle.school_year, deadline=deadline)
    task = Task.objects.create(
        meeting=meeting, title=title, responsible=responsible, deadline=deadline
    )
    record(actor, meeting.school.owner, "create", task)
    notices.task_assigned(task)
    return task


@transaction.atomic
def set_task_status(actor: Person, task: Task, status: str) -> None:
    if status not in Task.Status.values:
        raise ValidationError(_("Unknown status."))
    before = task.status
    task.status = status
    task.save(update_fields=["status"])
    record(actor, task.meeting.school.owner, "update", task, {"status": [before, status]})


@transaction.atomic
def add_agreement(actor: Person, meeting: Meeting, data: dict) -> Agreement:
    _editable(meeting)
    _check_person(meeting, data.get("responsible"), "responsible")
    errors = {}
    if not data.get("deadline"):
        errors["deadline"] = _("A follow-up agreement needs a deadline.")
    if not data.get("follow_up"):
        errors["follow_up"] = _("Give the date when you will follow it up.")
    if errors:
        raise ValidationError(errors)
    agreement = Agreement.objects.create(meeting=meeting, **data)
    record(actor, meeting.school.owner, "create", agreement)
    notices.agreement_added(actor, agreement)
    return agreement


@transaction.atomic
def sign(actor: Person, agreement: Agreement, *, as_owner: bool) -> None:
    _confirm(actor, agreement, "signed", as_owner)
    agreement.save()
    record(actor, agreement.meeting.school.owner, "sign", agreement, _party(as_owner))


@transaction.atomic
def note_agreement(actor: Person, agreement: Agreement, text: str) -> AgreementNote:
    note = AgreementNote.objects.create(agreement=agreement, author=actor, text=text)
    record(actor, agreement.meeting.school.owner, "create", note)
    return note


@transaction.atomic
def close_agreement(actor: Person, agreement: Agreement) -> None:
    if not agreement.signed:
        raise ValidationError(
            _("Both the owner and the principal must sign before the agreement can be closed.")
        )
    agreement.closed_at = timezone.now()
    agreement.save(update_fields=["closed_at"])
    record(actor, agreement.meeting.school.owner, "close", agreement)


@transaction.atomic
def save_analysis(actor: Person, analysis: SchoolAnalysis) -> SchoolAnalysis:
    """Save the school's draft; the log says which texts changed, from what to what."""
    fields = list(SchoolAnalysis.TEXTS)
    stored = SchoolAnalysis.objects.filter(pk=analysis.pk).first() if analysis.pk else None
    analysis.save()
    if stored is None:
        record(actor, analysis.school.owner, "create", analysis)
    else:
        changes = diff(snapshot(stored, fields), snapshot(analysis, fields))
        record(actor, analysis.school.owner, "update", analysis, changes)
    return analysis


@transaction.atomic
def release_analysis(actor: Person | None, analysis: SchoolAnalysis) -> AnalysisVersion:
    """Release the analysis as it stands as a new version; what the owner read before stays
    readable as the earlier version."""
    latest = analysis.released()
    if not analysis.unreleased_changes(latest):
        raise ValidationError(
            _("Nothing has changed since version %(number)d was released.")
            % {"number": latest.number}
        )
    version = AnalysisVersion.objects.create(
        analysis=analysis,
        number=(latest.number + 1) if latest else 1,
        released_at=timezone.now(),
        released_by=actor,
        **{name: getattr(analysis, name) for name in SchoolAnalysis.TEXTS},
    )
    record(actor, analysis.school.owner, "release", version)
    return version


def group_for(owner: Owner) -> DevelopmentGroup:
    return DevelopmentGroup.objects.get_or_create(owner=owner)[0]


@transaction.atomic
def propose(actor: Person, group: DevelopmentGroup, text: str) -> Proposal:
    proposal = Proposal.objects.create(group=group, author=actor, text=text)
    record(actor, group.owner, "create", proposal)
    return proposal


@transaction.atomic
def decide_proposal(actor: Person, proposal: Proposal, accept: bool) -> None:
    """Accepting adds the question to the owner's self-assessment instrument."""
    from skolekvalitet.surveys.actions import install_library
    from skolekvalitet.surveys.models import Dimension, Item

    proposal.status = Proposal.Status.ACCEPTED if accept else Proposal.Status.DECLINED
    proposal.save(update_fields=["status"])
    if accept:
        install_library(proposal.group.owner)
        instrument = proposal.group.owner.instruments.get(code="self-assessment")
        dimension = instrument.dimensions.last() or Dimension.objects.create(
            instrument=instrument, name_nb="Spørsmål", name_nn="Spørsmål"
        )
        Item.objects.create(
            dimension=dimension,
            order=dimension.items.count(),
            kind=Item.Kind.SCALE,
            text_nb=proposal.text,
            text_nn=proposal.text,
        )
    record(actor, proposal.group.owner, "accept" if accept else "decline", proposal)


@transaction.atomic
def renew_feed(person: Person) -> FeedToken:
    token, created = FeedToken.objects.update_or_create(
        person=person, defaults={"token": FeedToken.new()}
    )
    record(person, None, "create" if created else "renew", token)  # the secret is not logged
    return token


def feed_token(person: Person) -> FeedToken:
    return FeedToken.objects.filter(person=person).first() or renew_feed(person)


@transaction.atomic
def save_group(actor: Person, form) -> DevelopmentGroup:
    group = form.save()
    record(
        actor,
        group.owner,
        "update",
        group,
        {"members": [None, [p.pk for p in group.members.all()]]},
    )
    return group


@transaction.atomic
def add_group_meeting(actor: Person, group: DevelopmentGroup, meeting) -> None:
    meeting.group = group
    meeting.save()
    record(actor, group.owner, "create", meeting)

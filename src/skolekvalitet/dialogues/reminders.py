"""Reminder e-mails before windows close and when deadlines pass, sent by a background task
(Django's task framework: in-process by default, a real queue in production). Each reminder is
sent once; `skolekvalitet remind` (daily, from cron or a scheduler) enqueues the task. A passed
deadline is a notification in the responsible person's language (notifications.notify), and
the same daily run sends the digests of those who chose one. Only this school year's cycle:
last year's loose ends are the owner's to close or carry over (yearend.py)."""

import datetime
from functools import cache

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from skolekvalitet.documents import present
from skolekvalitet.organisations import access
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year

from . import notices
from .models import Agreement, Meeting, Reminder, Task

SOON = datetime.timedelta(days=7)


def _admins(owner_id: int) -> list[Person]:
    return [
        m.person
        for m in Membership.objects.filter(
            owner_id=owner_id, school=None, role=Role.OWNER_ADMIN
        ).select_related("person")
    ]


def _principals(school_id: int) -> list[Person]:
    return [
        m.person
        for m in Membership.objects.filter(school_id=school_id, role=Role.PRINCIPAL).select_related(
            "person"
        )
    ]


def _send(key: str, today: datetime.date, people: list[Person], subject: str, body: str) -> bool:
    """Send once. Callers pass the people through `_readers`."""
    with transaction.atomic():
        _reminder, created = Reminder.objects.get_or_create(key=key, defaults={"sent_on": today})
        if not created:
            return False
        recipients = sorted({p.email for p in people if p.is_active})
        if recipients:
            send_mail(subject, body, None, recipients)
    return True


def _readers(people: list[Person], meeting: Meeting) -> list[Person]:
    """Of a development talk only its parties hear anything."""
    if not meeting.event.private:
        return people
    return [p for p in people if access.is_party_to_talk(p, meeting.school)]


def send_reminders(today: datetime.date | None = None) -> int:
    """Send the reminders that are due and not sent before; returns how many were sent."""
    from skolekvalitet.surveys.actions import close_due
    from skolekvalitet.surveys.notify import notify_due

    today = today or timezone.localdate()
    sent = 0
    close_due(today)
    sent += notify_due(today)  # staff rounds opening today, in the staff's language
    done = set(Reminder.objects.values_list("key", flat=True))  # skip these without more queries
    admins, principals = cache(_admins), cache(_principals)
    this_year = {"event__cycle__school_year": current_school_year(today)}
    through = {f"meeting__{k}": v for k, v in this_year.items()}
    with translation.override("nb"):
        for meeting in Meeting.with_talk.filter(
            state__in=[Meeting.State.PLANNED, Meeting.State.PREPARED],
            event__ends__lte=today + SOON,
            **this_year,
        ).select_related("event", "school"):
            key = f"meeting:{meeting.pk}:{'overdue' if meeting.event.ends < today else 'soon'}"
            if key in done:
                continue
            sent += _send(
                key,
                today,
                _readers(principals(meeting.school_id) + admins(meeting.school.owner_id), meeting),
                _("Reminder: %(event)s at %(school)s")
                % {"event": meeting.event.name, "school": meeting.school.name},
                _("The window for %(event)s closes on %(date)s. The meeting is not held yet.")
                % {"event": meeting.event.name, "date": present.date(meeting.event.ends)},
            )
        for item in (
            Task.with_talk.filter(deadline__lte=today + datetime.timedelta(days=3), **through)
            .exclude(status=Task.Status.DONE)
            .select_related(
                "responsible", "meeting__school__owner", "meeting__event__cycle__school_year"
            )
        ):
            key = f"task:{item.pk}:{'overdue' if item.deadline < today else 'soon'}"
            if key in done:
                continue
            if item.deadline < today:  # passed: a notification in the person's language
                if Reminder.objects.get_or_create(key=key, defaults={"sent_on": today})[1]:
                    notices.deadline_passed(item)
                    sent += 1
                continue
            sent += _send(
                key,
                today,
                _readers([item.responsible], item.meeting),
                _("Deadline: %(task)s") % {"task": item.title},
                _("The task “%(task)s” (%(school)s) has its deadline on %(date)s.")
                % {
                    "task": item.title,
                    "school": item.meeting.school.name,
                    "date": present.date(item.deadline),
                },
            )
        for agreement in Agreement.with_talk.filter(
            closed_at=None, deadline__lt=today, **through
        ).select_related(
            "responsible", "meeting__school__owner", "meeting__event__cycle__school_year"
        ):
            key = f"agreement:{agreement.pk}:overdue"
            if (
                key not in done
                and Reminder.objects.get_or_create(key=key, defaults={"sent_on": today})[1]
            ):
                notices.deadline_passed(agreement)
                sent += 1
        for agreement in Agreement.with_talk.filter(
            closed_at=None, follow_up__lte=today, **through
        ).select_related("responsible", "meeting__school__owner", "meeting__event"):
            key = f"agreement:{agreement.pk}:follow_up"
            if key in done:
                continue
            sent += _send(
                key,
                today,
                _readers(
                    [
                        agreement.responsible,
                        *principals(agreement.meeting.school_id),
                        *admins(agreement.meeting.school.owner_id),
                    ],
                    agreement.meeting,
                ),
                _("Follow-up agreement due: %(school)s")
                % {"school": agreement.meeting.school.name},
                _(
                    "The follow-up agreement on %(area)s is due for follow-up on %(date)s "
                    "(deadline %(deadline)s)."
                )
                % {
                    "area": agreement.get_area_display(),
                    "date": present.date(agreement.follow_up),
                    "deadline": present.date(agreement.deadline),
                },
            )
    from skolekvalitet.notifications.notify import send_digests

    sent += send_digests()
    return sent


@task()
def remind() -> int:
    return send_reminders()

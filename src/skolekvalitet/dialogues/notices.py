"""What the annual cycle tells people (notifications.notify): a task assigned to them, minutes
waiting for their approval, an agreement waiting for their signature, a meeting they take part
in scheduled or moved, a deadline passed. Called by actions.py and reminders.py."""

from django.urls import reverse

from skolekvalitet.notifications.models import Kind
from skolekvalitet.notifications.notify import notify
from skolekvalitet.organisations import access
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role

from .models import Agreement, Meeting, Task
from .participation import meeting_path, participants_of


def _approvers(meeting: Meeting) -> list[Person]:
    """Who approves minutes and signs agreements: the owner's administrators and the principal."""
    school = meeting.school
    return [
        m.person
        for m in Membership.objects.filter(
            owner=school.owner, school=None, role=Role.OWNER_ADMIN
        ).select_related("person")
    ] + [
        m.person
        for m in Membership.objects.filter(school=school, role=Role.PRINCIPAL).select_related(
            "person"
        )
    ]


def _area(agreement: Agreement):
    """An agreement as e-mails name it: its critical area, not its text."""
    return Agreement.Area(agreement.area).label


def task_assigned(task: Task) -> None:
    """Once the responsible person can see the task: at once for those who read draft minutes,
    else when the minutes are approved (tasks_visible)."""
    meeting = task.meeting
    person = task.responsible
    editor = access.can_edit_school(person, meeting.school)
    if editor or meeting.locked:
        notify(person, Kind.TASK, task, url=meeting_path(meeting), when=task.deadline)


def tasks_visible(meeting: Meeting) -> None:
    for task in Task.objects.filter(meeting=meeting).select_related("responsible"):
        task_assigned(task)


def minutes_written(actor: Person, meeting: Meeting) -> None:
    for person in _approvers(meeting):
        if person.pk != actor.pk:
            notify(person, Kind.APPROVE, meeting, url=meeting_path(meeting), when=meeting.date)


def agreement_added(actor: Person, agreement: Agreement) -> None:
    school = agreement.meeting.school
    url = reverse("agreement", args=[school.owner.slug, school.pk, agreement.pk])
    for person in _approvers(agreement.meeting):
        if person.pk != actor.pk:
            notify(
                person,
                Kind.SIGN,
                agreement,
                url=url,
                when=agreement.deadline,
                what=_area(agreement),
            )


def meeting_scheduled(actor: Person, meeting: Meeting, *, moved: bool) -> None:
    kind = Kind.MOVED if moved else Kind.MEETING
    key = meeting.date.isoformat() + (f"T{meeting.time:%H:%M}" if meeting.time else "")
    for person in participants_of(meeting):
        if person.pk != actor.pk:
            notify(person, kind, meeting, url=meeting_path(meeting), when=meeting.date, key=key)


def deadline_passed(item: Task | Agreement) -> None:
    meeting = item.meeting
    school = meeting.school
    url = (
        meeting_path(meeting)
        if isinstance(item, Task)
        else reverse("agreement", args=[school.owner.slug, school.pk, item.pk])
    )
    what = item.title if isinstance(item, Task) else _area(item)
    notify(item.responsible, Kind.DEADLINE, item, url=url, when=item.deadline, what=what)

"""The annual cycle by year: a year switcher on the timeline; last year's unfinished items are
not overdue this year, and the owner closes them or carries them over (own POST URLs,
owner_admin, audited)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.dialogues import actions
from skolekvalitet.dialogues.models import Meeting, Task
from skolekvalitet.dialogues.overdue import overdue
from skolekvalitet.organisations.schoolyears import current_school_year, school_year_starting


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def years(world):
    this = current_school_year()
    last = school_year_starting(this.start_year - 1)
    old = actions.create_cycle(world.admin, world.owner, last)
    actions.create_cycle(world.admin, world.owner, this, copy_from=old)
    meeting = (
        Meeting.objects.filter(event__cycle=old, school=world.school_a, event__kind="dialogue")
        .order_by("event__starts")
        .first()
    )
    task = Task.objects.create(
        meeting=meeting,
        title="FJORÅRS-OPPGÅVE",
        responsible=world.principal_a,
        deadline=datetime.date(last.start_year, 11, 1),
    )
    return this, last, meeting, task


def test_the_year_switcher_shows_each_years_cycle(world, years, login):
    this, last, _meeting, _task = years
    client = login(world.admin)
    url = reverse("timeline", args=["fjordvik"])
    assert f"Annual cycle {this.code}" in client.get(url).content.decode()
    body = client.get(url, {"year": last.code}).content.decode()
    assert f"Annual cycle {last.code}" in body and f'value="{last.code}" selected' in body
    assert f"Annual cycle {this.code}" in client.get(url, {"year": "1999-00"}).content.decode()


def test_last_years_loose_ends_are_not_overdue_and_are_carried_over_or_closed(world, years, login):
    this, _last, meeting, task = years
    today = timezone.localdate()
    late = overdue(world.owner, [world.school_a], today, world.admin, this)
    assert task not in late.tasks and meeting not in late.meetings
    client = login(world.admin)
    timeline = client.get(reverse("timeline", args=["fjordvik"])).content.decode()
    assert "Unfinished from earlier years" in timeline and "FJORÅRS-OPPGÅVE" in timeline
    args = ["fjordvik", world.school_a.pk, task.pk]
    assert login(world.principal_a).post(reverse("task_carry_over", args=args)).status_code == 403
    client = login(world.admin)
    assert client.get(reverse("task_carry_over", args=args)).status_code == 405
    assert client.post(reverse("task_carry_over", args=args)).status_code == 302
    task.refresh_from_db()
    copy = Task.objects.exclude(pk=task.pk).get(title="FJORÅRS-OPPGÅVE")
    assert task.settled == "carried" and copy.meeting.event.cycle.school_year == this
    assert copy.deadline == datetime.date(this.start_year, 11, 1)
    assert AuditEvent.objects.filter(action="carry_over", object_id=str(task.pk)).exists()
    again = client.post(reverse("task_carry_over", args=args), follow=True).content.decode()
    assert "already been closed or carried over" in again
    assert Task.objects.filter(title="FJORÅRS-OPPGÅVE").count() == 2
    close = reverse("meeting_close_year", args=["fjordvik", world.school_a.pk, meeting.pk])
    client.post(close)
    meeting.refresh_from_db()
    assert meeting.settled == "closed" and not meeting.overdue(today)
    timeline = client.get(reverse("timeline", args=["fjordvik"])).content.decode()
    assert "FJORÅRS-OPPGÅVE" not in timeline.split("Unfinished from earlier years")[-1]
    # This year's items are not for closing as loose ends.
    current = Meeting.objects.filter(event__cycle__school_year=this, school=world.school_a).first()
    refused = client.post(
        reverse("meeting_close_year", args=["fjordvik", world.school_a.pk, current.pk]),
        follow=True,
    ).content.decode()
    assert "Only unfinished items of an earlier school year" in refused
    assert Meeting.objects.get(pk=current.pk).settled == ""

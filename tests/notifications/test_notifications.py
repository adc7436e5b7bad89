"""Notifications by e-mail: in the recipient's own language, with an absolute link and the date
in Norwegian format, once each; at once or in the daily digest; never about an earlier school
year; nothing of the principal's development talk to anyone but its parties."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from skolekvalitet.dialogues import actions, notices
from skolekvalitet.dialogues.models import Meeting, Task
from skolekvalitet.dialogues.reminders import send_reminders
from skolekvalitet.notifications.models import Kind, Notification, Preference
from skolekvalitet.notifications.notify import notify
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year, school_year_starting


@pytest.fixture
def cycle(world):
    return actions.create_cycle(world.admin, world.owner, current_school_year())


@pytest.fixture
def union_rep(world):
    person = Person.objects.create_user("tillitsvald.a@fjordvik.example", "x", name="Tor Tillit")
    Membership.objects.create(
        person=person, owner=world.owner, school=world.school_a, role=Role.UNION_REP
    )
    return person


def _day(month: int, day: int) -> datetime.date:
    year = current_school_year()
    return datetime.date(year.start_year + (month < 8), month, day)


def _dialogue(world, number: int = 1) -> Meeting:
    return list(
        Meeting.objects.filter(
            school=world.school_a,
            event__kind="dialogue",
            event__cycle__school_year=current_school_year(),
        ).order_by("event__starts")
    )[number - 1]


def _to(person) -> list:
    return [m for m in mail.outbox if person.email in m.to]


def test_it_tells_a_nynorsk_user_in_nynorsk_with_a_link_and_a_norwegian_date_once(
    world, cycle, settings
):
    settings.SITE_ROOT = "https://skule.example"
    world.principal_a.language = "nn"
    world.principal_a.save()
    meeting = _dialogue(world)
    mail.outbox.clear()
    task = actions.add_task(world.admin, meeting, "Lesekurs", world.principal_a, _day(12, 1))
    (message,) = _to(world.principal_a)
    assert message.subject == "Ny oppgåve til deg: Lesekurs"
    assert "Hei Rita Rektor" in message.body and "Fristen er 1. desember" in message.body
    path = reverse("meeting", args=["fjordvik", world.school_a.pk, meeting.pk])
    assert f"https://skule.example{path}" in message.body
    notices.task_assigned(task)  # once
    assert len(_to(world.principal_a)) == 1
    assert Notification.objects.filter(person=world.principal_a, kind=Kind.TASK).count() == 1


def test_it_tells_a_bokmal_user_in_bokmal_and_the_approvers_when_minutes_wait(world, cycle):
    meeting = _dialogue(world)
    mail.outbox.clear()
    actions.save_minutes(world.admin, meeting, {"decisions": "Vedtak", "notes_main": "x"})
    (message,) = _to(world.principal_a)  # the owner's default language: Bokmål
    assert message.subject.startswith("Referatet venter på din godkjenning")
    assert not _to(world.admin)  # not the one who wrote them
    agreement = actions.add_agreement(
        world.admin,
        meeting,
        {
            "area": "learning",
            "what": "Lesetiltak",
            "responsible": world.principal_a,
            "deadline": _day(6, 1),
            "follow_up": _day(3, 1),
        },
    )
    signing = [m for m in _to(world.principal_a) if "signatur" in m.subject]
    assert len(signing) == 1 and "1. juni" in signing[0].body
    assert agreement.what not in signing[0].body  # the area, not the agreement's text


def test_a_meeting_scheduled_then_moved_tells_its_participants_by_role(world, cycle, union_rep):
    third = _dialogue(world, 3)  # names the union representative
    mail.outbox.clear()
    actions.schedule(world.principal_a, third, _day(4, 20), datetime.time(9, 0), "Aulaen")
    (scheduled,) = _to(union_rep)
    assert "20. april" in scheduled.subject
    assert not _to(world.principal_a)  # the one who scheduled it
    actions.schedule(world.principal_a, third, _day(4, 27), datetime.time(9, 0), "Aulaen")
    moved = _to(union_rep)[-1]
    assert len(_to(union_rep)) == 2 and "flyttet" in moved.subject and "27. april" in moved.body
    first = _dialogue(world, 1)  # owner and leaders only: nothing to the union rep
    actions.schedule(world.principal_a, first, _day(9, 20), None, "")
    assert len(_to(union_rep)) == 2


def test_the_daily_digest_collects_them_for_a_digest_user(world, cycle):
    Preference.objects.create(person=world.principal_a, delivery="digest")
    meeting = _dialogue(world)
    mail.outbox.clear()
    actions.add_task(world.admin, meeting, "Første oppgåve", world.principal_a, _day(6, 1))
    actions.add_task(world.admin, meeting, "Andre oppgåve", world.principal_a, _day(6, 2))
    assert not _to(world.principal_a)
    send_reminders()
    (digest,) = [m for m in _to(world.principal_a) if m.subject.startswith("Skolekvalitet:")]
    assert "Første oppgåve" in digest.body and "Andre oppgåve" in digest.body
    assert "2" in digest.subject
    mail.outbox.clear()
    send_reminders()
    assert not [m for m in _to(world.principal_a) if "oppgåve" in m.body]


def test_none_for_last_years_cycle(world, cycle):
    last = school_year_starting(current_school_year().start_year - 1)
    old = actions.create_cycle(world.admin, world.owner, last)
    meeting = Meeting.objects.filter(event__cycle=old, school=world.school_a).first()
    mail.outbox.clear()
    actions.add_task(
        world.admin,
        meeting,
        "Gammal oppgåve",
        world.principal_a,
        datetime.date(last.start_year, 10, 1),
    )
    send_reminders()  # its deadline has passed long ago
    assert not [m for m in mail.outbox if "Gammal oppgåve" in m.subject + m.body]
    assert not Notification.objects.exists()


def test_nothing_of_the_talk_to_anyone_but_its_parties(world, cycle, union_rep):
    talk = Meeting.with_talk.get(school=world.school_a, event__kind="talk")
    mail.outbox.clear()
    actions.schedule(world.admin, talk, _day(11, 20), None, "")
    assert _to(world.principal_a)  # a party
    assert not _to(world.teacher_a) and not _to(union_rep)
    task = Task.objects.create(
        meeting=talk, title="SAMTALE", responsible=world.teacher_a, deadline=_day(8, 20)
    )
    assert notify(world.teacher_a, Kind.TASK, task, url="/") is None
    send_reminders()
    assert not [m for m in mail.outbox if "SAMTALE" in m.subject + m.body]


def test_a_passed_deadline_is_told_once(world, cycle):
    meeting = _dialogue(world)
    Task.objects.create(
        meeting=meeting, title="Forseint", responsible=world.teacher_a, deadline=_day(8, 20)
    )
    mail.outbox.clear()
    send_reminders()
    send_reminders()
    (message,) = _to(world.teacher_a)
    assert message.subject == "Fristen er passert: Forseint" and "20. august" in message.body


def test_my_settings_page_chooses_the_digest(world, login):
    client = login(world.teacher_a)
    assert client.get(reverse("my_settings")).status_code == 200
    assert client.get(reverse("my_settings_save")).status_code == 405
    assert client.post(reverse("my_settings_save"), {"delivery": "weekly"}).status_code == 400
    response = client.post(reverse("my_settings_save"), {"delivery": "digest"})
    assert response.status_code == 302
    assert Preference.objects.get(person=world.teacher_a).delivery == "digest"
    nn = login(world.teacher_a, "nn").get(reverse("my_settings")).content.decode()
    assert "Mine innstillingar" in nn

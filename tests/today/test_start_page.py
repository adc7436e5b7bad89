"""The start page answers "what needs me now" for each role, and shows nothing of another school
or of the principal's private development talk."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from skolekvalitet.dialogues import actions as dialogues
from skolekvalitet.dialogues.models import Meeting, Task
from skolekvalitet.documents.model import Document
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year, school_year_starting
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.surveys import actions as surveys
from tests.conftest import PASSWORD


@pytest.fixture
def year_with_work(world):
    year = current_school_year()
    today = timezone.localdate()
    dialogues.create_cycle(world.admin, world.owner, year)
    meetings = Meeting.with_talk.filter(school=world.school_a).select_related("event")
    talk = meetings.get(event__kind="talk")
    dialogue = meetings.filter(event__kind="dialogue").first()
    soon = today + datetime.timedelta(days=3)
    Meeting.with_talk.filter(pk=dialogue.pk).update(date=soon, state="planned")
    Meeting.with_talk.filter(pk=talk.pk).update(date=soon)
    deadline = min(today + datetime.timedelta(days=10), datetime.date(year.start_year + 1, 7, 31))
    Task.objects.create(
        meeting=dialogue, title="Kartlegg lesing", responsible=world.teacher_a, deadline=deadline
    )
    Task.objects.create(
        meeting=talk,
        title="Privat oppgåve SECRETTALK",
        responsible=world.principal_a,
        deadline=deadline,
    )
    b = Meeting.objects.filter(school=world.school_b, event__kind="dialogue").first()
    Task.objects.create(
        meeting=b, title="SECRETB oppgåve", responsible=world.teacher_a, deadline=deadline
    )
    surveys.install_library(world.owner)
    surveys.launch(
        world.admin,
        world.owner.instruments.get(code="plc"),
        [world.school_a],
        "staff",
        today,
        today + datetime.timedelta(days=14),
    )
    return year


def _page(login, person) -> str:
    response = login(person).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_principal_sees_the_next_meeting_their_tasks_and_the_plan(world, login, year_with_work):
    page = _page(login, world.principal_a)
    assert "Next meetings" in page and "Alfheim skule" in page
    assert "SECRETTALK" in page  # the principal is party to their own talk
    assert "Development plan" in page
    assert "SECRETB" not in page


def test_a_teacher_sees_their_tasks_and_the_round_to_answer_but_nothing_private(
    world, login, year_with_work
):
    page = _page(login, world.teacher_a)
    assert "Kartlegg lesing" in page
    assert "Questionnaires to answer" in page and "answer/" in page
    assert "SECRETTALK" not in page and "SECRETB" not in page


def test_the_owner_admin_sees_open_rounds_with_response_rates_and_the_report(
    world, login, year_with_work
):
    page = _page(login, world.admin)
    assert "Open questionnaires" in page and "have answered" in page
    assert "Status report" in page
    assert "Schools flagged for follow-up" in page and "Waiting for the owner" in page


@pytest.mark.parametrize("role", [Role.PUPIL_REP, Role.PARENT_REP, Role.UNION_REP])
def test_councils_and_representatives_never_see_the_talk(world, login, year_with_work, role):
    person = Person.objects.create_user(f"{role}@fjordvik.example", PASSWORD, name=role)
    Membership.objects.create(person=person, owner=world.owner, school=world.school_a, role=role)
    page = _page(login, person)
    assert "What needs you at Alfheim skule" in page
    assert "SECRETTALK" not in page and "SECRETB" not in page


def test_the_politician_sees_the_published_reports(world, login):
    politician = Person.objects.create_user("pol@fjordvik.example", PASSWORD, name="Pol")
    Membership.objects.create(person=politician, owner=world.owner, role=Role.POLITICIAN)
    from skolekvalitet.reporting.models import ReportVersion
    from skolekvalitet.reporting.published import freeze_copy

    this_year = current_school_year()
    last_year = school_year_starting(int(this_year.code[:4]) - 1)
    for year, status in ((last_year, "published"), (this_year, "draft")):
        report = StatusReport.objects.create(owner=world.owner, school_year=year, status=status)
        version = ReportVersion.objects.create(
            report=report, number=1, text="", saved_by=politician
        )
        freeze_copy(report, version, {"nb": Document("Rapport", "nb")})  # published once
    unpublished = school_year_starting(2019)
    StatusReport.objects.create(owner=world.owner, school_year=unpublished, status="final")
    page = _page(login, politician)
    assert "Published status reports" in page
    # newest first, the one being revised too (read as published); never one not yet published
    links = [
        reverse("report_preview", args=[world.owner.slug, y.code]) for y in (this_year, last_year)
    ]
    assert links[0] in page and links[1] in page and page.index(links[0]) < page.index(links[1])
    # One final for the council and never published is listed apart, as before the council.
    waiting = reverse("report_preview", args=[world.owner.slug, "2019-20"])
    assert "Before the council" in page and page.index(waiting) < page.index(links[0])
    assert "Status report 2019-20, final for the council" in page


def test_a_talk_not_yet_held_stays_among_the_principals_next_meetings(world, login, year_with_work):
    today = timezone.localdate()
    talk = Meeting.with_talk.get(school=world.school_a, event__kind="talk")
    Meeting.with_talk.filter(pk=talk.pk).update(date=today - datetime.timedelta(days=5))
    talk.event.ends = today + datetime.timedelta(days=5)
    talk.event.save()
    page = _page(login, world.principal_a)
    assert talk.event.name in page and "its planned day has passed" in page
    assert talk.event.name not in _page(login, world.teacher_a)


def test_a_plan_sent_to_the_owner_waits_on_the_owners_start_page(world, login):
    """Issue 17 follow-up: a submitted development plan is listed under «Ventar på eigaren» with
    a link to where it is approved or sent back; a draft is not."""
    from skolekvalitet.plans import actions as plans
    from skolekvalitet.plans.models import Goal

    year = current_school_year()
    plan = plans.create_plan(world.principal_a, world.school_a, year)
    Goal.objects.create(focus_area=plan.focus_areas.first(), text="Alle les")
    plans.submit(world.principal_a, plan)
    plans.create_plan(world.principal_b, world.school_b, year)  # a draft: not the owner's yet
    response = login(world.admin, "nn").get(reverse("home"))
    page = response.content.decode()
    waiting = page.split("Ventar på eigaren")[1].split("</ul>")[0]
    url = reverse("plan_detail", args=[world.owner.slug, world.school_a.pk, year.code])
    assert f'href="{url}"' in waiting
    assert f"Utviklingsplan {year.code} – Alfheim skule" in waiting
    assert world.school_b.name not in waiting
    assert url not in login(world.outsider, "nn").get(reverse("home")).content.decode()

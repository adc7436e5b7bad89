"""One school through the whole year: the owner sets up Kvam's cycle; dialogue 1 is planned, its
pack opened, minutes written with two tasks and a follow-up agreement, approved by both; then
dialogue 2 and dialogue 3; the agreement is signed, followed up and closed. The principal's iCal
feed parses and holds the school's events; the reminder task mails a deadline in the past."""

import datetime

from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from skolekvalitet.demo import build_demo
from skolekvalitet.dialogues.models import Agreement, Cycle, Meeting, Task
from skolekvalitet.dialogues.reminders import remind
from skolekvalitet.organisations.models import School
from skolekvalitet.organisations.schoolyears import current_school_year
from tests.browser.test_journey_school_people import _log_in


def _on(year, month: int, day: int) -> str:
    return datetime.date(year.start_year + (month < 8), month, day).isoformat()


def _open_meeting(pages, school, name: str) -> Meeting:
    meeting = Meeting.objects.get(
        school=school, event__name=name, event__cycle__school_year=current_school_year()
    )
    pages.goto(f"/o/demo/schools/{school.pk}/meetings/{meeting.pk}/")
    return meeting


def _minutes(pages, decisions: str) -> None:
    form = pages.page.locator("form#minutes")
    form.get_by_label("Open: notes").fill("Kontrakt og mål for møtet.")
    form.get_by_label("Main phase: notes").fill("Vi drøfta resultata og planen.")
    form.get_by_label("Close: notes").fill("Mellomarbeid avtalt.")
    form.get_by_label("Decisions").fill(decisions)
    form.get_by_role("button", name="Save the minutes").click()
    pages.settle()


def _approve(pages, who: str) -> None:
    pages.page.get_by_role("button", name=f"Approve the minutes for the {who}").click()
    pages.settle()


def test_one_school_goes_through_the_whole_year(pages, transactional_db):
    build_demo()
    year = current_school_year()
    Agreement.objects.filter(meeting__event__cycle__school_year=year).delete()
    Cycle.objects.filter(owner__slug="demo", school_year=year).delete()
    school = School.objects.get(name="Lid skule")
    principal = school.memberships.get(role="principal").person
    page = pages.page
    today = timezone.localdate()

    _log_in(pages, "admin@demo.example", "demo", language="en")
    pages.goto("/o/demo/cycle/")
    page.get_by_role("button", name="Set up from Kvam's cycle (the default)").click()
    pages.settle()
    assert "Lederdialog 1" in page.content() or "Leiardialog 1" in page.content()
    names = dict(
        Meeting.objects.filter(
            school=school, event__kind="dialogue", event__cycle__school_year=year
        ).values_list("event__starts", "event__name")
    )
    first, second, third = (names[k] for k in sorted(names))

    # Dialogue 1: planned, the pack opened, minutes with two tasks and an agreement.
    meeting = _open_meeting(pages, school, first)
    assert "Planned" in page.content() and "Meeting pack" in page.content()
    assert "The school's data sheet" in page.content() and "10-FAKTOR" in page.content()
    pdf = page.request.get(
        pages.base_url + f"/o/demo/schools/{school.pk}/meetings/{meeting.pk}/pack.pdf"
    )
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    page.locator("details#schedule summary").click()
    page.locator("details#schedule").get_by_label("Date").fill(_on(year, 9, 20))
    page.locator("details#schedule").get_by_role("button", name="Save").click()
    pages.settle()
    _minutes(pages, "Lesing er hovudsatsinga.")
    for title in ("Lesekurs for 5. trinn", "Gjennomgang av 9A-rutinane"):
        form = page.locator("form#task")
        form.get_by_label("Task").fill(title)
        form.get_by_label("Responsible").select_option(str(principal.pk))
        form.get_by_label("Deadline").fill(_on(year, 3, 1))
        form.get_by_role("button", name="Add the task").click()
        pages.settle()
    form = page.locator("form#agreement")
    form.get_by_label("Critical area").select_option("learning")
    form.get_by_label("What must be done").fill("Tiltak for elevar under kritisk grense i lesing.")
    form.get_by_label("By whom").select_option(str(principal.pk))
    form.get_by_label("By when").fill(_on(year, 6, 1))
    form.get_by_label("Follow-up date").fill(_on(year, 2, 1))
    form.get_by_role("button", name="Add the agreement").click()
    pages.settle()
    assert Task.objects.filter(meeting=meeting).count() == 2
    _approve(pages, "owner")
    page.get_by_role("link", name="Pupils' learning: Tiltak for elevar").click()
    pages.settle()
    page.get_by_role("button", name="Sign for the owner").click()
    pages.settle()
    page.get_by_role("button", name="Log out").click()

    _log_in(pages, principal.email, "demo", language="en")
    _open_meeting(pages, school, first)
    _approve(pages, "school")
    assert "Minutes approved" in page.content() and "Lesing er hovudsatsinga." in page.content()
    agreement = Agreement.objects.get(meeting=meeting)
    pages.goto(f"/o/demo/schools/{school.pk}/agreements/{agreement.pk}/")
    page.get_by_role("button", name="Sign for the school").click()
    pages.settle()
    pages.goto("/o/demo/cycle/")
    feed_url = page.locator("code.feed-url").inner_text()
    page.get_by_role("button", name="Log out").click()

    # Dialogues 2 and 3, each approved by both parties.
    for name, decisions in (
        (second, "Planen held; meir støtte til lesing."),
        (third, "Eigenvurderinga viser framgang."),
    ):
        # Minutes wait for the meeting's day: hold it today rather than later in the window.
        Meeting.objects.filter(
            school=school, event__name=name, event__cycle__school_year=year, date__gt=today
        ).update(date=today)
        _log_in(pages, "admin@demo.example", "demo", language="en")
        _open_meeting(pages, school, name)
        _minutes(pages, decisions)
        _approve(pages, "owner")
        page.get_by_role("button", name="Log out").click()
        _log_in(pages, principal.email, "demo", language="en")
        _open_meeting(pages, school, name)
        _approve(pages, "school")
        assert "Minutes approved" in page.content()
        page.get_by_role("button", name="Log out").click()

    # The agreement is followed up and closed.
    _log_in(pages, "admin@demo.example", "demo", language="en")
    pages.goto(f"/o/demo/schools/{school.pk}/agreements/{agreement.pk}/")
    page.get_by_label("Note").fill("Lesekurset er i gang; fleire over kritisk grense.")
    page.get_by_role("button", name="Add the note").click()
    pages.settle()
    page.get_by_role("button", name="Close the agreement").click()
    pages.settle()
    assert "Closed" in page.content()
    agreement.refresh_from_db()
    assert agreement.closed_at and agreement.signed
    states = Meeting.objects.filter(
        school=school, event__kind="dialogue", event__cycle__school_year=year
    )
    assert set(states.values_list("state", flat=True)) == {"approved"}

    feed = Calendar.from_ical(page.request.get(feed_url).body())
    summaries = [str(e.get("summary")) for e in feed.walk("VEVENT")]
    assert any(first in s and "Lid skule" in s for s in summaries)
    assert any("Lesekurs for 5. trinn" in s for s in summaries)

    Task.objects.filter(meeting=meeting).update(deadline=datetime.date(year.start_year, 10, 1))
    mail.outbox.clear()
    remind.enqueue()
    assert any(
        "Lesekurs for 5. trinn" in m.subject and principal.email in m.to for m in mail.outbox
    )
    assert pages.problems == []

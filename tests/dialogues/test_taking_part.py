"""Taking part in dialogue 3: the participants the event names by role read the pack and give
their input, marked by role, which the pack and the minutes (page, PDF, Word) show; others get
403. Minutes wait for the meeting date; two meetings on one day give a warning."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.dialogues import actions
from skolekvalitet.dialogues.models import Contribution, Meeting
from skolekvalitet.dialogues.pack import meeting_pack
from skolekvalitet.documents import render as documents
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def people(world):
    actions.create_cycle(world.admin, world.owner, current_school_year())
    found = {}
    for role, email in (
        (Role.UNION_REP, "tillitsvald.a@fjordvik.example"),
        (Role.PUPIL_REP, "elevrad.a@fjordvik.example"),
        (Role.PARENT_REP, "fau.a@fjordvik.example"),
    ):
        person = Person.objects.create_user(email, "x", name=f"Konto {role}")
        Membership.objects.create(
            person=person, owner=world.owner, school=world.school_a, role=role
        )
        found[role] = person
    return found


def _dialogue(world, number: int) -> Meeting:
    return list(
        Meeting.objects.filter(school=world.school_a, event__kind="dialogue").order_by(
            "event__starts"
        )
    )[number - 1]


def _args(world, meeting):
    return ["fjordvik", world.school_a.pk, meeting.pk]


def test_the_union_rep_and_the_pupil_council_give_input_shown_by_role(world, people, login):
    third = _dialogue(world, 3)
    args = _args(world, third)
    actions.save_minutes(world.admin, third, {"decisions": "x"})
    actions.add_task(world.admin, third, "UTKAST-OPPGÅVE", world.principal_a, third.date)
    page = login(people[Role.UNION_REP]).get(reverse("meeting", args=args)).content.decode()
    assert "Meeting pack" in page and "Knowledge base" in page and 'id="input"' in page
    assert "UTKAST-OPPGÅVE" not in page  # never the draft minutes' tasks
    for role, text in ((Role.UNION_REP, "TILLIT-INNSPEL"), (Role.PUPIL_REP, "ELEVRAD-SYN")):
        response = login(people[role]).post(
            reverse("meeting_input", args=args), {"input-text": text}
        )
        assert response.status_code == 302
    assert set(Contribution.objects.values_list("role", flat=True)) == {"union_rep", "pupil_rep"}
    principal = login(world.principal_a).get(reverse("meeting", args=args)).content.decode()
    assert "Union or safety representative" in principal and "TILLIT-INNSPEL" in principal
    assert "Pupil council" in principal and "ELEVRAD-SYN" in principal
    given = principal.split('id="input-h"')[1].split("</section>")[0]
    assert "Konto" not in given  # marked by role, never by name
    pack = documents.to_html(meeting_pack(third, school_side=True), standalone=False)
    assert "TILLIT-INNSPEL" in pack and "Pupil council" in pack


def test_others_than_the_events_participants_get_403(world, people, login):
    third, first = _dialogue(world, 3), _dialogue(world, 1)
    url = reverse("meeting_input", args=_args(world, first))
    assert login(world.teacher_a).post(url, {"input-text": "x"}).status_code == 403
    third_url = reverse("meeting_input", args=_args(world, third))
    assert login(people[Role.PARENT_REP]).post(url, {"input-text": "x"}).status_code == 403
    assert login(world.principal_b).post(third_url, {"input-text": "x"}).status_code == 404
    assert login(people[Role.UNION_REP]).get(third_url).status_code == 405
    empty = login(people[Role.UNION_REP]).post(third_url, {"input-text": " "})
    assert empty.status_code == 400 and "Write your input." in empty.content.decode()
    assert not Contribution.objects.exists()


def test_a_participant_changes_or_deletes_their_own_input_until_the_minutes_are_approved(
    world, people, login
):
    third = _dialogue(world, 3)
    args = _args(world, third)
    union, pupils = people[Role.UNION_REP], people[Role.PUPIL_REP]
    login(union).post(reverse("meeting_input", args=args), {"input-text": "TILLIT-INNSPEL"})
    login(pupils).post(reverse("meeting_input", args=args), {"input-text": "ELEVRAD-SYN"})
    mine = Contribution.objects.get(author=union)
    edit = reverse("meeting_input_edit", args=[*args, mine.pk])
    delete = reverse("meeting_input_delete", args=[*args, mine.pk])
    # Nobody else changes or deletes it: the meeting's other participants and its editors see
    # it and get 403, another school's principal finds nothing.
    for other, status in (
        (pupils, 403),
        (world.principal_a, 403),
        (world.admin, 403),
        (world.principal_b, 404),
    ):
        client = login(other)
        assert client.post(edit, {f"input-{mine.pk}-text": "x"}).status_code == status
        assert client.post(delete).status_code == status
    assert Contribution.objects.get(pk=mine.pk).text == "TILLIT-INNSPEL"
    page = login(pupils).get(reverse("meeting", args=args)).content.decode()
    assert f'action="{edit}"' not in page and "Change or delete your input" in page  # theirs

    client = login(union)
    page = client.get(reverse("meeting", args=args)).content.decode()
    assert f'action="{edit}"' in page and f'action="{delete}"' in page
    empty = client.post(edit, {f"input-{mine.pk}-text": " "})
    assert empty.status_code == 400 and "Write your input." in empty.content.decode()
    before = AuditEvent.objects.count()
    assert client.post(edit, {f"input-{mine.pk}-text": "ENDRA INNSPEL"}).status_code == 302
    assert Contribution.objects.get(pk=mine.pk).text == "ENDRA INNSPEL"
    changed = AuditEvent.objects.latest("pk")
    assert (changed.action, changed.actor, changed.changes) == (
        "update",
        union,
        {"text": ["TILLIT-INNSPEL", "ENDRA INNSPEL"]},
    )
    assert client.post(delete).status_code == 302
    assert not Contribution.objects.filter(pk=mine.pk).exists()
    deleted = AuditEvent.objects.latest("pk")
    assert (deleted.action, deleted.changes) == ("delete", {"text": ["ENDRA INNSPEL", None]})
    assert AuditEvent.objects.count() == before + 2

    # Once the minutes are approved, the pupil council's input stays as it was.
    Meeting.objects.filter(pk=third.pk).update(state=Meeting.State.APPROVED)
    theirs = Contribution.objects.get(author=pupils)
    client = login(pupils)
    refused = client.post(
        reverse("meeting_input_edit", args=[*args, theirs.pk]), {f"input-{theirs.pk}-text": "y"}
    )
    assert refused.status_code == 302
    assert "input can no longer be changed" in client.get(refused["Location"]).content.decode()
    client.post(reverse("meeting_input_delete", args=[*args, theirs.pk]))
    assert Contribution.objects.get(pk=theirs.pk).text == "ELEVRAD-SYN"
    assert (
        "Change or delete your input"
        not in client.get(reverse("meeting", args=args)).content.decode()
    )


def test_minutes_wait_for_the_meeting_date_then_export_as_pdf_and_word(world, people, login):
    from docx import Document as Word
    from pypdf import PdfReader

    third = _dialogue(world, 3)
    args = _args(world, third)
    actions.add_contribution(people[Role.UNION_REP], third, "union_rep", "TILLIT-INNSPEL")
    actions.save_minutes(world.admin, third, {"decisions": "VEDTAK-TRE", "notes_main": "x"})
    actions.schedule(
        world.admin, third, timezone.localdate() + datetime.timedelta(days=1), None, ""
    )
    response = login(world.principal_a).post(
        reverse("meeting_approve_school", args=args), follow=True
    )
    assert "cannot be approved before the meeting has been held" in response.content.decode()
    assert Meeting.objects.get(pk=third.pk).school_approved_at is None
    assert login(world.teacher_a).get(reverse("meeting_minutes_pdf", args=args)).status_code == 404
    Meeting.objects.filter(pk=third.pk).update(date=timezone.localdate())
    login(world.principal_a).post(reverse("meeting_approve_school", args=args))
    login(world.admin).post(reverse("meeting_approve_owner", args=args))
    assert Meeting.objects.get(pk=third.pk).locked
    pdf = login(world.teacher_a).get(reverse("meeting_minutes_pdf", args=args))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "VEDTAK-TRE" in text and "TILLIT-INNSPEL" in text and "Rita Rektor" in text
    docx = login(world.teacher_a).get(reverse("meeting_minutes_docx", args=args))
    word = Word(io.BytesIO(docx.content))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    words = [p.text for p in word.paragraphs] + cells
    assert "VEDTAK-TRE" in words and "TILLIT-INNSPEL" in cells
    assert "Union or safety representative" in cells


def test_two_meetings_of_a_school_on_one_day_give_a_warning(world, people, login):
    first, second = _dialogue(world, 1), _dialogue(world, 2)
    day = second.date.isoformat()
    client = login(world.principal_a)
    response = client.post(
        reverse("meeting_schedule", args=_args(world, first)),
        {"schedule-date": day, "schedule-time": "", "schedule-place": ""},
        follow=True,
    )
    body = response.content.decode()
    assert "has another meeting the same day" in body and second.event.name in body
    assert Meeting.objects.get(pk=first.pk).date == second.date  # a warning, not a block


def test_the_councils_gatherings_are_in_their_calendars_and_start_pages(world, people, login):
    from icalendar import Calendar

    from skolekvalitet.dialogues.models import Event

    today = timezone.localdate()
    Event.objects.filter(per_school=False, kind__in=["pupils", "parents"]).update(
        starts=today, ends=today + datetime.timedelta(days=5)
    )
    for role, kind in ((Role.PUPIL_REP, "pupils"), (Role.PARENT_REP, "parents")):
        name = Event.objects.get(kind=kind).name
        other = Event.objects.get(kind="parents" if kind == "pupils" else "pupils").name
        home = login(people[role]).get(reverse("home")).content.decode()
        assert name in home and other not in home
        token = actions.feed_token(people[role]).token
        feed = Calendar.from_ical(login(None).get(reverse("ical_feed", args=[token])).content)
        summaries = [str(e.get("summary")) for e in feed.walk("VEVENT")]
        assert name in summaries and other not in summaries

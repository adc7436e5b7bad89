"""The annual cycle: Kvam's template, dates within the year, clear refusals, approval and
locking, who sees drafts and the private development talk, the school-first analysis, the iCal
feed, reminders, overdue agreements as follow-up flags and in the report."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from skolekvalitet.analysis.models import FollowUpRules
from skolekvalitet.analysis.sheet import analyse_school
from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.dialogues import actions
from skolekvalitet.dialogues.models import Agreement, Event, Meeting, SchoolAnalysis, Task
from skolekvalitet.dialogues.overdue import overdue_agreements
from skolekvalitet.dialogues.reminders import remind, send_reminders
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.reporting.build import build_document
from skolekvalitet.reporting.models import StatusReport


@pytest.fixture(autouse=True)
def english():
    """Messages matched below are the English ones."""
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(world):
    return actions.create_cycle(world.admin, world.owner, current_school_year())


def _meeting(world, kind="dialogue", school=None) -> Meeting:
    return (
        Meeting.with_talk.filter(school=school or world.school_a, event__kind=kind)
        .order_by("event__starts")
        .first()
    )


def _day(month, day):
    year = current_school_year()
    return datetime.date(year.start_year + (month < 8), month, day)


def test_kvam_is_the_default_cycle_with_meetings_for_every_school(world, cycle):
    events = list(cycle.events.all())
    assert [e.kind for e in events].count("dialogue") == 3
    first = events[0]
    assert "10-FAKTOR" in first.checklist and first.duration == 210
    assert [phase for phase, _label, qs in first.guide() if qs] == [
        "prepare",
        "open",
        "main",
        "close",
    ]
    talk = cycle.events.get(kind="talk")
    assert talk.duration == 90 and talk.private
    per_school = cycle.events.filter(per_school=True).count()
    assert Meeting.with_talk.filter(school=world.school_b).count() == per_school
    year = cycle.school_year
    assert all(datetime.date(year.start_year, 8, 1) <= e.starts <= e.ends for e in events)
    with pytest.raises(ValidationError):
        actions.create_cycle(world.admin, world.owner, year)


def test_a_copy_of_last_year_moves_the_dates_a_year(world, cycle):
    from skolekvalitet.organisations.schoolyears import school_year_starting

    next_year = school_year_starting(cycle.school_year.start_year + 1)
    copy = actions.create_cycle(world.admin, world.owner, next_year, copy_from=cycle)
    first, again = cycle.events.first(), copy.events.first()
    assert again.name == first.name and again.starts.year == first.starts.year + 1


def test_dates_outside_the_school_year_are_refused(world, cycle, login):
    event = cycle.events.first()
    url = reverse("event_save", args=["fjordvik", cycle.school_year.code, event.pk])
    page = login(world.admin).post(
        url,
        {
            f"{event.pk}-kind": "dialogue",
            f"{event.pk}-name": "Ny dialog",
            f"{event.pk}-starts": "2001-09-01",
            f"{event.pk}-ends": _day(10, 1).isoformat(),
            f"{event.pk}-duration": "60",
        },
    )
    assert "is outside the school year" in page.content.decode()
    assert Event.objects.get(pk=event.pk).name != "Ny dialog"
    with pytest.raises(ValidationError):
        actions.schedule(world.admin, _meeting(world), datetime.date(2001, 1, 1), None, "")


def test_a_task_needs_a_responsible_person_and_an_agreement_a_deadline(world, cycle, login):
    meeting = _meeting(world)
    args = ["fjordvik", world.school_a.pk, meeting.pk]
    client = login(world.principal_a)
    page = client.post(
        reverse("meeting_task", args=args), {"task-title": "Lesekurs", "task-deadline": _day(12, 1)}
    )
    assert page.status_code == 400
    assert "Choose the person responsible." in page.content.decode()
    page = client.post(
        reverse("meeting_agreement", args=args),
        {
            "agreement-area": "learning",
            "agreement-what": "Lesing",
            "agreement-responsible": world.principal_a.pk,
            "agreement-follow_up": _day(11, 1),
        },
    )
    body = page.content.decode()
    assert "A follow-up agreement needs a deadline." in body and "Lesing</textarea>" in body
    assert not Task.objects.exists() and not Agreement.objects.exists()
    with pytest.raises(ValidationError, match="outside the school year"):
        actions.add_task(world.admin, meeting, "X", world.principal_a, datetime.date(2001, 1, 1))


def test_both_parties_approve_then_minutes_are_locked_and_corrected_by_addenda(world, cycle, login):
    meeting = _meeting(world)
    args = ["fjordvik", world.school_a.pk, meeting.pk]
    url = reverse("meeting", args=args)
    login(world.principal_a).post(
        reverse("meeting_minutes", args=args),
        {"minutes-decisions": "UTKAST-VEDTAK", "minutes-notes_main": "x"},
    )
    teacher = login(world.teacher_a).get(url).content.decode()
    assert "UTKAST-VEDTAK" not in teacher
    approve_school = reverse("meeting_approve_school", args=args)
    login(world.principal_a).post(approve_school)
    assert Meeting.objects.get(pk=meeting.pk).state == "held"
    assert login(world.teacher_a).post(approve_school).status_code == 403
    assert login(world.teacher_a).get(approve_school).status_code == 405
    login(world.admin).post(reverse("meeting_approve_owner", args=args))
    meeting.refresh_from_db()
    assert meeting.state == "approved" and meeting.locked
    assert "UTKAST-VEDTAK" in login(world.teacher_a).get(url).content.decode()
    with pytest.raises(ValidationError, match="locked"):
        actions.save_minutes(world.admin, meeting, {"decisions": "changed"})
    actions.add_addendum(world.admin, meeting, "Rettelse")
    assert AuditEvent.objects.filter(action="approve").count() == 2


def test_the_development_talk_is_private_to_the_two_parties(world, cycle, login):
    talk = _meeting(world, "talk")
    url = reverse("meeting", args=["fjordvik", world.school_a.pk, talk.pk])
    actions.add_pack_note(world.principal_a, talk, "PRIVAT-NOTAT")
    assert "PRIVAT-NOTAT" in login(world.principal_a).get(url).content.decode()
    assert "PRIVAT-NOTAT" in login(world.admin).get(url).content.decode()
    assert login(world.teacher_a).get(url).status_code == 404
    timeline = login(world.teacher_a).get(reverse("timeline", args=["fjordvik"])).content.decode()
    assert f"/meetings/{talk.pk}/" not in timeline


def test_the_school_analyses_first(world, login):
    year = current_school_year().code
    args = ["fjordvik", world.school_a.pk, year]
    url = reverse("school_analysis", args=args)
    login(world.principal_a).post(
        reverse("analysis_save", args=args),
        {"strengths": "EIGEN-ANALYSE", "challenges": "", "measures": ""},
    )
    assert "EIGEN-ANALYSE" in login(world.teacher_a).get(url).content.decode()
    assert "EIGEN-ANALYSE" not in login(world.admin).get(url).content.decode()
    release = reverse("analysis_release", args=args)
    assert login(world.admin).post(release).status_code == 403
    login(world.principal_a).post(release)
    assert "EIGEN-ANALYSE" in login(world.admin).get(url).content.decode()


def test_an_edit_after_release_is_a_new_version_and_the_owner_keeps_what_it_read(world, login):
    year = current_school_year().code
    args = ["fjordvik", world.school_a.pk, year]
    url, save = reverse("school_analysis", args=args), reverse("analysis_save", args=args)
    release = reverse("analysis_release", args=args)
    principal = world.principal_a
    login(principal).post(save, {"strengths": "FYRSTE-TEKST", "challenges": "", "measures": ""})
    login(principal).post(release)
    login(principal).post(save, {"strengths": "ANDRE-TEKST", "challenges": "", "measures": ""})
    owner_page = login(world.admin).get(url).content.decode()
    assert "FYRSTE-TEKST" in owner_page and "ANDRE-TEKST" not in owner_page
    council = _person_with_role(world, Role.PARENT_REP)
    council_page = login(council).get(url).content.decode()
    assert "FYRSTE-TEKST" in council_page and "ANDRE-TEKST" not in council_page
    school_page = login(principal).get(url).content.decode()
    assert "ANDRE-TEKST" in school_page and "not released" in school_page
    login(principal).post(release)
    assert "ANDRE-TEKST" in login(world.admin).get(url).content.decode()
    assert "FYRSTE-TEKST" in login(world.admin).get(url + "?version=1").content.decode()
    assert login(world.admin).get(url + "?version=9").status_code == 404
    # Releasing again without a change makes no new version.
    login(principal).post(release)
    analysis = SchoolAnalysis.objects.get(school=world.school_a)
    assert [v.number for v in analysis.versions.all()] == [2, 1]
    assert (
        AuditEvent.objects.filter(action="release", object_type="dialogues.analysisversion").count()
        == 2
    )
    # The log says what the edit after the release changed.
    edit = AuditEvent.objects.filter(action="update", object_type="dialogues.schoolanalysis").get()
    assert edit.changes == {"strengths": ["FYRSTE-TEKST", "ANDRE-TEKST"]}


def test_the_analysis_page_shows_the_schools_results_beside_the_text(world, login):
    from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
    from skolekvalitet.knowledge.models import Indicator, Observation
    from skolekvalitet.knowledge.publishing import publish
    from skolekvalitet.organisations.schoolyears import school_year_starting

    sync_catalogue()
    Observation.objects.create(
        indicator=Indicator.objects.get(code="nt5_reading", owner=None),
        school=world.school_a,
        school_year=school_year_starting(2025),
        grade=5,
        value=47.25,
        n=40,
        uncertainty=2.0,
        uncertainty_kind="udir",
    )
    publish(world.owner)
    year = current_school_year().code
    url = reverse("school_analysis", args=["fjordvik", world.school_a.pk, year])
    page = login(world.principal_a).get(url).content.decode()
    assert "The school's results" in page and "47.3" in page  # English reader
    assert "All figures on the data sheet" in page


def test_a_small_schools_analysis_page_shows_its_hidden_figures_with_the_municipalitys(
    world, login
):
    """What the summary promises is on the page: a hidden figure with the municipality's
    beside it, and a staff questionnaire's hidden figure said as too few answers."""
    from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
    from skolekvalitet.knowledge.models import Area, Indicator, Observation
    from skolekvalitet.knowledge.publishing import publish
    from skolekvalitet.organisations.schoolyears import school_year_starting

    sync_catalogue()
    year, reading = (
        school_year_starting(2025),
        Indicator.objects.get(code="nt5_reading", owner=None),
    )
    staff = Indicator.objects.filter(code__startswith="tenfactor_", owner=None).first()
    common = {"school_year": year, "uncertainty": 2.0, "uncertainty_kind": "udir"}
    Observation.objects.create(
        indicator=reading, school=world.school_a, grade=5, value=44.0, n=4, **common
    )
    # Another school's figure is hidden with it (else the municipality's, less the other
    # school's, would tell the hidden one), and the municipality's stays.
    Observation.objects.create(
        indicator=reading, school=world.school_b, grade=5, value=50.0, n=30, **common
    )
    Observation.objects.create(
        indicator=reading,
        area=Area.objects.create(kind="municipality", code="4699", name="Fjordvik"),
        owner=world.owner,
        grade=5,
        value=48.5,
        n=300,
        **common,
    )
    Observation.objects.create(
        indicator=staff,
        school=world.school_a,
        value=3.1,
        n=2,
        uncertainty_kind="udir",
        school_year=year,
    )
    publish(world.owner)
    url = reverse(
        "school_analysis", args=["fjordvik", world.school_a.pk, current_school_year().code]
    )
    page = login(world.principal_a).get(url).content.decode()
    assert "the municipality: 48.5" in page
    assert "44.0" not in page and "3.1" not in page
    assert "1 figure is hidden because too few have answered." in page
    assert "too few pupils" not in page.split("too few have answered")[0].rsplit("<h3", 1)[-1]


def test_the_calendar_feed_holds_the_persons_own_events_and_can_be_renewed(world, cycle, client):
    meeting = _meeting(world)
    actions.add_task(world.admin, meeting, "Lesekurs", world.principal_a, _day(12, 1))
    token = actions.feed_token(world.principal_a).token
    body = client.get(reverse("ical_feed", args=[token])).content
    summaries = [str(c.get("summary")) for c in Calendar.from_ical(body).walk("VEVENT")]
    assert any("Alfheim" in s for s in summaries) and any("Lesekurs" in s for s in summaries)
    assert not any("SECRETB" in s for s in summaries)
    teacher = client.get(reverse("ical_feed", args=[actions.feed_token(world.teacher_a).token]))
    assert "Utviklingssamtale" not in teacher.content.decode()
    actions.renew_feed(world.principal_a)
    assert client.get(reverse("ical_feed", args=[token])).status_code == 404


def test_reminders_are_sent_once_for_a_deadline_in_the_past(world, cycle, settings):
    meeting = _meeting(world)
    Task.objects.create(
        meeting=meeting, title="Frist passert", responsible=world.teacher_a, deadline=_day(8, 20)
    )
    mail.outbox.clear()
    remind.enqueue()
    to_teacher = [m for m in mail.outbox if world.teacher_a.email in m.to]
    assert len(to_teacher) == 1 and "Frist passert" in to_teacher[0].subject
    mail.outbox.clear()
    send_reminders()
    assert not [m for m in mail.outbox if world.teacher_a.email in m.to]


def test_an_overdue_agreement_is_a_follow_up_flag_and_counted_in_the_report(world, cycle):
    meeting = _meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(state="approved")
    agreement = actions.add_agreement(
        world.admin,
        meeting,
        {
            "area": "environment",
            "what": "9A",
            "responsible": world.principal_a,
            "deadline": datetime.date(2020, 1, 1),
            "follow_up": datetime.date(2020, 1, 1),
        },
    )
    assert overdue_agreements(world.school_a, datetime.date.today()) == 1
    chain = Chain(world.owner, [world.school_a])
    rules = FollowUpRules.for_owner(world.owner)
    flags = analyse_school(chain, world.school_a, rules, 1).flags
    assert [f.code for f in flags] == ["overdue_agreements"]
    with pytest.raises(ValidationError, match="Both"):
        actions.close_agreement(world.admin, agreement)
    actions.sign(world.admin, agreement, as_owner=True)
    actions.sign(world.principal_a, agreement, as_owner=False)
    actions.close_agreement(world.admin, agreement)
    assert overdue_agreements(world.school_a, datetime.date.today()) == 0
    report = StatusReport.objects.create(owner=world.owner, school_year=current_school_year())
    doc, filled = build_document(report, "en")
    assert filled["dialogues"]
    assert any("1, of which 1 closed" in getattr(b, "text", "") for b in doc.blocks)


def test_the_development_group_proposes_questions_for_the_self_assessment(world, login):
    group = actions.group_for(world.owner)
    group.members.add(world.principal_a)
    url = reverse("group_propose", args=["fjordvik"])
    login(world.principal_a).post(url, {"proposal-text": "Har vi tid nok?"})
    assert login(world.teacher_a).post(url, {"proposal-text": "x"}).status_code == 403
    proposal = group.proposals.get()
    login(world.admin).post(reverse("proposal_accept", args=["fjordvik", proposal.pk]))
    instrument = world.owner.instruments.get(code="self-assessment")
    assert instrument.dimensions.last().items.filter(text_nb="Har vi tid nok?").exists()


def test_an_owner_can_build_their_own_cycle(world, login):
    login(world.admin).post(reverse("cycle_create", args=["fjordvik"]), {"empty": "1"})
    cycle = world.owner.cycles.get()
    assert not cycle.events.exists()
    edit = reverse("event_add", args=["fjordvik", cycle.school_year.code])
    login(world.admin).post(
        edit,
        {
            "new-kind": "dialogue",
            "new-name": "Vårt eige dialogmøte",
            "new-starts": _day(9, 1),
            "new-ends": _day(9, 30),
            "new-duration": "120",
            "new-per_school": "on",
            "new-participants": ["owner_admin", "principal"],
            "new-guide_main": "Kva lærte vi?",
        },
    )
    event = cycle.events.get()
    assert event.participants == ["owner_admin", "principal"]
    assert Meeting.objects.filter(event=event).count() == world.owner.schools.count()


def _talk_with_items(world):
    """The talk at school A, approved, with a task and an agreement; and a school leader."""
    from skolekvalitet.organisations.models import Membership, Person
    from skolekvalitet.organisations.roles import Role

    leader = Person.objects.create_user("leiar.a@fjordvik.example", "x", name="Lea Leiar")
    Membership.objects.create(
        person=leader, owner=world.owner, school=world.school_a, role=Role.SCHOOL_LEADER
    )
    talk = _meeting(world, "talk")
    Meeting.objects.filter(pk=talk.pk).update(state="approved")
    Task.objects.create(
        meeting=talk, title="SAMTALE-OPPGÅVE", responsible=world.teacher_a, deadline=_day(8, 20)
    )
    agreement = Agreement.objects.create(
        meeting=talk,
        area="other",
        what="SAMTALE-AVTALE",
        responsible=world.principal_a,
        deadline=datetime.date(2020, 1, 1),
        follow_up=datetime.date(2020, 1, 1),
    )
    return leader, talk, agreement


def test_nothing_of_the_development_talk_reaches_anyone_but_its_parties(world, cycle, login):
    from skolekvalitet.dialogues.pack import meeting_pack
    from skolekvalitet.documents import render as documents

    leader, talk, agreement = _talk_with_items(world)
    other = _meeting(world)
    url = reverse("agreement", args=["fjordvik", world.school_a.pk, agreement.pk])
    for person in (leader, world.teacher_a):
        assert login(person).get(url).status_code == 404
    for person in (world.principal_a, world.admin):
        assert login(person).get(url).status_code == 200
    page = reverse("meeting", args=["fjordvik", world.school_a.pk, other.pk])
    for person in (leader, world.principal_a, world.admin):
        body = login(person).get(page).content.decode()
        assert "SAMTALE" not in body
    pack = documents.to_html(meeting_pack(other, school_side=True), standalone=False)
    assert "SAMTALE" not in pack
    # the talk's own pack is for its parties and keeps its items
    own = documents.to_html(meeting_pack(talk, school_side=True), standalone=False)
    assert "SAMTALE-OPPGÅVE" in own
    teacher_feed = actions.feed_token(world.teacher_a).token
    assert (
        "SAMTALE" not in login(None).get(reverse("ical_feed", args=[teacher_feed])).content.decode()
    )
    mail.outbox.clear()
    send_reminders()
    assert not [m for m in mail.outbox if "SAMTALE" in m.subject + m.body]
    assert not [m for m in mail.outbox if world.teacher_a.email in m.to]
    assert overdue_agreements(world.school_a, datetime.date.today()) == 0
    report = StatusReport.objects.create(owner=world.owner, school_year=current_school_year())
    doc, _filled = build_document(report, "en")
    assert not any(
        "follow-up agreements this school year" in getattr(b, "text", "") for b in doc.blocks
    )


def test_bad_input_to_a_write_gets_a_message_and_writes_nothing(world, cycle, login):
    meeting = _meeting(world)
    task = actions.add_task(world.admin, meeting, "Lesekurs", world.principal_a, _day(12, 1))
    client = login(world.principal_a)
    status = reverse("task_status", args=["fjordvik", world.school_a.pk, task.pk])
    response = client.post(status, {"status": "../../x"}, follow=True)
    assert "Choose a status." in response.content.decode()
    assert Task.objects.get(pk=task.pk).status == "open"
    args = ["fjordvik", world.school_a.pk, meeting.pk]
    response = client.post(reverse("meeting_schedule", args=args), {"schedule-date": "31.02.x"})
    assert response.status_code == 400 and "Enter a valid date." in response.content.decode()
    response = client.post(reverse("meeting_note", args=args), {"note-text": ""})
    assert response.status_code == 400
    assert (
        client.post(f"/o/fjordvik/schools/{world.school_a.pk}/tasks/x/status/").status_code == 404
    )
    missing = reverse("agreement_close", args=["fjordvik", world.school_a.pk, 999])
    assert client.post(missing).status_code == 404
    assert client.get(status).status_code == 405


def test_a_backup_keeps_the_development_talk(world, cycle):
    import io
    import json

    from skolekvalitet.ops.backup import dump

    _talk_with_items(world)
    stream = io.StringIO()
    dump(world.owner, stream)
    assert "SAMTALE-OPPGÅVE" in json.dumps(json.loads(stream.getvalue()), ensure_ascii=False)


def test_the_owners_pack_holds_the_released_version_and_the_schools_its_draft(world, cycle):
    from skolekvalitet.dialogues.pack import meeting_pack
    from skolekvalitet.documents import render as documents

    analysis = SchoolAnalysis.objects.create(
        school=world.school_a, school_year=current_school_year(), strengths="FRIGJEVE"
    )
    actions.release_analysis(world.principal_a, analysis)
    analysis.strengths = "UTKAST"
    analysis.save()
    meeting = _meeting(world)

    def text(school_side):
        return documents.to_html(meeting_pack(meeting, school_side=school_side), standalone=False)

    assert "FRIGJEVE" in text(False) and "UTKAST" not in text(False)
    assert "UTKAST" in text(True)


def _person_with_role(world, role):
    from skolekvalitet.organisations.models import Membership, Person

    person = Person.objects.create_user(email=f"{role}@fjordvik.example", name=str(role))
    Membership.objects.create(person=person, owner=world.owner, school=world.school_a, role=role)
    return person


def test_the_owner_is_told_of_going_back_to_the_newest_only_from_an_older_version(world, login):
    year = current_school_year().code
    args = ["fjordvik", world.school_a.pk, year]
    url, save = reverse("school_analysis", args=args), reverse("analysis_save", args=args)
    release = reverse("analysis_release", args=args)
    for text in ("FYRSTE-TEKST", "ANDRE-TEKST"):
        login(world.principal_a).post(save, {"strengths": text, "challenges": "", "measures": ""})
        login(world.principal_a).post(release)
    admin = login(world.admin)
    for newest in (url, url + "?version=2"):
        page = admin.get(newest).content.decode()
        assert "ANDRE-TEKST" in page
        assert "You are reading version" not in page and "Back to the latest" not in page
    page = admin.get(url + "?version=1").content.decode()
    assert "FYRSTE-TEKST" in page
    assert "You are reading version 1" in page and "Back to the latest" in page
    # The school reading its newest release is told how to get back to its own text.
    page = login(world.principal_a).get(url + "?version=2").content.decode()
    assert "You are reading version 2" in page and "Back to the latest" in page

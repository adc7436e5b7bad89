"""The chapter 12 (formerly 9A) spot check on the school's side: the principal reads and answers
the owner's findings, turns one into a follow-up agreement or a plan measure, and the leadership
dialogue's pack shows this year's and earlier years' results to those who may see them."""

import datetime

import pytest
from django.urls import reverse

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.dialogues import actions as dialogues
from skolekvalitet.dialogues.models import Agreement, Meeting
from skolekvalitet.dialogues.pack import meeting_pack
from skolekvalitet.documents import present
from skolekvalitet.documents import render as documents
from skolekvalitet.organisations.models import Membership
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year, school_year_starting
from skolekvalitet.plans.models import (
    DevelopmentPlan,
    FocusArea,
    Goal,
    SpotCheck,
    SpotCheckCase,
    SpotCheckFinding,
)


@pytest.fixture
def finding(world, login):
    """The owner's spot check of school A this year, one case and one finding, recorded through
    the owner's pages."""
    year = current_school_year()
    dialogues.create_cycle(world.admin, world.owner, year)
    args = [world.owner.slug, world.school_a.pk]
    admin = login(world.admin)
    day = datetime.date(year.start_year, 10, 1).isoformat()
    admin.post(reverse("spot_check_add", args=args), {"date": day, "follow_up": ""})
    check = SpotCheck.objects.get(school=world.school_a)
    admin.post(
        reverse("spot_case_add", args=args),
        {"spot_check": check.pk, "label": "Sak 1", "note": "", "alert": "ok"}
        | dict.fromkeys(["investigation", "evaluation", "documentation"], "ok")
        | {"measures": "missing"},
    )
    response = admin.post(
        reverse("spot_finding_add", args=args),
        {
            "spot_check": check.pk,
            "requirement": "plan",
            "finding": "Ingen skriftleg plan for tiltaka i sak 1.",
        },
    )
    assert response.status_code == 302
    return SpotCheckFinding.objects.get()


def _url(name, world, finding=None, school=None):
    args = [world.owner.slug, (school or world.school_a).pk]
    return reverse(name, args=[*args, finding.pk] if finding else args)


def test_the_principal_reads_and_answers_a_finding(world, login, finding):
    principal = login(world.principal_a)
    page = principal.get(_url("spot_checks", world)).content.decode()
    assert "Ingen skriftleg plan for tiltaka i sak 1." in page
    assert "§ 12-4" in page and "chapter 12 (formerly chapter 9A)" in page
    assert "Record a finding" not in page  # the owner records; the school answers

    url = _url("spot_finding_answer", world, finding)
    refused = principal.post(url, {f"answer-{finding.pk}-answer": "Kari Nordmann fekk ein plan."})
    assert refused.status_code == 400
    assert "Kari Nordmann fekk ein plan." in refused.content.decode()  # kept to correct
    finding.refresh_from_db()
    assert finding.answer == ""

    answer = "Vi har laga ein mal for tiltaksplanar og gått gjennom sak 1."
    assert principal.post(url, {f"answer-{finding.pk}-answer": answer}).status_code == 302
    finding.refresh_from_db()
    assert (finding.answer, finding.answered_by) == (answer, world.principal_a)
    event = AuditEvent.objects.get(object_type="plans.spotcheckfinding", action="update")
    assert event.actor == world.principal_a and event.school_id == world.school_a.pk
    assert answer in principal.get(_url("spot_checks", world)).content.decode()


def test_nobody_else_at_or_outside_the_school_sees_or_answers(world, login, finding):
    teacher = login(world.teacher_a)
    assert teacher.get(_url("spot_checks", world)).status_code == 403
    data = {f"answer-{finding.pk}-answer": "Svar"}
    assert teacher.post(_url("spot_finding_answer", world, finding), data).status_code == 403
    assert teacher.post(_url("spot_finding_agreement", world, finding)).status_code == 403
    other = login(world.principal_b)
    assert other.get(_url("spot_checks", world)).status_code == 404
    assert other.post(_url("spot_finding_answer", world, finding), data).status_code == 404
    assert other.post(_url("spot_finding_agreement", world, finding)).status_code == 404
    # Through their own school's address, school A's finding does not exist for them.
    own = _url("spot_finding_answer", world, finding, school=world.school_b)
    assert other.post(own, data).status_code == 404
    assert (
        "Ingen skriftleg plan"
        not in other.get(_url("spot_checks", world, school=world.school_b)).content.decode()
    )
    # The owner records findings but does not answer for the school.
    admin = login(world.admin)
    assert admin.post(_url("spot_finding_answer", world, finding), data).status_code == 403
    finding.refresh_from_db()
    assert finding.answer == "" and finding.agreement is None
    assert not Agreement.objects.exists()


def test_a_finding_becomes_a_follow_up_agreement_with_one_click(world, login, finding):
    principal = login(world.principal_a)
    principal.post(
        _url("spot_finding_answer", world, finding), {f"answer-{finding.pk}-answer": "Ny mal."}
    )
    response = principal.post(_url("spot_finding_agreement", world, finding))
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "agreement", args=[world.owner.slug, world.school_a.pk, agreement.pk]
    )
    assert agreement.meeting.school == world.school_a
    assert agreement.meeting.event.kind == "dialogue"  # never the private talk
    assert agreement.area == "environment" and agreement.responsible == world.principal_a
    assert "Ingen skriftleg plan" in agreement.what and "Ny mal." in agreement.what
    assert agreement.deadline > agreement.follow_up
    finding.refresh_from_db()
    assert finding.agreement == agreement
    assert AuditEvent.objects.filter(object_type="dialogues.agreement", action="create").exists()
    page = principal.get(response.url).content.decode()
    assert f"#finding-{finding.pk}" in page  # the agreement links back to its finding
    principal.post(_url("spot_finding_agreement", world, finding))  # a second click: no copy
    assert Agreement.objects.count() == 1


def test_a_finding_becomes_a_measure_in_this_years_plan(world, login, finding):
    year = current_school_year()
    plan = DevelopmentPlan.objects.create(school=world.school_a, school_year=year)
    goal = Goal.objects.create(
        focus_area=FocusArea.objects.create(plan=plan, title="Skolemiljø"), text="Trygge elevar"
    )
    other_plan = DevelopmentPlan.objects.create(school=world.school_b, school_year=year)
    other_goal = Goal.objects.create(
        focus_area=FocusArea.objects.create(plan=other_plan, title="B"), text="B-mål"
    )
    principal = login(world.principal_a)
    page = principal.get(_url("spot_checks", world)).content.decode()
    assert "Make it a measure in the plan" in page and "Trygge elevar" in page
    url = _url("spot_finding_measure", world, finding)
    assert principal.post(url, {f"measure-{finding.pk}-goal": other_goal.pk}).status_code == 400
    assert principal.post(url, {f"measure-{finding.pk}-goal": goal.pk}).status_code == 302
    finding.refresh_from_db()
    measure = finding.measure
    assert measure.goal == goal and measure.responsible == world.principal_a
    assert "A written plan for the measures" in measure.title
    assert "Ingen skriftleg plan" in measure.title
    assert measure.start <= measure.end == datetime.date(year.start_year + 1, 7, 31)
    assert list(other_goal.measures.all()) == []
    plan_page = principal.get(
        reverse("plan_detail", args=[world.owner.slug, world.school_a.pk, year.code])
    )
    assert "Ingen skriftleg plan" in plan_page.content.decode()


def _pack_text(meeting, reader) -> str:
    return documents.to_html(
        meeting_pack(meeting, school_side=True, reader=reader), standalone=False
    )


def test_the_dialogue_pack_shows_this_and_earlier_years_to_the_school_leaders(
    world, login, finding
):
    year = current_school_year()
    earlier = school_year_starting(year.start_year - 1)
    old = SpotCheck.objects.create(
        school=world.school_a, school_year=earlier, date=datetime.date(earlier.start_year, 11, 3)
    )
    SpotCheckCase.objects.create(
        spot_check=old,
        label="Sak 7",
        **dict.fromkeys(SpotCheckCase.STEPS, "ok") | {"documentation": "deviation"},
    )
    SpotCheckFinding.objects.create(
        spot_check=old, requirement="documentation", finding="Manglar logg.", answer="Ny logg."
    )
    principal = login(world.principal_a)
    principal.post(
        _url("spot_finding_answer", world, finding),
        {f"answer-{finding.pk}-answer": "Mal for tiltaksplanar."},
    )
    principal.post(_url("spot_finding_agreement", world, finding))
    meeting = SpotCheckFinding.objects.get(pk=finding.pk).agreement.meeting
    # A finding linked to the private talk's agreement never shows that agreement.
    talk = Meeting.with_talk.get(school=world.school_a, event__kind="talk")
    secret = Agreement.with_talk.create(
        meeting=talk,
        area="other",
        what="SECRETTALK avtale",
        responsible=world.principal_a,
        deadline=meeting.date,
        follow_up=meeting.date,
    )
    SpotCheckFinding.objects.create(
        spot_check=finding.spot_check,
        requirement="staff",
        finding="Ingen varsel.",
        agreement=secret,
    )

    pack = _pack_text(meeting, world.principal_a)
    assert "chapter 12 (formerly chapter 9A)" in pack and "§ 12-5" in pack
    assert "Ingen skriftleg plan for tiltaka i sak 1." in pack
    assert "Mal for tiltaksplanar." in pack
    assert "Follow-up agreement: Spot check" in pack  # what the finding became
    assert "Earlier years" in pack and earlier.code in pack and "Manglar logg." not in pack
    assert present.date(old.date) in pack
    assert "SECRETTALK" not in pack
    assert "SECRETTALK" not in _pack_text(meeting, world.admin)
    # The teacher reads the pack of a meeting they take part in, but not the spot checks.
    assert "Ingen skriftleg plan" not in _pack_text(meeting, world.teacher_a)
    # The principal's own page shows the pack with the results.
    page = principal.get(
        reverse("meeting", args=[world.owner.slug, world.school_a.pk, meeting.pk])
    ).content.decode()
    assert "Mal for tiltaksplanar." in page


def test_a_school_leader_answers_too_and_the_nynorsk_page_names_the_old_chapter(
    world, login, finding
):
    from skolekvalitet.organisations.models import Person

    leader = Person.objects.create_user("inspektor.a@fjordvik.example", "x", name="Ine Inspektør")
    Membership.objects.create(
        person=leader, owner=world.owner, school=world.school_a, role=Role.SCHOOL_LEADER
    )
    client = login(leader, "nn")
    page = client.get(_url("spot_checks", world)).content.decode()
    assert "tidlegare kapittel 9A" in page and "§ 12-4" in page
    data = {f"answer-{finding.pk}-answer": "Vi går gjennom rutinen på neste personalmøte."}
    assert client.post(_url("spot_finding_answer", world, finding), data).status_code == 302
    finding.refresh_from_db()
    assert finding.answered_by == leader
    bokmaal = login(world.principal_a, "nb").get(_url("spot_checks", world)).content.decode()
    assert "tidligere kapittel 9A" in bokmaal


def test_the_demo_pack_shows_the_spot_checks_of_two_years(db):
    from skolekvalitet.demo import build_demo
    from skolekvalitet.organisations.models import Owner, Person

    build_demo()
    owner = Owner.objects.get(slug="demo")
    year = current_school_year()
    school = owner.schools.order_by("pk").first()
    checks = SpotCheck.objects.filter(school=school).order_by("school_year__code")
    assert [c.school_year.code for c in checks][-1] == year.code and len(checks) == 2
    assert all(f.answer for f in checks[0].findings.all())  # last year's all answered
    assert not all(f.answer for f in checks[1].findings.all())  # one left for the principal
    principal = Person.objects.get(memberships__school=school, memberships__role="principal")
    dialogue_2 = Meeting.objects.filter(school=school, event__kind="dialogue").order_by("date")[1]
    pack = _pack_text(dialogue_2, principal)
    assert checks[0].school_year.code in pack and checks[1].findings.first().finding in pack


def test_the_owner_cannot_write_a_pupils_name_in_a_finding(world, login, finding):
    response = login(world.admin).post(
        _url("spot_finding_add", world),
        {
            "spot_check": finding.spot_check_id,
            "requirement": "alert",
            "finding": "Ola Nordmann vart ikkje meld til rektor.",
        },
    )
    assert response.status_code == 400
    assert "Ola Nordmann vart ikkje meld til rektor." in response.content.decode()  # kept
    assert SpotCheckFinding.objects.count() == 1
    assert (
        AuditEvent.objects.filter(object_type="plans.spotcheckfinding", action="create").count()
        == 1
    )


def test_a_measure_from_a_long_finding_is_named_with_whole_words(world, login, finding):
    from skolekvalitet.plans import findings

    finding.finding = "Ingen skriftleg plan for tiltaka i saka. " * 8
    goal = Goal.objects.create(
        focus_area=FocusArea.objects.create(
            plan=DevelopmentPlan.objects.create(
                school=world.school_a, school_year=current_school_year()
            ),
            title="Aktivitetsplikta",
        ),
        text="Alle saker har ein plan",
    )
    measure = findings.to_measure(world.principal_a, finding, goal)
    whole = " ".join(f"{finding.get_requirement_display()}: {finding.finding}".split())
    kept = measure.title.removesuffix("…")
    assert len(measure.title) <= 200 and measure.title.endswith("…")
    assert whole.startswith(kept) and whole[len(kept)] == " "  # cut after a whole word

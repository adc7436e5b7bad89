"""Demo annual cycle: last year's finished, this year's in progress (dialogue 1 approved with
tasks, agreements of which one is overdue, dialogue 2 under way), school analyses, the
development group with proposals. Deterministic; rebuilt on every `skolekvalitet demo`."""

import datetime
import random

from django.utils import timezone

from skolekvalitet.dialogues import actions, yearend
from skolekvalitet.dialogues.models import (
    Agreement,
    Cycle,
    DevelopmentGroup,
    GroupMeeting,
    Meeting,
    SchoolAnalysis,
    Task,
)
from skolekvalitet.organisations.models import Owner, SchoolYear
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans.models import SpotCheckFinding


def _hold(meeting: Meeting, admin, principal, decisions: str) -> None:
    now = timezone.now()
    meeting.notes_open = "Mål for møtet og kontrakt avklart."
    meeting.notes_main = (
        "Vi gjekk gjennom databladet, elevundersøkinga og stikkprøven av aktivitetsplikta."
    )
    meeting.notes_close = "Mellomarbeid avtalt."
    meeting.decisions = decisions
    meeting.state = Meeting.State.APPROVED
    meeting.owner_approved_by, meeting.owner_approved_at = admin, now
    meeting.school_approved_by, meeting.school_approved_at = principal, now
    meeting.save()


def build(owner: Owner, rng: random.Random) -> None:
    Agreement.with_talk.filter(meeting__school__owner=owner).delete()
    Cycle.objects.filter(owner=owner).delete()
    SchoolAnalysis.objects.filter(school__owner=owner).delete()
    DevelopmentGroup.objects.filter(owner=owner).delete()
    admin = owner.memberships.filter(role="owner_admin").first().person
    this = current_school_year()
    last = SchoolYear.objects.get_or_create(
        code=f"{this.start_year - 1}-{this.start_year % 100:02d}"
    )[0]
    today = timezone.localdate()
    previous = actions.create_cycle(admin, owner, last)
    cycle = actions.create_cycle(admin, owner, this, copy_from=previous)
    schools = list(owner.schools.all())
    principals = {s.pk: s.memberships.filter(role="principal").first().person for s in schools}
    # Last year is complete (the talks too): every meeting held with its minutes approved, and
    # the one task not finished carried over to this year by the owner.
    for meeting in Meeting.with_talk.filter(event__cycle=previous).select_related("event"):
        _hold(
            meeting,
            admin,
            principals[meeting.school_id],
            "Vidareføre satsinga på lesing og trygt skulemiljø.",
        )
    loose = (
        Meeting.objects.filter(event__cycle=previous, school=schools[0], event__kind="dialogue")
        .order_by("-event__starts")
        .first()
    )
    if loose:
        task = Task.objects.create(
            meeting=loose,
            title="Evaluere lesekurset med lærarane",
            responsible=principals[loose.school_id],
            deadline=loose.event.ends,
            status="doing",
        )
        yearend.carry_task(admin, task)
    for index, school in enumerate(schools):
        principal = principals[school.pk]
        late = school.name.startswith("Øvrebø")  # an overdue agreement: flagged on the overview
        meetings = {
            m.event.kind + m.event.name[:14]: m
            for m in Meeting.objects.filter(event__cycle=cycle, school=school).select_related(
                "event"
            )
        }
        for _key, meeting in sorted(meetings.items()):
            event = meeting.event
            if event.ends < today:
                if event.kind == "work" and school.name.startswith("Heradshaugen"):
                    continue  # unfinished plan work: red on the timeline
                meeting.date = event.starts + datetime.timedelta(days=10 + index)
                meeting.time = datetime.time(9, 0)
                meeting.place = f"Møterommet, {school.name}"
                meeting.save()
                if event.kind == "dialogue":
                    meeting.state = Meeting.State.HELD
                    meeting.save()
                    for title, days, status in (
                        ("Lag plan for lesekurs på 5.–7. trinn", 30, "done"),
                        (
                            "Gå gjennom rutinane for aktivitetsplikta med alle tilsette",
                            20 + 40 * (index % 2),
                            "doing",
                        ),
                    ):
                        Task.objects.create(
                            meeting=meeting,
                            title=title,
                            responsible=principal,
                            deadline=meeting.date + datetime.timedelta(days=days),
                            status=status,
                        )
                    if late or school.name.startswith("Bjørkely"):
                        agreement = Agreement.objects.create(
                            meeting=meeting,
                            area="environment" if late else "learning",
                            what="Styrkje arbeidet med aktivitetsplikta etter stikkprøven."
                            if late
                            else "Tiltak for elevar under kritisk grense i lesing på 5. trinn.",
                            responsible=principal,
                            deadline=today - datetime.timedelta(days=5)
                            if late
                            else today + datetime.timedelta(days=60),
                            follow_up=today - datetime.timedelta(days=10)
                            if late
                            else today + datetime.timedelta(days=30),
                            owner_signed_by=admin,
                            owner_signed_at=timezone.now(),
                            school_signed_by=principal,
                            school_signed_at=timezone.now(),
                        )
                        if late:  # the spot check's open finding became this agreement
                            SpotCheckFinding.objects.filter(
                                spot_check__school=school,
                                spot_check__school_year=event.cycle.school_year,
                                answer="",
                            ).update(agreement=agreement)
                _hold(
                    meeting,
                    admin,
                    principal,
                    "Skulen held fram med lesesatsinga; rutinane for aktivitetsplikta "
                    "vert gjennomgåtte.",
                )
            elif event.starts <= today and event.kind in ("dialogue", "talk"):
                meeting.date = today + datetime.timedelta(days=3 + index)
                meeting.time = datetime.time(12, 30)
                meeting.state = Meeting.State.PREPARED if index % 2 else Meeting.State.PLANNED
                meeting.save()
        if index % 3 != 2:
            analysis = SchoolAnalysis.objects.create(
                school=school,
                school_year=this,
                strengths="Godt samarbeid i team og trygge elevar på småtrinnet.",
                challenges="Lesing på mellomtrinnet og uro i friminutta.",
                measures="Lesekurs, fleire vaksne ute og kollegabesøk.",
            )
            if index % 2 == 0:  # released: the owner reads version 1
                actions.release_analysis(principal, analysis)
    group = actions.group_for(owner)
    group.mandate = (
        "Sikre kvalitet og kontinuitet i felles utviklingsarbeid; "
        "gi innspel til spørsmåla i eigenvurderinga."
    )
    group.save()
    members = [principals[s.pk] for s in schools[:3]]
    union = owner.memberships.filter(role="union_rep", school=None).first()
    group.members.set(members + ([union.person] if union else []))
    GroupMeeting.objects.create(
        group=group,
        date=datetime.date(this.start_year, 9, 20),
        topic="Spørsmål til eigenvurderinga",
        notes="Gjennomgang av fjorårets mal.",
    )
    for text in (
        "Opplever du at elevane får vere med og bestemme?",
        "Har vi nok tid til felles planlegging?",
    ):
        actions.propose(members[0], group, text)

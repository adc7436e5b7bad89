"""What needs a person now, per owner they work for and per role they hold there.

Every query starts from what the access helpers let the person see; meetings, tasks and
agreements come through `for_reader`, so the principal's development talk shows only to its
parties. Each item links to the page where the thing is done.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skolekvalitet.dialogues.models import Agreement, Event, Meeting, Task
from skolekvalitet.dialogues.overdue import overdue
from skolekvalitet.documents import present
from skolekvalitet.organisations import access
from skolekvalitet.organisations.models import Owner, Person, School, SchoolYear
from skolekvalitet.organisations.roles import SCHOOL_EDITORS, Role
from skolekvalitet.plans.models import DevelopmentPlan
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.reporting.published import last_published_version
from skolekvalitet.stats.answers import response_rate
from skolekvalitet.surveys.models import Audience, Participation, Round

PARTICIPANT_ROLES = {Role.TEACHER, Role.UNION_REP, Role.PUPIL_REP, Role.PARENT_REP}
COUNCILS = {Role.PUPIL_REP, Role.PARENT_REP}


@dataclass
class Item:
    text: str
    url: str
    when: datetime.date | None = None
    late: bool = False
    detail: str = ""
    reasons: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    empty: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Agenda:
    owner: Owner
    title: str
    sections: list[Section]
    links: list[tuple[str, str]] = field(default_factory=list)


def _ahead(today: datetime.date) -> Q:
    """Meetings still to come: on a later day, or past their planned day but not yet held while
    their event's window is open."""
    not_held = Q(state__in=[Meeting.State.PLANNED, Meeting.State.PREPARED])
    return not_held & (Q(date__gte=today) | Q(event__ends__gte=today))


def _meeting_url(m: Meeting) -> str:
    return reverse("meeting", args=[m.school.owner.slug, m.school_id, m.pk])


def _agreement_url(a: Agreement) -> str:
    return reverse("agreement", args=[a.meeting.school.owner.slug, a.meeting.school_id, a.pk])


def _round_url(r: Round) -> str:
    return reverse("round_detail", args=[r.school.owner.slug, r.school_id, r.pk])


def _meeting_item(m: Meeting, today: datetime.date, detail: str = "") -> Item:
    return Item(
        f"{m.event.name} – {m.school.name}", _meeting_url(m), m.date, m.overdue(today), detail
    )


def _task_item(t: Task, today: datetime.date) -> Item:
    m = t.meeting
    return Item(t.title, _meeting_url(m), t.deadline, t.deadline < today, m.school.name)


def _agreement_item(a: Agreement, today: datetime.date) -> Item:
    return Item(str(a), _agreement_url(a), a.deadline, a.overdue, a.meeting.school.name)


def _my_tasks(person: Person, schools, today: datetime.date) -> Section:
    tasks = (
        Task.with_talk.for_reader(person)
        .filter(responsible=person, meeting__school__in=schools)
        .exclude(status=Task.Status.DONE)
        .select_related("meeting__school__owner", "meeting__event")
    )
    return Section(_("My tasks"), _("No open tasks."), [_task_item(t, today) for t in tasks])


def _open_rounds(schools, today: datetime.date) -> list[Round]:
    return list(
        Round.objects.filter(school__in=schools, closed=False, opens__lte=today, closes__gte=today)
        .select_related("school__owner", "instrument")
        .annotate(answered=Count("responses"))
    )


def _round_item(r: Round) -> Item:
    rate = response_rate(r.answered, r.invited)
    detail = (
        _("%(rate)s %% have answered") % {"rate": rate} if rate is not None else _("No one invited")
    )
    return Item(f"{r.instrument.name} – {r.school.name}", _round_url(r), r.closes, False, detail)


def _overdue_section(person: Person, owner: Owner, schools, year, today) -> Section:
    """What went overdue this school year; earlier years' loose ends are the owner's to close or
    carry over, not a standing alarm."""
    start = datetime.date(year.start_year, 8, 1)
    late = overdue(owner, list(schools), today, person)
    items = [
        _meeting_item(m, today, _("Minutes not approved"))
        for m in late.meetings
        if m.event.ends >= start
    ]
    items += [_task_item(t, today) for t in late.tasks if t.deadline >= start]
    items += [_agreement_item(a, today) for a in late.agreements if a.deadline >= start]
    return Section(_("Overdue this year"), _("Nothing is overdue."), items)


def _flagged(person: Person, owner: Owner, today: datetime.date) -> Section:
    """The schools the owner's follow-up rules flag, with the reasons (as on the overview)."""
    from skolekvalitet.analysis import presenting, published

    stored = published.follow_up(owner, list(access.visible_schools(person, owner)), today)
    analyses = [s.analysis for s in stored]
    items = [
        Item(
            row["school"].name,
            reverse("data_sheet", args=[owner.slug, row["school"].pk]),
            reasons=row["flags"],
        )
        for row in presenting.follow_up(analyses, published.catalogue(owner).values())
        if row["flags"]
    ]
    items.sort(key=lambda i: i.text)
    return Section(_("Schools flagged for follow-up"), _("No school is flagged."), items)


def _plan_item(plan: DevelopmentPlan) -> Item:
    """A development plan the school has submitted: the owner approves it or sends it back."""
    school = plan.school
    return Item(
        _("Development plan %(year)s – %(school)s")
        % {"year": plan.school_year.code, "school": school.name},
        reverse("plan_detail", args=[school.owner.slug, school.pk, plan.school_year.code]),
        timezone.localdate(plan.status_at) if plan.status_at else None,
        detail=_("Submitted, then changed by the school and not sent again")
        if plan.changed_since_sent
        else _("Submitted: approve it or send it back"),
    )


def _owner_admin(person: Person, owner: Owner, year: SchoolYear, today) -> list[Section]:
    schools = access.visible_schools(person, owner)
    meetings = Meeting.with_talk.for_reader(person).filter(
        school__in=schools, event__cycle__school_year=year
    )
    waiting = meetings.filter(state=Meeting.State.HELD, owner_approved_at=None).select_related(
        "event", "school__owner"
    )
    unsigned = (
        Agreement.with_talk.for_reader(person)
        .filter(meeting__school__in=schools, owner_signed_at=None, closed_at=None)
        .select_related("meeting__school__owner")
    )
    plans = DevelopmentPlan.objects.filter(
        school__in=schools, status=DevelopmentPlan.Status.SUBMITTED
    ).select_related("school__owner", "school_year")
    report = StatusReport.objects.filter(owner=owner, school_year=year).first()
    deadline = (
        Event.objects.filter(cycle__owner=owner, cycle__school_year=year, kind=Event.Kind.REPORT)
        .values_list("ends", flat=True)
        .first()
    )
    report_items = [
        Item(
            _("Status report %(year)s: %(status)s")
            % {
                "year": year.code,
                "status": report.get_status_display() if report else _("not started"),
            },
            reverse("report_edit", args=[owner.slug, year.code])
            if report
            else reverse("report_list", args=[owner.slug]),
            deadline,
            bool(deadline and deadline < today and (not report or report.status == "draft")),
        )
    ]
    return [
        _flagged(person, owner, today),
        _overdue_section(person, owner, schools, year, today),
        Section(
            _("Waiting for the owner"),
            _("No minutes, agreements or plans wait for the owner."),
            [_meeting_item(m, today, _("Approve the minutes")) for m in waiting]
            + [_agreement_item(a, today) for a in unsigned]
            + [_plan_item(p) for p in plans],
        ),
        Section(
            _("Open questionnaires"),
            _("No questionnaire is open now."),
            [_round_item(r) for r in _open_rounds(schools, today)],
        ),
        Section(_("The status report"), "", report_items),
    ]


def _school_leader(person: Person, school: School, year: SchoolYear, today) -> list[Section]:
    principal = access.is_principal(person, school)
    meetings = (
        Meeting.with_talk.for_reader(person)
        .filter(school=school)
        .select_related("event", "school__owner")
    )
    upcoming = meetings.filter(_ahead(today)).order_by("date")[:4]
    waiting = meetings.filter(state=Meeting.State.HELD, school_approved_at=None)
    unsigned = Agreement.with_talk.for_reader(person).filter(
        meeting__school=school, school_signed_at=None, closed_at=None
    )
    rounds = (
        Round.objects.filter(school=school, school_year=year)
        .select_related("school__owner", "instrument")
        .annotate(answered=Count("responses"))
    )
    to_close = [r for r in rounds if not r.closed and r.closes < today]
    launch = Event.objects.filter(
        cycle__owner=school.owner,
        cycle__school_year=year,
        kind=Event.Kind.SELF_ASSESSMENT,
        starts__lte=today,
        ends__gte=today,
    ).first()
    plan = DevelopmentPlan.objects.filter(school=school, school_year=year).first()
    work = [_round_item(r) for r in rounds if r.is_open(today)]
    work += [
        Item(_("Close: %(round)s") % {"round": r.instrument.name}, _round_url(r), r.closes, True)
        for r in to_close
    ]
    if launch and not rounds:
        work.append(
            Item(
                _("Launch this year's self-assessment"),
                reverse("school_rounds", args=[school.owner.slug, school.pk]),
                launch.ends,
            )
        )
    plan_text = (
        _("Development plan %(year)s: %(status)s")
        % {"year": year.code, "status": plan.get_status_display()}
        if plan
        else _("Development plan %(year)s: not started") % {"year": year.code}
    )
    sections = [
        Section(
            _("Next meetings"),
            _("No meetings ahead."),
            [
                _meeting_item(
                    m,
                    today,
                    _("Read the pack and prepare")
                    if m.date is None or m.date >= today
                    else _("its planned day has passed: hold it, or move it to a new day"),
                )
                for m in upcoming
            ],
        ),
        _my_tasks(person, [school], today),
    ]
    if principal:
        sections.append(
            Section(
                _("Waiting for you"),
                _("No minutes or agreements wait for you."),
                [_meeting_item(m, today, _("Approve the minutes")) for m in waiting]
                + [
                    _agreement_item(a, today)
                    for a in unsigned.select_related("meeting__school__owner")
                ],
            )
        )
    sections += [
        Section(_("Questionnaires"), _("Nothing to launch or close."), work),
        Section(
            _("The development plan"),
            "",
            [Item(plan_text, reverse("plan_list", args=[school.owner.slug, school.pk]))],
        ),
        _overdue_section(person, school.owner, [school], year, today),
    ]
    return sections


def _participant(person: Person, school: School, roles: set[str], year, today) -> list[Section]:
    mine = [
        m
        for m in Meeting.objects.filter(school=school, event__cycle__school_year=year)
        .select_related("event", "school__owner")
        .filter(_ahead(today))
        if roles & set(m.event.participants)
    ]
    gatherings = Event.objects.filter(
        cycle__owner=school.owner, cycle__school_year=year, per_school=False, ends__gte=today
    )
    sections = [
        Section(
            _("Meetings you take part in"),
            _("No meetings ahead for you."),
            [
                _meeting_item(
                    m,
                    today,
                    _("Read the pack and give your input as %(role)s")
                    % {
                        "role": ", ".join(
                            str(Role(r).label) for r in roles & set(m.event.participants)
                        )
                    },
                )
                for m in mine
            ]
            + [
                Item(
                    e.name,
                    reverse("timeline", args=[school.owner.slug]),
                    e.starts,
                    detail=_("For the whole school owner, %(start)s–%(end)s")
                    % {"start": present.day_month(e.starts), "end": present.day_month(e.ends)},
                )
                for e in gatherings
                if roles & set(e.participants)
            ],
        ),
        _my_tasks(person, [school], today),
    ]
    if roles - COUNCILS:
        answered = set(
            Participation.objects.filter(person=person).values_list("round_id", flat=True)
        )
        rounds = [
            r
            for r in _open_rounds([school], today)
            if r.audience == Audience.STAFF and r.pk not in answered
        ]
        sections.append(
            Section(
                _("Questionnaires to answer"),
                _("No questionnaire waits for your answer."),
                [
                    Item(
                        f"{r.instrument.name}",
                        reverse("answer_staff", args=[school.owner.slug, school.pk, r.pk]),
                        r.closes,
                    )
                    for r in rounds
                ],
            )
        )
    if roles & COUNCILS:
        results = (
            Round.objects.filter(school=school, audience=Audience.PUPILS)
            .filter(Q(closed=True) | Q(closes__lt=today))
            .select_related("school__owner", "instrument")[:3]
        )
        sections.append(
            Section(
                _("The pupils' survey results"),
                _("No finished pupil survey yet."),
                [Item(r.instrument.name, _round_url(r), r.closes) for r in results],
            )
        )
    return sections


def _politician(owner: Owner) -> list[Section]:
    # newest first; one being revised is read as last published (reporting.views)
    every = list(owner.reports.select_related("school_year").order_by("-school_year__code"))
    reports = [r for r in every if last_published_version(r) is not None]
    # A report put before the council and not yet published: what the politician reads next.
    waiting = [
        Item(
            _("Status report %(year)s, final for the council") % {"year": r.school_year.code},
            reverse("report_preview", args=[owner.slug, r.school_year.code]),
        )
        for r in every
        if r.status == StatusReport.Status.FINAL
    ]
    before = [Section(_("Before the council"), "", waiting)] if waiting else []
    return [
        *before,
        Section(
            _("Published status reports"),
            _("No report is published yet."),
            [
                item
                for r in reports
                for item in (
                    Item(
                        _("Status report %(year)s") % {"year": r.school_year.code},
                        reverse("report_preview", args=[owner.slug, r.school_year.code]),
                    ),
                    Item(
                        _("Summary of the status report %(year)s (one page)")
                        % {"year": r.school_year.code},
                        reverse("report_summary", args=[owner.slug, r.school_year.code]),
                    ),
                )
            ],
        ),
    ]


def agendas(person: Person, today: datetime.date, year: SchoolYear) -> list[Agenda]:
    """One agenda per owner the person works for, and per school where they hold a role."""
    out = []
    for owner in access.owners_for(person):
        owner_roles = access.roles_at_owner(person, owner)
        if Role.OWNER_ADMIN in owner_roles:
            out.append(
                Agenda(
                    owner,
                    owner.name,
                    _owner_admin(person, owner, year, today),
                    [
                        (_("Overview and follow-up"), reverse("overview", args=[owner.slug])),
                        (_("Annual cycle"), reverse("timeline", args=[owner.slug])),
                    ],
                )
            )
        elif Role.POLITICIAN in owner_roles:
            out.append(Agenda(owner, owner.name, _politician(owner)))
        for school in access.visible_schools(person, owner):
            roles = access.roles_at_school(person, school)
            if roles & SCHOOL_EDITORS:
                sections = _school_leader(person, school, year, today)
            elif roles & PARTICIPANT_ROLES:
                sections = _participant(person, school, roles, year, today)
            else:
                continue
            out.append(
                Agenda(
                    owner,
                    school.name,
                    sections,
                    [(_("The school"), school.get_absolute_url())],
                )
            )
    return out

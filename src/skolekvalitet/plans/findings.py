"""The findings of the owner's chapter 12 spot checks (opplæringslova 2023 §§ 12-3 to 12-6,
formerly chapter 9A): recorded by the owner, answered by the school, turned into a follow-up
agreement or a measure of the development plan, and shown in the leadership dialogue's pack.
Every write is atomic and audited; no text may name a pupil."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skolekvalitet.audit.log import record
from skolekvalitet.documents import present
from skolekvalitet.documents.model import Heading, Paragraph, Table
from skolekvalitet.organisations.models import Person, School, SchoolYear

from .actions import plan_year_end, refuse_person, save_item
from .models import (
    DevelopmentPlan,
    Goal,
    Measure,
    Requirement,
    SpotCheck,
    SpotCheckCase,
    SpotCheckFinding,
)


def chapter_title() -> str:
    """The chapter's name as today, with the old name for those who know it by that."""
    return _("Spot checks of the activity duty, chapter 12 (formerly chapter 9A)")


def law_text() -> str:
    return _(
        "Opplæringslova (2023) chapter 12, the pupils' school environment: § 12-3 zero "
        "tolerance and preventive work, § 12-4 the duty to act (follow and intervene, report, "
        "investigate, put measures in place in a written plan, and document), § 12-5 the "
        "stricter duty when someone working at the school offends a pupil, § 12-6 the "
        "Statsforvaltar's enforcement. The owner checks a sample of the school's cases; the "
        "school answers each finding."
    )


@transaction.atomic
def save_finding(actor: Person, school: School, finding: SpotCheckFinding) -> None:
    """The owner records what it found on one requirement."""
    if finding.spot_check.school_id != school.pk:
        raise ValidationError(_("The spot check belongs to another school."))
    refuse_person(finding, finding=False)
    finding.full_clean()
    finding.save()
    record(
        actor,
        school.owner,
        "create",
        finding,
        {"requirement": [None, finding.requirement], "finding": [None, finding.finding[:200]]},
    )


@transaction.atomic
def answer(actor: Person, finding: SpotCheckFinding, text: str) -> None:
    """The school's written answer: what it has done or will do."""
    text = text.strip()
    if not text:
        raise ValidationError({"answer": _("Write what the school has done or will do.")})
    before = finding.answer
    finding.answer = text
    refuse_person(finding, answer=False)
    finding.answered_by, finding.answered_at = actor, timezone.now()
    finding.save(update_fields=["answer", "answered_by", "answered_at"])
    school = finding.spot_check.school
    record(actor, school.owner, "update", finding, {"answer": [before[:200] or None, text[:200]]})


def _summary(finding: SpotCheckFinding) -> str:
    check = finding.spot_check
    text = _("Spot check %(date)s, %(requirement)s: %(finding)s") % {
        "date": present.date(check.date),
        "requirement": finding.get_requirement_display(),
        "finding": finding.finding,
    }
    if finding.answer:
        text += " " + _("The school's answer: %(answer)s") % {"answer": finding.answer}
    return text


def agreement_meeting(school: School, year: SchoolYear):
    """The leadership dialogue an agreement from a finding belongs to: the school's next
    dialogue of the year whose minutes are still open (never the private development talk)."""
    from skolekvalitet.dialogues.models import Meeting

    open_dialogues = Meeting.objects.filter(
        school=school, event__kind="dialogue", event__cycle__school_year=year
    ).exclude(state=Meeting.State.APPROVED)
    today = timezone.localdate()
    return (
        open_dialogues.filter(date__gte=today).order_by("date").first()
        or open_dialogues.order_by("-date").first()
    )


@transaction.atomic
def to_agreement(actor: Person, finding: SpotCheckFinding):
    """A follow-up agreement on the learning environment, filled in from the finding and the
    school's answer, in the school's open leadership dialogue; the finding links to it."""
    from skolekvalitet.dialogues import actions as dialogues
    from skolekvalitet.dialogues.models import Agreement
    from skolekvalitet.organisations.roles import Role

    if finding.agreement_id:
        raise ValidationError(_("The finding already has a follow-up agreement."))
    school = finding.spot_check.school
    meeting = agreement_meeting(school, finding.spot_check.school_year)
    if meeting is None:
        raise ValidationError(
            _("There is no leadership dialogue with open minutes this school year to add it to.")
        )
    principal = (
        Person.objects.filter(memberships__school=school, memberships__role=Role.PRINCIPAL).first()
        or actor
    )
    deadline = max(timezone.localdate(), meeting.date) + datetime.timedelta(days=60)
    agreement = dialogues.add_agreement(
        actor,
        meeting,
        {
            "area": Agreement.Area.ENVIRONMENT,
            "what": _summary(finding),
            "responsible": principal,
            "deadline": deadline,
            "follow_up": deadline - datetime.timedelta(days=14),
        },
    )
    finding.agreement = agreement
    finding.save(update_fields=["agreement"])
    record(actor, school.owner, "update", finding, {"agreement": [None, str(agreement)]})
    return agreement


def plan_goals(school: School, year: SchoolYear):
    """The goals of the school's development plan for the year, where a measure can go."""
    return Goal.objects.filter(
        focus_area__plan__school=school, focus_area__plan__school_year=year
    ).select_related("focus_area")


@transaction.atomic
def to_measure(actor: Person, finding: SpotCheckFinding, goal: Goal) -> Measure:
    """A measure under a goal of this year's development plan, filled in from the finding."""
    check = finding.spot_check
    plan = DevelopmentPlan.objects.get(pk=goal.focus_area.plan_id)
    if plan.school_id != check.school_id or plan.school_year_id != check.school_year_id:
        raise ValidationError({"goal": _("Choose a goal of this school year's plan.")})
    if finding.measure_id:
        raise ValidationError(_("The finding already has a measure in the plan."))
    start = max(timezone.localdate(), datetime.date(check.school_year.start_year, 8, 1))
    title = f"{finding.get_requirement_display()}: {finding.finding}"
    measure = Measure(
        goal=goal,
        title=present.shorten(title, Measure._meta.get_field("title").max_length),
        responsible=actor,
        start=start,
        end=max(start, plan_year_end(check.school_year)),
    )
    save_item(actor, plan, measure)
    finding.measure = measure
    finding.save(update_fields=["measure"])
    record(actor, check.school.owner, "update", finding, {"measure": [None, str(measure)]})
    return measure


# In the meeting pack -------------------------------------------------------------------------

CASE_STEPS = [(step, Requirement(step).label) for step in SpotCheckCase.STEPS]


def _followed_up(finding: SpotCheckFinding, agreements: set[int]) -> str:
    parts = []
    if finding.agreement_id in agreements:
        parts.append(
            _("Follow-up agreement: %(what)s")
            % {"what": present.shorten(finding.agreement.what, 120)}
        )
    if finding.measure_id:
        parts.append(_("Measure in the plan: %(title)s") % {"title": finding.measure.title})
    return "; ".join(parts) or "–"


def pack_blocks(school: School, year: SchoolYear, agreements) -> list:
    """This year's spot checks (cases per requirement, findings, the school's answers and what
    they became) and the earlier years' results, for the leadership dialogue's pack.
    agreements: the agreements the pack's reader may see (the pack decides, never this)."""
    checks = (
        SpotCheck.objects.filter(school=school)
        .select_related("school_year")
        .prefetch_related("cases", "findings__agreement", "findings__measure")
        .order_by("-school_year__code", "-date")
    )
    shown = set(agreements.values_list("pk", flat=True))
    blocks: list = [Heading(2, chapter_title()), Paragraph(law_text())]
    this_year = [c for c in checks if c.school_year_id == year.pk]
    earlier = [c for c in checks if c.school_year.code < year.code]
    if not this_year:
        blocks.append(Paragraph(_("No spot checks this school year.")))
    for check in this_year:
        cases = list(check.cases.all())
        blocks.append(
            Table(
                _("Spot check %(date)s: %(n)s checked cases per requirement")
                % {"date": present.date(check.date), "n": len(cases)},
                (_("Requirement"), *(str(label) for _v, label in SpotCheckCase.Finding.choices)),
                tuple(
                    (
                        str(label),
                        *(
                            str(sum(getattr(case, step) == value for case in cases))
                            for value, _label in SpotCheckCase.Finding.choices
                        ),
                    )
                    for step, label in CASE_STEPS
                ),
            )
        )
        findings = list(check.findings.all())
        blocks.append(
            Table(
                _("Findings and the school's answers"),
                (_("Requirement"), _("Finding"), _("The school's answer"), _("Followed up by")),
                tuple(
                    (
                        f.get_requirement_display(),
                        f.finding,
                        f.answer or _("Not answered yet"),
                        _followed_up(f, shown),
                    )
                    for f in findings
                ),
            )
            if findings
            else Paragraph(_("No findings recorded in this spot check."))
        )
    blocks.append(Heading(3, _("Earlier years")))
    if not earlier:
        blocks.append(Paragraph(_("No spot checks in earlier school years.")))
        return blocks
    blocks.append(
        Table(
            _("Spot checks in earlier school years"),
            (
                _("School year"),
                _("Date"),
                _("Checked cases"),
                _("Steps not in order"),
                _("Findings"),
                _("Answered"),
            ),
            tuple(
                (
                    c.school_year.code,
                    present.date(c.date),
                    str(len(c.cases.all())),
                    str(
                        sum(
                            getattr(case, step) != SpotCheckCase.Finding.OK
                            for case in c.cases.all()
                            for step in SpotCheckCase.STEPS
                        )
                    ),
                    "; ".join(f.get_requirement_display() for f in c.findings.all()) or "–",
                    str(sum(bool(f.answer) for f in c.findings.all())),
                )
                for c in earlier
            ),
        )
    )
    return blocks

"""The owner's own chapters of the status report: self-assessments and leadership dialogues,
the annual cycle, internal control (chapter 12 spot checks and follow-up agreements, for
kommunelova § 25-2), what was promised and what happened, and the appendix per school.
Compact by design: a council reads one line per school, not every questionnaire row."""

from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from skolekvalitet.analysis import texts
from skolekvalitet.analysis.presenting import figure_text
from skolekvalitet.analysis.sheet import KEY_COLUMNS, sheet_row
from skolekvalitet.documents import present
from skolekvalitet.documents.model import Document, Heading, Paragraph, RichText, Table
from skolekvalitet.knowledge.chain import Chain, Figure
from skolekvalitet.plans.evaluation import against_target, criterion_result, target_result
from skolekvalitet.plans.models import (
    Criterion,
    DevelopmentPlan,
    Goal,
    QualityGoal,
    QualityMeasure,
    QualityPlan,
)
from skolekvalitet.plans.texts import EVALUATIONS, indicator_with_grade, target_text

from .development import development, section_years
from .models import StatusReport


def dialogues(report: StatusReport, doc: Document) -> bool:
    """One row per school: its self-assessment rounds (answers, highest- and lowest-rated
    dimension, through surveys.results so the anonymity threshold holds), whether its own
    analysis is released, and the approved decisions of the year's last leadership dialogue."""
    from skolekvalitet.dialogues.models import Agreement, Meeting, SchoolAnalysis
    from skolekvalitet.surveys.models import Round
    from skolekvalitet.surveys.results import results

    year, owner = report.school_year, report.owner
    rounds = defaultdict(list)
    for round_ in Round.objects.filter(
        school__owner=owner, school_year=year, closed=True, main=True
    ).select_related("instrument", "school__owner"):
        rounds[round_.school_id].append(round_)
    released = set(
        SchoolAnalysis.objects.filter(
            school__owner=owner, school_year=year, versions__isnull=False
        ).values_list("school_id", flat=True)
    )
    decisions: dict[int, Meeting] = {}
    for meeting in (
        Meeting.objects.filter(
            school__owner=owner,
            event__cycle__school_year=year,
            event__kind="dialogue",
            state="approved",
        )
        .exclude(decisions="")
        .select_related("event")
        .order_by("-event__starts")
    ):
        decisions.setdefault(meeting.school_id, meeting)
    rows = []
    for school in owner.schools.order_by("name"):
        assessed = []
        for round_ in rounds[school.pk]:
            shown = results(round_, with_previous=False)
            scored = [d for d in shown.dimensions if d.summary] if shown.enough else []
            if not scored:
                assessed.append(f"{round_.instrument.name}: {_('too few answers')}")
                continue
            high = max(scored, key=lambda d: d.summary.mean)
            low = min(scored, key=lambda d: d.summary.mean)
            assessed.append(
                _("%(what)s (%(answers)s answers): highest %(high)s, lowest %(low)s")
                % {
                    "what": f"{round_.instrument.name} – {round_.get_audience_display()}",
                    "answers": shown.responses,
                    "high": f"{high.dimension.name} {present.number(high.summary.mean, 2)}",
                    "low": f"{low.dimension.name} {present.number(low.summary.mean, 2)}",
                }
            )
        meeting = decisions.get(school.pk)
        if assessed or meeting or school.pk in released:
            rows.append(
                (
                    school.name,
                    "; ".join(assessed) or "–",
                    _("yes") if school.pk in released else _("no"),
                    f"{meeting.event.name}: {meeting.decisions}" if meeting else "–",
                )
            )
    if rows:
        doc.add(
            Table(
                _("Self-assessments and leadership dialogues, %(year)s") % {"year": year},
                (
                    _("School"),
                    _("Self-assessment (mean 1–5)"),
                    _("The school's analysis shared"),
                    _("Decisions of the latest leadership dialogue"),
                ),
                tuple(rows),
            )
        )
    agreements = Agreement.objects.filter(
        meeting__school__owner=owner, meeting__event__cycle__school_year=year
    ).aggregate(all=Count("pk"), closed=Count("pk", filter=Q(closed_at__isnull=False)))
    if agreements["all"]:
        doc.add(
            Paragraph(
                _(
                    "Written follow-up agreements this school year: %(all)s, "
                    "of which %(closed)s closed."
                )
                % agreements
            )
        )
    if not rows and not agreements["all"]:
        doc.add(Paragraph(_("No self-assessments or dialogues recorded for this school year yet.")))
    return bool(rows or agreements["all"])


def cycle(report: StatusReport, doc: Document) -> bool:
    """The year's annual cycle as it went: each event, its window, and how many schools have
    held it (minutes approved)."""
    from skolekvalitet.dialogues.models import Event

    events = (
        Event.objects.filter(cycle__owner=report.owner, cycle__school_year=report.school_year)
        .exclude(kind="talk")
        .annotate(
            held=Count("meetings", filter=Q(meetings__state__in=["held", "approved"])),
            approved=Count("meetings", filter=Q(meetings__state="approved")),
        )
        .order_by("starts", "order")
    )
    schools, today = report.owner.schools.count(), timezone.localdate()
    rows = tuple(
        (
            e.name,
            f"{present.date(e.starts)}–{present.date(e.ends)}",
            _held(e, schools, today),
        )
        for e in events
    )
    if not rows:
        doc.add(Paragraph(_("No annual cycle recorded for this school year.")))
        return False
    doc.add(
        Table(
            _("The annual cycle %(year)s") % {"year": report.school_year},
            (_("Event"), _("When"), _("Held")),
            rows,
        )
    )
    return True


def _held(event, schools: int, today) -> str:
    """How many schools have held an event, or that its window has not opened yet (the report
    is read the day it is made, and "0 of 8" would read as a failure)."""
    if not event.per_school:
        return "–"
    if event.starts > today and not event.held:
        return _("not held yet (from %(date)s)") % {"date": present.date(event.starts)}
    return _("%(held)s of %(schools)s schools, minutes approved at %(approved)s") % {
        "held": present.number(event.held, 0),
        "schools": present.number(schools, 0),
        "approved": present.number(event.approved, 0),
    }


def internal_control(report: StatusReport, doc: Document) -> bool:
    """Chapter 12 (the activity duty, § 12-4): the owner's spot checks of each school's
    routine, with the cases that had a deviation or a step not documented, the owner's
    findings, how many the school has answered and how many became a
    follow-up agreement or a plan measure, and the follow-up."""
    from skolekvalitet.plans.models import SpotCheck, SpotCheckCase

    doc.add(
        Paragraph(
            _(
                "The chief executive reports to the council at least once a year on internal "
                "control (kommunelova § 25-2). For the schools, this chapter covers the owner's "
                "spot checks of the schools' routines for the activity duty (opplæringslova "
                "§ 12-4): alert, investigation, measures, evaluation and documentation."
            )
        )
    )
    checks = (
        SpotCheck.objects.filter(school__owner=report.owner, school_year=report.school_year)
        .select_related("school")
        .prefetch_related("cases", "findings")
        .order_by("school__name")
    )
    rows = []
    for check in checks:
        # per case, so a reader can set them against the cases checked
        steps = Counter(
            finding
            for case in check.cases.all()
            for finding in {getattr(case, step) for step in SpotCheckCase.STEPS}
        )
        findings = list(check.findings.all())
        rows.append(
            (
                check.school.name,
                present.date(check.date),
                str(len(check.cases.all())),
                str(steps.get("deviation", 0)),
                str(steps.get("missing", 0)),
                str(len(findings)),
                str(sum(bool(f.answer) for f in findings)),
                str(sum(bool(f.agreement_id or f.measure_id) for f in findings)),
                check.follow_up or "–",
            )
        )
    if not rows:
        doc.add(Paragraph(_("No spot checks recorded for this school year.")))
        return False
    doc.add(
        Table(
            _("Spot checks of the activity duty, %(year)s") % {"year": report.school_year},
            (
                _("School"),
                _("Date"),
                _("Cases checked"),
                _("Cases with a deviation"),
                _("Cases with a step not documented"),
                _("Findings"),
                _("Answered by the school"),
                _("Made an agreement or a measure"),
                _("Follow-up"),
            ),
            tuple(rows),
        )
    )
    return True


def _value(f: Figure | None, target: float | None) -> str:
    """A figure with its 95 % interval and school year: "43,1 (39,8–46,4), 2026-27", in the
    decimals that agree with the verdict against the target."""
    if f is None:
        return "–"
    shown = against_target(f, target) if f.shown.status == "shown" else figure_text(f)
    return f"{shown}, {f.year}"


def _quality_goals(quality: QualityPlan, chain: Chain, doc: Document) -> bool:
    """The owner's own goals in the quality plan: indicator, target, last year's and this year's
    figure for the owner with interval, and the honest verdict; then the owner's measures."""
    goals = QualityGoal.objects.filter(priority__quality_plan=quality).select_related(
        "priority", "indicator"
    )
    rows = []
    for g in goals.order_by("priority__order", "priority_id", "pk"):
        if g.indicator is None:
            rows.append((g.priority.title, g.text, "–", "–", "–", "–", "–"))
            continue
        latest, previous, verdict = target_result(chain, g)
        rows.append(
            (
                g.priority.title,
                g.text,
                indicator_with_grade(g.indicator, g.grade or 0),
                target_text(g),
                _value(previous, g.target),
                _value(latest, g.target),
                str(EVALUATIONS.get(verdict, "–")),
            )
        )
    if rows:
        doc.add(
            Table(
                _("The owner's goals and how they were met"),
                (
                    _("Priority"),
                    _("Goal"),
                    _("Indicator"),
                    _("Target"),
                    _("Last year"),
                    _("This year"),
                    _("Evaluation"),
                ),
                tuple(rows),
            )
        )
    measures = QualityMeasure.objects.filter(priority__quality_plan=quality)
    done = [f"{m.title} ({m.get_status_display().lower()})" for m in measures]
    if done:
        doc.add(Paragraph(_("The owner's measures: %(measures)s.") % {"measures": "; ".join(done)}))
    return bool(rows or done)


def promises(report: StatusReport, chain: Chain, doc: Document) -> bool:
    """What we promised and what happened: last year's planned measures from the report, the
    quality plan's priorities with how the schools' linked goals went, and each school's goals
    with the indicator, the target, last year's and this year's figure and an honest verdict
    (met, not met, or not clear because the target lies inside the uncertainty)."""
    owner, year = report.owner, report.school_year
    filled = False
    last = (
        StatusReport.objects.filter(owner=owner, school_year__code__lt=year.code)
        .order_by("-school_year__code")
        .first()
    )
    measures = last.narratives.filter(key="measures").first() if last else None
    if measures and measures.html:
        filled = True
        doc.add(
            Heading(2, _("What we wrote in the report for %(year)s") % {"year": last.school_year})
        )
        doc.add(RichText(measures.html))
    plans = list(
        DevelopmentPlan.objects.filter(
            school__owner=owner,
            school_year__code__lt=year.code,
            status=DevelopmentPlan.Status.APPROVED,
        )
        .select_related("school", "school_year")
        .order_by("-school_year__code", "school__name")
    )
    plans = [p for p in plans if p.school_year == plans[0].school_year] if plans else []
    goals = (
        Goal.objects.filter(focus_area__plan__in=plans)
        .select_related("focus_area__priority")
        .prefetch_related("criteria__indicator", "measures")
        .order_by("focus_area__order", "order", "pk")
    )
    by_plan = defaultdict(list)
    verdicts_by_priority: dict[int, Counter] = defaultdict(Counter)
    for goal in goals:
        by_plan[goal.focus_area.plan_id].append(goal)
    school_of = {p.pk: p.school for p in plans}
    evaluated: dict[int, tuple] = {}
    for plan_id, plan_goals in by_plan.items():
        for goal in plan_goals:
            for c in goal.criteria.all():
                latest, previous, verdict = criterion_result(chain, c, school_of[plan_id])
                evaluated[c.pk] = (latest, previous, verdict)
                if goal.focus_area.priority_id:
                    verdicts_by_priority[goal.focus_area.priority_id][verdict] += 1
    quality = (
        QualityPlan.objects.filter(
            owner=owner,
            first_year__code__lte=year.code,
            last_year__code__gte=plans[0].school_year.code,
        ).first()
        if plans
        else QualityPlan.objects.filter(owner=owner, last_year__code__gte=year.code).first()
    )
    if quality is not None and quality.priorities.exists():
        filled = True
        doc.add(Heading(2, _("The owner's priorities in %(plan)s") % {"plan": quality.title}))
        doc.add(
            Table(
                _("Priorities, goals and how the schools' goals under them went"),
                (_("Priority"), _("The owner's goal"), _("The schools' criteria")),
                tuple(
                    (
                        p.title,
                        p.goal or "–",
                        ", ".join(
                            f"{str(EVALUATIONS.get(v, v)).split(':')[0]}: {n}"
                            for v, n in sorted(verdicts_by_priority[p.pk].items())
                        )
                        or "–",
                    )
                    for p in quality.priorities.order_by("order")
                ),
            )
        )
    if quality is not None:
        filled = _quality_goals(quality, chain, doc) or filled
    if not plans:
        doc.add(Paragraph(_("No approved development plans from last year.")))
        return filled
    doc.add(Heading(2, _("The schools' goals from %(year)s") % {"year": plans[0].school_year}))
    for plan in plans:
        rows = []
        done = []
        for goal in by_plan[plan.pk]:
            for c in goal.criteria.all():
                latest, previous, verdict = evaluated[c.pk]
                if c.kind == Criterion.Kind.SIGN or c.indicator is None:
                    what, target, before, now = c.description, "–", "–", "–"
                else:
                    what = indicator_with_grade(c.indicator, c.grade or 0)
                    target = target_text(c)
                    before, now = _value(previous, c.target), _value(latest, c.target)
                rows.append(
                    (goal.text, what, target, before, now, str(EVALUATIONS.get(verdict, "–")))
                )
            done += [f"{m.title} ({m.get_status_display().lower()})" for m in goal.measures.all()]
        doc.add(Heading(3, str(plan.school)))
        if rows:
            doc.add(
                Table(
                    _("Goals and how they were met"),
                    (
                        _("Goal"),
                        _("Criterion"),
                        _("Target"),
                        _("Last year"),
                        _("This year"),
                        _("Evaluation"),
                    ),
                    tuple(rows),
                )
            )
        if done:
            doc.add(Paragraph(_("Measures: %(measures)s.") % {"measures": "; ".join(done)}))
        for m in plan.milestones.exclude(evaluation=""):
            doc.add(Paragraph(f"{m.title} ({m.get_verdict_display() or '–'}): {m.evaluation}"))
    return True


def schools_appendix(chain: Chain, doc: Document) -> None:
    """Per school, one compact table of its key indicators: latest figure, compared with the
    nation, and the development over the comparable years: the chapter's own verdict, through
    the same years (development.development)."""
    by_code = {i.code: i for i in chain.indicators.values()}
    years = {
        (code, grade): section_years(chain, by_code[code], grade)
        for code, grade in KEY_COLUMNS
        if code in by_code
    }
    for school in sorted(chain.schools.values(), key=lambda s: s.name):
        rows = []
        for code, grade in KEY_COLUMNS:
            if code not in by_code:
                continue
            row = sheet_row(chain, school, by_code[code], grade)
            if row is None:
                continue
            rows.append(
                (
                    indicator_with_grade(by_code[code], grade),
                    row.latest.year,
                    figure_text(row.latest),
                    str(texts.SHORT.get(row.verdict, "–")),
                    str(
                        texts.TRENDS[
                            development(by_code[code], row.series, years[code, grade]).direction
                        ]
                    ),
                )
            )
        doc.add(Heading(2, f"{school.name} ({school.grades_label})"))
        if rows:
            doc.add(
                Table(
                    _("Key figures, %(school)s") % {"school": school.name},
                    (
                        _("Indicator"),
                        _("School year"),
                        _("Value"),
                        _("Compared with the nation"),
                        _("Development"),
                    ),
                    tuple(rows),
                )
            )
        else:
            doc.add(Paragraph(_("No figures in the knowledge base for this school yet.")))

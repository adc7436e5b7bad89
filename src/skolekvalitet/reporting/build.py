"""Builds the status report as a document (documents.model) from the knowledge base (through the
one chain), last year's development plans and the owner's narratives. Udir's voluntary template
gives the data chapters; every figure carries its school year, uncertainty and source."""

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Count, Q
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from skolekvalitet.analysis import texts
from skolekvalitet.analysis.sheet import sheet_row
from skolekvalitet.documents.charts import IntervalItem, assert_comparable, interval_chart
from skolekvalitet.documents.model import Chart, Document, Heading, Paragraph, RichText, Table
from skolekvalitet.knowledge.chain import Chain, Figure
from skolekvalitet.knowledge.models import Import, Indicator
from skolekvalitet.organisations.models import Enrolment
from skolekvalitet.plans.evaluation import evaluate_plan
from skolekvalitet.plans.models import DevelopmentPlan, Goal
from skolekvalitet.plans.texts import EVALUATIONS

from .models import NARRATIVES, StatusReport

Progress = Callable[[int], None]

# (chapter key, indicators with their grades); the chapters follow Udir's template.
DATA_CHAPTERS = [
    (
        "environment",
        [
            ("ps_wellbeing", 7),
            ("ps_teacher_support", 7),
            ("ps_bullying", 7),
            ("ps_wellbeing", 10),
            ("ps_teacher_support", 10),
            ("ps_bullying", 10),
        ],
    ),
    ("nt5", [("nt5_reading", 5), ("nt5_numeracy", 5), ("nt5_english", 5)]),
    ("nt8", [("nt8_reading", 8), ("nt8_numeracy", 8), ("nt8_english", 8)]),
    (
        "grades",
        [
            ("gsp", 10),
            ("grade_exam_norwegian", 10),
            ("grade_exam_maths", 10),
            ("grade_teacher_english", 10),
        ],
    ),
    ("contribution_1_4", [("sbi_1_4", 0)]),
    ("contribution_5_7", [("sbi_5_7", 0)]),
    ("contribution_8_10", [("sbi_8_10", 0)]),
    ("completion", [("completion_upper_secondary", 0)]),
]
REQUIRED_CHAPTERS = ("structure", "environment", "nt5", "nt8", "grades", "completion")


def chapter_titles() -> dict[str, str]:
    return {
        "structure": _("Pupils and teachers"),
        "environment": _("Learning environment"),
        "nt5": _("National tests, 5th grade"),
        "nt8": _("National tests, lower secondary"),
        "grades": _("Grades and grunnskolepoeng"),
        "contribution_1_4": _("School contribution, grades 1–4"),
        "contribution_5_7": _("School contribution, grades 5–7"),
        "contribution_8_10": _("School contribution, grades 8–10"),
        "completion": _("Completion"),
        "dialogues": _("Self-assessments and leadership dialogue 3"),
        "promises": _("What we promised last year, and what happened"),
        "owner": _("The owner's assessment and planned measures"),
        "appendix": _("Appendix: sources, methods, uncertainty and suppression"),
    }


def _fmt(value: float | None) -> str:
    return "–" if value is None else number_format(value, 1)


def _figure(f: Figure | None) -> tuple[str, str]:
    if f is None:
        return "–", ""
    if f.shown.status != "shown":
        return str(texts.STATUS.get(f.shown.status, texts.STATUS["suppressed_by_source"])), ""
    interval = f.interval
    return _fmt(f.shown.value), (f"{_fmt(interval.low)}–{_fmt(interval.high)}" if interval else "")


def _indicator_blocks(chain: Chain, indicator: Indicator, grade: int) -> list[Chart | Table]:
    """A table of the schools' latest values (and the municipality and nation) with sources,
    then the same figures as a chart with its text alternative."""
    found = _indicator_table(chain, indicator, grade)
    if found is None:
        return []
    caption, table, items, reference = found
    assert_comparable([indicator.never_compare_group], [indicator.code])
    alt = _(
        "%(name)s: each school's latest value with its 95 %% interval; the dashed line is "
        "the national value. The table above has the same figures."
    ) % {"name": caption}
    chart = interval_chart(
        items,
        reference=reference.value if reference else None,
        uid=f"c-{indicator.code}-{grade}",
        title=caption,
        summary=alt,
    )
    return [table] + ([Chart(chart, alt)] if chart else [])


def _indicator_table(chain: Chain, indicator: Indicator, grade: int):
    shown: list[tuple[str, Figure]] = []
    rows = []
    latest_year = None
    for school in sorted(chain.schools.values(), key=lambda s: s.name):
        row = sheet_row(chain, school, indicator, grade)
        if row is None:
            continue
        shown.append((school.name, row.latest))
        value, interval = _figure(row.latest)
        latest_year = max(latest_year or row.latest.year, row.latest.year)
        rows.append(
            (
                school.name,
                row.latest.year,
                value,
                interval,
                str(row.latest.shown.n or "–"),
                str(texts.VERDICTS[row.verdict]),
                _source(row.latest),
            )
        )
    if not rows:
        return None
    items = [
        IntervalItem(
            name,
            figure.shown.value,
            *((figure.interval.low, figure.interval.high) if figure.interval else (None, None)),
        )
        for name, figure in shown
        if figure.shown.value is not None
    ]
    for level in ("municipality", "nation"):
        area = chain.get(indicator, ("area", level), latest_year, grade)
        if area is not None:
            value, interval = _figure(area)
            rows.append(
                (
                    str(texts.LEVELS[level]),
                    area.year,
                    value,
                    interval,
                    str(area.shown.n or "–"),
                    "",
                    _source(area),
                )
            )
    caption = indicator.name + (f", {grade}. {_('grade')}" if grade else "")
    return (
        caption,
        Table(
            caption,
            (
                _("School"),
                _("School year"),
                _("Value"),
                _("Interval (95 %)"),
                _("Pupils/answers"),
                _("Compared with the nation"),
                _("Source"),
            ),
            tuple(rows),
        ),
        items,
        chain.reference(indicator, "nation", latest_year, grade),
    )


def _source(f: Figure) -> str:
    if f.synthetic:
        return _("synthetic demo figure")
    return f.source or f.indicator.source


def _structure(chain: Chain, report: StatusReport, doc: Document) -> bool:
    enrolments = Enrolment.objects.filter(
        school__in=list(chain.schools), school_year=report.school_year
    )
    pupils: dict[int, int] = {}
    for e in enrolments:
        pupils[e.school_id] = pupils.get(e.school_id, 0) + e.pupils
    by_code = {i.code: i for i in chain.indicators.values()}
    rows = []
    for school in sorted(chain.schools.values(), key=lambda s: s.name):
        ratio = by_code.get("pupils_per_teacher")
        series = chain.series(ratio, ("school", school.pk), 0) if ratio else []
        value = _figure(series[-1])[0] if series else "–"
        rows.append((school.name, school.grades_label, str(pupils.get(school.pk, "–")), value))
    doc.add(
        Table(
            _("Schools, pupils and pupils per teacher, %(year)s") % {"year": report.school_year},
            (_("School"), _("Grades"), _("Pupils"), _("Pupils per teacher")),
            tuple(rows),
        )
    )
    return bool(rows)


def _promises(report: StatusReport, doc: Document) -> None:
    previous = (
        DevelopmentPlan.objects.filter(
            school__owner=report.owner,
            school_year__code__lt=report.school_year.code,
            status=DevelopmentPlan.Status.APPROVED,
        )
        .select_related("school", "school_year")
        .order_by("-school_year__code", "school__name")
    )
    year = previous[0].school_year if previous else None
    plans = [p for p in previous if p.school_year == year]
    if not plans:
        doc.add(Paragraph(_("No approved development plans from last year.")))
        return
    for plan in plans:
        doc.add(Heading(3, f"{plan.school} ({plan.school_year})"))
        evaluations = evaluate_plan(plan)
        rows = []
        for goal in Goal.objects.filter(focus_area__plan=plan).prefetch_related(
            "criteria", "measures"
        ):
            for c in goal.criteria.all():
                what = (
                    c.description
                    if c.kind == "sign"
                    else (
                        f"{c.indicator.name}: {c.get_comparator_display()} "
                        "{number_format(c.target)}"
                    )
                )
                rows.append(
                    (goal.text, what, str(EVALUATIONS.get(evaluations[c.pk].evaluation, "–")))
                )
        if rows:
            doc.add(
                Table(
                    _("Goals and how they were met"),
                    (_("Goal"), _("Criterion"), _("Evaluation")),
                    tuple(rows),
                )
            )
        for m in plan.milestones.exclude(evaluation=""):
            doc.add(Paragraph(f"{m.title} ({m.get_verdict_display() or '–'}): {m.evaluation}"))


def _appendix(report: StatusReport, doc: Document) -> None:
    doc.add(
        Paragraph(
            _(
                "Figures come from Udir's statistics (national tests, the pupil survey, grades, "
                "school "
                "contribution indicators from Statistics Norway) and the owner's own sources, as "
                "imported into Skolekvalitet; each table names the source of each figure."
            )
        )
    )
    doc.add(
        Paragraph(
            _(
                "Uncertainty: each value has a 95 % interval. A school is called clearly above or "
                "below "
                "the national level only when the interval of the difference excludes zero. Small "
                "schools vary a lot from year to year by chance."
            )
        )
    )
    doc.add(
        Paragraph(
            _(
                "Suppression: figures for fewer pupils than the indicator's threshold, and figures "
                "Udir "
                "suppressed, are never shown; where a hidden figure could be worked out from "
                "others, "
                "another is hidden too."
            )
        )
    )
    doc.add(
        Paragraph(
            _(
                "School contribution: the three stages (1–4, 5–7, 8–10) are different measures and "
                "are "
                "never compared with each other. They are a supplement, never a measure of school "
                "quality on their own."
            )
        )
    )
    files = Import.objects.filter(owner=report.owner).order_by("at")
    if files:
        doc.add(
            Table(
                _("Imported files"),
                (_("File"), _("Format"), _("Imported")),
                tuple((f.file_name, f.format, f.at.date().isoformat()) for f in files),
            )
        )


def _dialogues(report: StatusReport, doc: Document) -> bool:
    """Per school: the self-assessment scores (anonymity threshold applied by surveys.results),
    the school's released analyses and interpretations, and the approved decisions of
    leadership dialogue 3; then the follow-up agreements counted. Nothing unreleased."""
    from skolekvalitet.dialogues.models import Agreement, Meeting, SchoolAnalysis
    from skolekvalitet.dialogues.pack import analysis_blocks, round_blocks
    from skolekvalitet.surveys.models import Round

    year = report.school_year
    owner = report.owner
    rounds = defaultdict(list)
    for round_ in Round.objects.filter(
        school__owner=owner, school_year=year, closed=True, main=True
    ).select_related("instrument", "interpretation", "school__owner"):
        rounds[round_.school_id].append(round_)
    analyses = {
        a.school_id: a
        for a in SchoolAnalysis.objects.filter(
            school__owner=owner, school_year=year, released_at__isnull=False
        )
    }
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
        decisions.setdefault(meeting.school_id, meeting)  # the latest dialogue's
    filled = False
    for school in owner.schools.all():
        blocks: list = []
        for round_ in rounds[school.pk]:
            blocks += round_blocks(round_, school_side=False, with_previous=False)
        if school.pk in analyses:
            blocks += analysis_blocks(analyses[school.pk])
        if school.pk in decisions:
            dialogue = decisions[school.pk]
            blocks.append(Paragraph(f"{dialogue.event.name}: {dialogue.decisions}"))
        if blocks:
            filled = True
            doc.add(Heading(2, school.name))
            for block in blocks:
                doc.add(block)
    agreements = Agreement.objects.filter(
        meeting__school__owner=owner, meeting__event__cycle__school_year=year
    ).aggregate(all=Count("pk"), closed=Count("pk", filter=Q(closed_at__isnull=False)))
    if agreements["all"]:
        filled = True
        doc.add(
            Paragraph(
                _(
                    "Written follow-up agreements this school year: %(all)s, "
                    "of which %(closed)s closed."
                )
                % agreements
            )
        )
    if not filled:
        doc.add(Paragraph(_("No self-assessments or dialogues recorded for this school year yet.")))
    return filled


def build_document(
    report: StatusReport, language: str | None = None, progress: Progress = lambda percent: None
) -> tuple[Document, dict[str, bool]]:
    """The report as a document, and for each chapter whether it has content."""
    language = language or report.language
    with translation.override(language):
        titles = chapter_titles()
        owner = report.owner
        chain = Chain(owner, owner.schools.all(), upto_year=report.school_year.code)
        progress(20)
        doc = Document(
            _("Status report %(year)s – %(owner)s")
            % {"year": report.school_year, "owner": owner.name},
            language,
            _("The state of primary and lower secondary education (Education Act § 17-12)"),
        )
        narratives = {n.key: n.html for n in report.narratives.all()}
        filled: dict[str, bool] = {}
        doc.add(Heading(1, str(NARRATIVES["summary"][0])))
        doc.add(RichText(narratives.get("summary", "")))
        doc.add(Heading(1, titles["structure"]))
        filled["structure"] = _structure(chain, report, doc)
        by_code = {i.code: i for i in chain.indicators.values()}
        for step, (key, indicators) in enumerate(DATA_CHAPTERS):
            doc.add(Heading(1, titles[key]))
            if key.startswith("contribution"):
                doc.add(
                    Paragraph(
                        _(
                            "The school contribution is computed by Statistics Norway "
                            "over two merged school years. This stage is a separate "
                            "measure: never compare it with the other stages. It is a "
                            "supplement, never a measure of school quality alone."
                        )
                    )
                )
            tables = [
                block
                for code, grade in indicators
                if code in by_code
                for block in _indicator_blocks(chain, by_code[code], grade)
            ]
            for table in tables:
                doc.add(table)
            if not tables:
                doc.add(Paragraph(_("No figures for this chapter.")))
            filled[key] = bool(tables)
            progress(20 + 50 * (step + 1) // len(DATA_CHAPTERS))
        doc.add(Heading(1, titles["dialogues"]))
        filled["dialogues"] = _dialogues(report, doc)
        doc.add(Heading(1, titles["promises"]))
        _promises(report, doc)
        progress(85)
        doc.add(Heading(1, titles["owner"]))
        for key in ("assessment", "measures"):
            doc.add(Heading(2, str(NARRATIVES[key][0])))
            doc.add(RichText(narratives.get(key, "")))
        doc.add(Heading(1, titles["appendix"]))
        _appendix(report, doc)
        progress(90)
    return doc, filled

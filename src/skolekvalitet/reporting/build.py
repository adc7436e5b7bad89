"""Builds the status report as a document (documents.model) from the knowledge base (through the
one chain), last year's development plans and the owner's narratives: cover, contents, foreword,
the owner's summary, Udir's chapters (each with 3–5 comparable years and the owner's
assessment), the owner's chapters and an appendix per school. Every figure carries its school
year, uncertainty and source."""

import hashlib
from collections import defaultdict
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from skolekvalitet.documents import present
from skolekvalitet.documents.model import (
    Contents,
    Cover,
    Document,
    Heading,
    Paragraph,
    RichText,
    Table,
)
from skolekvalitet.knowledge import publishing
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.importing import FORMATS
from skolekvalitet.knowledge.models import Import, Indicator
from skolekvalitet.organisations.models import Enrolment, SchoolYear
from skolekvalitet.organisations.schoolyears import code_for

from . import owner_chapters
from .development import Facts, indicator_section
from .drafts import draft
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
    ("contribution", [("sbi_1_4", 0), ("sbi_5_7", 0), ("sbi_8_10", 0)]),
    ("completion", [("completion_upper_secondary", 0)]),
]
REQUIRED_CHAPTERS = ("structure", "environment", "nt5", "nt8", "grades", "completion")


def chapter_titles() -> dict[str, str]:
    """Every chapter in the report's order (internal control only when the report has it)."""
    return {
        "foreword": _("Foreword"),
        "summary": _("The most important findings"),
        "structure": _("Pupils and teachers"),
        "environment": _("Learning environment"),
        "nt5": _("National tests, 5th grade"),
        "nt8": _("National tests, lower secondary"),
        "grades": _("Grades and grunnskolepoeng"),
        "contribution": _("School contribution"),
        "completion": _("Completion"),
        "dialogues": _("Self-assessments and leadership dialogues"),
        "cycle": _("The annual cycle"),
        "internal_control": _("Internal control: the pupils' school environment (chapter 12)"),
        "promises": _("What we promised last year, and what happened"),
        "owner": _("The owner's assessment and planned measures"),
        "schools": _("Appendix: the schools one by one"),
        "appendix": _("Appendix: sources, methods, uncertainty and suppression"),
    }


def _structure(chain: Chain, report: StatusReport, doc: Document) -> tuple[bool, list[Facts]]:
    """Pupils per school over the last five school years, then pupils per teacher."""
    years = list(
        SchoolYear.objects.filter(code__lte=report.school_year.code).order_by("-code")[:5]
    )[::-1]
    pupils: dict[tuple[int, int], int] = defaultdict(int)
    for school_id, year_id, count in Enrolment.objects.filter(
        school__in=list(chain.schools), school_year__in=years
    ).values_list("school_id", "school_year_id", "pupils"):
        pupils[school_id, year_id] += count
    counted = [y for y in years if any(year == y.pk for _school, year in pupils)]
    rows = [
        (
            school.name,
            school.grades_label,
            *(present.number(pupils.get((school.pk, y.pk)), 0) for y in counted),
        )
        for school in sorted(chain.schools.values(), key=lambda s: s.name)
    ]
    if counted:  # the years with pupil numbers, not columns of dashes
        caption = _("Schools and pupils, %(first)s to %(last)s") % {
            "first": counted[0],
            "last": counted[-1],
        }
    else:
        caption = _("Schools and their grades")
    doc.add(Table(caption, (_("School"), _("Grades"), *(str(y) for y in counted)), tuple(rows)))
    if not counted:
        doc.add(Paragraph(_("No pupil numbers have been imported for these school years.")))
    by_code = {i.code: i for i in chain.indicators.values()}
    facts = []
    if "pupils_per_teacher" in by_code:
        found = indicator_section(chain, by_code["pupils_per_teacher"], 0, report.owner.name)
        if found:
            for block in found[0]:
                doc.add(block)
            facts.append(found[1])
    return bool(rows), facts


def _appendix(report: StatusReport, doc: Document) -> None:
    doc.add(Paragraph(duties(report)))
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
                tuple(
                    (
                        f.title,
                        capfirst(str(FORMATS.get(f.format, f.format))),
                        present.date(f.at),
                    )
                    for f in files
                ),
            )
        )


def old_figures(year: str, years: list[str]) -> str:
    """A note when the newest figures (`years`) are older than last school year's, for a report
    of the school year `year` ("2026-27"): the council reads a report for this year on older
    figures, as the owner has not imported newer files."""
    if not years or max(years) >= code_for(int(year[:4]) - 1):
        return ""
    return _(
        "The newest figures in this report are from %(newest)s: newer figures have not been "
        "imported. Read the figures as describing that year, not %(year)s."
    ) % {"newest": max(years), "year": year}


def duties(report: StatusReport) -> str:
    """Which duties the report meets, said in the report itself."""
    text = _(
        "This report informs the council about the pupils' learning environment, learning "
        "results and completion, as opplæringslova § 17-12 asks at least once a year (before "
        "1 August 2024 the yearly status report of § 13-3e)."
    )
    if report.internal_control:
        text += " " + _(
            "Its chapter on internal control is also the yearly report on internal control for "
            "the schools that kommunelova § 25-2 asks of the chief executive."
        )
    return text


def _chapter(
    report: StatusReport,
    doc: Document,
    key: str,
    narratives: dict[str, str],
    drafts: dict[str, str],
    facts: list[Facts],
) -> None:
    """The chapter's own assessment after its figures, and its generated draft for the edit
    page."""
    drafts[key] = draft(facts, contribution=key == "contribution")
    html = narratives.get(f"a_{key}", "")
    if html:
        doc.add(Heading(2, str(NARRATIVES[f"a_{key}"][0])))
        doc.add(RichText(html))


def _figure_chapters(
    report: StatusReport,
    chain: Chain,
    doc: Document,
    narratives: dict[str, str],
    filled: dict[str, bool],
    drafts: dict[str, str],
    progress: Progress,
) -> list[str]:
    """The chapters of published figures (after the structure chapter), each with its draft;
    the school years their figures are from."""
    years: list[str] = []
    titles = chapter_titles()
    by_code = {i.code: i for i in chain.indicators.values()}
    for step, (key, indicators) in enumerate(DATA_CHAPTERS):
        doc.add(Heading(1, titles[key]))
        if key == "contribution":
            doc.add(
                Paragraph(
                    _(
                        "The school contribution is computed by Statistics Norway over two "
                        "merged school years. The three stages (1–4, 5–7, 8–10) are separate "
                        "measures: never compare them with each other. It is a supplement, "
                        "never a measure of school quality alone."
                    )
                )
            )
        facts = []
        for code, grade in indicators:
            found = (
                indicator_section(chain, by_code[code], grade, report.owner.name)
                if code in by_code
                else None
            )
            if found:
                for block in found[0]:
                    doc.add(block)
                facts.append(found[1])
                years.extend(found[1].years)
        if not facts:
            doc.add(Paragraph(_("No figures for this chapter.")))
        filled[key] = bool(facts)
        _chapter(report, doc, key, narratives, drafts, facts)
        progress(20 + 50 * (step + 1) // len(DATA_CHAPTERS))
    return years


def _owner_parts(report: StatusReport, chain: Chain, doc: Document) -> list:
    """The owner's own chapters: (key, a function that writes it and says if it has content)."""
    parts = [
        ("dialogues", lambda: owner_chapters.dialogues(report, doc)),
        ("cycle", lambda: owner_chapters.cycle(report, doc)),
        ("internal_control", lambda: owner_chapters.internal_control(report, doc)),
        ("promises", lambda: owner_chapters.promises(report, chain, doc)),
    ]
    return [(k, w) for k, w in parts if k != "internal_control" or report.internal_control]


def _build(
    report: StatusReport, language: str, progress: Progress
) -> tuple[Document, dict[str, bool], dict[str, str]]:
    titles = chapter_titles()
    owner = report.owner
    chain = Chain(owner, owner.schools.all(), upto_year=report.school_year.code)
    progress(20)
    title = _("Quality report %(year)s – %(owner)s") % {
        "year": report.school_year,
        "owner": owner.name,
    }
    subtitle = _("Status report on primary and lower secondary education")
    doc = Document(title, language, subtitle, author=owner.name)
    doc.add(
        Cover(
            title,
            (
                (_("School owner"), owner.name),
                (_("School year"), str(report.school_year)),
                (_("Status"), str(report.get_status_display())),
                (_("Date"), present.date(timezone.localdate())),
            ),
            subtitle,
        )
    )
    doc.add(Contents(_("Contents")))
    narratives = {n.key: n.html for n in report.narratives.all()}
    filled: dict[str, bool] = {}
    drafts: dict[str, str] = {}
    doc.add(Heading(1, titles["foreword"]))
    if narratives.get("foreword"):
        doc.add(RichText(narratives["foreword"]))
    doc.add(Paragraph(duties(report)))
    at = len(doc.blocks)  # where a note on old figures goes, once the chapters are written
    doc.add(Heading(1, titles["summary"]))
    doc.add(RichText(narratives.get("summary", "")))
    doc.add(Heading(1, titles["structure"]))
    filled["structure"], facts = _structure(chain, report, doc)
    _chapter(report, doc, "structure", narratives, drafts, facts)
    years = _figure_chapters(report, chain, doc, narratives, filled, drafts, progress)
    if note := old_figures(report.school_year.code, years):
        doc.blocks.insert(at, Paragraph(note))
    for key, write in _owner_parts(report, chain, doc):
        doc.add(Heading(1, titles[key]))
        filled[key] = write()
        _chapter(report, doc, key, narratives, drafts, [])
    progress(85)
    doc.add(Heading(1, titles["owner"]))
    for key in ("assessment", "measures"):
        doc.add(Heading(2, str(NARRATIVES[key][0])))
        doc.add(RichText(narratives.get(key, "")))
    doc.add(Heading(1, titles["schools"]))
    owner_chapters.schools_appendix(chain, doc)
    doc.add(Heading(1, titles["appendix"]))
    _appendix(report, doc)
    progress(90)
    return doc, filled, drafts


def build_document(
    report: StatusReport, language: str | None = None, progress: Progress = lambda percent: None
) -> tuple[Document, dict[str, bool]]:
    """The report as a document, and for each chapter whether it has content."""
    language = language or report.language
    with translation.override(language):
        doc, filled, _drafts = _build(report, language, progress)
    return doc, filled


def edit_state(report: StatusReport) -> tuple[dict[str, bool], dict[str, str]]:
    """What the edit page needs of the document: for each chapter whether it has content, and
    each chapter's generated draft, in the report's language. The chapters of published figures
    are worked out once per publication (cached: the costly part for a large owner); the
    structure and the owner's own chapters, which change without one, every time."""
    filled: dict[str, bool] = {}
    drafts: dict[str, str] = {}
    scratch = Document("", report.language)
    owner = report.owner
    publication = publishing.current(owner)
    stamp = publication and (publication.generation, publication.finished)
    schools, upto = list(owner.schools.all()), report.school_year.code
    # The drafts name schools and indicators, whose names (and an indicator's direction) change
    # without a publication.
    catalogue = Indicator.objects.filter(Q(owner=None) | Q(owner=owner))
    parts = (
        owner.pk,
        report.pk,
        upto,
        report.language,
        stamp,
        [(s.pk, s.name, s.first_grade, s.last_grade) for s in schools],
        [[(k, v) for k, v in vars(i).items() if not k.startswith("_")] for i in catalogue],
    )
    key = "report-drafts:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    # The structure chapter and the promises read only these indicators' figures.
    used = Indicator.objects.filter(
        Q(code="pupils_per_teacher")
        | Q(criterion__goal__focus_area__plan__school__owner=owner)
        | Q(qualitygoal__priority__quality_plan__owner=owner)
    ).distinct()
    with translation.override(report.language):
        chain = Chain(owner, schools, indicators=used, upto_year=upto)
        filled["structure"], facts = _structure(chain, report, scratch)
        drafts["structure"] = draft(facts)
        figures = cache.get(key)
        if figures is None:
            figures = ({}, {})
            every = Chain(owner, schools, upto_year=upto)
            _figure_chapters(report, every, scratch, {}, *figures, lambda percent: None)
            cache.set(key, figures, 86400)
        filled.update(figures[0])
        drafts.update(figures[1])
        for part, write in _owner_parts(report, chain, scratch):
            filled[part] = write()
            drafts[part] = draft([])
    return filled, drafts

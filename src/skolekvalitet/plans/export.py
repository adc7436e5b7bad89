"""A development plan as a document (documents.model) for PDF and DOCX export."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from skolekvalitet.documents import present
from skolekvalitet.documents.model import Document, Heading, Paragraph, Table

from .evaluation import evaluate_plan
from .frozen import used_figures
from .models import DevelopmentPlan, Goal
from .texts import EVALUATIONS, criterion_text


def status_line(plan: DevelopmentPlan) -> str:
    """Where the plan stands, in words: never "Draft, version 2" for a plan whose version 2 is
    approved and that has been changed since."""
    if not plan.version:
        return str(plan.get_status_display())
    if plan.status == DevelopmentPlan.Status.APPROVED:
        return f"{plan.get_status_display()}, {_('version')} {plan.version}"
    if plan.status == DevelopmentPlan.Status.DRAFT:
        return _("Approved version %(n)s, changed since, not sent to the owner") % {
            "n": plan.version
        }
    return _("%(status)s (approved version: %(n)s)") % {
        "status": plan.get_status_display(),
        "n": plan.version,
    }


def milestone_name(m) -> str:
    """A milestone's title with its kind, the kind left out when the title says it already."""
    kind = str(m.get_kind_display())
    return m.title if m.title.strip().lower() == kind.lower() else f"{m.title} ({kind.lower()})"


def plan_document(plan: DevelopmentPlan) -> Document:
    doc = Document(
        _("Development plan %(year)s – %(school)s")
        % {"year": plan.school_year, "school": plan.school},
        (get_language() or "nb")[:2],
        status_line(plan),
    )
    evaluations = evaluate_plan(plan)
    for area in plan.focus_areas.all():
        doc.add(Heading(1, area.title))
        for goal in Goal.objects.filter(focus_area=area).prefetch_related(
            "criteria__indicator", "measures__responsible"
        ):
            doc.add(Heading(2, f"{_('Sub-goal') if goal.parent_id else _('Goal')}: {goal.text}"))
            rows = []
            for c in goal.criteria.all():
                result = evaluations[c.pk]
                rows.append(
                    (
                        criterion_text(c),
                        str(EVALUATIONS.get(result.evaluation, "–")),
                        result.evidence_text,
                    )
                )
            if rows:
                doc.add(
                    Table(
                        _("Success criteria"),
                        (_("Criterion"), _("Evaluation"), _("Evidence")),
                        tuple(rows),
                    )
                )
            measures = tuple(
                (
                    m.title,
                    m.responsible.name,
                    f"{present.date(m.start)} – {present.date(m.end)}",
                    m.resources,
                    m.get_status_display(),
                )
                for m in goal.measures.all()
            )
            if measures:
                doc.add(
                    Table(
                        _("Measures"),
                        (_("Measure"), _("Responsible"), _("Period"), _("Resources"), _("Status")),
                        measures,
                    )
                )
    doc.add(Heading(1, _("Milestones: what we did and what it changed")))
    used = used_figures(plan)
    for m in plan.milestones.all():
        verdict = f" – {m.get_verdict_display()}" if m.verdict else ""
        day = present.date(m.date)
        text = f"{day} {milestone_name(m)}{verdict}."
        doc.add(Paragraph(f"{text} {m.evaluation}" if m.evaluation else text))
        if m.pk in used:
            at, lines = used[m.pk]
            doc.add(
                Table(
                    _("The figures this evaluation used, as of %(date)s")
                    % {"date": present.date(at)},
                    (_("Figure"),),
                    tuple((line,) for line in lines),
                )
            )
    return doc

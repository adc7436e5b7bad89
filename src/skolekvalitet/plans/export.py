"""A development plan as a document (documents.model) for PDF and DOCX export."""

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from skolekvalitet.documents.model import Document, Heading, Paragraph, Table

from .evaluation import evaluate_plan
from .models import DevelopmentPlan, Goal
from .texts import EVALUATIONS


def plan_document(plan: DevelopmentPlan) -> Document:
    doc = Document(
        _("Development plan %(year)s – %(school)s")
        % {"year": plan.school_year, "school": plan.school},
        (get_language() or "nb")[:2],
        f"{plan.get_status_display()}"
        + (f", {_('version')} {plan.version}" if plan.version else ""),
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
                what = (
                    c.description
                    if c.kind == "sign"
                    else (
                        f"{c.indicator.name}, {c.grade}.: {c.get_comparator_display()} "
                        f"{number_format(c.target)}"
                    )
                )
                evidence = ""
                if result.evidence and result.evidence.shown.value is not None:
                    evidence = (
                        f"{result.evidence.year}: {number_format(result.evidence.shown.value, 1)}"
                    )
                rows.append((what, str(EVALUATIONS.get(result.evaluation, "–")), evidence))
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
                    f"{m.start} – {m.end}",
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
    for m in plan.milestones.all():
        verdict = f" – {m.get_verdict_display()}" if m.verdict else ""
        doc.add(
            Paragraph(
                f"{m.date} {m.title} ({m.get_kind_display()}){verdict}. {m.evaluation}".strip()
            )
        )
    return doc

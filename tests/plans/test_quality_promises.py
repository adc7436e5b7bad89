"""Issue 18: the owner's own promises in the quality plan, linked to indicators with targets, are
read by the report's "what we promised, and what happened" chapter: the indicator, the target,
last year's and this year's figure for the owner with its interval, and the honest verdict the
plans' criteria get, with the owner's measures."""

import pytest
from django.utils import translation

from skolekvalitet.demo import build_demo
from skolekvalitet.documents.model import Paragraph, Table
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.models import Owner, SchoolYear
from skolekvalitet.plans.evaluation import target_result
from skolekvalitet.plans.models import QualityGoal, QualityMeasure, QualityPlan
from skolekvalitet.plans.texts import EVALUATIONS
from skolekvalitet.reporting.build import build_document
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.reporting.owner_chapters import _value


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_report_evaluates_the_owners_own_goals(db, language):
    build_demo()
    owner = Owner.objects.get(slug="demo")
    report = StatusReport.objects.get(
        owner=owner, school_year=SchoolYear.objects.order_by("-code").first()
    )
    quality = QualityPlan.objects.get(owner=owner)
    assert QualityGoal.objects.filter(priority__quality_plan=quality, indicator__isnull=False)
    assert quality.versions.exists()  # the demo's quality plan has its first version
    priority = quality.priorities.order_by("order").last()
    bullying = QualityGoal.objects.create(
        priority=priority,
        text="Færre elevar vert mobba",
        indicator=Indicator.objects.get(code="ps_bullying", owner=None),
        grade=7,
        comparator="at_most",
        target=4.5,
    )
    reading = QualityGoal.objects.create(
        priority=priority,
        text="Fleire les godt",
        indicator=Indicator.objects.get(code="nt5_reading", owner=None),
        grade=5,
        comparator="at_least",
        target=50,
    )
    QualityGoal.objects.create(priority=priority, text="Alle skular har ein leseplan")
    QualityMeasure.objects.create(priority=priority, title="Lesekurs for alle lærarar")

    doc, _filled = build_document(report, language)
    with translation.override(language):
        caption = translation.gettext("The owner's goals and how they were met")
        (table,) = [b for b in doc.flat() if isinstance(b, Table) and b.caption == caption]
        chain = Chain(owner, owner.schools.all(), upto_year=report.school_year.code)
        for goal, target in ((bullying, "4,5\u00a0%"), (reading, "50")):
            latest, previous, verdict = target_result(chain, goal)
            assert latest is not None and previous is not None  # the demo has both years
            row = next(r for r in table.rows if r[1] == goal.text)
            assert row[3].endswith(f" {target}") and row[3] != target  # "høgst 4,5 %"
            assert row[4:] == (
                _value(previous, goal.target),
                _value(latest, goal.target),
                str(EVALUATIONS[verdict]),
            )
            assert "(" in row[5] and "–" in row[5]  # this year's figure with its interval
        plain = next(r for r in table.rows if r[1] == "Alle skular har ein leseplan")
        assert plain[2:] == ("–",) * 5
        words = " ".join(" ".join(r) for r in table.rows)
        assert "None" not in words and "at_most" not in words and "4.5" not in words
        paragraphs = " ".join(b.text for b in doc.flat() if isinstance(b, Paragraph))
        assert "Lesekurs for alle lærarar (planlagd" in paragraphs or (
            "Lesekurs for alle lærarar (planlagt" in paragraphs
        )

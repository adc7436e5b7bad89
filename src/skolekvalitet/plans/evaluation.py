"""Indicator-linked success criteria, evaluated through the one chain whenever they are read:
new data (an import) changes the evaluation at once."""

from dataclasses import dataclass

from skolekvalitet.knowledge.chain import Chain, Figure
from skolekvalitet.stats.goals import Evaluation, evaluate_target

from .models import Criterion, DevelopmentPlan


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    evaluation: Evaluation | str
    evidence: Figure | None


def evaluate_plan(plan: DevelopmentPlan) -> dict[int, CriterionResult]:
    criteria = list(
        Criterion.objects.filter(goal__focus_area__plan=plan).select_related("indicator")
    )
    linked = [c for c in criteria if c.kind == Criterion.Kind.INDICATOR and c.indicator_id]
    chain = (
        Chain(
            plan.school.owner,
            [plan.school],
            indicators=[c.indicator for c in linked],
            upto_year=plan.school_year.code,
        )
        if linked
        else None
    )
    results = {}
    for c in criteria:
        if c.kind == Criterion.Kind.SIGN or chain is None or c.indicator is None:
            results[c.pk] = CriterionResult(c, c.verdict or "", None)
            continue
        series = chain.series(c.indicator, ("school", plan.school.pk), c.grade or 0)
        latest = series[-1] if series else None
        value = latest.shown.value if latest else None
        results[c.pk] = CriterionResult(
            c,
            evaluate_target(
                value,
                latest.estimate if latest else None,
                c.target or 0.0,
                c.comparator or "at_least",
            ),
            latest,
        )
    return results


OWNER_UNIT = ("area", "municipality")  # the owner's own figures in the chain


def target_result(chain: Chain, item, unit=OWNER_UNIT) -> tuple[Figure | None, Figure | None, str]:
    """(this year's, last year's figure, the verdict) for an indicator target (a quality plan's
    goal; the owner's own figures by default), with the same honest verdict as the plans'
    criteria: met or not met only beyond the uncertainty."""
    series = chain.series(item.indicator, unit, item.grade or 0) if item.indicator_id else []
    latest = series[-1] if series else None
    previous = series[-2] if len(series) > 1 else None
    if latest is None:
        return None, None, "cannot be measured"
    verdict = evaluate_target(
        latest.shown.value, latest.estimate, item.target or 0.0, item.comparator or "at_least"
    )
    return latest, previous, verdict

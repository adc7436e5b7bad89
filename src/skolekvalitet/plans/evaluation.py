"""Indicator-linked success criteria, evaluated through the one chain whenever they are read:
new data (an import) changes the evaluation at once."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from skolekvalitet.documents import present
from skolekvalitet.knowledge.chain import Chain, Figure
from skolekvalitet.stats.goals import Evaluation, evaluate_target

from .models import Criterion, DevelopmentPlan


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    evaluation: Evaluation | str
    evidence: Figure | None

    @property
    def evidence_text(self) -> str:
        """ "2026-27: 43,1 (39,8–46,4)", or why there is no figure."""
        f = self.evidence
        if f is None:
            return present.DASH
        if f.shown.value is None:
            return f"{f.year}: {_('hidden (too few or suppressed)')}"
        return f"{f.year}: {against_target(f, self.criterion.target)}"


def against_target(f: Figure, target: float | None) -> str:
    """A shown figure with its 95 % interval, "43,1 (39,8–46,4)", in the decimals that agree
    with the verdict against the target (present.digits_apart)."""
    unit = f.indicator.unit
    text = present.figure(f.shown.value, unit, target=target)
    if f.interval is None:
        return text
    low, high = f.interval
    return f"{text} ({present.interval(low, high, unit=unit, target=target)})"


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
        latest, _previous, verdict = criterion_result(chain, c, plan.school)
        results[c.pk] = CriterionResult(c, verdict, latest)
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


def criterion_result(
    chain: Chain | None, c: Criterion, school
) -> tuple[Figure | None, Figure | None, str]:
    """(this year's, last year's figure, the verdict) of a plan's success criterion: a described
    one has the verdict the school gave it; one linked to an indicator the honest verdict over
    the school's own figures."""
    if c.kind == Criterion.Kind.SIGN or chain is None or c.indicator is None:
        return None, None, c.verdict or ""
    return target_result(chain, c, ("school", school.pk))

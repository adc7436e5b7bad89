"""Evaluating a development-plan goal's success criterion against an indicator target, honestly:
a criterion is met or not met only when the whole 95 % interval lies on one side of the target;
when the target lies inside the interval the answer is "not clear"; a suppressed or missing
figure "cannot be measured"."""

from typing import Literal

from .intervals import Estimate

Comparator = Literal["at_least", "at_most"]
Evaluation = Literal["met", "not met", "not clear", "cannot be measured"]


def evaluate_target(
    value: float | None, estimate: Estimate | None, target: float, comparator: Comparator
) -> Evaluation:
    """value: the shown figure (None when hidden or missing); estimate: its uncertainty, when
    known (without one, the point value decides)."""
    if value is None:
        return "cannot be measured"
    low, high = (value, value) if estimate is None else estimate.interval()
    if low <= target <= high and estimate is not None and estimate.se > 0:
        return "not clear"
    reached = low >= target if comparator == "at_least" else high <= target
    return "met" if reached else "not met"

"""Uncertainty of published figures: intervals for means and shares, and comparisons.

Every function returns an Estimate (value and standard error) or an Interval; the verdict
functions say "above" or "below" only when the interval excludes the reference.
"""

import math
from typing import Literal, NamedTuple

Z95 = 1.959963984540054
Comparison = Literal["above", "no clear difference", "below"]
Kind = Literal["udir", "sd", "se"]


class Estimate(NamedTuple):
    """A value with its standard error. (Named tuples: the analysis makes hundreds of thousands
    of these, and they are several times cheaper to create than frozen dataclasses.)"""

    value: float
    se: float

    def interval(self, z: float = Z95) -> "Interval":
        return Interval(self.value - z * self.se, self.value + z * self.se)


class Interval(NamedTuple):
    low: float
    high: float

    def contains(self, x: float) -> bool:
        return self.low <= x <= self.high


def mean_estimate(
    value: float, *, uncertainty: float | None, kind: Kind | None, n: int | None
) -> Estimate | None:
    """The standard error of a published mean.

    kind "udir": Udir's «Usikkerhet», the half-width of a 95 % interval, so se = u / 1.96;
    "sd": a standard deviation of the individual answers, so se = sd / sqrt(n);
    "se": the standard error itself. None when the uncertainty cannot be known.
    """
    if uncertainty is None or kind is None:
        return None
    if kind == "udir":
        return Estimate(value, uncertainty / Z95)
    if kind == "se":
        return Estimate(value, uncertainty)
    if n is None or n < 2:
        return None
    return Estimate(value, uncertainty / math.sqrt(n))


def wilson_interval(percent: float, n: int, z: float = Z95) -> Interval:
    """Wilson's score interval for a share given in percent (Wilson 1927; Agresti & Coull 1998).

    Unlike the normal approximation it stays inside 0–100 and is honest for small n."""
    if n <= 0:
        raise ValueError("n must be positive")
    p = percent / 100.0
    denominator = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return Interval(100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half))


def share_estimate(percent: float, n: int) -> Estimate:
    """A share's standard error on the percent scale, from the Wilson interval's width."""
    interval = wilson_interval(percent, n)
    return Estimate(percent, (interval.high - interval.low) / (2 * Z95))


def difference(a: Estimate, b: Estimate) -> Estimate:
    """a − b for independent estimates (a school against the nation is nearly independent:
    the nation's standard error is tiny)."""
    return Estimate(a.value - b.value, math.hypot(a.se, b.se))


def compare(a: Estimate, reference: Estimate, z: float = Z95, extra: float = 0.0) -> Comparison:
    """Whether a differs from a reference beyond noise: the interval of a − ref (`difference`)
    excludes 0. extra: variance beyond the two standard errors (stats.noise: year-to-year
    variation and rounding). (Worked out without building the interval: called for every
    figure shown.)"""
    gap = a.value - reference.value
    margin = z * math.sqrt(a.se * a.se + reference.se * reference.se + extra)
    if gap - margin > 0:
        return "above"
    if gap + margin < 0:
        return "below"
    return "no clear difference"

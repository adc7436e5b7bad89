"""Noise as it really is: the variation of published school figures beyond their sampling error,
and the error of rounding.

A school's published figure moves from year to year by more than Udir's «Usikkerhet» says:
cohorts differ, teachers change, the test differs a little. Across real national-test series
the scatter around a school's line is about twice what the published uncertainty implies. A
verdict that treats the published standard error as all the noise calls chance a trend.

Two additive variance components, each estimated by the method of moments and pooled over many
units (DerSimonian & Laird 1986, «Meta-analysis in clinical trials»; for a line per unit the
meta-regression form, Thompson & Sharp 1999, Statistics in Medicine 18:2693–2708):

- ``year_to_year``: τ²_year, the variance of a school's yearly figure around its own line
  (or its own level) beyond sampling. Used in trends, change between years and «clearly
  above/below»: each is a statement about the school, not about one year's pupils.
- ``between_units``: τ²_school, the variance between schools' true values beyond sampling,
  around the target (Spiegelhalter 2005, «Funnel plots for comparing institutional
  performance», Statistics in Medicine 24:1185–1202, §3.2, with winsorised z-scores). Used for
  the funnel plot's overdispersed limits.

Why additive (τ²) and not multiplicative (φ): a multiplicative factor widens every unit's
limits in proportion to its own standard error, so the largest schools keep limits near zero
width and are still flagged for ordinary cohort differences, while the smallest are widened
most. Cohort and teacher effects do not shrink with school size; an additive τ² is the model
that matches (Spiegelhalter 2005 §3.2 prefers it for that reason when units differ in size).

Rounding: a value published to a step h (whole scale points: h = 1) carries an extra error
uniform on ±h/2, variance h²/12 (Sheppard's correction).

Every function is pure and returns frozen dataclasses; estimates are never negative.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Literal

from .trends import YearValue, comparable

Model = Literal["line", "level"]
STEPS = (1.0, 0.1, 0.01)


@dataclass(frozen=True)
class ExtraVariance:
    """A pooled method-of-moments estimate of variance beyond sampling.

    tau2 = max(0, (q − df) / c): q is the weighted sum of squared residuals (Cochran's Q summed
    over units or series), df its degrees of freedom, c the DerSimonian–Laird scaling. The sums
    are kept so estimates from different data (the owner's schools and the national file) pool
    exactly by adding them (`pooled`)."""

    q: float = 0.0
    df: int = 0
    c: float = 0.0
    units: int = 0  # series (year_to_year) or schools (between_units) that contributed

    @property
    def tau2(self) -> float:
        if self.df <= 0 or self.c <= 0:
            return 0.0
        return max(0.0, (self.q - self.df) / self.c)

    @property
    def tau(self) -> float:
        return math.sqrt(self.tau2)

    @property
    def ratio(self) -> float:
        """How many times the published standard error the scatter is: √(q/df) (1 = none)."""
        return math.sqrt(self.q / self.df) if self.df > 0 else 1.0

    def pooled(self, other: "ExtraVariance | None") -> "ExtraVariance":
        if other is None:
            return self
        return ExtraVariance(
            self.q + other.q, self.df + other.df, self.c + other.c, self.units + other.units
        )


NONE = ExtraVariance()


def rounding_variance(step: float | None) -> float:
    """The variance of rounding to a step (Sheppard 1898): step²/12; 0 when nothing is rounded."""
    return 0.0 if not step else step * step / 12.0


def rounding_step(values: Iterable[float], min_values: int = 3) -> float:
    """The coarsest publishing step (1, 0.1, 0.01) every value is a multiple of; 0 when the
    values show no rounding or there are fewer than min_values. Udir publishes national-test
    scale points as whole numbers and indices to one decimal: read it from the figures rather
    than trusting a setting."""
    seen = [v for v in values if v is not None and math.isfinite(v)]
    if len(seen) < min_values:
        return 0.0
    for step in STEPS:
        if all(abs(v / step - round(v / step)) < 1e-6 for v in seen):
            return step
    return 0.0


def _series_terms(
    points: Sequence[YearValue], model: Model, rounding: float
) -> tuple[float, int, float] | None:
    """(Q, df, c) for one series: weighted least squares of value on year (or on a constant),
    weights w = 1/(se² + rounding). c = Σw − tr((XᵀWX)⁻¹ XᵀW²X) (Thompson & Sharp 1999),
    written out for one or two columns (plain Python: called for every series an owner has)."""
    k = 2 if model == "line" else 1
    if len(points) <= k:
        return None
    w = [1.0 / (max(p[2], 1e-9) ** 2 + rounding) for p in points]
    sw = sum(w)
    ym = sum(wi * p[1] for wi, p in zip(w, points, strict=True)) / sw
    q = sum(wi * (p[1] - ym) ** 2 for wi, p in zip(w, points, strict=True))
    w2 = sum(wi * wi for wi in w)
    if k == 1:
        return q, len(points) - 1, sw - w2 / sw
    xm = sum(wi * p[0] for wi, p in zip(w, points, strict=True)) / sw
    x = [p[0] - xm for p in points]
    sxx = sum(wi * xi * xi for wi, xi in zip(w, x, strict=True))
    sxy = sum(wi * xi * (p[1] - ym) for wi, xi, p in zip(w, x, points, strict=True))
    if sxx <= 0:
        return None
    # With x centred on its weighted mean, XᵀWX = diag(Σw, Σwx²): the trace splits in two.
    t2 = sum(wi * wi * xi * xi for wi, xi in zip(w, x, strict=True))
    return q - sxy * sxy / sxx, len(points) - 2, sw - w2 / sw - t2 / sxx


def year_to_year(
    series: Iterable[Sequence[YearValue]],
    breaks: Sequence[int] = (),
    *,
    rounding: float = 0.0,
    model: Model = "line",
) -> ExtraVariance:
    """τ²_year pooled over series: the variance of a unit's yearly figures around its own line
    (model "line", 3+ comparable years) or its own level ("level", 2+ years: for files with
    only two years, where a line would fit exactly), beyond sampling and rounding.

    series: each a sequence of (year, value, se); only the years after the last break count.
    rounding: the rounding variance of each value (`rounding_variance`)."""
    if model not in ("line", "level"):
        raise ValueError(f"unknown model {model!r}")
    q = c = 0.0
    df = units = 0
    for points in series:
        terms = _series_terms(comparable(points, breaks), model, rounding)
        if terms is None:
            continue
        q, df, c, units = q + terms[0], df + terms[1], c + terms[2], units + 1
    return ExtraVariance(q, df, c, units)


def _winsorised(z: list[float], share: float) -> list[float]:
    """z-scores pulled in to their share and 1 − share quantiles (Spiegelhalter 2005 §3.2)."""
    if not z or share <= 0:
        return z
    ordered = sorted(z)
    low = ordered[math.floor(share * (len(z) - 1))]
    high = ordered[math.ceil((1 - share) * (len(z) - 1))]
    return [min(max(v, low), high) for v in z]


def winsorised_second_moment(share: float) -> float:
    """E[Z_w²] for a standard normal winsorised at its share and 1 − share quantiles: the
    consistency factor that makes a winsorised Q unbiased when nothing is an outlier (as for
    robust scale estimates, Huber 1981). At 10 %: 0.679 — without it, τ² comes out far too
    small and the funnel flags a tenth of ordinary schools."""
    if share <= 0:
        return 1.0
    normal = NormalDist()
    c = normal.inv_cdf(1 - share)
    return 1 - 2 * share - 2 * c * normal.pdf(c) + 2 * share * c * c


def between_units(
    values: Sequence[float],
    ses: Sequence[float],
    centre: float,
    *,
    rounding: float = 0.0,
    winsor: float = 0.1,
) -> ExtraVariance:
    """τ²_school for one funnel (Spiegelhalter 2005, additive random effects): z_i = (y_i −
    centre)/s_i, winsorised at 10 % (so a few true outliers do not widen everyone's limits);
    q = Σz²/m with m the normal's winsorised second moment (`winsorised_second_moment`),
    df = I − 1, c = Σw − Σw²/Σw with w = 1/s². Pool years or funnels with
    `ExtraVariance.pooled`."""
    s2 = [max(se, 1e-9) ** 2 + rounding for se in ses]
    if len(s2) != len(values):
        raise ValueError("values and ses differ in length")
    if len(values) < 3:
        return NONE
    z = _winsorised([(v - centre) / math.sqrt(s) for v, s in zip(values, s2, strict=True)], winsor)
    w = [1.0 / s for s in s2]
    return ExtraVariance(
        sum(v * v for v in z) / winsorised_second_moment(winsor),
        len(z) - 1,
        sum(w) - sum(x * x for x in w) / sum(w),
        len(z),
    )


@dataclass(frozen=True)
class Noise:
    """What to add to a published figure's sampling variance before judging it, per indicator.

    year: τ²_year (trends, change, «clearly above/below»); school: τ²_school (funnel limits);
    rounding: the rounding variance of one published value."""

    year: ExtraVariance = NONE
    school: ExtraVariance = NONE
    rounding: float = 0.0

    @property
    def per_figure(self) -> float:
        """Extra variance of one yearly figure as a measure of its school: τ²_year + rounding."""
        return self.year.tau2 + self.rounding

    @property
    def versus_reference(self) -> float:
        """Extra variance of a school minus a published reference (itself rounded)."""
        return self.year.tau2 + 2 * self.rounding

    @property
    def between_years(self) -> float:
        """Extra variance of the change between two of a school's years."""
        return 2 * self.per_figure

    @property
    def funnel(self) -> float:
        """Extra variance for the funnel limits: τ²_school + rounding."""
        return self.school.tau2 + self.rounding


QUIET = Noise()


def extra_variance(
    series_by_unit: Mapping[object, Sequence[YearValue]],
    breaks: Sequence[int] = (),
    *,
    national_year: ExtraVariance | None = None,
    national_school: ExtraVariance | None = None,
    values: Iterable[float] | None = None,
) -> Noise:
    """The noise of one indicator from the owner's school series (each unit's (year, value, se)
    points), pooled with the national file's sums where there are some. values: the published
    values to read the rounding step from (default: the series' own)."""
    if values is None:
        values = [p[1] for points in series_by_unit.values() for p in points]
    rounding = rounding_variance(rounding_step(values))
    own = year_to_year(series_by_unit.values(), breaks, rounding=rounding)
    return Noise(own.pooled(national_year), national_school or NONE, rounding)


def noise_for(
    code: str,
    series_by_unit: Mapping[object, Sequence[YearValue]],
    breaks: Sequence[int] = (),
    values: Iterable[float] | None = None,
) -> Noise:
    """`extra_variance` for a catalogue indicator: pooled with the national file's sums for
    that indicator code (`NATIONAL_YEAR`, `NATIONAL_SCHOOL`)."""
    return extra_variance(
        series_by_unit,
        breaks,
        national_year=NATIONAL_YEAR.get(code),
        national_school=NATIONAL_SCHOOL.get(code),
        values=values,
    )


def funnel_noise(
    noise: Noise, values: Sequence[float], ses: Sequence[float], centre: float
) -> Noise:
    """The noise with τ²_school pooled from one funnel's own schools."""
    own = between_units(values, ses, centre, rounding=noise.rounding)
    return Noise(noise.year, noise.school.pooled(own), noise.rounding)


# The national files' sums (q, df, c, units) per indicator code, made by
# tests/stats/reference/noise_national.py from Udir's national-test exports for 2022-23 and
# 2023-24 (every school in Norway; tests/stats/test_noise.py checks them against the files when
# they are present). year: each school's two years around its own level; school: each year's
# funnel around the national value. Whole scale points, rounding variance 1/12 included.
NATIONAL_YEAR: dict[str, ExtraVariance] = {
    "nt5_english": ExtraVariance(2369.0, 1231, 513.7, 1231),
    "nt5_numeracy": ExtraVariance(3502.9, 1224, 557.0, 1224),
    "nt5_reading": ExtraVariance(2942.5, 1236, 580.2, 1236),
    "nt8_english": ExtraVariance(1082.6, 670, 522.6, 670),
    "nt8_numeracy": ExtraVariance(1699.5, 674, 522.7, 674),
    "nt8_reading": ExtraVariance(1672.2, 674, 529.0, 674),
}
NATIONAL_SCHOOL: dict[str, ExtraVariance] = {
    "nt5_english": ExtraVariance(9161.2, 2797, 1157.1, 2799),
    "nt5_numeracy": ExtraVariance(13460.2, 2791, 1274.6, 2793),
    "nt5_reading": ExtraVariance(12043.7, 2802, 1305.1, 2804),
    "nt8_english": ExtraVariance(7137.6, 1542, 1181.7, 1544),
    "nt8_numeracy": ExtraVariance(8555.2, 1551, 1184.4, 1553),
    "nt8_reading": ExtraVariance(7544.0, 1556, 1196.8, 1558),
}
# nt5_english: tau_year 1.49, ratio 1.39; tau_school 2.35, ratio 1.81
# nt5_numeracy: tau_year 2.02, ratio 1.69; tau_school 2.89, ratio 2.20
# nt5_reading: tau_year 1.72, ratio 1.54; tau_school 2.66, ratio 2.07
# nt8_english: tau_year 0.89, ratio 1.27; tau_school 2.18, ratio 2.15
# nt8_numeracy: tau_year 1.40, ratio 1.59; tau_school 2.43, ratio 2.35
# nt8_reading: tau_year 1.37, ratio 1.58; tau_school 2.24, ratio 2.20

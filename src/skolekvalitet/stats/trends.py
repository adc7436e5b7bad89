"""Trends over school years and change between two years, never across a comparability break."""

import math
from collections.abc import Sequence
from typing import Literal, NamedTuple

from .intervals import Z95, Estimate, Interval, compare

Direction = Literal["rising", "no clear trend", "falling", "too few years"]
Change = Literal["up", "no clear change", "down", "not comparable"]


class Point(NamedTuple):
    year: int  # the first calendar year of the school year (2025-26 → 2025)
    value: float
    se: float

    @property
    def estimate(self) -> Estimate:
        return Estimate(self.value, self.se)


class Trend(NamedTuple):
    """A weighted least-squares line through the comparable years (after the last break).

    slope is per year, with its 95 % interval; points are the years used."""

    slope: float | None
    interval: Interval | None
    direction: Direction
    points: tuple[tuple[int, float, float], ...]  # (year, value, se) of the years used

    @property
    def years(self) -> list[int]:
        return [p[0] for p in self.points]


YearValue = tuple[int, float, float]  # a Point, or a plain (year, value, se)


def comparable(points: Sequence[YearValue], breaks: Sequence[int]) -> list[YearValue]:
    """The points after the last comparability break (a break year starts a new series)."""
    ordered = sorted(points)
    if not ordered or not breaks:
        return ordered
    last = max((b for b in breaks if b <= ordered[-1][0]), default=None)
    return ordered if last is None else [p for p in ordered if p[0] >= last]


def trend(
    points: Sequence[YearValue],
    breaks: Sequence[int] = (),
    min_points: int = 3,
    extra: float = 0.0,
) -> Trend:
    """Slope by weighted least squares (weights 1/(se² + extra)) with the standard errors
    (Draper & Smith 1998, ch. 9). extra: each year's variance beyond sampling (stats.noise:
    τ²_year and rounding; a random-effects line, as in meta-regression). Fewer than min_points
    comparable years: no trend is drawn."""
    used = comparable(points, breaks)
    if len(used) < min_points:
        return Trend(None, None, "too few years", tuple(used))
    sw = sx = sy = 0.0
    for year, value, se in used:
        w = 1.0 / (max(se, 1e-9) ** 2 + extra)
        sw, sx, sy = sw + w, sx + w * year, sy + w * value
    xm, ym = sx / sw, sy / sw
    sxx = sxy = 0.0
    for year, value, se in used:
        w = 1.0 / (max(se, 1e-9) ** 2 + extra)
        sxx += w * (year - xm) ** 2
        sxy += w * (year - xm) * (value - ym)
    slope = sxy / sxx
    se = math.sqrt(1.0 / sxx)
    interval = Interval(slope - Z95 * se, slope + Z95 * se)
    direction: Direction = (
        "rising" if interval.low > 0 else "falling" if interval.high < 0 else "no clear trend"
    )
    return Trend(slope, interval, direction, tuple(used))


def change(earlier: Point, later: Point, breaks: Sequence[int] = (), extra: float = 0.0) -> Change:
    """Change between two years only when beyond noise, and never across a break. extra: the
    variance of the difference beyond the two standard errors (stats.noise.Noise.between_years)."""
    if any(earlier.year < b <= later.year for b in breaks):
        return "not comparable"
    verdict = compare(later.estimate, earlier.estimate, extra=extra)
    return {"above": "up", "below": "down"}.get(verdict, "no clear change")  # type: ignore[return-value]

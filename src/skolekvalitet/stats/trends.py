"""Trends over school years and change between two years, never across a comparability break."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .intervals import Z95, Estimate, Interval, compare

Direction = Literal["rising", "no clear trend", "falling", "too few years"]
Change = Literal["up", "no clear change", "down", "not comparable"]


@dataclass(frozen=True, slots=True)
class Point:
    year: int  # the first calendar year of the school year (2025-26 → 2025)
    estimate: Estimate


@dataclass(frozen=True)
class Trend:
    """A weighted least-squares line through the comparable years (after the last break).

    slope is per year, with its 95 % interval; points are the years used."""

    slope: float | None
    interval: Interval | None
    direction: Direction
    points: tuple[Point, ...]


def comparable(points: Sequence[Point], breaks: Sequence[int]) -> list[Point]:
    """The points after the last comparability break (a break year starts a new series)."""
    ordered = sorted(points, key=lambda p: p.year)
    last = max((b for b in breaks if b <= (ordered[-1].year if ordered else 0)), default=None)
    return [p for p in ordered if last is None or p.year >= last]


def trend(points: Sequence[Point], breaks: Sequence[int] = (), min_points: int = 3) -> Trend:
    """Slope by weighted least squares (weights 1/se²) with the sampling standard errors
    (Draper & Smith 1998, ch. 9). Fewer than min_points comparable years: no trend is drawn."""
    used = comparable(points, breaks)
    if len(used) < min_points:
        return Trend(None, None, "too few years", tuple(used))
    w = [1.0 / max(p.estimate.se, 1e-9) ** 2 for p in used]
    x = [float(p.year) for p in used]
    y = [p.estimate.value for p in used]
    sw = sum(w)
    xm = sum(wi * xi for wi, xi in zip(w, x, strict=True)) / sw
    ym = sum(wi * yi for wi, yi in zip(w, y, strict=True)) / sw
    sxx = sum(wi * (xi - xm) ** 2 for wi, xi in zip(w, x, strict=True))
    slope = sum(wi * (xi - xm) * (yi - ym) for wi, xi, yi in zip(w, x, y, strict=True)) / sxx
    se = math.sqrt(1.0 / sxx)
    interval = Interval(slope - Z95 * se, slope + Z95 * se)
    direction: Direction = (
        "rising" if interval.low > 0 else "falling" if interval.high < 0 else "no clear trend"
    )
    return Trend(slope, interval, direction, tuple(used))


def change(earlier: Point, later: Point, breaks: Sequence[int] = ()) -> Change:
    """Change between two years only when beyond noise, and never across a break."""
    if any(earlier.year < b <= later.year for b in breaks):
        return "not comparable"
    verdict = compare(later.estimate, earlier.estimate)
    return {"above": "up", "below": "down"}.get(verdict, "no clear change")  # type: ignore[return-value]

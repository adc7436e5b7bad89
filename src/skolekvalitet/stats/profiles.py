"""The expert group's school profiles (NOU-style report «En skole for vår tid», §5.1.1) over the
last five merged cohorts of the published school contribution indicator of one stage (5–7 or
8–10, never mixed):

1. stable high contribution: SBI above the national average in all five; results and the
   pupil-survey indices (motivation, mastery, teacher support, assessment for learning,
   well-being) above average in the last; bullying not clearly above the national share;
2. as 1, with many pupils of low socio-economic background (share of parents with higher
   education below the national level);
3. steady progress: SBI rising every year over the five; results and indices above average in
   the last; bullying not clearly above;
4. stable low contribution: SBI below the average in all five; results and indices below
   average in the last; bullying above the national share.

Each criterion is met, not met, or unknown (missing or suppressed data); a profile is assigned
only when all its criteria are met.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .intervals import Estimate, compare

Met = Literal["met", "not met", "unknown"]
PERIODS = 5


@dataclass(frozen=True)
class ProfileInput:
    """sbi: the last merged cohorts, oldest first, each an Estimate or None (suppressed);
    results / indices: (school, nation) pairs in the last year; bullying: (school, nation)."""

    sbi: Sequence[Estimate | None]
    results: Sequence[tuple[Estimate | None, Estimate | None]]
    indices: Sequence[tuple[Estimate | None, Estimate | None]]
    bullying: tuple[Estimate | None, Estimate | None]
    higher_education_share: tuple[float | None, float | None] = (None, None)


@dataclass(frozen=True)
class Criterion:
    code: str
    met: Met


@dataclass(frozen=True)
class Profile:
    number: int | None
    criteria: dict[int, tuple[Criterion, ...]]


def _all(values: Sequence[bool | None]) -> Met:
    if any(v is False for v in values):
        return "not met"
    if not values or any(v is None for v in values):
        return "unknown"
    return "met"


def _side(pairs: Sequence[tuple[Estimate | None, Estimate | None]], above: bool) -> Met:
    """Every pair's school value on the required side of the national value (point estimates,
    as the expert group compared them)."""
    return _all(
        [
            None if s is None or n is None else (s.value > n.value if above else s.value < n.value)
            for s, n in pairs
        ]
    )


def profile(data: ProfileInput) -> Profile:
    sbi = list(data.sbi)[-PERIODS:]
    full = len(sbi) == PERIODS
    values = [e.value if e is not None else None for e in sbi]
    all_above = _all([v > 0 if v is not None else None for v in values]) if full else "unknown"
    all_below = _all([v < 0 if v is not None else None for v in values]) if full else "unknown"
    rising = (
        _all([None if a is None or b is None else b > a for a, b in itertools.pairwise(values)])
        if full
        else "unknown"
    )
    results_above, results_below = _side(data.results, True), _side(data.results, False)
    indices_above, indices_below = _side(data.indices, True), _side(data.indices, False)
    school_bullying, national_bullying = data.bullying
    if school_bullying is None or national_bullying is None:
        not_clearly_above: Met = "unknown"
        above_national: Met = "unknown"
    else:
        not_clearly_above = (
            "not met" if compare(school_bullying, national_bullying) == "above" else "met"
        )
        above_national = "met" if school_bullying.value > national_bullying.value else "not met"
    share, national_share = data.higher_education_share
    low_ses: Met = (
        "unknown"
        if share is None or national_share is None
        else "met"
        if share < national_share
        else "not met"
    )
    criteria: dict[int, tuple[Criterion, ...]] = {
        1: (
            Criterion("sbi_above_all_five", all_above),
            Criterion("results_above_average", results_above),
            Criterion("indices_above_average", indices_above),
            Criterion("bullying_not_clearly_above", not_clearly_above),
        ),
        3: (
            Criterion("sbi_rising_every_year", rising),
            Criterion("results_above_average", results_above),
            Criterion("indices_above_average", indices_above),
            Criterion("bullying_not_clearly_above", not_clearly_above),
        ),
        4: (
            Criterion("sbi_below_all_five", all_below),
            Criterion("results_below_average", results_below),
            Criterion("indices_below_average", indices_below),
            Criterion("bullying_above_national", above_national),
        ),
    }
    criteria[2] = (*criteria[1], Criterion("parents_higher_education_below_national", low_ses))
    criteria = dict(sorted(criteria.items()))
    number = None
    for candidate in (2, 1, 3, 4):
        if all(c.met == "met" for c in criteria[candidate]):
            number = candidate
            break
    return Profile(number, criteria)

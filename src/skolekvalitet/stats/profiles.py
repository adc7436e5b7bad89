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

Each criterion is met, not met, or unknown; a profile is assigned only when all its criteria are
met. A criterion is decided wherever the evidence is clear: one period at or below the average
is enough for «above in all five» to be not met, even with periods missing, and a value entered
without its uncertainty counts by its point (the expert group compared points). An unknown
criterion names the data it lacks (`Criterion.missing`), so a page can say what to import.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .intervals import Estimate, compare

Met = Literal["met", "not met", "unknown"]
PERIODS = 5


Value = Estimate | float | None  # a figure with its uncertainty, a bare value, or none


@dataclass(frozen=True)
class ProfileInput:
    """sbi: the last merged cohorts, oldest first, each an Estimate, a value entered without
    its uncertainty, or None (suppressed); results / indices: (school, nation) pairs in the last
    year; bullying: (school, nation). result_codes / index_codes name the pairs' indicators
    (for saying what is missing)."""

    sbi: Sequence[Value]
    results: Sequence[tuple[Value, Value]]
    indices: Sequence[tuple[Value, Value]]
    bullying: tuple[Value, Value]
    higher_education_share: tuple[float | None, float | None] = (None, None)
    result_codes: Sequence[str] = ()
    index_codes: Sequence[str] = ()


Missing = tuple[str, str]  # (what: school, nation, uncertainty, periods, suppressed; subject)


@dataclass(frozen=True)
class Criterion:
    code: str
    met: Met
    missing: tuple[Missing, ...] = ()  # what an unknown criterion lacks


@dataclass(frozen=True)
class Profile:
    number: int | None
    criteria: dict[int, tuple[Criterion, ...]]

    @property
    def decided(self) -> bool:
        """A profile, or none because every profile has a criterion not met."""
        return self.number is not None or all(
            any(c.met == "not met" for c in crit) for crit in self.criteria.values()
        )

    @property
    def missing(self) -> tuple[Missing, ...]:
        """What the criteria that are still unknown lack (each once, in order)."""
        if self.decided:
            return ()
        seen: dict[Missing, None] = {}
        for crit in self.criteria.values():
            if any(c.met == "not met" for c in crit):
                continue  # this profile is ruled out: its gaps do not matter
            for c in crit:
                seen.update(dict.fromkeys(c.missing))
        return tuple(seen)


def _point(value: Value) -> float | None:
    return value.value if isinstance(value, Estimate) else value


def _all(values: Sequence[bool | None]) -> Met:
    if any(v is False for v in values):
        return "not met"
    if not values or any(v is None for v in values):
        return "unknown"
    return "met"


def _side(
    pairs: Sequence[tuple[Value, Value]], above: bool, codes: Sequence[str], code: str
) -> Criterion:
    """Every pair's school value on the required side of the national value (point estimates,
    as the expert group compared them)."""
    points = [(_point(s), _point(n)) for s, n in pairs]
    met = _all([None if s is None or n is None else (s > n if above else s < n) for s, n in points])
    missing: list[Missing] = []
    if met == "unknown":
        names = list(codes) + [str(i) for i in range(len(codes), len(points))]
        for (s, n), name in zip(points, names, strict=True):
            if s is None:
                missing.append(("school", name))
            if n is None:
                missing.append(("nation", name))
    return Criterion(code, met, tuple(missing))


def _sbi(periods: list[float | None], checks: list[bool | None], code: str) -> Criterion:
    """A test on each of the five periods (or each step between them): not met as soon as one
    fails, met when all five periods are there and every check passes, else unknown, saying
    what is missing."""
    met = _all(checks)
    if met == "met" and len(periods) < PERIODS:
        met = "unknown"
    missing: list[Missing] = []
    if met == "unknown":
        if len(periods) < PERIODS:
            missing.append(("periods", str(len(periods))))
        if None in periods:
            missing.append(("suppressed", str(periods.count(None))))
    return Criterion(code, met, tuple(missing))


def profile(data: ProfileInput) -> Profile:
    values = [_point(v) for v in list(data.sbi)[-PERIODS:]]
    all_above = _sbi(values, [None if v is None else v > 0 for v in values], "sbi_above_all_five")
    all_below = _sbi(values, [None if v is None else v < 0 for v in values], "sbi_below_all_five")
    # Five periods give four steps; a missing period leaves the steps beside it unknown.
    steps = [None if a is None or b is None else b > a for a, b in itertools.pairwise(values)]
    rising = _sbi(values, steps, "sbi_rising_every_year")
    results_above = _side(data.results, True, data.result_codes, "results_above_average")
    results_below = _side(data.results, False, data.result_codes, "results_below_average")
    indices_above = _side(data.indices, True, data.index_codes, "indices_above_average")
    indices_below = _side(data.indices, False, data.index_codes, "indices_below_average")
    not_clearly_above, above_national = _bullying(*data.bullying)
    share, national_share = data.higher_education_share
    low_ses = Criterion(
        "parents_higher_education_below_national",
        "unknown"
        if share is None or national_share is None
        else "met"
        if share < national_share
        else "not met",
        tuple(
            (where, "parents_higher_education")
            for where, v in (("school", share), ("nation", national_share))
            if v is None
        ),
    )
    criteria: dict[int, tuple[Criterion, ...]] = {
        1: (all_above, results_above, indices_above, not_clearly_above),
        3: (rising, results_above, indices_above, not_clearly_above),
        4: (all_below, results_below, indices_below, above_national),
    }
    criteria[2] = (*criteria[1], low_ses)
    criteria = dict(sorted(criteria.items()))
    number = None
    for candidate in (2, 1, 3, 4):
        if all(c.met == "met" for c in criteria[candidate]):
            number = candidate
            break
    return Profile(number, criteria)


def _bullying(school: Value, nation: Value) -> tuple[Criterion, Criterion]:
    """«Not clearly above» the national share (beyond its uncertainty) and «above» it."""
    codes = ("bullying_not_clearly_above", "bullying_above_national")
    s, n = _point(school), _point(nation)
    if s is None or n is None:
        missing = tuple(
            (where, "ps_bullying") for where, v in (("school", s), ("nation", n)) if v is None
        )
        return Criterion(codes[0], "unknown", missing), Criterion(codes[1], "unknown", missing)
    above: Met = "met" if s > n else "not met"
    if s <= n:
        clear: Met = "met"  # at or below the nation: not clearly above, whatever the noise
    elif isinstance(school, Estimate):
        reference = nation if isinstance(nation, Estimate) else Estimate(n, 0.0)
        clear = "not met" if compare(school, reference) == "above" else "met"
    else:
        return (
            Criterion(codes[0], "unknown", (("uncertainty", "ps_bullying"),)),
            Criterion(codes[1], above),
        )
    return Criterion(codes[0], clear), Criterion(codes[1], above)

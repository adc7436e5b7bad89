"""Summaries of questionnaire answers: means with intervals, distributions, shares.

Agreement items are 1–5; "don't know" is left out of the mean (it is not a middle answer) and
counted on its own. The interval of a mean is the normal one from the sample standard deviation
(se = sd / √n), the one Udir uses for its survey indices; a share uses Wilson's interval.
A dimension score is each respondent's mean over the dimension's items they answered, then the
mean of those over respondents (so a respondent counts once however many items they answered).
"""

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .intervals import Estimate, Interval, mean_estimate, wilson_interval

SCALE = (1, 2, 3, 4, 5)
LIGHTS = ("green", "yellow", "red")


class MeanSummary(NamedTuple):
    n: int
    mean: float
    sd: float
    estimate: Estimate | None
    distribution: dict[int, int]
    dont_know: int

    @property
    def interval(self) -> Interval | None:
        if self.estimate is None:
            return None
        low, high = self.estimate.interval()
        return Interval(max(low, 1.0), min(high, 5.0))


class LightSummary(NamedTuple):
    n: int
    distribution: dict[str, int]
    green_share: float
    green_interval: Interval

    @property
    def is_lights(self) -> bool:
        return True


def ratings(values: Iterable[object]) -> tuple[list[int], int]:
    """The 1–5 ratings among answers, and how many said "don't know" (0); others are skipped."""
    rated, dont_know = [], 0
    for v in values:
        if isinstance(v, int) and not isinstance(v, bool):
            if 1 <= v <= 5:
                rated.append(v)
            elif v == 0:
                dont_know += 1
    return rated, dont_know


def response_rate(answered: int, invited: int) -> int | None:
    """The percentage of those invited who answered, rounded; None when nobody was invited."""
    return round(100 * answered / invited) if invited else None


def summarise_scale(values: Iterable[float], dont_know: int = 0) -> MeanSummary | None:
    """The mean of 1–5 answers with its 95 % interval; None without any answers."""
    answers = list(values)
    if not answers:
        return None
    mean = statistics.fmean(answers)
    sd = statistics.stdev(answers) if len(answers) > 1 else 0.0
    estimate = mean_estimate(mean, uncertainty=sd, kind="sd", n=len(answers))
    counts = Counter(round(a) for a in answers if float(a).is_integer())
    return MeanSummary(
        len(answers), mean, sd, estimate, {k: counts.get(k, 0) for k in SCALE}, dont_know
    )


def summarise_lights(values: Sequence[str]) -> LightSummary | None:
    answers = [v for v in values if v in LIGHTS]
    if not answers:
        return None
    counts = Counter(answers)
    share = 100.0 * counts["green"] / len(answers)
    return LightSummary(
        len(answers),
        {k: counts.get(k, 0) for k in LIGHTS},
        share,
        wilson_interval(share, len(answers)),
    )


def respondent_means(rows: Iterable[Sequence[int | None]]) -> list[float]:
    """Each respondent's mean over the items they rated 1–5 (None and 0, "don't know", skipped)."""
    means = []
    for row in rows:
        rated, _dont_know = ratings(row)
        if rated:
            means.append(statistics.fmean(rated))
    return means


def change(now: MeanSummary, before: MeanSummary) -> tuple[float, Interval] | None:
    """The change between two independent rounds with its 95 % interval."""
    if now.estimate is None or before.estimate is None:
        return None
    se = math.hypot(now.estimate.se, before.estimate.se)
    diff = now.mean - before.mean
    return diff, Estimate(diff, se).interval()

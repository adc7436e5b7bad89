"""The follow-up routine: which schools may need help (the expert group asks owners to have one,
«En skole for vår tid» ch. 8). Each rule gives a flag with the evidence behind it; a flag is a
reason to look closer and talk, never a verdict on a school. Profile 4 is the clearest signal,
never the only one.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .intervals import Estimate, compare
from .noise import QUIET, Noise
from .profiles import Profile
from .trends import Point, change

YearPair = tuple[int, Estimate | None, Estimate | None]  # (year, school, nation)


@dataclass(frozen=True)
class Rules:
    """Defaults; an owner may change them (analysis.models.FollowUpRules)."""

    profile_4: bool = True
    below_nation_years: int = 3
    bullying_above_nation: bool = True
    bullying_rising: bool = True
    participation_min_percent: float = 80.0
    participation_drop_points: float = 10.0
    overdue_agreements: bool = True


@dataclass(frozen=True)
class Flag:
    code: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SchoolInput:
    profiles: dict[str, Profile]
    results: dict[str, Sequence[YearPair]]  # indicator code → series
    bullying: Sequence[YearPair]
    participation: Sequence[tuple[int, float | None]]
    breaks: dict[str, Sequence[int]]
    overdue_agreements: int | None = None
    # indicator code → its noise beyond sampling (stats.noise); none given: sampling only
    noise: Mapping[str, Noise] = field(default_factory=dict)


def _below_streak(
    series: Sequence[YearPair], years: int, breaks: Sequence[int], extra: float = 0.0
) -> list[int]:
    """The latest `years` comparable years, if the school is clearly below the nation in all."""
    usable = sorted((y, s, n) for y, s, n in series if s is not None and n is not None)
    last_break = max((b for b in breaks if usable and b <= usable[-1][0]), default=None)
    usable = [u for u in usable if last_break is None or u[0] >= last_break][-years:]
    if len(usable) < years:
        return []
    if all(compare(s, n, extra=extra) == "below" for _, s, n in usable if s and n):
        return [y for y, _, _ in usable]
    return []


def follow_up_flags(data: SchoolInput, rules: Rules = Rules()) -> list[Flag]:
    flags: list[Flag] = []
    if rules.profile_4:
        for stage, result in sorted(data.profiles.items()):
            if result.number == 4:
                flags.append(Flag("profile_4", {"stage": stage}))
    if rules.below_nation_years:
        for code, series in sorted(data.results.items()):
            years = _below_streak(
                series,
                rules.below_nation_years,
                data.breaks.get(code, ()),
                data.noise.get(code, QUIET).versus_reference,
            )
            if years:
                flags.append(Flag("results_below_nation", {"indicator": code, "years": years}))
    bullying = sorted((y, s, n) for y, s, n in data.bullying if s is not None)
    bullying_noise = data.noise.get("ps_bullying", QUIET)
    if bullying and rules.bullying_above_nation:
        year, school, nation = bullying[-1]
        if (
            school is not None
            and nation is not None
            and compare(school, nation, extra=bullying_noise.versus_reference) == "above"
        ):
            flags.append(
                Flag(
                    "bullying_above_nation",
                    {"year": year, "value": school.value, "nation": nation.value},
                )
            )
    if len(bullying) >= 2 and rules.bullying_rising:
        (y0, a, _), (y1, b, _) = bullying[-2], bullying[-1]
        if (
            a is not None
            and b is not None
            and change(
                Point(y0, *a),
                Point(y1, *b),
                data.breaks.get("ps_bullying", ()),
                extra=bullying_noise.between_years,
            )
            == "up"
        ):
            flags.append(Flag("bullying_rising", {"years": [y0, y1], "values": [a.value, b.value]}))
    rates = sorted((y, v) for y, v in data.participation if v is not None)
    if rates:
        year, latest = rates[-1]
        dropped = len(rates) >= 2 and rates[-2][1] - latest >= rules.participation_drop_points
        if latest < rules.participation_min_percent or dropped:
            flags.append(
                Flag(
                    "participation_falling",
                    {"years": [y for y, _ in rates[-2:]], "values": [v for _, v in rates[-2:]]},
                )
            )
    if rules.overdue_agreements and data.overdue_agreements:
        flags.append(Flag("overdue_agreements", {"count": data.overdue_agreements}))
    return flags

"""The school data sheet, the owner overview and the follow-up routine, built on the chain."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from skolekvalitet.knowledge.areas import AREAS, QualityArea, area_of, is_staff_result
from skolekvalitet.knowledge.chain import AREA_LEVELS, Chain, Figure, breaks_of
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.models import Owner, School
from skolekvalitet.stats.flags import Flag, Rules, SchoolInput, follow_up_flags
from skolekvalitet.stats.intervals import Estimate
from skolekvalitet.stats.noise import Noise, noise_for
from skolekvalitet.stats.profiles import Profile, ProfileInput, profile
from skolekvalitet.stats.suppression import Pooled, with_share_uncertainty
from skolekvalitet.stats.trends import Trend, comparable, trend

STAGES = {
    "5-7": {
        "sbi": "sbi_5_7",
        "results": [("nt5_reading", 5), ("nt5_numeracy", 5)],
        "survey_grade": 7,
        "grades": {5, 6, 7},
    },
    "8-10": {
        "sbi": "sbi_8_10",
        "results": [("nt8_reading", 8), ("nt8_numeracy", 8), ("gsp", 10)],
        "survey_grade": 10,
        "grades": {8, 9, 10},
    },
}
PROFILE_INDICES = [
    "ps_motivation",
    "ps_mastery",
    "ps_teacher_support",
    "ps_assessment_for_learning",
    "ps_wellbeing",
]
RESULT_FLAG_INDICATORS = [
    ("nt5_reading", 5),
    ("nt5_numeracy", 5),
    ("nt5_english", 5),
    ("nt8_reading", 8),
    ("nt8_numeracy", 8),
    ("nt8_english", 8),
    ("gsp", 10),
]


class Row(NamedTuple):
    """One indicator and grade on a school's data sheet."""

    indicator: Indicator
    grade: int
    series: list[Figure]
    latest: Figure
    comparisons: dict[str, tuple[Figure | None, str]]
    verdict: str
    trend: Trend
    pooled: Pooled | None
    noise: Noise | None = None  # the variation beyond sampling the verdicts allowed for

    @property
    def unit_id(self) -> str:
        return f"{self.indicator.code}-{self.grade}"


def verdict_for(status: str, versus_nation: str) -> str:
    """A latest figure's verdict: hidden, or its comparison with the nation."""
    if status == "too_few":
        return "too_few"
    if status != "shown":
        return "suppressed"
    return versus_nation


def _trend(indicator: Indicator, series: list[Figure], noise: Noise | None = None) -> Trend:
    """An area series' trend beyond noise (a school's is published with its figures); without
    a noise given, the national file's for the indicator and the rounding read from the
    series."""
    points = [(f.start_year, f.value, f.se) for f in series if f.se is not None]
    if noise is None:
        noise = noise_for(indicator.code, {}, values=[p[1] for p in points])
    return trend(points, breaks_of(indicator), extra=noise.per_figure)


def _published_trend(indicator: Indicator, series: list[Figure]) -> Trend:
    """The trend published on the series' latest figure, with the years it was drawn through."""
    latest = series[-1]
    points = [(f.start_year, f.value, f.se) for f in series if f.se is not None]
    used = tuple(comparable(points, breaks_of(indicator)))
    return Trend(latest.trend_slope, None, latest.trend or "too few years", used)  # type: ignore[arg-type]


def sheet_row(chain: Chain, school: School, indicator: Indicator, grade: int) -> Row | None:
    series = chain.series(indicator, ("school", school.pk), grade)
    if not series:
        return None
    latest = series[-1]
    comparisons = {
        level: (
            chain.comparison(indicator, level, latest.year, latest.grade)[0],
            latest.versus(level),
        )
        for level in AREA_LEVELS  # the verdicts as published, with the owner-wide noise
    }
    pooled = chain.pool(series) if latest.status == "too_few" else None
    if indicator.unit == "share":
        pooled = with_share_uncertainty(pooled)
    return Row(
        indicator,
        grade,
        series,
        latest,
        comparisons,
        verdict_for(latest.status, comparisons["nation"][1]),
        _published_trend(indicator, series),
        pooled,
        chain.noise(indicator),
    )


def school_sheet(
    chain: Chain, school: School, *, staff_results: bool
) -> list[tuple[QualityArea, list[Row]]]:
    """The school's rows by quality area, key indicators first. staff_results: whether the
    reader may see staff questionnaires' scores (access.may_read_staff_results)."""
    sections: dict[str, list[Row]] = {}
    for ind_id, grade in chain.unit_keys(("school", school.pk)):
        indicator = chain.indicators[ind_id]
        if not staff_results and is_staff_result(indicator):
            continue
        row = sheet_row(chain, school, indicator, grade)
        if row is not None:
            sections.setdefault(area_of(indicator).code, []).append(row)
    return [
        (
            area,
            sorted(
                sections[area.code], key=lambda r: (not r.indicator.key, r.indicator.name, r.grade)
            ),
        )
        for area in AREAS
        if area.code in sections
    ]


def _value(figure: Figure | None) -> Estimate | float | None:
    """A shown figure with its uncertainty, or its bare value when entered without one."""
    if figure is None or figure.status != "shown":
        return None
    return figure.estimate or figure.value


def _pair(
    chain: Chain, indicator: Indicator | None, school: School, year: str, grade: int
) -> tuple[Estimate | float | None, Estimate | None]:
    """The school's latest figure up to `year` and the nation's of the same year."""
    if indicator is None:
        return None, None
    series = [f for f in chain.series(indicator, ("school", school.pk), grade) if f.year <= year]
    if not series:
        return None, chain.reference(indicator, "nation", year, grade)
    figure = series[-1]
    return _value(figure), chain.reference(indicator, "nation", figure.year, grade)


def _periods(series: list[Figure]) -> list[Estimate | float | None]:
    """The five school years up to the last published period, from the first there is: a year
    without a figure (or suppressed) is None."""
    if not series:
        return []
    by_start = {f.start_year: f for f in series}
    last = series[-1].start_year
    first = max(last - 4, series[0].start_year)
    return [_value(by_start.get(start)) for start in range(first, last + 1)]


def school_profiles(
    chain: Chain, school: School, by_code: dict[str, Indicator]
) -> dict[str, Profile]:
    out = {}
    for stage, spec in STAGES.items():
        if not spec["grades"] <= set(school.grades):
            continue
        sbi = by_code.get(spec["sbi"])
        series = chain.series(sbi, ("school", school.pk), 0) if sbi else []
        last = series[-1].year if series else None
        survey = spec["survey_grade"]
        year = last or chain.latest_year(("school", school.pk))
        if year is None:
            continue
        parents = by_code.get("parents_higher_education")
        share, national = _pair(chain, parents, school, year, 0)
        data = ProfileInput(
            sbi=_periods(series),
            results=[
                _pair(chain, by_code.get(code), school, year, grade)
                for code, grade in spec["results"]
            ],
            indices=[
                _pair(chain, by_code.get(code), school, year, survey) for code in PROFILE_INDICES
            ],
            bullying=_pair(chain, by_code.get("ps_bullying"), school, year, survey),
            higher_education_share=(
                share.value if isinstance(share, Estimate) else share,
                national.value if national is not None else None,
            ),
            result_codes=[code for code, _grade in spec["results"]],
            index_codes=PROFILE_INDICES,
        )
        out[stage] = profile(data)
    return out


@dataclass
class SchoolAnalysis:
    school: School
    profiles: dict[str, Profile] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)


def _pairs(chain: Chain, indicator: Indicator, school: School, grade: int):
    return [
        (f.start_year, f.estimate, chain.reference(indicator, "nation", f.year, grade))
        for f in chain.series(indicator, ("school", school.pk), grade)
    ]


# Each school's overdue follow-up agreements ({school id: count}) for the rule of that name.
# Agreements belong to the dialogues app, a layer above analysis: it registers its counter when
# it starts (dialogues/apps.py), so analysis never imports it.
overdue_counters: list[Callable[[Owner, datetime.date], dict[int, int]]] = []


def overdue_agreements(owner: Owner, today: datetime.date) -> dict[int, int]:
    return overdue_counters[0](owner, today) if overdue_counters else {}


def analyse_school(
    chain: Chain, school: School, rules: Rules, overdue_agreements: int | None = None
) -> SchoolAnalysis:
    by_code = {i.code: i for i in chain.indicators.values()}
    profiles = school_profiles(chain, school, by_code)
    results = {
        code: _pairs(chain, by_code[code], school, grade)
        for code, grade in RESULT_FLAG_INDICATORS
        if code in by_code
    }
    survey_grade = 10 if 10 in school.grades else 7
    bullying = by_code.get("ps_bullying")
    participation = by_code.get("ps_participation")
    data = SchoolInput(
        profiles=profiles,
        results={k: v for k, v in results.items() if v},
        bullying=_pairs(chain, bullying, school, survey_grade) if bullying else [],
        participation=[
            (f.start_year, f.shown.value)
            for f in chain.series(participation, ("school", school.pk), survey_grade)
        ]
        if participation
        else [],
        breaks={code: breaks_of(i) for code, i in by_code.items()},
        overdue_agreements=overdue_agreements,
        noise={
            code: chain.noise(by_code[code])
            for code in [*results, "ps_bullying"]
            if code in by_code
        },
    )
    return SchoolAnalysis(school, profiles, follow_up_flags(data, rules))


KEY_COLUMNS = [
    ("nt5_reading", 5),
    ("nt5_numeracy", 5),
    ("nt8_reading", 8),
    ("nt8_numeracy", 8),
    ("gsp", 10),
    ("ps_wellbeing", 7),
    ("ps_bullying", 7),
    ("ps_wellbeing", 10),
    ("ps_bullying", 10),
    ("sbi_5_7", 0),
    ("sbi_8_10", 0),
]


def overview(chain: Chain) -> tuple[list[tuple[Indicator, int]], list[tuple[School, list]]]:
    """Schools × key indicators, latest year each; a cell is marked only beyond noise."""
    by_code = {i.code: i for i in chain.indicators.values()}
    columns = [(by_code[c], g) for c, g in KEY_COLUMNS if c in by_code]
    used = [
        col
        for col in columns
        if any(chain.series(col[0], ("school", s), col[1]) for s in chain.schools)
    ]
    table = []
    for school in sorted(chain.schools.values(), key=lambda s: s.name):
        cells = []
        for indicator, grade in used:
            row = sheet_row(chain, school, indicator, grade)
            cells.append(row)
        table.append((school, cells))
    return used, table

"""The noise correction on Udir's real files (skipped without ../shared/data/udir): how many real
series are called rising/falling, how many schools fall outside a real funnel, and how many
«clearly above/below» verdicts change, before and after. `pytest -s` prints the numbers; the
note in docs/explanation/honest-numbers.md quotes them.

Trends: Stavanger's national-test series 2014-15 to 2020-21 from the Skoleporten export (one
comparable series: the new scale began in 2022), each school's standard error taken from its
own published «Usikkerhet» in 2022-23 and 2023-24 (the old export has none)."""

from collections import defaultdict

import pytest

from skolekvalitet.sources.detect import parse_file
from skolekvalitet.sources.text import normalise_name
from skolekvalitet.stats.funnel import fit_funnel, individual_sd
from skolekvalitet.stats.intervals import Z95, Estimate, compare
from skolekvalitet.stats.noise import NATIONAL_YEAR, funnel_noise, noise_for, year_to_year
from skolekvalitet.stats.trends import trend
from tests.stats.reference.noise_national import FILES
from tests.udir import SKOLEPORTEN, udir_file

STAVANGER, BERGEN = "1103", "4601"


@pytest.fixture(scope="module")
def national():
    return [r for name in FILES for r in parse_file(udir_file(name), name).records]


def _stavanger_series(national) -> dict[str, dict[tuple, list]]:
    ses = defaultdict(list)
    for r in national:
        if (
            r.unit_kind == "school"
            and r.subgroup == "all"
            and r.uncertainty is not None
            and r.municipality_code == STAVANGER
        ):
            ses[(normalise_name(r.unit_name), r.indicator, r.grade)].append(r.uncertainty / Z95)
    series = defaultdict(list)
    for r in parse_file(udir_file(SKOLEPORTEN), SKOLEPORTEN).records:
        key = (normalise_name(r.unit_name), r.indicator, r.grade)
        if r.subgroup == "all" and r.value is not None and key in ses:
            se = sum(ses[key]) / len(ses[key])
            series[key].append((int(r.school_year[:4]), r.value, se))
    by_indicator: dict[str, dict[tuple, list]] = defaultdict(dict)
    for key, points in series.items():
        if len(points) >= 3 and key[1] in NATIONAL_YEAR:
            by_indicator[key[1]][key] = sorted(points)
    return by_indicator


def test_real_series_are_called_rising_or_falling_far_less_often(national):
    by_indicator = _stavanger_series(national)
    total = before = after = 0
    scatter = year_to_year([s for d in by_indicator.values() for s in d.values()])
    for code, series in by_indicator.items():
        noise = noise_for(code, series)
        for points in series.values():
            total += 1
            before += trend(points).direction in ("rising", "falling")
            after += trend(points, extra=noise.per_figure).direction in ("rising", "falling")
    print(
        f"\nStavanger 2014-2020: {total} series; scatter around the line "
        f"{scatter.ratio:.2f}× the published uncertainty; rising/falling before "
        f"{before} ({before / total:.1%}), after {after} ({after / total:.1%})"
    )
    assert total > 100
    assert scatter.ratio > 1.3
    assert before / total > 0.2
    assert after / total < 0.10


def test_real_funnels_hold_their_limits(national):
    nation = {
        (r.indicator, r.school_year, r.grade): r.value
        for r in national
        if r.unit_kind == "nation" and r.subgroup == "all"
    }
    funnels = defaultdict(list)
    for r in national:
        usable = r.value is not None and r.n and r.uncertainty is not None
        if r.unit_kind == "school" and r.subgroup == "all" and usable:
            funnels[(r.municipality_code, r.indicator, r.school_year, r.grade)].append(r)
    for municipality in (BERGEN, STAVANGER):
        total = before = after = 0
        for (muni, code, year, grade), rows in funnels.items():
            if muni != municipality or len(rows) < 3:
                continue
            centre = nation[(code, year, grade)]
            values, ns = [r.value for r in rows], [r.n for r in rows]
            ses = [r.uncertainty / Z95 for r in rows]
            sd = individual_sd(ses, ns)
            noise = funnel_noise(noise_for(code, {}, values=values), values, ses, centre)
            total += len(rows)
            before += len(fit_funnel(values, ns, centre, sd).outside_95)
            after += len(fit_funnel(values, ns, centre, sd, tau2=noise.funnel).outside_95)
        print(
            f"\n{municipality}: {total} school figures in funnels; outside the 95 % limits "
            f"before {before} ({before / total:.1%}), after {after} ({after / total:.1%})"
        )
        assert before / total > 0.25
        assert after / total < 0.10


def test_real_comparisons_with_the_nation(national):
    nation = {
        (r.indicator, r.school_year, r.grade): Estimate(r.value, r.uncertainty / Z95)
        for r in national
        if r.unit_kind == "nation" and r.subgroup == "all"
    }
    counts: dict[str, int] = defaultdict(int)
    rows = [
        r
        for r in national
        if r.unit_kind == "school" and r.subgroup == "all" and r.value is not None
        if r.uncertainty is not None
    ]
    for r in rows:
        noise = noise_for(r.indicator, {}, values=[50.0, 51.0, 52.0])  # whole points
        school, ref = (
            Estimate(r.value, r.uncertainty / Z95),
            nation[r.indicator, r.school_year, r.grade],
        )
        plain = compare(school, ref)
        rounded = compare(school, ref, extra=2 * noise.rounding)
        full = compare(school, ref, extra=noise.versus_reference)
        counts["clear before"] += plain != "no clear difference"
        counts["flipped by rounding"] += plain != rounded
        counts["clear after"] += full != "no clear difference"
    print(f"\nall schools, 2022-23 and 2023-24: {len(rows)} figures; {dict(counts)}")
    assert counts["flipped by rounding"] > 0
    assert counts["clear after"] < counts["clear before"]

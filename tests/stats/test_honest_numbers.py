"""Intervals pinned by hand computation, trends and breaks, suppression that cannot be undone
(property tests), profiles and follow-up flags."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skolekvalitet.stats.flags import Rules, SchoolInput, follow_up_flags
from skolekvalitet.stats.intervals import (
    Estimate,
    compare,
    difference,
    mean_estimate,
    share_estimate,
    wilson_interval,
)
from skolekvalitet.stats.profiles import ProfileInput, profile
from skolekvalitet.stats.suppression import Cell, Relation, pool_hidden, primary, suppress
from skolekvalitet.stats.trends import Point, change, comparable, trend


def test_it_reads_udirs_uncertainty_as_a_95_percent_half_width():
    e = mean_estimate(50, uncertainty=2.5, kind="udir", n=40)
    assert e.se == pytest.approx(1.27554, abs=1e-5)
    assert (e.interval().low, e.interval().high) == pytest.approx((47.5, 52.5))


def test_it_turns_a_standard_deviation_into_a_standard_error():
    assert mean_estimate(4.0, uncertainty=1.0, kind="sd", n=25).se == pytest.approx(0.2)
    assert mean_estimate(4.0, uncertainty=1.0, kind="sd", n=None) is None
    assert mean_estimate(4.0, uncertainty=0.3, kind="se", n=None).se == 0.3
    assert mean_estimate(4.0, uncertainty=None, kind=None, n=30) is None


def test_it_computes_the_wilson_interval_by_hand():
    # 10 of 50: centre (p + z²/2n)/(1 + z²/n) = 0.22140, half-width 0.10897.
    interval = wilson_interval(20.0, 50)
    assert (interval.low, interval.high) == pytest.approx((11.244, 33.037), abs=1e-3)
    zero = wilson_interval(0.0, 12)
    assert zero.low == pytest.approx(0, abs=1e-9) and zero.high == pytest.approx(24.25, abs=0.01)
    assert share_estimate(20.0, 50).se == pytest.approx((33.037 - 11.244) / (2 * 1.95996), abs=1e-3)


def test_it_compares_only_beyond_noise():
    nation = Estimate(50.0, 0.05)
    assert compare(Estimate(54.0, 2.0), nation) == "above"
    assert compare(Estimate(53.0, 2.0), nation) == "no clear difference"
    assert compare(Estimate(45.0, 2.0), nation) == "below"
    d = difference(Estimate(54.0, 2.0), nation)
    assert d.value == 4.0 and d.se == pytest.approx(math.hypot(2.0, 0.05))


@given(st.floats(-100, 100), st.floats(0.01, 30), st.floats(-100, 100), st.floats(0, 5))
def test_it_never_says_above_when_the_interval_includes_the_reference(v, se, ref, ref_se):
    verdict = compare(Estimate(v, se), Estimate(ref, ref_se))
    interval = difference(Estimate(v, se), Estimate(ref, ref_se)).interval()
    if interval.low <= 0 <= interval.high:
        assert verdict == "no clear difference"


def test_it_fits_a_weighted_trend_by_hand():
    points = [Point(2020 + i, 1.0 + i, 1.0) for i in range(3)]
    result = trend(points)
    assert result.slope == pytest.approx(1.0)
    half = 1.95996 * math.sqrt(0.5)
    assert (result.interval.low, result.interval.high) == pytest.approx(
        (1 - half, 1 + half), abs=1e-4
    )
    assert result.direction == "no clear trend"
    sharp = trend([Point(p.year, p.estimate.value, 0.1) for p in points])
    assert sharp.direction == "rising"


def test_it_never_draws_a_trend_across_a_break():
    points = [Point(2019 + i, 40.0 + 5 * i, 0.5) for i in range(6)]
    assert [p[0] for p in comparable(points, [2022])] == [2022, 2023, 2024]
    assert trend(points, [2023]).direction == "too few years"
    assert change(points[2], points[4], [2022]) == "not comparable"
    assert change(points[3], points[4], [2022]) == "up"
    assert change(Point(2023, 50, 2), Point(2024, 52, 2)) == "no clear change"


def test_it_suppresses_small_groups_and_keeps_what_the_source_hid():
    assert primary(50.0, 8, source_suppressed=False, threshold=10).status == "too_few"
    assert primary(None, 40, source_suppressed=True, threshold=10).status == "suppressed_by_source"
    assert primary(50.0, 12, source_suppressed=False, threshold=10).value == 50.0


def test_it_hides_a_second_gender_when_one_is_hidden():
    cells = [Cell("all", 50.0, 30), Cell("girls", 52.0, 22), Cell("boys", 44.0, 8)]
    shown = suppress(cells, [Relation("all", ("girls", "boys"))], threshold=10)
    assert shown["boys"].status == "too_few"
    assert shown["girls"].status == "secondary"
    assert shown["all"].status == "shown"


def test_it_hides_the_other_school_of_a_two_school_municipality():
    cells = [Cell("kommune", 51.0, 40), Cell("a", 52.0, 33), Cell("b", 48.0, 7)]
    shown = suppress(cells, [Relation("kommune", ("a", "b"))], threshold=10)
    assert [k for k, s in shown.items() if s.status != "shown"] == ["a", "b"]


@st.composite
def tables(draw):
    """A total with its parts, often with girls/boys below it, and random group sizes."""
    parts = draw(st.integers(2, 6))
    sizes = draw(st.lists(st.integers(0, 40), min_size=parts, max_size=parts))
    values = draw(st.lists(st.floats(1, 100), min_size=parts, max_size=parts))
    hidden_by_source = draw(st.lists(st.booleans(), min_size=parts, max_size=parts))
    cells = [
        Cell(f"p{i}", values[i], sizes[i], hidden_by_source[i] and draw(st.booleans()))
        for i in range(parts)
    ]
    total_n = sum(sizes)
    total = sum(v * n for v, n in zip(values, sizes, strict=True)) / total_n if total_n else 1.0
    cells.append(Cell("total", total, total_n))
    relations = [Relation("total", tuple(f"p{i}" for i in range(parts)))]
    if parts >= 2 and draw(st.booleans()):
        relations.append(Relation("p0", ("p0_girls", "p0_boys")))
        girls = draw(st.integers(0, sizes[0]))
        cells += [Cell("p0_girls", values[0], girls), Cell("p0_boys", values[0], sizes[0] - girls)]
    return cells, relations, draw(st.integers(1, 20))


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_hidden_value_can_be_recovered_from_what_is_shown(table):
    cells, relations, threshold = table
    shown = suppress(cells, relations, threshold)
    for relation in relations:
        members = [relation.total, *relation.parts]
        hidden = [m for m in members if shown[m].status != "shown"]
        # With exactly one unknown in an additive relation it could be solved for.
        assert len(hidden) != 1, (relation, shown)
    for cell in cells:
        if cell.source_suppressed or (cell.n is not None and cell.n < threshold):
            assert shown[cell.key].value is None


def test_it_pools_hidden_years_only_within_a_fixed_pair_of_years():
    cells = [Cell(2023, 4.1, 12), Cell(2024, 4.0, 6), Cell(2025, 3.0, 5)]
    pooled = pool_hidden(cells, [0.2, 0.3, 0.4], threshold=10, starts=[2023, 2024, 2025])
    assert pooled.keys == (2024, 2025) and pooled.n == 11
    assert pooled.value == pytest.approx((4.0 * 6 + 3.0 * 5) / 11)
    assert pooled.se == pytest.approx(math.sqrt((6 / 11 * 0.3) ** 2 + (5 / 11 * 0.4) ** 2))
    # 2024-25 and 2025-26 form a period; 2025-26 never pools with 2024-25's predecessor.
    assert pool_hidden(cells[:2], [0.1, 0.1], 10, starts=[2023, 2024]) is None
    assert (
        pool_hidden([Cell(2024, 4.0, 12), Cell(2025, 3.0, 5)], [0.1, 0.1], 10, [2024, 2025]) is None
    )
    assert (
        pool_hidden([Cell(2024, None, 6, True), Cell(2025, 3.0, 5)], [None, 0.1], 10, [2024, 2025])
        is None
    )


def test_pooled_figures_cannot_be_differenced_across_years():
    """Whatever years have arrived, two pools either cover the same years or none in common:
    the pool of 2024-25 and 2025-26 and a later one of 2024-25 to 2026-27 would give away
    2026-27 (and its n of 1)."""
    sizes = {2024: 6, 2025: 5, 2026: 1, 2027: 9, 2028: 4, 2029: 7, 2030: 3}
    pools = []
    years = sorted(sizes)
    for last in range(1, len(years) + 1):
        for first in range(last):
            chosen = years[first:last]
            cells = [Cell(y, 3.0 + y % 3, sizes[y]) for y in chosen]
            pooled = pool_hidden(cells, [None] * len(cells), 10, starts=chosen)
            if pooled is not None:
                pools.append(set(pooled.keys))
    assert pools
    for a in pools:
        for b in pools:
            assert a == b or not a & b, (a, b)


def _profile_input(sbi, result=52.0, index=4.1, bullying=5.0, parents=None):
    nation = Estimate(50.0, 0.05)
    return ProfileInput(
        sbi=[Estimate(v, 0.5) if v is not None else None for v in sbi],
        results=[(Estimate(result, 1.0), nation)],
        indices=[(Estimate(index, 0.05), Estimate(4.0, 0.01))],
        bullying=(Estimate(bullying, 1.0), Estimate(6.0, 0.05)),
        higher_education_share=(parents, 45.0) if parents is not None else (None, None),
    )


def test_it_assigns_the_four_profiles_from_their_criteria():
    assert profile(_profile_input([1, 2, 1, 3, 2])).number == 1
    assert profile(_profile_input([1, 2, 1, 3, 2], parents=30.0)).number == 2
    assert profile(_profile_input([-2, -1, 0.5, 1, 2])).number == 3
    low = profile(_profile_input([-1, -2, -1, -3, -2], result=47, index=3.8, bullying=8))
    assert low.number == 4
    none = profile(_profile_input([1, -1, 2, -2, 1]))
    assert none.number is None


def test_it_says_unknown_when_data_is_missing_or_suppressed():
    result = profile(_profile_input([1, 2, None, 3, 2]))
    assert result.number is None
    assert result.criteria[1][0].met == "unknown"
    assert (
        dict((c.code, c.met) for c in result.criteria[2])["parents_higher_education_below_national"]
        == "unknown"
    )
    assert profile(_profile_input([1, 2, 3])).criteria[1][0].met == "unknown"


def test_it_flags_schools_with_the_evidence():
    nation = Estimate(50.0, 0.05)
    low = [(2022 + i, Estimate(44.0, 1.5), nation) for i in range(3)]
    data = SchoolInput(
        profiles={"5-7": profile(_profile_input([-1, -2, -1, -3, -2], 47, 3.8, 8))},
        results={"nt5_reading": low},
        bullying=[
            (2023, Estimate(5.0, 0.5), Estimate(6.0, 0.05)),
            (2024, Estimate(12.0, 1.0), Estimate(6.0, 0.05)),
        ],
        participation=[(2023, 95.0), (2024, 78.0)],
        breaks={"nt5_reading": [2022]},
        overdue_agreements=1,
    )
    codes = {f.code: f.evidence for f in follow_up_flags(data)}
    assert codes["profile_4"] == {"stage": "5-7"}
    assert codes["results_below_nation"]["years"] == [2022, 2023, 2024]
    assert codes["bullying_above_nation"]["value"] == 12.0
    assert codes["bullying_rising"]["years"] == [2023, 2024]
    assert codes["participation_falling"]["values"] == [95.0, 78.0]
    assert codes["overdue_agreements"] == {"count": 1}
    quiet = follow_up_flags(
        data,
        Rules(
            profile_4=False,
            below_nation_years=0,
            bullying_above_nation=False,
            bullying_rising=False,
            participation_min_percent=0,
            participation_drop_points=100,
            overdue_agreements=False,
        ),
    )
    assert quiet == []


def test_it_does_not_flag_across_a_break():
    nation = Estimate(50.0, 0.05)
    series = [
        (2021, Estimate(40.0, 1.0), nation),
        (2022, Estimate(40.0, 1.0), nation),
        (2023, Estimate(40.0, 1.0), nation),
    ]
    data = SchoolInput({}, {"nt5_reading": series}, [], [], {"nt5_reading": [2022]})
    assert follow_up_flags(data) == []


def test_it_evaluates_a_target_only_beyond_the_uncertainty():
    from skolekvalitet.stats.goals import evaluate_target

    # Index Støtte fra lærerne, at least 4.2
    assert evaluate_target(4.6, Estimate(4.6, 0.1), 4.2, "at_least") == "met"
    assert evaluate_target(4.3, Estimate(4.3, 0.1), 4.2, "at_least") == "not clear"
    assert evaluate_target(3.9, Estimate(3.9, 0.1), 4.2, "at_least") == "not met"
    # Share at mastery level 1 at most 20 %
    assert evaluate_target(12.0, Estimate(12.0, 2.0), 20.0, "at_most") == "met"
    assert evaluate_target(18.0, Estimate(18.0, 2.0), 20.0, "at_most") == "not clear"
    assert evaluate_target(None, None, 20.0, "at_most") == "cannot be measured"
    assert evaluate_target(19.0, None, 20.0, "at_most") == "met"

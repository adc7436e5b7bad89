"""Noise as it really is (stats/noise.py): closed-form cases, simulations with a seed (extra
year-to-year and between-school variation, rounding to whole points) and the national files."""

import math

import numpy as np
import pytest

from skolekvalitet.stats.funnel import fit_funnel
from skolekvalitet.stats.intervals import Estimate, compare
from skolekvalitet.stats.noise import (
    NATIONAL_SCHOOL,
    NATIONAL_YEAR,
    ExtraVariance,
    between_units,
    extra_variance,
    noise_for,
    rounding_step,
    rounding_variance,
    year_to_year,
)
from skolekvalitet.stats.trends import Point, change, trend

# Nominal 5 % plus sampling slack: three binomial standard deviations of 5 % over the runs.
RUNS = 3000
SLACK = 3 * math.sqrt(0.05 * 0.95 / RUNS)


def _series(rng: np.random.Generator, years: int, tau: float, rounded: bool = True):
    """A school's figures with no trend: its level, sampling error (se 1–3 scale points, as
    for schools of 15–100 pupils) and tau of year-to-year variation beyond it."""
    level = rng.normal(50, 4)
    se = rng.uniform(1.0, 3.0, years)
    values = level + rng.normal(0, tau, years) + rng.normal(0, se)
    if rounded:
        values = np.round(values)
    return [(2014 + i, float(v), float(s)) for i, (v, s) in enumerate(zip(values, se, strict=True))]


def test_it_computes_the_rounding_variance_and_reads_the_step():
    assert rounding_variance(1.0) == pytest.approx(1 / 12)
    assert rounding_variance(None) == rounding_variance(0) == 0
    assert rounding_step([50.0, 52.0, 47.0]) == 1.0
    assert rounding_step([3.9, 4.1, 4.0]) == 0.1
    assert rounding_step([3.95, 4.12, 4.0]) == 0.01
    assert rounding_step([51.0, 52.0]) == 0  # too few to tell
    assert rounding_step([1 / 3, 0.5, 1.0]) == 0


def test_it_estimates_tau2_by_hand_for_a_level():
    # Two series, each around its own level with se 1 (w = 1): Q = Σ(y − ȳ)², df = k − 1,
    # c = Σw − Σw²/Σw = k − 1. Series (0, 2): Q 2; (0, 0, 3): Q 6. tau2 = (8 − 3)/3.
    e = year_to_year([[(1, 0, 1), (2, 2, 1)], [(1, 0, 1), (2, 0, 1), (3, 3, 1)]], model="level")
    assert (e.q, e.df, e.c, e.units) == pytest.approx((8, 3, 3, 2))
    assert e.tau2 == pytest.approx(5 / 3)
    assert e.ratio == pytest.approx(math.sqrt(8 / 3))
    assert year_to_year([[(1, 0, 1), (2, 0.1, 1), (3, 0, 1)]]).tau2 == 0  # never negative


def test_it_estimates_tau2_by_hand_for_a_line():
    # Equal weights 1: c = Σw − tr((XᵀWX)⁻¹XᵀW²X) = k − 2, and Q the residual sum of squares
    # of the ordinary least-squares line (numpy's polyfit).
    points = [(2020, 0.0, 1.0), (2021, 2.0, 1.0), (2022, 0.0, 1.0), (2023, 2.0, 1.0)]
    slope, intercept = np.polyfit([p[0] for p in points], [p[1] for p in points], 1)
    q = sum((v - (intercept + slope * y)) ** 2 for y, v, _ in points)
    e = year_to_year([points])
    assert (e.q, e.df, e.c) == pytest.approx((q, 2, 2))
    assert e.tau2 == pytest.approx((q - 2) / 2)


def test_it_never_uses_years_across_a_break():
    points = [(2020, 40.0, 1.0), (2021, 60.0, 1.0), (2022, 50.0, 1.0), (2023, 50.0, 1.0)]
    assert year_to_year([points], breaks=[2022], model="level").q == 0


def test_it_pools_by_adding_the_sums():
    a, b = ExtraVariance(10, 4, 3, 2), ExtraVariance(6, 2, 1, 1)
    assert a.pooled(b) == ExtraVariance(16, 6, 4, 3)
    assert a.pooled(b).tau2 == pytest.approx(10 / 4)
    assert a.pooled(None) is a


def test_it_recovers_the_year_to_year_variance():
    rng = np.random.default_rng(16)
    series = [_series(rng, 6, tau=2.0, rounded=False) for _ in range(1500)]
    assert year_to_year(series).tau == pytest.approx(2.0, abs=0.15)
    quiet = [_series(rng, 6, tau=0.0, rounded=False) for _ in range(1500)]
    assert year_to_year(quiet).tau < 0.4


def _labelled(series, extra: float) -> float:
    return sum(trend(s, extra=extra).direction in ("rising", "falling") for s in series) / len(
        series
    )


def test_trends_without_a_trend_are_labelled_at_the_nominal_rate_with_the_correction():
    """Extra year-to-year variation (tau 2 scale points, as in the real files) and rounding to
    whole points, no trend: at most 5 % plus slack get «rising/falling» with the noise allowed
    for (estimated from the series themselves), and far more without."""
    rng = np.random.default_rng(2016)
    series = [_series(rng, 6, tau=2.0) for _ in range(RUNS)]
    noise = extra_variance(dict(enumerate(series)))
    assert noise.rounding == pytest.approx(1 / 12)
    before, after = _labelled(series, 0.0), _labelled(series, noise.per_figure)
    assert after <= 0.05 + SLACK
    assert before > 0.2  # what the sheet said before: every fourth series or so
    assert noise.year.ratio > 1.3


def test_without_extra_variation_the_correction_changes_little():
    rng = np.random.default_rng(7)
    series = [_series(rng, 6, tau=0.0, rounded=False) for _ in range(RUNS)]
    noise = extra_variance(dict(enumerate(series)))
    assert noise.rounding == 0
    assert abs(_labelled(series, noise.per_figure) - _labelled(series, 0.0)) < 0.01
    assert _labelled(series, noise.per_figure) <= 0.05 + SLACK


def test_change_between_two_years_holds_its_rate():
    rng = np.random.default_rng(22)
    series = [_series(rng, 2, tau=2.0) for _ in range(RUNS)]
    noise = extra_variance(dict(enumerate(series)))
    # Two years per series: estimate tau from the national-style level model instead.
    year = year_to_year(series, rounding=noise.rounding, model="level")
    extra = 2 * (year.tau2 + noise.rounding)

    def moved(extra: float) -> float:
        return sum(
            change(Point(*a), Point(*b), extra=extra) in ("up", "down") for a, b in series
        ) / len(series)

    assert moved(extra) <= 0.05 + SLACK
    assert moved(0.0) > 0.15


def test_rounding_variance_holds_clearly_above_below_at_its_rate():
    """A school whose true value equals the nation's, both published in whole points: allowing
    for rounding brings false «clearly above/below» back to 5 %."""
    rng = np.random.default_rng(12)
    se = rng.uniform(0.5, 1.5, RUNS * 3)
    truth = rng.uniform(40, 60, se.size)
    school, nation = np.round(truth + rng.normal(0, se)), np.round(truth)

    def flagged(extra: float) -> float:
        return sum(
            compare(Estimate(v, s), Estimate(n, 0.05), extra=extra) != "no clear difference"
            for v, s, n in zip(school, se, nation, strict=True)
        ) / len(se)

    assert flagged(2 * rounding_variance(1.0)) <= 0.05 + SLACK
    assert flagged(0.0) > flagged(2 * rounding_variance(1.0)) + 0.01


def test_a_rounding_flip_by_hand():
    nation = Estimate(50.0, 0.05)
    assert compare(Estimate(52.0, 0.95), nation) == "above"
    assert compare(Estimate(52.0, 0.95), nation, extra=2 / 12) == "no clear difference"


def test_the_overdispersed_funnel_holds_its_limits():
    """Schools that differ by tau 2 scale points and none is a true outlier: with τ²_school
    (Spiegelhalter 2005, additive) about 5 % fall outside the 95 % limits; without, many more."""
    rng = np.random.default_rng(2005)
    shares = []
    plain = []
    for _ in range(20):
        n = rng.integers(10, 150, 150)
        se = 10 / np.sqrt(n)
        values = np.round(50 + rng.normal(0, 2.0, n.size) + rng.normal(0, se))
        rounding = rounding_variance(rounding_step(values))
        tau2 = between_units(values, se, 50.0, rounding=rounding).tau2
        fit = fit_funnel(values, n, 50.0, 10.0, tau2=tau2 + rounding)
        shares.append(len(fit.outside_95) / n.size)
        plain.append(len(fit_funnel(values, n, 50.0, 10.0).outside_95) / n.size)
    assert np.mean(shares) <= 0.05 + SLACK
    assert np.mean(plain) > 0.2


def test_the_funnel_limit_by_hand():
    fit = fit_funnel([50.0, 57.0], [25, 25], 50.0, 10.0, tau2=4.0)
    assert fit.limit(25) == pytest.approx(1.959964 * math.sqrt(4 + 4))
    assert fit.outside_95 == (1,)
    with pytest.raises(ValueError):
        fit_funnel([50.0], [25], 50.0, 10.0, tau2=-1.0)


def test_national_sums_pool_for_catalogue_indicators():
    assert set(NATIONAL_YEAR) == set(NATIONAL_SCHOOL)
    for code, e in NATIONAL_YEAR.items():
        assert 0.5 < e.tau < 3, code
    noise = noise_for("nt5_reading", {}, values=[50.0, 51.0, 49.0])
    assert noise.year == NATIONAL_YEAR["nt5_reading"]
    assert noise.funnel == pytest.approx(NATIONAL_SCHOOL["nt5_reading"].tau2 + 1 / 12)
    assert noise_for("ps_wellbeing", {}).per_figure == 0


def test_the_national_sums_match_the_real_files():
    """The committed NATIONAL_* sums are what tests/stats/reference/noise_national.py makes
    from Udir's exports (skipped without ../shared/data/udir)."""
    from skolekvalitet.sources.detect import parse_file
    from tests.stats.reference.noise_national import FILES, national_sums
    from tests.udir import UDIR, udir_file

    recs = [r for name in FILES for r in parse_file(udir_file(name), name).records]
    assert UDIR.is_dir()
    year, school = national_sums(recs)
    for code in NATIONAL_YEAR:
        for mine, committed in (
            (year[code], NATIONAL_YEAR[code]),
            (school[code], NATIONAL_SCHOOL[code]),
        ):
            assert (mine.q, mine.c) == pytest.approx((committed.q, committed.c), abs=0.1)
            assert (mine.df, mine.units) == (committed.df, committed.units)

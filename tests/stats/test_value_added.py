"""The school contribution estimator: closed-form and statsmodels references, simulation
checks (coverage, shrinkage, variance recovery, the prior's measurement error) and bad input
(outliers and mixed scales)."""

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skolekvalitet.stats.scales import ScaleError
from skolekvalitet.stats.value_added import (
    PUBLISHED_RELIABILITY,
    ContributionError,
    fit_school_contribution,
    simulate_pupils,
    verdict,
)

REFERENCE = json.loads((Path(__file__).parent / "reference" / "mixedlm_reference.json").read_text())


def test_it_agrees_with_statsmodels_mixedlm():
    # The reference was made on exact priors without the measurement-error correction.
    frame, _ = simulate_pupils(
        REFERENCE["schools"],
        REFERENCE["pupils"],
        REFERENCE["seed"],
        stage="5-7",
        prior_reliability=1.0,
    )
    result = fit_school_contribution(frame, stage="5-7", min_pupils=1, prior_reliability=1.0)
    ours = {c["term"]: c["estimate"] for c in result.coefficients()}
    for term, value in REFERENCE["coefficients"].items():
        assert ours[term] == pytest.approx(value, rel=1e-4), term
    assert result.fit.sigma2 == pytest.approx(REFERENCE["sigma2"], rel=1e-4)
    assert result.fit.tau2 == pytest.approx(REFERENCE["tau2"], rel=1e-3)
    tidy = dict(zip(result.tidy()["school_id"], result.tidy()["estimate"], strict=True))
    keys = sorted(REFERENCE["effects"])
    r = np.corrcoef([tidy[k] for k in keys], [REFERENCE["effects"][k] for k in keys])[0, 1]
    assert r >= 0.999


def test_it_matches_the_anova_estimators_on_balanced_data():
    # Balanced one-way layout without covariates: REML equals the ANOVA estimators
    # sigma2 = MSW and tau2 = (MSB - MSW) / n when positive (Searle, Casella & McCulloch 1992).
    rng = np.random.default_rng(3)
    schools, n = 40, 25
    u = rng.normal(0, 2, schools)
    y = (50 + u[:, None] + rng.normal(0, 5, (schools, n))).ravel()  # on the scale-point scale
    frame = pl.DataFrame(
        {
            "pupil_id": [f"p{i}" for i in range(y.size)],
            "school_id": np.repeat([f"s{j:02d}" for j in range(schools)], n),
            "cohort": "2024-25",
            "outcome": y,
        }
    )
    result = fit_school_contribution(frame, stage="1-4", min_pupils=1)
    groups = y.reshape(schools, n)
    msw = ((groups - groups.mean(1, keepdims=True)) ** 2).sum() / (schools * (n - 1))
    msb = n * ((groups.mean(1) - y.mean()) ** 2).sum() / (schools - 1)
    assert result.fit.sigma2 == pytest.approx(msw, rel=1e-6)
    assert result.fit.tau2 == pytest.approx((msb - msw) / n, rel=1e-5)
    # The prediction is the shrunken school mean: reliability × (mean − grand mean).
    gamma = result.fit.tau2 / (result.fit.tau2 + result.fit.sigma2 / n)
    first = result.tidy().row(0, named=True)
    assert first["reliability"] == pytest.approx(gamma, rel=1e-9)
    assert first["estimate"] == pytest.approx(gamma * (groups[0].mean() - y.mean()), rel=1e-6)


def _simulated(seed: int):
    frame, truth = simulate_pupils(150, 4500, seed, stage="5-7")
    result = fit_school_contribution(frame, stage="5-7", min_pupils=1)
    table = result.tidy().join(truth, on="school_id")
    return result, table


def test_it_covers_the_true_effects_near_nominally():
    hits = total = 0
    for seed in range(20):
        _, table = _simulated(seed)
        inside = (table["ci_low"] <= table["true_effect"]) & (
            table["true_effect"] <= table["ci_high"]
        )
        hits += int(inside.sum())
        total += table.height
    assert 0.93 <= hits / total <= 0.97


def test_it_shrinks_towards_lower_error_than_raw_means():
    wins = 0
    for seed in range(10):
        _, table = _simulated(seed)
        shrunk = ((table["estimate"] - table["true_effect"]) ** 2).mean()
        raw = ((table["raw_mean_residual"] - table["true_effect"]) ** 2).mean()
        wins += shrunk < raw
    assert wins == 10


def test_it_recovers_the_between_school_sd_within_its_interval():
    covered = 0
    for seed in range(20):
        result, _ = _simulated(seed)
        low, high = result.summary()["between_school_sd_ci95"]
        covered += low <= 3.0 <= high
    assert covered >= 17


@given(st.floats(-50, 50), st.floats(0, 20))
def test_it_never_says_above_when_the_interval_includes_zero(centre, half):
    low, high = centre - half, centre + half
    said = verdict(low, high)
    if low <= 0 <= high:
        assert said == "no clear difference"
    else:
        assert said == ("above" if low > 0 else "below")


def test_it_reports_schools_below_the_minimum_and_dropped_pupils():
    frame, _ = simulate_pupils(30, 900, 1, stage="5-7")
    frame = pl.concat(
        [
            frame,
            pl.DataFrame(
                {
                    "pupil_id": ["x1", "x2"],
                    "school_id": ["TINY", "S00001"],
                    "cohort": ["2024-25"] * 2,
                    "outcome": [50.0, None],
                    "prior": [50.0, 40.0],
                    "parent_education": ["vgs"] * 2,
                    "household_income": [5.0, 5.0],
                    "immigrant_background": ["nei"] * 2,
                    "gender": ["gutt"] * 2,
                }
            ),
        ],
        how="vertical_relaxed",
    )
    result = fit_school_contribution(frame, stage="5-7")
    summary = result.summary()
    assert "TINY" in summary["schools_unpublished"]
    assert summary["pupils_dropped"] == {"missing outcome": 1}
    row = result.tidy().filter(pl.col("school_id") == "TINY").row(0, named=True)
    assert row["estimate"] is None and row["verdict"] == "too few pupils"


def test_it_reports_the_stability_between_cohort_pairs():
    frame, _ = simulate_pupils(
        80, 6000, 2, stage="5-7", cohorts=("2021-22", "2022-23", "2023-24", "2024-25")
    )
    result = fit_school_contribution(frame, stage="5-7")
    stability = result.summary()["stability"]
    assert [s["to"] for s in stability] == [["2022-23", "2023-24"], ["2023-24", "2024-25"]]
    assert all(s["correlation"] > 0.5 for s in stability)
    assert result.summary()["cohorts"] == ["2023-24", "2024-25"]


def _frame(**columns):
    base = {
        "pupil_id": ["a", "b", "c", "d"],
        "school_id": ["s1", "s1", "s2", "s3"],
        "cohort": ["2024-25"] * 4,
        "outcome": [50.0, 51.0, 49.0, 52.0],
        "prior": [48.0, 50.0, 47.0, 51.0],
    }
    return pl.DataFrame({**base, **columns})


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (_frame(outcome=["50", "x", "49", "52"]), "outcome must be numeric"),
        (_frame(pupil_id=["a", "a", "c", "d"]), "appear more than once"),
        (_frame(school_id=["s1"] * 4), "at least 3 schools"),
        (_frame().drop("prior"), "missing columns: prior"),
        (_frame().head(0), "no pupils"),
    ],
)
def test_it_refuses_bad_input_clearly(frame, message):
    with pytest.raises(ContributionError, match=message):
        fit_school_contribution(frame, stage="5-7")


def test_it_handles_a_school_with_one_pupil():
    frame, _ = simulate_pupils(20, 600, 4)
    lone = frame.head(1).with_columns(
        pl.lit("LONE").alias("school_id"), pl.lit("solo").alias("pupil_id")
    )
    result = fit_school_contribution(pl.concat([frame, lone]), stage="5-7")
    assert "LONE" in result.summary()["schools_unpublished"]


def _intake_run(fit_reliability: float):
    """Priors measured with reliability 0.8 and schools whose intake differs (true prior shifted
    by N(0, 8) per school): (mean prior coefficient, mean r(estimate error, intake), coverage)."""
    coefficients, correlations, hits, total = [], [], 0, 0
    for seed in range(20):
        frame, truth = simulate_pupils(150, 4500, seed, prior_reliability=0.8, intake_sd=8.0)
        result = fit_school_contribution(
            frame, stage="5-7", min_pupils=1, prior_reliability=fit_reliability
        )
        coefficients += [c["estimate"] for c in result.coefficients() if c["term"] == "prior"]
        table = result.tidy().join(truth, on="school_id")
        error = table["estimate"] - table["true_effect"]
        correlations.append(np.corrcoef(error, table["intake"])[0, 1])
        hits += int(
            (
                (table["ci_low"] <= table["true_effect"])
                & (table["true_effect"] <= table["ci_high"])
            ).sum()
        )
        total += table.height
    return float(np.mean(coefficients)), float(np.mean(correlations)), hits / total


def test_it_corrects_the_prior_for_measurement_error():
    # Fuller (1987): without the correction the prior's coefficient is attenuated and part of
    # the intake is credited to the school; with it, the truth (0.6) is recovered.
    naive_coefficient, naive_r, naive_coverage = _intake_run(1.0)
    assert naive_coefficient < 0.5 and naive_r > 0.3 and naive_coverage < 0.92
    coefficient, r, coverage = _intake_run(0.8)
    assert coefficient == pytest.approx(0.6, abs=0.02)
    assert abs(r) < 0.1
    assert 0.93 <= coverage <= 0.97


def test_it_takes_the_published_reliability_by_default():
    frame, _ = simulate_pupils(30, 900, 1)
    result = fit_school_contribution(frame, stage="5-7", prior_test="numeracy")
    assert result.summary()["prior_reliability"] == PUBLISHED_RELIABILITY["numeracy"]
    assert "Fuller 1987" in result.summary()["method"]
    grades = frame.with_columns(pl.col("prior").truediv(20).clip(1, 6))
    with pytest.raises(ContributionError, match="no published reliability"):
        fit_school_contribution(grades, stage="5-7")
    assert fit_school_contribution(grades, stage="5-7", prior_reliability=0.9).scales == {
        "outcome": "scale points",
        "prior": "grades",
    }


def test_it_refuses_outliers_naming_the_rows():
    frame, _ = simulate_pupils(30, 900, 2)
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 10)
        .then(9999.0)
        .when(pl.int_range(pl.len()) == 500)
        .then(-500.0)
        .otherwise(pl.col("outcome"))
        .alias("outcome")
    )
    with pytest.raises(ScaleError, match=r"column outcome: 2 values .* rows 11, 501") as caught:
        fit_school_contribution(frame, stage="5-7")
    assert caught.value.column == "outcome" and caught.value.rows == (11, 501)
    assert caught.value.values == (9999.0, -500.0)


def test_it_refuses_mixed_scales_naming_the_rows():
    frame, _ = simulate_pupils(30, 900, 3)
    # The first 40 pupils' outcomes given as grades 1-6 among scale points.
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) < 40)
        .then((pl.col("outcome") / 15).round(0).clip(1, 6))
        .otherwise(pl.col("outcome"))
        .alias("outcome")
    )
    with pytest.raises(ScaleError, match=r"40 values outside .* scale points \(10–100\)") as caught:
        fit_school_contribution(frame, stage="5-7")
    assert caught.value.rows == (1, 2, 3, 4, 5)
    assert "rows 1, 2, 3, 4, 5 …" in str(caught.value)

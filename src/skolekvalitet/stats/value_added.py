"""School contribution (value added) from pupil-level data.

Model (a linear mixed model with a random school intercept; Raudenbush & Bryk 2002, ch. 3–4):

    y_ij = x_ij' beta + u_j + e_ij,    u_j ~ N(0, tau2),    e_ij ~ N(0, sigma2)

fitted by restricted maximum likelihood (REML; Patterson & Thompson 1971) on per-school
sufficient statistics, so no Python loop runs over pupils. With lam = tau2 / sigma2 and
gamma_j = n_j lam / (1 + n_j lam) (the school's reliability), V_j^-1 = (I - gamma_j/n_j J) / sigma2,
and every quantity REML needs reduces to sums over schools:

    A(lam) = X'X - sum_j gamma_j n_j xbar_j xbar_j'          (p, p)
    b(lam) = X'y - sum_j gamma_j n_j xbar_j ybar_j           (p,)
    Q(lam) = y'y - sum_j gamma_j n_j ybar_j^2 - b' A^-1 b     residual quadratic form
    -2 l_R(lam) = (N - p) log(Q / (N - p)) + sum_j log(1 + n_j lam) + log|A| + (N - p)

with sigma2 profiled out (sigma2 = Q / (N - p)). The school contributions are the empirical-Bayes
(best linear unbiased) predictions u_j = gamma_j (ybar_j - xbar_j' beta) with Henderson's (1975)
prediction error variance PEV_j = tau2 (1 - gamma_j) + gamma_j^2 xbar_j' Cov(beta) xbar_j.

Prior results are measured with error (a national test's reliability is about 0.8–0.9), which
attenuates the prior's coefficient and leaves part of the intake in the school effects. With the
prior's reliability rho and its observed variance s2_w, the measurement error variance is
delta2 = (1 - rho) s2_w, and the GLS normal equations are corrected by the method of moments
(Fuller 1987, *Measurement Error Models*, ch. 2.2 and 3.1; Buonaccorsi 2010, ch. 5): since
E[w' V^-1 w] over the pupils of school j exceeds the true-score term by delta2 (n_j - gamma_j),

    A_c(lam) = A(lam) - delta2 (N - sum_j gamma_j) e_k e_k'     (k: the prior's column)
    beta = A_c^-1 b,   Cov(beta) = sigma2 A_c^-1 A A_c^-1        (sandwich)

and the variance components are those of the residuals y - W beta, whose within-school part then
includes beta_k^2 delta2 (the error the observed prior brings into each pupil's prediction).

Stages follow Statistics Norway's school contribution indicators (Steffensen et al., SSB 2017):
1-4 is cross-sectional (family background only); 5-7 and 8-10 also adjust for prior attainment.
The three stages are different measures and never comparable with each other.
"""

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, get_args

import numpy as np
import polars as pl
from numpy.typing import NDArray

from .identity import NATIONAL_ID, PERSON_NAME, person_column_problem
from .scales import SCALE_RANGES, Scale, check_scale

Stage = Literal["1-4", "5-7", "8-10"]
Verdict = Literal["above", "no clear difference", "below", "too few pupils"]
Array = NDArray[np.float64]

REQUIRED = ("pupil_id", "school_id", "cohort", "outcome")
BACKGROUND_CATEGORICAL = ("parent_education", "immigrant_background", "gender")
BACKGROUND_NUMERIC = ("household_income",)
Z95 = 1.959963984540054  # standard normal 97.5 % quantile
CHI2_1_95 = 3.841458820694124  # chi-square(1) 95 % quantile
GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0

PriorTest = Literal["reading", "numeracy", "english"]
# The prior's reliability by national test (the 5th- and 8th-grade tests in lesing, regning,
# engelsk). Udir's technical reports on the national tests give reliabilities of about 0.8–0.9 by
# test, grade and year; the exact figures were not checked for this table, so each test uses 0.85,
# the middle of that range, until the published figure for the year is entered here. Give
# `prior_reliability` to use another figure (1 means no correction).
PUBLISHED_RELIABILITY: Final[dict[PriorTest, float]] = {
    "reading": 0.85,
    "numeracy": 0.85,
    "english": 0.85,
}


class ContributionError(ValueError):
    """Input that cannot give an honest estimate; the message says what and where."""


@dataclass(frozen=True)
class SufficientStats:
    """Per-school sums of a design. Shapes: n (J,), xbar (J, p), ybar (J,), xtx (p, p)."""

    n: Array
    xbar: Array
    ybar: Array
    xtx: Array
    xty: Array
    yty: float

    @property
    def n_obs(self) -> int:
        return int(self.n.sum())

    @property
    def p(self) -> int:
        return int(self.xtx.shape[0])


def sufficient_stats(x: Array, y: Array, group: NDArray[np.intp], n_groups: int) -> SufficientStats:
    """x (N, p), y (N,), group (N,) in 0..n_groups-1 → per-school sufficient statistics."""
    n = np.bincount(group, minlength=n_groups).astype(np.float64)
    if np.any(n == 0):
        raise ContributionError("every school index must have at least one pupil")
    xsum = np.column_stack(
        [np.bincount(group, weights=x[:, k], minlength=n_groups) for k in range(x.shape[1])]
    )
    ysum = np.bincount(group, weights=y, minlength=n_groups)
    return SufficientStats(n, xsum / n[:, None], ysum / n, x.T @ x, x.T @ y, float(y @ y))


@dataclass(frozen=True)
class RemlFit:
    beta: Array
    cov_beta: Array
    sigma2: float
    tau2: float
    tau2_ci: tuple[float, float]
    neg2_loglik: float
    converged: bool


@dataclass(frozen=True)
class PriorError:
    """Measurement error in one column of x: its index and error variance (delta2)."""

    column: int
    delta2: float


def _corrected(a: Array, gamma: Array, s: SufficientStats, error: PriorError | None) -> Array:
    """A_c = A - delta2 (N - sum gamma_j) e_k e_k' (Fuller 1987, 3.1; see the module docstring)."""
    if error is None or error.delta2 == 0.0:
        return a
    a_c = a.copy()
    a_c[error.column, error.column] -= error.delta2 * (s.n_obs - float(gamma.sum()))
    return a_c


def _profile(
    s: SufficientStats, lam: float, error: PriorError | None = None
) -> tuple[float, float, Array, Array, Array]:
    """(-2 REML log-likelihood, sigma2, beta, A, A_c) at lam = tau2 / sigma2."""
    gamma = s.n * lam / (1.0 + s.n * lam)
    w = gamma * s.n
    a = s.xtx - (s.xbar * w[:, None]).T @ s.xbar
    a_c = _corrected(a, gamma, s, error)
    b = s.xty - s.xbar.T @ (w * s.ybar)
    beta = np.linalg.solve(a_c, b)
    # The residual quadratic form (y - X beta)' V^-1 (y - X beta) sigma2; = y'V^-1y - b'beta
    # when beta is the uncorrected GLS solution.
    q = s.yty - float(w @ (s.ybar**2)) - 2.0 * float(b @ beta) + float(beta @ a @ beta)
    dof = s.n_obs - s.p
    sigma2 = q / dof
    sign, logdet = np.linalg.slogdet(a)
    sign_c = np.linalg.slogdet(a_c)[0] if a_c is not a else sign
    if sign <= 0 or sign_c <= 0 or q <= 0:
        return math.inf, sigma2, beta, a, a_c
    value = dof * math.log(sigma2) + float(np.log1p(s.n * lam).sum()) + logdet + dof
    return value, sigma2, beta, a, a_c


def _golden_minimum(
    f: Callable[[float], float], low: float, high: float, tol: float = 1e-10
) -> float:
    """Golden-section search for the minimum of a unimodal f on [low, high] (Kiefer 1953).

    Written out (a dozen lines) rather than taken from scipy.optimize, whose import alone costs
    more than the whole national fit."""
    c, d = high - GOLDEN * (high - low), low + GOLDEN * (high - low)
    fc, fd = f(c), f(d)
    while high - low > tol:
        if fc < fd:
            high, d, fd = d, c, fc
            c = high - GOLDEN * (high - low)
            fc = f(c)
        else:
            low, c, fc = c, d, fd
            d = low + GOLDEN * (high - low)
            fd = f(d)
    return (low + high) / 2.0


def _bisect_root(
    f: Callable[[float], float], inside: float, outside: float, tol: float = 1e-10
) -> float:
    """The root of f between a point where f < 0 (inside) and one where f > 0 (bisection)."""
    while abs(outside - inside) > tol:
        middle = (inside + outside) / 2.0
        if f(middle) < 0:
            inside = middle
        else:
            outside = middle
    return (inside + outside) / 2.0


def fit_reml(s: SufficientStats, error: PriorError | None = None) -> RemlFit:
    """REML estimates of beta, sigma2 and tau2, with a profile-likelihood 95 % interval for tau2.

    With `error`, beta is corrected for measurement error in that column (method of moments,
    Fuller 1987) and the variance components are REML on the corrected residuals."""
    if len(s.n) < 3:
        raise ContributionError("a school contribution needs at least 3 schools")
    if s.n_obs <= s.p + len(s.n):
        raise ContributionError("too few pupils for the number of schools and covariates")
    if error is not None:
        at_zero = _corrected(s.xtx, np.zeros_like(s.n), s, error)
        if np.linalg.eigvalsh(at_zero)[0] <= 0:
            raise ContributionError(
                "the prior's reliability is too low for these data: after the correction the "
                "prior has no variance left beyond the other covariates"
            )

    def objective(log_lam: float) -> float:
        return _profile(s, math.exp(log_lam), error)[0]

    grid = np.linspace(-12.0, 4.0, 33)
    values = [objective(v) for v in grid]
    best = int(np.argmin(values))
    log_lam = _golden_minimum(objective, grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)])
    neg2, sigma2, beta, a, a_c = _profile(s, math.exp(log_lam), error)
    if objective(-30.0) <= neg2:  # boundary: no between-school variance
        log_lam, (neg2, sigma2, beta, a, a_c) = -30.0, _profile(s, math.exp(-30.0), error)
    lam = math.exp(log_lam)
    cut = neg2 + CHI2_1_95

    def bound(target_log: float) -> float:
        if objective(target_log) <= cut:
            return target_log
        return _bisect_root(lambda v: objective(v) - cut, log_lam, target_log)

    low_log, high_log = bound(-30.0), bound(log_lam + 8.0)
    tau2_low = (
        math.exp(low_log) * _profile(s, math.exp(low_log), error)[1] if low_log > -30 else 0.0
    )
    tau2_high = math.exp(high_log) * _profile(s, math.exp(high_log), error)[1]
    a_c_inv = np.linalg.inv(a_c)
    return RemlFit(
        beta,
        sigma2 * (a_c_inv if a_c is a else a_c_inv @ a @ a_c_inv),
        sigma2,
        lam * sigma2,
        (tau2_low, tau2_high),
        neg2,
        math.isfinite(neg2),
    )


@dataclass(frozen=True)
class Effects:
    """Per-school predictions. Shapes (J,)."""

    estimate: Array
    se: Array
    raw_mean_residual: Array
    reliability: Array


def predict_effects(s: SufficientStats, fit: RemlFit) -> Effects:
    lam = fit.tau2 / fit.sigma2
    gamma = s.n * lam / (1.0 + s.n * lam)
    raw = s.ybar - s.xbar @ fit.beta
    pev = fit.tau2 * (1.0 - gamma) + gamma**2 * np.einsum(
        "jk,kl,jl->j", s.xbar, fit.cov_beta, s.xbar
    )
    return Effects(gamma * raw, np.sqrt(pev), raw, gamma)


def verdict(low: float, high: float) -> Verdict:
    """From a 95 % interval: never "above" when the interval includes the average (0)."""
    if low > 0:
        return "above"
    if high < 0:
        return "below"
    return "no clear difference"


@dataclass(frozen=True)
class ContributionResult:
    stage: Stage
    cohorts: tuple[str, ...]
    school_ids: list[str]
    n_pupils: NDArray[np.int64]
    effects: Effects
    published: NDArray[np.bool_]
    fit: RemlFit
    terms: list[str]
    pupils_used: int
    pupils_dropped: dict[str, int]
    schools_unpublished: list[str]
    stability: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    scales: dict[str, Scale] = field(default_factory=dict)
    prior_reliability: float | None = None

    def tidy(self) -> pl.DataFrame:
        """One row per school; unpublished schools (too few pupils) carry no estimate."""
        e = self.effects
        low, high = e.estimate - Z95 * e.se, e.estimate + Z95 * e.se
        keep = self.published

        def masked(values: Array) -> list[float | None]:
            return [float(v) if k else None for v, k in zip(values, keep, strict=True)]

        return pl.DataFrame(
            {
                "school_id": self.school_ids,
                "n_pupils": self.n_pupils,
                "estimate": masked(e.estimate),
                "se": masked(e.se),
                "ci_low": masked(low),
                "ci_high": masked(high),
                "raw_mean_residual": masked(e.raw_mean_residual),
                "reliability": masked(e.reliability),
                "verdict": [
                    verdict(lo, hi) if k else "too few pupils"
                    for lo, hi, k in zip(low, high, keep, strict=True)
                ],
            },
            schema_overrides={
                "estimate": pl.Float64,
                "se": pl.Float64,
                "ci_low": pl.Float64,
                "ci_high": pl.Float64,
                "raw_mean_residual": pl.Float64,
                "reliability": pl.Float64,
            },
        )

    def coefficients(self) -> list[dict[str, float | str]]:
        se = np.sqrt(np.diag(self.fit.cov_beta))
        return [
            {"term": t, "estimate": float(b), "se": float(s)}
            for t, b, s in zip(self.terms, self.fit.beta, se, strict=True)
        ]

    def summary(self) -> dict[str, Any]:
        low, high = self.fit.tau2_ci
        return {
            "stage": self.stage,
            "method": "linear mixed model, random school intercept, REML; empirical-Bayes "
            "school effects with Henderson prediction errors"
            + (
                "; prior corrected for measurement error (method of moments, Fuller 1987)"
                if self.prior_reliability is not None and self.prior_reliability < 1.0
                else ""
            ),
            "cohorts": list(self.cohorts),
            "scales": self.scales,
            "prior_reliability": self.prior_reliability,
            "coefficients": self.coefficients(),
            "between_school_sd": math.sqrt(self.fit.tau2),
            "between_school_sd_ci95": [math.sqrt(low), math.sqrt(high)],
            "within_school_sd": math.sqrt(self.fit.sigma2),
            "pupils_used": self.pupils_used,
            "pupils_dropped": self.pupils_dropped,
            "schools_used": len(self.school_ids),
            "schools_published": int(self.published.sum()),
            "schools_unpublished": self.schools_unpublished,
            "stability": self.stability,
            "converged": self.fit.converged,
            "seconds": self.seconds,
        }


def _design(df: pl.DataFrame, stage: Stage, covariates: Sequence[str]) -> tuple[Array, list[str]]:
    """The design matrix (N, p), column-major: intercept, numeric terms, then dummies (the first
    level of each categorical variable is the reference). Filled column by column to keep the
    memory at one copy of the matrix."""
    numeric = [
        *(["prior"] if stage != "1-4" else []),
        *[c for c in BACKGROUND_NUMERIC if c in df.columns],
    ]
    categorical = [c for c in BACKGROUND_CATEGORICAL if c in df.columns]
    for name in covariates:
        (numeric if df.schema[name].is_numeric() else categorical).append(name)
    levels = {name: sorted(df[name].cast(pl.String).unique().to_list())[1:] for name in categorical}
    terms = [
        "(intercept)",
        *numeric,
        *[f"{name}={level}" for name in categorical for level in levels[name]],
    ]
    x = np.empty((df.height, len(terms)), dtype=np.float64, order="F")
    x[:, 0] = 1.0
    for k, name in enumerate(numeric, start=1):
        x[:, k] = df[name].cast(pl.Float64).to_numpy()
    k = 1 + len(numeric)
    for name in categorical:
        values = df[name].cast(pl.String)
        for level in levels[name]:
            x[:, k] = (values == level).to_numpy()
            k += 1
    return x, terms


def _numeric_problem(data: pl.DataFrame, name: str) -> str | None:
    if data.schema[name].is_numeric():
        return None
    bad = data.filter(
        pl.col(name).cast(pl.Float64, strict=False).is_null() & pl.col(name).is_not_null()
    )
    if bad.height == 0:
        return None
    return f"column {name} must be numeric; pupil {bad['pupil_id'][0]!r} has {bad[name][0]!r}"


def _duplicates(df: pl.DataFrame) -> pl.DataFrame:
    """Pupil ids that appear more than once in a cohort. A 64-bit hash finds candidates cheaply;
    only when two hashes collide is the exact (memory-hungry) grouping done."""
    hashes = np.sort(df.select(pl.struct("cohort", "pupil_id").hash()).to_series().to_numpy())
    if not bool((hashes[1:] == hashes[:-1]).any()):
        return df.head(0)
    return df.group_by(["cohort", "pupil_id"]).len().filter(pl.col("len") > 1)


def identifying_column(data: pl.DataFrame) -> str | None:
    """The first column that looks like names or national identity numbers (stats.identity):
    its name, or any of its values when it holds text or whole numbers (a number read from a
    file loses a national identity number's leading zero, so 10 digits count too)."""
    for name in data.columns:
        column = data[name]
        values: list[str] = []
        if column.dtype.is_integer():
            number = column.cast(pl.Int64, strict=False)
            text = number.cast(pl.String).str.zfill(11)
            hits = number.is_between(10**9, 10**11 - 1)
            values = text.filter(hits.fill_null(False)).head(1).to_list()
        elif column.dtype == pl.String:
            text = column.str.strip_chars()
            hits = text.str.contains(NATIONAL_ID) | text.str.contains(PERSON_NAME)
            values = text.filter(hits.fill_null(False)).head(1).to_list()
        if problem := person_column_problem(name, values):
            return problem
    return None


def _clean(
    data: pl.DataFrame, stage: Stage, covariates: Sequence[str], cohorts: int
) -> tuple[pl.DataFrame, dict[str, int], tuple[str, ...]]:
    if stage not in get_args(Stage):
        raise ContributionError(f"stage must be one of {', '.join(get_args(Stage))}")
    if data.height == 0:
        raise ContributionError("the file has no pupils")
    required = [*REQUIRED, *(["prior"] if stage != "1-4" else [])]
    missing = [c for c in [*required, *covariates] if c not in data.columns]
    if missing:
        raise ContributionError(f"missing columns: {', '.join(missing)}")
    numeric = [
        c
        for c in ["outcome", "prior", *BACKGROUND_NUMERIC]
        if c in data.columns and (c != "prior" or stage != "1-4")
    ]
    for name in numeric:
        if problem := _numeric_problem(data, name):
            raise ContributionError(problem)
    keep = [
        c
        for c in data.columns
        if c in {*required, *covariates, *BACKGROUND_CATEGORICAL, *BACKGROUND_NUMERIC}
    ]
    all_cohorts = tuple(sorted(data["cohort"].cast(pl.String).drop_nulls().unique().to_list()))
    chosen = all_cohorts[-cohorts:]
    # One lazy pipeline: polars shares the caller's columns instead of copying them.
    lazy = (
        data.lazy()
        .select(keep)
        .with_columns(
            pl.col("school_id").cast(pl.String),
            pl.col("cohort").cast(pl.String),
            *[pl.col(c).cast(pl.Float64, strict=False) for c in numeric],
        )
    )
    chosen_rows = lazy.filter(pl.col("cohort").is_in(chosen))
    checks = {
        c: pl.col(c).is_not_null() & (pl.col(c).is_finite() if c in numeric else pl.lit(True))
        for c in keep
        if c not in ("pupil_id", "cohort")
    }
    counts = chosen_rows.select(
        pl.len().alias("__all"), *[(~ok).sum().alias(c) for c, ok in checks.items()]
    ).collect()
    dropped = {
        "outside the chosen cohorts": data.height - int(counts["__all"][0]),
        **{f"missing {c}": int(counts[c][0]) for c in checks},
    }
    df = chosen_rows.filter(pl.all_horizontal(list(checks.values()))).collect()
    dup = _duplicates(df)
    if dup.height:
        raise ContributionError(
            f"{dup.height} pupil ids appear more than once in a cohort, e.g. "
            f"{dup['pupil_id'][0]!r} in {dup['cohort'][0]}"
        )
    return df, {k: v for k, v in dropped.items() if v}, chosen


def _fit_frame(
    df: pl.DataFrame,
    stage: Stage,
    covariates: Sequence[str],
    min_pupils: int,
    prior_reliability: float | None = None,
) -> tuple[list[str], NDArray[np.int64], Effects, RemlFit, list[str]]:
    school_ids = df["school_id"].unique().sort().to_list()
    group = df["school_id"].cast(pl.Enum(school_ids)).to_physical().to_numpy().astype(np.intp)
    if len(school_ids) < 3:
        raise ContributionError("a school contribution needs pupils from at least 3 schools")
    x, terms = _design(df, stage, covariates)
    s = sufficient_stats(x, df["outcome"].to_numpy().astype(np.float64), group, len(school_ids))
    if np.linalg.matrix_rank(s.xtx) < s.p:
        raise ContributionError(
            "the covariates are collinear (a column is constant or repeats another); remove one"
        )
    error = None
    if prior_reliability is not None and prior_reliability < 1.0:
        k = terms.index("prior")
        delta2 = (1.0 - prior_reliability) * float(np.var(x[:, k], ddof=1))
        error = PriorError(k, delta2)
    fit = fit_reml(s, error)
    return school_ids, s.n.astype(np.int64), predict_effects(s, fit), fit, terms


def fit_school_contribution(
    data: pl.DataFrame,
    *,
    stage: Stage,
    cohorts: int = 2,
    min_pupils: int = 10,
    covariates: Sequence[str] = (),
    prior_test: PriorTest = "reading",
    prior_reliability: float | None = None,
) -> ContributionResult:
    """Fit the school contribution model on one row per pupil (see the module docstring).

    data: columns pupil_id, school_id, cohort, outcome, prior (not for 1-4), optional
    parent_education, household_income, immigrant_background, gender, and `covariates`.
    The last `cohorts` cohorts are merged (two, as the national indicators). Schools with fewer
    than `min_pupils` pupils are part of the model but get no published estimate.

    outcome and prior must each hold one scale (stats.scales): otherwise ScaleError names the
    rows. The prior is corrected for measurement error with `prior_reliability`, by default the
    published reliability of `prior_test` (PUBLISHED_RELIABILITY: a national test; a prior in
    grades needs an explicit figure); 1 turns the correction off.
    """
    start = time.perf_counter()
    if cohorts < 1 or min_pupils < 1:
        raise ContributionError("cohorts and min_pupils must be at least 1")
    if prior_test not in get_args(PriorTest):
        raise ContributionError(f"prior_test must be one of {', '.join(get_args(PriorTest))}")
    if prior_reliability is not None and not 0.0 < prior_reliability <= 1.0:
        raise ContributionError("prior_reliability must be above 0 and at most 1")
    if problem := identifying_column(data):
        raise ContributionError(problem)
    df, dropped, chosen = _clean(data, stage, covariates, cohorts)
    scales: dict[str, Scale] = {
        c: check_scale(data, c) for c in ("outcome", "prior") if c in df.columns
    }
    if stage == "1-4":
        prior_reliability = None
    elif prior_reliability is None:
        if scales["prior"] == "grades":
            raise ContributionError(
                "the prior is on the grades scale, which has no published reliability: give "
                "prior_reliability (1 for no correction)"
            )
        prior_reliability = PUBLISHED_RELIABILITY[prior_test]
    school_ids, n, effects, fit, terms = _fit_frame(
        df, stage, covariates, min_pupils, prior_reliability
    )
    published = n >= min_pupils
    stability = _stability(data, stage, covariates, cohorts, min_pupils, prior_reliability)
    return ContributionResult(
        stage,
        chosen,
        school_ids,
        n,
        effects,
        published,
        fit,
        terms,
        int(n.sum()),
        dropped,
        [sid for sid, ok in zip(school_ids, published, strict=True) if not ok],
        stability,
        time.perf_counter() - start,
        scales,
        prior_reliability,
    )


def _stability(
    data: pl.DataFrame,
    stage: Stage,
    covariates: Sequence[str],
    cohorts: int,
    min_pupils: int,
    prior_reliability: float | None,
) -> list[dict[str, Any]]:
    """Correlation of school estimates between consecutive windows of `cohorts` cohorts."""
    all_cohorts = sorted(data["cohort"].cast(pl.String).drop_nulls().unique().to_list())
    windows = [tuple(all_cohorts[i : i + cohorts]) for i in range(len(all_cohorts) - cohorts + 1)]
    if len(windows) < 2:
        return []
    estimates = []
    for window in windows:
        subset = data.filter(pl.col("cohort").cast(pl.String).is_in(window))
        df, _, _ = _clean(subset, stage, covariates, cohorts)
        ids, n, eff, _, _ = _fit_frame(df, stage, covariates, min_pupils, prior_reliability)
        estimates.append(
            {i: e for i, e, k in zip(ids, eff.estimate, n, strict=True) if k >= min_pupils}
        )
    out = []
    for (wa, a), (wb, b) in zip(
        zip(windows, estimates, strict=True),
        zip(windows[1:], estimates[1:], strict=True),
        strict=False,
    ):
        common = sorted(set(a) & set(b))
        r = (
            float(np.corrcoef([a[k] for k in common], [b[k] for k in common])[0, 1])
            if len(common) > 2
            else None
        )
        out.append({"from": list(wa), "to": list(wb), "schools": len(common), "correlation": r})
    return out


def simulate_pupils(
    schools: int,
    pupils: int,
    seed: int,
    *,
    stage: Stage = "5-7",
    tau: float = 3.0,
    sigma: float = 8.0,
    cohorts: Sequence[str] = ("2023-24", "2024-25"),
    prior_reliability: float = PUBLISHED_RELIABILITY["reading"],
    intake_sd: float = 0.0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Realistic synthetic pupils with known school effects.

    Returns (pupils, truth): pupils has one row per pupil in the input format, with `pupils`
    pupils in all; school sizes vary (log-normal), as Norwegian schools do. truth has school_id,
    true_effect (centred on 0, on the outcome's scale) and intake (the school's shift of its
    pupils' true prior, N(0, intake_sd)). The outcome depends on the true prior; the file holds
    the prior measured with error at `prior_reliability` (1: exact). Results are clipped to the
    national-test scale (stats.scales), as real scores are bounded."""
    rng = np.random.default_rng(seed)
    sizes = rng.lognormal(mean=0.0, sigma=0.8, size=schools)
    counts = np.maximum(1, np.round(sizes / sizes.sum() * pupils)).astype(np.int64)
    counts[np.argmax(counts)] += pupils - counts.sum()
    effects = rng.normal(0.0, tau, schools)
    effects -= effects.mean()
    school = np.repeat(np.arange(schools), counts)
    n = len(school)
    parent_ed = rng.choice(
        ["grunnskole", "vgs", "uh_kort", "uh_lang"], size=n, p=[0.1, 0.35, 0.35, 0.2]
    )
    immigrant = rng.choice(["nei", "innvandrer", "norskfodt_innv"], size=n, p=[0.82, 0.1, 0.08])
    gender = rng.choice(["jente", "gutt"], size=n)
    income = rng.lognormal(13.5, 0.4, n) / 1e5
    ed_effect = np.select(
        [parent_ed == "vgs", parent_ed == "uh_kort", parent_ed == "uh_lang"], [1.5, 3.0, 4.5], 0.0
    )
    prior = 50 + 0.4 * ed_effect + rng.normal(0, 10, n)
    outcome = (
        50
        + ed_effect
        + 0.5 * income
        - 1.0 * (immigrant == "innvandrer")
        + effects[school]
        + rng.normal(0, sigma, n)
    )
    # Intake and measurement error come from a second stream, so that the defaults of earlier
    # versions (no intake, exact prior) give exactly the same pupils as before.
    extra = np.random.default_rng([seed, 1])
    intake = extra.normal(0.0, intake_sd, schools) if intake_sd > 0 else np.zeros(schools)
    prior = prior + intake[school]
    if stage != "1-4":
        outcome = outcome + 0.6 * (prior - 50)
    if prior_reliability < 1.0:
        error_var = float(np.var(prior)) * (1.0 - prior_reliability) / prior_reliability
        prior = prior + extra.normal(0.0, math.sqrt(error_var), n)
    low, high = SCALE_RANGES["scale points"]
    outcome, prior = np.clip(outcome, low, high), np.clip(prior, low, high)
    school_ids = [f"S{k:05d}" for k in range(schools)]
    frame = pl.DataFrame(
        {
            "pupil_id": [f"p{k:07d}" for k in range(n)],
            "school_id": np.array(school_ids)[school],
            "cohort": rng.choice(list(cohorts), size=n),
            "outcome": np.round(outcome, 1),
            "prior": np.round(prior, 1),
            "parent_education": parent_ed,
            "household_income": np.round(income, 3),
            "immigrant_background": immigrant,
            "gender": gender,
        }
    )
    if stage == "1-4":
        frame = frame.drop("prior")
    truth = pl.DataFrame({"school_id": school_ids, "true_effect": effects, "intake": intake})
    return frame, truth

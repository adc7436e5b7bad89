"""School contribution at national scale: our REML estimator against statsmodels MixedLM,
pyfixest (school fixed effects + an empirical-Bayes step) and R lme4::lmer, on the same
600,000 pupils in 2,800 schools and the same model. Prints fit times, ratios and the
correlation of school estimates between implementations; then the whole CLI run on a parquet
file, with its peak memory.

    make bench-install && .venv/bin/python bench/value_added.py [--pupils N --schools S]

R is installed from Debian (r-base-core r-cran-lme4) when apt-get is available; otherwise R is
skipped with a message. statsmodels uses method="powell": its default optimiser does not
converge at this size (reported below when it fails).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import polars as pl

from skolekvalitet.stats.value_added import (
    fit_reml,
    fit_school_contribution,
    predict_effects,
    simulate_pupils,
    sufficient_stats,
)

FORMULA_TERMS = (
    "prior + household_income + C(parent_education) + C(immigrant_background) + C(gender)"
)


def timed(function, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def ours(frame: pl.DataFrame) -> tuple[float, float, dict[str, float]]:
    seconds, result = timed(
        lambda: fit_school_contribution(frame, stage="5-7", min_pupils=1, prior_reliability=1.0),
        repeat=5,
    )
    # The estimator kernel alone, on the design already built (what the peers below also get).
    from skolekvalitet.stats.value_added import _clean, _design

    df, _, _ = _clean(frame, "5-7", (), 2)
    x, _ = _design(df, "5-7", ())
    group = (df["school_id"].rank("dense").to_numpy() - 1).astype(np.intp)
    y = df["outcome"].to_numpy()

    def kernel():
        s = sufficient_stats(x, y, group, int(group.max()) + 1)
        return predict_effects(s, fit_reml(s))

    kernel_seconds, _ = timed(kernel, repeat=5)
    tidy = result.tidy()
    return seconds, kernel_seconds, dict(zip(tidy["school_id"], tidy["estimate"], strict=True))


def statsmodels_fit(data) -> tuple[float | None, dict[str, float], str]:
    import statsmodels.formula.api as smf

    model = smf.mixedlm(f"outcome ~ {FORMULA_TERMS}", data, groups=data["school_id"])
    note = ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            start = time.perf_counter()
            model.fit(reml=True)
            default = time.perf_counter() - start
            note = f"default optimiser returned after {default:.1f} s"
        except Exception as error:  # report, do not hide
            note = f"default optimiser failed: {type(error).__name__}"
        seconds, fit = timed(lambda: model.fit(reml=True, method="powell", maxiter=5000))
    effects = {k: float(v.iloc[0]) for k, v in fit.random_effects.items()}
    return seconds, effects, note


def pyfixest_fit(data) -> tuple[float, dict[str, float]]:
    import pyfixest as pf

    def run():
        fit = pf.feols(f"outcome ~ {FORMULA_TERMS.replace('C(', 'C(')} | school_id", data=data)
        fe = fit.fixef()["C(school_id)"]
        residual_var = float(np.var(fit.resid(), ddof=1))
        counts = data.groupby("school_id").size()
        values = np.array([fe[k] for k in counts.index])
        n = counts.to_numpy()
        centred = values - np.average(values, weights=n)
        tau2 = max(np.var(centred, ddof=1) - np.mean(residual_var / n), 1e-9)
        shrink = tau2 / (tau2 + residual_var / n)
        return dict(zip(counts.index, shrink * centred, strict=True))

    run()  # warm-up: pyfixest compiles its kernels on first use
    return timed(run)


def r_fit(csv: Path) -> tuple[float | None, dict[str, float], str]:
    if shutil.which("Rscript") is None and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "r-base-core", "r-cran-lme4"],
            capture_output=True,
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    if shutil.which("Rscript") is None:
        return None, {}, "R is not available (apt-get install r-base-core r-cran-lme4): skipped"
    out = csv.with_suffix(".lme4.csv")
    script = f"""
suppressMessages(library(lme4))
d <- read.csv("{csv}", stringsAsFactors = TRUE)
t0 <- Sys.time()
m <- lmer(outcome ~ prior + household_income + parent_education + immigrant_background +
          gender + (1 | school_id), data = d, REML = TRUE)
t1 <- Sys.time()
re <- ranef(m)$school_id
write.csv(data.frame(school_id = rownames(re), estimate = re[, 1]), "{out}", row.names = FALSE)
cat(as.numeric(difftime(t1, t0, units = "secs")))
"""
    run = subprocess.run(["Rscript", "-e", script], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        return None, {}, f"R failed: {run.stderr.strip().splitlines()[-1:]}"
    table = pl.read_csv(out)
    return (
        float(run.stdout.strip().split()[-1]),
        dict(zip(table["school_id"], table["estimate"], strict=True)),
        "",
    )


def correlation(a: dict[str, float], b: dict[str, float]) -> float:
    keys = sorted(set(a) & set(b))
    return float(np.corrcoef([a[k] for k in keys], [b[k] for k in keys])[0, 1])


def cli_run(frame: pl.DataFrame, tmp: Path) -> tuple[float, float]:
    parquet = tmp / "pupils.parquet"
    frame.write_parquet(parquet)
    command = [
        str(Path(sys.executable).with_name("skolekvalitet")),
        "contribution",
        "fit",
        str(parquet),
        "--stage=5-7",
        "--prior-reliability=1",
        f"--out={tmp / 'result.csv'}",
        f"--summary-json={tmp / 'summary.json'}",
    ]
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=600_000)
    parser.add_argument("--schools", type=int, default=2_800)
    parser.add_argument("--skip-statsmodels", action="store_true")
    args = parser.parse_args()
    # Exact priors and no measurement-error correction: the peers fit the plain model (the
    # correction is measured in value_added_prior_error.py).
    frame, _ = simulate_pupils(
        args.schools, args.pupils, seed=2026, stage="5-7", prior_reliability=1.0
    )
    frame = frame.with_columns(pl.lit("2024-25").alias("cohort"))
    print(
        f"{frame.height:,} pupils in {args.schools:,} schools; model: outcome ~ prior + "
        "income + parent education + immigrant background + gender + (1 | school), REML"
    )
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        full, kernel, mine = ours(frame)
        results = {"ours (kernel)": (kernel, mine), "ours (whole fit)": (full, mine)}
        data = frame.to_pandas() if _has_pyarrow() else _pandas(frame)
        seconds, effects = pyfixest_fit(data)
        results["pyfixest FE + EB"] = (seconds, effects)
        if not args.skip_statsmodels:
            seconds, effects, note = statsmodels_fit(data)
            results["statsmodels MixedLM (powell)"] = (seconds, effects)
            print(f"statsmodels: {note}")
        csv = tmp / "pupils.csv"
        frame.write_csv(csv)
        seconds, effects, note = r_fit(csv)
        if seconds is None:
            print(note)
        else:
            results["R lme4::lmer"] = (seconds, effects)
        print(f"\n{'implementation':32} {'fit s':>8} {'× ours kernel':>14} {'r vs ours':>10}")
        for name, (seconds, effects) in results.items():
            ratio = seconds / kernel
            print(f"{name:32} {seconds:8.3f} {ratio:14.1f} {correlation(mine, effects):10.6f}")
        cli_seconds, peak = cli_run(frame, tmp)
        print(
            f"\nwhole CLI run on a {frame.height:,}-row parquet file: {cli_seconds:.2f} s "
            f"(goal ≤ 2.5 s); peak memory {peak:.0f} MiB (goal ≤ 400 MiB)"
        )
        print(
            json.dumps(
                {
                    "max_rss_this_process_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                    / 1024
                }
            )
        )


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _pandas(frame: pl.DataFrame):
    import pandas as pd

    return pd.DataFrame(frame.to_dict(as_series=False))


if __name__ == "__main__":
    main()

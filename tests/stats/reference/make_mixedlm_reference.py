"""Writes mixedlm_reference.json: statsmodels MixedLM (REML, random intercept) on a moderate
simulated data set, the reference for tests/stats/test_value_added.py.

Run once (needs statsmodels, in the `bench` dependency group):
    .venv/bin/python tests/stats/reference/make_mixedlm_reference.py
"""

import json
from pathlib import Path

import statsmodels
import statsmodels.formula.api as smf

from skolekvalitet.stats.value_added import simulate_pupils

SEED, SCHOOLS, PUPILS = 7, 120, 4000


def main() -> None:
    frame, _ = simulate_pupils(SCHOOLS, PUPILS, SEED, stage="5-7", prior_reliability=1.0)
    import pandas as pd

    data = pd.DataFrame(frame.to_dict(as_series=False))
    model = smf.mixedlm(
        "outcome ~ prior + household_income + C(parent_education) + C(immigrant_background)"
        " + C(gender)",
        data,
        groups=data["school_id"],
    )
    fit = model.fit(reml=True, method=["powell", "bfgs"], maxiter=2000)
    effects = {school: float(v.iloc[0]) for school, v in fit.random_effects.items()}
    out = {
        "made_by": "tests/stats/reference/make_mixedlm_reference.py",
        "statsmodels": statsmodels.__version__,
        "seed": SEED,
        "schools": SCHOOLS,
        "pupils": PUPILS,
        "stage": "5-7",
        "coefficients": {
            "(intercept)": fit.fe_params["Intercept"],
            "prior": fit.fe_params["prior"],
            "household_income": fit.fe_params["household_income"],
        },
        "sigma2": float(fit.scale),
        "tau2": float(fit.cov_re.iloc[0, 0]),
        "effects": effects,
    }
    path = Path(__file__).with_name("mixedlm_reference.json")
    path.write_text(json.dumps(out, indent=1, sort_keys=True))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()

"""School profiles decide a criterion as soon as the evidence is clear (issue 16): a value without
its uncertainty counts by its value, and one period is enough to rule a criterion out."""

from skolekvalitet.stats.intervals import Estimate
from skolekvalitet.stats.profiles import ProfileInput, profile


def test_values_entered_without_their_uncertainty_decide_a_profile():
    nation = Estimate(50.0, 0.05)
    data = ProfileInput(
        sbi=[1.0, 2.0, 1.0, 3.0, 2.0],  # five positive values, no uncertainty given
        results=[(53.0, nation)],
        indices=[(4.2, Estimate(4.0, 0.01))],
        bullying=(4.0, Estimate(6.0, 0.05)),
    )
    assert profile(data).number == 1
    above = ProfileInput(
        sbi=[1.0] * 5, results=[(53.0, nation)], indices=[], bullying=(8.0, Estimate(6.0, 0.05))
    )
    # Bullying above the nation with no uncertainty: «clearly above» cannot be told.
    (criterion,) = [c for c in profile(above).criteria[1] if c.code.startswith("bullying")]
    assert criterion.met == "unknown" and criterion.missing == (("uncertainty", "ps_bullying"),)


def test_clear_evidence_decides_a_criterion_with_periods_missing():
    nation = Estimate(50.0, 0.05)
    data = ProfileInput(
        sbi=[Estimate(-1.0, 0.5), None, Estimate(2.0, 0.5)],
        results=[(Estimate(47.0, 1.0), nation), (None, nation)],
        indices=[],
        bullying=(None, None),
    )
    result = profile(data)
    criteria = {c.code: c for crit in result.criteria.values() for c in crit}
    assert criteria["sbi_above_all_five"].met == "not met"  # one period below 0 is enough
    assert criteria["sbi_below_all_five"].met == "not met"
    assert criteria["results_above_average"].met == "not met"  # one result below is enough
    assert criteria["results_below_average"].missing == (("school", "1"),)
    assert criteria["sbi_rising_every_year"].missing == (("periods", "3"), ("suppressed", "1"))

"""A pooled share of a small school carries its interval (issue 16)."""

from skolekvalitet.stats.intervals import wilson_interval
from skolekvalitet.stats.suppression import Pooled, with_share_uncertainty


def test_a_pooled_share_has_its_interval():
    pooled = with_share_uncertainty(Pooled(("2024-25", "2025-26"), 12.5, 16, None))
    low, high = pooled.interval()
    wilson = wilson_interval(12.5, 16)
    # The normal interval from Wilson's standard error: the same width, centred on the value.
    assert abs((high - low) - (wilson.high - wilson.low)) < 1e-9
    assert with_share_uncertainty(None) is None
    assert Pooled(("a",), 50.0, 20, None).interval() is None

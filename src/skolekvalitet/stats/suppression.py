"""Suppression (prikking): figures for small groups are never shown.

Primary suppression hides a figure whose group is below the publication threshold, or that the
source already suppressed. Udir's own marks always win: we never show what Udir hid, and our
threshold is the catalogue's, never lower than Udir's practice.
"""

from dataclasses import dataclass
from typing import Literal

Status = Literal["shown", "suppressed_by_source", "too_few"]


@dataclass(frozen=True, slots=True)
class Shown:
    """What an output may show of one figure: value is None unless status is "shown"."""

    value: float | None
    n: int | None
    status: Status


def primary(
    value: float | None, n: int | None, *, source_suppressed: bool, threshold: int
) -> Shown:
    """Hide a figure the source suppressed, or whose known group size is below threshold.

    A figure without a known group size is shown only when the source published it.
    """
    if source_suppressed or value is None:
        return Shown(None, None, "suppressed_by_source")
    if n is not None and n < threshold:
        return Shown(None, None, "too_few")
    return Shown(value, n, "shown")

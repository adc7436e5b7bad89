"""Funnel plots (Spiegelhalter 2005, «Funnel plots for comparing institutional performance»,
Statistics in Medicine 24:1185–1202): a unit's value against its size, with control limits
centre ± z·√(sd²/n + τ²). Units outside the 95 % limits differ beyond what chance explains.

τ² (default 0) is the additive between-unit variance beyond sampling (stats.noise.between_units,
Spiegelhalter 2005 §3.2): with it the limits no longer close in on the centre for large units,
which ordinary cohort differences would otherwise push outside."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95, Z998 = 1.959963984540054, 3.090232306167813


@dataclass(frozen=True)
class FunnelFit:
    centre: float
    sd: float
    outside_95: tuple[int, ...]  # indices of the units outside the 95 % limits
    outside_998: tuple[int, ...]
    tau2: float = 0.0

    def limit(self, n: int, z: float = Z95) -> float:
        """The half-width of the limits for a unit of n."""
        return z * math.sqrt(self.sd * self.sd / n + self.tau2)


def individual_sd(ses: Sequence[float], ns: Sequence[int]) -> float:
    """The spread between individuals implied by published standard errors: the median of
    se·√n over units (robust to a few odd ones)."""
    values = sorted(se * math.sqrt(n) for se, n in zip(ses, ns, strict=True) if n > 0)
    if not values:
        raise ValueError("no standard errors to derive the spread from")
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def fit_funnel(
    values: Sequence[float], ns: Sequence[int], centre: float, sd: float, tau2: float = 0.0
) -> FunnelFit:
    """Which units lie outside the limits centre ± z·√(sd²/n + tau2)."""
    if tau2 < 0:
        raise ValueError("tau2 is a variance and cannot be negative")
    fit = FunnelFit(centre, sd, (), (), tau2)

    def outside(z: float) -> tuple[int, ...]:
        return tuple(
            i
            for i, (v, n) in enumerate(zip(values, ns, strict=True))
            if abs(v - centre) > fit.limit(n, z)
        )

    return FunnelFit(centre, sd, outside(Z95), outside(Z998), tau2)

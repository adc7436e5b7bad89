"""Suppression (prikking): figures for small groups are never shown, and a hidden figure must not
be recoverable from the figures that are shown.

- Primary suppression hides a figure whose group is below the publication threshold, or that the
  source already suppressed. Udir's own marks always win: we never show what Udir hid.
- Secondary (complementary) suppression: wherever figures add up — a total and its parts, girls
  and boys and all pupils, all grades and each grade, a municipality and its schools — a
  single hidden member could be computed back from the others. `suppress` then also hides the
  shown part with the fewest pupils, and repeats until every relation has none or at least two
  hidden members (the classic rule of statistical disclosure control; Hundepool et al. 2012,
  *Statistical Disclosure Control*, ch. 4). Only figures that add up (counts, shares and means
  of pupils) form relations: a model estimate such as a school contribution, relative to the
  national 0, gives nothing away by differencing (knowledge.models.ADDITIVE_UNITS).

`suppress` is the one function every output path calls (pages, exports, reports).
"""

from collections.abc import Callable, Hashable, Iterable, Sequence, Set
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from .intervals import Z95, share_estimate

Status = Literal["shown", "suppressed_by_source", "too_few", "secondary"]


class Shown(NamedTuple):
    """What an output may show of one figure: value is None unless status is "shown"."""

    value: float | None
    n: int | None
    status: Status


class Cell(NamedTuple):
    key: Hashable
    value: float | None
    n: int | None
    source_suppressed: bool = False


@dataclass(frozen=True, slots=True)
class Relation:
    """`total` is an aggregate (a sum, or an n-weighted mean) of `parts`; None when the total is
    not among the figures."""

    total: Hashable | None
    parts: tuple[Hashable, ...]


SOURCE_SUPPRESSED = Shown(None, None, "suppressed_by_source")
TOO_FEW = Shown(None, None, "too_few")
HIDDEN_SECONDARY = Shown(None, None, "secondary")
HIDDEN = {s.status: s for s in (SOURCE_SUPPRESSED, TOO_FEW, HIDDEN_SECONDARY)}


def publishable(n: int, threshold: int) -> bool:
    """Whether a group of n is large enough to publish (the one rule for "too few")."""
    return n >= threshold


def primary_status(
    value: float | None, n: int | None, source_suppressed: bool, threshold: int
) -> Status:
    """Hide a figure the source suppressed, or whose known group size is below threshold.

    A figure without a known group size is shown only when the source published it.
    """
    if source_suppressed or value is None:
        return "suppressed_by_source"
    if n is not None and not publishable(n, threshold):
        return "too_few"
    return "shown"


def primary(
    value: float | None, n: int | None, *, source_suppressed: bool, threshold: int
) -> Shown:
    """What may be shown of one figure after primary suppression (`primary_status`)."""
    status = primary_status(value, n, source_suppressed, threshold)
    return Shown(value, n, "shown") if status == "shown" else HIDDEN[status]


def suppress(
    cells: Iterable[Cell], relations: Sequence[Relation], threshold: int
) -> dict[Hashable, Shown]:
    """Primary then secondary suppression; returns what may be shown for every cell key."""
    cells = list(cells)
    shown = {
        c.key: primary(c.value, c.n, source_suppressed=c.source_suppressed, threshold=threshold)
        for c in cells
    }
    sizes = {c.key: c.n if c.n is not None else 0 for c in cells}
    present = [
        Relation(r.total if r.total in shown else None, tuple(p for p in r.parts if p in shown))
        for r in relations
    ]
    hidden = {key for key, s in shown.items() if s.status != "shown"}
    for key in secondary(hidden, present, lambda m: (sizes[m], str(m))):
        shown[key] = HIDDEN_SECONDARY
    return shown


def secondary(
    hidden: Set[Hashable],
    relations: Sequence[Relation],
    rank: Callable[[Hashable], Any],
    protect: Set[Hashable] | None = None,
) -> set[Hashable]:
    """The keys to hide as well, so that no relation has exactly one hidden member.

    `hidden` holds the keys hidden so far; relations name only figures that exist. Of a relation's
    shown parts the one ranked lowest is hidden (`rank`: smallest group first, then a stable key
    so the choice is the same every time); when all parts are hidden, the total is.

    `protect`: the hidden keys this publisher must keep from being worked out (all of `hidden`
    when None). A figure the source itself withheld, beside figures the source published, was
    protected by the source's own disclosure control: only relations holding a protected key
    are acted on, and what is hidden for them is protected in turn.
    """
    hidden_keys = set(hidden)
    protected = set(hidden if protect is None else protect)
    extra: set[Hashable] = set()
    changed = True
    while changed:
        changed = False
        for relation in relations:
            total, parts = relation.total, relation.parts
            if protected.isdisjoint(parts) and total not in protected:
                continue
            hidden_parts = len(hidden_keys.intersection(parts))
            hidden_total = total is not None and total in hidden_keys
            if hidden_parts + hidden_total != 1 or len(parts) + (total is not None) < 2:
                continue
            candidates = [m for m in parts if m not in hidden_keys] or [total]
            pick = min(candidates, key=rank)
            hidden_keys.add(pick)
            protected.add(pick)
            extra.add(pick)
            changed = True
    return extra


POOL_YEARS = 2  # school years per pooling period


@dataclass(frozen=True)
class Pooled:
    """An n-weighted figure over the school years of one fixed period, each hidden for being
    too few, that together reach the threshold; se is None when a member's uncertainty is
    unknown."""

    keys: tuple[Hashable, ...]
    value: float
    n: int
    se: float | None

    def interval(self, z: float = Z95) -> tuple[float, float] | None:
        """The pooled figure's 95 % interval; None when its uncertainty is unknown."""
        if self.se is None:
            return None
        return self.value - z * self.se, self.value + z * self.se


def with_share_uncertainty(pooled: "Pooled | None") -> "Pooled | None":
    """A pooled share's standard error from its pupils (Wilson's interval, as for a published
    share) when the members' own are unknown: a pooled share is never shown without one."""
    if pooled is None or pooled.se is not None:
        return pooled
    return Pooled(pooled.keys, pooled.value, pooled.n, share_estimate(pooled.value, pooled.n).se)


def pool_period(start: int) -> int:
    """The first year of the fixed period a school year belongs to: periods of POOL_YEARS
    years begin in years divisible by POOL_YEARS (2024-25 and 2025-26, 2026-27 and 2027-28)."""
    return start - start % POOL_YEARS


def pool_hidden(
    cells: Sequence[Cell], ses: Sequence[float | None], threshold: int, starts: Sequence[int]
) -> Pooled | None:
    """Pool the fixed period of the latest cell (`starts`: each cell's first calendar year) when
    every one of its years is present, hidden only for being too few (values known, not
    suppressed by the source), and together they reach the threshold.

    Periods never overlap and a pool never grows: a pool over 2024-25 and 2025-26 next to one
    over 2024-25 to 2026-27 would give away 2026-27 by their difference, and a pool with a year
    that is shown would give away the hidden one."""
    if not cells:
        return None
    period = pool_period(starts[-1])
    members = [
        (cell, se)
        for cell, se, start in zip(cells, ses, starts, strict=True)
        if pool_period(start) == period
    ]
    if sorted(start for start in starts if pool_period(start) == period) != [
        period + i for i in range(POOL_YEARS)
    ]:
        return None
    if any(
        c.source_suppressed or c.value is None or c.n is None or publishable(c.n, threshold)
        for c, _ in members
    ):
        return None
    total = sum(c.n or 0 for c, _ in members)
    if not publishable(total, threshold):
        return None
    value = sum((c.value or 0.0) * (c.n or 0) for c, _ in members) / total
    known = [s for _, s in members]
    se = (
        sum(
            ((c.n or 0) / total) ** 2 * s * s
            for (c, _), s in zip(members, known, strict=True)
            if s is not None
        )
        ** 0.5
        if all(s is not None for s in known)
        else None
    )
    return Pooled(tuple(c.key for c, _ in members), value, total, se)

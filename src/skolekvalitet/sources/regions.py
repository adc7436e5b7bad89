"""Municipality and county numbers across the 2020 and 2024 reforms.

Older files carry the numbers in use then (Drammen was 3005 in 2020–2023, 0602 before; Kvam was
1238 before 2020). `data/regions.csv` beside this module maps every number that changed on 1 January
2020 or 1 January 2024 to today's, from Statistics Norway's change lists (the file says exactly
what it covers and how it was made).
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

Relation = Literal["same", "merged", "split"]
Kind = Literal["municipality", "county"]


@dataclass(frozen=True, slots=True)
class Change:
    """One old number and (one of) today's: `same` means only the number changed, so the old
    figures are today's area's; `merged` means the old area is now part of the new one (its
    schools are there, its figures are not the new area's); `split` means parts went to several."""

    kind: Kind
    old: str
    until: str  # the last year the old number was in use
    new: str
    relation: Relation
    old_name: str
    new_name: str


@cache
def _changes() -> dict[tuple[str, str], tuple[Change, ...]]:
    path = Path(__file__).parent / "data" / "regions.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    table: dict[tuple[str, str], list[Change]] = {}
    for row in csv.DictReader(lines, delimiter=";"):
        change = Change(**row)  # type: ignore[arg-type]
        table.setdefault((change.kind, change.old), []).append(change)
    return {key: tuple(value) for key, value in table.items()}


def changes(kind: Kind, old: str) -> tuple[Change, ...]:
    """Today's number(s) for an old one; empty when the number did not change."""
    return _changes().get((kind, old), ())


def relation(kind: Kind, code: str, today: str) -> Relation | None:
    """How the area a file numbers `code` relates to today's area `today`: `same` also when the
    number is unchanged; None when they are unrelated."""
    if code == today:
        return "same"
    for change in changes(kind, code):
        if change.new == today:
            return change.relation
    return None


def municipality_in(code: str, owner_number: str) -> Relation | None:
    """Whether a school in municipality `code` (as a file gives it) lies in the owner's area:
    a municipality (4 digits) or a county (2 digits), numbered as today."""
    if len(owner_number) == 4:
        return relation("municipality", code, owner_number)
    if code[:2] == owner_number and not changes("municipality", code):
        return "same"
    found = {c.relation for c in changes("municipality", code) if c.new[:2] == owner_number}
    if not found:
        return None
    return "split" if "split" in found else "same"


def today(kind: Kind, code: str) -> Change | None:
    """The change that renumbered an owner's own (old) number to today's, if only the number
    changed."""
    found = changes(kind, code)
    return found[0] if len(found) == 1 and found[0].relation == "same" else None


def area_today(
    kind: Kind, code: str, owner_areas: set[tuple[str, str]]
) -> tuple[str | None, Change | None]:
    """The owner's comparison area an area figure numbered `code` is, as (today's code, the
    renumbering used); (None, change) when the old area is related but not the same territory
    (merged or split: its figures are not the owner's area's); (None, None) when unrelated."""
    if (kind, code) in owner_areas:
        return code, None
    related = None
    for change in changes(kind, code):
        if (kind, change.new) in owner_areas:
            if change.relation == "same":
                return change.new, change
            related = change
    return None, related

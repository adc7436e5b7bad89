"""Which of an owner's schools a file's figures belong to, and which schools it could create.

Pure Python: the import (knowledge/importing.py) gives the owner's schools as plain tuples and
translates the notes (English %-templates with parameters, like SourceError's).

- A school with an organisation number is matched by that number only.
- A school named only by name (Skoleporten, the statistics API) is matched by name only when
  the file is the owner's: such files do not say their municipality, so names are matched
  automatically only when at least half of the file's school names are the owner's schools.
  Otherwise (Stavanger's file imported by Bergen, where only «Skeie skole» matches) nothing is
  matched by name, and the owner maps the names that are theirs.
- A school in the owner's municipality (old municipality numbers mapped by regions.py) that is
  not yet one of its schools is a candidate (a county creates none from these files). It is
  created only by an explicit choice of its organisation number, or, with `create_public`, when
  the file says it is publicly owned. Private schools and schools whose ownership the file does
  not give are listed, never created as the owner's without a choice.
- Grades come from every figure of the file (suppressed ones too), for candidates and for the
  owner's schools whose grade range the file goes beyond.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .records import Ownership, Record
from .regions import Relation, municipality_in
from .text import normalise_name

Note = tuple[str, dict[str, object]]  # an English %-template and its parameters


def valid_org_number(value: str) -> bool:
    """Nine digits with the mod-11 check digit of Brønnøysund (weights 3 2 7 6 5 4 3 2)."""
    if len(value) != 9 or not value.isdigit():
        return False
    rest = sum(int(d) * w for d, w in zip(value[:8], (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    check = 0 if rest == 0 else 11 - rest
    return check != 10 and check == int(value[8])


# Words in a school's name that usually mean a private school: only a hint shown beside «not
# given» in the preview, never used to decide.
PRIVATE_HINT = re.compile(
    r"friskule|friskole|montessori|steiner|waldorf|kristne|kristen|adventist|privat|"
    r"international|internasjonal|danielsen|toppidrett|^stiftelsen |^stiftinga ",
)


def looks_private(name: str) -> bool:
    """«friskule», «Montessori», «Steiner», a company suffix (AS, SA), …"""
    name = name.strip()
    return bool(PRIVATE_HINT.search(name.casefold()) or re.search(r"\b(?:AS|SA|Sti|BA)$", name))


def grade_range(grades: Iterable[int]) -> tuple[int, int]:
    """The stages a school's grades fall in: 1–7, 8–10, 1–10, 11–13 (1–10 when none is known)."""
    seen = [g for g in grades if g]
    if not seen:
        return 1, 10
    low, high = min(seen), max(seen)
    first = 1 if low <= 7 else 8 if low <= 10 else 11
    last = 7 if high <= 7 else 10 if high <= 10 else 13
    return first, last


@dataclass
class Candidate:
    """A school in the owner's area that is not one of its schools."""

    org_number: str
    name: str
    municipality: str
    relation: Relation
    ownership: Ownership | None = None
    grades: set[int] = field(default_factory=set)
    chosen: bool = False

    @property
    def grade_range(self) -> tuple[int, int]:
        return grade_range(self.grades)

    @property
    def looks_private(self) -> bool:
        return self.ownership is None and looks_private(self.name)

    @property
    def grades_seen(self) -> list[int]:
        return sorted(g for g in self.grades if g)


@dataclass
class OwnSchool:
    pk: int
    org_number: str
    name: str
    first_grade: int
    last_grade: int


Target = tuple[Literal["school"], int] | tuple[Literal["new_school"], str]


class SchoolMatcher:
    def __init__(
        self,
        owner_number: str,
        schools: Iterable[OwnSchool],
        records: Iterable[Record],
        *,
        name_map: dict[str, str] | None = None,
        create_public: bool = False,
        chosen: Iterable[str] = (),
    ) -> None:
        self.owner_number = owner_number
        self.schools = {s.pk: s for s in schools}
        self.by_number = {s.org_number: s for s in self.schools.values()}
        self.create_public, self.chosen = create_public, set(chosen)
        self.candidates: dict[str, Candidate] = {}
        self.unmatched: set[str] = set()
        self.skipped = 0  # figures of schools that are not the owner's (or not chosen)
        self.grades: dict[int, set[int]] = {}
        self.notes: list[Note] = []
        by_name = {normalise_name(s.name): s for s in self.schools.values()}
        named = {normalise_name(r.unit_name): r.unit_name for r in records if _by_name(r)}
        found = {key for key in named if key in by_name}
        self.by_name = {}
        if found and len(found) * 2 < len(named):
            self.notes.append(
                (
                    "only %(matched)s of the %(total)s school names in the file match your "
                    "schools (%(names)s), and the file does not say its municipality: it may be "
                    "another municipality's. Names are matched only when most do; choose the "
                    "schools that are yours",
                    {
                        "matched": len(found),
                        "total": len(named),
                        "names": ", ".join(sorted(named[k] for k in found)[:5]),
                    },
                )
            )
        else:
            self.by_name = {key: by_name[key] for key in found}
        for name, number in (name_map or {}).items():
            if number in self.by_number:
                self.by_name[normalise_name(name)] = self.by_number[number]

    def match(self, rec: Record) -> Target | None:
        """Where a school's figure goes, or None (not the owner's school, or not chosen)."""
        if _by_name(rec):
            school = self.by_name.get(normalise_name(rec.unit_name))
            if school is None:
                self.unmatched.add(rec.unit_name)
                return None
            return self._matched(school, rec)
        number = rec.unit_code or ""
        school = self.by_number.get(number)
        if school is not None:
            return self._matched(school, rec)
        # Only a municipality owns primary and lower secondary schools: a county creates none.
        where = municipality_in(rec.municipality_code or "", self.owner_number)
        if where is None or len(self.owner_number) != 4 or not valid_org_number(number):
            self.skipped += 1
            return None
        candidate = self.candidates.get(number)
        if candidate is None:
            candidate = self.candidates[number] = Candidate(
                number, rec.unit_name, rec.municipality_code or "", where
            )
        candidate.grades.add(rec.grade)
        candidate.ownership = candidate.ownership or rec.ownership
        if number in self.chosen or (
            self.create_public and candidate.ownership == "public" and where != "split"
        ):
            candidate.chosen = True
            return "new_school", number
        self.skipped += 1
        return None

    def _matched(self, school: OwnSchool, rec: Record) -> Target:
        self.grades.setdefault(school.pk, set()).add(rec.grade)
        return "school", school.pk

    def widened(self) -> dict[int, tuple[int, int]]:
        """The owner's schools whose grade range the file goes beyond → their new range."""
        out = {}
        for pk, grades in self.grades.items():
            school = self.schools[pk]
            if not any(g for g in grades):
                continue
            first, last = grade_range(grades)
            new = (min(first, school.first_grade), max(last, school.last_grade))
            if new != (school.first_grade, school.last_grade):
                out[pk] = new
        return out

    def not_created(self) -> list[Candidate]:
        return sorted(
            (c for c in self.candidates.values() if not c.chosen), key=lambda c: c.name.casefold()
        )


def _by_name(rec: Record) -> bool:
    return rec.unit_kind == "school" and not rec.unit_code

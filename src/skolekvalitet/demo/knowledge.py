"""Synthetic figures for the demo owner: six school years of every catalogue indicator that
applies to each school, plus comparison figures for the municipality, county and nation.
Deterministic (the demo's seeded random generator) and marked synthetic everywhere."""

import math
import random

from skolekvalitet.knowledge import publishing, store
from skolekvalitet.knowledge.chain import comparison_areas
from skolekvalitet.knowledge.models import Area, Indicator, Observation
from skolekvalitet.organisations.models import Owner, School, SchoolYear
from skolekvalitet.organisations.schoolyears import current_school_year

from . import SCHOOLS, YEARS_BACK

KEYS = {name: key for name, key, *_ in SCHOOLS}
NATIONAL = {
    "scale_points": 50.0,
    "index": 3.9,
    "grade": 3.9,
    "points": 42.5,
    "sbi": 0.0,
    "ratio": 15.0,
    "scale_1_3": 2.0,
}
SPREAD = {
    "scale_points": 10.0,
    "index": 0.8,
    "grade": 1.0,
    "points": 9.0,
    "sbi": 10.0,
    "ratio": 3.0,
    "scale_1_3": 0.6,
}
# Per school: (latent effect in sd units, yearly change), chosen so that the analysis finds each
# of the expert group's profiles in the data: Granhaug stable high (1), Sætre stable high with
# fewer parents with higher education (2), Heradshaugen steady progress (3), Bjørkely stable low
# (4). Øvrebø's pupil-survey participation falls (a follow-up flag).
EFFECTS = {
    "nordvik": (0.1, 0.0),
    "lid": (-0.1, 0.05),
    "fjellstad": (0.2, 0.0),
    "ovrebo": (-0.3, -0.05),
    "saetre": (0.9, 0.0),
    "granhaug": (1.0, 0.0),
    "bjorkely": (-1.1, 0.0),
    "heradshaugen": (-0.6, 0.4),
}
PARENTS_HIGHER_EDUCATION = {"saetre": 31.0, "bjorkely": 35.0, "nordvik": 44.0}
FALLING_PARTICIPATION = {"ovrebo": [97.0, 96.0, 94.0, 90.0, 78.0, 71.0]}


def _grades_for(indicator: Indicator, school: School) -> list[int]:
    if not indicator.grades:
        return [0]
    taught = set(school.grades)
    if indicator.code.startswith("ps_"):
        return [g for g in (7, 10) if g in taught]
    if indicator.code.startswith("sbi_"):
        return [0] if set(indicator.grades) <= taught else []
    if indicator.quality == "structure" or indicator.code == "completion_upper_secondary":
        return [0] if 10 in school.grades or indicator.quality == "structure" else []
    return [g for g in indicator.grades if g in taught]


def _value(ind: Indicator, effect: float, rng: random.Random, n: int) -> tuple[float, float]:
    """A plausible value and its standard error for a group of n."""
    if ind.code == "parents_higher_education":
        p = min(max(45.0 + 10 * effect + rng.gauss(0, 3), 5.0), 95.0)
        return round(p, 1), math.sqrt(p * (100 - p) / max(n, 1))
    if ind.unit == "share":
        if ind.code == "ps_bullying":
            base = 6.0 - 3 * effect
        elif ind.code == "ps_participation":
            base = 90.0 + 4 * effect
        elif "_level" in ind.code:
            level, levels = (
                int(ind.code.split("_level")[1][0]),
                3 if ind.code.startswith("nt5") else 5,
            )
            centre = (levels + 1) / 2 + effect * levels / 3
            weights = [math.exp(-((k - centre) ** 2) / 2) for k in range(1, levels + 1)]
            base = 100 * weights[level - 1] / sum(weights)
        elif ind.code == "completion_upper_secondary":
            base = 80.0 + 4 * effect  # per cent of a cohort who complete within five years
        else:
            base = 8.0 - 2 * effect
        # A school's share wobbles a couple of points from year to year; a county's or the
        # nation's barely moves.
        p = min(max(base + rng.gauss(0, 2 if n < 1000 else 0.2), 0.5), 99.5)
        return round(p, 1), math.sqrt(p * (100 - p) / max(n, 1))
    mean, sd = NATIONAL[ind.unit], SPREAD[ind.unit]
    if ind.unit in ("sbi",):
        sd = 3.0
    value = mean + effect * sd * 0.5 + rng.gauss(0, sd / math.sqrt(max(n, 1)))
    low, high = {"index": (1, 5), "grade": (1, 6), "scale_1_3": (1, 3)}.get(ind.unit, (-1e9, 1e9))
    return round(min(max(value, low), high), 1), sd / math.sqrt(max(n, 1))


def _after_year_end(ind: Indicator) -> bool:
    """Results that exist only once a school year has ended: grades, lower-secondary points,
    completion, and the school contribution SSB computes from them."""
    return ind.code == "gsp" or ind.code.startswith(("grade_", "sbi_", "completion_"))


def _group(ind: Indicator, school: School, pupils: dict, years: list, age: int, grade: int) -> int:
    """How many pupils a school figure is about: the grade's pupils, else (grade 0) the
    pupils of the indicator's grades the school teaches; two merged years for school
    contribution; the staff for the local staff survey."""
    year = years[age]
    grades = [grade] if grade else [g for g in (ind.grades or school.grades) if g in school.grades]
    n = sum(pupils.get((year.pk, g), 0) for g in grades)
    if ind.code.startswith("sbi_"):  # two merged school years
        n += sum(pupils.get((years[max(age - 1, 0)].pk, g), 0) for g in grades)
    elif ind.code.startswith("tenfactor_"):
        n = max(2, n // 12)  # staff answering 10-FAKTOR
    return max(n, 1)


def build(owner: Owner, rng: random.Random) -> None:
    this = current_school_year()
    years = list(SchoolYear.objects.filter(code__lte=this.code).order_by("-code")[:YEARS_BACK])
    years.reverse()
    indicators = list(Indicator.objects.filter(owner=None).exclude(code__endswith="_2009"))
    schools = list(owner.schools.prefetch_related("enrolments"))
    rows = []
    # The municipality's figures are its schools' figures pooled (Udir's own, small groups
    # included): {(indicator, grade, year): [sum of value × n, sum of n]}.
    pooled: dict[tuple[int, int, int], list[float]] = {}
    for school in schools:
        key = KEYS.get(school.name, "")
        effect, trend = EFFECTS.get(key, (0.0, 0.0))
        pupils = {(e.school_year_id, e.grade): e.pupils for e in school.enrolments.all()}
        for ind in indicators:
            local = ind.code.startswith("tenfactor_")
            for grade in _grades_for(ind, school):
                for age, year in enumerate(years):
                    n = _group(ind, school, pupils, years, age, grade)
                    value, se = _value(ind, effect + trend * age, rng, n)
                    if ind.code == "parents_higher_education" and key in PARENTS_HIGHER_EDUCATION:
                        value = PARENTS_HIGHER_EDUCATION[key]
                    if ind.code == "ps_participation" and key in FALLING_PARTICIPATION:
                        value = FALLING_PARTICIPATION[key][age]
                    if year.code >= this.code and _after_year_end(ind):
                        continue  # drawn all the same, so that the other figures stay put
                    total = pooled.setdefault((ind.pk, grade, year.pk), [0.0, 0])
                    total[0] += value * n
                    total[1] += n
                    # Udir suppresses small groups itself; our own (local) figures keep their
                    # values and are hidden by the catalogue threshold when shown.
                    hidden = n < ind.threshold and not local
                    rows.append(
                        Observation(
                            indicator=ind,
                            school=school,
                            school_year=year,
                            grade=grade,
                            value=None if hidden else value,
                            n=n,
                            uncertainty=None if hidden else round(1.96 * se, 2),
                            uncertainty_kind="udir" if not hidden else "",
                            suppressed=hidden,
                            synthetic=True,
                        )
                    )
    real = set(
        Observation.objects.filter(school__owner=owner, synthetic=False).values_list(
            "indicator_id", "school_id", "school_year_id", "grade", "subgroup"
        )
    )
    rows = [
        o
        for o in rows
        if (o.indicator_id, o.school_id, o.school_year_id, o.grade, o.subgroup) not in real
    ]
    synthetic = Observation.objects.filter(school__owner=owner, synthetic=True)
    written = store.write(None, owner, rows, replace=synthetic, action="demo", publish=False)
    if written.changed + _comparisons(owner, indicators, years, pooled, rng):
        publishing.enqueue(owner)


def _se(ind: Indicator, value: float, n: int) -> float:
    if ind.unit == "share":
        return math.sqrt(value * (100 - value) / n)
    return (3.0 if ind.unit == "sbi" else SPREAD[ind.unit]) / math.sqrt(n)


def _comparisons(owner: Owner, indicators, years, pooled: dict, rng: random.Random) -> int:
    """The nation's and the county's figures, drawn; the municipality's, its schools pooled
    (the demo owner is the whole municipality)."""
    areas = [
        Area.objects.get_or_create(kind="nation", code="0", defaults={"name": "Hele landet"})[0],
        Area.objects.get_or_create(
            kind="county", code=owner.municipality_number[:2], defaults={"name": "Vestland"}
        )[0],
        Area.objects.get_or_create(
            kind="municipality", code=owner.municipality_number, defaults={"name": owner.name}
        )[0],
    ]
    compared = {a.pk for a in comparison_areas(owner).values()}
    areas = [a for a in areas if a.pk in compared]
    real = set(
        Observation.objects.filter(area__in=areas, owner=owner).values_list(
            "indicator_id", "area_id", "school_year_id", "grade", "synthetic"
        )
    )
    this = current_school_year()
    rows = []
    sizes = {"nation": (60000, 0.0), "county": (6000, 0.02)}
    for area in areas:
        for ind in indicators:
            grades = (
                [0]
                if not ind.grades
                or ind.code.startswith("sbi_")
                or ind.quality == "structure"
                or ind.code == "completion_upper_secondary"
                else ([7, 10] if ind.code.startswith("ps_") else ind.grades)
            )
            for grade in grades:
                for year in years:
                    if area.kind == "municipality":
                        if (ind.pk, grade, year.pk) not in pooled:
                            continue  # none of the schools has the figure
                        total, n = pooled[ind.pk, grade, year.pk]
                        value = round(total / n, 1)
                        se = _se(ind, value, n)
                    else:
                        n, effect = sizes[area.kind]
                        value, se = _value(ind, effect, rng, n)
                        if year.code >= this.code and _after_year_end(ind):
                            continue
                    if (ind.pk, area.pk, year.pk, grade, False) in real:
                        continue
                    if ind.unit == "sbi" and area.kind == "nation":
                        value = 0.0
                    rows.append(
                        Observation(
                            indicator=ind,
                            area=area,
                            owner=owner,
                            school_year=year,
                            grade=grade,
                            value=value,
                            n=n,
                            uncertainty=round(1.96 * se, 2),
                            uncertainty_kind="udir",
                            synthetic=True,
                        )
                    )
    synthetic = Observation.objects.filter(area__in=areas, owner=owner, synthetic=True)
    return store.write(None, owner, rows, replace=synthetic, action="demo", publish=False).changed

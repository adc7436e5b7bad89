"""The one chain: every figure any page, export or report shows comes through `Chain`, which
reads the knowledge base, applies suppression (stats.suppression.suppress, primary and
secondary) and attaches each figure's uncertainty and provenance.

Units are ("school", school id) or ("area", kind) for the owner's comparison areas
(its municipality, its county and the nation).
"""

import gc
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from operator import itemgetter
from typing import NamedTuple

from django.db import connections
from django.db.models import Q, QuerySet

from skolekvalitet.knowledge.models import (
    UNIT_RANGES,
    Area,
    Import,
    Indicator,
    Observation,
    Subgroup,
)
from skolekvalitet.organisations.models import Owner, School, SchoolYear
from skolekvalitet.stats.intervals import Z95, Estimate, Interval, mean_estimate, share_estimate
from skolekvalitet.stats.suppression import (
    HIDDEN,
    Cell,
    Pooled,
    Relation,
    Shown,
    Status,
    pool_hidden,
    primary_status,
    secondary,
)

Unit = tuple[str, object]
AREA_LEVELS = ("municipality", "county", "nation")
SUBGROUPS = dict(Subgroup.choices)


class Figure(NamedTuple):
    """One figure as outputs may show it: value and se are None unless status is "shown"."""

    indicator: Indicator
    unit: Unit
    year: str
    start_year: int  # the first calendar year of the school year (2025-26 → 2025)
    grade: int
    subgroup: str
    status: Status
    value: float | None
    raw_n: int | None
    se: float | None  # the standard error, when the uncertainty is known
    file_name: str  # the import's file ("" for figures entered by hand)
    line: int | None
    synthetic: bool
    row: int  # its place in the chain; the suppression relations name figures by it

    @property
    def shown(self) -> Shown:
        if self.status == "shown":
            return Shown(self.value, self.raw_n, "shown")
        return HIDDEN[self.status]

    @property
    def estimate(self) -> Estimate | None:
        return None if self.se is None else Estimate(self.value, self.se)  # type: ignore[arg-type]

    @property
    def source(self) -> str:
        """Provenance: the file and line the figure came from."""
        return f"{self.file_name}, line {self.line}" if self.file_name else ""

    @property
    def subgroup_label(self) -> str:
        return str(SUBGROUPS.get(self.subgroup, self.subgroup))

    @property
    def interval(self) -> Interval | None:
        """The 95 % interval, kept within the indicator's scale (a share is never below 0 %)."""
        estimate = self.estimate
        if estimate is None:
            return None
        low, high = estimate.interval()
        bounds = UNIT_RANGES.get(self.indicator.unit)
        if bounds is None:
            return Interval(low, high)
        return Interval(max(low, bounds[0]), min(high, bounds[1]))


@contextmanager
def building_long_lived():
    """For making several hundred thousand long-lived, acyclic objects at once (a chain's
    figures): the cyclic garbage collector is paused meanwhile, and afterwards what was made
    goes straight to its oldest generation (gc.freeze, then gc.unfreeze) instead of being
    scanned again as young objects twice over. Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def plain_rows(query: QuerySet, *columns: str) -> list[tuple]:
    """The query's rows as plain tuples. The ORM builds the query; a plain cursor reads it,
    skipping per-value converters that cost a third of the time for a large owner (the columns
    asked for must be plain numbers, text or booleans)."""
    sql, params = query.order_by().values_list(*columns).query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def estimate_for(
    indicator: Indicator, value: float, n: int | None, uncertainty: float | None, kind: str
) -> Estimate | None:
    """A shown figure's uncertainty: the source's own, or Wilson's for a share with its n."""
    if kind in ("udir", "se", "sd"):
        return mean_estimate(value, uncertainty=uncertainty, kind=kind, n=n)  # type: ignore[arg-type]
    if indicator.unit == "share" and n:
        return share_estimate(value, n)
    return None


def breaks_of(indicator: Indicator) -> list[int]:
    """The first calendar years of the indicator's comparability breaks (cached per object)."""
    cached = getattr(indicator, "_break_years", None)
    if cached is None:
        cached = indicator._break_years = [int(b["from"][:4]) for b in indicator.breaks]
    return cached


def comparison_codes(owner: Owner) -> set[tuple[str, str]]:
    """The (kind, code) of the areas an owner compares with: the nation, its county and, for a
    municipality, the municipality."""
    codes = {("nation", "0")}
    if owner.municipality_number:
        kind = "county" if len(owner.municipality_number) == 2 else "municipality"
        codes.add((kind, owner.municipality_number))
        codes.add(("county", owner.municipality_number[:2]))
    return codes


def comparison_areas(owner: Owner) -> dict[str, Area]:
    query = Q()
    for kind, code in comparison_codes(owner):
        query |= Q(kind=kind, code=code)
    return {a.kind: a for a in Area.objects.filter(query)}


class Chain:
    """Suppressed figures for some of an owner's schools, with comparison figures."""

    def __init__(
        self,
        owner: Owner,
        schools: Iterable[School],
        indicators: Iterable[Indicator] | None = None,
        upto_year: str | None = None,
    ):
        self.owner = owner
        self.schools = {s.pk: s for s in schools}
        self.areas = comparison_areas(owner)
        area_kind = {a.pk: kind for kind, a in self.areas.items()}
        catalogue = Indicator.objects.filter(Q(owner=None) | Q(owner=owner))
        if indicators is not None:
            catalogue = catalogue.filter(pk__in=[i.pk for i in indicators])
        self.indicators = {i.pk: i for i in catalogue}
        observations = Observation.objects.filter(indicator_id__in=list(self.indicators))
        if upto_year:
            observations = observations.filter(school_year__code__lte=upto_year)
        year_codes = {
            pk: (code, int(code[:4])) for pk, code in SchoolYear.objects.values_list("pk", "code")
        }
        file_names = dict(Import.objects.filter(owner=owner).values_list("pk", "file_name"))
        shown_here = observations.filter(
            Q(school_id__in=list(self.schools)) | Q(area_id__in=list(area_kind), owner=owner)
        )
        with building_long_lived():
            others = self._other_schools(observations)
            rows_read = plain_rows(
                shown_here,
                "indicator_id",
                "school_id",
                "area_id",
                "school_year_id",
                "grade",
                "subgroup",
                "value",
                "n",
                "uncertainty",
                "uncertainty_kind",
                "suppressed",
                "synthetic",
                "source_import_id",
                "source_line",
            )
            self._build(rows_read, area_kind, year_codes, file_names, others)
            del rows_read

    def _other_schools(self, observations) -> list[tuple]:
        """What secondary suppression needs to know of the owner's schools outside this chain
        (never shown here), so that a page for one school hides exactly what a page for all
        of them hides: in a municipality of two schools, one school's figure and the
        municipality's would give away the other's."""
        if self.owner.kind != "municipality" or "municipality" not in self.areas:
            return []
        outside = set(School.objects.filter(owner=self.owner).values_list("pk", flat=True))
        outside -= set(self.schools)
        if not outside:
            return []
        return plain_rows(
            observations.filter(school_id__in=list(outside)),
            "indicator_id",
            "school_id",
            "school_year_id",
            "grade",
            "subgroup",
            "value",
            "n",
            "suppressed",
        )

    def _build(
        self, raw, area_kind: dict, year_codes: dict, file_names: dict, others: list
    ) -> None:
        """One pass: primary suppression and each figure's uncertainty, with the lookup indexes
        (series per unit, indicator, grade and subgroup; keys and latest year per unit); then the
        secondary suppression over the relations where figures add up (stats.suppression)."""
        self._too_few: dict[int, float] = {}  # values hidden for small groups: pooling only
        self._references: dict[tuple, tuple[Figure | None, Estimate | None]] = {}
        school_units = {pk: ("school", pk) for pk in self.schools}
        area_units = {pk: ("area", kind) for pk, kind in area_kind.items()}
        thresholds = {pk: i.threshold for pk, i in self.indicators.items()}
        indicators = self.indicators
        figures: list[Figure] = []
        hidden: set[int] = set()
        series: dict[tuple, list[Figure]] = defaultdict(list)
        slices: dict[tuple, list[int]] = defaultdict(list)  # school figures per slice
        municipal: list[int] = []  # the municipality's figures (the sum of its schools)
        gendered: list[int] = []  # girls' and boys' figures
        graded: list[int] = []  # figures of one grade (parts of the all-grades figure)
        for row, (
            ind,
            school,
            area,
            year_id,
            grade,
            subgroup,
            value,
            n,
            unc,
            kind,
            suppressed,
            synthetic,
            import_id,
            line,
        ) in enumerate(raw):
            unit = school_units[school] if school else area_units[area]
            year, start_year = year_codes[year_id]
            status = primary_status(value, n, suppressed, thresholds[ind])
            if status != "shown":
                hidden.add(row)
                if status == "too_few":
                    self._too_few[row] = value
                value = se = None
            elif kind == "udir" and unc is not None:
                se = unc / Z95
            else:
                estimate = estimate_for(indicators[ind], value, n, unc, kind)
                se = None if estimate is None else estimate.se
            figure = Figure(
                indicators[ind],
                unit,
                year,
                start_year,
                grade,
                subgroup,
                status,
                value,
                n,
                se,
                file_names.get(import_id, "") if import_id else "",
                line,
                synthetic,
                row,
            )
            figures.append(figure)
            series[(unit, ind, grade, subgroup)].append(figure)
            if school:
                slices[(ind, year, grade, subgroup)].append(row)
            elif unit[1] == "municipality":
                municipal.append(row)
            if subgroup != "all":
                gendered.append(row)
            if grade:
                graded.append(row)
        by_year = itemgetter(2)
        for figures_of_unit in series.values():
            figures_of_unit.sort(key=by_year)
        secondary_rows = self._secondary(
            figures, series, hidden, municipal, (gendered, graded), slices, others, year_codes
        )
        for row in secondary_rows:
            old = figures[row]
            figures[row] = new = old._replace(status="secondary", value=None, se=None)
            same = series[(old.unit, old.indicator.pk, old.grade, old.subgroup)]
            same[same.index(old)] = new
        unit_keys: dict[Unit, set[tuple[int, int]]] = defaultdict(set)
        latest: dict[Unit, str] = {}
        for (unit, ind, grade, _subgroup), figures_of_unit in series.items():
            unit_keys[unit].add((ind, grade))
            if figures_of_unit[-1].year > latest.get(unit, ""):
                latest[unit] = figures_of_unit[-1].year
        self._indexes = (dict(series), dict(unit_keys), latest)

    def _secondary(
        self,
        figures: list[Figure],
        series: dict[tuple, list[Figure]],
        hidden: set[int],
        municipal: list[int],
        parts_of: tuple[list[int], list[int]],
        slices: dict[tuple, list[int]],
        others: list[tuple],
        year_codes: dict,
    ) -> list[int]:
        """The figures to hide as well (stats.suppression.secondary) where figures add up:
        all = girls + boys; all grades = the grades; the municipality = the owner's schools,
        those outside the chain included (numbered after the figures; `_other_schools`)."""
        gendered, graded = parts_of
        base = len(figures)
        thresholds = {pk: i.threshold for pk, i in self.indicators.items()}
        outside = []  # (size, indicator, unit, year, grade, subgroup): the ranking key
        for row, (ind, school, year_id, grade, subgroup, value, n, suppressed) in enumerate(
            others, base
        ):
            if primary_status(value, n, suppressed, thresholds[ind]) != "shown":
                hidden.add(row)
            year = year_codes[year_id][0]
            slices[(ind, year, grade, subgroup)].append(row)
            outside.append((n or 0, ind, ("school", school), year, grade, subgroup))
        outside_rows = {key[1:]: base + i for i, key in enumerate(outside)}
        by_gender: dict[int, list[int]] = defaultdict(list)
        by_grade: dict[int, list[int]] = defaultdict(list)
        for row, (_, ind, unit, year, grade, subgroup) in enumerate(outside, base):
            total = outside_rows.get((ind, unit, year, grade, "all"))
            if subgroup != "all" and total is not None:
                by_gender[total].append(row)
            total = outside_rows.get((ind, unit, year, 0, subgroup))
            if grade and total is not None:
                by_grade[total].append(row)
        for rows, parts, key in (
            (gendered, by_gender, lambda f: (f.grade, "all")),
            (graded, by_grade, lambda f: (0, f.subgroup)),
        ):
            for row in rows:
                f = figures[row]
                totals = series.get((f.unit, f.indicator.pk, *key(f)), [])
                total = next((t.row for t in totals if t.year == f.year), None)
                if total is not None:
                    parts[total].append(row)
        relations = [
            Relation(total, tuple(p))
            for parts in (by_gender, by_grade)
            for total, p in parts.items()
        ]
        if self.owner.kind == "municipality":
            for row in municipal:
                f = figures[row]
                schools = slices.get((f.indicator.pk, f.year, f.grade, f.subgroup))
                if schools:
                    relations.append(Relation(row, tuple(schools)))

        def smallest_first(row: int) -> tuple:
            """Group size, then what the figure is: the same order whichever schools the chain
            holds, so every page makes the same choices."""
            if row >= base:
                return outside[row - base]
            f = figures[row]
            return (f.raw_n or 0, f.indicator.pk, f.unit, f.year, f.grade, f.subgroup)

        relations.sort(key=lambda r: smallest_first(r.total)[1:])  # type: ignore[arg-type]
        return [row for row in secondary(hidden, relations, smallest_first) if row < base]

    def pool(self, series: list[Figure]) -> Pooled | None:
        """The pooled figure over the fixed period of the latest year (two school years, each
        hidden for being too few, together reaching the threshold; stats.suppression.pool_hidden:
        periods never overlap, so two pools cannot be differenced)."""
        if not series:
            return None
        indicator = series[0].indicator
        cells = [
            Cell(f.year, self._too_few.get(f.row), f.raw_n, f.status != "too_few") for f in series
        ]
        starts = [f.start_year for f in series]
        return pool_hidden(cells, [None] * len(cells), indicator.threshold, starts)

    def series(
        self, indicator: Indicator, unit: Unit, grade: int, subgroup: str = "all"
    ) -> list[Figure]:
        """A unit's figures for one indicator, grade and subgroup, oldest first."""
        return self._index()[0].get((unit, indicator.id, grade, subgroup), [])

    def _index(
        self,
    ) -> tuple[dict[tuple, list[Figure]], dict[Unit, set[tuple[int, int]]], dict[Unit, str]]:
        """Series per (unit, indicator, grade, subgroup), the keys per unit, the latest year per
        unit: built with the figures, so pages and analyses never scan all figures."""
        return self._indexes

    def unit_keys(self, unit: Unit) -> set[tuple[int, int]]:
        """(indicator id, grade) pairs with any figure for the unit."""
        return self._index()[1].get(unit, set())

    def latest_year(self, unit: Unit) -> str | None:
        return self._index()[2].get(unit)

    def get(
        self, indicator: Indicator, unit: Unit, year: str, grade: int, subgroup: str = "all"
    ) -> Figure | None:
        for figure in reversed(self.series(indicator, unit, grade, subgroup)):
            if figure.year == year:
                return figure
        return None

    def unit_series(self, unit: Unit) -> dict[tuple[int, int, str], list[Figure]]:
        """Every series of one unit, by (indicator id, grade, subgroup)."""
        return {k[1:]: v for k, v in self._index()[0].items() if k[0] == unit}

    def reference(self, indicator: Indicator, level: str, year: str, grade: int) -> Estimate | None:
        """A comparison figure's estimate; for school contribution the national average is 0."""
        return self.comparison(indicator, level, year, grade)[1]

    def comparison(
        self, indicator: Indicator, level: str, year: str, grade: int
    ) -> tuple[Figure | None, Estimate | None]:
        """An area's figure and the estimate a school is compared with. The same for every
        school, so worked out once per indicator, level, year and grade."""
        key = (indicator.id, level, year, grade)
        if key not in self._references:
            self._references[key] = self._comparison(indicator, level, year, grade)
        return self._references[key]

    def _comparison(
        self, indicator: Indicator, level: str, year: str, grade: int
    ) -> tuple[Figure | None, Estimate | None]:
        area = self.get(indicator, ("area", level), year, grade)
        figure = area
        if figure is None and level != "nation":
            figure = self.get(indicator, ("area", level), year, 0)
        if figure is not None and figure.estimate is not None:
            return area, figure.estimate
        if indicator.unit == "sbi" and level == "nation":
            return area, Estimate(0.0, 0.0)
        if figure is not None and figure.value is not None and level == "nation":
            return area, Estimate(figure.value, 0.0)
        return area, None

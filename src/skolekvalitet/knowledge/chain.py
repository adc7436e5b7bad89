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
from django.db.models import Q

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
    HIDDEN_SECONDARY,
    SOURCE_SUPPRESSED,
    TOO_FEW,
    Cell,
    Pooled,
    Relation,
    Shown,
    pool_hidden,
    primary,
    secondary,
)

Unit = tuple[str, object]
AREA_LEVELS = ("municipality", "county", "nation")
SUBGROUPS = dict(Subgroup.choices)


class Figure(NamedTuple):
    indicator: Indicator
    unit: Unit
    year: str
    grade: int
    subgroup: str
    shown: Shown
    estimate: Estimate | None
    raw_n: int | None
    file_name: str  # the import's file ("" for figures entered by hand)
    line: int | None
    synthetic: bool

    @property
    def source(self) -> str:
        """Provenance: the file and line the figure came from."""
        return f"{self.file_name}, line {self.line}" if self.file_name else ""

    @property
    def start_year(self) -> int:
        return int(self.year[:4])

    @property
    def subgroup_label(self) -> str:
        return str(SUBGROUPS.get(self.subgroup, self.subgroup))

    @property
    def interval(self) -> Interval | None:
        """The 95 % interval, kept within the indicator's scale (a share is never below 0 %)."""
        if self.estimate is None:
            return None
        low, high = self.estimate.interval()
        bounds = UNIT_RANGES.get(self.indicator.unit)
        if bounds is None:
            return Interval(low, high)
        return Interval(max(low, bounds[0]), min(high, bounds[1]))


@contextmanager
def paused_gc():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def comparison_areas(owner: Owner) -> dict[str, Area]:
    codes = {"nation": "0"}
    if owner.municipality_number:
        kind = "county" if len(owner.municipality_number) == 2 else "municipality"
        codes[kind] = owner.municipality_number
        codes["county"] = owner.municipality_number[:2]
    query = Q()
    for kind, code in codes.items():
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
        rows = Observation.objects.filter(
            Q(school_id__in=list(self.schools)) | Q(area_id__in=list(area_kind)),
            indicator_id__in=list(self.indicators),
        )
        if upto_year:
            rows = rows.filter(school_year__code__lte=upto_year)
        year_codes = dict(SchoolYear.objects.values_list("pk", "code"))
        file_names = dict(Import.objects.filter(owner=owner).values_list("pk", "file_name"))
        raw = rows.order_by().values_list(
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
        # The ORM builds the query; the rows are read with a plain cursor, skipping per-value
        # converters that cost a third of the time for a large owner (all columns are plain).
        # Reading and building make several hundred thousand acyclic objects for a large owner,
        # so the cyclic garbage collector is paused meanwhile (it would rescan them all again
        # and again; reference counting still frees them).
        sql, params = raw.query.sql_with_params()
        with paused_gc():
            with connections[raw.db].cursor() as cursor:
                cursor.execute(sql, params)
                rows_read = cursor.fetchall()
            self._build(rows_read, area_kind, year_codes, file_names)

    def _build(self, raw, area_kind: dict, year_codes: dict, file_names: dict) -> None:
        """One pass: primary suppression and each figure's uncertainty; then the secondary
        suppression over the relations where figures add up (stats.suppression)."""
        self.figures: dict[tuple, Figure] = {}
        self._references: dict[tuple, Estimate | None] = {}
        self._too_few: dict[tuple, float] = {}  # values hidden for small groups: pooling only
        self._slices: dict[tuple, list[tuple]] = defaultdict(list)
        gendered: list[tuple] = []  # girls' and boys' figures
        municipal: list[tuple] = []  # the municipality's figures (the sum of its schools)
        school_units = {pk: ("school", pk) for pk in self.schools}
        area_units = {pk: ("area", kind) for pk, kind in area_kind.items()}
        thresholds = {pk: i.threshold for pk, i in self.indicators.items()}
        indicators = self.indicators
        figures, sizes, statuses = self.figures, {}, {}
        # The lookup indexes, filled in the same pass: series per (unit, indicator, grade,
        # subgroup), (indicator, grade) keys per unit, the latest year per unit.
        series: dict[tuple, list[Figure]] = defaultdict(list)
        unit_keys: dict[Unit, set[tuple[int, int]]] = defaultdict(set)
        latest: dict[Unit, str] = {}
        for (
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
            hidden,
            synthetic,
            import_id,
            line,
        ) in raw:
            unit = school_units[school] if school else area_units[area]
            year = year_codes[year_id]
            key = (ind, unit, year, grade, subgroup)
            what = primary(value, n, source_suppressed=hidden, threshold=thresholds[ind])
            if what is SOURCE_SUPPRESSED or what is TOO_FEW:
                estimate = None
                if what is TOO_FEW and value is not None:
                    self._too_few[key] = value
            elif kind == "udir" and unc is not None:
                estimate = Estimate(value, unc / Z95)
            else:
                estimate = estimate_for(indicators[ind], value, n, unc, kind)
            figures[key] = figure = Figure(
                indicators[ind],
                unit,
                year,
                grade,
                subgroup,
                what,
                estimate,
                n,
                file_names.get(import_id, "") if import_id else "",
                line,
                synthetic,
            )
            sizes[key] = n or 0
            statuses[key] = what
            series[(unit, ind, grade, subgroup)].append(figure)
            if school:
                self._slices[(ind, year, grade, subgroup)].append(key)
            elif unit[1] == "municipality":
                municipal.append(key)
            if subgroup != "all":
                gendered.append(key)
        for key in secondary(statuses, self._relations(gendered, municipal), sizes):
            old = figures[key]
            figures[key] = new = old._replace(shown=HIDDEN_SECONDARY, estimate=None)
            same = series[(key[1], key[0], key[3], key[4])]
            same[next(i for i, f in enumerate(same) if f is old)] = new
        by_year = itemgetter(2)
        for (unit, ind, grade, _subgroup), figures_of_unit in series.items():
            figures_of_unit.sort(key=by_year)
            unit_keys[unit].add((ind, grade))
            if figures_of_unit[-1][2] > latest.get(unit, ""):
                latest[unit] = figures_of_unit[-1][2]
        self._indexes = (dict(series), dict(unit_keys), latest)

    def _relations(self, gendered: list[tuple], municipal: list[tuple]) -> list[Relation]:
        """Where figures add up: all = girls + boys; the municipality = the owner's schools."""
        parts: dict[tuple, list[tuple]] = defaultdict(list)
        for key in gendered:
            total = (*key[:4], "all")
            if total in self.figures:
                parts[total].append(key)
        relations = [Relation(total, tuple(p)) for total, p in parts.items()]
        if self.owner.kind == "municipality":
            for key in municipal:
                schools = self._slices.get((key[0], key[2], key[3], key[4]))
                if schools:
                    relations.append(Relation(key, tuple(schools)))
        return relations

    def pool(self, series: list[Figure]) -> Pooled | None:
        """The pooled figure over the latest years hidden for being too few, when together they
        reach the threshold (stats.suppression.pool_hidden; never a single hidden year)."""
        if not series:
            return None
        indicator = series[0].indicator
        cells = [
            Cell(
                f.year,
                self._too_few.get((indicator.pk, f.unit, f.year, f.grade, f.subgroup))
                if f.shown.status == "too_few"
                else None,
                f.raw_n,
                f.shown.status != "too_few",
            )
            for f in series
        ]
        return pool_hidden(cells, [None] * len(cells), indicator.threshold)

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
        return self.figures.get((indicator.id, unit, year, grade, subgroup))

    def reference(self, indicator: Indicator, level: str, year: str, grade: int) -> Estimate | None:
        """A comparison figure's estimate; for school contribution the national average is 0.
        The same for every school, so worked out once per indicator, level, year and grade."""
        key = (indicator.id, level, year, grade)
        if key not in self._references:
            self._references[key] = self._reference(indicator, level, year, grade)
        return self._references[key]

    def _reference(
        self, indicator: Indicator, level: str, year: str, grade: int
    ) -> Estimate | None:
        figure = self.get(indicator, ("area", level), year, grade)
        if figure is None and level != "nation":
            figure = self.get(indicator, ("area", level), year, 0)
        if figure is not None and figure.estimate is not None:
            return figure.estimate
        if indicator.unit == "sbi" and level == "nation":
            return Estimate(0.0, 0.0)
        if figure is not None and figure.shown.value is not None and level == "nation":
            return Estimate(figure.shown.value, 0.0)
        return None

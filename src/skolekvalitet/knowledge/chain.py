"""The one chain: every figure any page, export or report shows comes through `Chain`, which
reads the knowledge base, applies suppression (stats.suppression.suppress, primary and
secondary) and attaches each figure's uncertainty and provenance.

Units are ("school", school id) or ("area", kind) for the owner's comparison areas
(its municipality, its county and the nation).
"""

from collections import defaultdict
from collections.abc import Iterable
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
    source: str
    synthetic: bool

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
        sql, params = raw.query.sql_with_params()
        with connections[raw.db].cursor() as cursor:
            cursor.execute(sql, params)
            raw = cursor.fetchall()
        # One pass: primary suppression and each figure's uncertainty; then the secondary
        # suppression over the relations where figures add up (stats.suppression).
        self.figures: dict[tuple, Figure] = {}
        self._too_few: dict[tuple, float] = {}  # values hidden for small groups: pooling only
        self._slices: dict[tuple, list[tuple]] = defaultdict(list)
        self._gendered: set[int] = set()
        units: dict[object, Unit] = {}
        thresholds = {pk: i.threshold for pk, i in self.indicators.items()}
        indicators = self.indicators
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
            unit = units.get(school or -area)
            if unit is None:
                unit = units[school or -area] = (
                    ("school", school) if school else ("area", area_kind[area])
                )
            key = (ind, unit, year_codes[year_id], grade, subgroup)
            what = primary(value, n, source_suppressed=hidden, threshold=thresholds[ind])
            if what.value is None:
                estimate = None
                if what is TOO_FEW and value is not None:
                    self._too_few[key] = value
            elif kind == "udir" and unc is not None:
                estimate = Estimate(value, unc / Z95)
            else:
                estimate = estimate_for(indicators[ind], value, n, unc, kind)
            source = f"{file_names.get(import_id, '')}, line {line}" if import_id else ""
            self.figures[key] = Figure(
                indicators[ind], unit, key[2], grade, subgroup, what, estimate, n, source, synthetic
            )
            if school:
                self._slices[(ind, key[2], grade, subgroup)].append(key)
            if subgroup != "all":
                self._gendered.add(ind)
        sizes = {key: f.raw_n or 0 for key, f in self.figures.items()}
        statuses = {key: f.shown for key, f in self.figures.items()}
        for key in secondary(statuses, self._relations(), sizes):
            self.figures[key] = self.figures[key]._replace(shown=HIDDEN_SECONDARY, estimate=None)

    def _relations(self) -> list[Relation]:
        """Where figures add up: all = girls + boys; the municipality = the owner's schools."""
        relations = []
        if self._gendered:
            for key in self.figures:
                ind, unit, year, grade, subgroup = key
                if subgroup == "all" and ind in self._gendered:
                    parts = tuple(
                        k
                        for k in (
                            (ind, unit, year, grade, "girls"),
                            (ind, unit, year, grade, "boys"),
                        )
                        if k in self.figures
                    )
                    if parts:
                        relations.append(Relation(key, parts))
        if self.owner.kind == "municipality":
            for key in self.figures:
                if key[1] == ("area", "municipality"):
                    parts = tuple(self._slices.get((key[0], key[2], key[3], key[4]), ()))
                    if parts:
                        relations.append(Relation(key, parts))
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
        unit: built once, so pages and analyses never scan all figures."""
        if not hasattr(self, "_indexes"):
            series: dict[tuple, list[Figure]] = defaultdict(list)
            keys: dict[Unit, set[tuple[int, int]]] = defaultdict(set)
            latest: dict[Unit, str] = {}
            for (ind, unit, year, grade, subgroup), figure in self.figures.items():
                series[(unit, ind, grade, subgroup)].append(figure)
                keys[unit].add((ind, grade))
                if year > latest.get(unit, ""):
                    latest[unit] = year
            for figures in series.values():
                figures.sort(key=lambda f: f.year)
            self._indexes = (dict(series), dict(keys), latest)
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
        """A comparison figure's estimate; for school contribution the national average is 0."""
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

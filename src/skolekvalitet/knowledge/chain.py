"""The one chain: every figure any page, export or report shows comes through `Chain`, a reader
over the owner's published figures (knowledge/publishing.py): suppression (primary and secondary,
decided for the whole owner), each figure's uncertainty and provenance were worked out when the
figures were written. A page reads only the schools it shows.

Units are ("school", school id) or ("area", kind) for the owner's comparison areas
(its municipality, its county and the nation).
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import Q, Subquery

from skolekvalitet.documents import present
from skolekvalitet.knowledge.models import (
    UNIT_RANGES,
    Area,
    Import,
    Indicator,
    Publication,
    PublishedFigure,
    Subgroup,
)
from skolekvalitet.organisations.models import Owner, School
from skolekvalitet.stats.intervals import Estimate, Interval, mean_estimate, share_estimate
from skolekvalitet.stats.noise import QUIET, ExtraVariance, Noise
from skolekvalitet.stats.suppression import HIDDEN, Cell, Pooled, Shown, Status, pool_hidden

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
    # A school figure's comparison with each area beyond noise (AREA_LEVELS order) and, on a
    # series' latest figure, its trend: decided when published (knowledge/publishing.py).
    versus_areas: tuple[str, str, str] = ("", "", "")
    trend: str = ""
    trend_slope: float | None = None
    source_import: int | None = None  # publishing keeps it; the chain words file_name by it

    def versus(self, level: str) -> str:
        """above / below / no_clear_difference / no_comparison (no area figure) /
        no_uncertainty (the figure's own uncertainty unknown), or "" for a hidden figure."""
        return self.versus_areas[AREA_LEVELS.index(level)]

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
        return present.source(self.file_name, self.line)

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


def comparison_for(
    indicator: Indicator, level: str, area: "Figure | None", all_grades: "Figure | None"
) -> tuple["Figure | None", Estimate | None]:
    """An area's figure and the estimate a school is compared with: the area's own grade, else
    (below the nation) its all-grades figure; school contribution against the national 0."""
    figure = area if area is not None or level == "nation" else all_grades
    if figure is not None and figure.estimate is not None:
        return area, figure.estimate
    if indicator.unit == "sbi" and level == "nation":
        return area, Estimate(0.0, 0.0)
    if figure is not None and figure.value is not None and level == "nation":
        return area, Estimate(figure.value, 0.0)
    return area, None


class Chain:
    """Published figures for some of an owner's schools, with comparison figures."""

    def __init__(
        self,
        owner: Owner,
        schools: Iterable[School],
        indicators: Iterable[Indicator] | None = None,
        upto_year: str | None = None,
    ):
        self.owner = owner
        self.schools = {s.pk: s for s in schools}
        catalogue = Indicator.objects.filter(Q(owner=None) | Q(owner=owner))
        if indicators is not None:
            catalogue = catalogue.filter(pk__in=[i.pk for i in indicators])
        self.indicators = {i.pk: i for i in catalogue}
        rows = self._read(upto_year)
        if not rows and not Publication.objects.filter(owner=owner).exists():
            from .publishing import publish  # never published (a new installation): now

            publish(owner)
            rows = self._read(upto_year)
        self._build(rows)

    def _read(self, upto_year: str | None) -> list[tuple]:
        """The rows of the current generation (each indicator's newest rows up to it: a
        publication replaces only the indicators that changed) in one statement, so never
        half of a generation that replaces it meanwhile; then that generation's noise."""
        self._noise: dict[str, list] = {}
        self._noises: dict[int, Noise] = {}
        newest = (
            Publication.objects.filter(owner=self.owner, finished__isnull=False)
            .order_by("-generation")
            .values("generation")[:1]
        )
        while True:
            query = PublishedFigure.objects.filter(
                Q(school_id__in=list(self.schools)) | Q(school=None),
                owner=self.owner,
                generation__lte=Subquery(newest),
                indicator_id__in=list(self.indicators),
            )
            if upto_year:
                query = query.filter(year__lte=upto_year)
            rows = list(query.annotate(current=Subquery(newest)).order_by("year").values_list(
                "indicator_id",
                "school_id",
                "area",
                "year",
                "grade",
                "subgroup",
                "status",
                "value",
                "n",
                "se",
                "hidden_value",
                "file_name",
                "source_import_id",
                "line",
                "synthetic",
                "versus_municipality",
                "versus_county",
                "versus_nation",
                "trend",
                "trend_slope",
                "current",
            ))  # fmt: skip
            generation = rows[0][-1] if rows else None
            noise = Publication.objects.filter(owner=self.owner, generation=generation)
            found = noise.values_list("noise", flat=True).first()
            if found is not None or not rows:
                self._noise = found or {}
                return [row[:-1] for row in rows]

    def noise(self, indicator: Indicator) -> Noise:
        """The indicator's noise beyond sampling as published (pooled over all the owner's
        schools and the national file): the same whichever schools a page shows."""
        if indicator.pk not in self._noises:
            stored = self._noise.get(str(indicator.pk))
            self._noises[indicator.pk] = (
                QUIET
                if stored is None
                else Noise(
                    ExtraVariance(*stored[0:3], int(stored[3])),
                    ExtraVariance(*stored[4:7], int(stored[7])),
                    stored[8],
                )
            )
        return self._noises[indicator.pk]

    def _build(self, rows: list[tuple]) -> None:
        """The figures with their lookup indexes: series per unit, indicator, grade and
        subgroup (oldest first); keys and latest year per unit."""
        self._too_few: dict[int, float] = {}  # values hidden for small groups: pooling only
        self._references: dict[tuple, tuple[Figure | None, Estimate | None]] = {}
        indicators = self.indicators
        series: dict[tuple, list[Figure]] = defaultdict(list)
        titles = Import.titles(row[12] for row in rows)  # a survey's, in the reader's language
        for row, (ind, school, area, year, grade, sub, status, value, n, se, hidden, file_name,
                  source, line, synthetic, *verdicts, trend, slope) in enumerate(rows):  # fmt: skip
            file_name = titles.get(source, file_name)
            unit = ("school", school) if school else ("area", area)
            if hidden is not None:
                self._too_few[row] = hidden
            series[(unit, ind, grade, sub)].append(
                Figure(
                    indicators[ind], unit, year, int(year[:4]), grade, sub, status, value, n, se,
                    file_name, line, synthetic, row, tuple(verdicts), trend, slope, source,
                )
            )  # fmt: skip
        unit_keys: dict[Unit, set[tuple[int, int]]] = defaultdict(set)
        latest: dict[Unit, str] = {}
        for (unit, ind, grade, _subgroup), figures_of_unit in series.items():
            unit_keys[unit].add((ind, grade))
            if figures_of_unit[-1].year > latest.get(unit, ""):
                latest[unit] = figures_of_unit[-1].year
        self._indexes = (dict(series), dict(unit_keys), latest)

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
        all_grades = self.get(indicator, ("area", level), year, 0) if area is None else None
        return comparison_for(indicator, level, area, all_grades)

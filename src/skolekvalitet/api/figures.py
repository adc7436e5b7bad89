"""The figures the API and open data give out: read through the one chain (knowledge.chain),
which applies suppression and carries each figure's interval and provenance. A hidden figure
keeps only its status: no value, no n, no interval."""

from collections.abc import Iterator
from typing import Any

from skolekvalitet.knowledge.chain import Chain, Figure, comparison_areas
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.models import Owner, School

AREA_ORDER = ("municipality", "county", "nation")
# The columns of figures.csv and the fields of figures.json (docs/reference/open-data.md). A
# new column goes at the end; none is renamed or removed without a new schema version.
SCHEMA_VERSION = "1"
COLUMNS = [
    "indicator",
    "unit_kind",
    "org_number",
    "unit_name",
    "school_year",
    "grade",
    "subgroup",
    "status",
    "value",
    "n",
    "ci_low",
    "ci_high",
    "source",
    "source_file",
    "source_line",
    "synthetic",
]


def is_staff_result(indicator: Indicator) -> bool:
    """Staff questionnaires' scores (10-FAKTOR, the schools' own staff surveys): for the school's
    staff and the owner's administrators only, never open data. The same rule as the data
    sheet's (organisations.access.may_read_staff_results)."""
    code = indicator.code
    return code.startswith("tenfactor_") or (code.startswith("sa-") and code.endswith("-staff"))


def open_indicators(owner: Owner) -> list[Indicator]:
    """What open data covers: the national catalogue's indicators, less staff results."""
    return [i for i in Indicator.objects.filter(owner=None) if not is_staff_result(i)]


def figure_row(figure: Figure, school: School | None, area_names: dict[str, str]) -> dict[str, Any]:
    shown = figure.status == "shown"
    interval = figure.interval if shown else None
    kind = figure.unit[1] if figure.unit[0] == "area" else "school"
    return {
        "indicator": figure.indicator.code,
        "unit_kind": kind,
        "org_number": school.org_number if school else "",
        "unit_name": school.name if school else area_names.get(kind, kind),
        "school_year": figure.year,
        "grade": figure.grade,
        "subgroup": figure.subgroup,
        "status": figure.status,
        "value": figure.value if shown else None,
        "n": figure.raw_n if shown else None,
        "ci_low": round(interval[0], 4) if interval else None,
        "ci_high": round(interval[1], 4) if interval else None,
        "source": figure.indicator.source,
        "source_file": figure.file_name,
        "source_line": figure.line,
        "synthetic": figure.synthetic,
    }


def figure_rows(
    owner: Owner,
    indicators: list[Indicator] | None = None,
    school_ids: list[int] | None = None,
    year: str = "",
    areas: bool = True,
) -> Iterator[dict[str, Any]]:
    """The owner's figures (its schools, then its comparison areas), through the chain for all
    its schools, so that suppression is the same as on the owner's pages."""
    schools = list(School.objects.filter(owner=owner))
    chain = Chain(owner, schools, indicators)
    units: list[tuple[tuple[str, object], School | None]] = [
        (("school", s.pk), s) for s in schools if school_ids is None or s.pk in school_ids
    ]
    area_names = {kind: area.name for kind, area in comparison_areas(owner).items()}
    if areas and school_ids is None:
        units += [(("area", kind), None) for kind in AREA_ORDER]
    for unit, school in units:
        series = chain.unit_series(unit)
        for key in sorted(series, key=lambda k: (chain.indicators[k[0]].code, k[1], k[2])):
            for figure in series[key]:
                if not year or figure.year == year:
                    yield figure_row(figure, school, area_names)

"""The figures the API and open data give out: read through the one chain (knowledge.chain),
which applies suppression and carries each figure's interval and provenance. A hidden figure
keeps only its status: no value, no n, no interval."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from skolekvalitet.knowledge.chain import Chain, Figure, comparison_areas
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.models import Owner, School

AREA_ORDER = ("municipality", "county", "nation")
# The columns of figures.csv and the fields of figures.json (docs/reference/open-data.md). A
# new column goes at the end; none is renamed or removed without a new schema version.
SCHEMA_VERSION = "1"
COLUMN_MEANINGS = {
    "indicator": _("the indicator's code in the catalogue (e.g. nt5_reading)"),
    "unit_kind": _("school, municipality, county or nation"),
    "org_number": _("the school's organisation number (empty for an area)"),
    "unit_name": _("the school's or the area's name"),
    "school_year": _("the school year, e.g. 2025-26"),
    "grade": _("the grade, 0 for all grades"),
    "subgroup": _("all, girls or boys"),
    "status": _("whether the figure is shown or why it is hidden (see below)"),
    "value": _("the figure (empty unless shown)"),
    "n": _("pupils or answers behind the figure (empty unless shown, or unknown)"),
    "ci_low": _("the lower end of the 95 % interval (empty unless shown)"),
    "ci_high": _("the upper end of the 95 % interval (empty unless shown)"),
    "source": _("where the indicator comes from (e.g. Udir)"),
    "source_file": _("the imported file the figure came from"),
    "source_line": _("the line in that file"),
    "synthetic": _("True for made-up demonstration figures"),
}
COLUMNS = list(COLUMN_MEANINGS)
STATUS_MEANINGS = {
    "shown": _("shown"),
    "too_few": _("hidden: fewer pupils or answers than the indicator's threshold"),
    "suppressed_by_source": _("hidden by the source (Udir)"),
    "secondary": _("hidden so that another hidden figure cannot be worked out from the others"),
}


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

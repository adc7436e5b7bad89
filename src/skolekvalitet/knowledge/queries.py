"""Reading the knowledge base for pages. Every figure passes stats.suppression here."""

from dataclasses import dataclass
from itertools import groupby

from skolekvalitet.organisations.models import School
from skolekvalitet.stats.suppression import Shown, primary

from .models import Indicator, Observation, Quality


@dataclass(frozen=True)
class Figure:
    year: str
    grade: int
    subgroup: str
    shown: Shown
    uncertainty: float | None
    uncertainty_kind: str
    source: str
    synthetic: bool


def figure(o: Observation) -> Figure:
    shown = primary(o.value, o.n, source_suppressed=o.suppressed, threshold=o.indicator.threshold)
    source = f"{o.source_import.file_name}, line {o.source_line}" if o.source_import else ""
    return Figure(
        o.school_year.code,
        o.grade,
        o.subgroup,
        shown,
        o.uncertainty if shown.status == "shown" else None,
        o.uncertainty_kind,
        source,
        o.synthetic,
    )


def school_knowledge_base(school: School) -> list[tuple[str, list[tuple[Indicator, list]]]]:
    observations = (
        Observation.objects.filter(school=school)
        .select_related("indicator", "school_year", "source_import")
        .order_by("indicator__quality", "indicator__code", "grade", "subgroup", "school_year__code")
    )
    by_indicator = [
        (indicator, [figure(o) for o in group])
        for indicator, group in groupby(observations, key=lambda o: o.indicator)
    ]
    labels = dict(Quality.choices)
    return [
        (labels[q], [(i, figs) for i, figs in by_indicator if i.quality == q])
        for q in (Quality.STRUCTURE, Quality.PROCESS, Quality.RESULT)
    ]


def catalogue(owner) -> list[Indicator]:
    """The national catalogue and the owner's own indicators."""
    from django.db.models import Q

    return list(
        Indicator.objects.filter(Q(owner=None) | Q(owner=owner)).order_by(
            "quality", "owner", "code"
        )
    )

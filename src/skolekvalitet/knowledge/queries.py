"""Reading the knowledge base for pages, always through the chain (knowledge/chain.py)."""

from skolekvalitet.organisations.models import School

from .areas import is_staff_result
from .chain import Chain
from .models import Indicator, Quality


def school_knowledge_base(
    school: School, *, staff_results: bool
) -> list[tuple[str, list[tuple[Indicator, list]]]]:
    """Every figure stored for a school, through the chain (suppression applied), grouped by
    quality type and indicator; each indicator's figures by grade, subgroup and year. Staff
    questionnaires' scores only for readers of staff results (staff_results)."""
    chain = Chain(school.owner, [school])
    unit = ("school", school.pk)
    by_indicator: dict[int, list] = {}
    for (indicator, _grade, _subgroup), figures in chain.unit_series(unit).items():
        if staff_results or not is_staff_result(chain.indicators[indicator]):
            by_indicator.setdefault(indicator, []).extend(figures)
    rows = sorted(
        (
            (chain.indicators[i], sorted(f, key=lambda x: (x.grade, x.subgroup, x.year)))
            for i, f in by_indicator.items()
        ),
        key=lambda r: r[0].code,
    )
    labels = dict(Quality.choices)
    return [
        (labels[q], [(i, figs) for i, figs in rows if i.quality == q])
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

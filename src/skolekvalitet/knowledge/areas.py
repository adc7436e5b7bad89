"""The catalogue's quality areas: which part of the school's quality an indicator speaks about.

Derived from the catalogue's codes (national) and the survey indicators' codes
(`sa-<dimension>-<audience>`, surveys.actions), so pages can group indicators the way a head of
education reads them, each area under its quality type (structure, process, result)."""

from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Indicator, Quality


class QualityArea(NamedTuple):
    code: str
    label: Promise
    quality: str


AREAS = (
    QualityArea("environment", _("Learning environment"), Quality.PROCESS),
    QualityArea("results", _("Learning results"), Quality.RESULT),
    QualityArea("completion", _("Completion"), Quality.RESULT),
    QualityArea("contribution", _("School contribution"), Quality.RESULT),
    QualityArea("self_assessment", _("Self-assessment and local surveys"), Quality.PROCESS),
    QualityArea("staff", _("Staff survey"), Quality.PROCESS),
    QualityArea("pupils", _("Pupils and resources"), Quality.STRUCTURE),
    QualityArea("local", _("Local indicators"), ""),
)
BY_CODE = {a.code: a for a in AREAS}
LANGS = ("nb", "nn", "en")
_PREFIXES = (
    ("nt", "results"),
    ("grade_", "results"),
    ("gsp", "results"),
    ("ps_", "environment"),
    ("completion", "completion"),
    ("sbi_", "contribution"),
    ("tenfactor_", "staff"),
    ("sa-", "self_assessment"),
)


def area_of(indicator: Indicator) -> QualityArea:
    for prefix, code in _PREFIXES:
        if indicator.code.startswith(prefix):
            return BY_CODE[code]
    if indicator.owner_id is None and indicator.quality == Quality.STRUCTURE:
        return BY_CODE["pupils"]
    return BY_CODE["local"]


def is_staff_result(indicator: Indicator) -> bool:
    """Scores from staff questionnaires (the school's own staff surveys and 10-FAKTOR): only
    readers of staff results see them (organisations.access.may_read_staff_results)."""
    code = indicator.code
    return code.startswith("tenfactor_") or (code.startswith("sa-") and code.endswith("-staff"))


def _matches(indicator: Indicator, words: list[str]) -> bool:
    text = " ".join(
        [indicator.code, indicator.source]
        + [getattr(indicator, f"{f}_{lang}") for f in ("name", "explanation") for lang in LANGS]
        + [f"{grade} {grade}." for grade in indicator.grades]  # «mobbing 7», «7. trinn»
    ).casefold()
    return all(word in text for word in words)


def catalogue_groups(indicators: list[Indicator], query: str = "") -> list[dict]:
    """The catalogue by quality area and quality type, in catalogue order; with a query, only
    the indicators whose name, explanation, code or source hold every word of it."""
    words = query.casefold().split()
    qualities = dict(Quality.choices)
    groups: dict[tuple[int, str], list[Indicator]] = {}
    for indicator in indicators:
        if words and not _matches(indicator, words):
            continue
        area = area_of(indicator)
        groups.setdefault((AREAS.index(area), indicator.quality), []).append(indicator)
    order = list(qualities)
    return [
        {
            "code": f"{AREAS[a].code}-{quality}",
            "label": AREAS[a].label,
            "quality": qualities.get(quality, ""),
            "indicators": sorted(members, key=lambda i: (not i.key, i.name)),
        }
        for (a, quality), members in sorted(
            groups.items(), key=lambda g: (g[0][0], order.index(g[0][1]))
        )
    ]

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skolekvalitet.documents import present
from skolekvalitet.knowledge.models import names_grade

EVALUATIONS = {
    "met": gettext_lazy("met"),
    "not met": gettext_lazy("not met"),
    "not clear": gettext_lazy("not clear: the target lies inside the uncertainty"),
    "cannot be measured": gettext_lazy("cannot be measured (suppressed or missing)"),
    "partly": gettext_lazy("partly met"),
    "": "–",
}


def with_grade(name: str, grade: int | None) -> str:
    """An indicator's name, with the grade unless there is none or the name already says it."""
    if names_grade(name, grade):
        return name
    return _("%(indicator)s, grade %(grade)s") % {"indicator": name, "grade": grade}


def indicator_with_grade(indicator, grade: int | None) -> str:
    """The indicator's name, with the grade unless there is none or the name already says it."""
    return with_grade(indicator.name, grade)


def target_text(item) -> str:
    """ "at least 4,35": a criterion's or a quality goal's target in words, with the digits it
    was given, in Norwegian numbers."""
    if item.target is None:
        return "–"
    unit = item.indicator.unit if getattr(item, "indicator", None) is not None else ""
    return f"{item.get_comparator_display()} {present.target(item.target, unit)}".strip()


def criterion_text(c) -> str:
    """A success criterion or a quality goal's target as one line: the described sign, or
    "Lesing 5. trinn: minst 50"; never a code or "None"."""
    if c.indicator is None or getattr(c, "kind", "") == "sign":
        return getattr(c, "description", "") or "–"
    return f"{indicator_with_grade(c.indicator, c.grade)}: {target_text(c)}"

"""The figures a plan evaluation used: when a milestone's evaluation is recorded, the indicator
criteria's figures and verdicts as they stood are stored with it (audit.frozen) and shown with it
from then on, while the criteria themselves keep being evaluated against new data."""

from django.utils.translation import gettext as _

from skolekvalitet.audit.frozen import freeze, frozen_all
from skolekvalitet.documents import present

from .evaluation import evaluate_plan
from .history import LANGUAGES, indicator_name, indicator_names, names_called
from .models import Criterion, DevelopmentPlan, Milestone
from .texts import EVALUATIONS

KIND = "plan_evaluation"


def figures_now(plan: DevelopmentPlan) -> list[dict]:
    """The indicator criteria's figures and verdicts as plain data."""
    out = []
    for result in evaluate_plan(plan).values():
        c, f = result.criterion, result.evidence
        if c.kind != Criterion.Kind.INDICATOR or c.indicator is None:
            continue
        shown = f is not None and f.shown.value is not None
        out.append(
            {
                "criterion": c.pk,
                "indicator": c.indicator.name,
                # the name in every language, so each reader reads it in theirs
                "names": indicator_names(c.indicator),
                "grade": c.grade,
                "unit": c.indicator.unit,  # a share is shown with its per cent sign
                "comparator": c.comparator,
                "target": c.target,
                "year": f.year if f else None,
                "value": f.shown.value if shown else None,
                "low": f.interval.low if shown and f.interval else None,
                "high": f.interval.high if shown and f.interval else None,
                "evaluation": str(result.evaluation),
            }
        )
    return out


def record_figures(plan: DevelopmentPlan, milestone: Milestone) -> None:
    freeze(plan.school.owner, KIND, milestone, {"": figures_now(plan)}, replace=True)


def _names(f: dict) -> dict:
    """The indicator's names in every language; for figures kept with one name only, looked up
    by that name in the catalogue (else that name)."""
    if f.get("names"):
        return f["names"]
    return names_called(f["indicator"]) or {lang: f["indicator"] for lang in LANGUAGES}


def figure_line(f: dict) -> str:
    """One used figure as text in the reader's language: "Trivsel, 7. trinn: 4,3 (4,1 – 4,5),
    2026-27 – met", the grade said once («Nasjonale prøver 5. trinn, lesing: …»)."""
    name = indicator_name(_names(f), f["grade"])
    if f["value"] is None:
        value = _("no figure") if f["year"] is None else _("hidden (too few or suppressed)")
    else:
        unit = f.get("unit", "")
        target = f.get("target")  # older records kept no target
        value = present.figure(f["value"], unit, target=target)
        if f["low"] is not None:
            value += f" ({present.interval(f['low'], f['high'], unit=unit, target=target)})"
    year = f", {f['year']}" if f["year"] else ""
    verdict = EVALUATIONS.get(f["evaluation"], f["evaluation"])
    if f.get("comparator") and f.get("target") is not None:  # two criteria on one indicator
        ways = dict(Criterion._meta.get_field("comparator").flatchoices)
        target = present.target(f["target"], f.get("unit", ""))
        name = _("%(name)s (target: %(comparator)s %(target)s)") % {
            "name": name,
            "comparator": ways.get(f["comparator"], ""),
            "target": target,
        }
    return f"{name}: {value}{year} – {verdict}"


def used_figures(plan: DevelopmentPlan) -> dict[int, tuple[object, list[str]]]:
    """{milestone id: (when recorded, the figures as lines)} for the plan's milestones."""
    milestones = list(plan.milestones.all())
    records = frozen_all(KIND, milestones)
    return {
        m.pk: (record.at, [figure_line(f) for f in record.data])
        for m in milestones
        if (record := records.get((str(m.pk), ""))) and record.data
    }

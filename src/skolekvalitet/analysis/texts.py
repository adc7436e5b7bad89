"""Plain-language words for verdicts, criteria and flags (translated)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from skolekvalitet.documents import present
from skolekvalitet.organisations.schoolyears import code_for

VERDICTS = {
    "above": _("clearly above the national level"),
    "below": _("clearly below the national level"),
    "no_clear_difference": _("no clear difference from the national level"),
    "no_comparison": _("no national figure to compare with"),
    "no_uncertainty": _(
        "without its uncertainty it cannot be told whether the figure differs from the national "
        "level"
    ),
    "too_few": _("too few pupils to say"),
    "too_few_answers": _("too few answers to say"),  # a staff questionnaire's
    "suppressed": _("suppressed"),
}
SHORT = {
    "above": _("clearly above"),
    "below": _("clearly below"),
    "no_clear_difference": _("no clear difference"),
    "no_comparison": "–",
    "no_uncertainty": _("cannot tell without its uncertainty"),
    "": "–",
}
TRENDS = {
    "rising": _("rising beyond noise"),
    "falling": _("falling beyond noise"),
    "no clear trend": _("no clear trend"),
    "too few years": _("too few comparable years"),
}
LEVELS = {
    "municipality": _("Municipality"),
    "county": pgettext_lazy("the area's figures", "County"),  # «Fylket», not the county council
    "nation": _("Nation"),
}
# What a figure of each indicator unit measures, said beside the indicator's name where its
# figures are shown without their scale (a share shows "%" with its figures; counts need nothing).
UNITS = {
    "scale_points": _("scale points, national average 50"),
    "index": _("average on a scale of 1–5"),
    "grade": _("average grade, 1–6"),
    "scale_1_3": _("mastery level 1–3"),
    "sbi": _("points above or below the national average"),
}
# The owner's own row in a report table, after its name: the area's figure covers every school
# in it, the private ones too ("Kvam herad, heile kommunen").
WHOLE = {
    "municipality": _("the whole municipality"),
    "county": _("the whole county"),
}
STATUS = {
    "too_few": _("too few"),
    "suppressed_by_source": _("suppressed by Udir"),
    "secondary": _("hidden so others cannot be worked out"),
}
CRITERIA = {
    "sbi_above_all_five": _("school contribution above average in all five periods"),
    "sbi_below_all_five": _("school contribution below average in all five periods"),
    "sbi_rising_every_year": _("school contribution rising every year over the five"),
    "results_above_average": _("results above the national average in the last year"),
    "results_below_average": _("results below the national average in the last year"),
    "indices_above_average": _("pupil-survey indices above the national average in the last year"),
    "indices_below_average": _("pupil-survey indices below the national average in the last year"),
    "bullying_not_clearly_above": _("bullying not clearly above the national share"),
    "bullying_above_national": _("bullying above the national share"),
    "parents_higher_education_below_national": _(
        "fewer parents with higher education than nationally"
    ),
}
MET = {"met": _("met"), "not met": _("not met"), "unknown": _("unknown")}
# What an undecided profile lacks (stats.profiles.Criterion.missing): (what, subject).
MISSING = {
    "school": _("%(name)s for the school"),
    "nation": _("%(name)s for the nation"),
    "uncertainty": _("the uncertainty of %(name)s for the school"),
    "periods": _("school contribution for all five periods (%(count)s published)"),
    "suppressed": _("school contribution in %(count)s of the periods (suppressed or missing)"),
}


def missing_text(missing, names: dict[str, str]) -> str:
    """«Missing: …» for what an undecided profile lacks, with indicators by their names."""
    items = [
        str(MISSING[what]) % {"name": names.get(subject, subject), "count": subject}
        for what, subject in missing
    ]
    return _("missing: %(items)s") % {"items": "; ".join(items)} if items else ""


PROFILES = {
    1: _("Profile 1: stable high contribution"),
    2: _("Profile 2: stable high contribution with many pupils of low socio-economic background"),
    3: _("Profile 3: steady progress"),
    4: _("Profile 4: stable low contribution"),
    None: _("No profile"),
}
UNDECIDED = _("Profile not decided yet (%(missing)s)")
FLAGS = {
    "profile_4": _("Profile 4 (stable low contribution), stage %(stage)s"),
    "results_below_nation": _("%(indicator)s clearly below the nation in %(years)s"),
    "bullying_above_nation": _(
        "Bullying clearly above the nation in %(year)s: %(value)s against %(nation)s"
    ),
    "bullying_rising": _("Bullying rising beyond noise: %(values)s (%(years)s)"),
    "participation_falling": _("Pupil-survey participation falling or low: %(values)s (%(years)s)"),
}


# The flags whose figures are percentages (bullying and participation are shares of pupils).
PERCENT_FLAGS = {"bullying_above_nation", "bullying_rising", "participation_falling"}


def _year(year) -> str:
    """A year of the evidence (the school year's first calendar year) as the school year."""
    return code_for(year) if isinstance(year, int) else str(year)


def flag_text(flag, names: dict[str, str]) -> str:
    """A flag in words; every figure in the reader's number format, with its unit («78,0 %»),
    and each year as its school year («2025-26»)."""
    evidence = dict(flag.evidence)
    if "indicator" in evidence:
        evidence["indicator"] = names.get(evidence["indicator"], evidence["indicator"])

    def figure(value) -> str:
        if not isinstance(value, int | float):
            return str(value)
        return present.percent(value, 1) if flag.code in PERCENT_FLAGS else present.number(value)

    for key in ("value", "nation"):
        if key in evidence:
            evidence[key] = figure(evidence[key])
    if "values" in evidence:
        evidence["values"] = ", ".join(figure(v) for v in evidence["values"])
    if "year" in evidence:
        evidence["year"] = _year(evidence["year"])
    if "years" in evidence:
        evidence["years"] = ", ".join(_year(y) for y in evidence["years"])
    if flag.code == "overdue_agreements":
        return (
            ngettext(
                "%(count)s follow-up agreement overdue",
                "%(count)s follow-up agreements overdue",
                evidence["count"],
            )
            % evidence
        )
    return str(FLAGS[flag.code]) % evidence

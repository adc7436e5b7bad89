"""Turning analysis results into what templates show: words, formatted numbers, SVG charts.
Nothing here computes a statistic; every number comes from the chain (analysis.chain)."""

from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from skolekvalitet.documents.charts import (
    FunnelPoint,
    SparkPoint,
    assert_comparable,
    funnel,
    sparkline,
)
from skolekvalitet.knowledge.chain import Chain, Figure
from skolekvalitet.stats.funnel import fit_funnel, individual_sd

from . import texts
from .sheet import Row, SchoolAnalysis


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else number_format(value, digits)


def figure_text(f: Figure | None) -> str:
    if f is None:
        return "–"
    if f.shown.status == "shown":
        return fmt(f.shown.value)
    return str(texts.STATUS.get(f.shown.status, texts.STATUS["suppressed_by_source"]))


def interval_text(f: Figure) -> str:
    interval = f.interval
    return f"{fmt(interval.low)} – {fmt(interval.high)}" if interval else "–"


def row(r: Row) -> dict:
    ind = r.indicator
    points = [
        SparkPoint(
            f.year,
            f.shown.value,
            f.interval.low if f.interval else None,
            f.interval.high if f.interval else None,
        )
        for f in r.series
    ]
    trend_text = str(texts.TRENDS[r.trend.direction])
    summary = _("%(name)s, grade %(grade)s: %(verdict)s; trend: %(trend)s.") % {
        "name": ind.name,
        "grade": r.grade or _("all"),
        "verdict": texts.VERDICTS[r.verdict],
        "trend": trend_text,
    }
    return {
        "id": r.unit_id,
        "indicator": ind,
        "grade": r.grade,
        "latest": r.latest,
        "value": figure_text(r.latest),
        "interval": interval_text(r.latest),
        "n": r.latest.shown.n,
        "verdict": texts.VERDICTS[r.verdict],
        "verdict_code": r.verdict,
        "comparisons": [
            (texts.LEVELS[level], figure_text(area), texts.SHORT.get(v, v))
            for level, (area, v) in r.comparisons.items()
        ],
        "trend": trend_text,
        "sparkline": mark_safe(
            sparkline(points, uid=f"s-{r.unit_id}", title=ind.name, summary=summary)
        ),
        "series": [
            (f.year, figure_text(f), interval_text(f), f.shown.n, f.source, f.synthetic)
            for f in r.series
        ],
        "pooled": (
            {"years": ", ".join(r.pooled.keys), "value": fmt(r.pooled.value)} if r.pooled else None
        ),
        "breaks": ind.break_notes(),
        "summary": summary,
    }


def cell(r: Row | None) -> dict | None:
    if r is None:
        return None
    verdict = r.comparisons["nation"][1] if r.latest.shown.status == "shown" else ""
    marked = verdict in ("above", "below")
    direction = r.indicator.direction
    tone = ""
    if marked and direction in ("higher", "lower"):
        tone = "better" if (verdict == "above") == (direction == "higher") else "worse"
    return {
        "value": figure_text(r.latest),
        "year": r.latest.year,
        "mark": verdict if marked else "",
        "tone": tone,
        "text": texts.VERDICTS[r.verdict],
    }


def follow_up(analyses: list[SchoolAnalysis], chain: Chain) -> list[dict]:
    names = {i.code: i.name for i in chain.indicators.values()}
    out = []
    for a in analyses:
        out.append(
            {
                "school": a.school,
                "flags": [texts.flag_text(f, names) for f in a.flags],
                "profiles": [
                    {
                        "stage": stage,
                        "label": texts.PROFILES[p.number],
                        "number": p.number,
                        "criteria": [
                            (texts.CRITERIA[c.code], texts.MET[c.met], c.met)
                            for c in p.criteria.get(p.number or 1, ())
                        ],
                    }
                    for stage, p in a.profiles.items()
                ],
            }
        )
    return out


def explorer(chain: Chain, code: str, grade: int | None) -> dict:
    by_code = {i.code: i for i in chain.indicators.values()}
    available = sorted(
        {
            (chain.indicators[i].code, g)
            for s in chain.schools
            for i, g in chain.unit_keys(("school", s))
        }
    )
    choices = [(f"{c}.{g}", by_code[c].name, g) for c, g in available]
    if not available:
        return {"choices": []}
    selected = (code, grade) if (code, grade) in available else available[0]
    indicator = by_code[selected[0]]
    assert_comparable([indicator.never_compare_group], [indicator.code])
    years = sorted(
        {f.year for s in chain.schools for f in chain.series(indicator, ("school", s), selected[1])}
    )
    rows = []
    latest_points = []
    for school in sorted(chain.schools.values(), key=lambda s: s.name):
        series = {f.year: f for f in chain.series(indicator, ("school", school.pk), selected[1])}
        if not series:
            continue
        rows.append((school, [figure_text(series.get(y)) for y in years]))
        last = series.get(years[-1])
        if last is not None and last.shown.status == "shown" and last.shown.n:
            latest_points.append(FunnelPoint(school.name, last.shown.n, last.shown.value))
    nation = chain.get(indicator, ("area", "nation"), years[-1], selected[1])
    centre = (
        0.0
        if indicator.unit == "sbi"
        else (nation.shown.value if nation and nation.shown.value is not None else None)
    )
    estimates = [
        f
        for s in chain.schools
        for f in chain.series(indicator, ("school", s), selected[1])
        if f.estimate is not None and f.raw_n
    ]
    chart = ""
    if centre is not None and estimates and latest_points:
        sd = individual_sd([f.estimate.se for f in estimates], [f.raw_n for f in estimates])
        fit = fit_funnel([p.value for p in latest_points], [p.n for p in latest_points], centre, sd)
        outside = [latest_points[i].label for i in fit.outside_95]
        summary = _(
            "Funnel plot for %(year)s: %(count)s schools; outside the 95 %% limits: %(outside)s."
        ) % {
            "year": years[-1],
            "count": len(latest_points),
            "outside": ", ".join(outside) or _("none"),
        }
        chart = mark_safe(
            funnel(
                latest_points,
                centre=centre,
                sd=sd,
                uid="funnel",
                title=indicator.name,
                summary=summary,
                unit=_("number of pupils"),
                number=fmt,
            )
        )
    return {
        "choices": choices,
        "indicator": indicator,
        "grade": selected[1],
        "selected": f"{selected[0]}.{selected[1]}",
        "years": years,
        "rows": rows,
        "funnel": chart,
        "funnel_points": [(p.label, p.n, fmt(p.value)) for p in latest_points],
        "nation": fmt(centre),
        "latest_year": years[-1],
    }

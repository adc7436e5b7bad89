"""Turning analysis results into what templates show: words, formatted numbers, SVG charts.
Nothing here computes a statistic; every number comes from the chain (analysis.chain)."""

from collections.abc import Iterable
from itertools import pairwise

from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from skolekvalitet.documents import present
from skolekvalitet.documents.charts import (
    FunnelPoint,
    SparkPoint,
    assert_comparable,
    funnel,
    sparkline,
)
from skolekvalitet.knowledge.areas import AREAS, QualityArea, area_of, is_staff_result
from skolekvalitet.knowledge.chain import Chain, Figure, comparison_for
from skolekvalitet.knowledge.models import UNIT_RANGES, Indicator, Quality, names_grade
from skolekvalitet.stats.funnel import fit_funnel, individual_sd
from skolekvalitet.stats.noise import Noise, funnel_noise, rounding_variance

from . import texts
from .sheet import Row, SchoolAnalysis, verdict_for


def fmt(value: float | None, digits: int = 1) -> str:
    return present.number(value, digits)


def value_text(value: float | None, unit: str = "") -> str:
    """A figure with its indicator's unit, wherever it is shown: a share as «78,0 %», other
    units as the number (present.figure)."""
    return present.figure(value, unit)


def figure_text(f: Figure | None, unit: str | None = None) -> str:
    """A figure, or why it is not shown; with its indicator's unit (value_text)."""
    if f is None:
        return "–"
    if f.shown.status == "shown":
        return value_text(f.shown.value, f.indicator.unit if unit is None else unit)
    return str(texts.STATUS.get(f.shown.status, texts.STATUS["suppressed_by_source"]))


def interval_text(f: Figure) -> str:
    """A figure's 95 % interval with its indicator's unit: «0,0–20,4 %»."""
    interval = f.interval
    if not interval:
        return "–"
    return present.interval(interval.low, interval.high, unit=f.indicator.unit)


HIDDEN_VERDICTS = ("too_few", "suppressed")


def _with_side(text: str, verdict: str, direction: str) -> str:
    """A verdict's words with the better or the weaker side where a difference is clear."""
    if verdict not in ("above", "below") or direction not in ("higher", "lower"):
        return text
    if (verdict == "above") == (direction == "higher"):
        return _("%(verdict)s (better)") % {"verdict": text}
    return _("%(verdict)s (weaker)") % {"verdict": text}


def short_verdict_text(verdict: str, direction: str) -> str:
    """A verdict against an area in a table that names the area: «clearly below (weaker)»."""
    return _with_side(str(texts.SHORT.get(verdict, verdict)), verdict, direction)


def verdict_text(verdict: str, direction: str) -> str:
    """A verdict against the nation in words, saying whether a clear difference is the better
    or the weaker side by the indicator's direction («clearly above the national level
    (weaker)» for bullying): above and below alone do not say it."""
    return _with_side(str(texts.VERDICTS[verdict]), verdict, direction)


def _reference_text(level: str, area: Figure | None, indicator) -> str:
    """An area's figure; the nation's for a school contribution is 0 by definition, also when
    the export has no row for it."""
    reference = comparison_for(indicator, level, area, None)[1] if area is None else None
    if reference is not None:  # no row, yet a reference: the national 0 of a contribution
        return _("%(value)s (by definition)") % {"value": present.number(reference.value, 1)}
    return figure_text(area)


def label(r: Row, *more: str) -> str:
    """The indicator's name with its grade (unless the name says it), a reminder where lower
    is better, and any `more` words."""
    bits = [] if names_grade(r.indicator.name, r.grade) else [grade_text(r.grade)]
    if r.indicator.direction == "lower":
        bits.append(str(r.indicator.get_direction_display()))
    bits.extend(more)
    return f"{r.indicator.name} ({', '.join(bits)})" if bits else r.indicator.name


def grade_text(grade: int) -> str:
    return _("grade %(grade)s") % {"grade": grade}


def indicator_name(indicator: Indicator, grade: int | None) -> str:
    """An indicator with its grade, the grade said once: «Trivsel (7. trinn)», but
    «Nasjonale prøvar 5. trinn, lesing» as it is."""
    if names_grade(indicator.name, grade):
        return indicator.name
    return f"{indicator.name} ({grade_text(grade)})"  # type: ignore[arg-type]


def _breaks(r: Row) -> dict[str, str]:
    """The catalogue's breaks that fall inside the series: {first year after it: note}."""
    years = [f.year for f in r.series]
    return {
        after: note
        for start, note in r.indicator.break_notes()
        for before, after in pairwise(years)
        if before < start <= after
    }


def noise_note(noise: Noise | None) -> str:
    """In plain words, the variation beyond the interval that the verdicts allow for."""
    if noise is None:
        return ""
    bits = []
    if noise.year.tau >= 0.05:
        bits.append(
            _(
                "Beyond the uncertainty its interval shows, a school's figure for this indicator "
                "typically moves about %(tau)s up or down from one year to the next: one group "
                "of pupils is not like the next, and teachers change. Trends, changes and "
                "«clearly above/below» allow for this, so they speak about the school, not "
                "about one year's pupils."
            )
            % {"tau": fmt(noise.year.tau)}
        )
    if noise.rounding >= rounding_variance(1.0) - 1e-9:
        bits.append(
            _(
                "The figures are published as whole numbers; the verdicts allow for that "
                "rounding too."
            )
        )
    return " ".join(bits)


def _answers(r: Row) -> bool:
    """Whether the people behind the row's figures are staff answering, not pupils."""
    return is_staff_result(r.indicator)


def row(r: Row) -> dict:
    ind = r.indicator
    verdict = "too_few_answers" if r.verdict == "too_few" and _answers(r) else r.verdict
    breaks = _breaks(r)
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
    # The grade said once, and not at all for a figure of all grades (grade 0).
    summary = _("%(name)s: %(verdict)s; trend: %(trend)s.") % {
        "name": indicator_name(ind, r.grade),
        "verdict": verdict_text(verdict, ind.direction),
        "trend": trend_text,
    }
    return {
        "id": r.unit_id,
        "indicator": ind,
        "label": label(r),
        "grade": r.grade,
        "latest": r.latest,
        "value": figure_text(r.latest),
        "interval": interval_text(r.latest),
        "interval_note": _("uncertainty (95 %%): %(interval)s")
        % {"interval": interval_text(r.latest)}
        if r.latest.interval
        else "–",
        "n": r.latest.shown.n,
        "verdict": verdict_text(verdict, ind.direction),
        "verdict_code": r.verdict,
        "comparisons": [
            (
                texts.LEVELS[level],
                _reference_text(level, area, ind),
                short_verdict_text(v, ind.direction),
            )
            for level, (area, v) in r.comparisons.items()
        ],
        "trend": trend_text,
        "sparkline": mark_safe(
            sparkline(
                points,
                uid=f"s-{r.unit_id}",
                title=ind.name,
                summary=summary,
                breaks=[i for i, f in enumerate(r.series) if f.year in breaks],
            )
        ),
        "series": series_rows(r.series, breaks),
        "series_breaks": sorted(breaks),
        "pooled": pooled_text(r),
        "breaks": ind.break_notes(),
        "summary": summary,
        "noise_note": noise_note(r.noise),
    }


def series_rows(series: list[Figure], breaks: dict[str, str]) -> list[tuple]:
    """The rows of a series' table, oldest first; a run of two or more years hidden alike
    (without a break inside) is one row saying so, not a wall of «suppressed»."""
    out: list[tuple] = []
    run: list[Figure] = []

    def close() -> None:
        if len(run) == 1:
            out.append(_series_row(run[0], breaks))
        elif run:
            years = f"{run[0].year} – {run[-1].year}"
            text = (
                _("%(status)s, both school years")
                if len(run) == 2
                else _("%(status)s, all %(count)s school years")
            ) % {"status": figure_text(run[0]), "count": len(run)}
            out.append((years, text, "–", None, run[0].source, False, breaks.get(run[0].year, "")))
        run.clear()

    for f in series:
        if run and (f.status != run[-1].status or f.status == "shown" or f.year in breaks):
            close()
        if f.status == "shown":
            out.append(_series_row(f, breaks))
        else:
            run.append(f)
    close()
    return out


def _series_row(f: Figure, breaks: dict[str, str]) -> tuple:
    return (
        f.year,
        figure_text(f),
        interval_text(f),
        f.shown.n,
        f.source,
        f.synthetic,
        breaks.get(f.year, ""),
    )


def pooled_text(r: Row) -> dict | None:
    """The pooled figure over its fixed period, with its interval where known."""
    if r.pooled is None:
        return None
    interval = r.pooled.interval()
    value = value_text(r.pooled.value, r.indicator.unit)
    if interval is not None:
        bounds = UNIT_RANGES.get(r.indicator.unit, (float("-inf"), float("inf")))
        low, high = max(interval[0], bounds[0]), min(interval[1], bounds[1])
        value = _("%(value)s (interval %(interval)s)") % {
            "value": value,
            "interval": present.interval(low, high, unit=r.indicator.unit),
        }
    return {"years": ", ".join(r.pooled.keys), "value": value}


def hidden_line(r: Row, p: dict) -> dict:
    """A hidden row for the section's folded list: how long it has been hidden, and the
    municipality's figure beside it."""
    hidden = [f for f in r.series if f.status != "shown"]
    value = p["value"]
    if len(hidden) == len(r.series) and len(hidden) > 1:
        value = _("%(status)s every year since %(year)s") % {
            "status": value,
            "year": r.series[0].year,
        }
    area = r.comparisons.get("municipality", (None, ""))[0]
    if area is not None and area.status == "shown":
        value = _("%(value)s; the municipality: %(figure)s") % {
            "value": value,
            "figure": figure_text(area, r.indicator.unit),
        }
    return {**p, "value": value}


def _names(rows: list[Row], limit: int = 5, more=lambda r: ()) -> str:
    """Up to `limit` names, key indicators first, and how many more; more(row): words to add
    to a row's label."""
    rows = sorted(rows, key=lambda r: not r.indicator.key)
    names = ", ".join(label(r, *more(r)) for r in rows[:limit])
    rest = len(rows) - limit
    if rest > 0:
        names += " " + ngettext("and %(count)d more", "and %(count)d more", rest) % {"count": rest}
    return names


def _side(r: Row, up: bool) -> str:
    """Which side of the nation, or of its past, a row's figure is on by its indicator's
    direction: "better", "worse", or "neutral" where neither higher nor lower is better."""
    if r.indicator.direction not in ("higher", "lower"):
        return "neutral"
    return "better" if up == (r.indicator.direction == "higher") else "worse"


def _grouped(rows: list[Row], up) -> dict[str, list[Row]]:
    """The rows by side (_side); up(row): whether its figure is the higher one."""
    out: dict[str, list[Row]] = {"better": [], "worse": [], "neutral": []}
    for r in rows:
        out[_side(r, up(r))].append(r)
    return out


def _comparison_sentences(rows: list[Row]) -> list[str]:
    """The figures that differ from the national level beyond noise, by better and worse (as
    each indicator's direction says), and those where neither is better, with their side."""
    differ = _grouped(
        [r for r in rows if r.verdict in ("above", "below")], lambda r: r.verdict == "above"
    )
    out = []
    if differ["better"]:
        out.append(
            _("Better than the national level, by more than chance can explain: %(names)s.")
            % {"names": _names(differ["better"])}
        )
    if differ["worse"]:
        out.append(
            _("Weaker than the national level, by more than chance can explain: %(names)s.")
            % {"names": _names(differ["worse"])}
        )
    if differ["neutral"]:
        out.append(
            _(
                "Differs from the national level by more than chance can explain, where neither "
                "higher nor lower is better: %(names)s."
            )
            % {
                "names": _names(
                    differ["neutral"],
                    more=lambda r: (
                        pgettext("than the national level", "higher")
                        if r.verdict == "above"
                        else pgettext("than the national level", "lower"),
                    ),
                )
            }
        )
    return out


def _trend_sentences(rows: list[Row]) -> list[str]:
    """The series that change beyond noise, by better and worse, as _comparison_sentences."""
    moving = _grouped(
        [r for r in rows if r.trend.direction in ("rising", "falling")],
        lambda r: r.trend.direction == "rising",
    )
    out = []
    if moving["better"]:
        out.append(
            _("Getting better, by more than chance can explain: %(names)s.")
            % {"names": _names(moving["better"])}
        )
    if moving["worse"]:
        out.append(
            _("Getting weaker, by more than chance can explain: %(names)s.")
            % {"names": _names(moving["worse"])}
        )
    if moving["neutral"]:
        out.append(
            _(
                "Rising or falling by more than chance can explain, where neither higher nor "
                "lower is better: %(names)s."
            )
            % {
                "names": _names(
                    moving["neutral"],
                    more=lambda r: (
                        pgettext("trend", "rising")
                        if r.trend.direction == "rising"
                        else pgettext("trend", "falling"),
                    ),
                )
            }
        )
    return out


def sheet_summary(rows: list[Row]) -> list[str]:
    """Plain sentences over the sheet's own verdicts and trends: no new statistics. A
    difference or a change is better or worse by the indicator's direction (less bullying is
    better), never by higher or lower alone."""
    moving = [r for r in rows if r.trend.direction in ("rising", "falling")]
    alike = sum(r.verdict == "no_clear_difference" for r in rows)
    hidden = sum(r.verdict in HIDDEN_VERDICTS for r in rows)
    out = _comparison_sentences(rows)
    if alike:
        out.append(
            ngettext(
                "%(count)d figure shows no clear difference from the national level.",
                "%(count)d figures show no clear difference from the national level.",
                alike,
            )
            % {"count": alike}
        )
    out.extend(_trend_sentences(rows))
    judged = any(r.trend.direction in ("rising", "falling", "no clear trend") for r in rows)
    if not moving:
        out.append(
            _("No indicator is rising or falling beyond noise.")
            if judged
            else _("There are too few comparable years to tell whether anything is changing.")
        )
    if hidden:
        out.append(hidden_text(hidden))
    if hidden > len(rows) - hidden:
        out.append(
            _(
                "Most of the national figures for this school are hidden, as they are for many "
                "small schools: open each area's list of hidden figures to read the "
                "municipality's figure beside each, pooled periods where there are any, and read "
                "the owner's own sources."
            )
        )
    local = [
        r for r in rows if r.indicator.owner_id is not None and r.verdict not in HIDDEN_VERDICTS
    ]
    if local:
        out.append(
            _("The owner's own sources for this school: %(names)s.") % {"names": _names(local)}
        )
    return out


def hidden_text(count: int, answers: bool = False) -> str:
    """How many figures are hidden; `answers`: all of them from staff questionnaires, where
    nothing is said of pupils."""
    if answers:
        return ngettext(
            "%(count)d figure is hidden because too few have answered.",
            "%(count)d figures are hidden because too few have answered.",
            count,
        ) % {"count": count}
    return ngettext(
        "%(count)d figure is hidden because too few pupils or answers are behind it.",
        "%(count)d figures are hidden because too few pupils or answers are behind them.",
        count,
    ) % {"count": count}


def sheet(sections: list[tuple[QualityArea, list[Row]]]) -> dict:
    """The data sheet: a summary, then one section per quality area; a section's hidden
    figures are folded into one line."""
    qualities = dict(Quality.choices)
    out = []
    for area, rows in sections:
        shown = [(r, row(r)) for r in rows]
        hidden_rows = [(r, p) for r, p in shown if r.verdict in HIDDEN_VERDICTS]
        hidden = [hidden_line(r, p) for r, p in hidden_rows]
        visible = [(r, p) for r, p in shown if r.verdict not in HIDDEN_VERDICTS]
        # With key indicators in the area, the others wait behind one line.
        has_key = any(r.indicator.key for r, _p in visible)
        out.append(
            {
                "code": area.code,
                "label": area.label,
                "quality": qualities.get(area.quality, ""),
                "rows": [p for r, p in visible if r.indicator.key or not has_key],
                "more": [p for r, p in visible if has_key and not r.indicator.key],
                "hidden": hidden,
                "hidden_text": hidden_text(len(hidden), all(_answers(r) for r, _p in hidden_rows))
                if hidden
                else "",
                "details": [p for _r, p in shown],
            }
        )
    return {"summary": sheet_summary([r for _a, rows in sections for r in rows]), "sections": out}


def cell(r: Row | None) -> dict | None:
    if r is None:
        return None
    f = r.latest
    return stored_cell(r.indicator, [f.year, f.status, f.value, f.versus("nation")])


def stored_cell(indicator, stored: list | None) -> dict | None:
    """An overview cell from a school's latest figure as the analysis stores it (published.py):
    [year, status, value, verdict against the nation]."""
    if stored is None:
        return None
    year, status, value, versus = stored
    verdict = versus if status == "shown" else ""
    marked = verdict in ("above", "below")
    direction = indicator.direction
    tone = ""
    if marked and direction in ("higher", "lower"):
        tone = "better" if (verdict == "above") == (direction == "higher") else "worse"
    shown = (
        value_text(value, indicator.unit)
        if status == "shown"
        else str(texts.STATUS.get(status, texts.STATUS["suppressed_by_source"]))
    )
    return {
        "value": shown,
        "year": year,
        "mark": verdict if marked else "",
        "tone": tone,
        "text": verdict_text(verdict_for(status, versus), direction),
    }


def follow_up(analyses: list[SchoolAnalysis], indicators: Iterable[Indicator]) -> list[dict]:
    names = {i.code: i.name for i in indicators}
    out = []
    for a in analyses:
        out.append(
            {
                "school": a.school,
                "flags": [texts.flag_text(f, names) for f in a.flags],
                "profiles": [
                    {
                        "stage": stage,
                        "label": texts.PROFILES[p.number]
                        if p.decided
                        else texts.UNDECIDED % {"missing": texts.missing_text(p.missing, names)},
                        "number": p.number,
                        "criteria": [
                            (
                                texts.CRITERIA[c.code],
                                f"{texts.MET[c.met]} ({texts.missing_text(c.missing, names)})"
                                if c.missing
                                else texts.MET[c.met],
                                c.met,
                            )
                            for c in p.criteria.get(p.number or 1, ())
                        ],
                    }
                    for stage, p in a.profiles.items()
                ],
            }
        )
    return out


def _by_name(named: tuple) -> tuple:
    return (named[0].casefold(), named[1])


def explorer_choice(
    available: list[tuple[str, int]], by_code: dict[str, Indicator], code: str, grade: int | None
) -> tuple[list[tuple], tuple[str, int] | None]:
    """The explorer's choices of (code, grade) by quality area, [(area, [(value, its name
    with the grade said once)])] in the catalogue's order of areas and the order of names
    within each, and the one shown: the one asked for, the first when nothing was asked for,
    and none when what was asked for has no figures (never another indicator in its place)."""
    if not available:
        return [], None
    named = sorted(((indicator_name(by_code[c], g), (c, g)) for c, g in available), key=_by_name)
    named.sort(key=lambda item: AREAS.index(area_of(by_code[item[1][0]])))
    choices: list[tuple] = []
    for name, (c, g) in named:
        area = area_of(by_code[c]).label
        if not choices or choices[-1][0] != area:
            choices.append((area, []))
        choices[-1][1].append((f"{c}.{g}", name))
    if not code:
        return choices, named[0][1]
    return choices, (code, grade) if (code, grade) in available else None


def unavailable_text(by_code: dict[str, Indicator], code: str, grade: int | None) -> str:
    """Why the explorer shows nothing for a choice it has no figures for, in words."""
    indicator = by_code.get(code)
    if indicator is None:
        return _("There is no indicator like that. Choose an indicator in the list.")
    return _("There are no figures for %(name)s. Choose an indicator in the list.") % {
        "name": indicator_name(indicator, grade)
    }


def explorer(chain: Chain, indicator: Indicator, grade: int, choices: list[tuple]) -> dict:
    """The chosen indicator and grade for the chain's schools over the years, with a funnel
    plot of the latest year."""
    selected = (indicator.code, grade)
    unit = indicator.unit
    assert_comparable([indicator.never_compare_group], [indicator.code])
    years = sorted(
        {f.year for s in chain.schools for f in chain.series(indicator, ("school", s), selected[1])}
    )
    if not years:  # the stored choices ahead of the figures for a moment
        return {"choices": choices}
    # A comparability break inside the years shown: {first year after it: note}. The table
    # marks the column, and no figure is compared across it.
    breaks = {
        after: note
        for start, note in indicator.break_notes()
        for before, after in pairwise(years)
        if before < start <= after
    }
    rows = []
    latest_points = []
    latest_ses: list[float | None] = []
    for school in sorted(chain.schools.values(), key=lambda s: s.name):
        series = {f.year: f for f in chain.series(indicator, ("school", school.pk), selected[1])}
        if not series:
            continue
        rows.append((school, [(figure_text(series.get(y)), y in breaks) for y in years]))
        last = series.get(years[-1])
        if last is not None and last.shown.status == "shown" and last.shown.n:
            latest_points.append(FunnelPoint(school.name, last.shown.n, last.shown.value))
            latest_ses.append(last.se)
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
    chart = wide_chart = funnel_note = ""
    if centre is not None and estimates and latest_points:
        sd = individual_sd([f.estimate.se for f in estimates], [f.raw_n for f in estimates])
        values = [p.value for p in latest_points]
        known = [(v, se) for v, se in zip(values, latest_ses, strict=True) if se is not None]
        noise = funnel_noise(
            chain.noise(indicator), [k[0] for k in known], [k[1] for k in known], centre
        )
        fit = fit_funnel(values, [p.n for p in latest_points], centre, sd, tau2=noise.funnel)
        outside = [latest_points[i].label for i in fit.outside_95]
        summary = _(
            "Funnel plot for %(year)s: %(count)s schools; outside the 95 %% limits: %(outside)s."
        ) % {
            "year": years[-1],
            "count": len(latest_points),
            "outside": ", ".join(outside) or _("none"),
        }

        def drawn(uid: str, width: int, height: int) -> str:
            return mark_safe(
                funnel(
                    latest_points,
                    centre=centre,
                    sd=sd,
                    uid=uid,
                    title=indicator_name(indicator, grade),
                    summary=summary,
                    unit=_("number of pupils"),
                    number=fmt,
                    tau2=noise.funnel,
                    bounds=UNIT_RANGES.get(indicator.unit),
                    value_unit=capfirst(indicator.get_unit_display()),
                    width=width,
                    height=height,
                )
            )

        # One drawn for a phone and one for a wide screen, the page showing the one that fits,
        # so that neither has its labels shrunk to nothing nor the plot lost in a corner.
        chart, wide_chart = drawn("funnel", 360, 300), drawn("funnel-wide", 880, 460)
        funnel_note = (
            _(
                "The limits also allow for how much schools differ beyond chance in an ordinary "
                "year (about %(tau)s up or down, estimated from the schools and from all schools "
                "in Norway where Udir's files are known). Without it, ordinary differences between "
                "groups of pupils would put many schools outside the funnel."
            )
            % {"tau": fmt(noise.school.tau)}
            if noise.school.tau >= 0.05
            else ""
        )
    return {
        "choices": choices,
        "indicator": indicator,
        "name": indicator_name(indicator, grade),
        "grade": selected[1],
        "selected": f"{selected[0]}.{selected[1]}",
        "years": [(y, y in breaks) for y in years],
        "rows": rows,
        "breaks": sorted(breaks.items()),
        "funnel": chart,
        "funnel_wide": wide_chart,
        "funnel_note": funnel_note,
        "funnel_points": [(p.label, p.n, value_text(p.value, unit)) for p in latest_points],
        "nation": value_text(centre, unit),
        "latest_year": years[-1],
    }

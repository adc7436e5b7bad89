"""Development over time for the status report: an indicator's last 3–5 comparable school years
for the owner's municipality, each school and the nation, with the noise-aware trend the
analysis computes (analysis.sheet) and never a series across a comparability break. Nothing
here computes a new statistic: the figures come from the chain, the verdicts from the analysis."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from skolekvalitet.analysis import texts
from skolekvalitet.analysis.presenting import figure_text, interval_text
from skolekvalitet.analysis.sheet import _trend as sheet_trend
from skolekvalitet.analysis.sheet import sheet_row
from skolekvalitet.documents import present
from skolekvalitet.documents.charts import IntervalItem, assert_comparable, interval_chart
from skolekvalitet.documents.model import Chart, Group, Heading, Paragraph, Table
from skolekvalitet.knowledge.chain import Chain, Figure, breaks_of
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.plans.texts import indicator_with_grade
from skolekvalitet.stats.intervals import compare
from skolekvalitet.stats.trends import Trend

MAX_YEARS = 5
LEVELS = ("municipality", "nation")  # the areas a section shows beside the schools


@dataclass
class Facts:
    """What one indicator's section shows, for the chapter's generated draft."""

    name: str
    years: list[str]
    owner_latest: Figure | None = None
    owner_versus_nation: str = ""  # above / below / no clear difference / ""
    owner_trend: str = "too few years"
    rising: list[str] = field(default_factory=list)
    falling: list[str] = field(default_factory=list)
    above: list[str] = field(default_factory=list)
    below: list[str] = field(default_factory=list)
    hidden: int = 0
    break_note: str = ""  # why the series starts where it does, when a break cut it short
    direction: str = ""  # the indicator's: higher / lower is better, or neither
    unit: str = ""


def comparable_years(indicator: Indicator, series: list[list[Figure]]) -> list[str]:
    """The last MAX_YEARS school years after the indicator's last break (any unit's)."""
    figures = [f for s in series for f in s]
    if not figures:
        return []
    latest = max(f.start_year for f in figures)
    last_break = max((b for b in breaks_of(indicator) if b <= latest), default=None)
    years = sorted({f.year for f in figures if last_break is None or f.start_year >= last_break})
    return years[-MAX_YEARS:]


def section_years(chain: Chain, indicator: Indicator, grade: int) -> list[str]:
    """The school years an indicator's section shows: the last comparable years of its schools,
    the owner and the nation together (comparable_years)."""
    series = [chain.series(indicator, ("school", pk), grade) for pk in chain.schools]
    series += [chain.series(indicator, ("area", level), grade) for level in LEVELS]
    return comparable_years(indicator, series)


def development(indicator: Indicator, series: list[Figure], years: list[str]) -> Trend:
    """A unit's development as the report states it, wherever it states it (the chapter's table
    and draft, the appendix per school): the noise-aware trend through the unit's figures in the
    section's years, never the trend published on the figure, which runs through every
    comparable year since the last break and so could contradict the years the table shows."""
    shown = set(years)
    return sheet_trend(indicator, [f for f in series if f.year in shown])


def _break_note(indicator: Indicator, years: list[str]) -> str:
    if not years:
        return ""
    notes = [note for start, note in indicator.break_notes() if start <= years[0]]
    first = int(years[0][:4])
    if notes and any(b == first for b in breaks_of(indicator)):
        return (notes[-1] or _("the series changed")).rstrip(". ")
    return ""


def indicator_section(
    chain: Chain, indicator: Indicator, grade: int, owner_name: str
) -> tuple[list, Facts] | None:
    """A heading, then the table of the years and its chart kept together, then the sources.
    None when no unit has a figure."""
    caption = indicator_with_grade(indicator, grade)
    schools = sorted(chain.schools.values(), key=lambda s: s.name)
    rows = [(s.name, sheet_row(chain, s, indicator, grade)) for s in schools]
    rows = [(name, row) for name, row in rows if row is not None]
    owner_series = chain.series(indicator, ("area", "municipality"), grade)
    nation_series = chain.series(indicator, ("area", "nation"), grade)
    years = section_years(chain, indicator, grade)
    if not rows and not owner_series:
        return None
    facts = Facts(
        caption,
        years,
        break_note=_break_note(indicator, years),
        direction=indicator.direction,
        unit=indicator.unit,
    )

    def cells(series: list[Figure]) -> tuple[list[str], list[Figure], Figure | None]:
        by_year = {f.year: f for f in series}
        used = [by_year[y] for y in years if y in by_year]
        return [_cell(by_year.get(y)) for y in years], used, (used[-1] if used else None)

    table_rows = []
    sources: set[str] = set()
    for label, series, versus in (
        [(owner_row(chain.owner, owner_name), owner_series, None)]
        + [(name, row.series, row.verdict) for name, row in rows]
        + [(str(texts.LEVELS["nation"]), nation_series, None)]
    ):
        if not series:
            continue
        values, used, latest = cells(series)
        if latest is None:
            continue
        direction = development(indicator, series, years).direction
        is_school = versus is not None
        if is_school:
            facts.hidden += sum(f.status != "shown" for f in used)
            if direction == "rising":
                facts.rising.append(label)
            elif direction == "falling":
                facts.falling.append(label)
            if versus == "above":
                facts.above.append(label)
            elif versus == "below":
                facts.below.append(label)
        elif series is owner_series:
            facts.owner_latest, facts.owner_trend = latest, direction
            reference = chain.reference(indicator, "nation", latest.year, grade)
            if latest.estimate is not None and reference is not None:
                facts.owner_versus_nation = compare(latest.estimate, reference)
        sources |= {_source(f) for f in used}
        table_rows.append(
            (
                label,
                *values,
                interval_text(latest) if latest.status == "shown" else "–",
                str(texts.TRENDS[direction]),
                str(texts.SHORT.get(versus, "–"))
                if is_school
                else str(texts.SHORT.get(facts.owner_versus_nation.replace(" ", "_"), ""))
                if series is owner_series
                else "",
            )
        )
    header = (
        _("Unit"),
        *years,
        _("Interval (95 %%), %(year)s") % {"year": years[-1]} if years else "",
        _("Development"),
        _("Compared with the nation"),
    )
    table = Table(
        _("%(name)s: school years, development and the nation") % {"name": caption},
        header,
        tuple(table_rows),
        key=f"{indicator.code}:{grade}",
    )
    unit = texts.UNITS.get(indicator.unit)
    blocks: list = [Heading(2, f"{caption} ({unit})" if unit else caption)]
    chart = _chart(chain, indicator, grade, caption, [(n, r.latest) for n, r in rows], years)
    blocks.append(Group((chart, table)) if chart else table)
    if facts.break_note:
        blocks.append(
            Paragraph(
                _("The series starts in %(year)s: %(note)s. Older years are not comparable.")
                % {"year": years[0], "note": facts.break_note}
            )
        )
    if rows and (note := _noise_note(chain, indicator)):
        blocks.append(Paragraph(note))
    blocks.append(Paragraph(_("Sources: %(sources)s.") % {"sources": "; ".join(sorted(sources))}))
    return blocks, facts


def _noise_note(chain: Chain, indicator: Indicator) -> str:
    """Why a school whose interval leaves out the national figure may still show no clear
    difference: the verdicts also allow for how much a school's figure moves from one year to
    the next (stats.noise), which the interval does not show."""
    noise = chain.noise(indicator)
    if noise is None or noise.year.tau < 0.05:
        return ""
    tau = present.number(noise.year.tau, 1)
    if indicator.unit == "share":
        tau = _("%(value)s percentage points") % {"value": tau}
    return _(
        "«Clearly above» or «clearly below» the nation needs a difference larger than the "
        "interval and than how much a school's figure ordinarily moves from one year to the next "
        "(about %(tau)s here). So a school whose interval leaves out the national figure can "
        "still show «no clear difference»."
    ) % {"tau": tau}


def owner_row(owner, name: str) -> str:
    """The owner's own row of a table: "Kvam herad, heile kommunen"."""
    return f"{name}, {texts.WHOLE.get(owner.kind, texts.WHOLE['municipality'])}"


def _cell(f: Figure | None) -> str:
    """A year's cell: the figure, or one short word when it is hidden (the appendix says why)."""
    if f is None or f.status == "shown":
        return figure_text(f)
    return str(texts.STATUS["too_few"] if f.status == "too_few" else texts.VERDICTS["suppressed"])


def _source(f: Figure) -> str:
    if f.synthetic:
        return _("synthetic demo figure")
    return f.file_name or f.indicator.source


def _chart(chain, indicator, grade, caption, latest, years) -> Chart | None:
    """Each school's value in the table's last year with its 95 % interval; the national
    value as a labelled line."""
    if not years:
        return None
    assert_comparable([indicator.never_compare_group], [indicator.code])
    items = [
        IntervalItem(
            name,
            f.shown.value,
            *((f.interval.low, f.interval.high) if f.interval else (None, None)),
        )
        for name, f in latest
        if f.year == years[-1] and f.shown.value is not None
    ]
    if not items:
        return None
    alt = _(
        "%(name)s, %(year)s: each school's value with its 95 %% interval; the dashed line is "
        "the national value. The table has the same figures."
    ) % {"name": caption, "year": years[-1]}
    reference = chain.reference(indicator, "nation", years[-1], grade)
    svg = interval_chart(
        items,
        reference=reference.value if reference else None,
        uid=f"c-{indicator.code}-{grade}",
        title=caption,
        summary=alt,
        number=present.number,
        reference_label=str(texts.LEVELS["nation"]),
    )
    return Chart(svg, alt) if svg else None

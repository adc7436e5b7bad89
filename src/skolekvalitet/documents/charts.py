"""Charts as SVG built from plain numbers: the same markup serves the browser (inline, no
JavaScript, within the strict Content-Security-Policy: presentation attributes, never style
attributes) and print (WeasyPrint renders SVG). Every chart carries a title and a text summary
for screen readers, and pages put a data table beside it.

We chose server-side SVG over Vega-Lite in the browser: Vega needs `unsafe-eval` (or its
interpreter plus inline styles) under a CSP, and the charts here are small and fixed.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

INK, MUTED, ACCENT, BAND, GRID = "#1e2b3c", "#68707c", "#0062ba", "#c7dcf0", "#e3e6ea"


class IncomparableError(ValueError):
    """Raised when a chart would put measures that must never be compared on one axis."""


def assert_comparable(groups: Sequence[str], codes: Sequence[str]) -> None:
    """The three school-contribution stages (and any never-compare group) never share an axis."""
    by_group: dict[str, set[str]] = {}
    for group, code in zip(groups, codes, strict=True):
        if group:
            by_group.setdefault(group, set()).add(code)
    mixed = {g: c for g, c in by_group.items() if len(c) > 1}
    if mixed:
        raise IncomparableError(f"never comparable on one axis: {mixed}")


def _svg(width: int, height: int, uid: str, title: str, summary: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'class="chart"><title id="{uid}-t">{escape(title)}</title>'
        f'<desc id="{uid}-d">{escape(summary)}</desc>{body}</svg>'
    )


def _scale(lo: float, hi: float, a: float, b: float):
    span = (hi - lo) or 1.0
    return lambda v: a + (v - lo) / span * (b - a)


@dataclass(frozen=True)
class SparkPoint:
    label: str
    value: float | None
    low: float | None = None
    high: float | None = None


def sparkline(
    points: Sequence[SparkPoint],
    *,
    uid: str,
    title: str,
    summary: str,
    width: int = 120,
    height: int = 32,
    breaks: Sequence[int] = (),
) -> str:
    """A small line over the years with its 95 % band; gaps where a year is hidden. breaks:
    indexes of the first point after a comparability break, drawn as a dashed line that the
    series does not cross."""
    known = [p for p in points if p.value is not None]
    if len(known) < 2:
        return ""
    values = [v for p in known for v in (p.value, p.low, p.high) if v is not None]
    y = _scale(min(values), max(values), height - 3, 3)
    x = _scale(0, max(len(points) - 1, 1), 3, width - 3)
    body = []
    # The band, like the line, stops at a break: one polygon per comparable stretch.
    edges = [0, *sorted(b for b in breaks if 0 < b < len(points)), len(points)]
    for start, stop in pairwise(edges):
        band = [
            (i, p)
            for i, p in enumerate(points[start:stop], start)
            if p.low is not None and p.high is not None
        ]
        if len(band) >= 2:
            upper = " ".join(f"{x(i):.1f},{y(p.high):.1f}" for i, p in band)  # type: ignore[arg-type]
            lower = " ".join(f"{x(i):.1f},{y(p.low):.1f}" for i, p in reversed(band))  # type: ignore[arg-type]
            body.append(f'<polygon points="{upper} {lower}" fill="{BAND}" stroke="none"/>')
    for i in breaks:
        mid = (x(i - 1) + x(i)) / 2
        body.append(
            f'<line x1="{mid:.1f}" y1="0" x2="{mid:.1f}" y2="{height}" stroke="{MUTED}" '
            'stroke-width="1" stroke-dasharray="2 2"/>'
        )
    for (i, a), (j, b) in pairwise(enumerate(points)):
        if a.value is not None and b.value is not None and j not in breaks:
            body.append(
                f'<line x1="{x(i):.1f}" y1="{y(a.value):.1f}" x2="{x(j):.1f}" '
                f'y2="{y(b.value):.1f}" stroke="{ACCENT}" stroke-width="1.5"/>'
            )
    for i, p in enumerate(points):
        if p.value is not None:
            body.append(f'<circle cx="{x(i):.1f}" cy="{y(p.value):.1f}" r="2" fill="{ACCENT}"/>')
    return _svg(width, height, uid, title, summary, "".join(body))


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    n: int
    value: float


def _ticks(top: float) -> list[int]:
    """Round tick values from 0 up to top: steps of 1, 2 or 5 times a power of ten."""
    raw = max(top / 5, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(k * power for k in (1, 2, 5, 10) if k * power >= raw)
    return list(range(0, int(top) + 1, int(step)))


def value_ticks(
    low: float, high: float, bounds: tuple[float, float] | None = None, count: int = 5
) -> tuple[list[float], int]:
    """Round ticks that cover low..high (about `count` of them, in steps of 1, 2 or 5 times a
    power of ten), never beyond the values possible (bounds: 0–100 for a share), and the
    decimals they need (none for whole steps)."""
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(k * power for k in (1, 2, 5, 10) if k * power >= raw * (1 - 1e-9))
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    ticks = [round(k * step, 10) for k in range(first, last + 1)]
    if bounds is not None:
        ticks = [t for t in ticks if bounds[0] - 1e-9 <= t <= bounds[1] + 1e-9]
    digits = max(0, -math.floor(math.log10(step) + 1e-9))
    return ticks, digits


def _text_width(text: str, size: float) -> float:
    """About how wide a line of text is in the chart's sans-serif font (for the margins)."""
    return len(text) * size * 0.6


def _place_label(
    cx: float,
    cy: float,
    w: float,
    size: float,
    placed: list[tuple[float, float, float, float]],
    area: tuple[float, float, float, float],
) -> tuple[float, float, str]:
    """Where a point's label goes: beside the point, right or left, moved up or down a line
    or two if another label is there; inside the area (x0, y0, x1, y1) so no label is cut.
    Adds the label's box to `placed`; returns its x, baseline and text-anchor."""

    def box(side: int, shift: float) -> tuple[float, float, float, float]:
        x0 = cx + 6 if side > 0 else cx - 6 - w
        base = min(max(cy + size / 3 + shift, area[1] + size), area[3] - 2)
        return (x0, base - size, x0 + w, base + 2)

    def free(b) -> bool:
        inside = b[0] >= area[0] and b[2] <= area[2]
        return inside and not any(
            b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3] for o in placed
        )

    candidates = [
        (side, shift)
        for shift in (0, size + 2, -(size + 2), 2 * (size + 2), -2 * (size + 2))
        for side in (1, -1)
    ]
    fits = [c for c in candidates if box(*c)[0] >= area[0] and box(*c)[2] <= area[2]]
    side, shift = next((c for c in fits if free(box(*c))), fits[0] if fits else (1, 0))
    b = box(side, shift)
    placed.append(b)
    return (b[0], b[3] - 2, "start") if side > 0 else (b[2], b[3] - 2, "end")


def funnel(
    points: Sequence[FunnelPoint],
    *,
    centre: float,
    sd: float,
    uid: str,
    title: str,
    summary: str,
    unit: str,
    number: Callable[..., str] = lambda v, digits=1: f"{v:.{digits}f}",
    width: int = 480,
    height: int = 320,
    tau2: float = 0.0,
    bounds: tuple[float, float] | None = None,
    value_unit: str = "",
) -> str:
    """Value against group size with 95 % and 99.8 % control limits around the national value
    (Spiegelhalter 2005, «Funnel plots for comparing institutional performance»):
    centre ± z·√(sd²/n + tau2), tau2 the between-school variance beyond chance
    (stats.noise; 0 for the plain funnel). Every point carries its whole label in the picture,
    not only on hover, on the side of the point with room for it; `number(value, digits)`
    formats the values in the reader's language (decimal comma in Norwegian). The value axis
    never runs beyond the values possible (bounds: 0–100 for a share) and is labelled with
    round ticks; value_unit names it."""
    if not points or sd <= 0:
        return ""

    def half(z: float, n: float) -> float:
        return z * math.sqrt(sd * sd / n + tau2)

    label_size, tick_size = 13, 13  # still about 10 px when a phone shrinks the chart
    n_max = max(p.n for p in points) * 1.1
    smallest = max(2, min(p.n for p in points))
    spread = [centre - half(3.09, smallest), centre + half(3.09, smallest)]
    values = [p.value for p in points] + spread + [centre]
    pad = (max(values) - min(values)) * 0.04  # no point on the axis unless it must be
    ticks, digits = value_ticks(min(values) - pad, max(values) + pad, bounds)
    tick_texts = [number(t, digits) for t in ticks]
    left = 14 + max(_text_width(t, tick_size) for t in tick_texts)
    right, top, bottom = width - 16, 30 if value_unit else 14, height - 44
    y = _scale(ticks[0], ticks[-1], bottom, top)
    x = _scale(0, n_max, left, right)
    body = []
    for t, text in zip(ticks, tick_texts, strict=True):
        body.append(
            f'<line x1="{left}" y1="{y(t):.1f}" x2="{right}" y2="{y(t):.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 6:.1f}" y="{y(t) + 4:.1f}" text-anchor="end" '
            f'font-size="{tick_size}" fill="{INK}">{escape(text)}</text>'
        )
    body += [
        f'<line x1="{left:.1f}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{MUTED}"/>',
        f'<line x1="{left:.1f}" y1="{top}" x2="{left:.1f}" y2="{bottom}" stroke="{MUTED}"/>',
        f'<line x1="{left:.1f}" y1="{y(centre):.1f}" x2="{right}" y2="{y(centre):.1f}" '
        f'stroke="{INK}" stroke-dasharray="4 3"/>',
    ]
    if value_unit:
        body.append(
            f'<text x="4" y="{top - 12}" font-size="{tick_size}" fill="{INK}">'
            f"{escape(value_unit)}</text>"
        )
    steps = [max(2.0, n_max * k / 60) for k in range(1, 61)]
    for z, dash in ((1.96, "6 3"), (3.09, "2 3")):
        for sign in (-1, 1):
            line = " ".join(
                f"{x(n):.1f},{y(centre + sign * half(z, n)):.1f}"
                for n in steps
                if top <= y(centre + sign * half(z, n)) <= bottom
            )
            if line:
                body.append(
                    f'<polyline points="{line}" fill="none" stroke="{MUTED}" '
                    f'stroke-dasharray="{dash}"/>'
                )
    # The boxes labels must keep clear of: every point, then each label as it is placed.
    placed = [(x(p.n) - 5, y(p.value) - 5, x(p.n) + 5, y(p.value) + 5) for p in points]
    for p in sorted(points, key=lambda p: (p.n, p.value)):
        cx, cy = x(p.n), y(p.value)
        w = _text_width(p.label, label_size)
        tx, ty, anchor = _place_label(cx, cy, w, label_size, placed, (2, top, width - 2, bottom))
        body.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{ACCENT}">'
            f"<title>{escape(p.label)}: {escape(number(p.value))} ({p.n})</title></circle>"
            f'<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" font-size="{label_size}" '
            f'fill="{INK}">{escape(p.label)}</text>'
        )
    body.append(
        f'<text x="{(left + right) / 2:.0f}" y="{height - 6}" text-anchor="middle" '
        f'font-size="{tick_size + 1}" fill="{INK}">{escape(unit)}</text>'
    )
    for n in _ticks(n_max):
        body.append(
            f'<line x1="{x(n):.1f}" y1="{bottom}" x2="{x(n):.1f}" y2="{bottom + 4}" '
            f'stroke="{MUTED}"/><text x="{x(n):.1f}" y="{bottom + 18}" text-anchor="middle" '
            f'font-size="{tick_size}" fill="{INK}">{n}</text>'
        )
    return _svg(width, height, uid, title, summary, "".join(body))


@dataclass(frozen=True)
class IntervalItem:
    label: str
    value: float
    low: float | None = None
    high: float | None = None


def interval_chart(
    items: Sequence[IntervalItem],
    *,
    reference: float | None,
    uid: str,
    title: str,
    summary: str,
    width: int = 560,
    number: Callable[[float], str] = lambda v: f"{v:.1f}",
    reference_label: str = "",
) -> str:
    """One row per unit: its value with the 95 % interval, and the national value as a line
    (labelled reference_label). Units in the order given (alphabetical on pages: never a
    ranking). number: how the axis writes a value (the reader's number format)."""
    if not items:
        return ""
    # Rows close up for many units, so a large owner's chart stays within half a page.
    row, left, right, top = 22 if len(items) <= 12 else 15, 170, width - 16, 8
    extra = 14 if reference_label and reference is not None else 0  # a line for the label
    height = top * 2 + row * len(items) + 18 + extra
    values = [v for i in items for v in (i.value, i.low, i.high) if v is not None]
    if reference is not None:
        values.append(reference)
    x = _scale(min(values), max(values), left, right)
    body = []
    if reference is not None:
        body.append(
            f'<line x1="{x(reference):.1f}" y1="{top}" x2="{x(reference):.1f}" '
            f'y2="{height - 18 - extra}" stroke="{INK}" stroke-dasharray="4 3"/>'
        )
        if extra:
            body.append(
                f'<text x="{x(reference):.1f}" y="{height - 4}" text-anchor="middle" '
                f'font-size="10" fill="{INK}">{escape(reference_label)} {number(reference)}</text>'
            )
    for n, item in enumerate(items):
        y = top + row * n + row / 2
        body.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="{INK}">{escape(item.label[:28])}</text>'
        )
        if item.low is not None and item.high is not None:
            body.append(
                f'<line x1="{x(item.low):.1f}" y1="{y:.1f}" x2="{x(item.high):.1f}" '
                f'y2="{y:.1f}" stroke="{MUTED}" stroke-width="3"/>'
            )
        body.append(f'<circle cx="{x(item.value):.1f}" cy="{y:.1f}" r="4" fill="{ACCENT}"/>')
    for v in (min(values), max(values)):
        body.append(
            f'<text x="{x(v):.1f}" y="{height - 4 - extra}" text-anchor="middle" '
            f'font-size="10" fill="{INK}">{number(v)}</text>'
        )
    return _svg(width, height, uid, title, summary, "".join(body))


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """For DOCX, which cannot hold SVG: the same chart as PNG (cairosvg)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode(), scale=scale)

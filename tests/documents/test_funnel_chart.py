"""The funnel plot keeps its value axis within what is possible (0–100 for a share), labels it
with round ticks without needless decimals, and cuts no school's name at the picture's edge."""

import re

from skolekvalitet.documents import present
from skolekvalitet.documents.charts import FunnelPoint, _text_width, funnel, value_ticks

POINTS = [
    FunnelPoint("Bjørkely skule", 29, 73.9),
    FunnelPoint("Heradshaugen ungdomsskule", 125, 85.1),
    FunnelPoint("Lid skule", 8, 97.0),
]


def _chart(**more) -> str:
    return funnel(
        POINTS,
        centre=80.0,
        sd=40.0,
        uid="f",
        title="Fullført",
        summary="Sammendrag",
        unit="antall elever",
        number=lambda v, digits=1: present.number(v, digits, "nb"),
        bounds=(0, 100),
        value_unit="Andel (%)",
        **more,
    )


def _texts(svg: str) -> list[tuple[float, str, str, float]]:
    """(x, text-anchor, text, font-size) of every text in the chart."""
    return [
        (float(x), anchor or "start", text, float(size))
        for x, anchor, size, text in re.findall(
            r'<text x="([-\d.]+)" y="[-\d.]+"(?: text-anchor="(\w+)")? font-size="([\d.]+)"'
            r"[^>]*>([^<]*)</text>",
            svg,
        )
    ]


def test_a_share_never_runs_beyond_100_and_ticks_are_round():
    svg = _chart()
    ticks = [t for x, anchor, t, size in _texts(svg) if anchor == "end" and t[0].isdigit()]
    assert ticks and all("," not in t for t in ticks), ticks  # whole steps, no decimals
    assert max(int(t) for t in ticks) == 100
    assert "104" not in svg and "100,0" not in svg
    assert "Andel (%)</text>" in svg


def test_ticks_take_the_decimals_their_step_needs_and_stay_within_bounds():
    assert value_ticks(-12.0, 24.0, (0, 100)) == ([0, 5, 10, 15, 20, 25], 0)
    ticks, digits = value_ticks(3.02, 4.48, (1, 5))
    assert ticks == [3.0, 3.5, 4.0, 4.5] and digits == 1
    assert value_ticks(56.0, 104.0, (0, 100))[0][-1] == 100


def test_no_label_is_cut_at_the_edges():
    svg = _chart(width=480)
    assert "Heradshaugen ungdomsskule</text>" in svg  # the whole name, not «Heradshaugen un…»
    assert "…" not in svg
    for x, anchor, text, size in _texts(svg):
        width = _text_width(text, size)
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        assert left >= 0 and left + width <= 480, (text, x, anchor)

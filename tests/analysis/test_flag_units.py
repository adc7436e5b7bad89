"""The follow-up list's figures carry their unit («78,0 %», not «78,0, 71,0») and its years
are school years."""

from django.utils import translation


def test_flags_give_a_percentage_its_unit_and_a_year_as_its_school_year():
    from skolekvalitet.analysis.texts import flag_text
    from skolekvalitet.documents.present import NBSP
    from skolekvalitet.stats.flags import Flag

    rising = Flag("bullying_rising", {"values": [7.8, 11.0], "years": [2024, 2025]})
    falling = Flag("participation_falling", {"values": [78.0, 71.0], "years": [2024, 2025]})
    above = Flag("bullying_above_nation", {"year": 2025, "value": 12.0, "nation": 6.1})
    with translation.override("nb"):
        assert flag_text(rising, {}) == (
            f"Mobbingen øker mer enn tilfeldig: 7,8{NBSP}%, 11,0{NBSP}% (2024-25, 2025-26)"
        )
        assert f"78,0{NBSP}%, 71,0{NBSP}%" in flag_text(falling, {})
        assert flag_text(above, {}) == (
            f"Mobbing klart over landet i 2025-26: 12,0{NBSP}% mot 6,1{NBSP}%"
        )
    with translation.override("nn"):
        assert f"78,0{NBSP}%, 71,0{NBSP}%" in flag_text(falling, {})
    with translation.override("en"):
        assert "78.0%, 71.0%" in flag_text(falling, {})


def test_a_hidden_share_stands_beside_the_municipalitys_percentage():
    from types import SimpleNamespace

    from skolekvalitet.analysis.presenting import hidden_line
    from skolekvalitet.analysis.sheet import Row
    from skolekvalitet.documents.present import NBSP
    from skolekvalitet.knowledge.models import Indicator
    from skolekvalitet.stats.trends import Trend

    def figure(status: str, value: float | None = None, year: str = "2025-26"):
        shown = SimpleNamespace(status=status, value=value)
        return SimpleNamespace(status=status, year=year, shown=shown)

    hidden = figure("suppressed_by_source")
    for unit, expected in (("share", f"26,1{NBSP}%"), ("scale_points", "26,1")):
        indicator = Indicator(name_nb="Mestringsnivå 1", direction="lower", unit=unit)
        row = Row(
            indicator,
            5,
            [hidden],
            hidden,
            {"municipality": (figure("shown", 26.1), "")},
            "suppressed",
            Trend(None, None, "too few years", ()),
            None,
        )  # type: ignore[arg-type]
        with translation.override("nb"):
            line = hidden_line(row, {"value": "skjermet av Udir"})
        assert line["value"] == f"skjermet av Udir; kommunen: {expected}", unit

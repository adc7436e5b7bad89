"""The data sheet's «In short» says better and worse by each indicator's direction, never by
higher and lower alone: a larger share of pupils at the lowest mastery level is not good news."""

from django.utils import translation

from skolekvalitet.analysis.presenting import sheet_summary
from skolekvalitet.analysis.sheet import Row
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.stats.trends import Trend


def _row(name: str, direction: str, verdict: str, trend: str = "no clear trend") -> Row:
    indicator = Indicator(
        code=name.casefold().replace(" ", "_"),
        name_nb=name,
        name_nn=name,
        name_en=name,
        direction=direction,
        unit="share",
    )
    return Row(indicator, 5, [], None, {}, verdict, Trend(None, None, trend, ()), None)  # type: ignore[arg-type]


def _summary(rows: list[Row], language: str = "nb") -> str:
    with translation.override(language):
        return " | ".join(sheet_summary(rows))


def test_a_higher_share_at_the_lowest_level_is_worse_not_better():
    text = _summary(
        [
            _row("Lesing 5. trinn: mestringsnivå 1", "lower", "above"),
            _row("Lesing 5. trinn: mestringsnivå 3", "higher", "above"),
            _row("Mobbing", "lower", "below"),
        ]
    )
    better, worse = (s for s in text.split(" | ")[:2])
    assert better.startswith("Bedre enn landsnivået, mer enn tilfeldighetene kan forklare:")
    assert "mestringsnivå 3" in better and "Mobbing (5. trinn, lavere er bedre)" in better
    assert worse.startswith("Svakere enn landsnivået, mer enn tilfeldighetene kan forklare:")
    assert "mestringsnivå 1 (lavere er bedre)" in worse and "mestringsnivå 3" not in worse
    assert "over landsnivået" not in text and "under landsnivået" not in text


def test_an_indicator_without_a_better_direction_gets_its_own_group_with_its_side():
    text = _summary(
        [
            _row("Spesialundervisning", "neutral", "above"),
            _row("Mestringsnivå 2", "neutral", "below"),
        ],
        "nn",
    )
    assert text.startswith(
        "Skil seg frå landsnivået meir enn tilfeldigheitene kan forklare, der verken høgare "
        "eller lågare er betre: "
    )
    assert "Spesialundervisning (5. trinn, høgare)" in text
    assert "Mestringsnivå 2 (5. trinn, lågare)" in text
    assert "Betre enn" not in text and "Svakare enn" not in text


def test_trends_are_better_or_worse_by_direction_too():
    text = _summary(
        [
            _row("Mobbing", "lower", "no_clear_difference", "rising"),
            _row("Trivsel", "higher", "no_clear_difference", "rising"),
            _row("Spesialundervisning", "neutral", "no_clear_difference", "falling"),
        ]
    )
    assert "Blir svakere, mer enn tilfeldighetene kan forklare: Mobbing" in text
    assert "Blir bedre, mer enn tilfeldighetene kan forklare: Trivsel" in text
    assert "Spesialundervisning (5. trinn, synker)" in text
    assert "Stiger mer enn tilfeldig" not in text


def test_no_difference_beyond_noise_is_no_better_or_worse():
    text = _summary([_row("Trivsel", "higher", "no_clear_difference")])
    assert "Bedre" not in text and "Svakere" not in text
    assert "1 tall viser ingen klar forskjell fra landsnivået." in text


def test_a_verdict_says_better_or_weaker_beside_above_or_below():
    from skolekvalitet.analysis.presenting import stored_cell, verdict_text

    bullying = Indicator(name_nb="Mobbing", direction="lower", unit="share")
    with translation.override("nb"):
        assert verdict_text("above", "lower") == "klart over landsnivået (svakere)"
        assert verdict_text("below", "lower") == "klart under landsnivået (bedre)"
        assert verdict_text("above", "higher") == "klart over landsnivået (bedre)"
        assert verdict_text("above", "neutral") == "klart over landsnivået"
        assert verdict_text("no_clear_difference", "lower") == (
            "ingen klar forskjell fra landsnivået"
        )
        cell = stored_cell(bullying, ["2025-26", "shown", 12.0, "above"])
        assert cell["tone"] == "worse" and cell["text"] == "klart over landsnivået (svakere)"
    with translation.override("nn"):
        assert verdict_text("below", "higher") == "klart under landsnivået (svakare)"

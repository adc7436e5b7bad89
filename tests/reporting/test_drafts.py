"""The generated draft of a chapter says which side of the nation is the better one: «above» alone
does not say it (for bullying and the lowest mastery level, lower is better)."""

from types import SimpleNamespace

from django.utils import translation

from skolekvalitet.reporting.development import Facts
from skolekvalitet.reporting.drafts import draft


def _facts(direction: str) -> Facts:
    shown = SimpleNamespace(status="shown", value=12.5, n=400)
    latest = SimpleNamespace(year="2025-26", status="shown", shown=shown)
    return Facts(
        "Mobbing, 7. trinn",
        ["2024-25", "2025-26"],
        owner_latest=latest,
        owner_versus_nation="above",
        above=["Øvrebø skule"],
        below=["Sætre skule"],
        direction=direction,
        unit="share",
    )


def test_a_draft_says_the_weaker_and_the_better_side_and_a_shares_unit():
    with translation.override("nn"):
        text = draft([_facts("lower")])
    assert "12,5&nbsp;%, klart over landsnivået (svakare)" in text
    assert "klart over landsnivået (svakare): Øvrebø skule" in text
    assert "klart under landsnivået (betre): Sætre skule" in text
    with translation.override("nb"):
        text = draft([_facts("higher")])
    assert "klart over landsnivået (bedre): Øvrebø skule" in text
    with translation.override("nb"):
        text = draft([_facts("")])
    assert "klart over landsnivået: Øvrebø skule" in text and "(bedre)" not in text

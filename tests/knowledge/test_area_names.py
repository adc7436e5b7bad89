"""A county as a comparison area is «Fylket» (the area's figures); a county as a school owner is
the county council («Fylkeskommune»)."""

from django.utils import translation

from skolekvalitet.analysis.texts import LEVELS
from skolekvalitet.knowledge.models import Area
from skolekvalitet.organisations.models import Owner


def test_the_county_level_is_the_county_and_the_owner_is_the_county_council():
    for language in ("nb", "nn"):
        with translation.override(language):
            assert str(Area.Kind.COUNTY.label) == str(LEVELS["county"]) == "Fylket"
            assert str(Owner.Kind.COUNTY.label) == "Fylkeskommune"

"""A survey's scores are local indicators named after the survey's dimension: renaming the
dimension renames them at once on every page, not at the next round's publication."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.knowledge.models import Observation
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.surveys import actions
from skolekvalitet.surveys.models import Item


@pytest.fixture
def scored(world):
    """A closed pupils' round at school A with enough answers: its dimensions' scores stand."""
    actions.install_library(world.owner)
    year = current_school_year()
    (round_,) = actions.launch(
        world.admin,
        world.owner.instruments.get(code="pupils"),
        [world.school_a],
        "pupils",
        datetime.date(year.start_year, 8, 15),
        datetime.date(year.start_year + 1, 6, 30),
        codes=10,
    )
    scale = Item.objects.filter(dimension__instrument=round_.instrument, kind=Item.Kind.SCALE)
    for code in round_.codes.all()[:6]:
        actions.submit_code(code.code, {str(i.pk): "4" for i in scale})
    assert actions.close(world.admin, round_) > 0
    return Observation.objects.get(
        school=world.school_a, indicator__code__startswith="sa-", source_field="Trivsel og venner"
    ).indicator


def test_renaming_a_dimension_renames_its_indicator_everywhere(world, login, scored):
    dimension = world.owner.instruments.get(code="pupils").dimensions.get(
        name_nb="Trivsel og venner"
    )
    dimension.name_nb, dimension.name_nn = "Trivsel og vennskap", "Trivsel og venskap"
    actions.save_dimension(world.admin, dimension)

    scored.refresh_from_db()
    for language, name in (("nb", "Trivsel og vennskap"), ("nn", "Trivsel og venskap")):
        with translation.override(language):
            assert name in scored.name and f"«{name}»" in scored.explanation
            assert "Trivsel og venner" not in scored.name + scored.explanation
    sheet = login(world.teacher_a, "nn").get(
        reverse("data_sheet", args=["fjordvik", world.school_a.pk])
    )
    page = sheet.content.decode()
    assert "Trivsel og venskap" in page and "Trivsel og venner" not in page
    event = AuditEvent.objects.get(object_type="knowledge.indicator", object_id=str(scored.pk))
    assert event.changes["name_nn"][1].endswith("Trivsel og venskap (elevar)")


def test_the_english_explanation_is_english_whoever_published(world, scored):
    """The round was closed in Bokmål; the English texts still say who answered in English."""
    with translation.override("en"):
        assert scored.explanation.startswith("The mean of the answers from pupils (1–5)")
        assert scored.name.endswith("Trivsel og venner (pupils)")

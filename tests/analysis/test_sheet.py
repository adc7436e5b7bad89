"""The data sheet: staff questionnaires' scores reach only readers of staff results, and the
sheet opens with a summary and one section per quality area."""

import pytest
from django.urls import reverse

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.models import Indicator, Observation
from skolekvalitet.organisations.models import Membership
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import school_year_starting
from tests.conftest import _person

STAFF = "Profesjonsfellesskap: Tillit STAFFSCORE (tilsette)"
PUPILS = "Elevane si stemme: Trivsel PUPILSCORE (elevar)"


def _survey_indicator(world, code: str, name: str) -> Indicator:
    indicator = Indicator.objects.create(
        owner=world.owner,
        code=code,
        name_nb=name,
        name_nn=name,
        name_en=name,
        explanation_nb="Forklaring.",
        explanation_nn="Forklaring.",
        explanation_en="Explanation.",
        quality="process",
        source="Skolekvalitet: eigenvurdering",
        unit="index",
        direction="higher",
        threshold=5,
    )
    for start, value in ((2023, 3.1), (2024, 3.4), (2025, 3.6)):
        Observation.objects.create(
            indicator=indicator,
            school=world.school_a,
            school_year=school_year_starting(start),
            grade=0,
            subgroup="all",
            value=value,
            n=20,
            uncertainty=0.6,
            uncertainty_kind="sd",
        )
    return indicator


@pytest.fixture
def sheet_world(world):
    sync_catalogue()
    _survey_indicator(world, "sa-1-staff", STAFF)
    _survey_indicator(world, "sa-2-pupils", PUPILS)
    for role, email in ((Role.PUPIL_REP, "elevrad"), (Role.PARENT_REP, "fau")):
        person = _person(f"{email}.a@fjordvik.example", email)
        Membership.objects.create(
            person=person, owner=world.owner, school=world.school_a, role=role
        )
        setattr(world, email, person)
    return world


def _sheet(login, world, person) -> str:
    url = reverse("data_sheet", args=[world.owner.slug, world.school_a.pk])
    return login(person).get(url).content.decode()


@pytest.mark.parametrize("persona", ["elevrad", "fau"])
def test_it_hides_staff_scores_from_the_councils(sheet_world, login, persona):
    page = _sheet(login, sheet_world, getattr(sheet_world, persona))
    assert PUPILS in page
    assert STAFF not in page


@pytest.mark.parametrize("persona", ["teacher_a", "principal_a", "admin"])
def test_it_shows_staff_scores_to_readers_of_staff_results(sheet_world, login, persona):
    page = _sheet(login, sheet_world, getattr(sheet_world, persona))
    assert STAFF in page
    assert PUPILS in page


def test_it_opens_with_a_summary_and_sections_by_quality_area(sheet_world, login):
    page = _sheet(login, sheet_world, sheet_world.teacher_a)
    assert "In short" in page
    assert 'id="area-self_assessment"' in page
    assert '<details class="ds-details all-years">' in page  # all years folded away
    assert (
        "Getting better, by more than chance can explain" in page
        or "No indicator is rising" in page
    )


def test_it_refuses_a_post(sheet_world, login):
    url = reverse("data_sheet", args=[sheet_world.owner.slug, sheet_world.school_a.pk])
    assert login(sheet_world.teacher_a).post(url).status_code == 405


@pytest.mark.parametrize("persona", ["elevrad", "fau"])
def test_the_knowledge_base_hides_staff_scores_from_the_councils(sheet_world, login, persona):
    url = reverse("knowledge_base", args=[sheet_world.owner.slug, sheet_world.school_a.pk])
    page = login(getattr(sheet_world, persona)).get(url).content.decode()
    assert PUPILS in page and STAFF not in page
    assert STAFF in login(sheet_world.teacher_a).get(url).content.decode()

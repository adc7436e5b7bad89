"""Pages show the verdicts, trends and noise publishing decided for the whole owner
(knowledge/publishing.py), never their own recomputation over the schools they happen to read."""

import pytest
from django.urls import reverse

from skolekvalitet.analysis.sheet import sheet_row
from skolekvalitet.knowledge import publishing, store
from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.models import Area, Indicator, Observation, PublishedFigure
from skolekvalitet.organisations.schoolyears import school_year_starting

YEARS = range(2022, 2026)


def _figure(world, reading, year, value, school=None, area=None):
    return Observation(
        indicator=reading,
        school=school,
        area=area,
        owner=world.owner if area else None,
        school_year=school_year_starting(year),
        grade=5,
        value=value,
        n=56000 if area else 40,
        uncertainty=0.1 if area else 2.0,
        uncertainty_kind="udir",
    )


@pytest.fixture
def reading(world):
    """School A steady at 45,8 against the nation's 50; school B swinging 35/65 from year to
    year. Alone, A's steady series says «clearly below»; with B's swings the owner's noise is
    larger and the published verdict is «no clear difference»."""
    sync_catalogue()
    reading = Indicator.objects.get(code="nt5_reading", owner=None)
    nation = Area.objects.create(kind="nation", code="0", name="Hele landet")
    figures = []
    for i, year in enumerate(YEARS):
        figures.append(_figure(world, reading, year, 50.0, area=nation))
        figures.append(_figure(world, reading, year, 45.8, school=world.school_a))
        figures.append(_figure(world, reading, year, 35.0 if i % 2 else 65.0, world.school_b))
    store.write(world.admin, world.owner, figures)
    return reading


def _published(world, reading) -> PublishedFigure:
    return PublishedFigure.objects.get(
        owner=world.owner, school=world.school_a, indicator=reading, year="2025-26"
    )


def test_a_one_school_page_shows_the_verdict_and_noise_published_for_the_owner(
    world, reading, login
):
    published = _published(world, reading)
    assert published.versus_nation == "no_clear_difference"
    row = sheet_row(Chain(world.owner, [world.school_a]), world.school_a, reading, 5)
    assert row.verdict == published.versus_nation
    assert row.trend.direction == published.trend
    stored = publishing.current(world.owner).noise[str(reading.pk)]
    assert (row.noise.year.q, row.noise.year.df, row.noise.rounding) == (
        stored[0],
        stored[1],
        stored[8],
    )
    assert row.noise.year.units == 2 + 1236  # both schools and the national file
    response = login(world.principal_a).get(
        reverse("data_sheet", args=[world.owner.slug, world.school_a.pk])
    )
    codes = [r["verdict_code"] for s in response.context["body"]["sections"] for r in s["details"]]
    assert codes == ["no_clear_difference"]


def test_the_overview_shows_the_published_verdicts(world, reading, login):
    response = login(world.admin).get(reverse("overview", args=[world.owner.slug]))
    cells = {school.pk: cells for school, cells in response.context["details"]["table"]}
    assert cells[world.school_a.pk][0]["text"] == "no clear difference from the national level"


def test_raw_figures_change_no_page_until_they_are_published(world, reading, login):
    before = publishing.current(world.owner)
    changed = _figure(world, reading, 2025, 20.0, school=world.school_a)
    store.write(world.admin, world.owner, [changed], publish=False)
    client = login(world.principal_a)
    url = reverse("data_sheet", args=[world.owner.slug, world.school_a.pk])
    row = response_row(client.get(url))
    assert row["value"] == "45.8" and row["verdict_code"] == "no_clear_difference"
    assert publishing.current(world.owner) == before
    publishing.publish(world.owner)
    row = response_row(client.get(url))
    assert row["value"] == "20.0" and row["verdict_code"] == "below"


def response_row(response) -> dict:
    (row,) = [r for s in response.context["body"]["sections"] for r in s["details"]]
    return row


def test_the_pages_show_the_progress_of_a_publication_being_built(world, reading, login):
    from django.template.loader import render_to_string
    from django.utils import translation

    from skolekvalitet.knowledge.models import Publication

    building = Publication.objects.create(owner=world.owner, generation=99, total=12000, done=3000)
    client = login(world.admin)
    for url in (
        reverse("overview", args=[world.owner.slug]),
        reverse("explorer", args=[world.owner.slug]),
        reverse("data_sheet", args=[world.owner.slug, world.school_a.pk]),
    ):
        text = client.get(url).content.decode()
        assert "New figures are being published: 3000 of 12,000 (25%)" in text, url
    with translation.override("nn"):
        text = render_to_string("analysis/_publishing.html", {"publishing": building})
    assert "Nye tal blir publiserte: 3000 av 12\xa0000 (25\xa0%)" in text
    publishing.publish(world.owner)  # the next publication clears one that stopped
    assert "New figures are being published" not in client.get(url).content.decode()

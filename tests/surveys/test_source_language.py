"""A survey's figures name their source (the school, the survey, who answered, the day it
opened) in the reader's language, whatever the language of the person who closed the round:
the source is kept as data and worded when shown."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import translation

from skolekvalitet.knowledge.models import Import, PublishedFigure
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.surveys import actions
from skolekvalitet.surveys.models import Item

WORDED = {
    "nb": "Alfheim skule – Elevenes stemme, elever, 1. september {year}",
    "nn": "Alfheim skule – Stemma til elevane, elevar, 1. september {year}",
    "en": "Alfheim skule – Elevenes stemme, pupils, 1 September {year}",
}


def worded(round_) -> dict[str, str]:
    return {lang: w.format(year=round_.opens.year) for lang, w in WORDED.items()}


@pytest.fixture
def closed(world):
    """A pupils' round at school A, closed by an administrator who works in Nynorsk."""
    actions.install_library(world.owner)
    opens = datetime.date(current_school_year().start_year, 9, 1)
    (round_,) = actions.launch(
        world.admin,
        world.owner.instruments.get(code="pupils"),
        [world.school_a],
        "pupils",
        opens,
        datetime.date(opens.year + 1, 6, 30),
        codes=10,
    )
    scale = Item.objects.filter(dimension__instrument=round_.instrument, kind=Item.Kind.SCALE)
    for code in round_.codes.all()[:6]:
        actions.submit_code(code.code, {str(i.pk): "4" for i in scale})
    with translation.override("nn"):
        assert actions.close(world.admin, round_) > 0
    return round_


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_knowledge_base_words_the_source_in_the_readers_language(
    world, login, closed, language
):
    url = reverse("knowledge_base", args=["fjordvik", world.school_a.pk])
    page = login(world.principal_a, language).get(url).content.decode()
    words = worded(closed)
    assert words[language] in page
    assert not [w for lang, w in words.items() if lang != language and w in page]


def test_the_import_keeps_its_source_as_data_when_the_round_is_gone(world, closed):
    batch = Import.objects.get(format="self-assessment")
    words = worded(closed)
    closed.delete()
    for language, text in words.items():
        with translation.override(language):
            assert batch.title == text


def test_the_migration_keeps_the_source_of_imports_and_figures_from_before(world, login, closed):
    """Imports and published figures stored with a name only (before the source was kept as
    data) get their source from their round."""
    batch = Import.objects.get(format="self-assessment")
    kept = dict(batch.report)
    batch.report = {k: v for k, v in kept.items() if k != "source"}
    batch.save(update_fields=["report"])
    PublishedFigure.objects.update(source_import=None)
    keep_sources = importlib.import_module(
        "skolekvalitet.surveys.migrations.0003_import_source_as_data"
    ).keep_sources
    keep_sources(django_apps, None)
    assert Import.objects.get(pk=batch.pk).report == kept
    survey_figures = PublishedFigure.objects.filter(file_name=batch.file_name)
    assert survey_figures.exists() and not survey_figures.filter(source_import=None).exists()
    url = reverse("knowledge_base", args=["fjordvik", world.school_a.pk])
    assert worded(closed)["en"] in login(world.principal_a, "en").get(url).content.decode()

"""The one write path (knowledge/store.py) and the published figures it keeps current
(knowledge/publishing.py)."""

import re
from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import ValidationError

from skolekvalitet.knowledge import publishing, store
from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.contribution import store_contribution
from skolekvalitet.knowledge.models import (
    Area,
    Indicator,
    Observation,
    ObservationHistory,
    Publication,
    PublishedFigure,
)
from skolekvalitet.organisations.schoolyears import school_year_starting
from skolekvalitet.surveys import actions
from tests.surveys.test_surveys import _answer_all, _round

SRC = Path(__file__).parents[2] / "src" / "skolekvalitet"
WRITES = re.compile(
    r"Observation(History)?\.objects\.(create|bulk_create|bulk_update|update_or_create|"
    r"get_or_create|update)\b|Observation(History)?\(.*\)\.save\(|"
    r"Observation\.objects\.filter\([^)]*\)\.(update|delete)\("
)


def test_no_module_but_the_store_writes_observations():
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "store.py" or "migrations" in path.parts:
            continue
        text = path.read_text()
        offenders += [f"{path.relative_to(SRC)}: {m.group(0)}" for m in WRITES.finditer(text)]
        for line in text.splitlines():
            if ".delete()" in line and ("figures" in line or "Observation" in line):
                offenders.append(f"{path.relative_to(SRC)}: {line.strip()}")
    assert offenders == []


@pytest.fixture
def reading(world):
    sync_catalogue()
    return Indicator.objects.get(code="nt5_reading", owner=None)


def _figure(world, reading, value, n=40, year=2025, school=None):
    return Observation(
        indicator=reading,
        school=school or world.school_a,
        school_year=school_year_starting(year),
        grade=5,
        value=value,
        n=n,
        uncertainty=2.0,
        uncertainty_kind="udir",
    )


def _shown(world, reading):
    figure = Chain(world.owner, [world.school_a]).get(
        reading, ("school", world.school_a.pk), "2025-26", 5
    )
    return figure and figure.value


def test_a_write_publishes_a_new_generation_and_a_no_op_write_nothing(world, reading):
    store.write(world.admin, world.owner, [_figure(world, reading, 51.0)])
    first = publishing.current(world.owner)
    assert first is not None and _shown(world, reading) == 51.0
    outcome = store.write(world.admin, world.owner, [_figure(world, reading, 51.0)])
    assert outcome.changed == 0 and publishing.current(world.owner) == first
    store.write(world.admin, world.owner, [_figure(world, reading, 53.0)])
    assert publishing.current(world.owner).generation == first.generation + 1
    assert _shown(world, reading) == 53.0
    # The older generation is gone once the new one is current.
    assert set(PublishedFigure.objects.values_list("generation", flat=True)) == {
        first.generation + 1
    }


def test_pages_read_the_current_generation_while_a_new_one_is_built(world, reading, monkeypatch):
    store.write(world.admin, world.owner, [_figure(world, reading, 51.0)])
    seen = []
    insert = publishing._insert

    def insert_and_look(*args):
        insert(*args)
        seen.append(_shown(world, reading))  # a page asks while the generation is half-built

    monkeypatch.setattr(publishing, "_insert", insert_and_look)
    store.write(world.admin, world.owner, [_figure(world, reading, 57.0)])
    assert seen == [51.0]
    assert _shown(world, reading) == 57.0


def test_a_write_publishes_only_the_indicators_it_touched(world, reading):
    numeracy = Indicator.objects.get(code="nt5_numeracy", owner=None)
    other = _figure(world, reading, 48.0)
    other.indicator = numeracy
    store.write(world.admin, world.owner, [_figure(world, reading, 51.0), other])
    kept = set(PublishedFigure.objects.filter(indicator=numeracy).values_list("pk", flat=True))
    store.write(world.admin, world.owner, [_figure(world, reading, 53.0)])
    publication = publishing.current(world.owner)
    assert publication.total == PublishedFigure.objects.filter(indicator=reading).count() == 1
    assert (
        set(PublishedFigure.objects.filter(indicator=numeracy).values_list("pk", flat=True)) == kept
    )
    assert set(publication.noise) == {str(reading.pk), str(numeracy.pk)}
    chain = Chain(world.owner, [world.school_a])
    school = ("school", world.school_a.pk)
    assert chain.get(reading, school, "2025-26", 5).value == 53.0
    assert chain.get(numeracy, school, "2025-26", 5).value == 48.0


def test_publishing_everything_again_replaces_only_what_changed(world, reading):
    numeracy = Indicator.objects.get(code="nt5_numeracy", owner=None)
    other = _figure(world, reading, 48.0)
    other.indicator = numeracy
    store.write(world.admin, world.owner, [_figure(world, reading, 51.0), other])
    store.write(world.admin, world.owner, [_figure(world, reading, 53.0)], publish=False)
    assert publishing.publish(world.owner).total == 1  # all indicators worked out, one stored
    chain = Chain(world.owner, [world.school_a])
    school = ("school", world.school_a.pk)
    assert chain.get(reading, school, "2025-26", 5).value == 53.0
    assert chain.get(numeracy, school, "2025-26", 5).value == 48.0
    assert publishing.publish(world.owner) is None


def test_a_publication_that_stopped_half_way_is_never_shown(world, reading, monkeypatch):
    store.write(world.admin, world.owner, [_figure(world, reading, 51.0)])
    insert = publishing._insert

    def insert_and_stop(*args):
        insert(*args)
        raise RuntimeError("the worker stopped")

    monkeypatch.setattr(publishing, "_insert", insert_and_stop)
    store.write(world.admin, world.owner, [_figure(world, reading, 57.0)], publish=False)
    with pytest.raises(RuntimeError):
        publishing.publish(world.owner, [reading.pk])
    assert _shown(world, reading) == 51.0
    monkeypatch.setattr(publishing, "_insert", insert)
    publishing.publish(world.owner, [reading.pk])
    assert _shown(world, reading) == 57.0
    assert PublishedFigure.objects.filter(indicator=reading).count() == 1


def test_one_owners_write_never_publishes_for_another(world, reading):
    store.write(world.admin, world.owner, [_figure(world, reading, 51.0)])
    with pytest.raises(ValidationError):
        store.write(world.outsider, world.other_owner, [_figure(world, reading, 1.0)])
    nation = Area.objects.create(kind="nation", code="0", name="Hele landet")
    county = Area.objects.create(kind="county", code="03", name="Oslo")
    area = Observation(indicator=reading, area=nation, school_year=school_year_starting(2025))
    area.grade, area.value = 5, 50.0
    store.write(world.outsider, world.other_owner, [area])
    assert not Publication.objects.filter(owner=world.other_owner, finished=None).exists()
    assert (
        Chain(world.owner, [world.school_a]).get(reading, ("area", "nation"), "2025-26", 5) is None
    )
    wrong = Observation(indicator=reading, area=county, school_year=school_year_starting(2025))
    with pytest.raises(ValidationError):  # not one of the other owner's comparison areas
        store.write(world.outsider, world.other_owner, [wrong])


def test_a_changed_threshold_publishes_again(world, reading):
    store.write(world.admin, world.owner, [_figure(world, reading, 51.0, n=12)])
    assert _shown(world, reading) == 51.0
    reading.threshold = 20
    reading.save()
    assert _shown(world, reading) is None


class _Result:
    """What stats.value_added.fit_school_contribution returns, as the store reads it."""

    stage, cohorts = "5-7", ["2025-26"]

    def __init__(self, estimates):
        self.estimates = estimates

    def summary(self):
        return {}

    def tidy(self):
        return pl.DataFrame(
            self.estimates, schema=["school_id", "estimate", "n_pupils", "se"], orient="row"
        )


def test_value_added_keeps_the_history_of_every_changed_value(world):
    number = world.school_a.org_number
    store_contribution("fjordvik", _Result([(number, 1.5, 40, 0.5)]), "a.csv", "1" * 64)
    store_contribution("fjordvik", _Result([(number, 2.5, 41, 0.5)]), "b.csv", "2" * 64)
    old = ObservationHistory.objects.get()
    assert (old.value, old.n, old.source_import.file_name) == (1.5, 40, "a.csv")
    assert old.replaced_by.file_name == "b.csv" and old.observation.value == 2.5


def test_questionnaire_scores_keep_their_history_when_withdrawn(world):
    actions.install_library(world.owner)
    round_ = _round(world)
    _answer_all(round_, 6, value=4)
    assert actions.close(world.admin, round_) == 2
    other = _round(world)
    actions.designate_main(world.admin, other)  # not finished: the scores are withdrawn
    assert not Observation.objects.filter(school=world.school_a).exists()
    gone = ObservationHistory.objects.filter(removed=True)
    assert gone.count() == 2 and {h.value for h in gone} == {4.0}
    assert {h.changed_by for h in gone} == {world.admin}

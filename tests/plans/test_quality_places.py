"""Issue 19 (a user tester on the quality plan): priority areas keep the place the owner gives
them and are shown in it; a goal's grade is one the chosen indicator is measured on at one of
the owner's schools (the form offers only those); a figure an evaluation used names its grade
once, with «trinn», in the reader's language."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.frozen import figure_line
from skolekvalitet.plans.models import Priority, QualityGoal, QualityPlan
from tests.plans.helpers import words


@pytest.fixture
def quality(world):
    sync_catalogue()
    year = current_school_year()
    return QualityPlan.objects.create(
        owner=world.owner, title="Kvalitetsplan", first_year=year, last_year=year
    )


def test_priority_areas_keep_the_place_the_owner_gives(world, quality, login):
    client = login(world.admin, "nb")
    add = reverse("quality_add_priority", args=[world.owner.slug])
    for title, place in (("Lesing", ""), ("Trivsel", ""), ("Rekning", "1"), ("Digitalt", "")):
        data = {"priority-quality_plan": quality.pk, "priority-title": title}
        client.post(add, {**data, "priority-order": place})
    titles = list(quality.priorities.values_list("title", flat=True))
    assert titles == ["Rekning", "Lesing", "Trivsel", "Digitalt"]
    page = words(client.get(reverse("quality_plan", args=[world.owner.slug])))
    shown = re.findall(r"Satsingsområde: (\w+)", page)
    assert shown[:4] == titles
    trivsel = Priority.objects.get(title="Trivsel")
    edit = reverse("quality_entry_edit", args=[world.owner.slug, "priority", trivsel.pk])
    assert 'name="priority-order" value="3"' in client.get(edit).content.decode()
    client.post(
        edit,
        {"priority-quality_plan": quality.pk, "priority-title": "Trivsel", "priority-order": "1"},
    )
    titles = list(quality.priorities.values_list("title", flat=True))
    assert titles == ["Trivsel", "Rekning", "Lesing", "Digitalt"]
    assert list(quality.priorities.values_list("order", flat=True)) == [0, 1, 2, 3]


def test_a_goal_is_set_only_for_a_grade_its_indicator_is_measured_on(world, quality, login):
    priority = Priority.objects.create(quality_plan=quality, title="Læring")

    def goal(code, grade, target=50):
        return QualityGoal(
            priority=priority,
            text="Mål",
            indicator=Indicator.objects.get(code=code, owner=None),
            grade=grade,
            comparator="at_least",
            target=target,
        )

    for code, grade in (("nt5_reading", 7), ("ps_bullying", 12), ("tenfactor_1", 3)):
        with pytest.raises(ValidationError) as refused:
            actions.save_owner_item(world.admin, world.owner, goal(code, grade))
        assert "grade" in refused.value.message_dict
    actions.save_owner_item(world.admin, world.owner, goal("nt5_reading", 5))
    actions.save_owner_item(world.admin, world.owner, goal("tenfactor_1", None, 3))
    assert QualityGoal.objects.count() == 2

    page = login(world.admin, "nb").get(reverse("quality_plan", args=[world.owner.slug]))
    html = page.content.decode()
    for code, grades in (("nt5_reading", "5"), ("ps_bullying", "5 6 7 8 9 10"), ("gsp", "10")):
        pk = Indicator.objects.get(code=code, owner=None).pk
        assert re.search(rf'<option value="{pk}" data-grades="{grades}"', html), code
    assert 'data-grade-for="id_goal-indicator"' in html and "plans/grades.js" in html


def test_a_used_figure_names_its_grade_once_in_the_readers_language(world):
    from django.utils import translation

    sync_catalogue()
    reading = Indicator.objects.get(code="nt5_reading", owner=None)
    wellbeing = Indicator.objects.get(code="ps_wellbeing", owner=None)
    kept = {"year": "2025-26", "value": 48.0, "low": None, "high": None, "evaluation": "met"}
    with translation.override("nb"):
        old = figure_line({**kept, "indicator": reading.name_nn, "grade": 5})  # kept in nn
        assert old.startswith("Nasjonale prøver 5. trinn, lesing: 48,0, 2025-26")
        line = figure_line({**kept, "indicator": wellbeing.name_nb, "grade": 7})
        assert line.startswith(f"{wellbeing.name_nb}, 7. trinn: 48,0")
    assert not re.search(r"\d\.:", old + line)


def test_a_place_below_1_gives_one_message(world, quality, login):
    response = login(world.admin, "nn").post(
        reverse("quality_add_priority", args=[world.owner.slug]),
        {"priority-quality_plan": quality.pk, "priority-title": "Lesing", "priority-order": "-3"},
    )
    assert response.status_code == 400
    page = words(response)
    assert "større enn eller lik 1" in page and "større enn eller lik 0" not in page
    assert not Priority.objects.exists()

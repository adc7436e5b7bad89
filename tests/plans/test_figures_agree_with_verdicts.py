"""A goal's shown figures never contradict its verdict: a lower bound of 49,96 against a target of
«at least 50» is not rounded to "50,0" beside «not clear», on the plan page, in its export, in a
recorded evaluation and in the report's chapter on what was promised."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import translation

from skolekvalitet.documents import present
from skolekvalitet.documents.model import Document, Table
from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.models import Area, Observation
from skolekvalitet.plans.evaluation import evaluate_plan
from skolekvalitet.plans.frozen import figure_line, figures_now
from skolekvalitet.reporting.owner_chapters import _quality_goals
from tests.plans.helpers import import_reading, quality_goal, reading_plan


@pytest.mark.parametrize(
    "low, high, target, shown",
    [
        (3.96, 4.24, 4, "3,96–4,24"),  # 3,96 is not "4,0"
        (4.04, 4.24, 4, "4,04–4,24"),  # nor 4,04
        (3.5, 4.5, 4, "3,5–4,5"),  # away from the target: one decimal, as always
        (4.0, 4.2, 4, "4,0–4,2"),  # on the target, and shown so
        (4.355, 4.6, 4.36, "4,355–4,600"),  # "4,4" would put it above 4,36
        (3.96, 4.24, None, "4,0–4,2"),  # no target: the usual decimals
    ],
)
def test_an_interval_keeps_each_bound_on_its_side_of_the_target(low, high, target, shown):
    assert present.interval(low, high, language="nb", target=target) == shown


def test_a_figure_without_an_interval_keeps_its_side_too():
    assert present.figure(49.96, target=50, language="nb") == "49,96"
    assert present.figure(49.96, language="nb") == "50,0"


@pytest.fixture
def plan(world):
    """A criterion «at least 50» whose school figure is 51,1 (49,96–52,24): not clear."""
    plan, criterion = reading_plan(world)
    import_reading(world, plan.school_year.code, "51,1", "1,14")
    assert evaluate_plan(plan)[criterion.pk].evaluation == "not clear"
    return plan


def test_the_plan_page_and_its_export_show_the_bound_below_the_target(world, plan, login):
    args = ["fjordvik", world.school_a.pk, plan.school_year.code]
    client = login(world.principal_a, "nn")
    page = client.get(reverse("plan_detail", args=args)).content.decode()
    assert "51,1 (49,96–52,24)" in page and "50,0" not in page
    word = client.get(reverse("plan_export", args=[*args, "docx"]))
    cells = [
        c.text
        for t in docx.Document(io.BytesIO(word.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert any("51,1 (49,96–52,24)" in c for c in cells)


def test_a_recorded_evaluation_shows_the_bound_below_the_target(plan):
    (used,) = figures_now(plan)
    with translation.override("nb"):
        assert "51,1 (49,96–52,24)" in figure_line(used)
        # The target said, so two criteria on one indicator are told apart.
        assert f"(mål: minst {present.target(used['target'], used['unit'])}):" in figure_line(used)


def test_the_report_shows_the_owners_bound_below_the_target(world):
    sync_catalogue()
    goal = quality_goal(world.owner, "Fleire les godt", "nt5_reading", 5, "at_least", 50)
    goal.save()
    Observation.objects.create(
        indicator=goal.indicator,
        area=Area.objects.create(kind="municipality", code="4699", name="Fjordvik"),
        owner=world.owner,
        school_year=goal.priority.quality_plan.first_year,
        grade=5,
        value=51.1,
        n=400,
        uncertainty=1.14,
        uncertainty_kind="udir",
    )
    doc = Document("Kvalitetsmelding", "nn", "")
    chain = Chain(world.owner, world.owner.schools.all())
    with translation.override("nn"):
        _quality_goals(goal.priority.quality_plan, chain, doc)
    (table,) = [b for b in doc.flat() if isinstance(b, Table)]
    (row,) = table.rows
    assert row[5].startswith("51,1 (49,96–52,24)")
    assert row[6] == "uklart: målet ligg innanfor uvissa"

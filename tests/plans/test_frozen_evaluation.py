"""A recorded milestone evaluation keeps the figures it used: the plan page and its PDF and
DOCX show them as they were, while the criteria themselves follow new data."""

import datetime
import io

import docx
import pytest
from django.urls import reverse

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import Criterion, Goal, Milestone
from tests.plans.helpers import on_indicator


def _tidy(school, year, value):
    return (
        "indicator;unit_kind;unit_code;school_year;grade;value;n;uncertainty;uncertainty_kind\n"
        f"nt5_reading;school;{school.org_number};{year};5;{value};40;2,5;udir\n"
    ).encode()


@pytest.fixture
def plan(world):
    sync_catalogue()
    plan = actions.create_plan(world.principal_a, world.school_a, current_school_year())
    goal = Goal.objects.create(focus_area=plan.focus_areas.first(), text="Betre lesing")
    criterion = Criterion(
        goal=goal, kind="indicator", **on_indicator("nt5_reading", 5, "at_least", 50)
    )
    actions.save_item(world.principal_a, plan, criterion)
    year = plan.school_year.code
    apply_import(None, plan_import(world.owner, _tidy(world.school_a, year, "56,4"), "a.csv"))
    return plan


def test_it_keeps_the_figures_a_milestone_evaluation_used(world, plan, login):
    year = plan.school_year
    milestone = Milestone(
        plan=plan,
        title="Haustevaluering",
        date=datetime.date(year.start_year, 12, 1),
        kind="interim",
    )
    actions.save_item(world.principal_a, plan, milestone)
    milestone.evaluation, milestone.verdict = "Vi las meir.", "met"
    actions.save_item(world.principal_a, plan, milestone)
    apply_import(None, plan_import(world.owner, _tidy(world.school_a, year.code, "41,2"), "b.csv"))

    args = ["fjordvik", world.school_a.pk, year.code]
    page = login(world.principal_a, "nb").get(reverse("plan_detail", args=args)).content.decode()
    used = page[page.index(f'id="used-{milestone.pk}"') :]
    used = used[: used.index("</div>")]
    assert "56,4" in used and "41,2" not in used
    assert "41,2" in page  # the criterion itself follows the new data
    word = login(world.principal_a, "nb").get(reverse("plan_export", args=[*args, "docx"]))
    cells = [
        c.text
        for t in docx.Document(io.BytesIO(word.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert any("56,4" in c for c in cells) and any("41,2" in c for c in cells)

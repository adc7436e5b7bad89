"""A recorded milestone evaluation keeps the figures it used: the plan page and its PDF and
DOCX show them as they were, while the criteria themselves follow new data."""

import datetime
import io

import docx
import pytest
from django.urls import reverse

from skolekvalitet.plans import actions
from skolekvalitet.plans.models import Milestone
from tests.plans.helpers import import_reading, reading_plan


@pytest.fixture
def plan(world):
    plan, _criterion = reading_plan(world)
    import_reading(world, plan.school_year.code, "56,4", "2,5")
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
    import_reading(world, year.code, "41,2", "2,5", "b.csv")

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

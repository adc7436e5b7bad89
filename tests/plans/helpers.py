"""What the plans' tests share: a page's words, a target on a catalogue indicator, a year's
reading measure and mid-year milestone, a quality plan with a goal on an indicator."""

import datetime
import re

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.importing import apply_import, plan_import
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import (
    Criterion,
    Goal,
    Measure,
    Milestone,
    Priority,
    QualityGoal,
    QualityPlan,
)


def words(response) -> str:
    """A page's text as a reader reads it: no tags, one space between words (a word marked
    inline, as removed or added, is no word apart)."""
    text = re.sub(r"</?(del|ins|strong|em)>", "", response.content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def on_indicator(code: str, grade: int | None, comparator: str, target: float) -> dict:
    """A criterion's or a quality goal's target on the catalogue's indicator `code`."""
    return {
        "indicator": Indicator.objects.get(code=code, owner=None),
        "grade": grade,
        "comparator": comparator,
        "target": target,
    }


def measure_and_milestone(plan, goal, responsible, title: str) -> None:
    """A measure for the plan's school year (1 September to 1 June) and the mid-year milestone
    «Halvårsvurdering» on 1 December."""
    start = plan.school_year.start_year
    Measure.objects.create(
        goal=goal,
        title=title,
        responsible=responsible,
        start=datetime.date(start, 9, 1),
        end=datetime.date(start + 1, 6, 1),
    )
    Milestone.objects.create(
        plan=plan, title="Halvårsvurdering", kind="interim", date=datetime.date(start, 12, 1)
    )


def quality_goal(owner, text: str, code: str, grade: int, comparator: str, target: float):
    """A goal, not yet saved, on the indicator `code` in the priority area «Trivsel» of a new
    quality plan for this school year."""
    year = current_school_year()
    quality = QualityPlan.objects.create(
        owner=owner, title="Kvalitetsplan", first_year=year, last_year=year
    )
    priority = Priority.objects.create(quality_plan=quality, title="Trivsel")
    return QualityGoal(
        priority=priority, text=text, **on_indicator(code, grade, comparator, target)
    )


def import_reading(world, year: str, value: str, uncertainty: str, name: str = "a.csv") -> None:
    """School A's national-test reading figure for 5th grade, imported through the tidy template
    with its published error (Norwegian decimals, as a file has them)."""
    figures = (
        "indicator;unit_kind;unit_code;school_year;grade;value;n;uncertainty;uncertainty_kind\n"
        f"nt5_reading;school;{world.school_a.org_number};{year};5;{value};40;{uncertainty};udir\n"
    ).encode()
    apply_import(None, plan_import(world.owner, figures, name))


def reading_plan(world):
    """School A's plan this year with a goal whose criterion is 5th-grade reading at least 50;
    (plan, criterion)."""
    sync_catalogue()
    plan = actions.create_plan(world.principal_a, world.school_a, current_school_year())
    goal = Goal.objects.create(focus_area=plan.focus_areas.first(), text="Betre lesing")
    criterion = Criterion(
        goal=goal, kind="indicator", **on_indicator("nt5_reading", 5, "at_least", 50)
    )
    actions.save_item(world.principal_a, plan, criterion)
    return plan, criterion

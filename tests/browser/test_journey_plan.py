"""A principal copies last year's development plan, adds a goal with an indicator-linked
criterion and submits; the owner approves. Every page passes axe."""

import re

from skolekvalitet.demo import build_demo
from skolekvalitet.organisations.models import School
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans.models import DevelopmentPlan
from tests.browser.test_journey_school_people import _log_in


def test_it_takes_a_plan_from_last_year_to_approval(pages, transactional_db):
    build_demo()
    school = School.objects.get(name="Granhaug skule")
    year = current_school_year()
    DevelopmentPlan.objects.filter(school=school, school_year=year).delete()
    page = pages.page

    _log_in(pages, "rektor.granhaug@demo.example", "demo", language="en")
    pages.goto(f"/o/demo/schools/{school.pk}/plans/")
    page.get_by_role("button", name=f"Start the plan for {year.code} from last year's").click()
    pages.settle()
    goal_form = page.locator("form[action*='/edit/goal/']")
    goal_form.get_by_label("Focus area").select_option(index=2)
    goal_form.get_by_role("textbox", name="Goal").fill("Elevane opplever meir støtte frå lærarane")
    goal_form.get_by_role("button", name="Add").click()
    pages.settle()
    form = page.locator("form[action*='/edit/criterion/']")
    form.get_by_label(re.compile("^Goal")).select_option(
        label="Elevane opplever meir støtte frå lærarane"
    )
    form.get_by_label("Kind").select_option("indicator")
    form.get_by_label("Indicator").select_option(label="Teacher support")
    form.get_by_label("Grade").select_option("7")
    form.get_by_label("At least or at most").select_option("at_least")
    form.get_by_label("Target value").fill("4.2")
    form.get_by_role("button", name="Add").click()
    pages.settle()
    assert "Saved." in page.content()
    page.get_by_role("link", name="See the whole plan").click()
    pages.settle()
    assert "Teacher support" in page.content()
    page.get_by_role("button", name="Submit to the owner").click()
    pages.settle()
    assert "Submitted to the owner" in page.content()
    page.get_by_role("button", name="Log out").click()

    _log_in(pages, "admin@demo.example", "demo", language="en")
    pages.goto(f"/o/demo/schools/{school.pk}/plans/{year.code}/")
    page.get_by_role("button", name="Approve the plan").click()
    pages.settle()
    assert DevelopmentPlan.objects.get(school=school, school_year=year).status == "approved"
    pages.goto(f"/o/demo/schools/{school.pk}/plans/{year.code}/versions/")
    pages.goto(f"/o/demo/schools/{school.pk}/spot-checks/")

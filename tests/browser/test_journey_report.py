"""The owner writes the status report, makes a PDF with a progress bar, marks it final and
publishes it; the public page passes axe."""

from skolekvalitet.organisations.demo import build_demo
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.reporting.models import StatusReport
from tests.browser.test_journey_school_people import _log_in


def test_it_takes_the_report_from_draft_to_the_public_web(
    pages, transactional_db, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    build_demo()
    year = current_school_year().code
    page = pages.page
    _log_in(pages, "admin@demo.example", "demo", language="en")
    pages.goto(f"/o/demo/reports/{year}/")
    page.get_by_label("The owner's assessment").fill(
        "<p>Skulane arbeider godt med lesing.<script>alert(1)</script></p>"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    pages.settle()
    assert "alert(1)" not in page.get_by_label("The owner's assessment").input_value()
    page.get_by_role("button", name="PDF").click()
    pages.settle()
    assert page.locator("progress").get_attribute("value") == "100"
    assert page.get_by_role("link", name="Download the file").count() == 1
    pages.goto(f"/o/demo/reports/{year}/")
    page.get_by_role("button", name="Mark as final").click()
    pages.settle()
    page.get_by_role("button", name="Publish").click()
    pages.settle()
    page.get_by_role("button", name="Make public on the web").click()
    pages.settle()
    assert (
        StatusReport.objects.get(owner__slug="demo", school_year__code=year).status == "published"
    )
    page.get_by_role("button", name="Log out").click()
    pages.goto(f"/report/demo/{year}/")
    assert "Skulane arbeider godt med lesing." in page.content()

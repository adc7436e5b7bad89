"""The report's editor keeps what is typed (user test): the preview button saves it first, leaving
by a link with unsaved text asks, and typing at the start of a draft just taken in goes into a
paragraph, not into the draft's heading."""

from skolekvalitet.demo import build_demo
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.reporting.models import StatusReport
from tests.browser.test_journey_school_people import _log_in

CHAPTER = "National tests, 5th grade: Our assessment"


def test_the_editor_keeps_the_typed_text(pages, transactional_db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    build_demo()
    year = current_school_year().code
    report = StatusReport.objects.get(owner__slug="demo", school_year__code=year)
    page = pages.page
    _log_in(pages, "admin@demo.example", "demo", language="en")
    pages.goto(f"/o/demo/reports/{year}/")

    # Take the draft in, then type at the start of the text: a paragraph before its heading.
    draft = page.locator("details.draft", has=page.locator('button[formaction*="/drafts/nt5/"]'))
    draft.locator("summary").click()
    draft.get_by_role("button", name=f"Use the draft: {CHAPTER}").click()
    pages.settle()
    assert page.locator('button[formaction*="/drafts/nt5/"]').count() == 0  # taken in once
    page.get_by_text(CHAPTER, exact=True).click()  # the label: the caret at the text's start
    page.keyboard.type("Vi meiner lesinga går godt.")

    # Leaving by a link asks first; staying keeps the text.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Versions and changes").click()
    assert asked == ["beforeunload"]
    assert "/versions/" not in page.url

    # The preview button saves it, then shows it.
    page.get_by_role("button", name="Preview in Bokmål").click()
    pages.settle()
    assert page.url.endswith("/preview/?lang=nb")
    assert page.locator("article.report").get_attribute("lang") == "nb"
    assert "Vi meiner lesinga går godt." in page.locator("article.report").inner_text()
    html = report.narratives.get(key="a_nt5").html
    assert html.startswith("<p>Vi meiner lesinga går godt.</p><h3>Kva tala viser</h3>")

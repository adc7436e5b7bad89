"""The published status report for its readers on a 390 px phone and at 1366 px: the public page
in Bokmål and Nynorsk and the politician's preview and summary never scroll sideways (the
report's tables scroll in their own region), pass axe, and offer the whole report as PDF and
Word once it is made."""

from skolekvalitet.demo import build_demo
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.reporting.published import last_published_version
from skolekvalitet.reporting.tasks import make_published_files
from tests.browser.test_journey_school_people import _log_in

SIZES = ({"width": 1366, "height": 900}, {"width": 390, "height": 844})
WIDE_TABLES = """[...document.querySelectorAll('article.report .table-wrap')]
    .filter(b => b.scrollWidth > b.clientWidth).length"""


def _fits(page) -> None:
    fits = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(fits), f"{page.url} scrolls sideways at {page.viewport_size['width']} px"


def test_the_public_report_fits_a_phone_in_both_languages(
    pages, transactional_db, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    build_demo()
    report = StatusReport.objects.get(owner__slug="demo", status="published", public=True)
    # Its files made beforehand, as the worker does after publishing: made during a page's
    # request here (tasks run at once in tests), they could outlast the browser's timeout.
    make_published_files(last_published_version(report).pk)
    page = pages.page
    for size in SIZES:
        page.set_viewport_size(size)
        for language, word in (("nb", "Innhold"), ("nn", "Innhald")):
            pages.goto(f"/report/demo/{report.school_year.code}/?lang={language}")
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator("article.report").get_attribute("lang") == language
            assert word in page.locator("article.report").inner_text()
            _fits(page)
            if size["width"] == 390:  # wide tables scroll in their region instead
                assert page.evaluate(WIDE_TABLES) > 0
                # and a chart keeps a readable size (its school names were 4 px high), scrolling
                narrowest = "Math.min(...[...document.querySelectorAll('article.report svg.chart')]"
                assert (
                    page.evaluate(f"{narrowest}.map(c => c.getBoundingClientRect().width))") >= 500
                )
    page.get_by_role("link", name="Bokmål").click()
    pages.settle()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    assert download.value.suggested_filename.endswith("-v1-nb.pdf")

    _log_in(pages, "politikar@demo.example", "demo")
    year = report.school_year.code
    for size in SIZES:
        page.set_viewport_size(size)
        for path in (f"/o/demo/reports/{year}/preview/", f"/o/demo/reports/{year}/summary/"):
            pages.goto(path)
            assert page.get_by_role("link", name="Word (DOCX)").count() == 1
            _fits(page)

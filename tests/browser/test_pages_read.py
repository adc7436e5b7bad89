"""Pages a head of education and a principal read without help, at 1366 px and on a 390 px
phone: the data sheet's summary and sections, the catalogue's search, no sideways scrolling, and
a main menu that folds on a phone. axe runs on every page visited (pages.goto)."""

from playwright.sync_api import expect

from skolekvalitet.demo import build_demo
from skolekvalitet.dialogues.models import Meeting
from skolekvalitet.organisations.models import School
from skolekvalitet.reporting.models import StatusReport
from tests.browser.test_journey_school_people import _log_in

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def test_it_gives_the_data_sheet_a_summary_and_sections(pages, transactional_db):
    build_demo()
    school = School.objects.get(name="Nordvik skule")
    page = pages.page
    _log_in(pages, "rektor.nordvik@demo.example", "demo")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        pages.goto(f"/o/demo/schools/{school.pk}/sheet/")
        assert page.get_by_role("heading", name="Kort fortalt").is_visible()
        assert page.locator("section.sheet-area h2").count() >= 3
        all_years = page.locator("details.all-years").first
        assert all_years.get_attribute("open") is None
        first_detail = all_years.locator("table").first
        assert not first_detail.is_visible()
        all_years.locator("summary").click()
        expect(first_detail).to_be_visible()
        pages.axe()
        _no_sideways_scroll(page)


def test_it_finds_an_indicator_by_a_word_of_its_explanation(pages, transactional_db):
    build_demo()
    page = pages.page
    _log_in(pages, "admin@demo.example", "demo")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        pages.goto("/o/demo/indicators/")
        page.get_by_label("Søk i indikatorane").fill("elevgrunnlaget")
        page.get_by_role("button", name="Søk", exact=True).click()
        pages.settle()
        found = page.locator(".catalogue-item")
        assert found.count() == 1
        assert "foreldre med høgare utdanning" in found.first.inner_text()
        assert found.first.is_visible()
        _no_sideways_scroll(page)


def test_it_fits_a_phone_and_folds_the_menu(pages, transactional_db):
    build_demo()
    school = School.objects.get(name="Nordvik skule")
    meeting = Meeting.objects.filter(school=school).order_by("pk").first()
    report = StatusReport.objects.filter(owner__slug="demo").order_by("pk").first()
    page = pages.page
    _log_in(pages, "admin@demo.example", "demo")
    page.set_viewport_size(PHONE)
    for path in (
        "/o/demo/overview/",
        "/o/demo/people/",
        f"/o/demo/schools/{school.pk}/meetings/{meeting.pk}/",
        f"/o/demo/reports/{report.school_year.code}/",
    ):
        pages.goto(path)
        _no_sideways_scroll(page)
    menu = page.get_by_role("navigation", name="Hovudmeny")
    people = menu.get_by_role("link", name="Personar")
    assert not people.is_visible()
    toggle = menu.locator("summary")
    assert toggle.bounding_box()["height"] >= 44
    toggle.click()
    expect(people).to_be_visible()
    assert people.bounding_box()["height"] >= 44
    pages.axe()
    page.set_viewport_size(DESKTOP)
    pages.goto("/o/demo/overview/")
    assert menu.get_by_role("link", name="Personar").is_visible()
    assert not menu.locator("summary").is_visible()

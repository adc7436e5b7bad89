"""Issue 17: on a 360 px phone the pupils' form opens in the school's language, the 1–5 scale is
one row of five targets of at least 44 px, nothing scrolls sideways, and the free-text notice
stands above the text box. Checked with axe."""

from skolekvalitet.surveys.models import Item
from tests.browser.test_journey_school_people import _log_in
from tests.conftest import PASSWORD
from tests.surveys.test_surveys import _round

PHONE = {"width": 360, "height": 740}


def test_the_scale_fits_one_row_on_a_phone(pages, world, transactional_db):
    world.owner.default_language = "nn"
    world.owner.save()
    round_ = _round(world)
    page = pages.page
    page.set_viewport_size(PHONE)
    pages.goto(f"/answer/{round_.codes.first().code}/")
    assert page.locator("html").get_attribute("lang") == "nn"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    scale = Item.objects.filter(dimension__instrument=round_.instrument, kind=Item.Kind.SCALE)
    for item in scale[:3]:
        boxes = [page.locator(f"label[for='q-{item.pk}-{v}']").bounding_box() for v in "12345"]
        assert len({round(b["y"]) for b in boxes}) == 1, boxes  # one row
        assert all(b["width"] >= 44 and b["height"] >= 44 for b in boxes), boxes
        assert boxes[-1]["x"] + boxes[-1]["width"] <= PHONE["width"]
        page.locator(f"label[for='q-{item.pk}-4']").click()
        assert page.locator(f"#q-{item.pk}-4").is_checked()

    text = Item.objects.filter(dimension__instrument=round_.instrument, kind=Item.Kind.TEXT)[0]
    note = page.locator(f"#q-{text.pk}-who")
    assert "Ikkje skriv namn" in note.inner_text()
    box = page.locator(f"textarea[name='q-{text.pk}']").bounding_box()
    assert note.bounding_box()["y"] < box["y"]
    page.get_by_role("button", name="Send svara mine").click()
    pages.settle()


def test_an_administrator_designates_the_main_round_and_chooses_a_language(
    pages, world, transactional_db
):
    first, late = _round(world), _round(world, codes=5)
    _log_in(pages, world.admin.email, PASSWORD, language="en")
    page = pages.page
    pages.goto(f"/o/fjordvik/schools/{world.school_a.pk}/surveys/{late.pk}/")
    assert "This is not the year's main round" in page.content()
    page.get_by_role("button", name="Make this the year's main round").click()
    pages.settle()
    late.refresh_from_db()
    first.refresh_from_db()
    assert late.main and not first.main

    page.context.clear_cookies(name="django_language")
    pages.goto("/accounts/language/")
    # English, as chosen in the header before logging in and saved for the person since
    page.locator("#id_language").select_option("nn")
    page.get_by_role("button", name="Save").click()
    pages.settle()
    assert page.locator("html").get_attribute("lang") == "nn"
    world.admin.refresh_from_db()
    assert world.admin.language == "nn"

"""Issue 17, taking part: the union representative logs in on a 390 px phone, finds dialogue 3
on the start page, reads its pack and sends a comment, which the pack then shows marked by
role. No sideways scrolling; axe on every page."""

from skolekvalitet.demo import build_demo
from skolekvalitet.dialogues.models import Contribution, Meeting
from skolekvalitet.organisations.schoolyears import current_school_year
from tests.browser.test_journey_school_people import _log_in

PHONE = {"width": 390, "height": 844}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_the_union_rep_reads_the_pack_of_dialogue_3_and_comments_on_a_phone(
    pages, transactional_db
):
    build_demo()
    third = (
        Meeting.objects.filter(
            school__name="Nordvik skule",
            event__kind="dialogue",
            event__cycle__school_year=current_school_year(),
        )
        .order_by("-event__starts")
        .select_related("event")
        .first()
    )
    page = pages.page
    page.set_viewport_size(PHONE)
    _log_in(pages, "tillitsvald.nordvik@demo.example", "demo")  # the owner's Nynorsk
    _fits(page)
    page.get_by_role("link", name=f"{third.event.name} – Nordvik skule").first.click()
    pages.settle()
    _fits(page)
    assert page.get_by_role("heading", name="Møtepakke").is_visible()
    page.get_by_label("Innspelet ditt til møtet").fill("Tillitsvalde ønskjer meir tid til lesing.")
    page.get_by_role("button", name="Send innspelet ditt som").click()
    pages.settle()
    _fits(page)
    (given,) = Contribution.objects.filter(meeting=third)
    assert given.role == "union_rep"
    section = page.locator("section[aria-labelledby=input-h]")
    assert "Tillitsvalde ønskjer meir tid til lesing." in section.inner_text()
    pack = page.locator(".pack").inner_text()
    assert "Tillitsvalde ønskjer meir tid til lesing." in pack


def test_the_owner_switches_year_and_carries_last_years_task_over(pages, transactional_db):
    from skolekvalitet.dialogues.models import Task

    build_demo()
    # The demo's last year is complete; leave one of its tasks unfinished.
    last = (
        Meeting.objects.filter(event__cycle__school_year__code__lt=current_school_year().code)
        .select_related("event")
        .order_by("-event__starts")
        .first()
    )
    Task.objects.create(
        meeting=last,
        title="Gå gjennom leselista med lærarane",
        responsible=last.school.memberships.filter(role="principal").first().person,
        deadline=last.event.ends,
        status="doing",
    )
    page = pages.page
    _log_in(pages, "admin@demo.example", "demo", language="en")
    pages.goto("/o/demo/cycle/")
    assert "Unfinished from earlier years" in page.content()
    page.get_by_role("button", name="Carry over: Gå gjennom leselista med lærarane").click()
    pages.settle()
    assert "Carried over to this year's cycle." in page.content()
    carried = Task.objects.filter(title="Gå gjennom leselista med lærarane")
    assert {t.meeting.event.cycle.school_year for t in carried} >= {current_school_year()}
    page.locator("#year-switch").select_option(index=1)
    page.get_by_role("button", name="Show the year").click()
    pages.settle()
    assert "Unfinished from earlier years" not in page.content()
    pages.goto("/accounts/settings/")
    page.get_by_label("Once a day, in one e-mail").check()
    page.get_by_role("button", name="Save").click()
    pages.settle()
    assert "Your settings were saved." in page.content()

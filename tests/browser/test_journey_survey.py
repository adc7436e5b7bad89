"""A principal launches the PLC instrument for staff and a pupil questionnaire with 30 codes;
6 staff and 25 pupils answer (some on a phone-sized screen); the principal sees results with
intervals and the free text; a school with 4 answers shows "too few answers"; the dimension
scores reach the data sheet. Every page checked with axe."""

import datetime

from django.utils import timezone

from skolekvalitet.demo import build_demo
from skolekvalitet.organisations.models import School
from skolekvalitet.surveys.models import Response, Round
from tests.browser.test_journey_school_people import _log_in

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _launch(pages, school, instrument: str, audience: str, codes: str = "") -> Round:
    page = pages.page
    pages.goto(f"/o/demo/schools/{school.pk}/surveys/")
    page.get_by_label("Instrument").select_option(label=instrument)
    page.get_by_label("Audience").select_option(audience)
    today = timezone.localdate()
    page.get_by_label("Opens").fill(today.isoformat())
    page.get_by_label("Closes").fill((today + datetime.timedelta(days=14)).isoformat())
    if codes:
        page.get_by_label("Number of codes").fill(codes)
    page.get_by_role("button", name="Launch").click()
    pages.settle()
    assert "The questionnaire was launched." in page.content()
    return Round.objects.filter(school=school).order_by("-pk").first()


def _choose_everywhere(page, value: str) -> None:
    for radio in page.locator(f"input[type=radio][value='{value}']").all():
        radio.check()


def test_it_runs_a_self_assessment_round(pages, transactional_db):
    build_demo()
    school = School.objects.get(name="Bjørkely skule")
    page = pages.page
    page.set_viewport_size(DESKTOP)

    _log_in(pages, "rektor.bjorkely@demo.example", "demo", language="en")
    staff_round = _launch(pages, school, "Profesjonelt lærende fellesskap", "staff")
    pupil_round = _launch(pages, school, "Elevenes stemme", "pupils", "30")
    pages.goto(f"/o/demo/schools/{school.pk}/surveys/{pupil_round.pk}/codes/")
    codes = page.locator("code.code").all_inner_texts()
    assert len(codes) == 30
    page.get_by_role("button", name="Log out").click()

    staff = ["inspektor", "laerar1", "laerar2", "laerar3", "laerar4", "tillitsvald"]
    for n, who in enumerate(staff):
        page.set_viewport_size(PHONE if n % 2 else DESKTOP)
        _log_in(pages, f"{who}.bjorkely@demo.example", "demo")
        path = f"/o/demo/schools/{school.pk}/surveys/{staff_round.pk}/answer/"
        page.goto(pages.base_url + path)
        if n == 0:
            pages.axe()
            _choose_everywhere(page, "3")
            page.get_by_role("button", name="Save and continue later").click()
            pages.settle()
            assert page.locator("input[value='3']:checked").count() > 10
        _choose_everywhere(page, str(3 + n % 3))
        page.locator("textarea").first.fill(f"Idé {n}: meir kollegabesøk")
        page.get_by_role("button", name="Send my answers").click()
        pages.settle()
        page.get_by_role("button", name="Log out").click()
    assert Response.objects.filter(round=staff_round).count() == 6

    for n, code in enumerate(codes[:25]):
        page.set_viewport_size(PHONE if n % 3 == 0 else DESKTOP)
        page.goto(pages.base_url + "/answer/")
        if n == 0:
            pages.axe()
        page.get_by_label("Your code").fill(code)
        page.get_by_role("button", name="Start").click()
        page.wait_for_load_state()
        if n == 0:
            pages.axe()
        _choose_everywhere(page, str(2 + n % 4))
        if n % 5 == 0:
            page.locator("textarea").first.fill("Kjekke friminutt")
        page.get_by_role("button", name="Send my answers").click()
        page.wait_for_load_state()
        assert "Thank you!" in page.content()
    page.goto(pages.base_url + f"/answer/{codes[0]}/")
    assert "cannot be used" in page.content()

    page.set_viewport_size(DESKTOP)
    _log_in(pages, "rektor.bjorkely@demo.example", "demo", language="en")
    for round_ in (staff_round, pupil_round):
        pages.goto(f"/o/demo/schools/{school.pk}/surveys/{round_.pk}/")
        page.get_by_role("button", name="Close the round and publish the scores").click()
        pages.settle()
    assert "Kjekke friminutt" in page.content()
    assert "25 of 30 have answered (83 %)" in page.content()
    assert page.locator("caption", has_text="Trivsel og venner").count() == 1
    pages.goto(f"/o/demo/schools/{school.pk}/surveys/{staff_round.pk}/")
    content = page.content()
    assert "6 of 8 have answered" in content and "meir kollegabesøk" in content
    assert "95 % interval" in content

    page.get_by_role("button", name="Log out").click()
    few = Round.objects.filter(
        school__name="Heradshaugen ungdomsskule", closed=True, audience="staff"
    )
    _log_in(pages, "admin@demo.example", "demo", language="en")
    pages.goto(f"/o/demo/schools/{few.first().school_id}/surveys/{few.order_by('-opens')[0].pk}/")
    assert "Too few answers" in page.content()
    pages.goto(f"/o/demo/schools/{school.pk}/sheet/")
    assert "Delte verdier og visjon" in page.content()
    assert pages.problems == []

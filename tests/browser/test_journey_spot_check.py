"""Issue 17, chapter 12 spot check: a principal finds the owner's spot check from the school page,
answers a finding, makes it a measure in the plan and a follow-up agreement with one click each,
follows the agreement back to the finding and reads the results in the dialogue's pack. Every
page passes axe and fits 1366 px and a 390 px phone without sideways scrolling."""

import datetime

from skolekvalitet.dialogues import actions as dialogues
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans import actions
from skolekvalitet.plans.models import Goal, SpotCheck, SpotCheckCase, SpotCheckFinding
from tests.browser.test_journey_import import _fits
from tests.browser.test_journey_school_people import _log_in
from tests.conftest import PASSWORD


def _spot_check(world) -> SpotCheckFinding:
    year = current_school_year()
    dialogues.create_cycle(world.admin, world.owner, year)
    plan = actions.create_plan(world.principal_a, world.school_a, year)
    Goal.objects.create(focus_area=plan.focus_areas.last(), text="Alle elevar er trygge")
    check = SpotCheck.objects.create(
        school=world.school_a, school_year=year, date=datetime.date(year.start_year, 10, 1)
    )
    SpotCheckCase.objects.create(
        spot_check=check,
        label="Sak 1",
        **dict.fromkeys(SpotCheckCase.STEPS, "ok") | {"evaluation": "missing"},
    )
    return SpotCheckFinding.objects.create(
        spot_check=check,
        requirement="evaluation",
        finding="Tiltaksplanen i sak 1 seier ikkje når tiltaka skal evaluerast.",
    )


def test_a_principal_answers_a_finding_and_follows_it_up(pages, world):
    finding = _spot_check(world)
    page = pages.page
    _log_in(pages, world.principal_a.email, PASSWORD, language="nb")
    pages.goto(f"/o/{world.owner.slug}/schools/{world.school_a.pk}/")
    page.get_by_role("link", name="Stikkprøver, kapittel 12 (tidligere 9A)").click()
    pages.settle()
    assert "tidligere kapittel 9A" in page.locator("h1").inner_text()
    assert "§ 12-4" in page.locator("main").inner_text()
    _fits(pages)

    card = page.locator(f"#finding-{finding.pk}")
    card.get_by_label("Skolens svar: hva den har gjort eller skal gjøre").fill(
        "Vi har lagt inn evalueringsdato i malen for tiltaksplanar."
    )
    card.get_by_role("button", name="Lagre svaret").click()
    pages.settle()
    finding.refresh_from_db()
    assert finding.answer.startswith("Vi har lagt inn evalueringsdato")
    assert "Svaret er lagret." in page.locator("main").inner_text()

    card = page.locator(f"#finding-{finding.pk}")
    card.get_by_label("Under målet").select_option(index=0)
    card.get_by_role("button", name="Gjør det til et tiltak i planen").click()
    pages.settle()
    finding.refresh_from_db()
    assert finding.measure.goal.text == "Alle elevar er trygge"
    _fits(pages)

    page.locator(f"#finding-{finding.pk}").get_by_role(
        "button", name="Gjør det til en oppfølgingsavtale"
    ).click()
    pages.settle()
    finding.refresh_from_db()
    assert page.url.endswith(f"/agreements/{finding.agreement_id}/")
    assert "Tiltaksplanen i sak 1" in page.locator("main").inner_text()
    _fits(pages)
    page.get_by_role("link", name="§ 12-4 Evaluere tiltakene når planen sier").click()
    pages.settle()
    assert page.url.endswith(f"#finding-{finding.pk}")

    meeting = finding.agreement.meeting
    pages.goto(f"/o/{world.owner.slug}/schools/{world.school_a.pk}/meetings/{meeting.pk}/")
    text = page.locator("main").inner_text()
    assert "Stikkprøver av aktivitetsplikten, kapittel 12 (tidligere kapittel 9A)" in text
    assert "Vi har lagt inn evalueringsdato" in text
    _fits(pages)

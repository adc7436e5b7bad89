"""Owner admin opens a school, invites a teacher; the teacher sets a password, logs in and sees
the school read-only. Every page passes axe (WCAG 2.1 A/AA)."""

import re

from django.core import mail

from skolekvalitet.demo import build_demo
from skolekvalitet.organisations.models import School
from skolekvalitet.organisations.schoolyears import current_school_year


def _log_in(pages, email: str, password: str, language: str | None = None) -> None:
    page = pages.page
    pages.goto("/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main button[type=submit]").click()
    pages.settle()
    if language:
        page.locator("#language").select_option(language)
        page.locator(".site-lang button").click()
        pages.settle()


def test_it_takes_an_owner_admin_and_a_new_teacher_through_the_school(pages, transactional_db):
    build_demo()
    school = School.objects.get(name="Nordvik skule")
    page = pages.page

    _log_in(pages, "admin@demo.example", "demo")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Velkomen")  # nn default
    page.get_by_role("link", name="Nordvik skule", exact=True).first.click()
    pages.settle()
    assert page.get_by_role("heading", level=1).inner_text() == "Nordvik skule"
    assert school.org_number in page.content()

    page.get_by_role("link", name="Inviter ein person").click()
    pages.settle()
    page.get_by_label("Namn").fill("Tuva Testlærar")
    page.get_by_label("E-post").fill("tuva@demo.example")
    page.get_by_label("Rolle").select_option("teacher")
    page.get_by_role("button", name="Send invitasjonen").click()
    pages.settle()
    assert "tuva@demo.example er invitert" in page.content()
    assert "Tuva Testlærar" in page.content()

    # An empty form is refused with field messages, and nothing typed is lost.
    pages.goto(f"/o/demo/schools/{school.pk}/invite/")
    page.get_by_label("Namn").fill("Utan Epost")
    page.get_by_role("button", name="Send invitasjonen").click()
    pages.settle()
    assert "må ha e-postadresse" in page.content()
    assert page.get_by_label("Namn").input_value() == "Utan Epost"

    link = re.search(r"http://\S+/accounts/invitation/\S+/", mail.outbox[-1].body)[0]
    page.get_by_role("button", name="Logg ut").click()
    page.goto(link.replace("http://127.0.0.1:8000", pages.base_url))
    pages.settle()
    # The page keeps the language chosen before logging out (Bokmål or Nynorsk labels).
    page.locator("input[name=new_password1]").fill("fjord-og-fjell-42")
    page.locator("input[name=new_password2]").fill("fjord-og-fjell-42")
    page.get_by_role("button", name="Lagre passordet").click()
    pages.settle()

    _log_in(pages, "tuva@demo.example", "fjord-og-fjell-42")
    page.get_by_role("link", name="Nordvik skule", exact=True).first.click()
    pages.settle()
    assert page.get_by_role("heading", level=1).inner_text() == "Nordvik skule"
    assert page.get_by_role("link", name="Endre skulen").count() == 0
    page.goto(f"{pages.base_url}/o/demo/schools/{school.pk}/edit/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ikkje tillate"
    pages.axe()
    other = School.objects.get(name="Granhaug skule")
    page.goto(f"{pages.base_url}/o/demo/schools/{other.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Fann ikkje sida"
    pages.problems.clear()  # the browser logs the 403 and 404 responses we asked for


def test_it_passes_axe_on_the_owner_pages_on_a_phone(pages, transactional_db):
    build_demo()
    pages.page.set_viewport_size({"width": 375, "height": 740})
    _log_in(pages, "admin@demo.example", "demo")
    school = School.objects.get(name="Bjørkely skule")
    year = current_school_year().code
    for path in [
        "/o/demo/",
        "/o/demo/people/",
        "/o/demo/audit/",
        "/o/demo/schools/new/",
        "/o/demo/people/invite/",
        "/accounts/password-reset/",
        "/o/demo/import/",
        "/o/demo/indicators/",
        "/o/demo/overview/",
        "/o/demo/explore/?indicator=nt5_reading&grade=5",
        "/o/demo/follow-up-rules/",
        "/o/demo/quality-plan/",
        "/o/demo/reports/",
        f"/o/demo/reports/{year}/",
        f"/o/demo/reports/{year}/preview/",
        f"/o/demo/reports/{year}/versions/",
        f"/o/demo/schools/{school.pk}/plans/",
        f"/o/demo/schools/{school.pk}/plans/{year}/",
        f"/o/demo/schools/{school.pk}/spot-checks/",
        f"/o/demo/schools/{school.pk}/sheet/",
        f"/o/demo/schools/{school.pk}/knowledge/",
    ]:
        pages.goto(path)
    pages.page.get_by_text("Trivsel").first.click()
    pages.axe()
    assert "syntetisk demotal" in pages.page.content()
    school = School.objects.get(name="Bjørkely skule")
    pages.goto(f"/o/demo/schools/{school.pk}/edit/")
    pages.page.get_by_label("Organisasjonsnummer").fill("123456789")
    pages.page.get_by_role("button", name="Lagre").click()
    pages.settle()
    assert "kontrollsifferet stemmer ikkje" in pages.page.content()

"""An owner administrator whose owner requires a second factor logs in with a password, sets up
an authenticator app (the test computes the app's code from the key on the page), sees the
recovery codes once, and reaches the log-in settings page. Every page passes axe."""

from base64 import b32decode

from django_otp.oath import totp

from skolekvalitet.identity.models import LoginSettings
from skolekvalitet.organisations.models import Membership, Owner, Person


def test_it_makes_an_administrator_set_up_a_second_factor(pages, transactional_db):
    owner = Owner.objects.create(slug="fjordvik", name="Fjordvik kommune", kind="municipality")
    LoginSettings.objects.create(owner=owner, require_two_factor=True)
    admin = Person.objects.create_user("admin@fjordvik.example", "long secret pw 1", name="Ada")
    Membership.objects.create(person=admin, owner=owner, role="owner_admin")
    page = pages.page

    pages.goto("/accounts/login/")
    page.locator("#id_username").fill("admin@fjordvik.example")
    page.locator("#id_password").fill("long secret pw 1")
    page.locator("main button[type=submit]").click()
    pages.settle()
    assert page.get_by_role("heading", level=1).inner_text() == "Sett opp en autentiseringsapp"

    key = page.get_by_test_id("totp-key").inner_text().replace(" ", "")
    secret = b32decode(key + "=" * (-len(key) % 8))
    page.get_by_role("textbox", name="Kode").fill("000000" if totp(secret) else "111111")
    page.get_by_role("button", name="Bekreft").click()
    pages.settle()
    assert "feil" in page.locator(".ds-validation-message").inner_text()

    page.get_by_role("textbox", name="Kode").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Bekreft").click()
    pages.settle()
    assert page.get_by_test_id("recovery-codes").locator("li").count() == 10

    pages.goto("/o/fjordvik/login-settings/")
    assert page.get_by_role("heading", level=1).inner_text() == "Innlogging"

"""A principal logs in through the owner's OpenID Connect provider (a real one on 127.0.0.1,
tests/identity/oidc_provider.mjs) in Chromium, and logs out here and at the provider."""

import pytest

from skolekvalitet.identity import actions
from skolekvalitet.identity.models import LoginSettings
from skolekvalitet.organisations.models import Membership, Owner, Person, School
from tests.conftest import make_org_number
from tests.identity.conftest import CLIENT_ID, CLIENT_SECRET, start_provider, stop


@pytest.fixture
def provider(live_server):
    started = start_provider(
        [f"{live_server.url}/accounts/sso/callback/"], [f"{live_server.url}/accounts/login/"]
    )
    yield started
    stop(started)


def test_it_logs_in_and_out_through_the_owners_provider(
    pages, provider, transactional_db, settings
):
    settings.OIDC_ALLOW_HTTP = True
    owner = Owner.objects.create(slug="fjordvik", name="Fjordvik kommune", kind="municipality")
    school = School.objects.create(
        owner=owner,
        name="Alfheim skule",
        org_number=make_org_number(1),
        first_grade=1,
        last_grade=7,
    )
    person = Person.objects.create_user("rektor@fjordvik.example", None, name="Rita Rektor")
    Membership.objects.create(person=person, owner=owner, school=school, role="principal")
    ls = LoginSettings(owner=owner, discovery_url=provider.issuer, client_id=CLIENT_ID)
    actions.save_login_settings(person, ls, {}, ["fjordvik.example"], CLIENT_SECRET)
    page = pages.page
    # The provider's own pages ask for a web font; there is no network here.
    page.route("https://fonts.googleapis.com/**", lambda route: route.fulfill(body=""))

    pages.goto("/accounts/login/")
    page.get_by_role("link", name="Logg inn med Feide eller virksomheten din").click()
    pages.settle()
    page.get_by_label("E-postadressen din på jobb").fill("Rektor@Fjordvik.example")
    page.get_by_role("button", name="Fortsett").click()
    pages.settle()
    page.get_by_role("link", name="Logg inn med Feide").click()

    # The provider's own log-in page (its development page: any password).
    page.wait_for_url(f"{provider.issuer}/**")
    seen = len(pages.problems)
    page.locator("input[name=login]").fill("rektor@fjordvik.example")
    page.locator("input[name=password]").fill("any")
    page.locator("button[type=submit]").click()

    page.wait_for_url(f"{pages.base_url}/")
    del pages.problems[seen:]  # the provider's page is not ours to check
    pages.settle()
    assert "Rita Rektor" in page.locator(".site-user").inner_text()

    # Logging out here goes on to the provider by itself (its end_session_endpoint).
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{provider.issuer}/**")
    seen = len(pages.problems)
    page.locator("button[autofocus], button[type=submit]").first.click()  # "Yes, sign me out"
    page.wait_for_url(f"{pages.base_url}/accounts/login/")
    del pages.problems[seen:]
    pages.settle()
    page.goto(f"{pages.base_url}/")
    assert "/accounts/login/" in page.url

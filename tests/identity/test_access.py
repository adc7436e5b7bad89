"""Every URL of this app × the persona base × GET and POST: public pages answer everyone, the
second-factor pages need a login, the settings page is the owner's administrators' only (other
owners: 404). The site-wide walk (tests/organisations/test_access_walk.py) covers them too."""

import pytest
from django.urls import reverse

from skolekvalitet.audit.models import AuditEvent

URLS = {
    "sso_choose": ([], "public"),
    "sso_start": (["fjordvik"], "public"),
    "sso_callback": ([], "public"),
    "two_factor": ([], "authenticated"),  # steps of logging in, after the password
    "two_factor_setup": ([], "authenticated"),
    "two_factor_recovery_codes": ([], "authenticated"),
    "login_settings": (["fjordvik"], "owner_admin"),
    "two_factor_reset": (["fjordvik"], "owner_admin"),
    "sso_logout": ([], "public_post"),  # last: it logs the persona out
}
EXPECTED = {  # persona: rule → allowed answers
    "anonymous": {"owner_admin": {"login"}, "authenticated": {"login"}},
    "admin": {"owner_admin": {200, 302, 405}},
    "principal_a": {"owner_admin": {403}},
    "teacher_a": {"owner_admin": {403}},
    "outsider": {"owner_admin": {404}},
}


def test_every_identity_url_declares_its_rule():
    from tests.organisations.test_access_walk import site_urls

    mine = {p.name: p.callback.access_rule for p in site_urls() if p.name in URLS}
    assert mine == {name: rule for name, (_, rule) in URLS.items()}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_it_answers_each_persona_as_the_rules_say(world, login, persona):
    client = login(world.persona(persona))
    for name, (args, rule) in URLS.items():
        url = reverse(name, args=args)
        allowed = EXPECTED[persona].get(rule, {200, 302, 405})
        for method in (client.get, client.post):
            before = AuditEvent.objects.count()
            response = method(url)
            to_login = response.status_code == 302 and "/accounts/login/" in response["Location"]
            answer = "login" if to_login and rule not in ("public", "public_post") else None
            assert (answer or response.status_code) in allowed, (persona, method, url)
            if not (allowed & {200, 302}):
                assert AuditEvent.objects.count() == before

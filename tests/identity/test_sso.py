"""Log-in through the owner's OpenID Connect provider: a real provider on 127.0.0.1
(conftest.oidc_provider), Django's test client on our side, requests as the browser there."""

import html
import re
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.urls import reverse

from skolekvalitet.identity import backends
from skolekvalitet.organisations.models import Person
from tests.conftest import PASSWORD

from .conftest import CLIENT_ID, new_key, provider_login


def logged_in_as(client):
    response = client.get(reverse("home"))
    return response.status_code == 200 and response.wsgi_request.user


def message(response, client) -> str:
    return client.get(response["Location"]).content.decode()


def test_it_logs_in_an_invited_person_through_the_provider(world, sso, oidc_provider, client):
    client.cookies["django_language"] = "en"
    response = provider_login(client, oidc_provider, "Rektor.A@Fjordvik.example")
    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in_as(client) == world.principal_a
    assert Person.objects.count() == 5  # matched, never created


def test_it_refuses_an_email_domain_the_owner_does_not_accept(world, sso, oidc_provider, client):
    client.cookies["django_language"] = "en"
    response = provider_login(client, oidc_provider, "admin@utanby.example")
    assert response["Location"] == reverse("login")
    assert "Your e-mail domain is not accepted" in message(response, client)
    assert not logged_in_as(client)


def test_it_never_creates_a_person_without_an_invitation(world, sso, oidc_provider, client):
    client.cookies["django_language"] = "nb"
    response = provider_login(client, oidc_provider, "ukjent@fjordvik.example")
    assert "Be skoleeieren din om en invitasjon" in message(response, client)
    assert not Person.objects.filter(email="ukjent@fjordvik.example").exists()
    assert not logged_in_as(client)


def test_it_refuses_an_unverified_email(world, sso, oidc_provider, client):
    client.cookies["django_language"] = "en"
    response = provider_login(client, oidc_provider, "unverified.rektor.a@fjordvik.example")
    assert "has not verified your e-mail" in message(response, client)
    assert not logged_in_as(client)


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


FOREIGN_KEY, _ = new_key("test-key-1")  # same kid, another key: a forged signature


@pytest.mark.parametrize(
    "tamper",
    [
        "bad_signature",
        "wrong_audience",
        "wrong_issuer",
        "wrong_nonce",
        "expired",
        "alg_none",
        "flipped_byte",
    ],
)
def test_it_refuses_a_tampered_id_token(world, sso, oidc_provider, client, monkeypatch, tamper):
    """The provider's real token, changed on its way back: each change is refused."""
    real_get_token = backends.OwnerOIDCBackend.get_token

    def get_token(self, payload):
        answer = real_get_token(self, payload)
        token = answer["id_token"]
        claims = _claims(token)
        sign = oidc_provider.sign
        if tamper == "bad_signature":
            token = sign(claims, key=FOREIGN_KEY)
        elif tamper == "wrong_audience":
            token = sign({**claims, "aud": "another-client"})
        elif tamper == "wrong_issuer":
            token = sign({**claims, "iss": "http://127.0.0.1:1/"})
        elif tamper == "wrong_nonce":
            token = sign({**claims, "nonce": "replayed"})
        elif tamper == "expired":
            token = sign({**claims, "iat": time.time() - 7200, "exp": time.time() - 3600})
        elif tamper == "alg_none":
            token = jwt.encode(claims, None, algorithm="none")
        elif tamper == "flipped_byte":
            head, body, signature = token.split(".")
            token = (
                f"{head}.{body}.{signature[:-4]}{'AAAA' if signature[-4:] != 'AAAA' else 'BBBB'}"
            )
        return {**answer, "id_token": token}

    monkeypatch.setattr(backends.OwnerOIDCBackend, "get_token", get_token)
    client.cookies["django_language"] = "en"
    response = provider_login(client, oidc_provider, "rektor.a@fjordvik.example")
    assert response["Location"] == reverse("login")
    assert "The log-in could not be verified" in message(response, client)
    assert not logged_in_as(client)


def test_a_genuine_token_passes_the_same_checks(world, sso, oidc_provider, client, monkeypatch):
    """The tamper test's own machinery, without a change, logs in (so the refusals above come
    from the changes, not from the re-signing)."""
    real_get_token = backends.OwnerOIDCBackend.get_token

    def get_token(self, payload):
        answer = real_get_token(self, payload)
        return {**answer, "id_token": oidc_provider.sign(_claims(answer["id_token"]))}

    monkeypatch.setattr(backends.OwnerOIDCBackend, "get_token", get_token)
    provider_login(client, oidc_provider, "rektor.a@fjordvik.example")
    assert logged_in_as(client) == world.principal_a


def test_it_refuses_a_callback_without_a_started_log_in(world, sso, client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("sso_callback"), {"code": "x", "state": "forged"})
    assert response["Location"] == reverse("login")
    assert "cancelled or has expired" in message(response, client)
    assert client.get(reverse("sso_callback")).status_code == 302


def test_it_logs_out_here_and_at_the_provider(world, sso, oidc_provider, client):
    """Logging out sends the browser on to the provider's end_session_endpoint, which ends its
    session and sends it back to the log-in page, in the person's language: the next provider
    log-in asks for the password again (a shared computer)."""
    world.principal_a.language = "nn"  # their own choice, no language cookie in this browser
    world.principal_a.save()
    browser = requests.Session()
    provider_login(client, oidc_provider, "rektor.a@fjordvik.example", browser=browser)
    assert browser.asked_for_password and logged_in_as(client) == world.principal_a
    client.logout()  # here only: the provider's session lets the next log-in straight through
    provider_login(client, oidc_provider, "rektor.a@fjordvik.example", browser=browser)
    assert not browser.asked_for_password and logged_in_as(client) == world.principal_a

    response = client.post(reverse("sso_logout"))
    assert not logged_in_as(client)
    assert "Vi loggar deg no ut av Feide òg" in response.content.decode()
    end_session = response["Refresh"].removeprefix("0;url=")
    assert end_session == response.context["end_session"]
    assert end_session.startswith(f"{oidc_provider.issuer}/session/end?")
    query = parse_qs(urlsplit(end_session).query)
    assert query["client_id"] == [CLIENT_ID] and query["id_token_hint"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    # The provider's confirmation page (the test provider asks; Feide need not).
    page = browser.get(end_session, timeout=10).text
    action = re.search(r'<form[^>]*action="([^"]+)"', page)[1]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    answer = browser.post(
        action, data={**fields, "logout": "yes"}, allow_redirects=False, timeout=10
    )
    assert answer.headers["Location"] == "http://testserver/accounts/login/"
    page = client.get(answer.headers["Location"])
    assert page.status_code == 200 and '<html lang="nn"' in page.content.decode()
    provider_login(client, oidc_provider, "rektor.a@fjordvik.example", browser=browser)
    assert browser.asked_for_password and logged_in_as(client) == world.principal_a


def test_it_refuses_a_person_of_another_owner_that_does_not_trust_the_provider(
    world, sso, oidc_provider, client
):
    from skolekvalitet.organisations.models import Membership

    Membership.objects.create(person=world.principal_a, owner=world.other_owner, role="politician")
    client.cookies["django_language"] = "en"
    response = provider_login(client, oidc_provider, "rektor.a@fjordvik.example")
    assert "does not trust this log-in" in message(response, client)
    assert not logged_in_as(client)


def test_it_finds_the_provider_by_email_domain(world, sso, client):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("sso_choose"), {"email": "Rektor.A@FJORDVIK.example"})
    assert response.context["start"] == reverse("sso_start", args=["fjordvik"])
    assert "Log in with Feide" in response.content.decode()
    response = client.post(reverse("sso_choose"), {"email": "someone@nowhere.example"})
    assert "No log-in service is set up" in response.content.decode()
    assert client.post(reverse("sso_choose"), {"email": "not an address"}).status_code == 200


def test_it_turns_password_log_in_off_for_the_owner(world, sso, oidc_provider, client):
    sso.password_login = False
    sso.save()
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("login"), {"username": world.teacher_a.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "turned off log-in with a password" in response.content.decode()
    assert not logged_in_as(client)
    response = client.post(
        reverse("login"), {"username": world.outsider.email, "password": PASSWORD}
    )
    assert response.status_code == 302  # another owner keeps passwords
    client.logout()
    provider_login(client, oidc_provider, "laerar.a@fjordvik.example")
    assert logged_in_as(client) == world.teacher_a


@pytest.mark.parametrize(
    ("extra", "strong"),
    [({}, False), ({"amr": ["pwd", "mfa"]}, True), ({"acr": "https://id.feide.no/mfa"}, True)],
)
def test_a_provider_log_in_counts_as_two_factor_only_when_the_provider_says_so(
    world, sso, oidc_provider, client, monkeypatch, extra, strong
):
    sso.require_two_factor = True
    sso.strong_acr_values = "https://id.feide.no/mfa idporten-loa-high"
    sso.save()
    real_get_token = backends.OwnerOIDCBackend.get_token

    def get_token(self, payload):
        answer = real_get_token(self, payload)
        claims = {**_claims(answer["id_token"]), **extra}
        return {**answer, "id_token": oidc_provider.sign(claims)}

    monkeypatch.setattr(backends.OwnerOIDCBackend, "get_token", get_token)
    provider_login(client, oidc_provider, "admin@fjordvik.example")
    response = client.get(reverse("owner", args=[world.owner.slug]))
    if strong:
        assert response.status_code == 200
    else:
        assert response["Location"].startswith(reverse("two_factor"))


def test_it_works_with_login_rate_limiting_on(world, sso, oidc_provider, client, settings):
    settings.AXES_ENABLED = True
    provider_login(client, oidc_provider, "nobody@elsewhere.example")
    provider_login(client, oidc_provider, "rektor.a@fjordvik.example")
    assert logged_in_as(client) == world.principal_a


def test_a_rotated_secret_key_keeps_client_secrets_readable_through_its_fallbacks(
    world, sso, oidc_provider, client, settings
):
    old = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a new key " * 5, [old]
    provider_login(client, oidc_provider, "rektor.a@fjordvik.example")
    assert logged_in_as(client) == world.principal_a


def test_a_secret_sealed_under_a_lost_key_asks_for_it_again(
    world, sso, oidc_provider, client, settings
):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a new key " * 5, []
    client.cookies["django_language"] = "en"
    response = provider_login(client, oidc_provider, "rektor.a@fjordvik.example")
    assert "must be set up again" in message(response, client)
    assert not logged_in_as(client)


def test_the_login_page_offers_provider_log_in_once_an_owner_has_one(world, oidc_provider, client):
    client.cookies["django_language"] = "en"
    assert "Log in with Feide" not in client.get(reverse("login")).content.decode()
    from skolekvalitet.identity.models import LoginSettings

    LoginSettings.objects.create(owner=world.owner, enabled=True)
    assert "Log in with Feide" in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("answer", [["a", "list"], "text", {"sub": "someone else"}])
def test_it_refuses_odd_user_info(world, sso, oidc_provider, client, monkeypatch, answer):
    monkeypatch.setattr(backends.OwnerOIDCBackend, "get_userinfo", lambda *args: answer)
    client.cookies["django_language"] = "en"
    response = provider_login(client, oidc_provider, "rektor.a@fjordvik.example")
    assert "The log-in could not be verified" in message(response, client)
    assert not logged_in_as(client)


def alerts(page: str) -> list[str]:
    """The texts of the page's messages."""
    found = re.findall(r'<div class="ds-alert"[^>]*>(.*?)</div>', page, flags=re.S)
    return [html.unescape(text).strip() for text in found]


def test_refusals_of_others_behind_one_address_never_hold_back_a_valid_person(
    world, sso, oidc_provider, client, settings
):
    """A school's staff share one public address: failures of others (refused accounts,
    forged answers) from that address lock nobody out, and a refusal says its own reason."""
    from axes.models import AccessAttempt
    from django.test import Client

    settings.AXES_ENABLED = True
    client.cookies["django_language"] = "nb"
    refused = ["ukjent@fjordvik.example", "unverified.x@fjordvik.example", "a@utanby.example"]
    for login in refused * 2:
        assert len(alerts(message(provider_login(client, oidc_provider, login), client))) == 1
    for _ in range(6):  # before any identity is known
        response = client.get(reverse("sso_callback"), {"code": "x", "state": "forged"})
        assert alerts(message(response, client)) == [
            "Innloggingen ble avbrutt eller er utløpt. Prøv igjen."
        ]
    response = provider_login(client, oidc_provider, "ukjent@fjordvik.example")
    assert alerts(message(response, client)) == [
        "Du har ikke tilgang til Skolekvalitet ennå. Be skoleeieren din om en invitasjon til "
        "e-postadressen din på jobb."
    ]
    # Counted per account (the e-mail the provider vouched for), never per address alone.
    counted = dict(AccessAttempt.objects.values_list("username", "failures_since_start"))
    assert counted == {"ukjent@fjordvik.example": 3, "x@fjordvik.example": 2, "a@utanby.example": 2}
    other_browser = Client()
    provider_login(other_browser, oidc_provider, "rektor.a@fjordvik.example")
    assert logged_in_as(other_browser) == world.principal_a
    provider_login(client, oidc_provider, "laerar.a@fjordvik.example")
    assert logged_in_as(client) == world.teacher_a


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda query: {**query, "iss": ["http://127.0.0.1:1"]},
        lambda query: {k: v for k, v in query.items() if k != "iss"},
    ],
    ids=["another_issuer", "no_issuer"],
)
def test_it_refuses_an_answer_naming_another_issuer(world, sso, oidc_provider, client, rewrite):
    """RFC 9207: the provider names itself in its answer; a mix-up is refused."""
    assert sso.iss_parameter  # the test provider promises it in its discovery document
    client.cookies["django_language"] = "en"
    response = provider_login(client, oidc_provider, "rektor.a@fjordvik.example", rewrite=rewrite)
    assert response["Location"] == reverse("login")
    assert "The log-in could not be verified" in message(response, client)
    assert not logged_in_as(client)

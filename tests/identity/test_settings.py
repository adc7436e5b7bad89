"""The owner administrator's log-in settings page: provider, e-mail domains, passwords, 2FA."""

from django.urls import reverse

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.identity.models import EmailDomain, LoginSettings
from skolekvalitet.identity.sealing import unseal

from .conftest import CLIENT_ID, CLIENT_SECRET


def form(oidc_provider, **changes) -> dict:
    data = {
        "password_login": "on",
        "kind": "feide",
        "discovery_url": oidc_provider.issuer,
        "client_id": CLIENT_ID,
        "secret": CLIENT_SECRET,
        "domains": "Fjordvik.example\n@skule.fjordvik.example",
        "strong_acr_values": "",
    }
    return {k: v for k, v in {**data, **changes}.items() if v is not None}


def test_it_saves_the_provider_from_its_discovery_document(world, oidc_provider, login, settings):
    settings.OIDC_ALLOW_HTTP = True
    client = login(world.admin)
    url = reverse("login_settings", args=[world.owner.slug])
    response = client.post(url, form(oidc_provider))
    assert response.status_code == 302
    ls = LoginSettings.objects.get(owner=world.owner)
    assert ls.enabled and ls.issuer == oidc_provider.issuer
    assert ls.token_endpoint.startswith(oidc_provider.issuer)
    assert ls.domains == ["fjordvik.example", "skule.fjordvik.example"]
    page = client.get(url).content.decode()
    assert CLIENT_SECRET not in page and "A client secret is stored" in page
    event = AuditEvent.objects.get(owner=world.owner, object_type="identity.loginsettings")
    assert CLIENT_SECRET not in str(event.changes) and "client_secret" in event.changes
    # Saving again without a secret keeps the stored one.
    client.post(url, form(oidc_provider, secret=""))
    stored = LoginSettings.objects.get(owner=world.owner).client_secret
    assert CLIENT_SECRET not in stored and unseal(stored) == CLIENT_SECRET


def test_it_refuses_bad_input_with_a_message_and_writes_nothing(
    world, oidc_provider, login, settings
):
    client = login(world.admin)
    url = reverse("login_settings", args=[world.owner.slug])
    cases = [
        (form(oidc_provider), "must start with https://"),  # plain http outside tests
        (form(oidc_provider, discovery_url="https://127.0.0.1:1/"), "Could not read"),
        (form(oidc_provider, domains="not a domain"), "Not an e-mail domain"),
        (form(oidc_provider, domains=""), "at least one e-mail domain"),
        (form(oidc_provider, client_id=""), "needs a client ID"),
        (form(oidc_provider, secret=""), "needs a client secret"),
        (form(oidc_provider, discovery_url="", password_login=None), "nobody can log in"),
        (form(oidc_provider, discovery_url="javascript:alert(1)"), "Enter a valid URL"),
        (form(oidc_provider, kind="saml"), "Select a valid choice"),
    ]
    for data, text in cases:
        response = client.post(url, data)
        assert response.status_code == 200, text
        assert text in response.content.decode(), text
    assert not LoginSettings.objects.exists() and not AuditEvent.objects.exists()


def test_a_domain_belongs_to_one_owner(world, oidc_provider, login, settings):
    settings.OIDC_ALLOW_HTTP = True
    login(world.admin).post(reverse("login_settings", args=[world.owner.slug]), form(oidc_provider))
    client = login(world.outsider)
    response = client.post(
        reverse("login_settings", args=[world.other_owner.slug]),
        form(oidc_provider, domains="utanby.example\nfjordvik.example"),
    )
    assert "Another school owner already uses fjordvik.example" in response.content.decode()
    assert not LoginSettings.objects.filter(owner=world.other_owner).exists()
    assert EmailDomain.objects.count() == 2


def test_only_the_owners_administrators_reach_it(world, login):
    url = reverse("login_settings", args=[world.owner.slug])
    assert login(world.principal_a).get(url).status_code == 403
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.admin).get(url).status_code == 200


def test_removing_the_provider_clears_it(world, oidc_provider, login, settings):
    settings.OIDC_ALLOW_HTTP = True
    client = login(world.admin)
    url = reverse("login_settings", args=[world.owner.slug])
    client.post(url, form(oidc_provider))
    client.post(url, form(oidc_provider, discovery_url="", secret=""))
    ls = LoginSettings.objects.get(owner=world.owner)
    assert not ls.enabled and not ls.client_secret and not ls.domains


def test_the_audit_log_tells_what_changed_but_never_the_secret(
    world, oidc_provider, login, settings
):
    settings.OIDC_ALLOW_HTTP = True
    client = login(world.admin)
    client.post(reverse("login_settings", args=[world.owner.slug]), form(oidc_provider))
    page = client.get(reverse("audit", args=[world.owner.slug])).content.decode()
    assert "E-mail domains" in page and "fjordvik.example" in page
    assert "Client secret" in page and CLIENT_SECRET not in page


def test_the_deploy_check_warns_about_plain_http_providers(settings):
    from skolekvalitet.identity.checks import check_provider_http

    settings.OIDC_ALLOW_HTTP = False
    assert check_provider_http() == []
    settings.OIDC_ALLOW_HTTP = True
    assert [w.id for w in check_provider_http()] == ["skolekvalitet.W101"]


def test_the_admin_names_the_provider_for_the_log_in_pages(world, oidc_provider, login, settings):
    settings.OIDC_ALLOW_HTTP = True
    client = login(world.admin)
    url = reverse("login_settings", args=[world.owner.slug])
    named = form(oidc_provider, kind="entra", display_name="Vestland IKT Entra ID")
    assert client.post(url, named).status_code == 302
    event = AuditEvent.objects.get(owner=world.owner, object_type="identity.loginsettings")
    assert event.changes["display_name"][1] == "Vestland IKT Entra ID"
    client.post(reverse("sso_logout"))
    client.cookies["django_language"] = "nb"

    def button() -> str:
        page = client.post(reverse("sso_choose"), {"email": "rektor.a@fjordvik.example"})
        return page.content.decode()

    assert "Logg inn med Vestland IKT Entra ID" in button()
    ls = LoginSettings.objects.get(owner=world.owner)
    ls.display_name, ls.kind = "", "feide"
    ls.save()
    assert "Logg inn med Feide" in button()
    ls.kind = "other"
    ls.save()
    assert "Logg inn med virksomheten din" in button()
    assert "OpenID Connect" not in button()


def test_saving_a_language_confirms_it_in_the_language_chosen(world, login):
    from django.urls import reverse

    client = login(world.admin, language="nn")
    world.admin.language = "nn"
    world.admin.save()
    body = client.post(
        reverse("account_language_save"), {"language": "nb"}, follow=True
    ).content.decode()
    assert "Språket ditt er lagret." in body and "Språket ditt er lagra." not in body
    body = client.post(
        reverse("account_language_save"), {"language": "nn"}, follow=True
    ).content.decode()
    assert "Språket ditt er lagra." in body

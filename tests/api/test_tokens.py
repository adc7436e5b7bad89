"""The owner administrator's page: tokens made (shown once, stored as a hash) and revoked,
audited; nobody else reaches it."""

from django.urls import reverse

from skolekvalitet.api.models import ApiToken
from skolekvalitet.audit.models import AuditEvent


def test_it_shows_a_new_token_once_and_stores_only_its_hash(world, login):
    client = login(world.admin)
    slug = world.owner.slug
    assert client.get(reverse("api_settings", args=[slug])).status_code == 200
    response = client.post(
        reverse("api_token_create", args=[slug]),
        {"name": "Dashbord", "scopes": ["figures:read"]},
    )
    # Post/redirect/get: the answer leads back to the page, which shows the token once (never
    # in the address); reloading that page neither shows it again nor makes a second token.
    page = reverse("api_settings", args=[slug])
    assert response.status_code == 302 and response["Location"] == page
    response = client.get(page)
    secret = response.context["secret"]
    assert secret.startswith("skq_") and secret in response.content.decode()
    assert secret not in response.wsgi_request.get_full_path()
    assert secret not in client.get(page).content.decode()
    token = ApiToken.objects.get()
    assert token.scopes == ["figures:read"] and secret not in token.digest
    assert not AuditEvent.objects.filter(changes__icontains=secret).exists()
    assert AuditEvent.objects.filter(action="create", object_type="api.apitoken").exists()
    client.get("/api/v1/owners", headers={"Authorization": f"Bearer {secret}"})
    response = client.post(reverse("api_token_revoke", args=[slug]), {"token": token.pk})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None
    assert AuditEvent.objects.filter(action="revoke").exists()


def test_it_refuses_a_nameless_token(world, login):
    response = login(world.admin).post(reverse("api_token_create", args=[world.owner.slug]))
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_only_the_owners_administrator_reaches_the_page(world, login):
    slug = world.owner.slug
    for name in ("api_settings", "api_token_create", "api_token_revoke", "open_data_publish"):
        url = reverse(name, args=[slug])
        assert login(world.teacher_a).post(url).status_code == 403, name
        assert login(world.outsider).post(url).status_code == 404, name
        assert login(None).get(url).status_code == 302, name
    assert login(world.admin).get(reverse("api_token_revoke", args=[slug])).status_code == 405


def test_an_administrator_cannot_revoke_another_owners_token(world, login):
    from skolekvalitet.api import actions

    theirs, _secret = actions.create_token(world.outsider, world.other_owner, "X", [])
    login(world.admin).post(
        reverse("api_token_revoke", args=[world.owner.slug]), {"token": theirs.pk}
    )
    theirs.refresh_from_db()
    assert theirs.revoked is None


def test_the_page_says_what_a_token_reads_in_words_and_asks_before_revoking(world, login):
    from skolekvalitet.api import actions

    actions.create_token(world.admin, world.owner, "Dashbord", ["figures:read", "plans:read"])
    page = login(world.admin, "nn").get(reverse("api_settings", args=[world.owner.slug]))
    text = page.content.decode()
    assert ">figures:read" not in text and "Tal og indikatorar, Utviklingsplanar" in text
    assert "I bruk" in text and "Trekk tilbake «Dashbord»" in text
    assert 'class="table-wrap"' in text

"""Issue 14's defects in organisations: granting roles, logins behind a proxy, the admin site,
caching of personal pages and audit gaps."""

import importlib
import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import RequestFactory
from django.urls import clear_url_caches, reverse

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.security import client_ip
from tests.conftest import PASSWORD


def _invite(client, url, **fields):
    data = {"name": "Nina Ny", "email": "nina@fjordvik.example", "role": "teacher", **fields}
    return client.post(url, data)


@pytest.fixture
def leader(world):
    person = Person.objects.create_user("inspektor.a@fjordvik.example", PASSWORD, name="Ine Insp")
    Membership.objects.create(
        person=person, owner=world.owner, school=world.school_a, role=Role.SCHOOL_LEADER
    )
    return person


def test_a_school_leader_cannot_make_themself_principal(world, login, leader):
    url = reverse("school_invite", args=[world.owner.slug, world.school_a.pk])
    client = login(leader)
    response = _invite(
        client, url, email=leader.email, role=Role.PRINCIPAL, school=world.school_a.pk
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(person=leader, role=Role.PRINCIPAL).exists()
    assert client.get(url).status_code == 403  # school leaders grant nothing


def test_a_principal_grants_only_school_roles_below_principal_at_their_school(world, login):
    client = login(world.principal_a)
    url = reverse("school_invite", args=[world.owner.slug, world.school_a.pk])
    for fields in (
        {"role": Role.PRINCIPAL, "school": world.school_a.pk},
        {"role": Role.UNION_REP, "school": ""},  # an owner-wide union representative
        {"role": Role.TEACHER, "school": world.school_b.pk},
        {"role": Role.POLITICIAN, "school": ""},
    ):
        assert _invite(client, url, **fields).status_code == 200, fields
    assert not Person.objects.filter(name="Nina Ny").exists()
    assert _invite(client, url, role=Role.UNION_REP, school=world.school_a.pk).status_code == 302
    assert Membership.objects.get(person__name="Nina Ny").school == world.school_a


def test_nobody_grants_themselves_anything(world, login):
    for person, url in (
        (world.admin, reverse("person_invite", args=[world.owner.slug])),
        (world.principal_a, reverse("school_invite", args=[world.owner.slug, world.school_a.pk])),
    ):
        response = _invite(login(person), url, email=person.email.upper(), school=world.school_a.pk)
        assert "give themselves a role" in response.content.decode()
    assert not Membership.objects.filter(person=world.admin, school=world.school_a).exists()


def test_the_action_refuses_a_grant_outside_the_rule(world):
    from django.core.exceptions import PermissionDenied

    from skolekvalitet.organisations import actions

    with pytest.raises(PermissionDenied):
        actions.invite_person(
            world.principal_a,
            world.owner,
            name="X",
            email="x@fjordvik.example",
            role=Role.UNION_REP,
            school=None,
        )


def test_it_logs_in_with_the_email_in_any_case(world, client):
    response = client.post(
        reverse("login"), {"username": "  ADMIN@Fjordvik.Example", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_behind_a_proxy_each_client_is_locked_out_on_its_own(world, client, settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    client.cookies["django_language"] = "en"
    attacker = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for _ in range(6):
        client.post(
            reverse("login"), {"username": world.admin.email, "password": "wrong"}, **attacker
        )
    admin = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    response = client.post(
        reverse("login"), {"username": world.admin.email, "password": PASSWORD}, **admin
    )
    assert response.status_code == 302


def test_a_client_cannot_choose_the_address_it_is_locked_out_under(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"  # the address our proxy saw, not the claim
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"


def test_the_admin_site_is_not_mounted_in_production(settings, client, db):
    from skolekvalitet.site import urls

    settings.ADMIN_ENABLED = False
    try:
        clear_url_caches()
        importlib.reload(urls)
        assert client.get("/admin/").status_code == 404
    finally:
        settings.ADMIN_ENABLED = True
        clear_url_caches()
        importlib.reload(urls)
    assert client.get("/admin/").status_code == 302


def test_personal_pages_and_exports_are_never_stored(world, login):
    client = login(world.admin)
    for url in (
        reverse("people", args=[world.owner.slug]),
        reverse("import_template", args=[world.owner.slug, "csv"]),
    ):
        cache = client.get(url)["Cache-Control"]
        assert "no-store" in cache and "private" in cache, url


def test_password_resets_and_accepted_invitations_are_audited(world, client):
    client.post(reverse("password_reset"), {"email": world.teacher_a.email})
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body)[0]
    page = client.get(link.replace("http://127.0.0.1:8000", ""), follow=True)
    new = "fjord-og-fjell-42"
    client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    event = AuditEvent.objects.get(action="password_reset")
    assert event.owner == world.owner and event.actor == world.teacher_a


def test_an_edit_in_the_admin_site_reaches_the_owners_audit_log(world):
    LogEntry.objects.log_actions(
        world.admin.pk,
        [world.school_a],
        CHANGE,
        change_message=[{"changed": {"fields": ["Name"]}}],
    )
    event = AuditEvent.objects.get(action="admin_change")
    assert event.owner == world.owner and event.changes["admin"]
    assert ContentType.objects.get_for_model(world.school_a).model == "school"


def test_a_created_object_is_logged_with_its_content_but_never_a_secret(world):
    from skolekvalitet.audit.log import record
    from skolekvalitet.dialogues import actions as dialogues

    membership = Membership.objects.get(person=world.teacher_a)
    event = record(world.admin, world.owner, "create", membership)
    assert event.changes["role"] == [None, "teacher"]
    token = dialogues.feed_token(world.teacher_a)
    logged = AuditEvent.objects.get(object_type="dialogues.feedtoken")
    assert token.token not in str(logged.changes)


def test_the_audit_log_reads_as_sentences_and_filters_by_school_person_and_kind(world, login):
    _invite(
        login(world.principal_a),
        reverse("school_invite", args=[world.owner.slug, world.school_a.pk]),
        school=world.school_a.pk,
    )
    client = login(world.admin, language="nn")
    url = reverse("audit", args=[world.owner.slug])
    body = client.get(url).content.decode()
    assert "Rita Rektor gav ei rolle:" in body and "Lærar" in body
    assert "teacher" not in body and "invite" not in body
    only = client.get(url, {"school": world.school_b.pk}).content.decode()
    assert "Rita Rektor gav" not in only
    assert "Rita Rektor gav" in client.get(url, {"person": world.principal_a.pk}).content.decode()
    kind = client.get(url, {"kind": "organisations.membership"}).content.decode()
    assert "Rita Rektor gav" in kind
    assert client.get(url, {"school": "x"}).status_code == 200


def test_a_second_principal_needs_a_confirmation(world, login):
    client = login(world.admin)
    url = reverse("person_invite", args=[world.owner.slug])
    response = _invite(client, url, role=Role.PRINCIPAL, school=world.school_a.pk)
    assert "already has a principal (Rita Rektor)" in response.content.decode()
    assert not Person.objects.filter(name="Nina Ny").exists()
    response = _invite(
        client, url, role=Role.PRINCIPAL, school=world.school_a.pk, second_principal="on"
    )
    assert response.status_code == 302
    # The principal invited again: that they have the role, not that the school has one.
    again = _invite(
        client, url, role=Role.PRINCIPAL, school=world.school_a.pk, email=world.principal_a.email
    ).content.decode()
    assert "already has this role here" in again and "already has a principal" not in again


def test_the_people_page_searches_and_filters_and_shows_who_has_logged_in(world, login):
    client = login(world.admin)
    url = reverse("people", args=[world.owner.slug])
    body = client.get(url, {"q": "rita"}).content.decode()
    assert "Rita Rektor" in body and "Lars Lærar" not in body
    assert "Invited, not logged in yet" in body
    body = client.get(url, {"role": Role.TEACHER, "school": world.school_a.pk}).content.decode()
    assert "Lars Lærar" in body and "Rita Rektor" not in body
    assert client.get(url, {"role": "nope", "school": "x"}).status_code == 200


def test_the_log_leaves_out_a_created_objects_own_timestamps(world):
    from skolekvalitet.audit.log import content
    from skolekvalitet.audit.models import AuditEvent as Event

    event = Event.objects.create(owner=world.owner, actor_name="x", action="x")
    assert "at" not in content(event) and content(event)["action"] == "x"


def test_django_choice_errors_read_as_nynorsk(world, login):
    response = _invite(
        login(world.principal_a, language="nn"),
        reverse("school_invite", args=[world.owner.slug, world.school_a.pk]),
        role="principal",
        school=world.school_a.pk,
    )
    # A role not offered is refused by its label in Nynorsk, never its code.
    assert "Du kan ikkje gi rolla «Rektor» her." in response.content.decode()


def test_the_second_principal_warning_says_the_fact_and_the_question(world, login):
    client = login(world.admin, language="nb")
    url = reverse("person_invite", args=[world.owner.slug])
    body = _invite(client, url, role=Role.PRINCIPAL, school=world.school_a.pk).content.decode()
    said = (
        f"{world.school_a.name} har allerede en rektor (Rita Rektor). Kryss av i boksen om "
        "skolen skal ha to rektorer en stund, eller fjern den rollen på personsiden først."
    )
    assert f'href="#id_second_principal">{said}</a>' in body
    assert "Ja, skolen skal ha to rektorer en stund:" not in body

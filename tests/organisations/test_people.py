import re

from django.core import mail
from django.urls import reverse

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role


def _invite(client, url, **fields):
    return client.post(
        url, {"name": "Nina Ny", "email": "nina@fjordvik.example", "role": "teacher", **fields}
    )


def test_it_invites_a_new_person_who_sets_a_password(
    world, login, client, django_capture_on_commit_callbacks
):
    url = reverse("person_invite", args=[world.owner.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(login(world.admin), url, school=world.school_a.pk)
    assert response.status_code == 302
    person = Person.objects.get(email="nina@fjordvik.example")
    assert not person.has_usable_password()
    assert Membership.objects.filter(person=person, school=world.school_a, role="teacher").exists()
    assert {e.action for e in AuditEvent.objects.all()} == {"create", "invite"}
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/invitation/\S+/", mail.outbox[0].body)[0]
    client.logout()
    page = client.get(link.replace("http://127.0.0.1:8000", ""), follow=True)
    assert page.status_code == 200
    set_url = page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "fjord-og-fjell-42", "new_password2": "fjord-og-fjell-42"}
    )
    assert response.status_code == 302
    assert client.login(username="nina@fjordvik.example", password="fjord-og-fjell-42")
    # The link works once.
    client.cookies["django_language"] = "en"
    assert (
        "no longer valid"
        in client.get(link.replace("http://127.0.0.1:8000", ""), follow=True).content.decode()
    )


def test_it_refuses_a_person_without_email_and_saves_nothing(world, login):
    response = _invite(
        login(world.admin),
        reverse("person_invite", args=[world.owner.slug]),
        email="",
        school=world.school_a.pk,
    )
    assert "needs an e-mail address" in response.content.decode()
    assert not Person.objects.filter(name="Nina Ny").exists()
    assert not mail.outbox


def test_it_refuses_a_school_role_without_a_school(world, login):
    response = _invite(login(world.admin), reverse("person_invite", args=[world.owner.slug]))
    assert "belongs to a school" in response.content.decode()
    assert not Person.objects.filter(name="Nina Ny").exists()


def test_it_gives_a_known_person_a_second_role(world, login):
    _invite(
        login(world.admin),
        reverse("person_invite", args=[world.owner.slug]),
        email=world.teacher_a.email,
        school=world.school_b.pk,
    )
    roles = set(Membership.objects.filter(person=world.teacher_a).values_list("school", flat=True))
    assert roles == {world.school_a.pk, world.school_b.pk}


def test_it_lets_a_principal_invite_only_to_their_school(world, login):
    client = login(world.principal_a)
    url = reverse("school_invite", args=[world.owner.slug, world.school_a.pk])
    assert _invite(client, url, school=world.school_b.pk).status_code == 200
    assert (
        _invite(
            client, url, school=world.school_a.pk, role=Role.OWNER_ADMIN, email="x@y.example"
        ).status_code
        == 200
    )
    assert not Person.objects.filter(name="Nina Ny").exists()
    # A tampered form is answered with the role's label, not its code.
    body = _invite(
        login(world.principal_a, language="nb"),
        url,
        school=world.school_a.pk,
        role=Role.OWNER_ADMIN,
        email="x@y.example",
    ).content.decode()
    assert "Du kan ikke gi rollen «Skoleeier (administrativ)» her." in body
    assert "owner_admin" not in body
    made_up = _invite(client, url, school=world.school_a.pk, role="boss", email="x@y.example")
    assert "boss" not in made_up.content.decode().split("<main")[1]
    assert _invite(client, url, school=world.school_a.pk).status_code == 302
    assert Membership.objects.filter(person__name="Nina Ny", school=world.school_a).exists()


def test_it_removes_a_role_and_audits_it(world, login):
    membership = Membership.objects.get(person=world.teacher_a)
    url = reverse("membership_delete", args=[world.owner.slug, membership.pk])
    assert login(world.principal_a).post(url).status_code == 403
    assert login(world.outsider).post(url).status_code == 404
    assert login(world.admin).post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.get(action="delete").actor == world.admin


def test_it_shows_the_audit_log_to_the_owner_admin_only(world, login):
    _invite(
        login(world.admin),
        reverse("person_invite", args=[world.owner.slug]),
        school=world.school_a.pk,
    )
    body = login(world.admin).get(reverse("audit", args=[world.owner.slug])).content.decode()
    assert "Nina Ny" in body and "Ada Admin" in body
    assert login(world.teacher_a).get(reverse("audit", args=[world.owner.slug])).status_code == 403

"""Two-factor authentication for the administrators of an owner that requires it."""

from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.identity.models import LoginSettings
from tests.conftest import PASSWORD


@pytest.fixture
def required(world):
    return LoginSettings.objects.create(owner=world.owner, require_two_factor=True)


def password_login(client, person):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def code_for(key_hex: str) -> str:
    return f"{totp(unhexlify(key_hex)):06d}"


def wrong_code(key_hex: str) -> str:
    return f"{(int(code_for(key_hex)) + 500000) % 1000000:06d}"


def enrol(client) -> tuple[str, list[str]]:
    client.get(reverse("two_factor_setup"))
    key = client.session["identity_totp_key"]
    response = client.post(reverse("two_factor_setup"), {"code": code_for(key), "next": "/"})
    assert response.status_code == 200
    return key, list(response.context["codes"])


def test_it_sends_an_admin_without_a_device_to_set_one_up(world, required, client):
    password_login(client, world.admin)
    response = client.get(reverse("owner", args=[world.owner.slug]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor"))
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "Set up an authenticator app" in page


def test_it_refuses_a_wrong_code_and_accepts_the_right_one(world, required, client):
    password_login(client, world.admin)
    client.get(reverse("two_factor_setup"))
    key = client.session["identity_totp_key"]
    response = client.post(reverse("two_factor_setup"), {"code": wrong_code(key)})
    assert "The code is wrong" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.admin).exists()
    response = client.post(reverse("two_factor_setup"), {"code": code_for(key), "next": "/"})
    assert "shown only once" in response.content.decode()
    assert len(response.context["codes"]) == 10
    assert client.get(reverse("owner", args=[world.owner.slug])).status_code == 200
    events = AuditEvent.objects.filter(action="two_factor_enrolled", actor=world.admin)
    assert events.exists() and all(key not in str(e.changes) for e in events)


def test_a_later_login_needs_the_code(world, required, client):
    password_login(client, world.admin)
    key, _ = enrol(client)
    client.post(reverse("sso_logout"))
    password_login(client, world.admin)
    owner_page = reverse("owner", args=[world.owner.slug])
    assert client.get(owner_page).status_code == 302
    response = client.post(reverse("two_factor"), {"code": wrong_code(key), "next": owner_page})
    assert response.status_code == 200 and "The code is wrong" in response.content.decode()
    assert client.get(owner_page).status_code == 302
    _let_try_again(world.admin)
    response = client.post(reverse("two_factor"), {"code": code_for(key), "next": owner_page})
    assert response["Location"] == owner_page
    assert client.get(owner_page).status_code == 200


def test_a_recovery_code_works_once(world, required, client):
    password_login(client, world.admin)
    _, codes = enrol(client)
    for attempt in range(2):
        client.post(reverse("sso_logout"))
        password_login(client, world.admin)
        response = client.post(reverse("two_factor"), {"code": codes[0].upper()})
        if attempt == 0:
            assert response["Location"] == "/"
            assert client.get(reverse("home")).status_code == 200
        else:
            assert "The code is wrong" in response.content.decode()
            assert client.get(reverse("home")).status_code == 302
    assert StaticToken.objects.filter(device__user=world.admin).count() == 9
    assert AuditEvent.objects.filter(action="recovery_code_used", actor=world.admin).exists()


def test_a_session_cannot_replace_the_device_before_giving_a_code(world, required, client):
    password_login(client, world.admin)
    enrol(client)
    client.post(reverse("sso_logout"))
    password_login(client, world.admin)
    response = client.get(reverse("two_factor_setup"))
    assert response["Location"].startswith(reverse("two_factor"))
    client.post(reverse("two_factor_setup"), {"code": "123456"})
    assert TOTPDevice.objects.filter(user=world.admin).count() == 1
    assert client.post(reverse("two_factor_recovery_codes"))["Location"] == reverse(
        "two_factor_setup"
    )


def test_it_leaves_others_alone(world, required, client):
    password_login(client, world.principal_a)
    assert (
        client.get(reverse("school", args=[world.owner.slug, world.school_a.pk])).status_code == 200
    )
    password_login(client, world.outsider)
    assert client.get(reverse("home")).status_code == 200


def test_it_renews_recovery_codes_once_verified(world, required, client):
    password_login(client, world.admin)
    _, codes = enrol(client)
    response = client.post(reverse("two_factor_recovery_codes"))
    fresh = list(response.context["codes"])
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert client.get(reverse("two_factor_recovery_codes")).status_code == 405


def test_the_requirement_applies_at_once_to_the_admin_who_turns_it_on(world, client):
    password_login(client, world.admin)
    url = reverse("login_settings", args=[world.owner.slug])
    form = {"password_login": "on", "require_two_factor": "on", "kind": "feide"}
    response = client.post(url, form)
    assert response["Location"] == url
    assert client.get(url)["Location"].startswith(reverse("two_factor"))
    enrol(client)
    page = client.get(reverse("my_settings")).content.decode()
    assert "New recovery codes" in page
    assert client.get(url).status_code == 200


def _give_device(person):
    from skolekvalitet.identity import actions

    actions.enrol_authenticator(person, "00" * 20)


def test_an_owner_admin_removes_a_lost_second_factor(world, login):
    from skolekvalitet.organisations.models import Membership

    for person in (world.admin, world.teacher_a, world.principal_b):
        _give_device(person)
    Membership.objects.create(person=world.principal_b, owner=world.other_owner, role="teacher")
    url = reverse("two_factor_reset", args=[world.owner.slug])
    client = login(world.admin)
    page = client.get(reverse("login_settings", args=[world.owner.slug])).content.decode()
    assert "Lars Lærar" in page and "Bodil" not in page  # works for another owner too
    assert client.get(url).status_code == 405
    for refused in (world.admin, world.principal_b, world.outsider):
        response = client.post(url, {"person": refused.pk})
        assert (
            "Choose a person who has a second factor"
            in client.get(response["Location"]).content.decode()
        )
    assert TOTPDevice.objects.filter(user__in=[world.admin, world.principal_b]).count() == 2
    client.post(url, {"person": "x"})
    response = client.post(url, {"person": world.teacher_a.pk})
    assert "The second factor was removed" in client.get(response["Location"]).content.decode()
    assert not TOTPDevice.objects.filter(user=world.teacher_a).exists()
    assert not StaticToken.objects.filter(device__user=world.teacher_a).exists()
    assert AuditEvent.objects.filter(action="two_factor_reset", owner=world.owner).count() == 1
    assert login(world.principal_a).post(url, {"person": world.teacher_a.pk}).status_code == 403
    assert login(world.outsider).post(url, {"person": world.teacher_a.pk}).status_code == 404


def _let_try_again(person):
    """Skip the wait after a wrong code (the count stays), so a test need not sleep."""
    from django_otp.plugins.otp_static.models import StaticDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=person).update(throttling_failure_timestamp=None)


def test_wrong_codes_hold_the_account_back_across_log_ins(world, required, client, mailoutbox):
    """The limit belongs to the person's devices (in the database), not to the session: a new
    log-in with the password does not lift it, and the right code waits too, with a message
    saying so. Wrong codes and waits are audited, and a burst is told by e-mail."""
    world.admin.language = "nn"
    world.admin.save()
    password_login(client, world.admin)
    key, _ = enrol(client)
    owner_page = reverse("owner", args=[world.owner.slug])
    for _attempt in range(5):
        client.post(reverse("sso_logout"))
        password_login(client, world.admin)
        response = client.post(reverse("two_factor"), {"code": wrong_code(key)})
        assert "The code is wrong" in response.content.decode()
        _let_try_again(world.admin)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [world.admin.email] and "feil kodar" in mail.subject
    assert "5 feil kodar" in mail.body and "byt det med ein gong" in mail.body

    response = client.post(reverse("two_factor"), {"code": wrong_code(key)})
    assert "The code is wrong" in response.content.decode()
    client.post(reverse("sso_logout"))
    password_login(client, world.admin)
    response = client.post(reverse("two_factor"), {"code": code_for(key), "next": owner_page})
    page = response.content.decode()
    assert response.status_code == 200 and "Too many wrong codes. Wait" in page
    assert "The code is wrong" not in page
    assert client.get(owner_page).status_code == 302
    assert len(mailoutbox) == 1  # once per burst

    _let_try_again(world.admin)
    response = client.post(reverse("two_factor"), {"code": code_for(key), "next": owner_page})
    assert response["Location"] == owner_page
    assert TOTPDevice.objects.get(user=world.admin).throttling_failure_count == 0
    client.cookies["django_language"] = "nb"
    log = client.get(reverse("audit", args=[world.owner.slug])).content.decode()
    assert log.count("ga en feil kode for andre faktor") == 6
    assert "ble holdt tilbake etter for mange feil koder for andre faktor" in log


def test_the_wait_is_said_in_minutes_once_it_is_long(world, required, client):
    from django.utils import timezone

    password_login(client, world.admin)
    key, _ = enrol(client)
    client.post(reverse("sso_logout"))
    password_login(client, world.admin)
    TOTPDevice.objects.filter(user=world.admin).update(
        throttling_failure_count=12, throttling_failure_timestamp=timezone.now()
    )  # 2^11 seconds: 34 minutes and a bit
    client.cookies["django_language"] = "nn"
    response = client.post(reverse("two_factor"), {"code": code_for(key)})
    assert "For mange feil kodar. Vent 35 minutt og prøv igjen." in response.content.decode()


def test_the_setup_page_speaks_of_recovery_codes_only_as_what_comes_next(world, required, client):
    password_login(client, world.admin)
    response = client.get(reverse("two_factor_setup"))
    assert "or one of your recovery codes" not in response.content.decode()
    assert "you get recovery codes to keep" in response.content.decode()


def test_my_settings_show_the_second_factor_and_renew_and_replace_it(world, required, client):
    password_login(client, world.admin)
    old_key, codes = enrol(client)
    client.post(reverse("sso_logout"))
    password_login(client, world.admin)
    client.post(reverse("two_factor"), {"code": codes[0]})
    page = client.get(reverse("my_settings")).content.decode()
    assert "You log in with a code from an authenticator app" in page
    assert "You have 9 recovery codes left." in page

    response = client.post(reverse("two_factor_recovery_codes"), {"next": reverse("my_settings")})
    fresh = list(response.context["codes"])
    assert len(fresh) == 10 and response.context["next"] == reverse("my_settings")
    assert "You have 10 recovery codes left." in client.get(reverse("my_settings")).content.decode()
    assert not StaticToken.objects.filter(device__user=world.admin, token__in=codes).exists()

    # Replacing the app asks for a fresh code from the current one.
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Replace your authenticator app" in page and "Code from your current app" in page
    new_key = client.session["identity_totp_key"]
    response = client.post(reverse("two_factor_setup"), {"code": code_for(new_key)})
    assert "This field is required" in response.content.decode()
    _let_try_again(world.admin)
    response = client.post(
        reverse("two_factor_setup"), {"current": wrong_code(old_key), "code": code_for(new_key)}
    )
    assert "The code is wrong" in response.content.decode()
    assert TOTPDevice.objects.get(user=world.admin).key == old_key
    _let_try_again(world.admin)
    response = client.post(
        reverse("two_factor_setup"),
        {"current": fresh[0], "code": code_for(new_key), "next": reverse("my_settings")},
    )
    assert len(response.context["codes"]) == 10
    assert TOTPDevice.objects.get(user=world.admin).key == new_key
    assert AuditEvent.objects.filter(action="two_factor_enrolled", actor=world.admin).count() == 2

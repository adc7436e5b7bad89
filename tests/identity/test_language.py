"""A person's own language: the header's switch saves it, and English is one of the choices."""

from django.urls import reverse

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.organisations.models import Person


def test_the_header_switch_saves_a_logged_in_persons_language(world, login, client):
    client = login(world.admin, language="nn")
    response = client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert response.status_code == 302
    assert Person.objects.get(pk=world.admin.pk).language == "nb"
    event = AuditEvent.objects.get(owner=world.owner, object_type="organisations.person")
    assert event.changes == {"language": ["", "nb"]}
    # A new log-in without this browser's choice (another device) gets the saved language.
    client = login(world.admin, language=None)
    assert client.get(reverse("account_language")).headers["Content-Language"] == "nb"


def test_the_header_switch_without_a_log_in_only_sets_the_browser(world, login):
    client = login(None, language=None)
    response = client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "nn"
    assert not AuditEvent.objects.exists()


def test_the_header_switch_refuses_an_unknown_language_without_saving(world, login):
    client = login(world.admin, language="nn")
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert Person.objects.get(pk=world.admin.pk).language == ""


def test_english_can_be_the_saved_language(world, login):
    client = login(world.admin, language="nb")
    page = client.get(reverse("account_language")).content.decode()
    assert '<option value="en"' in page and "Engelsk" in page
    response = client.post(reverse("account_language_save"), {"language": "en"})
    assert response.status_code == 302
    assert Person.objects.get(pk=world.admin.pk).language == "en"
    client = login(world.admin, language=None)
    assert client.get(reverse("account_language")).headers["Content-Language"] == "en"

"""Password log-in: django-axes' lock-out after repeated failures, and an owner's choice to turn
passwords off, which the answer must never give away (right and wrong passwords look alike)."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD


def alerts(page: str) -> list[str]:
    """The page's error summary and messages, as the person reads them."""
    found = re.findall(r'<div class="ds-(?:alert|error-summary)"[^>]*>(.*?)</div>', page, re.S)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", f))).strip() for f in found]


@pytest.fixture
def clock(monkeypatch):
    """Django's and axes' clock, set with clock.at(minutes after the start)."""

    class Clock:
        start = timezone.now().replace(microsecond=0)
        now = start

        def at(self, minutes: float) -> None:
            self.now = self.start + datetime.timedelta(minutes=minutes)

    c = Clock()
    monkeypatch.setattr("django.utils.timezone.now", lambda: c.now)
    monkeypatch.setattr("axes.handlers.proxy.now", lambda: c.now)
    return c


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_attempts_during_a_lock_out_never_extend_it(world, client, settings, clock, language):
    """The lock ends AXES_COOLOFF_TIME after the failure that started it: nobody can keep an
    account locked for ever by trying again every few minutes, and the page says when."""
    settings.AXES_ENABLED = True
    client.cookies["django_language"] = language

    def attempt(password: str, minutes: float):
        clock.at(minutes)
        return client.post(reverse("login"), {"username": world.admin.email, "password": password})

    for _ in range(4):
        assert attempt("wrong", 0).status_code == 200
    response = attempt("wrong", 0)
    assert response.status_code == 429
    # The minute the lock has ended by (never one a try is still refused in).
    ends = clock.start + datetime.timedelta(minutes=15, seconds=59)
    ends = timezone.localtime(ends).strftime("%H.%M")  # Norwegian: «kl. 19.17»
    try_again = {"nb": "Du kan prøve igjen kl.", "nn": "Du kan prøve att kl."}[language]
    assert f"{try_again} {ends}." in response.content.decode()
    for minutes in (4, 9, 14):
        response = attempt(PASSWORD, minutes)
        assert response.status_code == 429
        assert f"{try_again} {ends}." in response.content.decode()
    assert attempt(PASSWORD, 15.1).status_code == 302


def test_a_turned_off_password_log_in_never_confirms_the_password(world, client, settings):
    """Right and wrong passwords get the same single answer, and axes counts both alike."""
    from axes.models import AccessAttempt

    from skolekvalitet.identity.models import LoginSettings

    LoginSettings.objects.create(owner=world.owner, enabled=True, password_login=False)
    settings.AXES_ENABLED = True
    client.cookies["django_language"] = "nb"

    def answer(username: str, password: str) -> list[str]:
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 200
        return alerts(response.content.decode())

    right, wrong = answer(world.teacher_a.email, PASSWORD), answer(world.teacher_a.email, "wrong")
    assert AccessAttempt.objects.get().failures_since_start == 2
    # Nor does the answer say whether the e-mail is anyone's (an unknown one, or a person at an
    # owner that keeps passwords): one text for every failure, naming the provider button.
    unknown = answer("nobody@fjordvik.example", PASSWORD)
    assert right == wrong == unknown == answer(world.outsider.email, "wrong")
    assert len(right) == 1
    assert "slått av innlogging med passord" in right[0] and "Feide" in right[0]
    assert (
        client.post(
            reverse("login"), {"username": world.outsider.email, "password": PASSWORD}
        ).status_code
        == 302
    )

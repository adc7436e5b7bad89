"""Two-factor authentication (django-otp) for owner administrators of owners that require it.

Whether a person needs a second factor is decided once, at log-in (`remember_requirement`), and
kept in the session, so no page pays a query for it. The middleware then sends such a person to
the code page (or to setting up an authenticator app) until the session is verified, either by
django-otp or by a provider log-in that the provider says was two-factor (backends.is_strong)."""

import math
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django_otp import devices_for_user

from skolekvalitet.organisations.models import Membership
from skolekvalitet.organisations.roles import Role

REQUIRED = "identity_2fa_required"
STRONG = "identity_strong"


def requires_second_factor(person) -> bool:
    return Membership.objects.filter(
        person=person,
        school__isnull=True,
        role=Role.OWNER_ADMIN,
        owner__login_settings__require_two_factor=True,
    ).exists()


def remember_requirement(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[REQUIRED] = requires_second_factor(user)


def is_satisfied(request) -> bool:
    """The session needs no (more) second factor."""
    if not request.session.get(REQUIRED):
        return True
    return bool(request.session.get(STRONG)) or is_verified(request)


class TwoFactorMiddleware:
    """After django_otp.middleware.OTPMiddleware: nothing but the code pages, logging out and
    switching language works for a session that still owes its second factor."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def open_paths(self) -> tuple[str, ...]:
        if self._open is None:
            names = ("two_factor", "two_factor_setup", "logout", "sso_logout", "set_language")
            self._open = (*(reverse(n) for n in names), settings.STATIC_URL, "/healthz/")
        return self._open

    def __call__(self, request):
        if (
            request.session.get(REQUIRED)
            and request.user.is_authenticated
            and not is_satisfied(request)
            and not request.path.startswith(self.open_paths())
        ):
            next_ = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('two_factor')}?{next_}")
        return self.get_response(request)


def is_verified(request) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def wait_seconds(person) -> int:
    """Seconds before the person may give a code again: django-otp's throttling, kept on each
    device in the database (so a new log-in does not reset it): after n wrong codes in a row
    the next try waits TWO_FACTOR_THROTTLE_FACTOR × 2^(n-1) seconds."""
    waits = [0.0]
    for device in devices_for_user(person):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append((data["locked_until"] - timezone.now()).total_seconds())
    return max(0, math.ceil(max(waits)))


def wait_message(seconds: int) -> str:
    if seconds < 60:
        return ngettext(
            "Too many wrong codes. Wait %(count)d second and try again.",
            "Too many wrong codes. Wait %(count)d seconds and try again.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many wrong codes. Wait %(count)d minute and try again.",
        "Too many wrong codes. Wait %(count)d minutes and try again.",
        minutes,
    ) % {"count": minutes}


def enrolment(person, key_hex: str) -> dict[str, str]:
    """What the setup page shows: the key as a QR code and as text (RFC 4648 base32)."""
    from base64 import b32encode
    from binascii import unhexlify
    from urllib.parse import quote, urlencode

    import segno

    secret = b32encode(unhexlify(key_hex)).decode().rstrip("=")
    label = quote(f"Skolekvalitet:{person.email}")
    uri = f"otpauth://totp/{label}?" + urlencode({"secret": secret, "issuer": "Skolekvalitet"})
    return {
        "qr": segno.make(uri, error="m").svg_inline(scale=4),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }

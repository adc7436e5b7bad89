import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django import template
from django.db.models import Max
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from skolekvalitet.identity import twofactor
from skolekvalitet.identity.models import LoginSettings

register = template.Library()


@register.simple_tag
def provider_login_available() -> bool:
    """Whether any owner has a provider set up (the log-in page offers it only then)."""
    return LoginSettings.objects.filter(enabled=True).exists()


@register.simple_tag(takes_context=True)
def lockout_ends(context):
    """When the lock-out on axes' locked-out page ends: the cool-off after the latest counted
    failure of this account and address (attempts during a lock-out are not counted)."""
    request = context["request"]
    credentials = getattr(request, "axes_credentials", None)
    latest = [
        t
        for attempts in AxesDatabaseHandler().get_user_attempts(request, credentials)
        if (t := attempts.aggregate(t=Max("attempt_time"))["t"])
    ]
    ends = max(latest, default=timezone.now()) + get_cool_off(request)
    # Said to the minute, rounded up: at the time said a try is let through.
    whole = ends.replace(second=0, microsecond=0)
    return whole if whole == ends else whole + datetime.timedelta(minutes=1)


@register.inclusion_tag("identity/my_two_factor.html", takes_context=True)
def two_factor_settings(context) -> dict:
    """The second factor on the person's own settings page: whether one is set up, how many
    recovery codes are left, and ways to new codes and a new app."""
    request = context["request"]
    person = request.user
    has_device = TOTPDevice.objects.filter(user=person).exists()
    return {
        "show": has_device or bool(request.session.get(twofactor.REQUIRED)),
        "has_device": has_device,
        "left": StaticToken.objects.filter(device__user=person).count(),
        "csrf_token": context.get("csrf_token"),
    }

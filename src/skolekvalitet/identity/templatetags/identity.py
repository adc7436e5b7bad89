from django import template
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from skolekvalitet.identity import twofactor
from skolekvalitet.identity.models import LoginSettings

register = template.Library()


@register.simple_tag
def provider_login_available() -> bool:
    """Whether any owner has a provider set up (the log-in page offers it only then)."""
    return LoginSettings.objects.filter(enabled=True).exists()


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

from django import template

from skolekvalitet.identity.models import LoginSettings

register = template.Library()


@register.simple_tag
def provider_login_available() -> bool:
    """Whether any owner has a provider set up (the log-in page offers it only then)."""
    return LoginSettings.objects.filter(enabled=True).exists()

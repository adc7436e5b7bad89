"""`check --deploy`: plain-http providers are for tests on one machine only."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def check_provider_http(app_configs=None, **kwargs):
    if settings.OIDC_ALLOW_HTTP:
        return [
            Warning(
                "OIDC_ALLOW_HTTP is on: log-in providers may be reached over plain http.",
                hint="Turn it off in production; real providers use https.",
                id="skolekvalitet.W101",
            )
        ]
    return []

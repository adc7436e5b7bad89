from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "skolekvalitet.identity"
    label = "identity"
    verbose_name = _("Log-in")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the deploy check)
        from .twofactor import remember_requirement

        user_logged_in.connect(remember_requirement, dispatch_uid="identity_two_factor")

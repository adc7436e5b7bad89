"""How an owner's people log in: its single sign-on provider (OpenID Connect: Feide, ID-porten,
Entra ID…), the e-mail domains that provider vouches for, and whether password log-in and a
second factor are required. One row per owner; written only through identity.actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from skolekvalitet.organisations.models import Owner


class ProviderKind(models.TextChoices):
    FEIDE = "feide", "Feide"
    IDPORTEN = "idporten", "ID-porten"
    ENTRA = "entra", "Entra ID"
    OTHER = "other", _("Other OpenID Connect provider")


# The name people know each kind of provider by, when the owner gives none.
DEFAULT_NAMES = {
    ProviderKind.FEIDE: "Feide",
    ProviderKind.IDPORTEN: "ID-porten",
    ProviderKind.ENTRA: "Entra ID",
}


class LoginSettings(models.Model):
    owner = models.OneToOneField(Owner, on_delete=models.CASCADE, related_name="login_settings")
    password_login = models.BooleanField(
        _("people may log in with a password"),
        default=True,
        help_text=_("Turn off when everyone logs in through the provider below."),
    )
    require_two_factor = models.BooleanField(
        _("administrators need a second factor"),
        default=False,
        help_text=_(
            "The owner's administrators must give a code from an authenticator app after "
            "logging in with a password."
        ),
    )
    # The provider. `enabled` once its discovery document has been read.
    enabled = models.BooleanField(_("in use"), default=False)
    kind = models.CharField(
        _("provider"), max_length=20, choices=ProviderKind.choices, default=ProviderKind.FEIDE
    )
    display_name = models.CharField(
        _("name on the log-in button"),
        max_length=80,
        blank=True,
        help_text=_(
            "What people call the provider, e.g. Feide or Vestland IKT Entra ID. Empty: the "
            "provider's usual name."
        ),
    )
    discovery_url = models.URLField(_("issuer or discovery address"), blank=True, max_length=500)
    client_id = models.CharField(_("client ID"), max_length=255, blank=True)
    client_secret = models.TextField(  # sealed (identity.sealing); never shown, never logged
        _("client secret"), blank=True
    )
    strong_acr_values = models.CharField(
        _("acr values that count as two-factor"), max_length=500, blank=True
    )
    # Read from the discovery document when the settings are saved.
    issuer = models.CharField(_("issuer"), max_length=500, blank=True)
    authorization_endpoint = models.URLField(max_length=500, blank=True)
    token_endpoint = models.URLField(max_length=500, blank=True)
    userinfo_endpoint = models.URLField(max_length=500, blank=True)
    jwks_uri = models.URLField(max_length=500, blank=True)
    end_session_endpoint = models.URLField(max_length=500, blank=True)
    sign_algorithm = models.CharField(max_length=10, default="RS256")
    # The provider names itself in every answer to a log-in (RFC 9207: "iss"), so a callback
    # carrying another provider's answer is refused.
    iss_parameter = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("log-in settings")

    def __str__(self) -> str:
        return f"{self.owner}: {self.get_kind_display()}"

    @property
    def button_label(self) -> str:
        """The provider's name on the log-in and log-out pages."""
        return self.display_name or DEFAULT_NAMES.get(self.kind) or _("your organisation")

    @property
    def domains(self) -> list[str]:
        return [d.domain for d in self.email_domains.all()]

    @property
    def strong_acrs(self) -> set[str]:
        return {v for v in self.strong_acr_values.replace(",", " ").split() if v}


class EmailDomain(models.Model):
    """An e-mail domain whose addresses the owner's provider may log in. A domain belongs to
    one owner only, so one owner's provider can never speak for another owner's addresses."""

    login_settings = models.ForeignKey(
        LoginSettings, on_delete=models.CASCADE, related_name="email_domains"
    )
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

"""Read tokens for the open API (per owner, with scopes; only a hash is stored), their daily use,
and whether an owner publishes open data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skolekvalitet.organisations.models import Owner


class Scope(models.TextChoices):
    FIGURES = "figures:read", _("Figures and indicators")
    PLANS = "plans:read", _("Development plans and goals")
    REPORTS = "reports:read", _("Status reports and their versions")


class ApiToken(models.Model):
    """A read token. The token itself is shown once when made; only its SHA-256 is kept (a
    random 256-bit secret needs no slow hash). `prefix` names it on the page."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)

    AUDIT_CHOICES = {"scopes": Scope}

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked is None

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(code, code)) for code in self.scopes]


class ApiTokenUse(models.Model):
    """How many calls a token made on a day: the API's record of use (docs/reference/api.md)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    day = models.DateField()
    calls = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)  # of them: revoked, missing scope, too many

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["token", "day"], name="token_use_per_day")]

    def __str__(self) -> str:
        return f"{self.token_id} {self.day}: {self.calls}"


class OpenData(models.Model):
    """Whether the owner publishes its figures and report versions as open data (off until the
    owner's administrator turns it on)."""

    owner = models.OneToOneField(Owner, on_delete=models.CASCADE, related_name="open_data")
    published = models.BooleanField(_("open data published"), default=False)
    changed = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("open data")

    def __str__(self) -> str:
        return str(self.owner)

"""Writes of the identity app: atomic and audited (audit.log.record / record_for_person).
Client secrets and one-time codes are never written to the audit log."""

import secrets
from binascii import unhexlify

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from skolekvalitet.audit.log import diff, record, record_for_person, snapshot

from .discovery import ENDPOINTS, DiscoveryError, discover
from .models import EmailDomain, LoginSettings
from .sealing import seal

AUDITED = [
    "password_login",
    "require_two_factor",
    "enabled",
    "kind",
    "display_name",
    "discovery_url",
    "client_id",
    "strong_acr_values",
    "issuer",
]
RECOVERY_CODES = 10


def login_settings_for(owner) -> LoginSettings:
    """The owner's settings, unsaved defaults when it has none yet."""
    return LoginSettings.objects.filter(owner=owner).first() or LoginSettings(owner=owner)


def save_login_settings(
    actor, settings: LoginSettings, before: dict, domains: list[str], secret: str
) -> None:
    """Save the form's changes: read the provider's discovery document first (outside the
    transaction), and refuse domains another owner has claimed."""
    taken = EmailDomain.objects.filter(domain__in=domains)
    if settings.pk:
        taken = taken.exclude(login_settings=settings)
    if taken.exists():
        raise ValidationError(
            {
                "domains": _("Another school owner already uses %(domains)s.")
                % {"domains": ", ".join(sorted(d.domain for d in taken))}
            }
        )
    if settings.discovery_url:
        try:
            found = discover(settings.discovery_url)
        except DiscoveryError as error:
            raise ValidationError({"discovery_url": str(error)}) from None
        for key, value in found.items():
            setattr(settings, key, value)
        settings.enabled = True
        if secret:
            settings.client_secret = seal(secret)
    else:
        for key in (*ENDPOINTS, "client_id", "client_secret", "strong_acr_values"):
            setattr(settings, key, "")
        settings.enabled, settings.iss_parameter, domains = False, False, []
    old_domains = sorted(d.domain for d in settings.email_domains.all()) if settings.pk else []
    with transaction.atomic():
        created = settings.pk is None
        settings.save()
        EmailDomain.objects.filter(login_settings=settings).exclude(domain__in=domains).delete()
        for domain in domains:
            EmailDomain.objects.get_or_create(login_settings=settings, domain=domain)
        changes = diff(before, snapshot(settings, AUDITED))
        if old_domains != domains:
            changes["domains"] = [old_domains, domains]
        if secret and settings.enabled:
            changes["client_secret"] = [None, "(changed)"]
        record(actor, settings.owner, "create" if created else "update", settings, changes)


def totp_matches(key_hex: str, code: str) -> bool:
    return code.isdigit() and TOTP(unhexlify(key_hex)).verify(int(code), tolerance=1)


@transaction.atomic
def enrol_authenticator(person, key_hex: str) -> tuple[TOTPDevice, list[str]]:
    """Replace the person's authenticator and recovery codes; the codes are returned once."""
    TOTPDevice.objects.filter(user=person).delete()
    device = TOTPDevice.objects.create(
        user=person, name=_("Authenticator app"), key=key_hex, confirmed=True
    )
    codes = _new_recovery_codes(person)
    record_for_person(person, "two_factor_enrolled")
    return device, codes


@transaction.atomic
def renew_recovery_codes(person) -> list[str]:
    codes = _new_recovery_codes(person)
    record_for_person(person, "recovery_codes_renewed")
    return codes


def _new_recovery_codes(person) -> list[str]:
    StaticDevice.objects.filter(user=person).delete()
    device = StaticDevice.objects.create(user=person, name=_("Recovery codes"), confirmed=True)
    codes = [secrets.token_hex(5) for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def note_recovery_code_used(person) -> None:
    record_for_person(person, "recovery_code_used")


def resettable(actor, owner, memberships):
    """The people whose second factor the owner's administrator may reset: those with a device
    who work for this owner only (another owner's protection is not this owner's to lift), and
    never the administrator themselves (they use a recovery code)."""
    from django.db.models import Count, Q

    from skolekvalitet.organisations.models import Person

    return (
        Person.objects.filter(pk__in=memberships.values("person"))
        .exclude(pk=actor.pk)
        .filter(Q(totpdevice__isnull=False) | Q(staticdevice__isnull=False))
        .annotate(owners=Count("memberships__owner", distinct=True))
        .filter(owners=1)
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def reset_second_factor(actor, owner, person) -> None:
    """Remove the person's authenticator and recovery codes; they set up a new one next time."""
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    record(actor, owner, "two_factor_reset", person, {})

"""Writes of the identity app: atomic and audited (audit.log.record / record_for_person).
Client secrets and one-time codes are never written to the audit log."""

import logging
import secrets
from binascii import unhexlify

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from skolekvalitet.audit.log import diff, record, record_for_person, snapshot
from skolekvalitet.organisations.access import owners_for

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
# After this many wrong codes in a row the person is told by e-mail (once per burst).
WRONG_CODES_WARNING = 5

log = logging.getLogger(__name__)


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
    # Keep the device (a session verified by a recovery code stays verified); replace its codes.
    device = StaticDevice.objects.filter(user=person).first() or StaticDevice.objects.create(
        user=person, name=_("Recovery codes"), confirmed=True
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def note_recovery_code_used(person) -> None:
    record_for_person(person, "recovery_code_used")


def note_wrong_code(person) -> None:
    """A wrong code: audited; after a burst of them the person hears of it by e-mail."""
    record_for_person(person, "two_factor_failed")
    counts = TOTPDevice.objects.filter(user=person).values_list("throttling_failure_count")
    if max((c for (c,) in counts), default=0) == WRONG_CODES_WARNING:
        warn_of_wrong_codes(person, WRONG_CODES_WARNING)


def clear_wrong_codes(person) -> None:
    """A code was right: the wrong ones before it no longer hold back any of the person's
    devices (django-otp checks each device in turn and counts a miss on each)."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=person).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


def note_held_back(person) -> None:
    """A code given while the person must wait (throttled): audited, not checked."""
    record_for_person(person, "two_factor_throttled")


def warn_of_wrong_codes(person, count: int) -> None:
    """E-mail in the person's language (their own, else their school owner's)."""
    owners = owners_for(person)
    language = person.language or (owners[0].default_language if owners else "nb")
    with translation.override(language):
        subject = _("Skolekvalitet: wrong codes at your log-in")
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": person.name},
                _(
                    "Someone has given %(count)s wrong codes in a row for your second factor "
                    "when logging in to Skolekvalitet as %(email)s. Log-in is held back for a "
                    "while after each wrong code."
                )
                % {"count": count, "email": person.email},
                _(
                    "If it was not you, someone knows your password: change it at once and "
                    "tell your school owner's administrator."
                ),
            ]
        )
    try:
        send_mail(subject, body, None, [person.email])
    except OSError:  # the log-in goes on; the audit log has the wrong codes
        log.warning("could not send the wrong-codes warning to person %s", person.pk)


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

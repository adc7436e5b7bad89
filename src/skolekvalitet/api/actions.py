"""Writes of the API app: tokens made and revoked, open data published or withdrawn, by the
owner's administrators; atomic and audited (never the token itself, only its name)."""

import secrets

from django.db import transaction
from django.utils import timezone

from skolekvalitet.audit.log import record
from skolekvalitet.organisations.models import Owner, Person

from .models import ApiToken, OpenData, Scope
from .tokens import PREFIX, digest


@transaction.atomic
def create_token(actor: Person, owner: Owner, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner,
        name=name,
        prefix=secret[: len(PREFIX) + 4],
        digest=digest(secret),
        scopes=sorted(set(scopes) & set(Scope.values)),
        created_by=actor,
    )
    record(actor, owner, "create", token, {"name": [None, name], "scopes": [None, token.scopes]})
    return token, secret


@transaction.atomic
def revoke_token(actor: Person, token: ApiToken) -> None:
    if token.revoked is not None:
        return
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    record(actor, token.owner, "revoke", token, {"revoked": [None, str(token.revoked)]})


@transaction.atomic
def set_open_data(actor: Person, owner: Owner, published: bool) -> OpenData:
    setting, _ = OpenData.objects.select_for_update().get_or_create(owner=owner)
    if setting.published != published:
        setting.published = published
        setting.save()
        record(actor, owner, "update", setting, {"published": [not published, published]})
    return setting


def open_data_published(owner: Owner) -> bool:
    return OpenData.objects.filter(owner=owner, published=True).exists()

"""Read tokens on every API call: checked, rate limited per token and counted per token and
day. (They are made and revoked in actions.py.)"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from .models import ApiToken, ApiTokenUse

PREFIX = "skq_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Revoked(Exception):
    """A call with a token the owner's administrator has revoked (401 that says so)."""


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


def check_rate(token: ApiToken) -> None:
    """A fixed one-minute window per token in Django's cache; over API_RATE_LIMIT calls the
    call is refused with the seconds left of the window."""
    now = time.time()
    window = int(now // 60)
    key = f"api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=61)
    try:
        calls = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=61)
        calls = 1
    if calls > settings.API_RATE_LIMIT:
        raise RateLimited(max(1, int((window + 1) * 60 - now) + 1))


def count_use(token: ApiToken, refused: bool = False) -> None:
    """One more call today (a row per token and day), refused or not, and the token's last use."""
    now = timezone.now()
    use, created = ApiTokenUse.objects.get_or_create(
        token=token, day=timezone.localdate(now), defaults={"calls": 1, "refused": int(refused)}
    )
    if not created:
        ApiTokenUse.objects.filter(pk=use.pk).update(
            calls=F("calls") + 1, refused=F("refused") + int(refused)
        )
    ApiToken.objects.filter(pk=token.pk).update(last_used=now)


def count_refusal(token: ApiToken) -> None:
    """Today's call with this token (already counted) was refused: it lacked the scope."""
    ApiTokenUse.objects.filter(token=token, day=timezone.localdate()).update(
        refused=F("refused") + 1
    )


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, or None; a call with a revoked token is counted as
    refused, so that the owner sees that something still uses it, and answered as revoked."""
    if not secret.startswith(PREFIX):
        return None
    token = ApiToken.objects.select_related("owner").filter(digest=digest(secret)).first()
    if token is not None and not token.active:
        count_use(token, refused=True)
        raise Revoked
    return token

"""Authentication backends: OpenID Connect per owner (mozilla-django-oidc, configured from the
owner's LoginSettings instead of Django settings) and password log-in that honours each owner's
choice to turn passwords off.

The OIDC backend never creates a person. It logs in an existing person whose verified e-mail
(case-insensitive) is in one of the provider's e-mail domains and who has a role at the provider's
owner; a person with roles at other owners too only if each of those owners trusts the same
issuer. Every refusal leaves its reason on the request (`identity_refusal`) for the message.

django-axes locks password log-ins per username and address. A provider log-in is not locked
out that way: a school's staff share one public address, and the provider has checked the
password already. Before an identity is known (an unknown state, a forged token) nothing is
counted: signatures, nonce and state refuse those anyway. A refusal of an identity the provider
vouched for is counted by axes under that e-mail (`count_refusal`), never under the address, so
nobody is held back because others failed; the message always names the real reason."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import LoginSettings
from .sealing import Unreadable, unseal

log = logging.getLogger(__name__)

# amr values (RFC 8176) that say the person gave more than one factor.
STRONG_AMR = frozenset({"mfa", "otp", "hwk", "sms", "swk", "sc"})


def password_allowed(person) -> bool:
    """False when any owner the person works for has turned password log-in off."""
    return not LoginSettings.objects.filter(
        owner__memberships__person=person, password_login=False
    ).exists()


class PasswordBackend(ModelBackend):
    """No password log-in for a person whose owner turned it off. The log-in form
    (identity.forms.LoginForm) says so, whether the password was right or wrong."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        person = super().authenticate(request, username=username, password=password, **kwargs)
        if person is not None and not password_allowed(person):
            return None
        return person


def axes_skips(request, credentials: dict | None) -> bool:
    """AXES_WHITELIST_CALLABLE: axes neither checks nor counts a provider log-in by address
    (the callback's own authenticate call, which has no username)."""
    return getattr(request, "identity_login_settings", None) is not None and not (
        credentials or {}
    ).get("username")


def count_refusal(request, email: str) -> None:
    """Count a refused provider log-in under the e-mail the provider vouched for (axes'
    records), without axes' lock-out page: the refusal's own message says what is wrong."""
    user_login_failed.send(
        sender=__name__, credentials={"username": email.strip().lower()}, request=request
    )
    request.axes_locked_out = False


def is_strong(claims: dict, login_settings: LoginSettings) -> bool:
    """A provider log-in counts as two-factor when the ID token's acr is one the owner listed,
    or its amr names a second factor."""
    acr = claims.get("acr")
    amr = claims.get("amr") or []
    return (isinstance(acr, str) and acr in login_settings.strong_acrs) or (
        isinstance(amr, list) and bool(STRONG_AMR & {str(a) for a in amr})
    )


class OwnerOIDCBackend(OIDCAuthenticationBackend):
    SETTINGS = {
        "OIDC_RP_SCOPES": "openid email profile",
        "OIDC_CREATE_USER": False,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_STORE_ID_TOKEN": True,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_VERIFY_KID": True,
        "OIDC_TOKEN_USE_BASIC_AUTH": False,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso_callback",
    }

    def __init__(self, *args, **kwargs):
        # The library reads its configuration from Django settings here; ours comes per owner
        # in authenticate().
        self.UserModel = get_user_model()
        self.login_settings: LoginSettings | None = None

    def get_settings(self, attr, *args):  # type: ignore[override]
        if attr in self.SETTINGS:
            return self.SETTINGS[attr]
        if attr == "OIDC_TIMEOUT":
            return settings.OIDC_TIMEOUT
        if attr == "OIDC_VERIFY_SSL":
            return True
        return getattr(settings, attr, *args) if args else getattr(settings, attr)

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        login_settings = getattr(request, "identity_login_settings", None)
        if request is None or login_settings is None or kwargs:
            return None
        self.login_settings = login_settings
        self.OIDC_OP_TOKEN_ENDPOINT = login_settings.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = login_settings.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = login_settings.jwks_uri
        self.OIDC_RP_CLIENT_ID = login_settings.client_id
        try:
            self.OIDC_RP_CLIENT_SECRET = unseal(login_settings.client_secret)
        except Unreadable:
            log.warning("OIDC client secret of owner %s unreadable", login_settings.owner_id)
            request.identity_refusal = "secret"
            return None
        self.OIDC_RP_SIGN_ALGO = login_settings.sign_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except (
            SuspiciousOperation,
            requests.RequestException,
            jwt.PyJWTError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
        ) as e:
            # Never log the token or the secret: the kind of failure is enough.
            log.warning("OIDC log-in refused at owner %s: %s", login_settings.owner_id, type(e))
            request.identity_refusal = "token"
            return None

    def verify_token(self, token, **kwargs):
        # Refuse an unexpected algorithm ("none", HS256 with the secret…) before anything else.
        if jwt.get_unverified_header(token).get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("unexpected signing algorithm")
        return super().verify_token(token, **kwargs)

    def _verify_jws(self, payload, key):
        """The library checks the signature only; we check issuer, audience and expiry too."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("unexpected signing algorithm")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.login_settings.issuer,
                leeway=60,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.PyJWTError as e:
            raise SuspiciousOperation(f"ID token refused: {type(e).__name__}") from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for another party")
        return claims

    def refuse(self, reason: str, email: str = "") -> None:
        self.request.identity_refusal = reason
        if email:
            count_refusal(self.request, email)

    def get_or_create_user(self, access_token, id_token, payload):
        """Find the invited person; never create one."""
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            return self.refuse("token")
        email = str(userinfo.get("email") or payload.get("email") or "").strip()
        verified = userinfo.get("email_verified", payload.get("email_verified"))
        if not email or "@" not in email:
            return self.refuse("no_email")
        if verified is False or str(verified).lower() == "false":
            return self.refuse("unverified", email)
        ls = self.login_settings
        if email.rsplit("@", 1)[1].lower() not in ls.domains:
            return self.refuse("domain", email)
        person = self.UserModel.objects.filter(email__iexact=email, is_active=True).first()
        owners = set(person.memberships.values_list("owner_id", flat=True)) if person else set()
        if ls.owner_id not in owners:
            return self.refuse("no_person", email)
        trusting = LoginSettings.objects.filter(
            owner_id__in=owners, enabled=True, issuer=ls.issuer
        ).values_list("owner_id", flat=True)
        if owners - set(trusting):
            return self.refuse("other_owner", email)
        self.request.identity_strong = is_strong(payload, ls)
        return person

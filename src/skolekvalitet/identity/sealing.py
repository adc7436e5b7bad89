"""Client secrets at rest: sealed with a key derived from SECRET_KEY (Fernet: AES-128-CBC with
HMAC-SHA256), so a copy of the database alone does not give away the owners' client secrets.
Secrets sealed under a key in SECRET_KEY_FALLBACKS still open after a key rotation."""

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class Unreadable(Exception):
    """Sealed under a key this server no longer has: the secret must be entered again."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(
        algorithm=SHA256(), length=32, salt=b"skolekvalitet.identity", info=b"client-secret"
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(plain: str) -> str:
    return _fernet(settings.SECRET_KEY).encrypt(plain.encode()).decode()


def unseal(sealed: str) -> str:
    for secret_key in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        try:
            return _fernet(secret_key).decrypt(sealed.encode()).decode()
        except (InvalidToken, ValueError):
            continue
    raise Unreadable

"""Reading a provider's OpenID Connect discovery document (/.well-known/openid-configuration)."""

from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

WELL_KNOWN = "/.well-known/openid-configuration"
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
ENDPOINTS = (*REQUIRED, "end_session_endpoint")


class DiscoveryError(Exception):
    """The address does not lead to a usable provider; the message is for the user."""


def discovery_address(url: str) -> str:
    url = url.strip()
    return url if url.endswith(WELL_KNOWN) else url.rstrip("/") + WELL_KNOWN


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme
    if scheme != "https" and not (scheme == "http" and settings.OIDC_ALLOW_HTTP):
        raise DiscoveryError(_("The provider's addresses must start with https://."))


def discover(url: str) -> dict:
    """The provider's endpoints, signing algorithm and whether it names itself in log-in
    answers (RFC 9207), or DiscoveryError."""
    address = discovery_address(url)
    check_scheme(address)
    try:
        response = requests.get(address, timeout=settings.OIDC_TIMEOUT, allow_redirects=False)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError):
        raise DiscoveryError(
            _("Could not read the provider's discovery document at %(address)s.")
            % {"address": address}
        ) from None
    if not isinstance(document, dict):
        document = {}
    found = {
        k: v if isinstance(v := document.get(k), str) and len(v) <= 500 else "" for k in ENDPOINTS
    }
    if not all(found[k] for k in REQUIRED):
        raise DiscoveryError(_("The discovery document lacks the addresses log-in needs."))
    if discovery_address(found["issuer"]) != address:
        raise DiscoveryError(_("The discovery document names another issuer."))
    for key in ENDPOINTS:
        if found[key]:
            check_scheme(found[key])
    algorithms = document.get("id_token_signing_alg_values_supported") or ["RS256"]
    if not isinstance(algorithms, list) or not algorithms:
        algorithms = ["RS256"]
    found["iss_parameter"] = document.get("authorization_response_iss_parameter_supported") is True
    found["sign_algorithm"] = "RS256" if "RS256" in algorithms else str(algorithms[0])[:10]
    if found["sign_algorithm"] in ("none", "") or found["sign_algorithm"].startswith("HS"):
        raise DiscoveryError(
            _("The provider signs with an algorithm Skolekvalitet does not accept.")
        )
    return found

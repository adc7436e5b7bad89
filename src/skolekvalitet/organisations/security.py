"""Login lock-out keys and response headers for personal data.

Behind a reverse proxy every request comes from the proxy's address; the client's own address is
the one the nearest trusted proxy appended to X-Forwarded-For. TRUSTED_PROXY_COUNT says how many
proxies stand in front of the app (0: none, read REMOTE_ADDR). Entries further left were written by
the client and are never trusted, so nobody can pick the address they are locked out under.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def client_ip(request: HttpRequest) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    return hops[-count] if len(hops) >= count else remote


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The lock-out key's username, in the case the login accepts (any)."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or request.POST.get(
        settings.AXES_USERNAME_FORM_FIELD
    )
    return username.strip().lower() if username else username


class NoStoreMiddleware:
    """Pages for a logged-in person, and the answer pages, may hold personal data: no browser or
    proxy keeps a copy (Cache-Control: no-store). Static files and the public report are cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/answer/"):
            add_never_cache_headers(response)
            response["Cache-Control"] += ", private"
        return response

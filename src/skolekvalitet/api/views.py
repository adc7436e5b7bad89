"""The owner administrator's page for the open API and open data, and its writes (each on its
own URL; GET on a write answers 405 after the access check)."""

from django.contrib import messages
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule

from . import actions
from .forms import RevokeForm, TokenForm
from .models import ApiToken

OPEN_DATA_URLS = (
    "open_data_home",
    "open_catalog",
    "open_figures_xlsx",
    "open_figures_csv",
    "open_figures_json",
    "open_reports_csv",
    "open_reports_json",
)


def secret_key(owner) -> str:
    """The session key under which a new token's secret waits to be shown once."""
    return f"api_new_token:{owner.pk}"


def page(request: HttpRequest, owner, form=None, status: int = 200):
    tokens = ApiToken.objects.filter(owner=owner).annotate(
        calls=Sum("uses__calls"), refused=Sum("uses__refused")
    )
    context = {
        "owner": owner,
        "form": form or TokenForm(),
        "tokens": tokens,
        "secret": request.session.pop(secret_key(owner), ""),
        "published": actions.open_data_published(owner),
        "open_urls": [
            request.build_absolute_uri(reverse(name, args=[owner.slug])) for name in OPEN_DATA_URLS
        ],
        "docs_url": request.build_absolute_uri(reverse("openapi-view")),
    }
    return render(request, "api/settings.html", context, status=status)


@access_rule("owner_admin")
def api_settings(request: HttpRequest, slug: str) -> HttpResponse:
    return page(request, access.get_owner_as_admin(request.user, slug))


@access_rule("owner_admin")
def token_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Make a token, then redirect to the page, which shows its secret once: the secret waits
    in the (server-side) session until then, never in a URL, and a reload makes no second one."""
    owner = access.get_owner_as_admin(request.user, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TokenForm(request.POST)
    if not form.is_valid():
        return page(request, owner, form, status=400)
    data = form.cleaned_data
    _token, secret = actions.create_token(request.user, owner, data["name"], data["scopes"])
    request.session[secret_key(owner)] = secret
    messages.success(request, _("The token was made. Copy it now: it is not shown again."))
    return redirect("api_settings", owner.slug)


@access_rule("owner_admin")
def token_revoke(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RevokeForm(request.POST, tokens=ApiToken.objects.filter(owner=owner))
    if form.is_valid():
        actions.revoke_token(request.user, form.cleaned_data["token"])
        messages.success(request, _("The token was revoked. It no longer works."))
    else:
        messages.error(request, _("Choose a token to revoke."))
    return redirect("api_settings", owner.slug)


@access_rule("owner_admin")
def open_data_set(request: HttpRequest, slug: str, published: bool) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    actions.set_open_data(request.user, owner, published)
    if published:
        messages.success(request, _("The figures and report versions are now open data."))
    else:
        messages.success(request, _("Open data is no longer published."))
    return redirect("api_settings", owner.slug)

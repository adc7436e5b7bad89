"""Log-in through the owner's OpenID Connect provider, the owner's log-in settings page, and the
second factor. Objects come only through access helpers (organisations.access)."""

from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings as django_settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.util import random_hex
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from skolekvalitet.audit.log import snapshot
from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.forms import add_validation_error

from . import actions, twofactor
from .backends import OwnerOIDCBackend
from .forms import ChooseForm, CodeForm, LoginSettingsForm, ReplaceForm, ResetForm, SetupForm
from .models import EmailDomain, LoginSettings

PENDING = "identity_pending"  # state → owner id of log-ins under way
SSO = "identity_sso"  # the provider log-in of this session: owner id, for logging out
REFUSALS = {
    "domain": gettext_lazy(
        "Your e-mail domain is not accepted for this log-in. Log in with a password, or ask "
        "your school owner."
    ),
    "no_person": gettext_lazy(
        "You have no access to Skolekvalitet yet. Ask your school owner for an invitation to "
        "your work e-mail."
    ),
    "other_owner": gettext_lazy(
        "You also work for a school owner that does not trust this log-in. Log in with a password."
    ),
    "no_email": gettext_lazy("The log-in service did not tell us your e-mail address."),
    "unverified": gettext_lazy("The log-in service has not verified your e-mail address."),
    "token": gettext_lazy("The log-in could not be verified. Try again."),
    "failed": gettext_lazy("The log-in was cancelled or has expired. Try again."),
    "secret": gettext_lazy(
        "This log-in service must be set up again by your school owner's administrator (its "
        "client secret). Log in with a password meanwhile."
    ),
}


@access_rule("public")
def choose(request: HttpRequest) -> HttpResponse:
    """Find the provider by the person's e-mail domain, and offer it as a link: the site's CSP
    (form-action 'self') rightly stops a form from redirecting to another site."""
    form = ChooseForm(request.POST or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        domain = form.cleaned_data["email"].rsplit("@", 1)[1].lower()
        found = EmailDomain.objects.filter(domain=domain, login_settings__enabled=True)
        found = found.select_related("login_settings__owner").first()
        if found is not None:
            start = reverse("sso_start", args=[found.login_settings.owner.slug])
            next_ = request.GET.get("next")
            context["start"] = f"{start}?{urlencode({'next': next_})}" if next_ else start
            context["provider"] = found.login_settings
        else:
            form.add_error(
                "email",
                _(
                    "No log-in service is set up for this e-mail domain. Log in with a "
                    "password, or ask your school owner."
                ),
            )
    return render(request, "identity/choose.html", context)


class StartView(OIDCAuthenticationRequestView):
    """Send the browser to the owner's provider (the library's request view, per owner)."""

    def __init__(self, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get_settings(self, attr, *args):  # type: ignore[override]
        return OwnerOIDCBackend().get_settings(attr, *args)

    def get(self, request, slug):  # type: ignore[override]
        settings = LoginSettings.objects.filter(owner__slug=slug, enabled=True).first()
        if settings is None:
            messages.error(request, _("This log-in service is not set up."))
            return redirect("sso_choose")
        self.OIDC_OP_AUTH_ENDPOINT = settings.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = settings.client_id
        response = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        pending = request.session.get(PENDING, {})
        pending[state] = settings.owner_id
        request.session[PENDING] = dict(list(pending.items())[-5:])
        return response


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here (one address for every owner)."""

    def get(self, request):
        owner_id = request.session.get(PENDING, {}).pop(request.GET.get("state", ""), None)
        request.session.modified = True
        request.identity_login_settings = (
            LoginSettings.objects.filter(owner_id=owner_id, enabled=True).first()
            if owner_id
            else None
        )
        if request.identity_login_settings is None:
            return self.login_failure()
        # RFC 9207: the answer names the provider that gave it; another issuer's answer (a
        # mix-up attack) is refused, and so is an answer without it from a provider that
        # promises it.
        iss = request.GET.get("iss")
        expected = request.identity_login_settings.issuer
        if (iss is not None and iss != expected) or (
            iss is None and request.identity_login_settings.iss_parameter
        ):
            request.identity_refusal = "token"
            return self.login_failure()
        try:
            return super().get(request)
        except SuspiciousOperation:
            return self.login_failure()

    def login_failure(self):
        reason = getattr(self.request, "identity_refusal", "failed")
        messages.error(self.request, REFUSALS[reason])
        return redirect("login")

    def login_success(self):
        response = super().login_success()
        session = self.request.session
        session[SSO] = self.request.identity_login_settings.owner_id
        session[twofactor.STRONG] = getattr(self.request, "identity_strong", False)
        return response


@access_rule("public_post")
@require_POST
def sso_logout(request: HttpRequest) -> HttpResponse:
    """Log out here and, when the session came from a provider, at the provider too (RP-initiated
    logout: its end_session_endpoint with id_token_hint), which sends the browser back to the
    log-in page. The browser goes there by a refresh, not a redirect: the site's CSP
    (form-action 'self') rightly stops a form's redirect to another site. The page's language
    survives the log-out (the language cookie)."""
    owner_id, id_token = request.session.get(SSO), request.session.get("oidc_id_token")
    language = translation.get_language()
    logout(request)
    settings = LoginSettings.objects.filter(owner_id=owner_id, enabled=True).first()
    if settings is None or not settings.end_session_endpoint or not id_token:
        response = redirect("login")
    else:
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": settings.client_id,
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
                "ui_locales": language,
            }
        )
        end_session = f"{settings.end_session_endpoint}?{query}"
        context = {"provider": settings, "end_session": end_session}
        response = render(request, "identity/logged_out.html", context)
        response["Refresh"] = f"0;url={end_session}"
    if request.COOKIES.get(django_settings.LANGUAGE_COOKIE_NAME) != language:
        response.set_cookie(
            django_settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=django_settings.LANGUAGE_COOKIE_AGE,
            path=django_settings.LANGUAGE_COOKIE_PATH,
            domain=django_settings.LANGUAGE_COOKIE_DOMAIN,
            secure=django_settings.LANGUAGE_COOKIE_SECURE,
            httponly=django_settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=django_settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@access_rule("owner_admin")
def login_settings(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    settings = actions.login_settings_for(owner)
    before = snapshot(settings, actions.AUDITED) if settings.pk else {}
    form = LoginSettingsForm(
        request.POST or None,
        instance=settings,
        initial={"domains": "\n".join(settings.domains) if settings.pk else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_login_settings(
                request.user, form.instance, before, data["domains"], data["secret"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            request.session[twofactor.REQUIRED] = twofactor.requires_second_factor(request.user)
            messages.success(request, _("The log-in settings were saved."))
            return redirect("login_settings", owner.slug)
    callback = request.build_absolute_uri(reverse("sso_callback"))
    people = actions.resettable(request.user, owner, access.owner_memberships(request.user, owner))
    context = {
        "owner": owner,
        "form": form,
        "settings": settings,
        "callback": callback,
        "reset_form": ResetForm(people=people) if people.exists() else None,
    }
    return render(request, "identity/settings.html", context)


@access_rule("owner_admin")
def two_factor_reset(request: HttpRequest, slug: str) -> HttpResponse:
    """Lost phone, no recovery codes left: the owner's administrator removes the person's
    second factor, and the person sets up a new one at the next log-in. (Access first, so
    others get their 403 or 404 for GET too.)"""
    owner = access.get_owner_as_admin(request.user, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    people = actions.resettable(request.user, owner, access.owner_memberships(request.user, owner))
    form = ResetForm(request.POST, people=people)
    if form.is_valid():
        actions.reset_second_factor(request.user, owner, form.cleaned_data["person"])
        messages.success(request, _("The second factor was removed."))
    else:
        messages.error(request, _("Choose a person who has a second factor."))
    return redirect("login_settings", owner.slug)


def _next(request: HttpRequest) -> str:
    next_ = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(next_, {request.get_host()}, request.is_secure())
    return next_ if safe else "/"


@access_rule("authenticated")  # a step of logging in: the password is given
def two_factor(request: HttpRequest) -> HttpResponse:
    """Give the code from the authenticator app, or a recovery code (each works once)."""
    if not user_has_device(request.user):
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Wrong codes hold the person's devices back for longer and longer (django-otp's
        # throttling, in the database); a code given meanwhile is not even checked.
        if wait := twofactor.wait_seconds(request.user):
            actions.note_held_back(request.user)
            form.add_error("code", twofactor.wait_message(wait))
        elif device := match_token(request.user, form.cleaned_data["code"]):
            actions.clear_wrong_codes(request.user)
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                actions.note_recovery_code_used(request.user)
                messages.warning(request, _("You used a recovery code. It cannot be used again."))
            return redirect(_next(request))
        else:
            actions.note_wrong_code(request.user)
            form.add_error("code", _("The code is wrong or has expired. Try again."))
    return render(request, "identity/two_factor.html", {"form": form, "next": _next(request)})


@access_rule("authenticated")  # a step of logging in: the password is given
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Connect an authenticator app. Replacing one needs a session verified by the old one and
    a fresh code from it (or a recovery code)."""
    replacing = user_has_device(request.user)
    if replacing and not twofactor.is_verified(request):
        return redirect(f"{reverse('two_factor')}?{urlencode({'next': _next(request)})}")
    key = request.session.get("identity_totp_key") or random_hex(20)
    request.session["identity_totp_key"] = key
    form = (ReplaceForm if replacing else SetupForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not actions.totp_matches(key, form.cleaned_data["code"]):
            form.add_error("code", _("The code is wrong or has expired. Try again."))
        elif replacing and (wait := twofactor.wait_seconds(request.user)):
            actions.note_held_back(request.user)
            form.add_error("current", twofactor.wait_message(wait))
        elif replacing and not match_token(request.user, form.cleaned_data["current"]):
            actions.note_wrong_code(request.user)
            form.add_error("current", _("The code is wrong or has expired. Try again."))
        else:
            actions.clear_wrong_codes(request.user)
            device, codes = actions.enrol_authenticator(request.user, key)
            del request.session["identity_totp_key"]
            otp_login(request, device)
            return render(
                request, "identity/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
    context = {
        "form": form,
        "next": _next(request),
        "replacing": replacing,
        **twofactor.enrolment(request.user, key),
    }
    return render(request, "identity/two_factor_setup.html", context)


@access_rule("authenticated")  # a step of logging in: the password is given
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), shown once."""
    if not user_has_device(request.user) or not twofactor.is_verified(request):
        return redirect("two_factor_setup")
    codes = actions.renew_recovery_codes(request.user)
    return render(request, "identity/recovery_codes.html", {"codes": codes, "next": _next(request)})

from django.contrib.auth import views as auth
from django.urls import path

from skolekvalitet.organisations.access import access_rule

from . import language, views
from .forms import LoginForm

urlpatterns = [
    # The header's language switch: Django's set_language, saved for a logged-in person too.
    path("i18n/setlang/", language.switch_language, name="set_language"),
    # Django's log-in view with the form that answers every failure alike (forms.LoginForm).
    path(
        "accounts/login/",
        access_rule("public")(
            auth.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm)
        ),
        name="login",
    ),
    path("accounts/sso/", views.choose, name="sso_choose"),
    path(
        "accounts/sso/start/<slug:slug>/",
        access_rule("public")(views.StartView.as_view()),
        name="sso_start",
    ),
    path(
        "accounts/sso/callback/",
        access_rule("public")(views.CallbackView.as_view()),
        name="sso_callback",
    ),
    path("accounts/sso/logout/", views.sso_logout, name="sso_logout"),
    path("accounts/language/", language.language, name="account_language"),
    path("accounts/language/save/", language.language_save, name="account_language_save"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "accounts/two-factor/recovery-codes/",
        views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("o/<slug:slug>/login-settings/", views.login_settings, name="login_settings"),
    path(
        "o/<slug:slug>/login-settings/two-factor-reset/",
        views.two_factor_reset,
        name="two_factor_reset",
    ),
]

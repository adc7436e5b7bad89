"""Log in and out, password reset and invitation acceptance (Django's auth views, themed)."""

from django.contrib import messages
from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skolekvalitet.audit.log import record_for_person

from .access import access_rule


class AuditedPasswordSetView(auth.PasswordResetConfirmView):
    """Setting a password through an e-mailed link is audited at each owner the person works for."""

    audit_action = "password_reset"

    def form_valid(self, form):
        response = super().form_valid(form)
        record_for_person(form.user, self.audit_action)
        return response


class InvitationAcceptView(AuditedPasswordSetView):
    """An invitation is a one-time link to choose a password (Django's reset token: it stops
    working once the password is set, and after PASSWORD_RESET_TIMEOUT)."""

    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("login")
    title = gettext_lazy("Welcome: choose your password")
    audit_action = "accept_invitation"

    def form_valid(self, form):
        messages.success(self.request, _("Your password is set. Log in with your e-mail."))
        return super().form_valid(form)


urlpatterns = [
    path("logout/", access_rule("public_post")(auth.LogoutView.as_view()), name="logout"),
    path(
        "password-reset/",
        access_rule("public")(auth.PasswordResetView.as_view(html_email_template_name=None)),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        access_rule("public")(auth.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        access_rule("public")(AuditedPasswordSetView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        access_rule("public")(auth.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        access_rule("public")(InvitationAcceptView.as_view()),
        name="invitation_accept",
    ),
]

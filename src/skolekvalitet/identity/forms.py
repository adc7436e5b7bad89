"""Forms for log-in, the owner's log-in settings, the provider chooser and the second factor."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import LoginSettings

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class LoginSettingsForm(forms.ModelForm):
    secret = forms.CharField(
        label=_("client secret"),
        required=False,
        strip=True,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Never shown again. Leave empty to keep the secret already stored."),
    )
    domains = forms.CharField(
        label=_("e-mail domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line, e.g. fjordvik.kommune.no. Only invited people with addresses in "
            "these domains may log in through the provider."
        ),
    )

    class Meta:
        model = LoginSettings
        fields = [
            "password_login",
            "require_two_factor",
            "kind",
            "display_name",
            "discovery_url",
            "client_id",
            "strong_acr_values",
        ]
        help_texts = {
            "discovery_url": _("Feide: https://auth.dataporten.no. Leave empty for no provider."),
            "strong_acr_values": _(
                "Space-separated. A provider log-in with one of these counts as two-factor."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("secret", "domains"):  # as the model's fields' labels are
            self.fields[name].label = capfirst(self.fields[name].label)

    def clean_domains(self) -> list[str]:
        raw = self.cleaned_data["domains"].replace(",", "\n").splitlines()
        domains = sorted({d.strip().lower().removeprefix("@") for d in raw if d.strip()})
        bad = [d for d in domains if not DOMAIN.match(d)]
        if bad:
            raise forms.ValidationError(
                _("Not an e-mail domain: %(domains)s") % {"domains": ", ".join(bad)}
            )
        return domains

    def clean(self):
        data = super().clean()
        if data.get("discovery_url"):
            if not data.get("client_id"):
                self.add_error("client_id", _("The provider needs a client ID."))
            if not data.get("secret") and not self.instance.client_secret:
                self.add_error("secret", _("The provider needs a client secret."))
            if not data.get("domains") and "domains" not in self.errors:
                self.add_error("domains", _("Name at least one e-mail domain."))
        elif data.get("password_login") is False:
            self.add_error(
                "password_login",
                _("Keep password log-in until a provider is set up, or nobody can log in."),
            )
        return data


class ChooseForm(forms.Form):
    email = forms.EmailField(
        label=_("Your work e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("The six digits from your authenticator app, or one of your recovery codes."),
    )

    def clean_code(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()


class SetupForm(forms.Form):
    """The first code of a new authenticator app (no recovery codes exist yet)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("The six digits the new app shows."),
    )

    def clean_code(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["code"])


class ReplaceForm(SetupForm):
    """Replacing the app asks for a fresh code from the current one (or a recovery code)."""

    current = forms.CharField(
        label=_("Code from your current app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
        help_text=_("The six digits from the app you use now, or one of your recovery codes."),
    )
    field_order = ["current", "code"]

    def clean_current(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["current"]).lower()


class ResetForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class LoginForm(AuthenticationForm):
    """Django's log-in form. Where some owner logs in through a provider, every failed log-in
    gets the same answer, which also names the provider button: the page tells neither whether
    a password was right (an owner may have turned passwords off) nor whether the e-mail belongs
    to anyone, and axes counts every failure alike."""

    def get_invalid_login_error(self):
        if LoginSettings.objects.filter(enabled=True).exists():
            return ValidationError(
                _(
                    "Wrong e-mail or password, or your school owner has turned off log-in with "
                    "a password: then use “Log in with Feide or your organisation”."
                ),
                code="invalid_login",
            )
        return super().get_invalid_login_error()

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses the token, so that you know what to revoke."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the token may read"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every token reads the owner and its schools."),
        required=False,
    )


class RevokeForm(forms.Form):
    token = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, tokens, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].queryset = tokens

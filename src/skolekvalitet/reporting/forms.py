from django import forms
from django.utils.translation import gettext_lazy as _


class GenerateForm(forms.Form):
    """The language of a report file to make (its format is the URL's)."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("nb", "Bokmål"), ("nn", "Nynorsk")],
        error_messages={"invalid_choice": _("Choose Bokmål or Nynorsk.")},
    )

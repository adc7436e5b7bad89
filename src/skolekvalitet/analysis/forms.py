from django import forms
from django.utils.translation import gettext_lazy as _


class ExplorerForm(forms.Form):
    """The explorer's query string: which indicator and grade to show."""

    indicator = forms.SlugField(label=_("Indicator"), max_length=60, required=False)
    grade = forms.IntegerField(label=_("Grade"), min_value=0, max_value=13, required=False)

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class ExplorerForm(forms.Form):
    """The explorer's query string: one choice of indicator and grade ("code.grade"), so the
    page can never show an indicator with a grade it was not chosen with."""

    show = forms.CharField(
        label=_("Indicator"),
        max_length=64,
        required=False,
        validators=[
            RegexValidator(r"^[a-z0-9_-]+\.\d{1,2}$", _("Choose an indicator in the list."))
        ],
    )

    def choice(self) -> tuple[str, int | None]:
        value = self.cleaned_data.get("show") or ""
        code, _dot, grade = value.partition(".")
        return code, int(grade) if grade else None

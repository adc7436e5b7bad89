from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File from Udir, or the filled-in template"),
        help_text=_("CSV, JSON or XLSX exactly as downloaded; at most 20 MB."),
    )
    create_missing_schools = forms.BooleanField(
        label=_("Create the owner's schools found in a national file"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > getattr(settings, "IMPORT_MAX_BYTES", MAX_UPLOAD):
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class LocalIndicatorForm(forms.ModelForm):
    """An owner's own indicator (a local survey, a KOSTRA figure, …)."""

    class Meta:
        from .models import Indicator

        model = Indicator
        fields = [
            "code",
            "name_nb",
            "name_nn",
            "name_en",
            "explanation_nb",
            "explanation_nn",
            "explanation_en",
            "quality",
            "source",
            "unit",
            "direction",
            "threshold",
        ]
        labels = {
            "code": _("Code (letters, digits, _)"),
            "name_nb": _("Name (Bokmål)"),
            "name_nn": _("Name (Nynorsk)"),
            "name_en": _("Name (English)"),
            "explanation_nb": _("Explanation (Bokmål)"),
            "explanation_nn": _("Explanation (Nynorsk)"),
            "explanation_en": _("Explanation (English)"),
            "quality": _("Quality type"),
            "source": _("Source"),
            "unit": _("Unit and scale"),
            "direction": _("Direction"),
            "threshold": _("Publication threshold"),
        }
        widgets = {
            f"explanation_{lang}": forms.Textarea(attrs={"rows": 3}) for lang in ("nb", "nn", "en")
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["threshold"].min_value = 5

    def clean_code(self):
        from .models import Indicator

        code = self.cleaned_data["code"].lower()
        if (
            Indicator.objects.filter(code=code, owner__isnull=True).exists()
            or Indicator.objects.filter(code=code, owner=self.owner).exists()
        ):
            raise forms.ValidationError(_("An indicator with this code exists already."))
        return code

    def clean_threshold(self):
        value = self.cleaned_data["threshold"]
        if value < 5:
            raise forms.ValidationError(_("The threshold cannot be below 5."))
        return value

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


CODE_LETTERS = _(
    "The code may hold only the letters a–z, digits and _ (no spaces, hyphens or other signs)."
)


class LocalIndicatorForm(forms.ModelForm):
    """An owner's own indicator (a local survey, a KOSTRA figure, …). Only the owner's own
    language (Bokmål or Nynorsk) is required: the other Norwegian form and English are optional,
    and an empty one is stored as the text in the owner's language (a municipality need not
    write English)."""

    code = forms.RegexField(
        regex=r"^[A-Za-z0-9_]+$",
        max_length=60,
        error_messages={"invalid": CODE_LETTERS},
    )

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
        self.fields["code"].label = _("Code (letters, digits, _)")
        self.fields["threshold"].min_value = 5
        self.language = owner.default_language if owner.default_language in ("nb", "nn") else "nb"
        for field in ("name", "explanation"):
            for lang in ("nb", "nn", "en"):
                self.fields[f"{field}_{lang}"].required = lang == self.language

    def clean(self):
        data = super().clean()
        other = "nn" if self.language == "nb" else "nb"
        for field in ("name", "explanation"):
            own = data.get(f"{field}_{self.language}") or ""
            for lang in (other, "en"):
                if not (data.get(f"{field}_{lang}") or "").strip():
                    data[f"{field}_{lang}"] = own
                    setattr(self.instance, f"{field}_{lang}", own)
        return data

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

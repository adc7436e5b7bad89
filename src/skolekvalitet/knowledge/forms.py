from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File from Udir, or the filled-in template"),
                           help_text=_("CSV, JSON or XLSX exactly as downloaded; at most 20 MB."))
    create_missing_schools = forms.BooleanField(
        label=_("Create the owner's schools found in a national file"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > getattr(settings, "IMPORT_MAX_BYTES", MAX_UPLOAD):
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

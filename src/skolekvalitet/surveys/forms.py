from django import forms
from django.utils.translation import gettext_lazy as _

from skolekvalitet.organisations.forms import TEXT_LIMIT
from skolekvalitet.plans.forms import DATE

from .models import CODE_ALPHABET, Audience, Dimension, Instrument, Item, Response


class LaunchForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.none())
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    opens = forms.DateField(label=_("Opens"), widget=DATE)
    closes = forms.DateField(label=_("Closes"), widget=DATE)
    codes = forms.IntegerField(
        label=_("Number of codes (pupils and parents)"),
        required=False,
        min_value=0,
        max_value=2000,
        help_text=_("One code per respondent, printed on a sheet or shared as a link or QR code."),
    )

    def __init__(self, *args, owner, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = owner.instruments.all()
        self.fields["schools"].queryset = schools
        if schools.count() == 1:
            self.fields["schools"].initial = list(schools)


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["kind", "text_nb", "text_nn"]


class DimensionForm(forms.ModelForm):
    class Meta:
        model = Dimension
        fields = ["name_nb", "name_nn", "priority"]

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = self.fields["priority"].queryset.filter(
            quality_plan__owner=owner
        )


class ThresholdForm(forms.Form):
    anonymity_threshold = forms.IntegerField(
        label=_("Anonymity threshold"),
        min_value=5,
        max_value=100,
        help_text=_(
            "Results are shown only for groups with at least this many answers (5 or more)."
        ),
    )


class InterpretationForm(forms.Form):
    reading = forms.CharField(
        max_length=TEXT_LIMIT,
        label=_("What we read out of the results"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    actions = forms.CharField(
        max_length=TEXT_LIMIT,
        label=_("What we will do about it"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Your code"), max_length=20)

    def clean_code(self) -> str:
        """As printed: capitals from the code alphabet, without the spaces or hyphens typed."""
        code = self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")
        if not 6 <= len(code) <= 12 or set(code) - set(CODE_ALPHABET):
            raise forms.ValidationError(
                _("Type the code as it is printed on your slip: ten letters and digits.")
            )
        return code


class HideForm(forms.Form):
    """Which free-text answer to hide or show: a response of this round and a text question."""

    response = forms.UUIDField()
    item = forms.IntegerField()

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_

    def clean(self):
        data = super().clean()
        if self.errors:
            raise forms.ValidationError(_("This answer or question is not part of the round."))
        found = Response.objects.filter(round=self.round, pk=data["response"]).exists()
        text = Item.objects.filter(
            pk=data["item"], dimension__instrument=self.round.instrument, kind=Item.Kind.TEXT
        ).exists()
        if not (found and text):
            raise forms.ValidationError(_("This answer or question is not part of the round."))
        return {"response": str(data["response"]), "item": str(data["item"])}

from django import forms
from django.utils.translation import gettext_lazy as _

from skolekvalitet.organisations.models import Person
from skolekvalitet.organisations.roles import Role
from skolekvalitet.plans.forms import DATE

from .actions import MINUTES, people_of
from .models import (
    Agreement,
    DevelopmentGroup,
    Event,
    GroupMeeting,
    Meeting,
    SchoolAnalysis,
    Task,
)

TEXT = forms.Textarea(attrs={"rows": 3})


class EventForm(forms.ModelForm):
    participants = forms.MultipleChoiceField(
        label=_("Participants"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "name",
            "starts",
            "ends",
            "participants",
            "duration",
            "per_school",
            "checklist",
            "guide_prepare",
            "guide_open",
            "guide_main",
            "guide_close",
        ]
        widgets = {
            "starts": DATE,
            "ends": DATE,
            "checklist": TEXT,
            "guide_prepare": TEXT,
            "guide_open": TEXT,
            "guide_main": TEXT,
            "guide_close": TEXT,
        }


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "time", "place"]
        widgets = {"date": DATE, "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = MINUTES
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in MINUTES}


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=TEXT)


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your input to the meeting"),
        widget=TEXT,
        max_length=5000,
        help_text=_("Shown in the pack and the minutes with your role, not your name."),
        error_messages={"required": _("Write your input.")},
    )


class ContributionEditForm(forms.Form):
    """A participant's own input, changed until the minutes are approved."""

    text = forms.CharField(
        label=_("Change your input"),
        widget=TEXT,
        max_length=5000,
        error_messages={"required": _("Write your input.")},
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    responsible = forms.ModelChoiceField(
        label=_("Responsible"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Choose the person responsible.")},
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=DATE, error_messages={"required": _("Give a deadline.")}
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people_of(meeting.school, talk=meeting.event.private)


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["area", "what", "responsible", "deadline", "follow_up"]
        widgets = {"what": TEXT, "deadline": DATE, "follow_up": DATE}
        error_messages = {
            "deadline": {"required": _("A follow-up agreement needs a deadline.")},
            "follow_up": {"required": _("Give the date when you will follow it up.")},
            "responsible": {"required": _("Choose the person responsible.")},
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people_of(meeting.school, talk=meeting.event.private)


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = SchoolAnalysis
        fields = ["strengths", "challenges", "measures"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in fields}


class GroupForm(forms.ModelForm):
    class Meta:
        model = DevelopmentGroup
        fields = ["mandate", "members"]
        widgets = {"mandate": TEXT, "members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.instance.owner
        self.fields["members"].queryset = (
            Person.objects.filter(
                memberships__owner=owner, memberships__role__in=[Role.PRINCIPAL, Role.UNION_REP]
            )
            .distinct()
            .order_by("name")
        )


class GroupMeetingForm(forms.ModelForm):
    class Meta:
        model = GroupMeeting
        fields = ["date", "topic", "notes"]
        widgets = {"date": DATE, "notes": TEXT}


class ProposalForm(forms.Form):
    text = forms.CharField(label=_("Proposed question"), max_length=300)


class CycleCreateForm(forms.Form):
    copy = forms.BooleanField(required=False)
    empty = forms.BooleanField(required=False)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)

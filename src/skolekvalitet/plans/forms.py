from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skolekvalitet.documents import present
from skolekvalitet.knowledge.models import Indicator, name_field
from skolekvalitet.organisations.forms import TEXT_LIMIT
from skolekvalitet.organisations.models import Person, SchoolYear
from skolekvalitet.organisations.roles import SCHOOL_STAFF
from skolekvalitet.organisations.schoolyears import current_school_year, school_year_starting

from .models import TEXT_LIMIT as PLAN_TEXT_LIMIT
from .models import (
    Criterion,
    FocusArea,
    Goal,
    Measure,
    Milestone,
    Priority,
    SpotCheck,
    SpotCheckCase,
    text_limit,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["title", "section", "priority"]


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["focus_area", "parent", "text"]
        labels = {"focus_area": _("Focus area")}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


# A decimal is typed as text and read in the page's language ("3,5" in Norwegian, "3.5" in
# English): a number input would let the browser read "3,5" as 35 in some locales.
DECIMAL = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["goal", "kind", "description", "indicator", "grade", "comparator", "target"]
        labels = {"goal": _("Goal"), "comparator": _("At least or at most")}
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "target": DECIMAL}
        localized_fields = ["target"]


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["goal", "title", "responsible", "start", "end", "resources", "status"]
        labels = {"goal": _("Goal")}
        widgets = {"start": DATE, "end": DATE}

    def clean(self):
        """Said with the other fields' errors, not only once they are right."""
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The measure cannot end before it starts."))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "date", "kind", "evaluation", "verdict"]
        widgets = {"date": DATE, "evaluation": forms.Textarea(attrs={"rows": 2})}


# What each kind of plan item is called, for the pages that change or delete one.
ENTRY_NAMES = {
    "focus_area": _("focus area"),
    "goal": _("goal"),
    "criterion": _("success criterion"),
    "measure": _("measure"),
    "milestone": _("milestone"),
}

FORMS = {
    "focus_area": FocusAreaForm,
    "goal": GoalForm,
    "criterion": CriterionForm,
    "measure": MeasureForm,
    "milestone": MilestoneForm,
}


def indicators_for(owner, grades) -> models.QuerySet:
    """The catalogue's indicators (national and the owner's) that apply to some of the grades:
    no 10th-grade indicator for a 1–7 school."""
    grades = set(grades)
    catalogue = Indicator.objects.filter(Q(owner=None) | Q(owner=owner)).order_by(name_field())
    keep = [i.pk for i in catalogue.only("pk", "grades") if not i.grades or grades & set(i.grades)]
    return catalogue.filter(pk__in=keep)


def grade_choices(grades) -> list[tuple]:
    return [("", "–"), *((g, _("grade %(grade)s") % {"grade": g}) for g in grades)]


class IndicatorSelect(forms.Select):
    """An indicator choice whose options say the grades each may be set for (data-grades:
    those it is measured on that the schools have), so the page offers only those grades."""

    def __init__(self, grades: dict[int, str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.grades = grades

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        pk = getattr(value, "value", value)
        if pk in self.grades:
            option["attrs"]["data-grades"] = self.grades[pk]
        return option


def target_fields(form, grades) -> None:
    """Offer only the given grades, and for each indicator only those it is measured on."""
    grades = sorted(set(grades))
    field = form.fields["indicator"]
    offered = {
        i.pk: " ".join(str(g) for g in grades if g in set(i.grades or []))
        for i in field.queryset.only("pk", "grades")
    }
    field.widget = IndicatorSelect(offered)
    field.widget.choices = field.choices
    indicator_id = f"id_{form.add_prefix('indicator')}"
    form.fields["grade"].widget = forms.Select(
        choices=grade_choices(grades), attrs={"data-grade-for": indicator_id}
    )


def limit_texts(form) -> None:
    """Give each title and text input the length its field takes (maxlength); a longer text
    the server refuses in the actions (refuse_long), naming the field and the limit."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField):
            continue
        try:
            limit = text_limit(model._meta.get_field(name)) if model else None
        except FieldDoesNotExist:
            limit = None
        if model is None and name == "evaluation":  # a milestone's evaluation
            limit = PLAN_TEXT_LIMIT
        if limit:
            field.max_length = limit
            field.widget.attrs["maxlength"] = str(limit)
            # the model's own check of a title's length (ModelForm._post_clean) says the same
            field.error_messages["max_length"] = gettext(
                "%(field)s: at most %(limit)s characters (this has %(count)s)."
            ) % {
                "field": capfirst(field.label or name),
                "limit": present.number(limit, 0),
                "count": "%(show_value)s",
            }
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]


def _choices(plan) -> dict:
    """The choices a plan's forms may offer: only the plan's own items and the owner's lists."""
    goals = Goal.objects.filter(focus_area__plan=plan)
    return {
        "focus_area": plan.focus_areas.all(),
        "goal": goals,
        "parent": goals,
        "section": plan.school.owner.plan_sections.all(),
        "priority": Priority.objects.filter(quality_plan__owner=plan.school.owner),
        "indicator": indicators_for(plan.school.owner, plan.school.grades),
        # Someone who works at the school: never a council's shared account.
        "responsible": Person.objects.filter(
            memberships__school=plan.school, memberships__role__in=SCHOOL_STAFF
        ).distinct(),
        "milestone": plan.milestones.all(),
        "measure": Measure.objects.filter(goal__focus_area__plan=plan),
        "criterion": Criterion.objects.filter(
            goal__focus_area__plan=plan, kind=Criterion.Kind.SIGN
        ),
    }


def _bound(plan, classes: dict, data, which: str | None, **kwargs) -> dict:
    """One form per class; only `which` is bound to the posted data (kwargs: its instance)."""
    choices = _choices(plan)
    out = {}
    for name, form_class in classes.items():
        form = form_class(data if name == which else None, prefix=name, **kwargs)
        for field, queryset in choices.items():
            if field in form.fields:
                form.fields[field].queryset = queryset
        if "parent" in form.fields:
            form.fields["parent"].required = False
        if "grade" in form.fields:
            target_fields(form, plan.school.grades)
        limit_texts(form)
        out[name] = form
    return out


def plan_forms(plan, data=None, which: str | None = None) -> dict[str, forms.ModelForm]:
    """Every add-form of the plan edit page."""
    return _bound(plan, FORMS, data, which)


def entry_form(plan, kind: str, item, data=None) -> forms.ModelForm:
    """The form that changes one item of the plan, filled in with what it holds."""
    form = _bound(plan, {kind: FORMS[kind]}, data, kind, instance=item)[kind]
    if "parent" in form.fields:  # a goal is never part of itself
        form.fields["parent"].queryset = form.fields["parent"].queryset.exclude(pk=item.pk)
    return form


class CommentForm(forms.Form):
    text = forms.CharField(
        max_length=TEXT_LIMIT,
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment.")},
    )


class SendBackForm(forms.Form):
    owner_comment = forms.CharField(
        max_length=TEXT_LIMIT,
        label=_("What should the school change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SpotCheckForm(forms.ModelForm):
    class Meta:
        model = SpotCheck
        fields = ["date", "follow_up"]
        widgets = {"date": DATE, "follow_up": forms.Textarea(attrs={"rows": 2})}


class SpotCheckCaseForm(forms.ModelForm):
    class Meta:
        model = SpotCheckCase
        fields = ["spot_check", "label", *SpotCheckCase.STEPS, "note"]
        labels = {"spot_check": _("Spot check")}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class MilestoneEvaluationForm(forms.Form):
    milestone = forms.ModelChoiceField(label=_("Milestone"), queryset=Milestone.objects.none())
    evaluation = forms.CharField(
        max_length=TEXT_LIMIT,
        label=_("What we did and what it changed"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    verdict = forms.ChoiceField(label=_("Evaluation"), choices=Criterion.Verdict.choices)

    def apply(self):
        item = self.cleaned_data["milestone"]
        item.evaluation, item.verdict = (
            self.cleaned_data["evaluation"],
            self.cleaned_data["verdict"],
        )
        return item


class MeasureStatusForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)

    def apply(self):
        item = self.cleaned_data["measure"]
        item.status = self.cleaned_data["status"]
        return item


class SignVerdictForm(forms.Form):
    criterion = forms.ModelChoiceField(
        label=_("Success criterion"), queryset=Criterion.objects.none()
    )
    verdict = forms.ChoiceField(label=_("Evaluation"), choices=Criterion.Verdict.choices)

    def apply(self):
        item = self.cleaned_data["criterion"]
        item.verdict = self.cleaned_data["verdict"]
        return item


UPDATES = {
    "milestone_evaluation": MilestoneEvaluationForm,
    "measure_status": MeasureStatusForm,
    "sign_verdict": SignVerdictForm,
}


def update_forms(plan, data=None, which: str | None = None) -> dict[str, forms.Form]:
    """The forms that evaluate or update a plan's existing items."""
    return _bound(plan, UPDATES, data, which)


class QualityPlanForm(forms.ModelForm):
    class Meta:
        from .models import QualityPlan

        model = QualityPlan
        fields = ["title", "first_year", "last_year"]
        labels = {"first_year": _("First school year"), "last_year": _("Last school year")}


class PriorityForm(forms.ModelForm):
    """A priority area, at the place in the quality plan the owner gives it (empty: last)."""

    class Meta:
        model = Priority
        fields = ["quality_plan", "title", "goal", "order"]
        labels = {"quality_plan": _("Quality plan"), "order": _("Place in the quality plan")}
        help_texts = {"order": _("1 comes first. Empty: after the others.")}
        widgets = {"goal": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        place = self.fields["order"]
        place.required = False
        # from 1, and one message: not also the stored order's "0 or more"
        place.min_value = 1
        place.validators = [v for v in place.validators if not isinstance(v, MinValueValidator)] + [
            MinValueValidator(1)
        ]
        place.widget.attrs["min"] = 1
        if self.instance.pk:  # shown from 1, kept from 0
            self.initial["order"] = self.instance.order + 1
        else:
            self.initial["order"] = None

    def clean_order(self):
        place = self.cleaned_data.get("order")
        return None if place is None else place - 1

    def clean(self):
        data = super().clean()
        quality = data.get("quality_plan")
        if data.get("order") is None and quality is not None:
            others = quality.priorities.exclude(pk=self.instance.pk)
            last = max((p.order for p in others), default=-1)
            data["order"] = last + 1
        return data

    def _post_clean(self):
        super()._post_clean()
        if self.cleaned_data.get("order") is not None:  # also when the form sent no place
            self.instance.order = self.cleaned_data["order"]


class QualityGoalForm(forms.ModelForm):
    class Meta:
        from .models import QualityGoal

        model = QualityGoal
        fields = ["priority", "text", "indicator", "grade", "comparator", "target"]
        labels = {"priority": _("Priority area"), "text": _("The owner's goal")}
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "target": DECIMAL}
        localized_fields = ["target"]


class QualityMeasureForm(forms.ModelForm):
    class Meta:
        from .models import QualityMeasure

        model = QualityMeasure
        fields = ["priority", "title", "status"]
        labels = {"priority": _("Priority area"), "title": _("Measure")}


class SectionForm(forms.ModelForm):
    class Meta:
        from .models import TemplateSection

        model = TemplateSection
        fields = ["title", "guidance", "order"]
        labels = {"order": _("Order in the template")}
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}


class PlanCreateForm(forms.Form):
    copy = forms.BooleanField(required=False)


QUALITY_NAMES = {
    "plan": _("quality plan"),
    "priority": _("priority area"),
    "goal": _("the owner's goal"),
    "measure": _("the owner's measure"),
    "section": _("template section"),
}

QUALITY_FORMS = {
    "plan": QualityPlanForm,
    "priority": PriorityForm,
    "goal": QualityGoalForm,
    "measure": QualityMeasureForm,
    "section": SectionForm,
}


# How many school years ahead of this one a quality plan may be made for.
YEARS_AHEAD = 6


def planning_years() -> models.QuerySet:
    """The school years a quality plan may cover: those before and this one, and the coming
    ones (made as needed)."""
    current = current_school_year()
    last = school_year_starting(current.start_year + YEARS_AHEAD)
    for start in range(current.start_year + 1, last.start_year):
        school_year_starting(start)
    return SchoolYear.objects.filter(code__lte=last.code).order_by("code")


def quality_forms(owner, data=None, which: str | None = None, instance=None) -> dict:
    """The quality plan page's forms, their choices the owner's own; only `which` is bound
    (to `instance` when it changes one)."""
    grades = sorted({g for school in owner.schools.all() for g in school.grades})
    priorities = Priority.objects.filter(quality_plan__owner=owner)
    out = {}
    for name, form_class in QUALITY_FORMS.items():
        if instance is not None and name != which:
            continue
        bound = name == which
        form = form_class(
            data if bound else None,
            prefix=name,
            **({"instance": instance} if bound and instance is not None else {}),
        )
        if "first_year" in form.fields:
            years = planning_years()
            form.fields["first_year"].queryset = years
            form.fields["last_year"].queryset = years
        if "quality_plan" in form.fields:
            form.fields["quality_plan"].queryset = owner.quality_plans.all()
        if "priority" in form.fields:
            form.fields["priority"].queryset = priorities
        if "indicator" in form.fields:
            form.fields["indicator"].queryset = indicators_for(owner, grades)
            target_fields(form, grades)
        limit_texts(form)
        out[name] = form
    return out

"""Forms: field-level messages in the user's language."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import Membership, Owner, Person, School
from .roles import Role

# The longest free text a form takes (notes, comments, evaluations): a page of text and then some;
# longer is refused with a message and the text stays in the form.
TEXT_LIMIT = 10_000


def add_validation_error(form, error) -> None:
    """Show a ValidationError from an action on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class SchoolForm(forms.ModelForm):
    """A school's facts plus the number of pupils per grade in the current school year."""

    class Meta:
        model = School
        fields = ["name", "org_number", "first_grade", "last_grade"]
        help_texts = {"org_number": _("9 digits, as in the National School Register (NSR).")}

    def __init__(self, *args, owner: Owner, pupils: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["org_number"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        for grade in range(1, 14):
            self.fields[f"pupils_{grade}"] = forms.IntegerField(
                label=_("Pupils in grade %(grade)s") % {"grade": grade},
                required=False,
                min_value=0,
                max_value=2000,
                initial=pupils.get(grade),
            )

    @property
    def pupil_fields(self):
        return [self[f"pupils_{g}"] for g in range(1, 14)]

    def clean_org_number(self) -> str:
        value = self.cleaned_data["org_number"].replace(" ", "")
        if self.owner.schools.filter(org_number=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This owner already has a school with this number."))
        return value

    def clean_name(self) -> str:
        value = self.cleaned_data["name"].strip()
        if self.owner.schools.filter(name__iexact=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This owner already has a school with this name."))
        return value

    def clean(self):
        data = super().clean()
        first, last = data.get("first_grade"), data.get("last_grade")
        if first and last and first > last:
            self.add_error("last_grade", _("The last grade must not be before the first grade."))
        elif first and last:
            for grade in range(1, 14):
                if not first <= grade <= last and data.get(f"pupils_{grade}"):
                    self.add_error(f"pupils_{grade}", _("The school does not teach this grade."))
        return data

    def pupils(self) -> dict[int, int | None]:
        school = self.instance
        return {g: self.cleaned_data.get(f"pupils_{g}") for g in school.grades}


class RoleField(forms.ChoiceField):
    """A role to give: one not offered is refused by its label, never its code."""

    def validate(self, value):
        try:
            super().validate(value)
        except forms.ValidationError:
            if value in Role.values:
                raise forms.ValidationError(
                    _("You cannot give the role «%(role)s» here."),
                    code="invalid_choice",
                    params={"role": Role(value).label},
                ) from None
            raise forms.ValidationError(
                _("Choose one of the roles in the list."), code="invalid_choice"
            ) from None


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        error_messages={"required": _("A person needs an e-mail address to be invited.")},
    )
    role = RoleField(label=_("Role"))
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("(the whole owner)"),
    )
    second_principal = forms.BooleanField(
        label=_("Yes, the school shall have two principals for a while"),
        required=False,
    )

    def __init__(self, *args, owner: Owner, actor, roles: set[str], schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner, self.actor = owner, actor
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in roles]
        self.fields["school"].queryset = schools
        if Role.PRINCIPAL not in roles:
            del self.fields["second_principal"]
        if Role.OWNER_ADMIN not in roles:  # only owner administrators grant owner-wide roles
            self.fields["school"].required = True
            self.fields["school"].empty_label = None

    def clean(self):
        data = super().clean()
        role, school, email = data.get("role"), data.get("school"), data.get("email")
        if email and email.strip().lower() == self.actor.email.lower():
            self.add_error("email", _("Nobody can give themselves a role. Ask your administrator."))
            return data
        if role is None:
            return data
        probe = Membership(owner=self.owner, school=school, role=role)
        try:
            probe.clean()
        except forms.ValidationError as error:
            self.add_error("school", error.message_dict["school"])
            return data
        if (
            email
            and Membership.objects.filter(
                person__email=email.strip().lower(), owner=self.owner, school=school, role=role
            ).exists()
        ):
            self.add_error("email", _("This person already has this role here."))
            return data  # not also «the school has a principal»: it is this person
        principals = Membership.objects.filter(school=school, role=Role.PRINCIPAL)
        if (
            school
            and role == Role.PRINCIPAL
            and principals.exists()
            and not data.get("second_principal")
        ):
            names = ", ".join(p.person.name for p in principals.select_related("person"))
            self.add_error(
                "second_principal",
                _(
                    "%(school)s already has a principal (%(names)s). Tick the box if the "
                    "school shall have two principals for a while, or remove that role on the "
                    "people page first."
                )
                % {"school": school.name, "names": names},
            )
        return data


class SchoolFilterForm(forms.Form):
    """A list page's optional filters, starting with one of the schools the reader may see."""

    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("All schools"),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class AuditFilterForm(SchoolFilterForm):
    """The audit log's filters: school, person and kind of thing (all optional)."""

    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Everyone"),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, people, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        found = {
            "school": data.get("school"),
            "actor": data.get("person"),
            "object_type": data.get("kind"),
        }
        return {k: v for k, v in found.items() if v}


class PeopleFilterForm(SchoolFilterForm):
    """The people page's search and filters (all optional)."""

    q = forms.CharField(label=_("Search by name or e-mail"), max_length=100, required=False)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    field_order = ["q", "school", "role"]

    def apply(self, memberships):
        if not self.is_valid():
            return memberships
        data = self.cleaned_data
        if data["q"]:
            memberships = memberships.filter(
                models.Q(person__name__icontains=data["q"])
                | models.Q(person__email__icontains=data["q"])
            )
        if data["school"]:
            memberships = memberships.filter(school=data["school"])
        if data["role"]:
            memberships = memberships.filter(role=data["role"])
        return memberships

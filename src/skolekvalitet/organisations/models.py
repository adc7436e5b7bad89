"""Owners, schools, school years, persons and their memberships (roles)."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import OWNER_ROLES, SCHOOL_ROLES, Role
from .validators import validate_org_number, validate_school_year

GRADE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(13)]


class Language(models.TextChoices):
    NB = "nb", _("Norwegian Bokmål")
    NN = "nn", _("Norwegian Nynorsk")


# A person may also read the pages and e-mails in English; an owner's and a report's is nb or nn.
PERSON_LANGUAGES = [*Language.choices, ("en", _("English"))]


class Owner(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COUNTY = "county", _("County")
        PRIVATE = "private", _("Private")

    slug = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    municipality_number = models.CharField(
        _("municipality or county number"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^(\d{2}|\d{4})$", _("Use 4 digits (2 for a county)."))],
    )
    default_language = models.CharField(
        _("default language"), max_length=2, choices=Language.choices, default=Language.NB
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("anonymity threshold for questionnaires"),
        default=5,
        validators=[MinValueValidator(5)],
        help_text=_(
            "Results are shown only for groups with at least this many answers (5 or more)."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("school owner")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("owner", args=[self.slug])


class School(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=9, validators=[validate_org_number]
    )
    first_grade = models.PositiveSmallIntegerField(_("first grade"), validators=GRADE_VALIDATORS)
    last_grade = models.PositiveSmallIntegerField(_("last grade"), validators=GRADE_VALIDATORS)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "org_number"],
                name="school_org_number_unique_per_owner",
                violation_error_message=_("This owner already has a school with this number."),
            ),
            models.UniqueConstraint(
                Lower("name"),
                "owner",
                name="school_name_unique_per_owner",
                violation_error_message=_("This owner already has a school with this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(first_grade__lte=models.F("last_grade")),
                name="school_grades_ordered",
                violation_error_message=_("The first grade must not be after the last grade."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("school", args=[self.owner.slug, self.pk])

    @property
    def grades(self) -> range:
        return range(self.first_grade, self.last_grade + 1)

    @property
    def grades_label(self) -> str:
        return f"{self.first_grade}–{self.last_grade}"


class SchoolYear(models.Model):
    """A school year such as 2025-26 (1 August to 31 July)."""

    code = models.CharField(max_length=7, unique=True, validators=[validate_school_year])

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def start_year(self) -> int:
        return int(self.code[:4])


class Enrolment(models.Model):
    """The number of pupils in one grade of one school in one school year. No pupils as persons."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="enrolments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT)
    grade = models.PositiveSmallIntegerField(validators=GRADE_VALIDATORS)
    pupils = models.PositiveIntegerField(validators=[MaxValueValidator(2000)])

    class Meta:
        ordering = ["grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "grade"], name="enrolment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year} grade {self.grade}: {self.pupils}"


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "Person":
        if not email:
            raise ValueError("A person needs an e-mail address.")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def get_by_natural_key(self, username: str) -> "Person":
        """Log in with the e-mail in any case (addresses are stored in lower case)."""
        return self.get(email=username.strip().lower())

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "Person":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class Person(AbstractBaseUser, PermissionsMixin):
    """A grown-up who logs in (staff, representatives, politicians). Pupils are never persons;
    a pupil council has one shared account named after the council, not after a pupil."""

    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False, editable=False)
    date_joined = models.DateTimeField(auto_now_add=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=PERSON_LANGUAGES,
        blank=True,
        help_text=_("For pages and e-mails. Empty: the school owner's language."),
    )

    objects = PersonManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")

    def __str__(self) -> str:
        return self.name or self.email


class Membership(models.Model):
    """A person's role at an owner (school empty) or at one of the owner's schools."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "owner", "role"],
                condition=models.Q(school__isnull=True),
                name="membership_unique_at_owner",
                violation_error_message=_("This person already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["person", "school", "role"],
                condition=models.Q(school__isnull=False),
                name="membership_unique_at_school",
                violation_error_message=_("This person already has this role here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.school or self.owner}"

    def clean(self) -> None:
        if self.school_id and self.school.owner_id != self.owner_id:
            raise ValidationError({"school": _("The school belongs to another owner.")})
        if self.school_id is None and self.role not in OWNER_ROLES:
            raise ValidationError({"school": _("This role belongs to a school: choose one.")})
        if self.school_id is not None and self.role not in SCHOOL_ROLES:
            raise ValidationError({"school": _("This role belongs to the owner, not a school.")})

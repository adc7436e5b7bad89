"""The owner's quality plan and plan template, the schools' development plans (focus areas,
goals, success criteria, measures, milestones, comments, versions) and the owner's spot check of
the activity duty (opplæringslova 2023 chapter 12, formerly chapter 9A)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.models import Owner, School, SchoolYear

# The longest goal, description, guidance or evaluation a plan's text field takes; a title is
# as long as its field allows. Checked by actions.refuse_long, given to the forms' inputs.
TEXT_LIMIT = 2000


def text_limit(field) -> int | None:
    """How many characters a plan's text field takes (None: not a text field)."""
    if isinstance(field, models.CharField) and not field.choices:
        return field.max_length
    if isinstance(field, models.TextField):
        return TEXT_LIMIT
    return None


class QualityPlan(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="quality_plans")
    title = models.CharField(_("title"), max_length=200)
    first_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    last_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("quality plan")

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    quality_plan = models.ForeignKey(
        QualityPlan,
        on_delete=models.CASCADE,
        related_name="priorities",
        verbose_name=_("quality plan"),
    )
    title = models.CharField(_("priority area"), max_length=200)
    goal = models.TextField(_("the owner's goal"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("priority area")

    def __str__(self) -> str:
        return self.title


class TargetMixin(models.Model):
    """A target on an indicator: at least or at most a value, for one grade."""

    class Comparator(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("indicator")
    )
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    comparator = models.CharField(
        _("target"), max_length=10, choices=Comparator.choices, blank=True
    )
    target = models.FloatField(_("target value"), null=True, blank=True)

    class Meta:
        abstract = True


class QualityGoal(TargetMixin):
    """A goal of the owner's quality plan under a priority area, with the indicator and target
    the owner will be measured by (read by the report's promises chapter)."""

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="goals", verbose_name=_("priority area")
    )
    text = models.TextField(_("goal"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("the owner's goal")

    def __str__(self) -> str:
        return self.text[:80]


class MeasureStatus(models.TextChoices):
    """How far a measure has come: the school's plan's and the owner's quality plan's alike."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class QualityMeasure(models.Model):
    Status = MeasureStatus

    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, related_name="measures", verbose_name=_("priority area")
    )
    title = models.CharField(_("measure"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("the owner's measure")

    def __str__(self) -> str:
        return self.title


class QualityPlanVersion(models.Model):
    """The quality plan's text after each change, in words: its history."""

    quality_plan = models.ForeignKey(QualityPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    # what the text says as data, each with its identity (plans.history): shown in the
    # reader's language, and a changed item reads as one change. Versions kept before hold
    # finished words in the owner's language, or nothing (history.stored reads them)
    items = models.JSONField(default=list, blank=True)
    # who made the change; empty for the text as it stood before the first change was kept
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quality_plan", "number"], name="quality_plan_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quality_plan} v{self.number}"


class TemplateSection(models.Model):
    """A section of the owner's common development-plan template."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="plan_sections")
    title = models.CharField(_("section"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("template section")

    def __str__(self) -> str:
        return self.title


class DevelopmentPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the owner")
        RETURNED = "returned", _("Sent back with comments")
        APPROVED = "approved", _("Approved")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="plans")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=0)  # the latest approved version
    owner_comment = models.TextField(blank=True)
    # when the plan got its status: submitted, sent back or approved (empty if not known)
    status_at = models.DateTimeField(null=True, blank=True)
    # when an item of the plan was last added, changed or removed (empty if not known)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"], name="one_plan_per_school_year"
            )
        ]
        verbose_name = _("development plan")

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"

    @property
    def changed_since_sent(self) -> bool:
        """Whether the school changed the plan after it sent it to the owner."""
        return bool(
            self.status == self.Status.SUBMITTED
            and self.changed_at
            and self.status_at
            and self.changed_at > self.status_at
        )


class FocusArea(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="focus_areas")
    title = models.CharField(_("focus area"), max_length=200)
    section = models.ForeignKey(
        TemplateSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("template section"),
    )
    priority = models.ForeignKey(
        Priority,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("the owner's priority area"),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("focus area")

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="goals", verbose_name=_("focus area")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_goals",
        verbose_name=_("part of goal"),
    )
    text = models.TextField(_("goal"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("goal")

    def __str__(self) -> str:
        return self.text[:80]


class Criterion(models.Model):
    """A success criterion: a described sign (kjenneteikn) that people evaluate, or a target on
    an indicator that the system evaluates whenever new data arrives."""

    class Kind(models.TextChoices):
        SIGN = "sign", _("A described sign, evaluated by people")
        INDICATOR = "indicator", _("An indicator with a target")

    class Comparator(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    class Verdict(models.TextChoices):
        MET = "met", _("met")
        PARTLY = "partly", _("partly met")
        NOT_MET = "not met", _("not met")

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("goal")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("indicator")
    )
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    comparator = models.CharField(
        _("target"), max_length=10, choices=Comparator.choices, blank=True
    )
    target = models.FloatField(_("target value"), null=True, blank=True)
    verdict = models.CharField(_("evaluation"), max_length=10, choices=Verdict.choices, blank=True)

    class Meta:
        verbose_name = _("success criterion")

    def __str__(self) -> str:
        from .texts import criterion_text

        return criterion_text(self)  # "Trivsel, 7. trinn: minst 3,5", never a code


class Measure(models.Model):
    Status = MeasureStatus

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("goal")
    )
    title = models.CharField(_("measure"), max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("responsible")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    resources = models.CharField(_("resources"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("measure")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim evaluation")
        FINAL = "final", _("Final evaluation")

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    evaluation = models.TextField(_("what we did and what it changed"), blank=True)
    verdict = models.CharField(
        _("evaluation"), max_length=10, choices=Criterion.Verdict.choices, blank=True
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("milestone")

    def __str__(self) -> str:
        return self.title


class PlanComment(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField(_("comment"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("comment")

    def __str__(self) -> str:
        return self.text[:60]


class PlanVersion(models.Model):
    """A frozen text of the plan at each approval; revisions are new versions."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    items = models.JSONField(default=list, blank=True)  # as QualityPlanVersion.items
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]
        verbose_name = _("plan version")

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class SpotCheck(models.Model):
    """The owner's spot check of a school's work with the activity duty (opplæringslova 2023
    chapter 12, formerly chapter 9A): a sample of cases, with no pupil's identity stored, and the
    findings per requirement that the school answers."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="spot_checks")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT)
    date = models.DateField(_("date"))
    follow_up = models.TextField(_("follow-up"), blank=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("chapter 12 spot check")

    def __str__(self) -> str:
        from skolekvalitet.documents import present

        return f"{self.school} {present.date(self.date)}"


class SpotCheckCase(models.Model):
    class Finding(models.TextChoices):
        OK = "ok", _("In order")
        DEVIATION = "deviation", _("Deviation")
        MISSING = "missing", _("Not documented")

    STEPS = ("alert", "investigation", "measures", "evaluation", "documentation")
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="cases")
    label = models.CharField(_("case (a number, never a name)"), max_length=40)
    alert = models.CharField(_("alert"), max_length=10, choices=Finding.choices)
    investigation = models.CharField(_("investigation"), max_length=10, choices=Finding.choices)
    measures = models.CharField(_("measures"), max_length=10, choices=Finding.choices)
    evaluation = models.CharField(_("evaluation"), max_length=10, choices=Finding.choices)
    documentation = models.CharField(_("documentation"), max_length=10, choices=Finding.choices)
    note = models.TextField(_("findings"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("checked case")

    def __str__(self) -> str:
        return self.label


class Requirement(models.TextChoices):
    """What the owner checks the school's cases against: opplæringslova (2023) §§ 12-3 to 12-6.
    The case steps (SpotCheckCase.STEPS) are among them under the same keys."""

    PREVENT = "prevent", _("§ 12-3 Zero tolerance and preventive work")
    FOLLOW = "follow", _("§ 12-4 Follow how the pupils are and intervene")
    ALERT = "alert", _("§ 12-4 Report to the principal, and to the owner in serious cases")
    INVESTIGATION = "investigation", _("§ 12-4 Investigate the case promptly")
    MEASURES = "measures", _("§ 12-4 Put suitable measures in place")
    PLAN = "plan", _("§ 12-4 A written plan for the measures")
    EVALUATION = "evaluation", _("§ 12-4 Evaluate the measures when the plan says")
    DOCUMENTATION = "documentation", _("§ 12-4 Document what the school does")
    STAFF = "staff", _("§ 12-5 Report at once when someone working at the school offends a pupil")
    ENFORCEMENT = "enforcement", _("§ 12-6 Follow up cases the Statsforvaltar handles")


class SpotCheckFinding(models.Model):
    """What the owner found on one requirement in a spot check, the school's written answer and
    what the finding became: a follow-up agreement or a measure in the development plan."""

    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="findings")
    requirement = models.CharField(_("requirement"), max_length=16, choices=Requirement.choices)
    finding = models.TextField(_("what the owner found"))
    answer = models.TextField(_("the school's answer: what it has done or will do"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    agreement = models.ForeignKey(
        "dialogues.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spot_findings",
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="spot_findings"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("spot-check finding")

    def __str__(self) -> str:
        from skolekvalitet.documents import present

        return f"{self.get_requirement_display()}: {present.shorten(self.finding, 60)}"

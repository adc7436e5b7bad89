"""The status report (tilstandsrapport / kvalitetsmelding) to the council."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from skolekvalitet.organisations.models import Language, Owner, SchoolYear

# Chapters with an assessment written by the owner, in the report's order (build.chapter_titles).
ASSESSED_CHAPTERS = (
    "structure",
    "environment",
    "nt5",
    "nt8",
    "grades",
    "contribution",
    "completion",
    "dialogues",
    "cycle",
    "internal_control",
    "promises",
)

# key: (title, required). Each chapter's assessment is "a_<chapter>", optional.
NARRATIVES = {
    "foreword": (_("Foreword"), False),
    "summary": (_("The most important findings"), True),
    "assessment": (_("The owner's assessment"), True),
    "measures": (_("Planned measures"), True),
    **{f"a_{key}": (_("Our assessment"), False) for key in ASSESSED_CHAPTERS},
}


class StatusReport(models.Model):
    audit_texts = NARRATIVES  # the audit log names a chapter's text by its title

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final, for the council")
        PUBLISHED = "published", _("Published")

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="reports")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NB
    )
    public = models.BooleanField(_("public on the web"), default=False)
    internal_control = models.BooleanField(
        _("include the chapter on internal control (kommunelova § 25-2)"), default=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "school_year"], name="one_report_per_year")
        ]
        verbose_name = _("status report")

    def __str__(self) -> str:
        return f"{self.owner} {self.school_year}"


class Narrative(models.Model):
    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="narratives")
    key = models.CharField(max_length=20)
    html = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="narrative_unique")]

    def __str__(self) -> str:
        return f"{self.report} {self.key}"


class ReportVersion(models.Model):
    class Kind(models.TextChoices):
        SAVED = "saved", _("Saved")
        FINAL = "final", _("Final, put before the council")
        PUBLISHED = "published", _("Published, as the council approved it")

    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SAVED)

    class Meta:
        ordering = ["number"]
        verbose_name = _("report version")

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReportJob(models.Model):
    """A background generation of a PDF or DOCX, with its progress for the page."""

    report = models.ForeignKey(StatusReport, on_delete=models.CASCADE, related_name="jobs")
    fmt = models.CharField(max_length=4)
    language = models.CharField(max_length=2)
    progress = models.PositiveSmallIntegerField(default=0)
    done = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.report} {self.fmt} {self.progress}%"

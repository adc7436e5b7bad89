"""Follow-up rules (defaults in stats.flags.Rules) and each school's published analysis."""

from dataclasses import asdict, fields

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skolekvalitet.organisations.models import Owner, School
from skolekvalitet.stats.flags import Rules


class FollowUpRules(models.Model):
    owner = models.OneToOneField(Owner, on_delete=models.CASCADE, related_name="follow_up_rules")
    profile_4 = models.BooleanField(_("Flag profile 4 (stable low contribution)"), default=True)
    below_nation_years = models.PositiveSmallIntegerField(
        _("Flag results clearly below the nation this many years in a row (0: off)"), default=3
    )
    bullying_above_nation = models.BooleanField(
        _("Flag bullying clearly above the nation"), default=True
    )
    bullying_rising = models.BooleanField(_("Flag bullying rising beyond noise"), default=True)
    participation_min_percent = models.FloatField(
        _("Flag pupil-survey participation below (%)"), default=80.0
    )
    participation_drop_points = models.FloatField(
        _("Flag a fall in participation of at least (percentage points)"), default=10.0
    )
    overdue_agreements = models.BooleanField(_("Flag overdue follow-up agreements"), default=True)

    class Meta:
        verbose_name = _("follow-up rules")

    def __str__(self) -> str:
        return f"{self.owner}"

    @classmethod
    def for_owner(cls, owner: Owner) -> Rules:
        found = cls.objects.filter(owner=owner).first()
        if found is None:
            return Rules()
        return Rules(**{f.name: getattr(found, f.name) for f in fields(Rules)})

    @classmethod
    def defaults(cls) -> dict:
        return asdict(Rules())


class PublishedAnalysis(models.Model):
    """What the owner overview, the follow-up list and the explorer show of one school, worked
    out once when the owner's figures are published (analysis/published.py) and again when its
    follow-up rules change, so those pages read one small row per school instead of analysing
    every school on each request. Only what depends on today's date (overdue agreements) is
    added per request."""

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="+")
    generation = models.PositiveIntegerField()  # the Publication it was worked out from
    # When: the same for all the owner's rows of one analysis, new with every analysis, so
    # pages key their cached parts by it (published.fragment_key).
    worked_out = models.DateTimeField(default=timezone.now)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    # The overview's cells: {"code.grade": [year, status, value, verdict against the nation]}
    cells = models.JSONField(default=dict)
    # The (indicator id, grade) pairs the school has figures for: the explorer's choices.
    keys = models.JSONField(default=list)
    # stats.profiles.Profile per stage: {stage: [number, {profile: [[code, met, missing]]}]}
    profiles = models.JSONField(default=dict)
    # stats.flags.Flag [code, evidence] by the owner's rules, without overdue agreements.
    flags = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "school"], name="published_analysis_unique")
        ]

    def __str__(self) -> str:
        return f"{self.school_id} #{self.generation}"

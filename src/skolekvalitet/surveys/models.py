"""Self-assessment: instruments (dimensions, items), rounds, one-time codes and answers.

Anonymity is built into the tables: a Response has a random id, no timestamp and no link to a
code or a person; a Participation records only that a person answered (for the response rate
and to refuse a second answer), never which answer is theirs.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from skolekvalitet.documents import present
from skolekvalitet.organisations.models import Owner, School, SchoolYear

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed from paper


def _local(obj, field: str) -> str:
    lang = (get_language() or "nb")[:2]
    return getattr(obj, f"{field}_nn" if lang == "nn" else f"{field}_nb")


class Audience(models.TextChoices):
    STAFF = "staff", _("Staff (by login)")
    PUPILS = "pupils", _("Pupils (anonymous codes)")
    PARENTS = "parents", _("Parents (anonymous codes)")


class Instrument(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="instruments")
    code = models.SlugField(_("short name"), max_length=40)
    name_nb = models.CharField(_("name (Bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=200)
    intro_nb = models.TextField(_("introduction (Bokmål)"), blank=True)
    intro_nn = models.TextField(_("introduction (Nynorsk)"), blank=True)
    audience = models.CharField(_("usual audience"), max_length=8, choices=Audience.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["owner", "code"], name="instrument_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _local(self, "name")

    @property
    def intro(self) -> str:
        return _local(self, "intro")


class Dimension(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="dimensions")
    order = models.PositiveSmallIntegerField(default=0)
    name_nb = models.CharField(_("name (Bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (Nynorsk)"), max_length=200)
    priority = models.ForeignKey(
        "plans.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dimensions",
        verbose_name=_("priority area of the quality plan"),
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _local(self, "name")


class Item(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Agreement 1–5 with “don't know”")
        TRAFFIC = "traffic", _("Traffic light (green, yellow, red)")
        TEXT = "text", _("Free text")

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text_nb = models.CharField(_("question (Bokmål)"), max_length=300)
    text_nn = models.CharField(_("question (Nynorsk)"), max_length=300)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _local(self, "text")


class Round(models.Model):
    """One instrument put to one audience at one school between two dates."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="survey_rounds")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="rounds")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(_("audience"), max_length=8, choices=Audience.choices)
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"))
    invited = models.PositiveIntegerField(default=0)
    closed = models.BooleanField(default=False)
    # The year's figure for this instrument, audience and school: the round the owner designates
    # (by default the year's first). Only the main round writes to the knowledge base, so a late
    # small round never replaces it on the data sheet, the plan or the pack.
    main = models.BooleanField(_("the year's main round"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["-opens", "pk"]

    def __str__(self) -> str:
        return f"{self.instrument} – {self.get_audience_display()}, {present.date(self.opens)}"

    def is_open(self, today) -> bool:
        return not self.closed and self.opens <= today <= self.closes

    def is_finished(self, today) -> bool:
        """No answer can come any more. Results are read only then, so that no two readings
        differ by one respondent's answers."""
        return self.closed or self.closes < today


class Notice(models.Model):
    """That a staff member was told a round opened (sent once per person and round)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="one_notice")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.person_id}"


class Code(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=12, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code

    @staticmethod
    def new() -> str:
        return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


class Participation(models.Model):
    """That a staff member answered a round (not which answer is theirs, nor when). A random id,
    like the responses', so no sequence number pairs the two."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_answer_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.person_id}"


class Draft(models.Model):
    """A staff member's unfinished answers; deleted when they submit."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="drafts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    answers = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="one_draft")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.person_id}"


class Response(models.Model):
    """One submitted set of answers {item id: 1–5 | 0 (don't know) | green/yellow/red | text}.
    A random id and no timestamp, so neither order nor time links it to anyone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField(default=dict)
    hidden = models.JSONField(default=list)  # item ids whose free text the principal hid

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)


class Interpretation(models.Model):
    """The school's collective reading of a round's results: its own analysis for the dialogues."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="interpretation")
    reading = models.TextField(_("what we read out of the results"))
    actions = models.TextField(_("what we will do about it"))
    released = models.BooleanField(_("shared with the owner"), default=False)

    def __str__(self) -> str:
        return str(self.round)

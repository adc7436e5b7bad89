"""The annual cycle (årshjul): events with process guides, meetings per school with packs and
minutes, tasks, written follow-up agreements, the schools' own analyses, the owner's development
group, personal calendar feeds and the reminders already sent."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skolekvalitet.organisations import access
from skolekvalitet.organisations.models import Owner, School, SchoolYear
from skolekvalitet.organisations.roles import Role

PERSON = settings.AUTH_USER_MODEL


class TalkQuerySet(models.QuerySet):
    def for_reader(self, person) -> "TalkQuerySet":
        """Only what the person may read of development talks (access.hide_private_talk)."""
        return access.hide_private_talk(self, person)


class WithoutTalk(models.Manager.from_queryset(TalkQuerySet)):
    """The default manager of meetings, tasks, agreements and notes (so also of related managers
    such as `meeting.tasks`): never anything of a development talk, so a query that forgets the
    talk cannot show it. Code that shows the talk to its parties starts from `with_talk` and
    passes the reader: `Task.with_talk.for_reader(person)`."""

    def get_queryset(self) -> TalkQuerySet:
        return access.hide_private_talk(super().get_queryset())


class TalkRows(models.Model):
    """Rows that belong to a meeting, and so perhaps to a private development talk."""

    TALK_PATH = "meeting__"
    objects = WithoutTalk()
    with_talk = TalkQuerySet.as_manager()

    class Meta:
        abstract = True


class Phase(models.TextChoices):
    PREPARE = "prepare", _("Prepare")
    OPEN = "open", _("Open")
    MAIN = "main", _("Main phase")
    CLOSE = "close", _("Close")


class Settled(models.TextChoices):
    """How an unfinished item of an earlier school year was settled by the owner."""

    CLOSED = "closed", _("Closed at the end of the year")
    CARRIED = "carried", _("Carried over to the next year")


def settled_field():
    return models.CharField(_("settled"), max_length=8, choices=Settled.choices, blank=True)


class Cycle(models.Model):
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="cycles")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "school_year"], name="one_cycle_a_year")
        ]

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    class Kind(models.TextChoices):
        DIALOGUE = "dialogue", _("Leadership dialogue")
        TALK = "talk", _("Development talk (private)")
        WORK = "work", _("Work at the school")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        REPORT = "report", _("Status report")
        PARENTS = "parents", _("Event with parents")
        PUPILS = "pupils", _("Event with pupil councils")
        OTHER = "other", _("Other")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="events")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    starts = models.DateField(_("window opens"))
    ends = models.DateField(_("window closes"))
    participants = models.JSONField(_("participants (roles)"), default=list, blank=True)
    checklist = models.TextField(_("content checklist (one point per line)"), blank=True)
    duration = models.PositiveSmallIntegerField(_("expected duration (minutes)"), default=0)
    per_school = models.BooleanField(_("a meeting at every school"), default=True)
    guide_prepare = models.TextField(_("prepare: guiding questions"), blank=True)
    guide_open = models.TextField(_("open: guiding questions"), blank=True)
    guide_main = models.TextField(_("main phase: guiding questions"), blank=True)
    guide_close = models.TextField(_("close: guiding questions"), blank=True)

    class Meta:
        ordering = ["starts", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def private(self) -> bool:
        return self.kind == self.Kind.TALK

    @property
    def checklist_lines(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]

    def guide(self) -> list[tuple[str, str, list[str]]]:
        """[(phase, label, questions)] in the learning-meeting order."""
        return [
            (
                phase,
                label,
                [q.strip() for q in getattr(self, f"guide_{phase}").splitlines() if q.strip()],
            )
            for phase, label in Phase.choices
        ]


class Meeting(TalkRows):
    TALK_PATH = ""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PREPARED = "prepared", _("Prepared")
        HELD = "held", _("Held")
        APPROVED = "approved", _("Minutes approved")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    notes_open = models.TextField(_("open: notes"), blank=True)
    notes_main = models.TextField(_("main phase: notes"), blank=True)
    notes_close = models.TextField(_("close: notes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    owner_approved_by = models.ForeignKey(
        PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner_approved_at = models.DateTimeField(null=True, blank=True)
    school_approved_by = models.ForeignKey(
        PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    school_approved_at = models.DateTimeField(null=True, blank=True)
    settled = settled_field()

    class Meta:
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "school"], name="one_meeting_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.event.name} – {self.school.name}"

    @property
    def locked(self) -> bool:
        return self.state == self.State.APPROVED

    def overdue(self, today) -> bool:
        return self.state != self.State.APPROVED and not self.settled and today > self.event.ends


class Note(TalkRows):
    """A dated, signed piece of text attached to something."""

    author = models.ForeignKey(PERSON, on_delete=models.SET_NULL, null=True)
    text = models.TextField(_("note"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta(TalkRows.Meta):
        abstract = True
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PackNote(Note):
    """A participant's preparation note in the meeting pack."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="pack_notes")


class Contribution(Note):
    """A participant's input to a meeting, marked by their role: the union representative's
    comments, the pupil or parents' council's views, a teacher's contribution. Shown in the
    pack and the minutes by role only (never a name: a council's account may be a pupil's)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="contributions")
    role = models.CharField(_("as"), max_length=16, choices=Role.choices)


class Addendum(Note):
    """A correction to approved (locked) minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="addenda")


class Task(TalkRows):
    """Intermediate work agreed in a meeting."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        DOING = "doing", _("In progress")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    responsible = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible")
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default="open")
    settled = settled_field()

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return (
            self.status != self.Status.DONE
            and not self.settled
            and self.deadline < timezone.localdate()
        )


class Agreement(TalkRows):
    """A written follow-up agreement on a critical area, signed by owner and principal."""

    class Area(models.TextChoices):
        LEARNING = "learning", _("Pupils' learning")
        ENVIRONMENT = "environment", _("Learning environment")
        BUDGET = "budget", _("Budget and finances")
        REGULATIONS = "regulations", _("Unknown regulations")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agreements")
    area = models.CharField(_("critical area"), max_length=12, choices=Area.choices)
    what = models.TextField(_("what must be done"))
    responsible = models.ForeignKey(
        PERSON, on_delete=models.PROTECT, related_name="+", verbose_name=_("by whom")
    )
    deadline = models.DateField(_("by when"))
    follow_up = models.DateField(_("follow-up date"))
    owner_signed_by = models.ForeignKey(
        PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner_signed_at = models.DateTimeField(null=True, blank=True)
    school_signed_by = models.ForeignKey(
        PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    school_signed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    settled = settled_field()

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        from skolekvalitet.documents.present import shorten

        return f"{self.get_area_display()}: {shorten(self.what, 60)}"

    @property
    def signed(self) -> bool:
        return bool(self.owner_signed_at and self.school_signed_at)

    @property
    def overdue(self) -> bool:
        """(dialogues.overdue.late_agreements is the same rule as a query.)"""
        return self.closed_at is None and not self.settled and self.deadline < timezone.localdate()


class AgreementNote(Note):
    TALK_PATH = "agreement__meeting__"
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="notes")


class SchoolAnalysis(models.Model):
    """The school's own written analysis of its results; the owner sees it once released."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="analyses")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField(_("our strengths"), blank=True)
    challenges = models.TextField(_("our challenges"), blank=True)
    measures = models.TextField(_("what we will do"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="one_analysis_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"

    TEXTS = ("strengths", "challenges", "measures")

    def released(self) -> "AnalysisVersion | None":
        """What the owner reads: the latest released version (never the school's draft)."""
        return self.versions.order_by("-number").first()

    def unreleased_changes(self, latest: "AnalysisVersion | None" = None) -> bool:
        """Whether the draft differs from `latest` (the latest released version when left out)."""
        latest = latest or self.released()
        return latest is None or any(
            getattr(self, name) != getattr(latest, name) for name in self.TEXTS
        )


class AnalysisVersion(models.Model):
    """The school's analysis as released to the owner: each release is a new version, so an
    edit after release never silently changes what the owner has read."""

    analysis = models.ForeignKey(SchoolAnalysis, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    strengths = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    measures = models.TextField(blank=True)
    released_at = models.DateTimeField()
    released_by = models.ForeignKey(
        PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "number"], name="one_analysis_version")
        ]

    def __str__(self) -> str:
        return f"{self.analysis} v{self.number}"


class DevelopmentGroup(models.Model):
    owner = models.OneToOneField(Owner, on_delete=models.CASCADE, related_name="development_group")
    mandate = models.TextField(_("mandate"), blank=True)
    members = models.ManyToManyField(PERSON, blank=True, related_name="development_groups")

    def __str__(self) -> str:
        return str(self.owner)


class GroupMeeting(models.Model):
    group = models.ForeignKey(DevelopmentGroup, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return self.topic


class Proposal(models.Model):
    """A question the development group proposes for the self-assessment."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Added to the self-assessment")
        DECLINED = "declined", _("Not used")

    group = models.ForeignKey(DevelopmentGroup, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(PERSON, on_delete=models.SET_NULL, null=True)
    text = models.CharField(_("proposed question"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default="proposed")

    def __str__(self) -> str:
        return self.text


class FeedToken(models.Model):
    """The secret in a person's calendar-feed address; renewing replaces it."""

    person = models.OneToOneField(PERSON, on_delete=models.CASCADE, related_name="feed_token")
    token = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"feed of {self.person_id}"

    @staticmethod
    def new() -> str:
        return secrets.token_urlsafe(32)


class Reminder(models.Model):
    """A reminder e-mail already sent, so the daily task sends each one once."""

    key = models.CharField(max_length=120, unique=True)
    sent_on = models.DateField()

    def __str__(self) -> str:
        return self.key

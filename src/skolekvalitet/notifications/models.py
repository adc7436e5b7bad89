"""What the system told whom by e-mail, so each notification is sent once, and how each person
wants them: at once or in a daily digest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PERSON = settings.AUTH_USER_MODEL


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("At once, one e-mail each")
    DIGEST = "digest", _("Once a day, in one e-mail")


class Preference(models.Model):
    person = models.OneToOneField(
        PERSON, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        _("notifications by e-mail"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.IMMEDIATE,
    )

    def __str__(self) -> str:
        return f"{self.person_id}: {self.delivery}"


class Kind(models.TextChoices):
    TASK = "task", _("A task is assigned to me")
    APPROVE = "approve", _("Minutes wait for my approval")
    SIGN = "sign", _("An agreement waits for my signature")
    MEETING = "meeting", _("A meeting I take part in is scheduled")
    MOVED = "moved", _("A meeting I take part in is moved")
    DEADLINE = "deadline", _("A deadline has passed")
    ROUND = "round", _("A questionnaire I should answer opens")


class Notification(models.Model):
    """One notification to one person, written in their language when it arose. `key` names
    what it is about (unique per person and kind), so nothing is told twice."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=120)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    language = models.CharField(max_length=2)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "key"], name="notify_once"),
        ]

    def __str__(self) -> str:
        return self.subject

"""The audit log: who changed what, when, and how. Written only through audit.record()."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    owner = models.ForeignKey(
        "organisations.Owner", on_delete=models.CASCADE, null=True, related_name="audit_events"
    )
    school = models.ForeignKey(
        "organisations.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    actor_name = models.CharField(max_length=200)  # kept when the person is deleted
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("object"), max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class FrozenRecord(models.Model):
    """What a decided thing showed when it was decided (an approved meeting pack, the figures a
    plan evaluation used, a published status report), stored once and shown from then on, so
    later data never change it. Written only through audit.frozen.freeze()."""

    owner = models.ForeignKey(
        "organisations.Owner", on_delete=models.CASCADE, related_name="frozen_records"
    )
    kind = models.CharField(max_length=30)  # meeting_pack, plan_evaluation, report
    object_id = models.CharField(max_length=40)
    variant = models.CharField(max_length=30, blank=True)  # e.g. the language and the side
    data = models.JSONField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "variant"], name="one_frozen_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.variant}"

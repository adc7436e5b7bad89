"""A background job of an owner: what the worker runs, its state, and why it failed. The state
lives in the database, so pages show it across worker restarts and app processes."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from skolekvalitet.organisations.models import Owner

# A job still running after this long lost its worker (killed, not stopped): it may be retried.
STALLED_AFTER = datetime.timedelta(hours=1)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="background_jobs")
    function = models.CharField(max_length=200)  # dotted path of a plain function
    args = models.JSONField(default=list, blank=True)
    # English source text (marked with gettext_noop where it is made), translated when shown.
    title = models.CharField(max_length=200)
    title_args = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)  # the exception's class and message, for the admin
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.label

    @property
    def stalled(self) -> bool:
        return (
            self.status == self.Status.RUNNING
            and self.started is not None
            and self.started < timezone.now() - STALLED_AFTER
        )

    @property
    def retryable(self) -> bool:
        return self.status == self.Status.FAILED or self.stalled

    @property
    def label(self) -> str:
        return gettext(self.title) % self.title_args if self.title_args else gettext(self.title)

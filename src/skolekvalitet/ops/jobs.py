"""Starting and retrying owners' background jobs (atomic, audited). The job row is written before
the task is enqueued, so the page has something to show at once, whatever the backend. Inside a
caller's transaction the queue's row is written in it too: a worker sees both or neither."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skolekvalitet.audit.log import record
from skolekvalitet.organisations.models import Owner, Person

from .models import Job
from .tasks import run_job


def _enqueue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def start(
    actor: Person | None, owner: Owner, function: str, args: list, title: str, **title_args
) -> Job:
    """Run `function(*args)` in the background for `owner`. `title` is English source text marked
    with gettext_noop; it is translated when shown."""
    job = Job.objects.create(
        owner=owner,
        function=function,
        args=args,
        title=title,
        title_args=title_args,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _enqueue(job)
    return job


@transaction.atomic
def retry(actor: Person, job: Job) -> Job:
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not job.retryable:
        raise ValidationError(_("Only a failed task can be tried again."))
    before, job.status = job.status, Job.Status.QUEUED
    job.save(update_fields=["status"])
    record(actor, job.owner, "retry", job, {"status": [before, Job.Status.QUEUED]})
    _enqueue(job)
    return job

"""The one task the worker runs for owners' jobs: look the job up, run its function, keep the
outcome on the job. Functions are plain (`function(*args)`), so they also run in-process."""

import logging

from django.db.models import F
from django.tasks import Task, task
from django.utils import timezone
from django.utils.module_loading import import_string

from .logs import job_context
from .models import Job

logger = logging.getLogger("skolekvalitet.jobs")


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status == Job.Status.DONE:
        return  # deleted with its owner, or run twice by a retried delivery
    with job_context(job.pk, job.owner.slug):
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING,
            attempts=F("attempts") + 1,
            error="",
            started=timezone.now(),
            finished=None,
        )
        function = import_string(job.function)
        if isinstance(function, Task):
            function = function.func
        try:
            function(*job.args)
        except Exception as error:
            logger.exception("job %s (%s) failed", job.pk, job.function)
            message = f"{type(error).__name__}: {error}"[:1000]
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.FAILED, error=message, finished=timezone.now()
            )
            raise
        Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished=timezone.now())

"""`/healthz` for load balancers and monitoring: 200 "ok", or 503 with one line per problem."""

import datetime

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.tasks import task_backends
from django.utils import timezone

from skolekvalitet.organisations.access import access_rule


def uses_worker() -> bool:
    """True when tasks go to the database queue, so a worker process must run them."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def problems() -> list[str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return [f"database: {type(error).__name__}"]
    if not uses_worker():
        return []
    from django_tasks_db.models import DBTaskResult

    limit = datetime.timedelta(seconds=settings.HEALTHZ_QUEUE_MAX_WAIT)
    try:
        oldest = (
            DBTaskResult.objects.ready()
            .filter(enqueued_at__lt=timezone.now() - limit)
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
    except Exception as error:  # e.g. migrations not run
        return [f"worker queue: cannot read it ({type(error).__name__})"]
    if oldest is None:
        return []
    waited = int((timezone.now() - oldest).total_seconds())
    return [f"worker queue: a task has waited {waited} s; is `skolekvalitet worker` running?"]


@access_rule("public")
def healthz(request: HttpRequest) -> HttpResponse:
    found = problems()
    if found:
        return HttpResponse("\n".join(found), status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")

"""/healthz: 200 "ok" when the database answers and no queued task waits too long; 503 with the
reason otherwise."""

import datetime

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from skolekvalitet.ops.tasks import run_job

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_it_is_ok_with_tasks_in_process(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.text == "ok"


def test_it_reports_a_queue_nobody_works_on(client, db, settings):
    settings.TASKS = DATABASE_BACKEND
    result = run_job.enqueue(1)
    assert client.get(reverse("healthz")).text == "ok"  # just queued
    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    response = client.get(reverse("healthz"))
    assert response.status_code == 503 and "worker queue" in response.text
    assert "is `skolekvalitet worker` running?" in response.text


def test_it_reports_a_database_that_does_not_answer(client, db, monkeypatch):
    def broken():
        raise connection.Database.OperationalError("gone")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken)
        response = client.get(reverse("healthz"))
    assert response.status_code == 503 and response.text.startswith("database:")

"""A real worker: `skolekvalitet worker` started as a process against the test database builds a
report while the page follows its progress; a job waits while no worker runs and is done once one
starts again; a job that failed in the worker shows on the owner's task page and is retried."""

import io
import os
import re
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import docx
import pytest
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from skolekvalitet.ops import jobs
from skolekvalitet.ops.models import Job
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.reporting.models import ReportJob, StatusReport
from skolekvalitet.reporting.tasks import start

pytestmark = [pytest.mark.worker_process, pytest.mark.django_db(transaction=True)]
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def _database_url() -> str:
    """The test database (pytest-django renames it) as a DATABASE_URL for the worker."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    """Starts worker processes on demand; stops them (SIGTERM: finish the task, then exit)."""
    assert not str(connection.settings_dict["NAME"]).startswith("file:memorydb"), "needs a file"
    settings.TASKS = {"default": {"BACKEND": DATABASE_BACKEND}}
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": DATABASE_BACKEND,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
    }
    started: list[subprocess.Popen] = []

    def start_worker() -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(started)}.log", "w")  # noqa: SIM115
        command = [sys.executable, "-m", "skolekvalitet.cli", "worker", "--no-reload"]
        command += ["--interval", "0.2", "--no-startup-delay"]
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append(process)
        return process

    def stop(process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)

    start_worker.stop = stop
    yield start_worker
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _wait(predicate, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.2)


def test_a_worker_process_builds_the_report_while_the_page_shows_progress(world, login, worker):
    report = StatusReport.objects.create(owner=world.owner, school_year=current_school_year())
    client = login(world.admin)
    job = start(world.admin, report, "docx", "nn")
    page = reverse("report_job", args=[world.owner.slug, report.school_year.code, job.pk])
    waiting = client.get(page, headers={"HX-Request": "true"}).content.decode()
    assert 'value="0"' in waiting and "hx-get" in waiting  # polls until the worker is done
    assert "Waiting for the worker" in client.get(reverse("job_list", args=["fjordvik"])).text

    process = worker()
    shown = []  # the progress the page shows, polled as htmx does

    def done() -> bool:
        partial = client.get(page, headers={"HX-Request": "true"}).content.decode()
        shown.append(int(re.search(r'value="(\d+)"', partial)[1]))
        return "download=1" in partial

    _wait(done)
    assert shown[0] == 0 and shown[-1] == 100 and shown == sorted(shown)
    finished = client.get(page, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in finished  # polling stops once the file is there
    download = client.get(page + "?download=1")
    word = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    assert word.paragraphs[0].text.startswith("Kvalitetsmelding")
    ops_job = Job.objects.get(owner=world.owner)
    assert ops_job.status == Job.Status.DONE and ops_job.attempts == 1
    assert DBTaskResult.objects.get(id=ops_job.task_id).status == "SUCCESSFUL"

    # The worker stops; a job queued meanwhile waits in the database, /healthz says so, and the
    # next worker does it.
    worker.stop(process)
    second = start(world.admin, report, "docx", "nb")
    assert not ReportJob.objects.get(pk=second.pk).done
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.HEALTHZ_QUEUE_MAX_WAIT", 0)
        health = client.get(reverse("healthz"))
    assert health.status_code == 503 and "worker queue" in health.text
    process = worker()
    _wait(lambda: ReportJob.objects.get(pk=second.pk).done)
    assert client.get(reverse("healthz")).text == "ok"
    worker.stop(process)


def test_a_job_that_failed_in_the_worker_is_shown_and_retried(world, login, worker):
    report = StatusReport.objects.create(owner=world.owner, school_year=current_school_year())
    missing = 424242  # the ReportJob does not exist yet: the worker's run fails
    job = jobs.start(
        world.admin,
        world.owner,
        "skolekvalitet.reporting.tasks.generate",
        [missing],
        "Status report %(year)s as %(fmt)s",
        year=str(report.school_year),
        fmt="DOCX",
    )
    process = worker()
    _wait(lambda: Job.objects.get(pk=job.pk).status == Job.Status.FAILED)
    client = login(world.admin, "nb")
    page = client.get(reverse("job_list", args=["fjordvik"])).text
    assert "DoesNotExist" in page and f"oppgåve {job.pk}" in page.replace("oppgave", "oppgåve")
    assert DBTaskResult.objects.get(id=Job.objects.get(pk=job.pk).task_id).status == "FAILED"

    ReportJob.objects.create(pk=missing, report=report, fmt="docx", language="nb")
    response = client.post(reverse("job_retry", args=["fjordvik"]), {"job": job.pk})
    assert response.status_code == 302
    _wait(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE)
    assert ReportJob.objects.get(pk=missing).done
    assert Job.objects.get(pk=job.pk).attempts == 2
    worker.stop(process)

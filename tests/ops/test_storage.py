"""Generated report files and unconfirmed import uploads go through Django's storage API, so any
STORAGES backend (a folder, object storage) holds them: here an in-memory one stands in for S3."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.reporting.tasks import file_name, start


@pytest.fixture
def memory(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "never-used")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    yield default_storage
    assert not (tmp_path / "never-used").exists()  # nothing went to the disk


def test_a_report_file_is_written_to_and_read_from_the_storage(world, login, memory):
    report = StatusReport.objects.create(owner=world.owner, school_year=current_school_year())
    job = start(world.admin, report, "docx", "nb")
    assert memory.exists(file_name(job)) and memory.size(file_name(job)) > 1000
    page = reverse("report_job", args=["fjordvik", report.school_year.code, job.pk])
    download = login(world.admin).get(page + "?download=1")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    memory.delete(file_name(job))
    assert login(world.admin).get(page + "?download=1").status_code == 404  # gone: no 500


def test_an_unconfirmed_upload_is_kept_in_the_storage_until_cancelled(world, login, memory):
    sync_catalogue()
    client = login(world.admin)
    data = (
        "indicator;unit_kind;unit_code;school_year;grade;value;n\n"
        f"ps_wellbeing;school;{world.school_a.org_number};2025-26;7;3,9;21\n"
    ).encode()
    upload = SimpleUploadedFile("mine.csv", data)
    client.post(reverse("import_upload", args=["fjordvik"]), {"file": upload})
    (kept,) = memory.listdir("uploads")[1]
    assert kept.endswith(".json")
    client.post(reverse("import_cancel", args=["fjordvik"]))
    assert memory.listdir("uploads")[1] == []

"""The storage, task and log settings read from the environment: object storage through
django-storages when asked for (no S3 is contacted), loud failures on a malformed value."""

import json
import os
import subprocess
import sys

import pytest

SHOW = (
    "import json; from skolekvalitet.site import settings as s; "
    "print(json.dumps({'storage': s.STORAGES['default'], 'tasks': s.TASKS['default'], "
    "'media': str(s.MEDIA_ROOT), 'log': s.LOGGING['handlers']['console']['formatter']}))"
)


def _settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "STORAGE", "LOG_"))}
    clean.pop("TASKS_BACKEND", None)
    return subprocess.run(
        [sys.executable, "-c", SHOW], env={**clean, **env}, capture_output=True, text=True
    )


def test_the_defaults_are_a_local_folder_a_database_queue_and_json_logs_in_production():
    found = json.loads(_settings(DEBUG="false", SECRET_KEY="x" * 50).stdout)
    assert found["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["tasks"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert found["media"].endswith("files") and found["log"] == "json"


def test_object_storage_is_configured_from_the_environment():
    found = json.loads(
        _settings(
            STORAGE="s3",
            S3_BUCKET="skolekvalitet",
            S3_ENDPOINT_URL="https://s3.example.invalid",
            S3_PREFIX="fjordvik",
            MEDIA_ROOT="/srv/files",
        ).stdout
    )
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["storage"]["OPTIONS"]
    assert options["bucket_name"] == "skolekvalitet" and options["location"] == "fjordvik"
    assert options["endpoint_url"] == "https://s3.example.invalid"
    assert options["default_acl"] == "private" and options["access_key"] is None
    assert found["media"] == "/srv/files" and found["log"] == "text"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STORAGE": "s3"}, "Set S3_BUCKET when STORAGE=s3."),
        ({"STORAGE": "ftp"}, "STORAGE must be 'local' or 's3'."),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be 'json' or 'text'."),
    ],
)
def test_a_malformed_setting_fails_loudly(env, message):
    result = _settings(**env)
    assert result.returncode != 0 and message in result.stderr


def test_the_worker_explains_that_in_process_tasks_need_no_worker():
    env = {**os.environ, "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    result = subprocess.run(
        [sys.executable, "-m", "skolekvalitet.cli", "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "there is no queue for a worker" in result.stderr

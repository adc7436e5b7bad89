"""Structured logs: every request gets an id (sent back as X-Request-ID), and every line logged
while it runs carries that id, the person and the owner, as one JSON object."""

import io
import json
import logging

import pytest
from django.urls import reverse

from skolekvalitet.ops import jobs
from skolekvalitet.ops.logs import JsonFormatter


@pytest.fixture
def lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(n) for n in ("skolekvalitet.request", "skolekvalitet.jobs")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_each_request_line_has_the_request_id_person_and_owner(world, login, lines):
    response = login(world.admin).get(reverse("job_list", args=["fjordvik"]))
    (line,) = lines()
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["user_id"] == world.admin.pk and line["owner"] == "fjordvik"
    assert line["status"] == 200 and line["path"] == "/o/fjordvik/tasks/"
    assert line["level"] == "INFO" and line["logger"] == "skolekvalitet.request"
    assert line["time"].endswith("Z") and isinstance(line["duration_ms"], int)


def test_it_keeps_a_sane_request_id_from_the_proxy_and_replaces_others(client, db, lines):
    given = client.get(reverse("healthz"), headers={"X-Request-ID": "proxy-1234abcd"})
    assert given["X-Request-ID"] == "proxy-1234abcd"
    forged = client.get(reverse("healthz"), headers={"X-Request-ID": 'x" \n{"level":"ERROR"'})
    assert forged["X-Request-ID"] != 'x" \n{"level":"ERROR"' and len(forged["X-Request-ID"]) == 32
    first, second = lines()
    assert first["request_id"] == "proxy-1234abcd" and "user_id" not in first
    assert "owner" not in second  # nothing left over from an earlier request


def test_a_failed_jobs_line_names_the_job_and_the_owner(world, lines):
    job = jobs.start(None, world.owner, "tests.ops.test_jobs.flaky", [1], "Reminders")
    (line,) = [x for x in lines() if x["logger"] == "skolekvalitet.jobs"]
    assert line["job_id"] == job.pk and line["owner"] == "fjordvik" and line["level"] == "ERROR"
    assert "RuntimeError" in line["exception"]

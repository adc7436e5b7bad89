"""The owner's task page: a failed job with a clear message in Norwegian, retried by one URL by
the owner's administrators only, audited. Tasks run in-process here (tests/ops/test_worker.py runs
them in a real worker)."""

import pytest
from django.urls import reverse

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.ops import jobs
from skolekvalitet.ops.models import Job

CALLS: list[int] = []
BROKEN = {"on": True}


def flaky(n: int) -> None:
    if BROKEN["on"]:
        raise RuntimeError("the printer is on fire")
    CALLS.append(n)


@pytest.fixture
def failed(world):
    BROKEN["on"] = True
    CALLS.clear()
    job = jobs.start(world.admin, world.owner, "tests.ops.test_jobs.flaky", [7], "Reminders")
    job.refresh_from_db()
    yield job
    BROKEN["on"] = True


def test_it_shows_a_failed_job_with_a_message_in_both_languages(world, login, failed):
    assert failed.status == Job.Status.FAILED and failed.attempts == 1
    assert "RuntimeError: the printer is on fire" in failed.error
    for language, words in (("nb", "Oppgaven feilet"), ("nn", "Oppgåva feila")):
        page = login(world.admin, language).get(reverse("job_list", args=["fjordvik"])).text
        assert words in page and "the printer is on fire" in page, language
        assert f'name="job" value="{failed.pk}"' in page


def test_it_retries_a_failed_job_once_and_audits_it(world, login, failed):
    BROKEN["on"] = False
    client = login(world.admin)
    response = client.post(reverse("job_retry", args=["fjordvik"]), {"job": failed.pk})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Job.Status.DONE and failed.attempts == 2 and CALLS == [7]
    event = AuditEvent.objects.get(action="retry")
    assert event.owner == world.owner and event.actor == world.admin
    again = client.post(reverse("job_retry", args=["fjordvik"]), {"job": failed.pk}, follow=True)
    assert "Only a failed task can be tried again." in again.text and CALLS == [7]


@pytest.mark.parametrize("given", ["", "abc", "999999", "-1"])
def test_bad_input_to_retry_is_a_message_not_a_500(world, login, failed, given):
    response = login(world.admin).post(
        reverse("job_retry", args=["fjordvik"]), {"job": given}, follow=True
    )
    assert response.status_code == 200 and "Choose a task to try again." in response.text


def test_only_the_owners_administrators_see_or_retry_jobs(world, login, failed):
    for person, status in ((world.principal_a, 403), (world.outsider, 404), (None, 302)):
        client = login(person)
        assert client.get(reverse("job_list", args=["fjordvik"])).status_code == status
        post = client.post(reverse("job_retry", args=["fjordvik"]), {"job": failed.pk})
        assert post.status_code == status
    failed.refresh_from_db()
    assert failed.status == Job.Status.FAILED and not AuditEvent.objects.filter(action="retry")
    other = login(world.outsider).get(reverse("job_list", args=["utanby"])).text
    assert "printer" not in other


def test_the_task_page_takes_the_same_queries_for_many_jobs(world, login, failed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.admin)
    url = reverse("job_list", args=["fjordvik"])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(10):
        jobs.start(world.principal_a, world.owner, "tests.ops.test_jobs.flaky", [n], "Reminders")
    with CaptureQueriesContext(connection) as eleven:
        page = client.get(url).text
    assert len(eleven) == len(one) and page.count("Rita Rektor") == 10

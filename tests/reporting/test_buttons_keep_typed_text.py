"""Every button of the edit page that changes the report saves what is typed first (issue 18):
the text is kept and the frozen version has it; when the text cannot be saved, nothing else
happens and the page shows the error with what was typed."""

import pytest
from django.urls import reverse

from skolekvalitet.organisations.models import Person
from skolekvalitet.reporting.models import StatusReport

TYPED = "<p>Vi vurderer gjennomføringa som god.</p>"


def _post(client, report, name, data):
    return client.post(reverse(name, args=["demo", report.school_year.code]), data)


def test_save_a_version_keeps_the_typed_text(demo, login):
    _owner, report, *_ = demo
    client = login(Person.objects.get(email="admin@demo.example"), "nn")
    versions = report.versions.count()
    response = _post(client, report, "report_version", {"a_completion": TYPED})
    assert response.status_code == 302
    assert report.narratives.get(key="a_completion").html == TYPED
    assert report.versions.count() == versions + 1
    assert "Vi vurderer gjennomføringa som god." in report.versions.order_by("-number")[0].text


def test_mark_final_keeps_the_typed_text_and_asks_first(demo, login):
    """The button saves what is typed and shows the confirmation; its «Yes» freezes it."""
    _owner, report, *_ = demo
    client = login(Person.objects.get(email="admin@demo.example"), "nn")
    versions = report.versions.count()
    response = _post(client, report, "report_final", {"a_completion": TYPED})
    url = reverse("report_final", args=["demo", report.school_year.code])
    assert response.status_code == 302 and response["Location"] == url
    assert report.narratives.get(key="a_completion").html == TYPED
    report.refresh_from_db()
    assert report.status == "draft" and report.versions.count() == versions
    _post(client, report, "report_final", {"confirm": "1"})
    report.refresh_from_db()
    assert report.status == "final" and report.versions.count() == versions + 1
    assert "Vi vurderer gjennomføringa som god." in report.versions.order_by("-number")[0].text


@pytest.mark.parametrize(
    "button", ["report_leave_out_internal_control", "report_make_public", "report_pdf"]
)
def test_the_other_buttons_keep_the_typed_text(demo, login, settings, tmp_path, button):
    settings.DATA_DIR = tmp_path
    _owner, report, *_ = demo
    client = login(Person.objects.get(email="admin@demo.example"), "nn")
    _post(client, report, button, {"a_completion": TYPED, "language": "nn"})
    assert report.narratives.get(key="a_completion").html == TYPED


def test_text_that_cannot_be_saved_stops_the_button_and_is_shown_again(demo, login):
    _owner, report, *_ = demo
    client = login(Person.objects.get(email="admin@demo.example"), "nn")
    versions = report.versions.count()
    long_summary = "<p>" + "lang " * 300 + "</p>"
    response = _post(
        client, report, "report_final", {"summary": long_summary, "a_completion": TYPED}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vi vurderer gjennomføringa som god." in page and "lang lang" in page
    assert "Dei viktigaste funna: høgst" in page  # the error, at its field
    report.refresh_from_db()
    assert report.status == StatusReport.Status.DRAFT
    assert report.versions.count() == versions
    assert not report.narratives.filter(key="a_completion", html=TYPED).exists()

"""A published report set back to draft stays readable as it was published (issue 18): the
public page, the politicians' list, preview and summary serve the last published copy until a
newer version is published, and say which version it is and when it was published."""

import re

import pytest
from django.urls import reverse

from skolekvalitet.organisations.models import Person

CONFIRM = {"confirm": "1"}  # the «Yes» of the step's confirmation page

NEW = "Ein heilt ny tekst i utkastet."


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def reopened(demo, login):
    """The report published (version 1, put before the council, then published), made public,
    then set back to draft with a new text typed; what the public page said before."""
    _owner, report, _school, _indicator, year = demo
    admin = login(Person.objects.get(email="admin@demo.example"), "nn")
    for state in ("final", "published", "make_public"):
        admin.post(reverse(f"report_{state}", args=["demo", year.code]), CONFIRM)
    report.refresh_from_db()
    assert report.status == "published" and report.public
    version = report.versions.order_by("-number")[0]
    before = _text(login(None, "nn").get(reverse("public_report", args=["demo", year.code])))
    admin = login(Person.objects.get(email="admin@demo.example"), "nn")
    admin.post(reverse("report_draft", args=["demo", year.code]), CONFIRM)
    save = reverse("report_version", args=["demo", year.code])  # saves what is typed first
    admin.post(save, {"summary": f"<p>{NEW}</p>"})
    report.refresh_from_db()
    assert report.status == "draft"
    return report, version, before


def test_the_public_page_keeps_the_last_published_version(reopened, login):
    report, version, before = reopened
    url = reverse("public_report", args=["demo", report.school_year.code])
    after = _text(login(None, "nn").get(url))
    assert NEW not in after
    said = f"Publisert versjon {version.number}, "
    assert said in after and said in before  # which version, and when
    assert re.search(said + r"\d{1,2}\. \w+ \d{4}", after)
    assert after == before


def test_politicians_read_the_last_published_version(reopened, login):
    report, version, _before = reopened
    year = report.school_year.code
    politician = login(Person.objects.get(email="politikar@demo.example"), "nn")
    listed = _text(politician.get(reverse("report_list", args=["demo"])))
    assert str(report.school_year) in listed
    assert f"Publisert versjon {version.number}" in listed
    for name in ("report_summary", "report_preview"):
        page = _text(politician.get(reverse(name, args=["demo", year])))
        assert f"Publisert versjon {version.number}" in page and NEW not in page
    pdf = politician.get(reverse("report_summary_pdf", args=["demo", year]))
    assert pdf.status_code == 200


def test_the_administrators_preview_shows_the_draft(reopened, login):
    report, _version, _before = reopened
    admin = login(Person.objects.get(email="admin@demo.example"), "nn")
    page = _text(admin.get(reverse("report_preview", args=["demo", report.school_year.code])))
    assert NEW in page


def test_a_newer_published_version_replaces_it(reopened, login):
    report, version, _before = reopened
    year = report.school_year.code
    admin = login(Person.objects.get(email="admin@demo.example"), "nn")
    for state in ("final", "published"):
        admin.post(reverse(f"report_{state}", args=["demo", year]), CONFIRM)
    newest = report.versions.order_by("-number")[0]
    assert newest.number > version.number
    page = _text(login(None, "nn").get(reverse("public_report", args=["demo", year])))
    assert NEW in page and f"Publisert versjon {newest.number}, " in page


def test_a_report_never_published_is_not_public(demo, login):
    _owner, report, *_ = demo
    admin = login(Person.objects.get(email="admin@demo.example"), "nn")
    admin.post(reverse("report_make_public", args=["demo", report.school_year.code]), CONFIRM)
    url = reverse("public_report", args=["demo", report.school_year.code])
    assert login(None, "nn").get(url).status_code == 404
    politician = login(Person.objects.get(email="politikar@demo.example"), "nn")
    preview = reverse("report_preview", args=["demo", report.school_year.code])
    assert politician.get(preview).status_code == 404

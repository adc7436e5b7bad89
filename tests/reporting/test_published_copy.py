"""A published report is served from the copy stored when it was published: the preview, the
files made later and the public page say exactly what they said, whatever data arrive after."""

import io
import re

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from skolekvalitet.documents import render
from skolekvalitet.knowledge.models import Indicator, Observation
from skolekvalitet.organisations.models import Person, School
from skolekvalitet.reporting.build import build_document
from skolekvalitet.reporting.models import ReportJob

CONFIRM = {"confirm": "1"}  # the «Yes» of the step's confirmation page

LATER = 97.53  # a value that arrives after publication and must never appear in the copy


@pytest.fixture
def published(demo, login):
    owner, report, _school, _indicator, year = demo
    admin = Person.objects.get(email="admin@demo.example")
    client = login(admin, "nb")
    for state in ("final", "published", "make_public"):
        client.post(reverse(f"report_{state}", args=["demo", year.code]), CONFIRM)
    client.get(reverse("report_list", args=["demo"]))  # shows (and so clears) the messages
    report.refresh_from_db()
    assert report.status == "published" and report.public
    return owner, report, year, client


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _download(client, url, data) -> bytes:
    response = client.post(url, data)
    job = ReportJob.objects.order_by("-pk").first()
    assert job.done and not job.error, job.error
    return b"".join(client.get(response["Location"] + "?download=1").streaming_content)


def _data_arrive_later(owner, **which):
    """Change a figure as a later import would, and publish the owner's figures again where the
    knowledge base keeps published figures."""
    Observation.objects.filter(**which).update(value=LATER, suppressed=False)
    try:
        from skolekvalitet.knowledge import publishing
    except ImportError:
        return
    publishing.publish(owner)


def test_it_serves_the_published_copy_after_the_data_change(published, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    owner, report, year, client = published
    args = ["demo", year.code]
    preview, public = reverse("report_preview", args=args), reverse("public_report", args=args)
    before = {preview: _text(client.get(preview)), public: _text(login(None, "nb").get(public))}
    assert all("97,5" not in text for text in before.values())

    school = School.objects.get(name="Bjørkely skule")
    indicator = Indicator.objects.get(code="nt5_reading", owner=None)
    _data_arrive_later(owner, school=school, indicator=indicator, school_year=year, grade=5)
    live = render.to_html(build_document(report, "nn")[0])
    assert "97,5" in live  # the live report would now say something else

    assert _text(login(None, "nb").get(public)) == before[public]
    client = login(Person.objects.get(email="admin@demo.example"), "nb")
    assert _text(client.get(preview)) == before[preview]
    pdf = _download(client, reverse("report_pdf", args=args), {"language": report.language})
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "97,5" not in text and "Bjørkely skule" in text
    docx_file = _download(client, reverse("report_docx", args=args), {"language": "nb"})
    word = docx.Document(io.BytesIO(docx_file))
    cells = " ".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "97,5" not in cells and "Bjørkely skule" in cells
    assert report.versions.count() == 1  # put before the council, then published as it was
    assert report.versions.get().kind == "published"

import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.demo import build_demo
from skolekvalitet.knowledge import store
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.models import Indicator, Observation
from skolekvalitet.organisations.models import Owner, Person, School, SchoolYear
from skolekvalitet.reporting import actions
from skolekvalitet.reporting.build import chapter_titles
from skolekvalitet.reporting.models import ReportJob, StatusReport
from skolekvalitet.reporting.narratives import clean
from skolekvalitet.reporting.tasks import render_report

PLANTED = 88.88


@pytest.fixture
def demo(db):
    build_demo()
    owner = Owner.objects.get(slug="demo")
    year = SchoolYear.objects.order_by("-code").first()
    report = StatusReport.objects.get(owner=owner, school_year=year)
    school = School.objects.get(name="Granhaug skule")
    indicator = Indicator.objects.get(code="nt5_reading", owner=None)
    # A figure Udir suppressed, with a value that must never appear anywhere.
    figures = list(
        Observation.objects.filter(school=school, indicator=indicator, school_year=year, grade=5)
    )
    for figure in figures:
        figure.value, figure.suppressed = PLANTED, True
    store.write(None, owner, figures)  # published again at once (the immediate backend)
    return owner, report, school, indicator, year


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_it_renders_the_report_in_every_format(demo, language):
    _owner, report, _school, _indicator, _year = demo
    from django.utils import translation

    with translation.override(language):
        titles = list(chapter_titles().values())
    pdf = render_report(report, "pdf", language)
    text = " ".join(_pdf_text(pdf).split())
    for title in titles:
        assert title in text, title
    assert "88,9" not in text and "88.9" not in text and "88,88" not in text
    word = docx.Document(io.BytesIO(render_report(report, "docx", language)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert all(title in headings for title in titles)
    assert len(word.tables) >= 6
    pictures = word.inline_shapes
    assert len(pictures) >= 3
    assert all(shape._inline.docPr.get("descr") for shape in pictures)
    assert not any("88,9" in cell.text for t in word.tables for row in t.rows for cell in row.cells)
    html = render_report(report, "html", language).decode()
    assert f'lang="{language}"' in html and "88,9" not in html
    assert html.count("<svg") >= 3 and html.count("<desc") >= 3


def test_the_figures_in_the_pdf_equal_the_knowledge_base(demo):
    owner, report, _school, indicator, year = demo
    other = School.objects.get(name="Bjørkely skule")
    chain = Chain(owner, [other], upto_year=year.code)
    figure = chain.series(indicator, ("school", other.pk), 5)[-1]
    expected = f"{figure.shown.value:.1f}".replace(".", ",")
    text = _pdf_text(render_report(report, "pdf", "nb"))
    from django.utils import translation

    with translation.override("nb"):
        caption = f"{indicator.name}: skoleår"
    table = " ".join(text[text.index(caption) :].split())  # table cells wrap in the PDF text
    row = table[table.index("Bjørkely skule") : table.index("Fjellstad skule")]
    assert f" {expected} " in row and figure.year in table


def test_it_sanitises_narratives_and_requires_sections(demo):
    _owner, report, *_ = demo
    admin = Person.objects.get(email="admin@demo.example")
    actions.save_narratives(
        admin,
        report,
        {
            "summary": '<p onclick="x()">Godt år<script>alert(1)</script></p>',
            "assessment": "",
            "measures": "<ul><li>Lesing</li></ul>",
        },
    )
    assert report.narratives.get(key="summary").html == "<p>Godt år</p>"
    assert "javascript" not in clean('<a href="javascript:x()">x</a>')
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError, match="owner's assessment"):
        actions.set_status(admin, report, "final")
    actions.save_narratives(admin, report, {"assessment": "<p>Vi er nøgde.</p>"})
    actions.set_status(admin, report, "final")
    assert report.versions.count() == 1


def test_it_shows_drafts_only_to_the_owner(demo, login):
    owner, report, *_ = demo
    politician = Person.objects.get(email="politikar@demo.example")
    url = reverse("report_preview", args=["demo", report.school_year.code])
    assert report.status == "draft"
    assert login(politician).get(url).status_code == 404
    assert login(Person.objects.get(email="admin@demo.example")).get(url).status_code == 200
    published = StatusReport.objects.exclude(pk=report.pk).get(owner=owner)
    assert (
        login(politician)
        .get(reverse("report_preview", args=["demo", published.school_year.code]))
        .status_code
        == 200
    )
    assert (
        login(None)
        .get(reverse("public_report", args=["demo", published.school_year.code]))
        .status_code
        == 200
    )
    assert (
        login(None)
        .get(reverse("public_report", args=["demo", report.school_year.code]))
        .status_code
        == 404
    )
    save = reverse("report_save", args=["demo", report.school_year.code])
    assert login(politician).post(save, {"summary": "x"}).status_code == 403


def test_it_generates_files_as_a_background_task(demo, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    _owner, report, *_ = demo
    client = login(Person.objects.get(email="admin@demo.example"))
    url = reverse("report_docx", args=["demo", report.school_year.code])
    response = client.post(url, {"language": "nn"})
    job = ReportJob.objects.get()
    assert response["Location"].endswith(f"/jobs/{job.pk}/")
    assert job.done is False or job.progress == 100
    job.refresh_from_db()
    assert job.done and job.progress == 100 and not job.error
    download = client.get(response["Location"] + "?download=1")
    word = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    assert word.paragraphs[0].text.startswith("Kvalitetsmelding")
    made = AuditEvent.objects.get(action="generate")
    assert made.changes == {"format": [None, "docx"], "language": [None, "nn"]}


def test_the_log_keeps_what_a_narrative_said_before_and_after(demo):
    _owner, report, *_ = demo
    admin = Person.objects.get(email="admin@demo.example")
    actions.save_narratives(admin, report, {"summary": "<p>Fyrst.</p>"})
    actions.save_narratives(admin, report, {"summary": "<p>Så.</p>"})
    event = AuditEvent.objects.filter(action="update", object_type="reporting.statusreport")[0]
    assert event.changes["summary"] == ["<p>Fyrst.</p>", "<p>Så.</p>"]


def test_it_keeps_versions_with_their_differences(demo, login):
    _owner, report, *_ = demo
    admin = Person.objects.get(email="admin@demo.example")
    actions.save_version(admin, report)
    actions.save_narratives(admin, report, {"summary": "<p>Nytt samandrag.</p>"})
    actions.save_version(admin, report)
    page = login(admin).get(reverse("report_versions", args=["demo", report.school_year.code]))
    assert "+&lt;p&gt;Nytt samandrag.&lt;/p&gt;" in page.content.decode()


def test_the_files_open_in_the_standard_tools(demo, tmp_path):
    import shutil
    import subprocess

    _owner, report, *_ = demo
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_report(report, "pdf", "nn"))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Tilstandsrapport" in text and "Læringsmiljø" in text
    docx_path = tmp_path / "report.docx"
    docx_path.write_bytes(render_report(report, "docx", "nn"))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: the DOCX was checked with python-docx only")
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert (tmp_path / "report.pdf").stat().st_size > 1000


def test_every_required_chapter_of_the_demo_has_content(demo):
    from skolekvalitet.reporting.build import REQUIRED_CHAPTERS, build_document

    _owner, report, *_ = demo
    _doc, filled = build_document(report)
    assert all(filled[key] for key in REQUIRED_CHAPTERS)
    assert actions.missing_sections(report) == []


def test_it_refuses_an_unknown_language_or_format_without_a_500(demo, login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    _owner, report, *_ = demo
    client = login(Person.objects.get(email="admin@demo.example"))
    url = reverse("report_docx", args=["demo", report.school_year.code])
    response = client.post(url, {"language": "../../x"})
    assert response.status_code == 400 and "Choose Bokmål or Nynorsk." in response.content.decode()
    assert client.get(url).status_code == 405
    assert not ReportJob.objects.exists()


def test_a_preview_in_an_unknown_language_is_a_400_with_a_message(demo, login):
    _owner, report, *_ = demo
    client = login(Person.objects.get(email="admin@demo.example"))
    url = reverse("report_preview", args=["demo", report.school_year.code])
    response = client.get(url + "?lang=../../x")
    assert response.status_code == 400 and "Choose Bokmål or Nynorsk." in response.content.decode()
    assert client.get(url + "?lang=nn").status_code == 200

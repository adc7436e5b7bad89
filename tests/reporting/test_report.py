import io
import re
from datetime import timedelta

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.documents import present
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.organisations.models import Person, School
from skolekvalitet.reporting import actions
from skolekvalitet.reporting.build import chapter_titles
from skolekvalitet.reporting.models import NARRATIVES, ReportJob, StatusReport
from skolekvalitet.reporting.narratives import clean
from tests.site.test_render_everything import problems, visible


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(word) -> str:
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return " ".join([p.text for p in word.paragraphs] + cells)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_it_renders_the_report_in_every_format_whole_and_clean(output, language):
    """Every output of the demo report in both languages: every chapter there, no placeholder
    ({, }, None, nan), no decimal point in a number, never the suppressed figure."""
    from django.utils import translation

    with translation.override(language):
        titles = list(chapter_titles().values())
    pdf = " ".join(_pdf_text(output("pdf", language)).split())
    word = docx.Document(io.BytesIO(output("docx", language)))
    html = output("html", language).decode()
    texts = {"pdf": pdf, "docx": " ".join(_docx_text(word).split()), "html": visible(html)}
    for fmt, text in texts.items():
        assert [t for t in titles if t not in text] == [], fmt
        assert problems(f"report.{fmt} {language}", text, language) == []
        assert "{" not in text and "}" not in text, fmt
        assert not [p for p in ("987,7", "987.7", "987,65", "987.65") if p in text], fmt
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert all(title in headings for title in titles)
    assert len(word.tables) >= 6
    assert any(
        row._tr.trPr is not None and row._tr.trPr.xpath("w:tblHeader")
        for row in word.tables[1].rows
    )
    pictures = word.inline_shapes
    assert len(pictures) >= 3
    assert all(shape._inline.docPr.get("descr") for shape in pictures)
    assert f'lang="{language}"' in html
    assert html.count("<svg") >= 3 and html.count("<desc") >= 3


def test_the_pdf_is_tagged_with_alternative_text_for_every_chart(output):
    reader = PdfReader(io.BytesIO(output("pdf", "nb")))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nb"
    figures, tables = [], 0
    stack = [catalog["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not hasattr(node, "get"):
            continue
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
        tables += node.get("/S") == "/Table"
        kids = node.get("/K", [])
        stack += kids if isinstance(kids, list) else [kids]
    assert len(figures) >= 3 and tables >= 6
    assert all("95 %" in alt and "tabellen" in alt.lower() for alt in figures), figures


def test_the_figures_in_the_pdf_equal_the_knowledge_base(demo, output):
    owner, _report, _school, indicator, year = demo
    other = School.objects.get(name="Bjørkely skule")
    chain = Chain(owner, [other], upto_year=year.code)
    figure = chain.series(indicator, ("school", other.pk), 5)[-1]
    expected = f"{figure.shown.value:.1f}".replace(".", ",")
    text = _pdf_text(output("pdf", "nb"))
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


def test_it_keeps_versions_with_their_differences_as_readable_text(demo, login):
    _owner, report, *_ = demo
    admin = Person.objects.get(email="admin@demo.example")
    actions.save_narratives(admin, report, {"summary": "<p>Gamalt samandrag.</p>"})
    actions.save_version(admin, report)
    new = "<p>Nytt samandrag.</p><ul><li>Fyrste <strong>punkt</strong></li></ul>"
    actions.save_narratives(admin, report, {"summary": new})
    actions.save_version(admin, report)
    assert "<p>" not in report.versions.get(number=2).text  # kept as the text it reads as
    url = reverse("report_versions", args=["demo", report.school_year.code])
    for language, said in (("nb", ("Endret:", "Lagt til:", "Lagret av")), ("nn", ("Endra:",))):
        page = login(admin, language).get(url).content.decode()
        assert "&lt;p&gt;" not in page and "&lt;li&gt;" not in page and "@@" not in page
        with translation.override(report.language):
            chapter = str(NARRATIVES["summary"][0])
        assert f'<h3 class="ds-heading" data-size="xs">{chapter}</h3>' in page
        assert "<del>Gamalt</del><ins>Nytt</ins> samandrag." in page
        assert "<ins>• Fyrste punkt</ins>" in page
        assert all(words in page for words in said)
        assert present.moment(report.versions.get(number=2).at, language) in page


def test_the_files_open_in_the_standard_tools(output, tmp_path):
    import shutil
    import subprocess

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(output("pdf", "nn"))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Tilstandsrapport" in text and "Læringsmiljø" in text
    # a school's name is never hyphenated in a table's first column («Gran‐haug skule»)
    joined = re.sub(r"[‐-]\n", "", text)
    for word in ("Heradshaugen", "Granhaug", "Bjørkely", "Fjellstad", "kommunen"):
        assert text.count(word) == joined.count(word) > 0, word
    docx_path = tmp_path / "report.docx"
    docx_path.write_bytes(output("docx", "nn"))
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed: the DOCX was checked with python-docx only")
    converted = tmp_path / "office"  # not where the report's own PDF lies
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(converted), str(docx_path)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    office_pdf = converted / "report.pdf"
    text = subprocess.run(
        ["pdftotext", str(office_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Tilstandsrapport" in text and "Læringsmiljø" in text and "Side 2" in text


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


def test_a_file_nobody_makes_is_listed_and_says_the_worker_has_stopped(demo, login, settings):
    """With the database queue and no worker: the task page lists the waiting task, and after a
    minute the report's job page says no worker has taken it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _owner, report, *_ = demo
    client = login(Person.objects.get(email="admin@demo.example"), "nn")
    url = reverse("report_docx", args=["demo", report.school_year.code])
    response = client.post(url, {"language": "nn"})
    job = ReportJob.objects.get()
    assert "Ventar på arbeidaren" in client.get(reverse("job_list", args=["demo"])).text
    assert "har truleg stoppa" not in client.get(response["Location"]).text
    ReportJob.objects.filter(pk=job.pk).update(created=job.created - timedelta(minutes=2))
    assert "har truleg stoppa" in client.get(response["Location"]).text


def test_a_chapter_without_figures_is_complete_when_its_assessment_says_why(demo):
    """An owner who has imported only some of Udir's files can still put the report before the
    council: a chapter the law asks for without figures needs the owner's words on why, and
    the page says so instead of only «needs content»."""
    from skolekvalitet.reporting.build import REQUIRED_CHAPTERS

    _owner, report, *_ = demo
    filled = {key: key != "environment" for key in REQUIRED_CHAPTERS}
    with translation.override("en"):
        (missing,) = actions.missing_sections(report, filled)
    assert missing.startswith("Learning environment (no figures: import them, or write")
    admin = Person.objects.get(email="admin@demo.example")
    text = "<p>Elevundersøkinga er ikkje importert enno; ho kjem i januar.</p>"
    actions.save_narratives(admin, report, {"a_environment": text})
    assert actions.missing_sections(report, filled) == []

"""The politicians' one-page summary: the owner's summary, the key indicators with their noise-aware
development and the promises counted, as a page and a one-page PDF, from the politician's start
page and menu, read from the copy stored when the report was published."""

import io
import re

from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from skolekvalitet.analysis.texts import TRENDS
from skolekvalitet.documents.model import Table
from skolekvalitet.knowledge import publishing
from skolekvalitet.knowledge.models import Observation
from skolekvalitet.organisations.models import Person
from skolekvalitet.plans.models import Criterion, QualityGoal
from skolekvalitet.reporting import summary
from skolekvalitet.reporting.build import build_document
from skolekvalitet.reporting.models import StatusReport
from tests.site.test_render_everything import problems, visible


def _published(owner) -> StatusReport:
    return StatusReport.objects.get(owner=owner, status="published")


def _politician(login, language="nn"):
    return login(Person.objects.get(email="politikar@demo.example"), language)


def test_a_politician_finds_and_reads_the_summary_on_one_page(demo, login):
    owner, *_ = demo
    report = _published(owner)
    url = reverse("report_summary", args=["demo", report.school_year.code])
    client = _politician(login)
    assert url in client.get(reverse("home")).content.decode()  # the start page
    assert url in client.get(reverse("report_list", args=["demo"])).content.decode()  # the menu
    for language in ("nb", "nn"):
        page = client.get(url + f"?lang={language}")
        assert page.status_code == 200
        text = visible(page.content.decode())
        assert "Elevane i Demo herad trivst" in text  # the owner's summary
        assert problems(f"summary {language}", text, language) == []
        assert ("Nøkkelindikatorar" if language == "nn" else "Nøkkelindikatorer") in text
        assert "Trivsel, 7. trinn" in text
        assert ("Grunnskulepoeng" if language == "nn" else "Grunnskolepoeng") in text
        pdf = client.get(
            reverse("report_summary_pdf", args=["demo", report.school_year.code])
            + f"?lang={language}"
        )
        assert pdf["Content-Type"] == "application/pdf"
        pages = PdfReader(io.BytesIO(pdf.content)).pages
        assert len(pages) == 1
        printed = " ".join(pages[0].extract_text().split())
        assert "Elevane i Demo herad trivst" in printed and "Trivsel" in printed
        assert problems(f"summary.pdf {language}", printed, language) == []


def test_the_key_indicators_are_the_reports_own_figures_with_their_development(demo):
    owner, *_ = demo
    report = _published(owner)
    doc = build_document(report, "nb")[0]
    kept = summary.summarise(doc)
    table = next(b for b in kept.blocks if isinstance(b, Table))
    wellbeing = next(b for b in doc.flat() if isinstance(b, Table) and b.key == "ps_wellbeing:7")
    owner_row = wellbeing.rows[0]
    row = table.rows[0]
    assert row[0] == "Trivsel, 7. trinn"
    assert row[2] == f"{owner_row[-4]} ({owner_row[-3]})" and re.match(r"^\d+,\d ", row[2])
    with translation.override("nb"):
        assert row[3] == owner_row[-2] and row[3] in {str(t) for t in TRENDS.values()}


def test_the_promises_are_counted_as_the_plans_say(demo, login):
    owner, report, *_ = demo
    admin = login(Person.objects.get(email="admin@demo.example"), "nb")
    page = admin.get(reverse("report_summary", args=["demo", report.school_year.code]) + "?lang=nb")
    text = visible(page.content.decode())
    criteria = Criterion.objects.filter(
        goal__focus_area__plan__school__owner=owner,
        goal__focus_area__plan__status="approved",
        goal__focus_area__plan__school_year__code__lt=report.school_year.code,
    )
    last = max(criteria.values_list("goal__focus_area__plan__school_year__code", flat=True))
    count = criteria.filter(goal__focus_area__plan__school_year__code=last).count()
    # and the owner's own goals in its quality plan, evaluated beside the schools' (issue 18)
    count += QualityGoal.objects.filter(
        priority__quality_plan__owner=owner, indicator__isnull=False
    ).count()
    start = f"Av {count} kriterier for fjorårets mål:"
    assert count and start in text
    counted = text[text.index(start) + len(start) :].split(".")[0]
    assert sum(int(n) for n in re.findall(r": (\d+)", counted)) == count
    assert "oppfylt: " in counted


def test_it_is_served_from_the_copy_stored_when_published(demo, login):
    owner, *_ = demo
    report = _published(owner)
    url = reverse("report_summary", args=["demo", report.school_year.code]) + "?lang=nn"
    before = visible(_politician(login).get(url).content.decode())
    report.narratives.filter(key="summary").update(html="<p>Skrive om etterpå.</p>")
    Observation.objects.filter(school__owner=owner, school_year=report.school_year).update(
        value=12.34
    )
    publishing.publish(owner)
    assert visible(_politician(login).get(url).content.decode()) == before
    assert "Skrive om etterpå" not in before


def test_a_draft_has_no_summary_for_a_politician_and_a_wrong_language_is_a_400(demo, login):
    _owner, report, *_ = demo
    url = reverse("report_summary", args=["demo", report.school_year.code])
    assert _politician(login).get(url).status_code == 404
    admin = login(Person.objects.get(email="admin@demo.example"), "nb")
    assert admin.get(url).status_code == 200
    assert admin.get(url + "?lang=xx").status_code == 400
    pdf = reverse("report_summary_pdf", args=["demo", report.school_year.code])
    assert admin.get(pdf + "?lang=xx").status_code == 400
    assert admin.post(url).status_code == 405

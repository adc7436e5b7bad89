"""The politicians' one-page summary: the owner's summary, the key indicators with their noise-aware
development and the promises counted, as a page and a one-page PDF, from the politician's start
page and menu, read from the copy stored when the report was published."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from pypdf import PdfReader

from skolekvalitet.analysis.texts import TRENDS
from skolekvalitet.documents import render
from skolekvalitet.documents.model import Table
from skolekvalitet.knowledge import publishing
from skolekvalitet.knowledge.models import Observation
from skolekvalitet.organisations.models import Person
from skolekvalitet.plans.models import Criterion, QualityGoal
from skolekvalitet.reporting import actions, summary
from skolekvalitet.reporting.build import build_document
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.reporting.narratives import LIMITS, MAX_LINES, length, lines
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
    assert row[0] == "Trivsel, 7. trinn (snitt på skala 1–5)"  # with what the figures measure
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


WORDS = (
    "Elevane trivst godt, men mobbinga på ungdomssteget har ikkje gått ned, og lesinga på "
    "femte trinn er framleis under landet medan rekninga har gått fram over tre år. "
)


def _text(blocks: int, characters: int) -> str:
    """Sanitised narrative HTML of `characters` characters in `blocks` blocks laid out to take
    all the room they can: two headings, then paragraphs, then a list, each block as long as
    the others."""
    sizes = [characters // blocks] * blocks
    sizes[-1] += characters - sum(sizes)
    words = (WORDS * (characters // len(WORDS) + 2)).split()
    texts = []
    for size in sizes:
        text = ""
        while len(text) < size:
            text += words.pop(0) + " "
        texts.append(text[:size].strip().ljust(size, "x"))
    tags = ["h3", "h3"] + ["p"] * (blocks - 6) + ["li"] * 4
    html = "".join(f"<{t}>{x}</{t}>" for t, x in zip(tags, texts, strict=True))
    return html.replace("<li>", "<ul><li>", 1) + "</ul>"


def _at_the_limit(over: int = 0, more_lines: int = 0) -> str:
    return _text(MAX_LINES["summary"] + more_lines, LIMITS["summary"] + over)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_a_summary_at_the_limit_still_prints_on_one_page(demo, language):
    _owner, report, *_ = demo
    text = _at_the_limit()
    assert length(text) == LIMITS["summary"] and lines(text) == MAX_LINES["summary"]
    admin = Person.objects.get(email="admin@demo.example")
    actions.save_narratives(admin, report, {"summary": text})
    doc = summary.summary(report, language)
    pages = PdfReader(io.BytesIO(render.to_pdf(doc, one_page=True))).pages
    assert len(pages) == 1
    printed = " ".join(pages[0].extract_text().split())
    assert doc.blocks[-1].text in printed  # the promises, after the summary and the table
    assert " ".join(re.sub(r"<[^>]+>", " ", text).split())[-40:] in printed


def test_a_summary_over_the_limit_is_refused_and_what_was_typed_is_kept(demo, login):
    _owner, report, *_ = demo
    before = {n.key: n.html for n in report.narratives.all()}
    client = login(Person.objects.get(email="admin@demo.example"), "nn")
    year = report.school_year.code
    typed = _at_the_limit(over=1)
    response = client.post(
        reverse("report_save", args=["demo", year]),
        {"summary": typed, "foreword": "<p>Eit nytt forord.</p>"},
    )
    assert response.status_code == 400
    assert {n.key: n.html for n in report.narratives.all()} == before  # nothing written
    page = response.content.decode()
    said = (
        f"Dei viktigaste funna: høgst {LIMITS['summary']} teikn får plass i samandraget på éi "
        f"side; teksten har {LIMITS['summary'] + 1}."
    )
    assert visible(page).count(said) == 2  # at the top and at the field
    assert escape(typed) in page and escape("<p>Eit nytt forord.</p>") in page  # kept
    assert f"<span data-count>{LIMITS['summary'] + 1}</span> / {LIMITS['summary']}" in page
    assert 'aria-invalid="true"' in page
    # too many lines, and the same when a chapter's draft is taken in with it
    response = client.post(
        reverse("report_accept_draft", args=["demo", year, "environment"]),
        {"summary": _at_the_limit(over=-200, more_lines=1)},
    )
    assert response.status_code == 400
    assert {n.key: n.html for n in report.narratives.all()} == before
    assert f"høgst {MAX_LINES['summary']} avsnitt, overskrifter" in visible(
        response.content.decode()
    )

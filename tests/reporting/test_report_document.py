"""The status report reads as a kvalitetsmelding: cover, contents, foreword, the owner's summary,
Udir's chapters with 3–5 comparable years each, the owner's chapters and an appendix per school;
an assessment per chapter written in the editor, with a generated draft to accept; promises
evaluated with the target as a Norwegian number."""

import io
import re

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from skolekvalitet.documents.model import Group, Heading, Table
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.models import Indicator
from skolekvalitet.organisations.models import Person, SchoolYear
from skolekvalitet.reporting.build import DATA_CHAPTERS, build_document, chapter_titles
from skolekvalitet.reporting.development import indicator_section
from skolekvalitet.reporting.models import StatusReport

YEAR = re.compile(r"^\d{4}-\d{2}$")


def _titles(language: str) -> list[str]:
    with translation.override(language):
        return list(chapter_titles().values())


def _years(table: Table) -> list[str]:
    return [h for h in table.header if YEAR.match(h)]


def test_it_is_a_document_in_order_in_pdf_and_docx(output):
    titles = _titles("nn")
    pdf = PdfReader(io.BytesIO(output("pdf", "nn")))
    pages = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    assert pages[0].startswith("Kvalitetsmelding") and "Skuleeigar" in pages[0]
    assert "Demo herad" in pages[0] and "Utkast" in pages[0]
    assert pages[1].startswith("Innhald") and all(t in pages[1] for t in titles)
    body = " ".join(pages[2:])
    at = [body.index(t) for t in titles]  # each chapter's heading, after the contents
    assert at == sorted(at), "chapters out of order"
    assert "opplæringslova § 17-12" in body and "§ 13-3e" in body and "§ 25-2" in body
    word = docx.Document(io.BytesIO(output("docx", "nn")))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert styles[0] == ("Title", styles[0][1]) and styles[0][1].startswith("Kvalitetsmelding")
    contents = [text for style, text in styles].index("Innhald")
    assert styles[contents][0] == "TOC Heading"
    headings = [text for style, text in styles if style == "Heading 1"]
    assert headings == titles
    props = word.core_properties
    assert props.author == "Demo herad" and props.language == "nn-NO"


def test_every_data_chapter_shows_three_to_five_years(report):
    doc, _filled = build_document(report, "en")
    chapter, years_by_chapter = None, {}
    for block in doc.flat():
        if isinstance(block, Heading) and block.level == 1:
            chapter = block.text
        elif isinstance(block, Table) and _years(block):
            years_by_chapter.setdefault(chapter, []).append(_years(block))
    with translation.override("en"):
        titles = chapter_titles()
    for key in ["structure"] + [key for key, _indicators in DATA_CHAPTERS]:
        tables = years_by_chapter.get(titles[key], [])
        assert tables, key
        assert all(len(years) <= 5 for years in tables), key
        assert any(len(years) >= 3 for years in tables), key
    # Charts stay with their tables.
    groups = [b for b in doc.blocks if isinstance(b, Group)]
    assert len(groups) >= 10
    assert all(isinstance(g.blocks[1], Table) and len(g.blocks) == 2 for g in groups)


def test_a_series_never_runs_across_a_break(report):
    indicator = Indicator.objects.get(code="nt5_reading", owner=None)
    latest = report.school_year
    previous = SchoolYear.objects.filter(code__lt=latest.code).order_by("-code").first()
    indicator.breaks = [{"from": previous.code, "nb": "ny prøve", "nn": "ny prøve."}]
    indicator.save()
    chain = Chain(report.owner, report.owner.schools.all(), upto_year=latest.code)
    with translation.override("nn"):
        blocks, facts = indicator_section(chain, chain_indicator(chain, indicator), 5, "Demo")
    tables = [t for b in blocks if isinstance(b, Group) for t in b.blocks if isinstance(t, Table)]
    assert tables and _years(tables[0]) == [previous.code, latest.code]
    assert facts.years == [previous.code, latest.code] and facts.break_note == "ny prøve"
    text = " ".join(b.text for b in blocks if hasattr(b, "text"))
    assert f"Serien startar i {previous.code}: ny prøve. Eldre år" in text


def chain_indicator(chain: Chain, indicator: Indicator) -> Indicator:
    return next(i for i in chain.indicators.values() if i.pk == indicator.pk)


def _promised(text: str, language: str) -> str:
    with translation.override(language):
        titles = chapter_titles()
    start = text.index(titles["promises"], text.index(titles["promises"]) + 1)  # after contents
    return text[start : text.index(titles["owner"], start)]


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_promised_chapter_shows_real_targets(output, language):
    pdf = PdfReader(io.BytesIO(output("pdf", language)))
    promised = _promised(" ".join(" ".join(p.extract_text() for p in pdf.pages).split()), language)
    assert "{" not in promised and "}" not in promised and "number_format" not in promised
    assert "minst 50" in promised and "minst 4,2" in promised and "4.2" not in promised
    word = docx.Document(io.BytesIO(output("docx", language)))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert not any("{" in c or "number_format" in c for c in cells)
    assert "minst 50" in cells
    # value and interval, a share's with its per cent sign
    this_year = re.compile(r"^\d+,\d(\xa0%)? \(\d+,\d–\d+,\d(\xa0%)?\), \d{4}-\d{2}$")
    assert any(this_year.match(c) for c in cells)
    html = output("html", language).decode()
    assert "number_format" not in html and "{" not in re.sub(
        r"<style>.*?</style>", "", html, flags=re.S
    )


def test_the_editor_saves_sanitised_rich_text_and_a_draft_can_be_accepted(report, login):
    admin = Person.objects.get(email="admin@demo.example")
    client = login(admin)
    year = report.school_year.code
    page = client.get(reverse("report_edit", args=["demo", year])).content.decode()
    assert "data-rich-editor" in page and "reporting/editor.js" in page
    assert "Kva tala viser" in page and "Kva tala ikkje kan fortelje" in page  # the report's nn
    typed = (
        '<h3>Lesing</h3><ul><li>Betre</li></ul><p onclick="x()"><strong>Godt</strong>'
        '<script>alert(1)</script> <a href="javascript:x()">her</a></p>'
    )
    response = client.post(
        reverse("report_accept_draft", args=["demo", year, "nt5"]), {"a_nt5": typed}
    )
    assert response.status_code == 302
    html = report.narratives.get(key="a_nt5").html
    assert html.startswith("<h3>Lesing</h3><ul><li>Betre</li></ul><p><strong>Godt</strong>")
    assert "script" not in html and "onclick" not in html and "javascript" not in html
    assert "Kva tala viser" in html and "<li>" in html and ".." not in html
    doc, _filled = build_document(report, "en")
    rich = [b.html for b in doc.flat() if hasattr(b, "html")]
    assert html in rich
    assert (
        client.post(reverse("report_accept_draft", args=["demo", year, "nope"])).status_code == 302
    )
    politician = Person.objects.get(email="politikar@demo.example")
    url = reverse("report_accept_draft", args=["demo", year, "nt5"])
    assert login(politician).post(url).status_code == 403


def test_the_internal_control_chapter_is_optional(report, login):
    admin = Person.objects.get(email="admin@demo.example")
    year = report.school_year.code
    with translation.override("en"):
        title = chapter_titles()["internal_control"]
    login(admin).post(reverse("report_leave_out_internal_control", args=["demo", year]))
    report.refresh_from_db()
    doc, _filled = build_document(report, "en")
    headings = [b.text for b in doc.flat() if isinstance(b, Heading)]
    assert title not in headings
    assert not report.internal_control


def test_the_politicians_menu_links_to_the_reports(report, login):
    politician = Person.objects.get(email="politikar@demo.example")
    client = login(politician)
    page = client.get(reverse("report_list", args=["demo"])).content.decode()
    nav = page[page.index('class="site-nav"') : page.index("</ul>", page.index('class="site-nav"'))]
    assert reverse("report_list", args=["demo"]) in nav
    published = StatusReport.objects.get(owner__slug="demo", status="published")
    assert reverse("report_preview", args=["demo", published.school_year.code]) in page
    assert report.school_year.code not in page  # the draft is not listed for a politician


def test_the_internal_control_chapter_counts_findings_answers_and_follow_up(report):
    from skolekvalitet.plans.models import SpotCheckFinding

    findings = SpotCheckFinding.objects.filter(
        spot_check__school__owner=report.owner, spot_check__school_year=report.school_year
    )
    assert findings.exists()  # the demo has this year's spot checks with findings
    doc, _filled = build_document(report, "en")
    (table,) = [
        b for b in doc.flat() if isinstance(b, Table) and b.caption.startswith("Spot checks of")
    ]
    assert table.header[5:8] == (
        "Findings",
        "Answered by the school",
        "Made an agreement or a measure",
    )
    assert sum(int(r[5]) for r in table.rows) == findings.count()
    assert sum(int(r[6]) for r in table.rows) == findings.exclude(answer="").count()
    # deviations and gaps are counted per case, so they never exceed the cases checked
    assert table.header[2:5] == (
        "Cases checked",
        "Cases with a deviation",
        "Cases with a step not documented",
    )
    assert all(int(r[3]) <= int(r[2]) and int(r[4]) <= int(r[2]) for r in table.rows)
    assert any(int(r[3]) for r in table.rows)


def test_the_owners_row_and_headings_say_what_they_are(report):
    """The owner's row is "<owner>, the whole municipality" (not "Demo herad (Municipality)"),
    an indicator's heading says what its figures measure, and the dialogue chapter is named
    after the dialogues it shows."""
    doc, _filled = build_document(report, "nn")
    wellbeing = next(b for b in doc.flat() if isinstance(b, Table) and b.key == "ps_wellbeing:7")
    assert wellbeing.rows[0][0] == "Demo herad, heile kommunen"
    headings = [b.text for b in doc.flat() if isinstance(b, Heading)]
    assert "Trivsel, 7. trinn (snitt på skala 1–5)" in headings
    assert "Nasjonale prøvar 5. trinn, lesing (skalapoeng, landssnitt 50)" in headings
    assert "Eigenvurderingar og leiardialogar" in headings


def test_the_edit_pages_drafts_are_the_documents_worked_out_once_per_publication(
    report, monkeypatch
):
    """The edit page's drafts and chapter states equal the whole document's; the chapters of
    figures are worked out once per publication, the rest every time."""
    from skolekvalitet.knowledge import publishing
    from skolekvalitet.reporting import build

    with translation.override(report.language):
        _doc, filled, drafts = build._build(report, report.language, lambda percent: None)
    calls = []
    section = build.indicator_section
    monkeypatch.setattr(build, "indicator_section", lambda *a: calls.append(a) or section(*a))
    assert build.edit_state(report) == (filled, drafts)
    first = len(calls)
    assert first > 1 and build.edit_state(report) == (filled, drafts)
    assert len(calls) == first + 1  # the structure chapter's one indicator only
    newer = publishing.current(report.owner)
    newer.generation += 1
    monkeypatch.setattr(publishing, "current", lambda owner: newer)
    assert build.edit_state(report) == (filled, drafts) and len(calls) == 2 * first + 1


def test_the_appendix_names_each_imported_file_its_kind_and_day_in_words(report):
    for language in ("nb", "nn"):
        doc, _filled = build_document(report, language)
        with translation.override(language):
            caption = str(translation.gettext("Imported files"))
        (table,) = [b for b in doc.flat() if isinstance(b, Table) and b.caption == caption]
        cells = [c for row in table.rows for c in row]
        assert not [c for c in cells if re.search(r"\d{4}-\d{2}-\d{2}|self-assessment", c)]
        assert any(re.search(r"\d\. \w+ \d{4}", c) for c in cells)


def test_the_edit_pages_drafts_follow_a_renamed_school_and_a_changed_indicator(report):
    """The drafts cached per publication are never read after what they say changed without a
    publication: a school's name, an indicator's name."""
    from skolekvalitet.reporting import build

    _filled, drafts = build.edit_state(report)
    school = next(
        s for s in report.owner.schools.all() if any(s.name in d for d in drafts.values())
    )
    named = [key for key, d in drafts.items() if school.name in d]
    old, school.name = school.name, "Nyskulen"
    school.save()
    drafts = build.edit_state(report)[1]
    assert all("Nyskulen" in drafts[key] and old not in drafts[key] for key in named)
    indicator = Indicator.objects.get(code="nt5_reading", owner=None)
    field = f"name_{report.language}"  # the name in the report's language
    assert getattr(indicator, field) in drafts["nt5"]
    setattr(indicator, field, "Lesing på femte")
    indicator.save()
    assert "Lesing på femte" in build.edit_state(report)[1]["nt5"]


def test_without_pupil_numbers_the_schools_are_listed_not_columns_of_dashes(report):
    from skolekvalitet.organisations.models import Enrolment

    Enrolment.objects.filter(school__owner=report.owner).delete()
    doc, _filled = build_document(report, "nn")
    (table,) = [b for b in doc.flat() if isinstance(b, Table) and b.caption.startswith("Skulane")]
    assert table.header == ("Skule", "Trinn") and all(len(r) == 2 for r in table.rows)
    assert "Ingen elevtal er importerte for desse skuleåra." in [
        b.text for b in doc.flat() if hasattr(b, "text")
    ]


def test_an_event_whose_window_has_not_opened_is_not_held_yet_not_none_of_the_schools(report):
    from django.utils import timezone

    from skolekvalitet.dialogues.models import Event

    event = (
        Event.objects.filter(
            cycle__owner=report.owner,
            cycle__school_year=report.school_year,
            per_school=True,
            starts__gt=timezone.localdate(),
        )
        .exclude(kind="talk")
        .first()
    )
    assert event is not None  # the demo's cycle runs to the spring's leadership dialogue 3
    doc, _filled = build_document(report, "nn")
    (table,) = [b for b in doc.flat() if isinstance(b, Table) and b.caption.startswith("Årshjulet")]
    (row,) = [r for r in table.rows if r[0] == event.name]
    assert row[2].startswith("ikkje halde enno (frå ") and "0 av" not in row[2]


def test_a_politicians_home_page_points_to_a_report_before_the_council(report, login):
    """The user test: with a report final for the council, the politician's start page said
    only that no report was published."""
    politician = login(Person.objects.get(email="politikar@demo.example"), "nn")
    preview = reverse("report_preview", args=["demo", report.school_year.code])
    assert preview not in politician.get(reverse("home")).content.decode()  # a draft: not yet
    report.status = StatusReport.Status.FINAL
    report.save()
    home = politician.get(reverse("home")).content.decode()
    assert "Til handsaming i kommunestyret" in home and preview in home

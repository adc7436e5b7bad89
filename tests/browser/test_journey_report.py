"""The owner writes the status report's assessments in the editor (headings, bold, lists), takes a
chapter's generated draft, makes a PDF with a progress bar, marks the report final and publishes
it, after previewing it in Nynorsk; the public page passes axe, and a politician finds the report in
the menu and its one-page summary on the start page."""

from skolekvalitet.demo import build_demo
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.reporting.models import StatusReport
from tests.browser.test_journey_school_people import _log_in


def test_it_takes_the_report_from_draft_to_the_public_web(
    pages, transactional_db, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    build_demo()
    year = current_school_year().code
    page = pages.page
    _log_in(pages, "admin@demo.example", "demo", language="en")
    pages.goto(f"/o/demo/reports/{year}/")
    editor = page.get_by_role("textbox", name="The owner's assessment", exact=True)
    toolbar = page.get_by_role("toolbar", name="Formatting: The owner's assessment")
    editor.click()
    page.keyboard.press("Control+A")  # replace the demo's text
    page.keyboard.type("Skulane arbeider godt med lesing. <script>alert(1)</script>")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Heading").click()
    page.keyboard.type("Vidare arbeid")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Paragraph").click()
    toolbar.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("Lesing i alle fag")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Bold").click()
    page.keyboard.type("Oppfølging")
    page.get_by_role("button", name="Save", exact=True).click()
    pages.settle()
    report = StatusReport.objects.get(owner__slug="demo", school_year__code=year)
    html = report.narratives.get(key="assessment").html
    assert html.startswith("<p>Skulane arbeider godt med lesing. &lt;script&gt;")
    assert "<script" not in html and "Bjørkely" not in html
    assert "</p><h3>Vidare arbeid</h3><ul>" in html
    assert "<ul><li>Lesing i alle fag</li><li><strong>Oppfølging</strong></li></ul>" in html
    # The saved text comes back into the editor, formatted.
    saved = page.get_by_role("textbox", name="The owner's assessment", exact=True)
    assert saved.locator("h3").inner_text() == "Vidare arbeid"

    chapter = "National tests, 5th grade: Our assessment"
    draft = page.locator("details.draft", has=page.locator('button[formaction*="/drafts/nt5/"]'))
    draft.locator("summary").click()
    draft.get_by_role("button", name=f"Use the draft: {chapter}").click()
    pages.settle()
    drafted = page.get_by_role("textbox", name=chapter, exact=True)
    assert "Kva tala ikkje kan fortelje" in drafted.inner_text()  # the report is in Nynorsk
    assert "Kva tala viser" in report.narratives.get(key="a_nt5").html

    # A Nynorsk preview whatever the owner's default, with the text just written.
    page.get_by_role("button", name="Preview in Nynorsk").click()
    pages.settle()
    preview = page.locator("article.report")
    assert preview.get_attribute("lang") == "nn"
    assert "Skulane arbeider godt med lesing." in preview.inner_text()
    assert "Læringsmiljø" in preview.inner_text() and "Innhald" in preview.inner_text()
    pages.goto(f"/o/demo/reports/{year}/")

    page.get_by_role("button", name="PDF").click(timeout=180_000)  # made while the page waits
    pages.settle()
    assert page.locator("progress").get_attribute("value") == "100"
    assert page.get_by_role("link", name="Download the file").count() == 1
    pages.goto(f"/o/demo/reports/{year}/")
    # Each step explained and confirmed on a page of its own, then said what it did.
    for step, yes, done in (
        ("Mark as final for the council…", "Yes, mark it final", "put before the council"),
        ("Publish as approved by the council…", "Yes, publish", "The report is published"),
        ("Make public on the web…", "Yes, make it public", "is public on the web"),
    ):
        page.get_by_role("button", name=step).click()
        pages.settle()
        assert page.get_by_role("heading", level=1).inner_text().endswith("?")
        page.get_by_role("button", name=yes).click()
        pages.settle()
        assert done in page.content()
    assert (
        StatusReport.objects.get(owner__slug="demo", school_year__code=year).status == "published"
    )
    page.get_by_role("button", name="Log out").click()
    pages.goto(f"/report/demo/{year}/")
    assert "Skulane arbeider godt med lesing." in page.content()

    _log_in(pages, "politikar@demo.example", "demo", language="en")
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Status reports"
    ).last.click()
    pages.settle()
    page.get_by_role("link", name=year, exact=True).click()
    pages.settle()
    assert "Lesing i alle fag" in page.content()
    # The one-page summary, from the start page, on a wide screen and a phone.
    pages.goto("/")
    page.get_by_role("link", name=f"Summary of the status report {year} (one page)").click()
    pages.settle()
    summary = page.locator("article.report")
    assert summary.get_attribute("lang") == "nn"  # the report's language
    assert "Nøkkelindikatorar" in summary.inner_text() and "Trivsel" in summary.inner_text()
    assert "Elevane i Demo herad trivst" in summary.inner_text()  # the owner's summary
    assert page.get_by_role("link", name="The summary as PDF (one page)").count() == 1
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

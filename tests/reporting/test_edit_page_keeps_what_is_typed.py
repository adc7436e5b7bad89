"""The status report's edit page (user test): the preview buttons save what is typed before the
preview opens; a chapter's draft is taken in once; a final report shows no writing help; the
full report page reads in Bokmål or Nynorsk, by default the reader's own, with its downloads."""

import re

from django.urls import reverse

from skolekvalitet.organisations.models import Person
from skolekvalitet.reporting.build import edit_state
from skolekvalitet.reporting.models import StatusReport
from tests.reporting.test_readers_read_the_published_versions import readers  # noqa: F401

TYPED = "<p>Vi meiner gjennomføringa er god.</p>"


def _admin(login, language="nn"):
    return login(Person.objects.get(email="admin@demo.example"), language)


def _url(name, report, *args):
    return reverse(name, args=["demo", report.school_year.code, *args])


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_preview_buttons_save_the_typed_text_then_open_the_preview(demo, login):
    _owner, report, *_ = demo
    admin = _admin(login)
    page = admin.get(_url("report_edit", report)).content.decode()
    save = _url("report_save_preview", report)
    for language, name in (("nb", "Førehandsvis på bokmål"), ("nn", "Førehandsvis på nynorsk")):
        pattern = rf'<button [^>]*formaction="{save}\?lang={language}"[^>]*>([^<]*)<'
        button = re.search(pattern, page)
        assert button and button[1] == name and 'form="report-form"' in button[0]
    assert '<form method="post"' in page and 'id="report-form"' in page
    response = admin.post(f"{save}?lang=nb", {"a_completion": TYPED})
    assert response.status_code == 302
    assert response["Location"] == f"{_url('report_preview', report)}?lang=nb"
    assert report.narratives.get(key="a_completion").html == TYPED
    assert admin.get(response["Location"]).status_code == 200
    # Text that cannot be saved: the edit page again, with it, and no preview.
    refused = admin.post(f"{save}?lang=nn", {"summary": "<p>" + "lang " * 300 + "</p>"})
    assert refused.status_code == 400 and "lang lang" in refused.content.decode()
    assert admin.get(save).status_code == 405


def test_a_draft_is_taken_in_once_and_then_no_longer_offered(demo, login):
    _owner, report, *_ = demo
    admin = _admin(login)
    accept = _url("report_accept_draft", report, "nt5")
    assert f'formaction="{accept}"' in admin.get(_url("report_edit", report)).content.decode()
    draft = edit_state(report)[1]["nt5"]
    admin.post(accept, {"a_nt5": TYPED})
    admin.post(accept, {"a_nt5": TYPED})  # a second click on the page as it was
    html = report.narratives.get(key="a_nt5").html
    assert html.startswith(TYPED) and html.count("Kva tala viser") == 1
    page = admin.get(_url("report_edit", report))
    assert f'formaction="{accept}"' not in page.content.decode()
    # Accepted and then edited by typing at its start: still in the text, not offered again.
    typed = "<p>Vi meiner dette.</p>" + html
    response = admin.post(accept, {"a_nt5": typed})
    assert "Utkastet står i teksten alt." in _text(admin.get(response["Location"]))
    assert report.narratives.get(key="a_nt5").html == typed
    assert draft in typed


def test_a_final_report_shows_no_writing_help_and_the_page_says_which_chapters_have_drafts(
    demo, login
):
    _owner, report, *_ = demo
    admin = _admin(login)
    text = _text(admin.get(_url("report_edit", report)))
    assert "Eit kapittel med tal har eit utkast" in text and "Kvart kapittel" not in text
    assert "vert haldne på" in text and "Bruk utkastet" in text
    admin.post(_url("report_final", report), {"confirm": "1"})  # the step confirmed
    report.refresh_from_db()
    assert report.status == StatusReport.Status.FINAL
    page = admin.get(_url("report_edit", report))
    text = _text(page)
    for help_text in ("Skriv føreordet", "Eit kapittel med tal", "vert haldne på", "Bruk utkastet"):
        assert help_text not in text
    assert 'aria-describedby="n-foreword-help' not in page.content.decode()
    assert "readonly" in page.content.decode()


def test_the_politicians_full_report_reads_in_their_language_with_a_switch(readers, login):  # noqa: F811
    report, _draft, _files, people, _stranger = readers
    year = report.school_year.code
    url = reverse("report_preview", args=["demo", year])
    for interface, shown in (("nb", "nb"), ("nn", "nn"), ("en", report.language)):
        politician = login(people["politikar@demo.example"], interface)
        html = politician.get(url).content.decode()
        assert f'<article class="report" lang="{shown}">' in html
        for code, name in (("nb", "Bokmål"), ("nn", "Nynorsk")):
            current = ' aria-current="true"' if code == shown else ""
            assert (
                f'<a class="ds-link" href="{url}?lang={code}" hreflang="{code}" lang="{code}"'
                f"{current}>{name}</a>"
            ) in html
        for fmt in ("pdf", "docx"):
            link = reverse(f"report_published_{fmt}", args=["demo", year])
            assert f'href="{link}?version=1&amp;lang={shown}"' in html
    chosen = login(people["politikar@demo.example"], "nb").get(url, {"lang": "nn"})
    assert '<article class="report" lang="nn">' in chosen.content.decode()
    pdf = reverse("report_published_pdf", args=["demo", year])
    assert f'href="{pdf}?version=1&amp;lang=nn"' in chosen.content.decode()

"""The status report for its readers (issue: public page, downloads): the public page lists the
published versions and opens an older one, in Bokmål or Nynorsk; the politicians, the schools
and the public download the version they see as PDF and Word, made once from its published copy;
a draft never."""

import io
import re

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from skolekvalitet.ops.models import Job
from skolekvalitet.organisations.models import Membership, Owner, Person
from skolekvalitet.reporting import actions, published, tasks
from skolekvalitet.reporting.models import StatusReport
from tests.conftest import PASSWORD

CONFIRM = {"confirm": "1"}  # the «Yes» of the step's confirmation page

NEW = "Ein heilt ny tekst i den nye versjonen."
FORMATS = {"pdf": "application/pdf", "docx": "wordprocessingml.document"}


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _admin(login):
    return login(Person.objects.get(email="admin@demo.example"), "nn")


@pytest.fixture
def twice(demo, login):
    """This year's report published (version 1, put before the council, then published) and
    public, then revised with a new text and published again (version 2)."""
    _owner, report, _school, _indicator, year = demo
    admin = _admin(login)
    for state in ("final", "published", "make_public"):
        admin.post(reverse(f"report_{state}", args=["demo", year.code]), CONFIRM)
    admin.post(reverse("report_draft", args=["demo", year.code]), CONFIRM)
    actions.save_narratives(
        Person.objects.get(email="admin@demo.example"), report, {"summary": f"<p>{NEW}</p>"}
    )
    for state in ("final", "published"):
        admin.post(reverse(f"report_{state}", args=["demo", year.code]), CONFIRM)
    report.refresh_from_db()
    assert report.status == "published" and report.public
    assert [v.number for v in published.published_versions(report)] == [2, 1]
    return report


def test_the_public_page_lists_the_published_versions_and_opens_an_older_one(twice, login):
    url = reverse("public_report", args=["demo", twice.school_year.code])
    anonymous = login(None, "nn")
    current = anonymous.get(url)
    page = _text(current)
    assert current.status_code == 200
    assert NEW in page
    listed = re.findall(r"Publisert versjon (\d), \d{1,2}\. \w+ \d{4}( \(gjeldande\))?", page)
    # the line above the report, then the list: newest first, it alone the current one
    assert listed == [("2", ""), ("2", " (gjeldande)"), ("1", "")]
    assert "eldre versjon" not in page
    assert f'href="{url}?lang=nn&amp;version=1"' in current.content.decode()

    older = anonymous.get(url, {"version": "1", "lang": "nn"})
    page = _text(older)
    assert older.status_code == 200
    assert NEW not in page and "Publisert versjon 1, " in page
    assert "Dette er ein eldre versjon av rapporten." in page
    assert f'<a class="ds-link" href="{url}?lang=nn">Les den gjeldande versjonen</a>' in (
        older.content.decode()
    )
    for never_published in ("0", "3", "x", "-2"):  # none
        assert anonymous.get(url, {"version": never_published}).status_code == 404


def test_the_versions_page_marks_a_replaced_version_and_offers_each_published_ones_files(
    twice, login
):
    page = _admin(login).get(reverse("report_versions", args=["demo", twice.school_year.code]))
    text = _text(page)
    assert text.count("Erstatta av versjon 2, publisert seinare.") == 1
    assert text.index("Versjon 2:") < text.index("Versjon 1:") < text.index("Erstatta av")
    # Each published version's files, or that they are being made (nothing is made here).
    offered = text.count("Heile rapporten:") + text.count("blir laga")
    assert offered == 2, text


@pytest.mark.parametrize(
    ("language", "other", "word"), [("nb", "nn", "Innhold"), ("nn", "nb", "Innhald")]
)
def test_the_public_page_is_in_bokmal_or_nynorsk_whatever_the_default(
    twice, login, language, other, word
):
    url = reverse("public_report", args=["demo", twice.school_year.code])
    response = login(None, "en").get(url, {"lang": language})  # a reader who chose English
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Language"] == language
    assert f'<html lang="{language}"' in html
    assert f'<article class="report" lang="{language}">' in html and word in _text(response)
    assert re.search(
        rf'<a class="ds-link" href="{url}\?lang={language}" hreflang="{language}" '
        rf'lang="{language}" aria-current="true">',
        html,
    )
    assert f'href="{url}?lang={other}" hreflang="{other}" lang="{other}">' in html
    assert "Published" not in _text(response)  # the page's own words in the language too
    older = login(None, "en").get(url, {"lang": other, "version": "1"})
    assert f'href="{url}?lang={language}&amp;version=1" hreflang="{language}"' in (
        older.content.decode()
    )


def test_a_language_the_report_has_not_is_refused_with_a_message(twice, login):
    url = reverse("public_report", args=["demo", twice.school_year.code])
    response = login(None, "nn").get(url, {"lang": "sv"})
    assert response.status_code == 400
    assert "Vel bokmål eller nynorsk." in _text(response)
    assert '<article class="report" lang="nn">' in response.content.decode()
    pdf = reverse("public_report_pdf", args=["demo", twice.school_year.code])
    refused = login(None, "nn").get(pdf, {"lang": "sv"})
    assert refused.status_code == 400 and refused.content.decode() == "Vel bokmål eller nynorsk."


def _stored(version, language: str, fmt: str) -> bytes:
    """A file put where the version's file is kept, as if made: what a reader must get."""
    data = f"{fmt} {version.pk} {language}".encode()
    default_storage.save(published.file_name(version, language, fmt), ContentFile(data))
    return data


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def readers(demo):
    """The demo's readers, with its published report of last year (its files in place, made
    from its copy) and this year's draft."""
    owner, draft, *_ = demo
    report = StatusReport.objects.exclude(pk=draft.pk).get(owner=owner)
    version = published.last_published_version(report)
    files = {
        (language, fmt): _stored(version, language, fmt)
        for language in ("nb", "nn")
        for fmt in FORMATS
    }
    other = Owner.objects.create(slug="annan", name="Annan kommune", kind="municipality")
    stranger = Person.objects.create_user("politikar@annan.example", PASSWORD, name="Per Annan")
    Membership.objects.create(person=stranger, owner=other, role="politician")
    people = {
        email: Person.objects.get(email=email)
        for email in (
            "politikar@demo.example",
            "rektor.nordvik@demo.example",
            "laerar1.nordvik@demo.example",
        )
    }
    return report, draft, files, people, stranger


@pytest.mark.parametrize(
    "email",
    ["politikar@demo.example", "rektor.nordvik@demo.example", "laerar1.nordvik@demo.example"],
)
def test_the_owners_readers_download_the_published_report_never_a_draft(readers, login, email):
    report, draft, files, people, _stranger = readers
    client = login(people[email], "nn")
    for fmt, content_type in FORMATS.items():
        url = reverse(f"report_published_{fmt}", args=["demo", report.school_year.code])
        for language in ("nb", "nn"):
            response = client.get(url, {"lang": language})
            assert response.status_code == 200
            assert content_type in response["Content-Type"]
            name = f"tilstandsrapport-demo-{report.school_year.code}-v1-{language}.{fmt}"
            assert response["Content-Disposition"] == f'attachment; filename="{name}"'
            assert _body(response) == files[language, fmt]
        assert _body(client.get(url)) == files[report.language, fmt]  # the report's own
        assert client.get(url, {"version": "2"}).status_code == 404
        assert client.post(url).status_code == 405  # reading only
        drafted = reverse(f"report_published_{fmt}", args=["demo", draft.school_year.code])
        assert client.get(drafted).status_code == 404


def test_the_public_downloads_the_public_report_only(readers, login):
    report, draft, files, _people, _stranger = readers
    anonymous = login(None, "nn")
    for fmt in FORMATS:
        member = reverse(f"report_published_{fmt}", args=["demo", report.school_year.code])
        assert "/accounts/login/" in anonymous.get(member)["Location"]
        public = reverse(f"public_report_{fmt}", args=["demo", report.school_year.code])
        assert _body(anonymous.get(public, {"lang": "nb"})) == files["nb", fmt]
        drafted = reverse(f"public_report_{fmt}", args=["demo", draft.school_year.code])
        assert anonymous.get(drafted).status_code == 404
    draft.public = True  # public, but never published
    draft.save()
    assert (
        anonymous.get(
            reverse("public_report_pdf", args=["demo", draft.school_year.code])
        ).status_code
        == 404
    )
    report.public = False
    report.save()
    public = reverse("public_report_pdf", args=["demo", report.school_year.code])
    assert anonymous.get(public).status_code == 404


def test_another_owners_member_finds_nothing(readers, login):
    report, _draft, _files, _people, stranger = readers
    client = login(stranger, "nn")
    for fmt in FORMATS:
        url = reverse(f"report_published_{fmt}", args=["demo", report.school_year.code])
        assert client.get(url).status_code == 404


def test_the_administrators_readers_address_serves_no_draft_either(readers, login):
    report, draft, files, _people, _stranger = readers
    admin = _admin(login)
    drafted = reverse("report_published_pdf", args=["demo", draft.school_year.code])
    assert admin.get(drafted).status_code == 404
    url = reverse("report_published_pdf", args=["demo", report.school_year.code])
    assert _body(admin.get(url, {"lang": "nb"})) == files["nb", "pdf"]


def test_the_politicians_list_and_summary_link_to_the_downloads(readers, login):
    report, draft, _files, people, _stranger = readers
    politician = login(people["politikar@demo.example"], "nn")
    year = report.school_year.code
    listing = politician.get(reverse("report_list", args=["demo"])).content.decode()
    for fmt in FORMATS:
        assert f'href="{reverse(f"report_published_{fmt}", args=["demo", year])}"' in listing
        drafted = reverse(f"report_published_{fmt}", args=["demo", draft.school_year.code])
        assert drafted not in listing
    summary = politician.get(reverse("report_summary", args=["demo", year]), {"lang": "nb"})
    html = summary.content.decode()
    assert "Heile rapporten:" in _text(summary)
    for fmt in FORMATS:
        link = reverse(f"report_published_{fmt}", args=["demo", year]) + "?version=1&amp;lang=nb"
        assert f'href="{link}"' in html


def test_a_file_not_made_yet_is_being_made_and_started_once(
    readers, login, django_capture_on_commit_callbacks
):
    report, _draft, _files, _people, _stranger = readers
    version = published.last_published_version(report)
    default_storage.delete(published.file_name(version, "nn", "docx"))
    anonymous = login(None, "nn")
    page = reverse("public_report", args=["demo", report.school_year.code])
    url = reverse("public_report_docx", args=["demo", report.school_year.code])
    with django_capture_on_commit_callbacks() as started:
        assert "blir laga no" in _text(anonymous.get(page, {"lang": "nn"}))
        waiting = anonymous.get(url, {"lang": "nn"})
    assert waiting.status_code == 200 and "Fila blir laga" in _text(waiting)
    assert len(started) == 2  # not committed in a test: each asked for the job
    Job.objects.create(
        owner=report.owner, function=tasks.PUBLISHED_FILES, args=[version.pk], title="x"
    )
    with django_capture_on_commit_callbacks() as started:
        anonymous.get(url, {"lang": "nn"})
    assert started == []  # a job has them already
    assert "blir laga" not in _text(anonymous.get(page, {"lang": "nb"}))  # nb is made


def test_publishing_makes_the_files_once_from_the_published_copy(
    demo, login, django_capture_on_commit_callbacks
):
    _owner, report, *_ = demo
    year = report.school_year.code
    admin = _admin(login)
    admin.post(reverse("report_final", args=["demo", year]), CONFIRM)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("report_published", args=["demo", year]), CONFIRM)
    (job,) = Job.objects.filter(function=tasks.PUBLISHED_FILES)
    assert job.status == Job.Status.DONE, job.error
    version = published.last_published_version(report)
    names = [published.file_name(version, lang, fmt) for lang in ("nb", "nn") for fmt in FORMATS]
    assert all(default_storage.exists(name) for name in names)
    # Revised after: the readers' files still say what was published.
    admin.post(reverse("report_draft", args=["demo", year]), CONFIRM)
    actions.save_narratives(
        Person.objects.get(email="admin@demo.example"), report, {"summary": f"<p>{NEW}</p>"}
    )
    politician = login(Person.objects.get(email="politikar@demo.example"), "nn")
    pdf = politician.get(reverse("report_published_pdf", args=["demo", year]), {"lang": "nb"})
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(_body(pdf))).pages)
    assert "Innhold" in text and "Bjørkely skule" in text and NEW not in text
    word = politician.get(reverse("report_published_docx", args=["demo", year]), {"lang": "nn"})
    paragraphs = [p.text for p in docx.Document(io.BytesIO(_body(word))).paragraphs]
    assert paragraphs[0].startswith("Kvalitetsmelding") and NEW not in " ".join(paragraphs)
    before = {name: default_storage.open(name).read() for name in names}
    tasks.make_published_files(version.pk)  # run again: nothing made anew
    assert {name: default_storage.open(name).read() for name in names} == before

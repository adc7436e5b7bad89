"""The report's path, draft -> final for the council -> published -> public on the web: the edit
page says where the report is and what the next step does; each step is explained on a page of
its own and taken only when confirmed; what is typed is kept; each says what it did; the versions
say what each one was and when, to the minute."""

import re

import pytest
from django.urls import reverse

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.organisations.models import Person

CONFIRM = {"confirm": "1"}
TYPED = "<p>Vi vurderer gjennomføringa som god.</p>"


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def admin(login):
    return login(Person.objects.get(email="admin@demo.example"), "nn")


def _url(name, report):
    return reverse(name, args=["demo", report.school_year.code])


def test_the_edit_page_says_where_the_draft_is_and_offers_no_web_for_a_draft(report, admin):
    response = admin.get(_url("report_edit", report))
    page, html = _text(response), response.content.decode()
    assert "Frå utkast til kommunestyret og nettet" in page
    assert '<li aria-current="step"><strong>Utkast</strong> (no)</li>' in html
    assert "Rapporten er eit utkast: du kan endre teksten" in page
    assert "Merk som endeleg for kommunestyret …" in page
    assert _url("report_make_public", report) not in html  # nothing published to show
    assert "Gjer offentleg på nettet" not in page and "Publiser som" not in page


def test_a_step_is_explained_and_nothing_changes_until_it_is_confirmed(report, admin):
    events = AuditEvent.objects.count()
    response = admin.get(_url("report_final", report))
    page, html = _text(response), response.content.decode()
    assert "Merke rapporten som endeleg og leggje han fram for kommunestyret?" in page
    assert "Dette skjer" in page and "den kommunestyret får" in page
    assert '<input type="hidden" name="confirm" value="1">' in html
    assert "Ja, merk han som endeleg" in page
    assert f'href="{_url("report_edit", report)}">Avbryt</a>' in html
    # The edit page's button: what is typed is saved, then the confirmation is shown.
    response = admin.post(_url("report_final", report), {"a_completion": TYPED})
    assert response.status_code == 302 and response["Location"] == _url("report_final", report)
    assert report.narratives.get(key="a_completion").html == TYPED
    report.refresh_from_db()
    assert report.status == "draft" and not report.versions.exists()
    assert not AuditEvent.objects.filter(pk__gt=events, action="status").exists()


def test_each_step_says_what_it_did(report, admin, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    said = _text(admin.post(_url("report_final", report), CONFIRM, follow=True))
    assert "Rapporten er merkt som endeleg og lagd fram for kommunestyret (versjon 1)." in said
    assert "Lagra." not in said
    assert "Endeleg, for kommunestyret" in said and "Publiser som vedteke av kommunestyret" in said
    assert "versjon 1 er låst og lagd fram for kommunestyret" in said
    # Back to draft before it is published: the readers lose it, and are told so.
    back = _text(admin.get(_url("report_draft", report)))
    assert "Politikarane og skulane kan ikkje lese han før han er merkt endeleg igjen." in back

    said = _text(admin.post(_url("report_published", report), CONFIRM, follow=True))
    assert (
        "Rapporten er publisert (versjon 1). Han er berre på nettet når du gjer han offentleg."
        in said
    )
    assert "Gjer offentleg på nettet …" in said  # now that a version is published
    assert [(v.number, v.kind) for v in report.versions.all()] == [(1, "published")]

    said = _text(admin.post(_url("report_make_public", report), CONFIRM, follow=True))
    assert "Rapporten er offentleg på nettet (publisert versjon 1)." in said

    confirm = _text(admin.get(_url("report_draft", report)))
    assert "Ein ny versjon byrjar" in confirm
    assert "Publisert versjon 1 kan framleis lesast av politikarane og på den offentlege" in confirm
    said = _text(admin.post(_url("report_draft", report), CONFIRM, follow=True))
    assert "Rapporten er eit utkast att. Publisert versjon 1 kan framleis lesast" in said
    report.refresh_from_db()
    assert report.status == "draft" and report.public  # the published one stays online

    listed = _text(admin.get(reverse("report_list", args=["demo"])))
    assert re.search(
        r"Publisert versjon 1, \d{1,2}\. \w+ \d{4} \(på den offentlege nettsida\)", listed
    )
    assert "Start årets rapport" not in listed  # this year's exists


def test_make_public_is_refused_for_a_report_never_published(report, admin):
    response = admin.get(_url("report_make_public", report), follow=True)
    assert "Publiser rapporten før du gjer han offentleg på nettet." in _text(response)
    response = admin.post(_url("report_make_public", report), CONFIRM, follow=True)
    assert "Publiser rapporten før du gjer han offentleg på nettet." in _text(response)
    report.refresh_from_db()
    assert not report.public


def test_a_step_out_of_order_is_refused_with_a_message(report, admin):
    response = admin.post(_url("report_published", report), CONFIRM, follow=True)
    assert "Merk rapporten som endeleg før han vert publisert." in _text(response)
    report.refresh_from_db()
    assert report.status == "draft"
    response = admin.get(_url("report_draft", report), follow=True)
    assert "Rapporten er alt eit utkast." in _text(response)


def test_the_versions_say_what_each_was_and_when(report, admin):
    admin.post(_url("report_version", report), {"a_completion": TYPED})
    admin.post(_url("report_final", report), CONFIRM)
    page = _text(admin.get(_url("report_versions", report)))
    assert "Versjon 2: Endeleg, lagd fram for kommunestyret" in page
    assert "Versjon 1: Lagra" in page
    assert len(re.findall(r"Lagra av [^,]+, \d{1,2}\. \w+ \d{4} kl\. \d\d\.\d\d", page)) == 2


def test_the_list_offers_to_start_this_years_report_only_while_there_is_none(report, admin):
    url = reverse("report_list", args=["demo"])
    assert "Start årets rapport" not in _text(admin.get(url))
    report.delete()
    assert "Start årets rapport" in _text(admin.get(url))

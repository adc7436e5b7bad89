"""Issue 17, questionnaires people trust: staff are told when a staff round opens (in their
language, once, never for an old year); the pupil form opens in the school's language; the form
says who reads free text; a late small round never replaces the year's main round."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from skolekvalitet.dialogues.reminders import send_reminders
from skolekvalitet.knowledge.models import Observation, ObservationHistory
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year, school_year_starting
from skolekvalitet.surveys import actions
from skolekvalitet.surveys.models import Notice, Round
from skolekvalitet.surveys.notify import notify_due
from tests.surveys.test_surveys import _answer_all, _round


def _launch_staff(world, opens, closes):
    actions.install_library(world.owner)
    (round_,) = actions.launch(
        world.admin,
        world.owner.instruments.get(code="plc"),
        [world.school_a],
        "staff",
        opens,
        closes,
    )
    return round_


def _nynorsk(world):
    world.owner.default_language = "nn"
    world.owner.save()


def test_it_tells_the_staff_once_in_their_language_when_a_staff_round_opens(world, settings):
    settings.SITE_ROOT = "https://skule.example"
    _nynorsk(world)
    rep = Person.objects.create_user("tv@fjordvik.example", "x", name="Tone Tillitsvald")
    Membership.objects.create(
        person=rep, owner=world.owner, school=world.school_a, role=Role.UNION_REP
    )
    today = timezone.localdate()
    year = current_school_year()
    closes = datetime.date(year.start_year + 1, 6, 30)
    round_ = _launch_staff(world, today, closes)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "laerar.a@fjordvik.example",
        "rektor.a@fjordvik.example",
        "tv@fjordvik.example",
    ]  # the school's staff: not the owner's administrator, not school B
    message = mail.outbox[0]
    with translation.override("nn"):
        instrument, when = round_.instrument.name, date_format(closes, "DATE_FORMAT")
    assert "Spørjeskjema for dei tilsette" in message.subject and instrument in message.subject
    assert when in message.body and "ope til og med" in message.body  # Nynorsk, Norwegian date
    url = f"https://skule.example/o/fjordvik/schools/{world.school_a.pk}/surveys/{round_.pk}/"
    assert url + "answer/" in message.body

    assert notify_due(today) == 0  # once: the daily run tells no one again
    send_reminders(today)
    assert len(mail.outbox) == 3 and Notice.objects.filter(round=round_).count() == 3


def test_a_round_opening_later_is_told_on_its_day_and_an_old_years_never(world):
    today = timezone.localdate()
    year = current_school_year()
    end = datetime.date(year.start_year + 1, 7, 31)
    if today + datetime.timedelta(days=2) > end:
        pytest.skip("too close to the end of the school year")
    later = _launch_staff(world, today + datetime.timedelta(days=2), end)
    assert mail.outbox == []
    assert notify_due(today) == 0
    assert notify_due(later.opens) == 2 and notify_due(later.opens) == 0
    assert {m.to[0] for m in mail.outbox} == {
        "laerar.a@fjordvik.example",
        "rektor.a@fjordvik.example",
    }
    assert "Questionnaire for the staff" not in mail.outbox[0].subject  # the owner's Bokmål
    assert "Spørreskjema for de ansatte" in mail.outbox[0].subject

    mail.outbox.clear()
    old = Round.objects.create(
        school=world.school_a,
        instrument=later.instrument,
        school_year=school_year_starting(year.start_year - 1),
        audience="staff",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=1),
    )
    assert old.is_open(today)
    assert notify_due(today) == 0 and send_reminders(today) == 0
    assert mail.outbox == []


def test_the_answer_page_opens_in_the_schools_language_unless_one_is_picked(world, client):
    _nynorsk(world)
    round_ = _round(world)
    code = round_.codes.first().code
    url = reverse("answer_code", args=[code])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="nn"' in page and "Send svara mine" in page
    assert 'id="language"' in page  # the switch is still there
    client.cookies["django_language"] = "en"
    assert "Send my answers" in client.get(url).content.decode()


def test_the_forms_say_who_reads_free_text_and_ask_for_no_names(world, login):
    round_ = _round(world)  # the pupils' questions have free text
    page = login(None).get(reverse("answer_code", args=[round_.codes.first().code]))
    text = page.content.decode()
    assert "Only the school's leaders read what you write here, never the school owner" in text
    assert "The principal may hide an answer. Do not write names" in text
    assert 'aria-describedby="q-' in text
    staff = _launch_staff(world, *_open_dates())
    args = [world.owner.slug, world.school_a.pk, staff.pk]
    text = login(world.teacher_a).get(reverse("answer_staff", args=args)).content.decode()
    assert "Do not write names" in text


def _open_dates():
    year = current_school_year()
    return datetime.date(year.start_year, 8, 15), datetime.date(year.start_year + 1, 6, 30)


def _figures(round_):
    return Observation.objects.filter(
        school=round_.school, school_year=round_.school_year, indicator__code__startswith="sa-"
    )


def test_a_late_small_round_never_replaces_the_main_round_until_designated(world, login):
    main = _round(world, codes=12)
    _answer_all(main, 10, value=4)
    assert actions.close(world.admin, main) > 0
    figures = {o.indicator_id: (o.value, o.n) for o in _figures(main)}
    assert figures and all(v == (4.0, 10) for v in figures.values())

    late = _round(world, codes=6)
    assert Round.objects.get(pk=main.pk).main and not late.main
    _answer_all(late, 5, value=2)
    assert actions.close(world.admin, late) == 0
    assert {o.indicator_id: (o.value, o.n) for o in _figures(main)} == figures

    url = reverse("round_main", args=[world.owner.slug, world.school_a.pk, late.pk])
    assert login(world.principal_a).post(url).status_code == 403
    assert login(world.admin).get(url).status_code == 405
    assert login(world.admin).post(url).status_code == 302
    late.refresh_from_db()
    assert late.main and not Round.objects.get(pk=main.pk).main
    now = list(_figures(late))
    assert now and all((o.value, o.n) == (2.0, 5) for o in now)
    assert {o.source_import.report["round"] for o in now} == {late.pk}  # which round
    assert ObservationHistory.objects.filter(observation__in=now, value=4.0, n=10).count() == len(
        now
    )
    page = login(world.admin).get(
        reverse("round_detail", args=[world.owner.slug, world.school_a.pk, main.pk])
    )
    assert "This is not the year's main round" in page.content.decode()


def test_a_person_with_their_own_language_is_told_in_it(world, login):
    client = login(world.teacher_a, language=None)
    page = client.get(reverse("account_language"))
    assert page.status_code == 200 and "Skoleeierens språk" in page.content.decode()
    assert client.get(reverse("account_language_save")).status_code == 405
    assert client.post(reverse("account_language_save"), {"language": "xx"}).status_code == 400
    assert client.post(reverse("account_language_save"), {"language": "nn"}).status_code == 302
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.language == "nn"
    assert login(None).get(reverse("account_language")).status_code == 302  # log in first

    _launch_staff(world, *_open_dates())  # a Bokmål owner
    mails = {m.to[0]: m for m in mail.outbox}
    assert "Spørjeskjema for dei tilsette" in mails["laerar.a@fjordvik.example"].subject
    assert "Spørreskjema for de ansatte" in mails["rektor.a@fjordvik.example"].subject

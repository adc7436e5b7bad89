"""Issue 14: the questionnaire's promises hold under attack. Results only once a round takes no
more answers, a code sheet that tells nothing, empty answers refused, the audience deciding who
reads results, storage that links no one, text cells as text, bad input never a 500, and one URL
with its own access rule for every write."""

import io
import random

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from skolekvalitet.documents.cells import safe_cell
from skolekvalitet.organisations.access import may_read_results
from skolekvalitet.organisations.models import Membership, Person
from skolekvalitet.organisations.roles import Role
from skolekvalitet.surveys import actions, urls
from skolekvalitet.surveys.models import Code, Item, Participation, Response
from skolekvalitet.surveys.results import results
from tests.surveys.test_surveys import _answer_all, _items, _round


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _args(round_):
    return [round_.school.owner.slug, round_.school_id, round_.pk]


def _member(world, role, email, school="a"):
    person = Person.objects.create_user(email, "x", name=email.split("@")[0])
    Membership.objects.create(
        person=person,
        owner=world.owner,
        school=world.school_a if school == "a" else None,
        role=role,
    )
    return person


def _staff_round(world, answers=5):
    teachers = [_member(world, Role.TEACHER, f"t{n}@fjordvik.example") for n in range(answers)]
    round_ = _round(world, "plc", "staff", codes=0)
    scale = _items(round_)
    for n, teacher in enumerate(teachers):
        actions.submit_staff(teacher, round_, {str(i.pk): str(1 + n % 5) for i in scale})
    return round_


# 2 -----------------------------------------------------------------------------------------


def test_it_shows_results_only_when_the_round_takes_no_more_answers(world, login):
    round_ = _round(world)
    _answer_all(round_, 6, value=4)
    assert not results(round_).readable
    client = login(world.principal_a)
    page = client.get(reverse("round_detail", args=_args(round_))).content.decode()
    assert "6 of 30 have answered" in page and "Results are shown when the round" in page
    assert "4.00" not in page
    assert client.get(reverse("round_export", args=_args(round_))).status_code == 404
    actions.close(world.admin, round_)
    page = client.get(reverse("round_detail", args=_args(round_))).content.decode()
    assert "4.00" in page
    assert client.get(reverse("round_export", args=_args(round_))).status_code == 200


# 3 -----------------------------------------------------------------------------------------


def test_the_code_sheet_does_not_tell_which_codes_are_used(world, login):
    round_ = _round(world, codes=5)
    _answer_all(round_, 2)
    client = login(world.principal_a)
    sheet = client.get(reverse("round_codes", args=_args(round_))).content.decode()
    assert all(code in sheet for code in round_.codes.values_list("code", flat=True))
    page = client.get(reverse("round_detail", args=_args(round_))).content.decode()
    assert "unused" not in page


# 9 -----------------------------------------------------------------------------------------


def test_an_empty_answer_asks_again_and_neither_uses_the_code_nor_counts(world, client, settings):
    round_ = _round(world, codes=2)
    code = round_.codes.first().code
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    page = client.post(reverse("answer_code_send", args=[code]), {})
    assert page.status_code == 400
    assert "Svar på minst eitt spørsmål" in page.content.decode()
    assert not Code.objects.get(code=code).used
    assert not Response.objects.filter(round=round_).exists()


def test_an_empty_staff_answer_is_not_counted(world, login):
    round_ = _round(world, "plc", "staff", codes=0)
    client = login(world.teacher_a, language="nb")
    page = client.post(reverse("answer_staff_send", args=_args(round_)), {"q-999": ""})
    assert page.status_code == 400 and "Svar på minst ett spørsmål" in page.content.decode()
    assert not Participation.objects.filter(round=round_).exists()
    assert not Response.objects.filter(round=round_).exists()


# 10 ----------------------------------------------------------------------------------------


def test_the_audience_decides_who_reads_results(world, login):
    staff_round = _staff_round(world)
    actions.close(world.admin, staff_round)
    pupil_round = _round(world)
    _answer_all(pupil_round, 5)
    actions.close(world.admin, pupil_round)
    pupils = _member(world, Role.PUPIL_REP, "elevrad@fjordvik.example")
    parents = _member(world, Role.PARENT_REP, "fau@fjordvik.example")
    union = _member(world, Role.UNION_REP, "tillit@fjordvik.example")
    politician = _member(world, Role.POLITICIAN, "politikar@fjordvik.example", school=None)
    for person, staff, pupil in [
        (world.admin, True, True),
        (world.principal_a, True, True),
        (world.teacher_a, True, True),
        (union, True, True),
        (pupils, False, True),
        (parents, False, True),
        (politician, False, False),
        (world.principal_b, False, False),
    ]:
        assert may_read_results(person, staff_round) is staff, person
        assert may_read_results(person, pupil_round) is pupil, person
    client = login(parents)
    page = client.get(reverse("round_detail", args=_args(staff_round))).content.decode()
    assert "5 of" in page and "Mean (interval)" not in page
    assert client.get(reverse("round_export", args=_args(staff_round))).status_code == 403
    page = client.get(reverse("round_detail", args=_args(pupil_round))).content.decode()
    assert "Mean (interval)" in page


def test_a_council_reads_no_staff_scores_in_a_meeting_pack(world):
    from skolekvalitet.dialogues import actions as dialogues
    from skolekvalitet.dialogues.models import Meeting
    from skolekvalitet.dialogues.pack import meeting_pack

    staff_round = _staff_round(world)
    actions.close(world.admin, staff_round)
    parents = _member(world, Role.PARENT_REP, "fau@fjordvik.example")
    dialogues.create_cycle(world.admin, world.owner, staff_round.school_year)
    meeting = Meeting.objects.filter(school=world.school_a).first()
    name = f"{staff_round.instrument.name} – "  # a round's caption, not the data sheet's
    for reader, sees in [(parents, False), (world.teacher_a, True), (world.admin, True)]:
        doc = meeting_pack(meeting, school_side=True, reader=reader)
        assert (name in str(doc.blocks)) is sees, reader


# 13 ----------------------------------------------------------------------------------------


def _physical_order(round_) -> list:
    column = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM surveys_response WHERE round_id = %s ORDER BY {column}",
            [round_.pk],
        )
        ids = [str(row[0]).replace("-", "") for row in cursor.fetchall()]
    by_id = {str(r.pk).replace("-", ""): r.answers for r in Response.objects.filter(round=round_)}
    return [by_id[i] for i in ids]


def test_storage_order_and_ids_link_no_answer_to_its_writer(world, monkeypatch):
    monkeypatch.setattr(actions, "_shuffle", random.Random(14).shuffle, raising=False)
    round_ = _round(world, codes=6)
    item = _items(round_, Item.Kind.TEXT)[0]
    seen_ids: set = set()
    sent = []
    for n, code in enumerate(round_.codes.all()):
        answer = {str(item.pk): f"answer {n}"}
        actions.submit_code(code.code, answer)
        sent.append(answer)
        ids = set(Response.objects.filter(round=round_).values_list("id", flat=True))
        assert not ids & seen_ids, "a response kept its id across a later submission"
        seen_ids |= ids
    stored = _physical_order(round_)
    assert sorted(map(str, stored)) == sorted(map(str, sent))
    assert stored != sent, "physical order is the order of answering"


# 7 -----------------------------------------------------------------------------------------


def test_text_in_the_spreadsheet_is_never_a_formula(world, login):
    world.school_a.name = '=HYPERLINK("http://evil.example","x")'
    world.school_a.save()
    round_ = _round(world)
    item = _items(round_)[0]
    Item.objects.filter(pk=item.pk).update(text_nb="=1+1", text_nn="=1+1")
    _answer_all(round_, 5)
    actions.close(world.admin, round_)
    export = login(world.admin).get(reverse("round_export", args=_args(round_)))
    sheet = load_workbook(io.BytesIO(export.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith("=")]
    assert len(risky) == 2 and all(c.data_type == "s" for c in risky)
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("@x") == "'@x" and safe_cell(3) == 3


# 8 -----------------------------------------------------------------------------------------


def test_bad_input_gives_a_message_never_a_server_error(world, client, login):
    page = client.get("/answer/", {"code": "../../x"})
    assert page.status_code == 400 and "står på lappen din" in page.content.decode()
    assert client.get("/answer/../../x/").status_code == 404
    round_ = _round(world, codes=3)
    actions.install_library(world.owner)
    instrument = world.owner.instruments.first()
    admin = login(world.admin)
    edit = reverse("instrument_edit", args=["fjordvik", instrument.pk])
    assert admin.post(edit, {"form": "item-x"}).status_code == 405
    assert admin.post(edit.rstrip("/") + "/items/x/").status_code == 404
    principal = login(world.principal_a)
    hide = reverse("round_hide_text", args=_args(round_))
    assert principal.post(hide, {"response": "not-a-uuid", "item": "x"}).status_code == 400
    assert principal.post(hide, {"response": str(round_.pk), "item": "1"}).status_code == 400


# The mechanism -----------------------------------------------------------------------------


WRITES = {
    "survey_threshold",
    "survey_launch",
    "instrument_dimension_new",
    "instrument_dimension_save",
    "instrument_item_new",
    "instrument_item_save",
    "instrument_item_delete",
    "school_round_launch",
    "round_close",
    "round_main",
    "round_hide_text",
    "round_show_text",
    "round_interpret",
    "round_release",
    "answer_staff_save",
    "answer_staff_send",
    "answer_code_send",
}


def test_every_write_has_its_own_url_and_no_page_takes_a_post(world, login):
    client = login(world.admin)
    round_ = _round(world)
    instrument = round_.instrument
    dimension = instrument.dimensions.first()
    args = {
        "slug": "fjordvik",
        "pk": world.school_a.pk,
        "round_pk": round_.pk,
        "code": round_.codes.first().code,
        "dimension_pk": dimension.pk,
        "item_pk": dimension.items.first().pk,
    }
    names = set()
    for pattern in urls.urlpatterns:
        kwargs = {k: v for k, v in args.items() if k in pattern.pattern.converters}
        if pattern.name.startswith("instrument_"):
            kwargs["pk"] = instrument.pk
        url = reverse(pattern.name, kwargs=kwargs)
        assert pattern.callback.access_rule, pattern.name
        names.add(pattern.name)
        if pattern.name in WRITES:
            assert client.get(url).status_code == 405, pattern.name
        else:
            assert client.post(url, {"action": "close", "form": "launch"}).status_code == 405, (
                pattern.name
            )
    assert names >= WRITES
    assert not round_.__class__.objects.get(pk=round_.pk).closed


def test_the_instrument_editor_writes_through_its_own_urls(world, login):
    actions.install_library(world.owner)
    instrument = world.owner.instruments.get(code="pupils")
    dimension = instrument.dimensions.first()
    client = login(world.admin)
    base = ["fjordvik", instrument.pk]
    new = reverse("instrument_item_new", args=[*base, dimension.pk])
    prefix = f"new-item-{dimension.pk}"
    data = {f"{prefix}-kind": "scale", f"{prefix}-text_nb": "Ny", f"{prefix}-text_nn": "Ny"}
    assert client.post(new, data).status_code == 302
    item = dimension.items.get(text_nb="Ny")
    save = reverse("instrument_item_save", args=[*base, item.pk])
    page = client.post(save, {f"item-{item.pk}-kind": "scale", f"item-{item.pk}-text_nb": ""})
    assert page.status_code == 400 and "This field is required" in page.content.decode()
    assert client.post(reverse("instrument_item_delete", args=[*base, item.pk])).status_code == 302
    assert not dimension.items.filter(pk=item.pk).exists()
    other = world.owner.instruments.exclude(pk=instrument.pk).first().dimensions.first()
    foreign = reverse("instrument_item_new", args=[*base, other.pk])
    assert client.post(foreign, data).status_code == 404
    assert login(world.principal_a).post(new, data).status_code == 403

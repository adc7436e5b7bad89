"""Self-assessment: codes once, closed rounds, the anonymity threshold in every output, free text
for leaders only, scores into the knowledge base, and answers that link to no one."""

import datetime
import io
import math

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.models import Observation
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.reporting.build import build_document
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.stats.answers import summarise_lights, summarise_scale
from skolekvalitet.surveys import actions
from skolekvalitet.surveys.models import Item, Participation, Response, Round
from skolekvalitet.surveys.results import results


@pytest.fixture(autouse=True)
def english():
    """Messages matched below are the English ones."""
    with translation.override("en"):
        yield


def _dates():
    year = current_school_year()
    return datetime.date(year.start_year, 8, 15), datetime.date(year.start_year + 1, 6, 30)


def _round(world, code="pupils", audience="pupils", school=None, codes=30):
    actions.install_library(world.owner)
    opens, closes = _dates()
    (round_,) = actions.launch(
        world.admin,
        world.owner.instruments.get(code=code),
        [school or world.school_a],
        audience,
        opens,
        closes,
        codes=codes,
    )
    return round_


def _items(round_, kind=Item.Kind.SCALE):
    return list(Item.objects.filter(dimension__instrument=round_.instrument, kind=kind))


def _answer_all(round_, n, value=4, text=None):
    scale, texts = _items(round_), _items(round_, Item.Kind.TEXT)
    for code in round_.codes.filter(used=False)[:n]:
        data = {str(i.pk): str(value) for i in scale}
        if text:
            data[str(texts[0].pk)] = text
        actions.submit_code(code.code, data)


def test_it_pins_the_mean_interval_and_the_traffic_light_share():
    summary = summarise_scale([1, 2, 3, 4, 5])
    sd = math.sqrt(2.5)
    assert summary.mean == 3 and summary.sd == pytest.approx(sd)
    assert summary.interval.low == pytest.approx(3 - 1.959964 * sd / math.sqrt(5), abs=1e-5)
    assert summary.distribution == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1}
    lights = summarise_lights(["green", "green", "red", "yellow"])
    assert lights.green_share == 50 and lights.distribution == {"green": 2, "yellow": 1, "red": 1}
    assert 15 < lights.green_interval.low < 20 and 80 < lights.green_interval.high < 85


def test_a_code_works_once_and_a_closed_round_takes_no_answers(world):
    round_ = _round(world, codes=3)
    first, second, _third = round_.codes.values_list("code", flat=True)
    answer = {str(_items(round_)[0].pk): "4"}
    actions.submit_code(first.lower(), answer)
    with pytest.raises(ValidationError, match="already been used"):
        actions.submit_code(first, answer)
    with pytest.raises(ValidationError, match="do not know"):
        actions.submit_code("NOSUCHCODE", answer)
    actions.close(world.admin, round_)
    with pytest.raises(ValidationError, match="closed"):
        actions.submit_code(second, answer)
    assert Response.objects.filter(round=round_).count() == 1


def test_an_answer_links_to_no_code_person_or_time(world):
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "round", "answers", "hidden"}
    round_ = _round(world, "plc", "staff", codes=0)
    answer = {str(_items(round_)[0].pk): "3"}
    actions.submit_staff(world.teacher_a, round_, answer)
    assert {f.name for f in Participation._meta.get_fields()} == {"id", "round", "person"}
    assert Response.objects.get(round=round_).answers == {str(_items(round_)[0].pk): 3}
    with pytest.raises(ValidationError, match="already answered"):
        actions.submit_staff(world.teacher_a, round_, answer)


def test_staff_save_and_continue_then_submit(world, login):
    round_ = _round(world, "plc", "staff", codes=0)
    item = _items(round_)[0]
    args = [world.owner.slug, world.school_a.pk, round_.pk]
    url = reverse("answer_staff", args=args)
    client = login(world.teacher_a)
    client.post(reverse("answer_staff_save", args=args), {f"q-{item.pk}": "4"})
    assert 'value="4" checked' in client.get(url).content.decode()
    client.post(reverse("answer_staff_send", args=args), {f"q-{item.pk}": "5"})
    assert Response.objects.get(round=round_).answers == {str(item.pk): 5}
    assert not round_.drafts.exists()


def test_dates_outside_one_school_year_are_refused(world):
    actions.install_library(world.owner)
    with pytest.raises(ValidationError) as error:
        actions.launch(
            world.admin,
            world.owner.instruments.get(code="plc"),
            [world.school_a],
            "staff",
            datetime.date(2026, 5, 1),
            datetime.date(2026, 9, 1),
        )
    assert "closes" in error.value.message_dict


def test_the_threshold_hides_results_in_every_output(world, login):
    round_ = _round(world)
    _answer_all(round_, 4, value=3)
    assert actions.close(world.admin, round_) == 0
    shown = results(round_)
    assert not shown.enough and all(d.summary is None for d in shown.dimensions)
    assert shown.texts == []
    client = login(world.principal_a)
    page = client.get(reverse("round_detail", args=["fjordvik", world.school_a.pk, round_.pk]))
    assert "Too few answers" in page.content.decode()
    export = client.get(reverse("round_export", args=["fjordvik", world.school_a.pk, round_.pk]))
    cells = [c for row in load_workbook(io.BytesIO(export.content)).active.values for c in row]
    assert 3 not in cells and "Too few answers to show results." in cells
    assert not Observation.objects.filter(school=world.school_a).exists()
    report = StatusReport.objects.create(owner=world.owner, school_year=round_.school_year)
    doc, _filled = build_document(report, "en")
    from skolekvalitet.documents.render import to_html

    assert "Trivsel" not in to_html(doc)  # the report names no dimension of a hidden round


def test_the_owner_may_raise_the_threshold_but_never_lower_it(world):
    with pytest.raises(ValidationError):
        actions.set_threshold(world.admin, world.owner, 4)
    actions.set_threshold(world.admin, world.owner, 8)
    round_ = _round(world)
    _answer_all(round_, 7)
    assert not results(round_).enough


def test_enough_answers_give_scores_in_the_knowledge_base_and_on_the_data_sheet(world, login):
    round_ = _round(world)
    _answer_all(round_, 6, value=4, text="Kjekke friminutt")
    assert actions.close(world.admin, round_) == 2
    shown = results(round_)
    assert shown.readable and shown.dimensions[0].summary.mean == 4
    observation = Observation.objects.get(
        school=world.school_a, indicator__code__startswith="sa-", source_field="Trivsel og venner"
    )
    assert observation.n == 6 and observation.source_import.format == "self-assessment"
    chain = Chain(world.owner, [world.school_a])
    figure = chain.get(
        observation.indicator, ("school", world.school_a.pk), round_.school_year.code, 0
    )
    assert figure.shown.value == 4
    sheet = login(world.teacher_a).get(reverse("data_sheet", args=["fjordvik", world.school_a.pk]))
    assert "Trivsel og venner" in sheet.content.decode()


def test_free_text_is_for_the_school_leaders_and_can_be_hidden(world, login):
    round_ = _round(world)
    _answer_all(round_, 6, text="Ola i 5B er slem")
    actions.close(world.admin, round_)
    url = reverse("round_detail", args=["fjordvik", world.school_a.pk, round_.pk])
    assert "Ola i 5B" in login(world.principal_a).get(url).content.decode()
    for person in (world.teacher_a, world.admin):
        assert "Ola i 5B" not in login(person).get(url).content.decode()
    response = Response.objects.filter(round=round_).first()
    item = _items(round_, Item.Kind.TEXT)[0]
    hide = reverse("round_hide_text", args=["fjordvik", world.school_a.pk, round_.pk])
    login(world.principal_a).post(hide, {"response": str(response.pk), "item": str(item.pk)})
    page = login(world.principal_a).get(url).content.decode()
    assert page.count("Ola i 5B") == 5 and "Hidden by the principal" in page


def test_the_interpretation_reaches_the_owner_only_when_released(world, login):
    round_ = _round(world)
    args = ["fjordvik", world.school_a.pk, round_.pk]
    url = reverse("round_detail", args=args)
    login(world.principal_a).post(
        reverse("round_interpret", args=args),
        {"reading": "Elevane trivst", "actions": "Fleire vaksne ute"},
    )
    assert "Elevane trivst" in login(world.teacher_a).get(url).content.decode()
    assert "Elevane trivst" not in login(world.admin).get(url).content.decode()
    login(world.principal_a).post(reverse("round_release", args=args))
    assert "Elevane trivst" in login(world.admin).get(url).content.decode()


def test_teachers_and_other_schools_cannot_launch_close_or_print(world, login):
    round_ = _round(world)
    url = reverse("round_close", args=["fjordvik", world.school_a.pk, round_.pk])
    assert login(world.teacher_a).post(url).status_code == 403
    assert login(world.principal_b).post(url).status_code == 404
    codes = reverse("round_codes", args=["fjordvik", world.school_a.pk, round_.pk])
    assert login(world.teacher_a).get(codes).status_code == 403
    assert not Round.objects.get(pk=round_.pk).closed


def test_a_change_is_marked_only_beyond_noise(world):
    first = _round(world)
    _answer_all(first, 10, value=2)
    actions.close(world.admin, first)
    second = _round(world)
    Round.objects.filter(pk=second.pk).update(opens=second.opens + datetime.timedelta(days=1))
    second.refresh_from_db()
    scale = _items(second)
    for code, value in zip(second.codes.all()[:10], [4, 5] * 5, strict=False):
        actions.submit_code(code.code, {str(i.pk): str(value) for i in scale})
    actions.close(world.admin, second)
    shown = results(second)
    assert shown.previous == first and shown.dimensions[0].verdict == "up"


def test_the_response_rate_grows_on_the_round_page(world, login):
    round_ = _round(world, codes=10)
    url = reverse("round_detail", args=["fjordvik", world.school_a.pk, round_.pk])
    client = login(world.principal_a)
    _answer_all(round_, 3)
    part = client.get(url + "?part=rate", headers={"HX-Request": "true"}).content.decode()
    assert (
        part.startswith('<p class="ds-paragraph" id="rate"')
        and "3 of 10 have answered (30 %)" in part
    )
    assert "<html" not in part

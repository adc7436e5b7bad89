"""A share is shown with its per cent sign wherever it is shown, and the explorer never shows
another indicator's figures in place of the one asked for (issue 19)."""

import re

from django.urls import reverse
from django.utils import translation

from skolekvalitet.documents import present
from skolekvalitet.knowledge.models import Indicator
from tests.analysis.test_analysis import data  # noqa: F401 (the fixture)

NBSP = "\u00a0"


def test_a_share_has_its_per_cent_sign_in_every_form():
    for language in ("nb", "nn"):
        assert present.figure(7.94, "share", language=language) == f"7,9{NBSP}%"
        assert present.interval(0.0, 20.4, unit="share", language=language) == f"0,0–20,4{NBSP}%"
        assert present.target(5, "share", language=language) == f"5{NBSP}%"
        assert present.figure(52.34, "scale_points", language=language) == "52,3"
        assert present.target(4.35, "index", language=language) == "4,35"
    assert present.figure(7.94, "share", language="en") == "7.9%"
    assert present.interval(0.0, 20.4, unit="share", language="en") == "0.0–20.4%"
    assert present.interval(-1.2, 3.4, language="nb") == "\u22121,2 – 3,4"  # a real minus
    assert present.figure(None, "share") == present.DASH


def _bullying(world, data):  # noqa: F811
    bullying = Indicator.objects.get(code="ps_bullying", owner=None)
    assert bullying.unit == "share"
    data["add"](school=world.school_a, value=7.9, n=40, indicator=bullying, grade=7, unc=3.0)
    return bullying


def test_the_pages_show_a_share_with_its_per_cent_sign(world, data, login):  # noqa: F811
    _bullying(world, data)
    for language in ("nb", "nn"):
        client = login(world.admin, language)
        sheet = client.get(
            reverse("data_sheet", args=[world.owner.slug, world.school_a.pk])
        ).content.decode()
        assert re.search(rf'<td class="num"[^>]*>7,9{NBSP}%</td>', sheet), language
        assert re.search(rf"<td[^>]*>\d+,\d–\d+,\d{NBSP}%</td>", sheet), language
        explorer = client.get(
            reverse("explorer", args=[world.owner.slug]) + "?show=ps_bullying.7"
        ).content.decode()
        assert f'<td class="num">7,9{NBSP}%</td>' in explorer, language


def test_the_explorer_says_it_has_no_figures_for_a_choice_and_shows_none(world, data, login):  # noqa: F811
    _bullying(world, data)
    client = login(world.admin, "nn")
    for asked in ("ps_bullying.3", "nt8_reading.8", "no_such_thing.5"):
        body = client.get(reverse("explorer", args=[world.owner.slug]) + f"?show={asked}")
        text = body.content.decode()
        assert "Vel ein indikator i lista." in text, asked
        assert "<h2" not in text.split("</form>")[1], asked  # no other indicator's figures
        assert "selected" not in re.sub(r"<option[^>]*>", "", text.split("<select")[0]), asked
    text = client.get(
        reverse("explorer", args=[world.owner.slug]) + "?show=ps_bullying.3"
    ).content.decode()
    assert "Det finst ingen tal for Mobbing på skulen (3. trinn)." in text
    with translation.override("nn"):
        shown = client.get(reverse("explorer", args=[world.owner.slug])).content.decode()
    assert "Vel ein indikator i lista." not in shown  # nothing asked: the first is shown


def test_the_catalogue_says_one_pupil_in_the_singular(world, data, login):  # noqa: F811
    Indicator.objects.filter(code="ps_bullying", owner=None).update(threshold=1)
    body = login(world.admin, "nb").get(reverse("indicators", args=[world.owner.slug]))
    text = body.content.decode()
    assert "skjermet under 1 elev eller svar" in text
    assert "under 1 elever" not in text


def test_nynorsk_says_the_national_share_not_a_region():
    from skolekvalitet.analysis import texts

    with translation.override("nn"):
        words = [str(v) for v in texts.CRITERIA.values()] + [str(v) for v in texts.MET.values()]
    assert not [w for w in words if "landsdel" in w], words
    assert any("heile landet" in w for w in words)


def test_the_sheet_details_read_as_words(world, data, login):  # noqa: F811
    """No «trinn alle», the school's interval said to be its uncertainty, the verdict against
    an area in full words with its side, and a stage as «5.–7. trinn»."""
    from skolekvalitet.analysis.presenting import short_verdict_text

    _bullying(world, data)
    wellbeing = Indicator.objects.get(code="ps_wellbeing", owner=None)
    data["add"](school=world.school_a, value=4.1, n=40, indicator=wellbeing, grade=0, unc=0.1)
    sheet = (
        login(world.admin, "nn")
        .get(reverse("data_sheet", args=[world.owner.slug, world.school_a.pk]))
        .content.decode()
    )
    assert "trinn alle" not in sheet and "trinn 0" not in sheet
    assert re.search(rf"<td>uvisse \(95 %\): \d+,\d–\d+,\d{NBSP}%</td>", sheet)
    with translation.override("nn"):
        assert short_verdict_text("below", "higher") == "klart under (svakare)"
        assert short_verdict_text("below", "lower") == "klart under (betre)"
        assert short_verdict_text("no_clear_difference", "lower") == "ingen klar skilnad"
    names = Indicator.objects.get(code="sbi_5_7", owner=None)
    assert (names.name_nb, names.name_nn) == (
        "Skolebidragsindikator 5.–7. trinn",
        "Skulebidragsindikator 5.–7. trinn",
    )


def test_a_plans_target_on_a_share_has_its_per_cent_sign(world, data):  # noqa: F811
    from skolekvalitet.plans.models import Criterion
    from skolekvalitet.plans.texts import criterion_text

    bullying = Indicator.objects.get(code="ps_bullying", owner=None)
    reading = Indicator.objects.get(code="nt5_reading", owner=None)
    with translation.override("nn"):
        at_most = Criterion(indicator=bullying, grade=7, comparator="at_most", target=5)
        assert criterion_text(at_most).endswith(f": høgst 5{NBSP}%")
        at_least = Criterion(indicator=reading, grade=5, comparator="at_least", target=50)
        assert criterion_text(at_least).endswith(": minst 50")


def test_a_plans_recorded_share_has_its_per_cent_sign():
    from skolekvalitet.plans.frozen import figure_line

    f = {
        "indicator": "Mobbing på skulen",
        "names": {"nb": "Mobbing på skolen", "nn": "Mobbing på skulen", "en": "Bullying"},
        "grade": 7,
        "unit": "share",
        "value": 6.1,
        "low": 2.0,
        "high": 10.2,
        "year": "2025-26",
        "evaluation": "met",
    }
    with translation.override("nn"):
        assert f"6,1{NBSP}% (2,0–10,2{NBSP}%)" in figure_line(f)

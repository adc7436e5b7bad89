"""What the owner's analysis pages say in words: an indicator's grade once, never twice."""

import re

from django.urls import reverse
from django.utils import translation

from skolekvalitet.analysis.presenting import indicator_name
from skolekvalitet.knowledge.models import Indicator
from tests.analysis.test_analysis import data  # noqa: F401 (the fixture)


def test_an_indicator_name_says_its_grade_once():
    reading = Indicator(name_nb="Nasjonale prøver 5. trinn, lesing", name_nn="", name_en="")
    wellbeing = Indicator(name_nb="Trivsel", name_nn="", name_en="")
    contribution = Indicator(name_nb="Skolebidragsindikator 8-10. trinn", name_nn="", name_en="")
    with translation.override("nb"):
        assert indicator_name(reading, 5) == "Nasjonale prøver 5. trinn, lesing"
        assert indicator_name(wellbeing, 7) == "Trivsel (7. trinn)"
        assert indicator_name(wellbeing, 0) == "Trivsel"
        assert indicator_name(contribution, 10) == "Skolebidragsindikator 8-10. trinn"
        assert indicator_name(reading, 15) == "Nasjonale prøver 5. trinn, lesing (15. trinn)"


def test_the_explorer_and_the_overview_say_the_grade_once(world, data, login):  # noqa: F811
    wellbeing = Indicator.objects.get(code="ps_wellbeing", owner=None)
    data["add"](school=world.school_a, value=4.1, n=40, indicator=wellbeing, grade=7, unc=0.1)
    client = login(world.admin, "nb")
    explorer = client.get(reverse("explorer", args=[world.owner.slug]) + "?show=nt5_reading.5")
    body = explorer.content.decode()
    options = re.findall(r"<option [^>]*>([^<]*)</option>", body)
    assert "Nasjonale prøver 5. trinn, lesing" in options
    assert "Trivsel (7. trinn)" in options
    assert not [o for o in options if o.count("trinn") > 1], options
    assert '<h2 class="ds-heading" data-size="sm">Nasjonale prøver 5. trinn, lesing</h2>' in body
    overview = client.get(reverse("overview", args=[world.owner.slug])).content.decode()
    headers = re.findall(r'<th scope="col">([^<]*)</th>', overview)
    assert "Nasjonale prøver 5. trinn, lesing" in headers
    assert "Trivsel (7. trinn)" in headers
    assert not [h for h in headers if "(5.)" in h or h.count("trinn") > 1], headers


def test_the_overview_says_its_table_scrolls_sideways_and_keeps_words_whole(world, data, login):  # noqa: F811
    """At 390 px nothing said the table scrolls; at 1366 px its heads broke inside words."""
    from pathlib import Path

    import skolekvalitet

    overview = reverse("overview", args=[world.owner.slug])
    for language, hint in (
        ("nb", "Sveip eller rull sidelengs for å se alle kolonnene."),
        ("nn", "Sveip eller rull sidelengs for å sjå alle kolonnane."),
    ):
        body = login(world.admin, language).get(overview).content.decode()
        assert re.search(
            r'<p class="scroll-hint" data-scroll-hint="key-table-wrap" id="key-table-hint">'
            rf"<span aria-hidden=\"true\">↔</span> {hint}</p>",
            body,
        ), language
        assert 'id="key-table-wrap"' in body and 'aria-describedby="key-table-hint"' in body
        assert "site/scroll-hint.js" in body
    css = (Path(skolekvalitet.__file__).parent / "site/static/site/site.css").read_text()
    heads = [line for line in css.splitlines() if line.startswith(".overview-table th[scope=col]")]
    assert heads and all("anywhere" not in line and "break-all" not in line for line in heads)
    assert '.scroll-hint[data-overflows="yes"] { display: block; }' in css


def test_an_english_indicator_name_says_its_grade_once():
    reading = Indicator(name_nb="", name_nn="", name_en="National tests grade 5, reading")
    contribution = Indicator(
        name_nb="", name_nn="", name_en="School contribution indicator grades 8-10"
    )
    wellbeing = Indicator(name_nb="", name_nn="", name_en="Well-being")
    with translation.override("en"):
        assert indicator_name(reading, 5) == "National tests grade 5, reading"
        assert indicator_name(contribution, 10) == "School contribution indicator grades 8-10"
        assert indicator_name(wellbeing, 7) == "Well-being (grade 7)"
        assert indicator_name(reading, 15) == "National tests grade 5, reading (grade 15)"


def test_the_explorer_says_the_grade_once_by_area_in_alphabetical_order(world, data, login):  # noqa: F811
    for code, value in (("ps_wellbeing", 4.1), ("nt5_english", 50.0), ("nt5_numeracy", 50.0)):
        indicator = Indicator.objects.get(code=code, owner=None)
        grade = 7 if code == "ps_wellbeing" else 5
        data["add"](school=world.school_a, value=value, n=40, indicator=indicator, grade=grade)
    body = login(world.admin, "en").get(reverse("explorer", args=[world.owner.slug])).content
    options = re.findall(r'<option value="\w+\.\d+"[^>]*>([^<]*)</option>', body.decode())
    assert options == [
        "Well-being (grade 7)",
        "National tests grade 5, English",
        "National tests grade 5, numeracy",
        "National tests grade 5, reading",
    ], options
    # Grouped by quality area, in the catalogue's order of areas.
    groups = re.findall(r'<optgroup label="([^"]*)">', body.decode())
    assert groups == ["Learning environment", "Learning results"], groups
    # Nothing asked for: the first in the list is shown.
    assert '<h2 class="ds-heading" data-size="sm">Well-being (grade 7)</h2>' in body.decode()

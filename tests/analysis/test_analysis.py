import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skolekvalitet.analysis.sheet import analyse_school, sheet_row
from skolekvalitet.demo import build_demo
from skolekvalitet.documents.charts import IncomparableError, assert_comparable
from skolekvalitet.knowledge import store
from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.knowledge.models import Area, Indicator, Observation
from skolekvalitet.organisations.models import Owner, School, SchoolYear
from skolekvalitet.organisations.schoolyears import school_year_starting
from skolekvalitet.stats.flags import Rules

PLANTED = 77.77


@pytest.fixture
def data(world):
    sync_catalogue()
    reading = Indicator.objects.get(code="nt5_reading", owner=None)
    nation, _ = Area.objects.get_or_create(
        kind="nation", code="0", defaults={"name": "Hele landet"}
    )
    years = [school_year_starting(y) for y in range(2021, 2026)]

    def add(
        school=None,
        area=None,
        year=years[-1],
        value=50.0,
        n=40,
        unc=2.0,
        suppressed=False,
        subgroup="all",
        indicator=reading,
        grade=5,
    ):
        figure = Observation(
            indicator=indicator,
            school=school,
            area=area,
            owner=world.owner if area else None,
            school_year=year,
            grade=grade,
            subgroup=subgroup,
            value=value,
            n=n,
            uncertainty=unc if value is not None else None,
            uncertainty_kind="udir" if value is not None else "",
            suppressed=suppressed,
        )
        store.write(None, world.owner, [figure])  # published at once (immediate backend)
        return figure

    for year in years:
        add(area=nation, year=year, value=50.0, n=56000, unc=0.1)
        add(
            school=world.school_a,
            year=year,
            value=44.0 + (year.start_year - 2021) * 0.1,
            n=40,
            unc=2.5,
        )
    return {"add": add, "years": years, "reading": reading, "nation": nation}


def test_it_builds_a_row_with_interval_verdict_and_trend(world, data):
    chain = Chain(world.owner, [world.school_a])
    row = sheet_row(chain, world.school_a, data["reading"], 5)
    assert row.latest.year == "2025-26" and row.latest.shown.value == pytest.approx(44.4)
    interval = row.latest.interval
    assert (interval.low, interval.high) == pytest.approx((41.9, 46.9))
    assert row.verdict == "below"
    # A new series began in 2022-23: no trend over the 2021-22 figure.
    assert row.trend.years == [2022, 2023, 2024, 2025]


def test_it_says_no_clear_difference_when_the_interval_includes_the_nation(world, data):
    data["add"](school=world.school_b, value=51.5, n=30, unc=3.0, grade=5)
    chain = Chain(world.owner, [world.school_b])
    assert sheet_row(chain, world.school_b, data["reading"], 5).verdict == "no_clear_difference"


def test_it_hides_small_groups_and_their_complement(world, data):
    add = data["add"]
    add(school=world.school_a, value=47.0, n=21, subgroup="girls")
    add(school=world.school_a, value=PLANTED, n=7, subgroup="boys")
    chain = Chain(world.owner, [world.school_a])
    year = data["years"][-1].code
    boys = chain.get(data["reading"], ("school", world.school_a.pk), year, 5, "boys")
    girls = chain.get(data["reading"], ("school", world.school_a.pk), year, 5, "girls")
    assert boys.shown.status == "too_few" and boys.shown.value is None
    assert girls.shown.status == "secondary" and girls.estimate is None


def test_a_grade_hidden_for_too_few_cannot_be_worked_out_from_all_grades(world, data):
    """All grades (n 65) less grades 5 and 6 (n 40 and 24) would give away grade 7 (n 1)."""
    add, reading = data["add"], data["reading"]
    add(school=world.school_a, value=48.0, n=65, grade=0)
    add(school=world.school_a, value=47.0, n=24, grade=6)
    add(school=world.school_a, value=PLANTED, n=1, grade=7)
    chain = Chain(world.owner, [world.school_a])
    year, unit = data["years"][-1].code, ("school", world.school_a.pk)
    statuses = {g: chain.get(reading, unit, year, g).status for g in (0, 5, 6, 7)}
    assert statuses[7] == "too_few"
    assert list(statuses.values()).count("shown") <= 2, statuses
    assert statuses[6] == "secondary"  # the smallest shown part


def test_a_page_for_one_school_hides_what_a_page_for_all_schools_hides(world, data, login):
    """Two schools: the municipality's figure less school A's would give away school B's."""
    municipality = Area.objects.create(kind="municipality", code="4699", name="Fjordvik")
    year = data["years"][-1]
    data["add"](area=municipality, year=year, value=45.5, n=47)
    data["add"](school=world.school_b, year=year, value=PLANTED, n=7)
    unit = ("school", world.school_a.pk)
    for schools in ([world.school_a], [world.school_a, world.school_b]):
        chain = Chain(world.owner, schools)
        figure = chain.get(data["reading"], unit, year.code, 5)
        assert figure.status == "secondary" and figure.value is None, schools
        assert chain.get(data["reading"], ("area", "municipality"), year.code, 5).value == 45.5
    page = login(world.principal_a).get(
        reverse("data_sheet", args=[world.owner.slug, world.school_a.pk])
    )
    assert page.status_code == 200 and "44.4" not in page.content.decode()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(3, 30), min_size=9, max_size=9))
def test_every_school_subset_hides_the_same_figures(world, data, sizes):
    """Three schools with girls, boys and all, and the municipality: a chain for any one school
    hides exactly what the chain for all three hides (threshold 10; sizes drawn at random)."""
    year = data["years"][-1]
    third, _ = School.objects.get_or_create(
        owner=world.owner,
        name="Tredje skule",
        defaults={"org_number": "999999996", "first_grade": 1, "last_grade": 7},
    )
    schools = [world.school_a, world.school_b, third]
    gone = Observation.objects.filter(school_year=year).exclude(area=data["nation"])
    store.write(None, world.owner, [], replace=gone)
    municipality, _ = Area.objects.get_or_create(kind="municipality", code="4699")
    data["add"](area=municipality, year=year, value=50.0, n=sum(sizes[::3]))
    for i, school in enumerate(schools):
        for j, subgroup in enumerate(("all", "girls", "boys")):
            data["add"](school=school, year=year, n=sizes[3 * i + j], subgroup=subgroup)

    def statuses(chain, school):
        unit = ("school", school.pk)
        return [
            chain.get(data["reading"], unit, year.code, 5, subgroup).status
            for subgroup in ("all", "girls", "boys")
        ]

    everyone = Chain(world.owner, schools)
    for school in schools:
        assert statuses(Chain(world.owner, [school]), school) == statuses(everyone, school)


def test_it_offers_a_pooled_figure_for_small_groups(world, data, login):
    local = Indicator.objects.create(
        code="local_joy",
        owner=world.owner,
        name_nb="Glede",
        name_nn="Glede",
        name_en="Joy",
        explanation_nb="x",
        explanation_nn="x",
        explanation_en="x",
        quality="process",
        source="lokal",
        unit="index",
        direction="higher",
        threshold=10,
    )
    for year, value, n in zip(data["years"][-3:], [4.0, 3.0, 3.5], [12, 6, 5], strict=True):
        data["add"](
            school=world.school_a, year=year, value=value, n=n, unc=None, indicator=local, grade=7
        )
    chain = Chain(world.owner, [world.school_a])
    row = sheet_row(chain, world.school_a, local, 7)
    assert row.verdict == "too_few"
    assert row.pooled.keys == ("2024-25", "2025-26") and row.pooled.n == 11
    assert row.pooled.value == pytest.approx((3.0 * 6 + 3.5 * 5) / 11)
    sheet = login(world.admin).get(
        reverse("data_sheet", args=[world.owner.slug, world.school_a.pk])
    )
    text = sheet.content.decode()
    assert "Pooled over 2024-25, 2025-26: 3.2" in text and "11 pupils" not in text
    # A year later the pool may not grow to 2024-25 … 2026-27: its difference with the pool
    # above would give away 2026-27 and its one pupil.
    data["add"](
        school=world.school_a,
        year=school_year_starting(2026),
        value=1.0,
        n=1,
        unc=None,
        indicator=local,
        grade=7,
    )
    row = sheet_row(Chain(world.owner, [world.school_a]), world.school_a, local, 7)
    assert row.verdict == "too_few" and row.pooled is None


def test_a_planted_suppressed_value_appears_in_no_output(world, data, login):
    data["add"](
        school=world.school_a,
        value=PLANTED,
        n=40,
        suppressed=True,
        year=data["years"][-1],
        grade=5,
        subgroup="girls",
    )
    data["add"](
        school=world.school_a, value=PLANTED, n=4, year=data["years"][-1], grade=5, subgroup="boys"
    )
    client = login(world.admin)
    pages = [
        reverse("data_sheet", args=[world.owner.slug, world.school_a.pk]),
        reverse("overview", args=[world.owner.slug]),
        reverse("explorer", args=[world.owner.slug]) + "?show=nt5_reading.5",
        reverse("knowledge_base", args=[world.owner.slug, world.school_a.pk]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        # A chart's drawing coordinates are no figures (a line may pass y = 77.8).
        body = re.sub(r'\s(points|d|x|y|x1|x2|y1|y2|cx|cy|r|viewBox)="[^"]*"', "", body)
        assert "77,8" not in body and "77.8" not in body and "77,77" not in body, url
    out = StringIO()
    call_command("analyse", owner=world.owner.slug, year="2025-26", json=True, stdout=out)
    assert "77.77" not in out.getvalue()


def test_it_never_puts_school_contribution_stages_on_one_axis():
    with pytest.raises(IncomparableError):
        assert_comparable(["school_contribution", "school_contribution"], ["sbi_5_7", "sbi_8_10"])
    assert_comparable(["school_contribution", ""], ["sbi_5_7", "nt5_reading"])


def test_it_flags_and_profiles_the_demo_from_its_data(db):
    build_demo()
    owner = Owner.objects.get(slug="demo")
    chain = Chain(owner, owner.schools.all())
    analyses = [analyse_school(chain, s, Rules()) for s in chain.schools.values()]
    profiles = {p.number for a in analyses for p in a.profiles.values()}
    assert {1, 2, 3, 4} <= profiles
    assert sum(bool(a.flags) for a in analyses) >= 2


def test_it_prints_the_analysis_as_json(db):
    build_demo()
    out = StringIO()
    year = SchoolYear.objects.order_by("-code").first().code
    call_command("analyse", owner="demo", year=year, json=True, stdout=out)
    report = json.loads(out.getvalue())
    first = report["schools"][0]
    assert set(first) >= {"profile", "flags", "indicators"}
    indicator = first["indicators"][0]
    assert set(indicator) >= {"value", "interval", "comparison", "trend", "verdict"}
    flagged = [s for s in report["schools"] if s["flags"]]
    assert flagged and all(f["reason"] and f["evidence"] for s in flagged for f in s["flags"])


def test_the_pages_work_for_the_demo(db, login, django_assert_max_num_queries):
    build_demo()
    owner = Owner.objects.get(slug="demo")
    admin = owner.memberships.get(role="owner_admin").person
    client = login(admin)
    with django_assert_max_num_queries(15):
        body = client.get(reverse("overview", args=["demo"])).content.decode()
    assert "Profile 4" in body and "Follow-up list" in body
    school = owner.schools.get(name="Granhaug skule")
    sheet = client.get(reverse("data_sheet", args=["demo", school.pk])).content.decode()
    assert "Interval (95 %)" in sheet and "<svg" in sheet and "synthetic demo figure" in sheet
    explore = client.get(reverse("explorer", args=["demo"]) + "?show=nt5_reading.5")
    assert "Funnel plot" in explore.content.decode()


def test_it_lets_the_owner_change_the_follow_up_rules(world, login):
    url = reverse("follow_up_rules", args=[world.owner.slug])
    client = login(world.admin)
    response = client.post(
        url,
        {
            "below_nation_years": 2,
            "participation_min_percent": 70,
            "participation_drop_points": 15,
            "profile_4": "on",
        },
    )
    assert response.status_code == 302
    from skolekvalitet.analysis.models import FollowUpRules

    rules = FollowUpRules.for_owner(world.owner)
    assert rules.below_nation_years == 2 and rules.bullying_rising is False
    assert login(world.principal_a).get(url).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "show=x",
        "show=nt5_reading.x",
        "show=nt5_reading.99999999999999999999",
        "show=nope.5",
        "show=nt5_reading.5.5",
        "grade=x",
    ],
)
def test_the_explorer_answers_bad_input_without_a_500(world, data, login, query):
    response = login(world.admin).get(reverse("explorer", args=[world.owner.slug]) + "?" + query)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        body = response.content.decode()
        assert "Choose an indicator in the list" in body and "No figures yet" not in body
        # The list is there to choose again from, asking for a choice.
        assert '<option value="" selected>Choose an indicator</option>' in body
        assert '<option value="nt5_reading.5">' in body


def test_the_explorer_shows_the_indicator_and_grade_chosen(world, data, login):
    """Choosing one indicator showed another (a free grade field stayed 0, and the template
    compared the loop variable with itself): now one choice carries both."""
    local = Indicator.objects.get(code="nt8_reading", owner=None)
    data["add"](school=world.school_a, value=51.0, n=40, indicator=local, grade=8)
    data["add"](school=world.school_b, value=49.0, n=40, indicator=local, grade=8)
    data["add"](school=world.school_b, value=47.0, n=40, grade=5)
    client = login(world.admin)
    url = reverse("explorer", args=[world.owner.slug])
    for show, name in (("nt8_reading.8", local.name), ("nt5_reading.5", data["reading"].name)):
        body = client.get(url + "?show=" + show).content.decode()
        assert f'<h2 class="ds-heading" data-size="sm">{name}' in body, show
        assert f'value="{show}" selected' in body
    funnel = client.get(url + "?show=nt5_reading.5").content.decode()
    assert "Alfheim skule</text>" in funnel  # dots are labelled, not only on hover


def test_the_overview_colours_a_cell_by_the_better_or_worse_side(world, data, login):
    """The legend promised green and red cells, but no cell was ever coloured."""
    body = login(world.admin).get(reverse("overview", args=[world.owner.slug])).content.decode()
    # School A reads clearly below the nation, and higher is better in reading.
    assert 'class="num tone-worse"' in body and "▼" in body


def test_flags_count_in_the_readers_plural_and_decimal_comma():
    from django.utils import translation

    from skolekvalitet.analysis.texts import flag_text
    from skolekvalitet.stats.flags import Flag

    with translation.override("nn"):
        assert flag_text(Flag("overdue_agreements", {"count": 1}), {}) == (
            "1 oppfølgingsavtale er på overtid"
        )
        assert "2 oppfølgingsavtalar" in flag_text(Flag("overdue_agreements", {"count": 2}), {})
        text = flag_text(
            Flag("participation_falling", {"values": [78.5, 71.0], "years": [2025, 2026]}), {}
        )
        assert "78,5" in text and "78.5" not in text


def test_it_allows_for_real_noise_and_rounding_and_says_so(world, data, login):
    """Udir's figures move from year to year by more than their «Usikkerhet», and are whole
    points: the verdicts allow for both (stats.noise), and the sheet says it in the reader's
    language, with its numbers written the reader's way."""
    from django.utils import translation

    from skolekvalitet.analysis.presenting import noise_note
    from skolekvalitet.stats.noise import NATIONAL_YEAR

    add, reading = data["add"], data["reading"]
    for year, value in zip(data["years"][1:], (50.0, 55.0, 50.0, 56.0), strict=True):
        add(school=world.school_b, year=year, value=value, n=60, unc=2.0)
        add(school=world.school_a, year=year, value=44.0, n=40, unc=2.5)  # whole points too
    chain = Chain(world.owner, [world.school_b])  # the noise is the owner's, all schools'
    row = sheet_row(chain, world.school_b, reading, 5)
    assert row.noise.rounding == pytest.approx(1 / 12)  # whole points, read from the figures
    assert row.noise.year.df > NATIONAL_YEAR["nt5_reading"].df  # pooled with the schools
    # Sampling alone calls 50, 55, 50, 56 rising; the year-to-year variation does not.
    from skolekvalitet.stats.trends import trend

    points = [(f.start_year, f.value, f.se) for f in row.series]
    assert trend(points, [2022]).direction == "rising"
    assert row.trend.direction == "no clear trend"
    with translation.override("nn"):
        text = noise_note(row.noise)
    assert "heile tal" in text and "opp eller ned" in text
    assert f"{row.noise.year.tau:.1f}".replace(".", ",") in text
    body = login(world.admin).get(reverse("data_sheet", args=[world.owner.slug, world.school_b.pk]))
    assert "typically moves about" in body.content.decode()


def test_the_funnel_widens_by_the_variation_between_schools(world, data, login):
    data["add"](school=world.school_b, value=47.0, n=40, grade=5)
    body = login(world.admin).get(
        reverse("explorer", args=[world.owner.slug]) + "?show=nt5_reading.5"
    )
    assert "The limits also allow for how much schools differ" in body.content.decode()


def test_a_sparkline_never_joins_or_bands_across_a_break():
    from skolekvalitet.documents.charts import SparkPoint, sparkline

    points = [SparkPoint(str(y), 50.0 + y % 3, 48.0, 53.0) for y in range(5)]
    svg = sparkline(points, uid="s", title="t", summary="s", breaks=[2])
    assert svg.count("<polygon") == 2  # one band before the break, one after
    assert svg.count('stroke-dasharray="2 2"') == 1  # the break is drawn where it falls
    assert svg.count('stroke-width="1.5"') == 3  # 0–1, 2–3, 3–4: never 1–2


def test_the_explorer_marks_a_break_in_its_table(world, data, login):
    """The years table ran straight from 2021-22 into the new series of 2022-23."""
    body = (
        login(world.admin)
        .get(reverse("explorer", args=[world.owner.slug]) + "?show=nt5_reading.5")
        .content.decode()
    )
    assert body.count('class="num break-start"') == 2  # the column head and school A's cell
    assert "Break in the series from 2022-23" in body

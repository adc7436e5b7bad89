"""Demo data a municipality believes (issue 19): facts that hold in any real municipality hold in
the demo. The demo is built once for the module and rolled back at the end."""

from collections import defaultdict

import pytest
from django.db import transaction

from skolekvalitet.demo import build_demo
from skolekvalitet.demo.organisations import FIRST, LAST
from skolekvalitet.dialogues.models import Agreement, Meeting, Task
from skolekvalitet.knowledge.models import Indicator, Observation
from skolekvalitet.organisations.models import Enrolment, Owner, SchoolYear
from skolekvalitet.organisations.schoolyears import current_school_year, school_year_starting
from skolekvalitet.organisations.validators import looks_like_person
from skolekvalitet.plans.models import Measure, Milestone
from skolekvalitet.surveys.models import Item, Round

END_OF_YEAR = ("gsp", "grade_", "completion_", "sbi_")  # results known once a year has ended


@pytest.fixture(scope="module")
def owner(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield Owner.objects.get(slug="demo")
        transaction.set_rollback(True)


@pytest.fixture
def figures(owner, db):
    return Observation.objects.filter(synthetic=True).filter(
        school__owner=owner
    ) | Observation.objects.filter(synthetic=True, owner=owner)


def test_completion_is_about_eighty_per_cent_as_the_catalogue_counts_it(owner, figures):
    completion = Indicator.objects.get(owner=None, code="completion_upper_secondary")
    assert completion.unit == "share"  # the catalogue's shares are per cent, 0–100
    values = list(
        figures.filter(indicator=completion, value__isnull=False).values_list("value", flat=True)
    )
    assert values
    assert all(65 <= v <= 95 for v in values), values
    assert 75 <= sum(values) / len(values) <= 85


def test_the_municipality_is_its_schools_pooled(owner, figures):
    schools = defaultdict(list)
    for o in figures.filter(school__isnull=False).select_related("indicator"):
        schools[o.indicator_id, o.grade, o.school_year_id].append(o)
    municipal = figures.filter(area__kind="municipality").select_related("indicator")
    assert municipal.exists()
    for area in municipal:
        at_schools = schools[area.indicator_id, area.grade, area.school_year_id]
        where = (area.indicator.code, area.grade, area.school_year_id)
        assert at_schools, where
        assert area.n == sum(o.n for o in at_schools), where
        if any(o.value is None for o in at_schools):
            continue  # a small school's figure hidden: its share of the pool is unknown here
        values = [o.value for o in at_schools]
        assert min(values) - 0.05 <= area.value <= max(values) + 0.05, (where, area.value, values)
        mean = sum(o.value * o.n for o in at_schools) / area.n
        assert abs(area.value - mean) <= 0.1, (where, area.value, mean)


def test_no_end_of_year_result_for_a_school_year_not_ended(owner, figures):
    this = current_school_year()
    assert figures.filter(school_year__code__lt=this.code, indicator__code="gsp").exists()
    early = [
        (o.indicator.code, o.grade, str(o.school or o.area))
        for o in figures.filter(school_year=this).select_related("indicator", "school", "area")
        if o.indicator.code.startswith(END_OF_YEAR)
    ]
    assert early == []


def test_last_years_annual_cycle_is_complete(owner, db):
    last = school_year_starting(current_school_year().start_year - 1)
    meetings = Meeting.with_talk.filter(event__cycle__owner=owner, event__cycle__school_year=last)
    assert meetings.exists()
    assert set(meetings.values_list("state", flat=True)) == {Meeting.State.APPROVED}
    assert all(m.decisions for m in meetings)
    through = {"meeting__in": meetings}
    loose = Task.with_talk.filter(**through, settled="").exclude(status=Task.Status.DONE)
    assert list(loose.values_list("title", flat=True)) == []
    assert not Agreement.with_talk.filter(**through, settled="", closed_at=None).exists()
    plans = {"plan__school__owner": owner, "plan__school_year": last}
    assert not Milestone.objects.filter(**plans, verdict="").exists()
    assert not Measure.objects.filter(
        goal__focus_area__plan__school__owner=owner,
        goal__focus_area__plan__school_year=last,
        status__in=[Measure.Status.PLANNED, Measure.Status.ONGOING],
    ).exists()


def test_pupils_write_what_pupils_write(owner, db):
    texts = {
        item.pk: item
        for item in Item.objects.filter(
            dimension__instrument__owner=owner,
            dimension__instrument__audience="pupils",
            kind=Item.Kind.TEXT,
        )
    }
    written = [
        answer
        for round_ in Round.objects.filter(school__owner=owner, audience="pupils")
        for response in round_.responses.all()
        for key, answer in response.answers.items()
        if int(key) in texts and answer
    ]
    assert len(written) >= 50
    assert len(set(written)) >= 20  # varied
    names = {w.casefold() for w in FIRST + LAST}
    for text in set(written):
        assert len(text) <= 60, text  # short
        staff_words = ("kollega", "trinnteam", "planlegging", "undervisningsopplegg")
        assert not any(w in text.casefold() for w in staff_words), text  # not a teacher's words
        assert looks_like_person(text) is None, text
        assert not names & set(text.casefold().split()), text


def test_counts_never_exceed_the_pupils(owner, figures):
    pupils = {
        (e.school_id, e.school_year_id, e.grade): e.pupils
        for e in Enrolment.objects.filter(school__owner=owner)
    }
    codes = dict(SchoolYear.objects.values_list("pk", "code"))
    assert not figures.filter(n__lt=1).exists()
    national = figures.filter(school__isnull=False, indicator__owner=None).exclude(
        indicator__code__startswith="tenfactor_"
    )
    for o in national.select_related("indicator", "school", "school_year"):
        grades = [o.grade] if o.grade else [g for g in o.indicator.grades if g in o.school.grades]
        in_years = [o.school_year_id]
        if o.indicator.code.startswith("sbi_"):  # two school years merged
            start = o.school_year.start_year - 1
            before = next((pk for pk, c in codes.items() if c.startswith(f"{start}-")), None)
            in_years.append(before or o.school_year_id)
        most = sum(pupils.get((o.school_id, y, g), 0) for y in in_years for g in grades)
        assert 1 <= o.n <= most, (o.indicator.code, o.grade, o.school.name, o.n, most)
    for round_ in Round.objects.filter(school__owner=owner, audience="pupils"):
        eligible = sum(
            pupils.get((round_.school_id, round_.school_year_id, g), 0) for g in range(5, 11)
        )
        answered = round_.responses.count()
        assert answered <= eligible, (round_.school.name, answered, eligible)
        if round_.closed:
            assert round_.invited <= eligible, (round_.school.name, round_.invited, eligible)

"""One demo for every report test: built once for the package inside a transaction that is rolled
back at the end (each test runs in its own savepoint, so what a test changes is undone), with a
figure Udir suppressed planted in it. The report's files are made once per format and language
and shared by the tests that only read them."""

import pytest
from django.db import transaction

from skolekvalitet.demo import build_demo
from skolekvalitet.knowledge import store
from skolekvalitet.knowledge.models import Indicator, Observation
from skolekvalitet.organisations.models import Owner, School, SchoolYear
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.reporting.tasks import render_report

# A suppressed figure's value, which must never appear anywhere; far outside what any demo figure
# can be (a national-test score of 987), so that no real figure prints as it.
PLANTED = 987.654


@pytest.fixture(scope="package")
def built_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        owner = Owner.objects.get(slug="demo")
        year = SchoolYear.objects.order_by("-code").first()
        school = School.objects.get(name="Granhaug skule")
        indicator = Indicator.objects.get(code="nt5_reading", owner=None)
        figures = list(
            Observation.objects.filter(
                school=school, indicator=indicator, school_year=year, grade=5
            )
        )
        for figure in figures:
            figure.value, figure.suppressed = PLANTED, True
        store.write(None, owner, figures)  # published again at once (the immediate backend)
        yield owner, school, indicator, year
        transaction.set_rollback(True)


@pytest.fixture
def demo(built_demo, db):
    """(owner, this year's draft report, the school and indicator with the planted figure,
    the school year)."""
    owner, school, indicator, year = built_demo
    report = StatusReport.objects.get(owner=owner, school_year=year)
    return owner, report, school, indicator, year


@pytest.fixture
def report(demo):
    return demo[1]


@pytest.fixture(scope="package")
def _files():
    return {}


@pytest.fixture
def output(demo, _files):
    """output(fmt, language): the unchanged draft report as pdf, docx or html, made once."""

    def made(fmt: str, language: str) -> bytes:
        if (fmt, language) not in _files:
            _files[fmt, language] = render_report(demo[1], fmt, language)
        return _files[fmt, language]

    return made

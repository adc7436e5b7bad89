import pytest
from django.contrib.auth import authenticate

from skolekvalitet.demo import build_demo
from skolekvalitet.organisations.checks import check_no_demo_accounts, refuse_demo_accounts
from skolekvalitet.organisations.models import Enrolment, Membership, Owner, Person, School
from skolekvalitet.organisations.roles import Role


def _counts():
    return [m.objects.count() for m in (Owner, School, Person, Membership, Enrolment)]


def test_it_builds_the_demo_owner_idempotently(db):
    build_demo()
    first = _counts()
    build_demo()
    assert _counts() == first
    owner = Owner.objects.get(slug="demo")
    schools = list(owner.schools.all())
    assert len(schools) == 8
    sizes = {
        s.name: sum(e.pupils for e in s.enrolments.filter(school_year__code="2026-27"))
        for s in schools
    }
    assert sum(15 <= n <= 60 for n in sizes.values()) >= 3
    assert sum(200 <= n <= 350 for n in sizes.values()) >= 2
    assert {(s.first_grade, s.last_grade) for s in schools} >= {(1, 7), (1, 10), (8, 10)}
    roles = set(Membership.objects.filter(owner=owner).values_list("role", flat=True))
    assert roles == set(Role)
    assert authenticate(username="admin@demo.example", password="demo") is not None
    assert not Person.objects.filter(name__icontains="elev ").exists()


def test_it_refuses_demo_accounts_in_production(db, settings):
    build_demo()
    settings.ALLOW_DEMO_ACCOUNTS = False
    with pytest.raises(SystemExit):
        refuse_demo_accounts()
    assert check_no_demo_accounts()[0].id == "skolekvalitet.E001"
    settings.ALLOW_DEMO_ACCOUNTS = True
    refuse_demo_accounts()

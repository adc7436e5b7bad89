"""Figures for the API and open-data tests: shown ones, and a planted value that must never be
given out (hidden by the source, with a telltale n; and one for too few pupils)."""

import pytest
from django.core.cache import cache

from skolekvalitet.api import actions
from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.models import Area, Indicator, Observation
from skolekvalitet.organisations.schoolyears import school_year_starting

PLANTED = 77.77
PLANTED_N = 4321
TOO_FEW = 66.66
OTHER = 12.34


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def figures(world):
    sync_catalogue()
    reading = Indicator.objects.get(code="nt5_reading", owner=None)
    nation, _ = Area.objects.get_or_create(kind="nation", code="0", defaults={"name": "Landet"})
    year = school_year_starting(2025)

    def add(school=None, area=None, value=50.0, n=40, suppressed=False, subgroup="all", **kw):
        return Observation.objects.create(
            indicator=kw.get("indicator", reading),
            school=school,
            area=area,
            owner=world.owner if area else None,
            school_year=year,
            grade=5,
            subgroup=subgroup,
            value=value,
            n=n,
            uncertainty=2.0,
            uncertainty_kind="udir",
            suppressed=suppressed,
        )

    add(area=nation, value=50.0, n=56000)
    add(school=world.school_a, value=44.5, n=40)
    add(school=world.school_a, value=PLANTED, n=PLANTED_N, suppressed=True, subgroup="girls")
    add(school=world.school_a, value=TOO_FEW, n=3, subgroup="boys")
    add(school=world.school_b, value=55.5, n=30)
    add(school=world.other_school, value=OTHER, n=30)
    return {"year": year, "reading": reading}


@pytest.fixture
def token(world):
    def make(owner=None, scopes=("figures:read", "plans:read", "reports:read")):
        owner = owner or world.owner
        admin = world.admin if owner == world.owner else world.outsider
        return actions.create_token(admin, owner, "Dashboard", list(scopes))[1]

    return make


@pytest.fixture
def api(client):
    def get(path: str, secret: str | None = None):
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        return client.get(f"/api/v1{path}", headers=headers)

    return get

"""The persona base: an owner administrator, a principal and a teacher of school A, a principal of
school B of the same owner, an administrator of another owner, and anonymous visitors."""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from skolekvalitet.organisations.models import Membership, Owner, Person, School
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.organisations.validators import org_number_check_digit

# Property tests check what holds, never how fast: no deadline, so a busy machine cannot fail one.
hypothesis_settings.register_profile("skolekvalitet", deadline=None)
hypothesis_settings.load_profile("skolekvalitet")

PASSWORD = "correct horse battery"


def make_org_number(seed: int) -> str:
    base = 910_000_00 + seed * 13
    while (check := org_number_check_digit(str(base))) is None:
        base += 1
    return f"{base}{check}"


@dataclass
class World:
    owner: Owner
    other_owner: Owner
    school_a: School
    school_b: School
    other_school: School
    admin: Person
    principal_a: Person
    teacher_a: Person
    principal_b: Person
    outsider: Person

    def persona(self, name: str) -> Person | None:
        return None if name == "anonymous" else getattr(self, name)


def _person(email: str, name: str) -> Person:
    return Person.objects.create_user(email, PASSWORD, name=name)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """A run with a test marked `worker_process` keeps its SQLite test database in a file, so the
    worker process that such a test starts can open it (Django's default is in memory)."""
    from django.conf import settings

    marked = any(item.get_closest_marker("worker_process") for item in request.session.items)
    db = settings.DATABASES["default"]
    if marked and db["ENGINE"].endswith("sqlite3"):
        shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # memory-backed: fast
        with tempfile.TemporaryDirectory(prefix="skolekvalitet-test-", dir=shm) as folder:
            db.setdefault("TEST", {})["NAME"] = str(Path(folder) / "test.sqlite3")
            yield
            return
    yield


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    # Tasks run in-process in tests; tests/ops starts a real worker where that is the point.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = str(tmp_path / "files")  # generated reports and uploads
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db) -> World:
    current_school_year()
    owner = Owner.objects.create(
        slug="fjordvik",
        name="Fjordvik kommune",
        kind=Owner.Kind.MUNICIPALITY,
        municipality_number="4699",
    )
    other = Owner.objects.create(
        slug="utanby",
        name="Utanby kommune SECRETOWNER",
        kind=Owner.Kind.MUNICIPALITY,
        municipality_number="4698",
        default_language="nn",
    )
    a = School.objects.create(
        owner=owner,
        name="Alfheim skule",
        org_number=make_org_number(1),
        first_grade=1,
        last_grade=7,
    )
    b = School.objects.create(
        owner=owner,
        name="Bakkeli SECRETB skule",
        org_number=make_org_number(2),
        first_grade=8,
        last_grade=10,
    )
    x = School.objects.create(
        owner=other,
        name="Ytre SECRETOTHER skule",
        org_number=make_org_number(3),
        first_grade=1,
        last_grade=10,
    )
    w = World(
        owner,
        other,
        a,
        b,
        x,
        admin=_person("admin@fjordvik.example", "Ada Admin"),
        principal_a=_person("rektor.a@fjordvik.example", "Rita Rektor"),
        teacher_a=_person("laerar.a@fjordvik.example", "Lars Lærar"),
        principal_b=_person("rektor.b@fjordvik.example", "Bodil SECRETBPERSON"),
        outsider=_person("admin@utanby.example", "Otto SECRETOUTSIDER"),
    )
    Membership.objects.create(person=w.admin, owner=owner, role=Role.OWNER_ADMIN)
    Membership.objects.create(person=w.principal_a, owner=owner, school=a, role=Role.PRINCIPAL)
    Membership.objects.create(person=w.teacher_a, owner=owner, school=a, role=Role.TEACHER)
    Membership.objects.create(person=w.principal_b, owner=owner, school=b, role=Role.PRINCIPAL)
    Membership.objects.create(person=w.outsider, owner=other, role=Role.OWNER_ADMIN)
    return w


@pytest.fixture
def login(client, settings):
    """Log the client in as a persona. Pages come in English unless `language` says otherwise
    (None: no choice made, so the owner's default language applies)."""

    def as_(person: Person | None, language: str | None = "en"):
        client.logout()
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if person is not None:
            client.force_login(person)
        return client

    return as_


@pytest.fixture(scope="session", autouse=True)
def _cache_in_memory():
    """Tests keep the cache in their own process, never in a folder another run may share."""
    from django.test import override_settings

    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=memory):
        yield


@pytest.fixture(autouse=True)
def _empty_cache(_cache_in_memory):
    """Each test starts with an empty cache: rolled-back rows can come back with the same keys,
    so a page part cached by an earlier test must never be read by a later one."""
    from django.core.cache import cache

    cache.clear()
    yield

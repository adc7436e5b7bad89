"""The demo owner «Demo herad» with its schools, pupils per grade and people: a deterministic
generator (fixed seed) modelled on Kvam (seed 002). Everything here is synthetic."""

import random

from django.contrib.auth.hashers import make_password

from skolekvalitet.organisations.models import Enrolment, Membership, Owner, Person, School
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year, school_year_starting

from . import DOMAIN, PASSWORD, SCHOOLS, SLUG, YEARS_BACK, Login, org_number

FIRST = [
    "Kari",
    "Ola",
    "Ingrid",
    "Lars",
    "Siri",
    "Jon",
    "Marit",
    "Per",
    "Astrid",
    "Nils",
    "Solveig",
    "Arne",
    "Liv",
    "Knut",
    "Guro",
    "Eirik",
    "Ragnhild",
    "Håkon",
    "Tone",
    "Sverre",
]
LAST = [
    "Nordheim",
    "Haugland",
    "Berge",
    "Tveit",
    "Lid",
    "Øydvin",
    "Steinsland",
    "Vikøy",
    "Aksnes",
    "Mæland",
    "Fosse",
    "Hjelmeland",
    "Kvåle",
    "Bru",
    "Skeie",
    "Tolo",
]


def _person(email: str, name: str, password_hash: str) -> Person:
    person, _ = Person.objects.update_or_create(
        email=email, defaults={"name": name, "is_demo": True, "password": password_hash}
    )
    return person


def _grant(person: Person, owner: Owner, role: str, school: School | None = None) -> None:
    Membership.objects.get_or_create(person=person, owner=owner, school=school, role=role)


def _pupils_per_grade(rng: random.Random, school: School, total: int) -> list[int]:
    grades = len(school.grades)
    return [
        max(1, round(rng.gauss(total / grades, max(1.0, total / grades * 0.15))))
        for _ in school.grades
    ]


def build(rng: random.Random) -> tuple[Owner, list[Login]]:
    password_hash = make_password(PASSWORD)
    names = iter(rng.sample([f"{f} {last}" for f in FIRST for last in LAST], 200))
    owner, _ = Owner.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Demo herad",
            "kind": Owner.Kind.MUNICIPALITY,
            "municipality_number": "4699",
            "default_language": "nn",
        },
    )
    logins = [Login(Role.OWNER_ADMIN.label, f"admin@{DOMAIN}", owner.name)]
    _grant(_person(f"admin@{DOMAIN}", next(names), password_hash), owner, Role.OWNER_ADMIN)
    _grant(_person(f"politikar@{DOMAIN}", next(names), password_hash), owner, Role.POLITICIAN)
    logins.append(Login(Role.POLITICIAN.label, f"politikar@{DOMAIN}", owner.name))
    _grant(_person(f"tillitsvald@{DOMAIN}", next(names), password_hash), owner, Role.UNION_REP)

    current = current_school_year()
    years = [school_year_starting(current.start_year - k) for k in range(YEARS_BACK - 1, -1, -1)]
    for index, (name, key, first, last, size) in enumerate(SCHOOLS):
        school, _ = School.objects.update_or_create(
            owner=owner,
            org_number=org_number(index),
            defaults={"name": name, "first_grade": first, "last_grade": last},
        )
        for year in years:
            counts = _pupils_per_grade(rng, school, size)
            for grade, pupils in zip(school.grades, counts, strict=True):
                Enrolment.objects.update_or_create(
                    school=school, school_year=year, grade=grade, defaults={"pupils": pupils}
                )
        staff = [
            ("rektor", Role.PRINCIPAL, 1),
            ("inspektor", Role.SCHOOL_LEADER, 1 if size > 100 else 0),
            ("laerar", Role.TEACHER, 2 + size // 100),
            ("tillitsvald", Role.UNION_REP, 1),
            ("verneombod", Role.UNION_REP, 1),
        ]
        for prefix, role, count in staff:
            for n in range(1, count + 1):
                email = f"{prefix}{n if count > 1 else ''}.{key}@{DOMAIN}"
                _grant(_person(email, next(names), password_hash), owner, role, school)
                if index in (0, 5) and n == 1 and role in (Role.PRINCIPAL, Role.TEACHER):
                    logins.append(Login(role.label, email, name))
        # Councils have shared accounts named after the council: we store no pupil names.
        _grant(
            _person(f"elevrad.{key}@{DOMAIN}", f"Elevrådet, {name}", password_hash),
            owner,
            Role.PUPIL_REP,
            school,
        )
        _grant(
            _person(f"fau.{key}@{DOMAIN}", f"FAU, {name}", password_hash),
            owner,
            Role.PARENT_REP,
            school,
        )
    return owner, logins

"""Page times for owners of 8, 40 and 200 schools × several years of every catalogue indicator:
the owner overview, a principal's data sheet and the explorer, through Django's test client
(in-process: server time without the network and gunicorn), p50/p95 per page × owner size; then
the publishing time after one national import for the largest owner.

    createdb -h 127.0.0.1 -U postgres bench_pages
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages \
        .venv/bin/python bench/pages.py [--sizes 8 40 200 --years 10 --requests 15]

The database must be empty (it is migrated here). Runs on code without the published store too
(the "before" of issue 15), where publishing is not measured.
"""

import argparse
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from _setup import django_on_fresh_database


def owner_with_figures(size: int, years: list, seed: int):
    """An owner of `size` schools with every national indicator for each year (random group
    sizes, some below the threshold) and its comparison figures; a principal of its first school
    and an administrator."""
    from skolekvalitet.demo import org_number
    from skolekvalitet.knowledge.models import Area, Indicator, Observation
    from skolekvalitet.organisations.models import Membership, Owner, Person, School
    from skolekvalitet.organisations.roles import Role

    rng = random.Random(seed)
    number = f"46{size:02d}"[:4]
    owner = Owner.objects.create(
        slug=f"bench{size}", name=f"Storby {size}", kind="municipality", municipality_number=number
    )
    schools = School.objects.bulk_create(
        School(
            owner=owner,
            name=f"Skule {i:03d}",
            org_number=org_number(seed * 1000 + i),
            first_grade=1,
            last_grade=10,
        )
        for i in range(size)
    )
    areas = [
        Area.objects.get_or_create(kind="nation", code="0", defaults={"name": "Hele landet"})[0],
        Area.objects.get_or_create(kind="county", code="46", defaults={"name": "Vestland"})[0],
        Area.objects.get_or_create(kind="municipality", code=number, defaults={"name": "S"})[0],
    ]
    rows = []
    for ind in Indicator.objects.filter(owner=None):
        grade = ind.grades[0] if ind.grades and not ind.code.startswith("sbi_") else 0
        for year in years:
            for area in areas:
                rows.append(
                    Observation(
                        indicator=ind,
                        area=area,
                        owner=owner,
                        school_year=year,
                        grade=grade,
                        value=50.0,
                        n=5000,
                        uncertainty=0.2,
                        uncertainty_kind="udir",
                    )
                )
            for school in schools:
                for subgroup in ("all", "girls", "boys") if ind.code.startswith("nt") else ("all",):
                    n = rng.randint(4, 80) // (1 if subgroup == "all" else 2)
                    rows.append(
                        Observation(
                            indicator=ind,
                            school=school,
                            school_year=year,
                            grade=grade,
                            subgroup=subgroup,
                            value=rng.gauss(50, 5),
                            n=n,
                            uncertainty=19.6 / max(n, 1) ** 0.5,
                            uncertainty_kind="udir",
                            suppressed=n < 10,
                        )
                    )
    _write(owner, rows)
    admin = Person.objects.create_user(f"admin{size}@bench.example", "x", name="Admin")
    principal = Person.objects.create_user(f"rektor{size}@bench.example", "x", name="Rektor")
    Membership.objects.create(person=admin, owner=owner, role=Role.OWNER_ADMIN)
    Membership.objects.create(person=principal, owner=owner, school=schools[0], role=Role.PRINCIPAL)
    return owner, schools, admin, principal, len(rows)


def _write(owner, rows) -> None:
    """Through the knowledge base's one write path where there is one (then published)."""
    try:
        from skolekvalitet.knowledge import store
    except ImportError:
        from skolekvalitet.knowledge.models import Observation

        Observation.objects.bulk_create(rows, batch_size=5000)
        return
    store.write(None, owner, rows, publish=False)
    store.publishing.publish(owner)


def percentile(times: list[float], p: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 40, 200])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=15)
    args = parser.parse_args()
    django_on_fresh_database()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from skolekvalitet.organisations.schoolyears import school_year_starting

    settings.ALLOWED_HOSTS = ["*"]
    years = [school_year_starting(y) for y in range(2026 - args.years, 2026)]
    print(f"Django test client, {connection.vendor}, {args.years} years, {args.requests} requests")
    print(f"{'page':<12} {'schools':>7} {'figures':>8} {'p50 ms':>8} {'p95 ms':>8} {'KB':>6}")
    largest = None
    for seed, size in enumerate(args.sizes, 1):
        owner, schools, admin, principal, count = owner_with_figures(size, years, seed)
        largest = (owner, schools)
        pages = [
            ("overview", admin, reverse("overview", args=[owner.slug])),
            ("data sheet", principal, reverse("data_sheet", args=[owner.slug, schools[0].pk])),
            ("explorer", admin, reverse("explorer", args=[owner.slug]) + "?show=nt5_reading.5"),
        ]
        for name, person, url in pages:
            client = Client()
            client.force_login(person)
            response = client.get(url, secure=True)  # warm-up
            assert response.status_code == 200, (url, response.status_code)
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                client.get(url, secure=True)
                times.append(time.perf_counter() - start)
            print(
                f"{name:<12} {size:>7} {count:>8} {statistics.median(times) * 1000:>8.0f} "
                f"{percentile(times, 0.95) * 1000:>8.0f} {len(response.content) // 1024:>6}"
            )
    _publishing(*largest, years)


def _publishing(owner, schools, years) -> None:
    """One national import: a new year of one national test for every school of the owner."""
    try:
        from skolekvalitet.knowledge import store
    except ImportError:
        print("publishing: no published store in this version")
        return
    from skolekvalitet.knowledge.models import Indicator, Observation

    reading = Indicator.objects.get(code="nt5_reading", owner=None)
    rng = random.Random(9)
    rows = [
        Observation(
            indicator=reading,
            school=school,
            school_year=years[-1],
            grade=5,
            subgroup="all",
            value=rng.gauss(50, 5),
            n=rng.randint(4, 80),
            uncertainty=2.0,
            uncertainty_kind="udir",
        )
        for school in schools
    ]
    start = time.perf_counter()
    changed = store.write(None, owner, rows, publish=False)
    written = time.perf_counter()
    try:  # the indicator the import touched, as store.write asks for it
        store.publishing.publish(owner, [reading.pk])
    except TypeError:  # before publishing per indicator: the whole owner
        store.publishing.publish(owner)
    done = time.perf_counter()
    print(
        f"import of {changed.changed} figures for {len(schools)} schools: write "
        f"{written - start:.2f} s, publishing {done - written:.2f} s"
    )


if __name__ == "__main__":
    main()

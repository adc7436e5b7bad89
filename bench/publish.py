"""Publishing time for owners of 8, 40 and 200 schools × 10 years of every national indicator:
the first publication of all their figures, then one national import (a new year of one
national test for every school) written through the one write path and published as the product
does (the task runs in-process here), then the same import again (nothing changes). Goal: the
import published in ≤ 10 s for 200 schools.

    createdb -h 127.0.0.1 -U postgres bench_publish
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_publish \
        .venv/bin/python bench/publish.py [--sizes 8 40 200 --years 10 --profile]

The database must be empty (it is migrated here). --profile prints where the largest owner's
import publication spends its time (cProfile, cumulative).
"""

import argparse
import cProfile
import os
import pstats
import random
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
from _setup import django_on_fresh_database

COPIED = ("indicator", "school", "school_year", "grade", "subgroup", "value", "n")
COPIED += ("uncertainty", "uncertainty_kind")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 40, 200])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    django_on_fresh_database()
    from django.db import connection
    from pages import owner_with_figures

    from skolekvalitet.knowledge import publishing, store
    from skolekvalitet.knowledge.models import Indicator, Observation, PublishedFigure
    from skolekvalitet.organisations.schoolyears import school_year_starting

    timings: list[float] = []
    publish = publishing.publish

    def timed(*a, **kw):
        start = time.perf_counter()
        try:
            return publish(*a, **kw)
        finally:
            timings.append(time.perf_counter() - start)

    publishing.publish = timed
    years = [school_year_starting(y) for y in range(2026 - args.years, 2026)]
    reading = Indicator.objects.get(code="nt5_reading", owner=None)
    print(f"{connection.vendor}, {args.years} years; seconds")
    print(f"{'schools':>7} {'figures':>9} {'first':>7} {'import':>7} {'publish':>8} {'again':>6}")
    for seed, size in enumerate(args.sizes, 1):
        timings.clear()
        owner, schools, _admin, _principal, _count = owner_with_figures(size, years, seed)
        first = sum(timings)
        figures = PublishedFigure.objects.filter(owner=owner).count()
        rng = random.Random(seed)
        rows = [
            Observation(
                indicator=reading,
                school=school,
                school_year=years[-1],
                grade=5,
                subgroup="all",
                value=float(round(rng.gauss(50, 5))),
                n=rng.randint(4, 80),
                uncertainty=2.0,
                uncertainty_kind="udir",
            )
            for school in schools
        ]
        timings.clear()
        profile = cProfile.Profile() if args.profile and size == max(args.sizes) else None
        start = time.perf_counter()
        if profile:
            profile.enable()
        store.write(None, owner, rows)
        if profile:
            profile.disable()
        imported = time.perf_counter() - start
        published = sum(timings)
        again = [Observation(**{f: getattr(o, f) for f in COPIED}) for o in rows]
        start = time.perf_counter()
        store.write(None, owner, again)
        repeat = time.perf_counter() - start
        times = f"{first:>7.2f} {imported:>7.2f} {published:>8.2f} {repeat:>6.2f}"
        print(f"{size:>7} {figures:>9} {times}")
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()

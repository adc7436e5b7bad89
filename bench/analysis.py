"""Time to build the owner overview, the follow-up analysis and every school's data sheet for an
owner with 200 schools and 10 years of every catalogue indicator (goal: ≤ 2 s for all analysis,
rendering excluded).

    .venv/bin/python bench/analysis.py [--schools 200 --years 10 --repeat 5 --profile]

The goal is judged on the median run (the machine's timings vary by 10–30 % between runs). On
PostgreSQL: DATABASE_URL=postgres://…/<an empty database> .venv/bin/python bench/analysis.py
"""

import argparse
import statistics
import time

from _setup import django_on_fresh_database, owner_with_figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs; the best and the median are printed"
    )
    args = parser.parse_args()
    django_on_fresh_database()
    from django.db import connection

    from skolekvalitet.analysis.sheet import analyse_school, overview, school_sheet
    from skolekvalitet.knowledge.chain import Chain
    from skolekvalitet.organisations.models import School
    from skolekvalitet.stats.flags import Rules

    owner, _years, count = owner_with_figures(args.schools, range(2026 - args.years, 2026), 1, 100)
    print(
        f"{args.schools} schools, {args.years} years: {count:,} observations ({connection.vendor})"
    )
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    totals = []
    for _run in range(args.repeat):
        start = time.perf_counter()
        chain = Chain(owner, School.objects.filter(owner=owner))
        loaded = time.perf_counter()
        overview(chain)
        shown = time.perf_counter()
        for school in chain.schools.values():
            analyse_school(chain, school, Rules())
        analysed = time.perf_counter()
        for school in chain.schools.values():
            school_sheet(chain, school, staff_results=True)
        done = time.perf_counter()
        totals.append(done - start)
        del chain  # each run starts from an empty cache, as a page request does
        print(
            f"load + suppress: {loaded - start:.2f} s; overview: {shown - loaded:.2f} s; "
            f"follow-up + profiles: {analysed - shown:.2f} s; all data sheets: "
            f"{done - analysed:.2f} s; total {done - start:.2f} s"
        )
    if args.profile:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    best, median = min(totals), statistics.median(totals)
    verdict = "met" if median <= 2 else "NOT met"
    print(
        f"total analysis: best {best:.2f} s, median {median:.2f} s = {median / 2:.2f} × the goal "
        f"(≤ 2 s: {verdict})"
    )
    # One principal's page: one school, yet suppression weighs the owner's other schools too.
    school = School.objects.filter(owner=owner).first()
    pages = []
    for _run in range(args.repeat):
        start = time.perf_counter()
        school_sheet(Chain(owner, [school]), school, staff_results=True)
        pages.append(time.perf_counter() - start)
    print(
        "one school's data sheet (a page, rendering excluded): "
        f"median {statistics.median(pages):.2f} s"
    )


if __name__ == "__main__":
    main()

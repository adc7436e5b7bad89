"""Time to build the owner overview, the follow-up analysis and every school's data sheet for an
owner with 200 schools and 10 years of every catalogue indicator (goal: ≤ 2 s for all analysis,
rendering excluded).

    .venv/bin/python bench/analysis.py [--schools 200 --years 10]
"""

import argparse
import os
import random
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skolekvalitet.site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from skolekvalitet.analysis.sheet import analyse_school, overview, school_sheet
    from skolekvalitet.knowledge.chain import Chain
    from skolekvalitet.knowledge.models import Area, Indicator, Observation
    from skolekvalitet.organisations.demo import org_number
    from skolekvalitet.organisations.models import Owner, School
    from skolekvalitet.organisations.schoolyears import school_year_starting
    from skolekvalitet.stats.flags import Rules

    rng = random.Random(1)
    owner = Owner.objects.create(
        slug="big", name="Storby", kind="municipality", municipality_number="4601"
    )
    schools = School.objects.bulk_create(
        [
            School(
                owner=owner,
                name=f"Skule {i:03d}",
                org_number=org_number(100 + i),
                first_grade=1,
                last_grade=10,
            )
            for i in range(args.schools)
        ]
    )
    years = [school_year_starting(y) for y in range(2026 - args.years, 2026)]
    areas = [
        Area.objects.create(kind="nation", code="0", name="Hele landet"),
        Area.objects.create(kind="county", code="46", name="Vestland"),
        Area.objects.create(kind="municipality", code="4601", name="Storby"),
    ]
    indicators = list(Indicator.objects.filter(owner=None))
    rows = []
    for ind in indicators:
        grades = ind.grades[:1] or [0]
        for year in years:
            for grade in grades:
                for area in areas:
                    rows.append(
                        Observation(
                            indicator=ind,
                            area=area,
                            school_year=year,
                            grade=grade,
                            value=50.0,
                            n=5000,
                            uncertainty=0.2,
                            uncertainty_kind="udir",
                        )
                    )
                for school in schools:
                    n = rng.randint(4, 80)
                    rows.append(
                        Observation(
                            indicator=ind,
                            school=school,
                            school_year=year,
                            grade=grade,
                            value=rng.gauss(50, 5),
                            n=n,
                            uncertainty=19.6 / n**0.5,
                            uncertainty_kind="udir",
                            suppressed=n < 10,
                        )
                    )
    Observation.objects.bulk_create(rows, batch_size=5000)
    print(
        f"{len(schools)} schools, {len(years)} years, {len(indicators)} indicators: "
        f"{len(rows):,} observations ({django.db.connection.vendor})"
    )
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    chain = Chain(owner, School.objects.filter(owner=owner))
    loaded = time.perf_counter()
    overview(chain)
    shown = time.perf_counter()
    for school in chain.schools.values():
        analyse_school(chain, school, Rules())
    analysed = time.perf_counter()
    for school in chain.schools.values():
        school_sheet(chain, school)
    done = time.perf_counter()
    if args.profile:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    print(
        f"load + suppress: {loaded - start:.2f} s; overview: {shown - loaded:.2f} s; "
        f"follow-up + profiles: {analysed - shown:.2f} s; all data sheets: "
        f"{done - analysed:.2f} s"
    )
    total = done - start
    print(f"total analysis: {total:.2f} s (goal ≤ 2 s: {'met' if total <= 2 else 'NOT met'})")


if __name__ == "__main__":
    main()

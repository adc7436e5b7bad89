"""Time to generate the status report for an owner with 40 schools (goals: PDF ≤ 15 s,
DOCX ≤ 5 s), five years of every catalogue indicator.

    .venv/bin/python bench/report.py [--schools 40]
"""

import argparse
import os
import random
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=40)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skolekvalitet.site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from skolekvalitet.knowledge.models import Area, Indicator, Observation
    from skolekvalitet.organisations.demo import org_number
    from skolekvalitet.organisations.models import Owner, School
    from skolekvalitet.organisations.schoolyears import school_year_starting
    from skolekvalitet.reporting.models import Narrative, StatusReport
    from skolekvalitet.reporting.tasks import render_report

    rng = random.Random(2)
    owner = Owner.objects.create(slug="bench", name="Storby", kind="municipality",
                                 municipality_number="4601")
    schools = School.objects.bulk_create([
        School(owner=owner, name=f"Skule {i:02d}", org_number=org_number(300 + i),
               first_grade=1, last_grade=10) for i in range(args.schools)])
    years = [school_year_starting(y) for y in range(2022, 2027)]
    areas = [Area.objects.create(kind="nation", code="0", name="Hele landet"),
             Area.objects.create(kind="municipality", code="4601", name="Storby")]
    rows = []
    for ind in Indicator.objects.filter(owner=None):
        grade = ind.grades[0] if ind.grades and not ind.code.startswith("sbi_") else 0
        for year in years:
            for area in areas:
                rows.append(Observation(indicator=ind, area=area, school_year=year, grade=grade,
                                        value=50.0, n=5000, uncertainty=0.2,
                                        uncertainty_kind="udir"))
            for school in schools:
                n = rng.randint(8, 90)
                rows.append(Observation(indicator=ind, school=school, school_year=year,
                                        grade=grade, value=rng.gauss(50, 5), n=n,
                                        uncertainty=19.6 / n ** 0.5, uncertainty_kind="udir"))
    Observation.objects.bulk_create(rows, batch_size=5000)
    report = StatusReport.objects.create(owner=owner, school_year=years[-1], language="nb")
    for key in ("summary", "assessment", "measures"):
        Narrative.objects.create(report=report, key=key, html="<p>Tekst.</p>")
    print(f"{args.schools} schools, {len(rows):,} observations")
    for fmt, goal in (("pdf", 15.0), ("docx", 5.0), ("html", None)):
        start = time.perf_counter()
        data = render_report(report, fmt, "nb")
        seconds = time.perf_counter() - start
        verdict = "" if goal is None else f" (goal ≤ {goal:g} s: {'met' if seconds <= goal else 'NOT met'})"
        print(f"{fmt}: {seconds:.2f} s, {len(data) / 1024:.0f} KiB{verdict}")


if __name__ == "__main__":
    main()

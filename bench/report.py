"""Time to generate the status report for an owner with 40 schools (goals: PDF ≤ 15 s,
DOCX ≤ 5 s), five years of every catalogue indicator.

    .venv/bin/python bench/report.py [--schools 40]
"""

import argparse
import time

from _setup import django_on_fresh_database, owner_with_figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=40)
    args = parser.parse_args()
    django_on_fresh_database()
    from skolekvalitet.reporting.models import Narrative, StatusReport
    from skolekvalitet.reporting.tasks import render_report

    owner, years, count = owner_with_figures(args.schools, range(2022, 2027), 2, 300)
    report = StatusReport.objects.create(owner=owner, school_year=years[-1], language="nb")
    for key in ("summary", "assessment", "measures"):
        Narrative.objects.create(report=report, key=key, html="<p>Tekst.</p>")
    print(f"{args.schools} schools, {count:,} observations")
    for fmt, goal in (("pdf", 15.0), ("docx", 5.0), ("html", None)):
        start = time.perf_counter()
        data = render_report(report, fmt, "nb")
        seconds = time.perf_counter() - start
        verdict = (
            ""
            if goal is None
            else (f" (goal ≤ {goal:g} s: {'met' if seconds <= goal else 'NOT met'})")
        )
        print(f"{fmt}: {seconds:.2f} s, {len(data) / 1024:.0f} KiB{verdict}")


if __name__ == "__main__":
    main()

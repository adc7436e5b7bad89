"""Time to build the status report of an owner with 40 schools as PDF (goal ≤ 15 s) and DOCX
(goal ≤ 5 s), and as HTML: five years of every catalogue indicator in every grade the report
shows, an assessment in every chapter. Each format is built `--repeat` times from the report
(the chain read, the document built, the file rendered); the median counts. Wall time is the
goal; the CPU time beside it shows how much of the wall time was other work on a busy machine.

    .venv/bin/python bench/report.py [--schools 40] [--repeat 3] [--profile pdf]
"""

import argparse
import statistics
import time

from _setup import django_on_fresh_database, owner_with_figures

GOALS = {"pdf": 15.0, "docx": 5.0, "html": None}


def _report(schools: int):
    from skolekvalitet.knowledge import publishing
    from skolekvalitet.reporting.build import DATA_CHAPTERS
    from skolekvalitet.reporting.models import NARRATIVES, Narrative, StatusReport

    grades: dict[str, set[int]] = {}
    for _chapter, indicators in DATA_CHAPTERS:
        for code, grade in indicators:
            grades.setdefault(code, set()).add(grade)
    owner, years, count = owner_with_figures(
        schools, range(2022, 2027), 2, 300, {c: tuple(sorted(g)) for c, g in grades.items()}
    )
    publishing.publish(owner)  # as an import does; not part of making the report
    report = StatusReport.objects.create(owner=owner, school_year=years[-1], language="nb")
    text = (
        '<p>Tekst med <strong>vekt</strong> og <a href="https://www.udir.no/">lenkje</a>.</p>'
        "<ul><li>Eitt</li><li>To</li></ul><ol><li>Først</li><li>Så</li></ol>"
    )
    Narrative.objects.bulk_create(
        Narrative(report=report, key=key, html=text) for key in NARRATIVES
    )
    return report, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", choices=sorted(GOALS), help="profile one run of a format")
    args = parser.parse_args()
    django_on_fresh_database()
    from skolekvalitet.reporting.tasks import render_report

    report, count = _report(args.schools)
    print(f"{args.schools} schools, {count:,} observations, median of {args.repeat}")
    if args.profile:
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            render_report(report, args.profile, "nb")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        return
    for fmt, goal in GOALS.items():
        walls, cpus = [], []
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            data = render_report(report, fmt, "nb")
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        seconds = statistics.median(walls)
        if fmt == "pdf":
            import io

            from pypdf import PdfReader

            print(f"pdf: {len(PdfReader(io.BytesIO(data)).pages)} pages")
        verdict = (
            ""
            if goal is None
            else f" (goal ≤ {goal:g} s: {'met' if seconds <= goal else 'NOT met'})"
        )
        print(
            f"{fmt}: {seconds:.2f} s (CPU {statistics.median(cpus):.2f} s), "
            f"{len(data) / 1024:.0f} KiB{verdict}"
        )


if __name__ == "__main__":
    main()

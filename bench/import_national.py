"""Time to import one national national-test file (Statistikkbanken export, ~2,500 units) into a
fresh database, and rows per second. Goal: ≤ 2 s.

    .venv/bin/python bench/import_national.py [FILE]
"""

import sys
import time
from pathlib import Path

from _setup import django_on_fresh_database

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "udir"
    / "2023-24_20260224-1157_Nasjonale_proever_5._trinn.csv"
)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.is_file():
        sys.exit(f"{path} not found: give a Statistikkbanken export")
    django_on_fresh_database()
    import django

    from skolekvalitet.knowledge.importing import apply_import, plan_import
    from skolekvalitet.organisations.models import Owner

    owner = Owner.objects.create(
        slug="bench", name="Bergen", kind="municipality", municipality_number="4601"
    )
    data = path.read_bytes()
    start = time.perf_counter()
    plan = plan_import(owner, data, path.name, create_missing_schools=True)
    planned = time.perf_counter()
    apply_import(None, plan)
    done = time.perf_counter()
    report = plan.report()
    total = done - start
    print(f"file: {path.name} ({len(data) / 1e6:.2f} MB, {report['rows_read']} rows)")
    print(f"database: {django.db.connection.vendor}")
    print(
        f"parse+plan: {planned - start:.3f} s, store: {done - planned:.3f} s, "
        f"total: {total:.3f} s (goal ≤ 2 s: {'met' if total <= 2 else 'NOT met'})"
    )
    print(
        f"rows/s: {report['rows_read'] / total:,.0f}; figures stored: "
        f"{report['observations_created']}; schools created: {report['schools_created']}"
    )
    start = time.perf_counter()
    again = plan_import(owner, data, path.name, create_missing_schools=True)
    apply_import(None, again)
    print(f"re-import (nothing changes): {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()

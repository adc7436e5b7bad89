"""Shared set-up for the benchmarks: Django on a fresh database, and synthetic figures."""

import os
import random
import tempfile
from itertools import product


def django_on_fresh_database() -> None:
    """Django set up on a new SQLite file (or the DATABASE_URL given), migrated."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skolekvalitet.site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def owner_with_figures(
    schools: int, years: range, seed: int, first_org: int, grades: dict[str, tuple] | None = None
):
    """An owner with `schools` 1–10 schools and every catalogue indicator for each year, with
    random group sizes (some below the threshold) and comparison figures. grades: the grades to
    fill for some indicator codes (else each indicator's first grade)."""
    from skolekvalitet.demo import org_number
    from skolekvalitet.knowledge.models import Area, Indicator, Observation
    from skolekvalitet.organisations.models import Owner, School
    from skolekvalitet.organisations.schoolyears import school_year_starting

    rng = random.Random(seed)
    owner = Owner.objects.create(
        slug="bench", name="Storby", kind="municipality", municipality_number="4601"
    )
    created = School.objects.bulk_create(
        [
            School(
                owner=owner,
                name=f"Skule {i:03d}",
                org_number=org_number(first_org + i),
                first_grade=1,
                last_grade=10,
            )
            for i in range(schools)
        ]
    )
    school_years = [school_year_starting(y) for y in years]
    areas = [
        Area.objects.create(kind="nation", code="0", name="Hele landet"),
        Area.objects.create(kind="county", code="46", name="Vestland"),
        Area.objects.create(kind="municipality", code="4601", name="Storby"),
    ]
    rows = []
    for ind in Indicator.objects.filter(owner=None):
        first = ind.grades[0] if ind.grades and not ind.code.startswith("sbi_") else 0
        for grade, year in product((grades or {}).get(ind.code, (first,)), school_years):
            for area in areas:
                rows.append(
                    Observation(
                        indicator=ind,
                        area=area,
                        owner=owner,  # each owner keeps its own comparison figures
                        school_year=year,
                        grade=grade,
                        value=50.0,
                        n=5000,
                        uncertainty=0.2,
                        uncertainty_kind="udir",
                    )
                )
            for school in created:
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
    return owner, school_years, len(rows)

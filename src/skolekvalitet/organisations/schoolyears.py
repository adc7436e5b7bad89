"""School years run from 1 August to 31 July."""

import datetime

from django.utils import timezone

from .models import SchoolYear


def school_year_code(day: datetime.date) -> str:
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def current_school_year(day: datetime.date | None = None) -> SchoolYear:
    code = school_year_code(day or timezone.localdate())
    return SchoolYear.objects.get_or_create(code=code)[0]

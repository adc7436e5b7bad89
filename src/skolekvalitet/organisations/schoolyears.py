"""School years run from 1 August to 31 July."""

import datetime

from django.utils import timezone

from .models import SchoolYear


def code_for(start: int) -> str:
    """2025 → "2025-26"."""
    return f"{start}-{(start + 1) % 100:02d}"


def school_year_code(day: datetime.date) -> str:
    return code_for(day.year if day.month >= 8 else day.year - 1)


def school_year_starting(start: int) -> SchoolYear:
    return SchoolYear.objects.get_or_create(code=code_for(start))[0]


def current_school_year(day: datetime.date | None = None) -> SchoolYear:
    code = school_year_code(day or timezone.localdate())
    return SchoolYear.objects.get_or_create(code=code)[0]

"""Validators for Norwegian identifiers and school years."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{2})$")


def org_number_check_digit(first_eight: str) -> int | None:
    """The mod-11 check digit of a Norwegian organisation number (None when no digit is valid)."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, ORG_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def is_valid_org_number(value: str) -> bool:
    return (
        len(value) == 9 and value.isdigit() and org_number_check_digit(value[:8]) == int(value[8])
    )


def validate_org_number(value: str) -> None:
    if not (len(value) == 9 and value.isdigit()):
        raise ValidationError(_("An organisation number has exactly 9 digits."), code="format")
    if not is_valid_org_number(value):
        raise ValidationError(
            _("%(value)s is not a valid organisation number: the check digit does not match."),
            code="checksum",
            params={"value": value},
        )


def validate_school_year(value: str) -> None:
    match = SCHOOL_YEAR_RE.match(value)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValidationError(
            _("Write the school year as two years, for example 2025-26."), code="school_year"
        )

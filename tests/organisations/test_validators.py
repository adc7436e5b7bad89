import pytest
from django.core.exceptions import ValidationError

from skolekvalitet.organisations.schoolyears import school_year_code
from skolekvalitet.organisations.validators import (
    is_valid_org_number,
    validate_org_number,
    validate_school_year,
)


@pytest.mark.parametrize("number", ["974760673", "964967636", "971524960"])
def test_it_accepts_real_organisation_numbers(number):
    assert is_valid_org_number(number)
    validate_org_number(number)


@pytest.mark.parametrize("number", ["974760674", "97476067", "9747606730", "97476067a"])
def test_it_refuses_bad_organisation_numbers(number):
    with pytest.raises(ValidationError):
        validate_org_number(number)


@pytest.mark.parametrize("code", ["2025-26", "1999-00"])
def test_it_accepts_school_years(code):
    validate_school_year(code)


@pytest.mark.parametrize("code", ["2025-27", "2025/26", "25-26", "2025-2026"])
def test_it_refuses_bad_school_years(code):
    with pytest.raises(ValidationError):
        validate_school_year(code)


def test_it_starts_the_school_year_in_august():
    import datetime

    assert school_year_code(datetime.date(2026, 7, 31)) == "2025-26"
    assert school_year_code(datetime.date(2026, 8, 1)) == "2026-27"

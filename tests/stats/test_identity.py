import polars as pl
import pytest

from skolekvalitet.stats.identity import (
    looks_like_national_id,
    looks_like_person_column,
    person_column_problem,
)
from skolekvalitet.stats.value_added import (
    ContributionError,
    fit_school_contribution,
    simulate_pupils,
)

PERSON_COLUMNS = [
    "elevnavn",
    "pupil_name",
    "fodselsnr",
    "fnr_elev",
    "Fødselsnummer",
    "FOEDSELSNUMMER",
    "fødsels-nr",
    "PersonNummer",
    "person nr",
    "SSN",
    "d-nummer",
    "D_nummer",
    "etternamn",
    "First Name",
    "pupilName",
    "navn",
    "pers.nr",
    "f.nr",
    "Fødselsdato",
    "personal_number",
    "Elev Navn",
]
HARMLESS_COLUMNS = ["pupil_id", "school_id", "cohort", "outcome", "prior", "gender", "unit_code"]
NATIONAL_IDS = ["01020312345", "010203-12345", "010203 12345", "p01020312345", "P-010203.12345"]
HARMLESS_VALUES = ["p0001", "974760673", "2025-26", "12345", "4,2", "Eksempel skule"]


@pytest.mark.parametrize("name", PERSON_COLUMNS)
def test_it_recognises_person_columns_in_any_spelling(name):
    assert looks_like_person_column(name)


@pytest.mark.parametrize("name", HARMLESS_COLUMNS)
def test_it_leaves_ordinary_columns(name):
    assert not looks_like_person_column(name)


@pytest.mark.parametrize("value", NATIONAL_IDS)
def test_it_recognises_national_identity_numbers(value):
    assert looks_like_national_id(value)


@pytest.mark.parametrize("value", HARMLESS_VALUES)
def test_it_leaves_ordinary_values(value):
    assert not looks_like_national_id(value)


def test_it_names_the_column_whose_values_look_like_a_person():
    assert "fnr_elev" in person_column_problem("fnr_elev", ["a"])
    assert "pupil_id" in person_column_problem("pupil_id", ["p1", "010203 12345"])
    assert "kode" in person_column_problem("kode", ["Ola Nordmann", "Kari Nordmann"])
    assert "kode" in person_column_problem("kode", ["NORDMANN, OLA"])
    assert "kode" in person_column_problem("kode", ["Kari-Anne Berg"])
    assert person_column_problem("school", ["Eksempel skule", "girl", "2025-26"]) is None
    assert person_column_problem("pupil_id", ["p1", "p2"]) is None


@pytest.mark.parametrize(
    "column,values",
    [
        ("elevnavn", None),
        ("fnr_elev", None),
        ("pupil_id", "010203-12345"),
        ("pupil_id", "p01020312345"),
        ("id", 1020312345),  # 010203 12345 read as a number
        ("kode", "Ola Nordmann"),
    ],
)
def test_the_estimator_refuses_data_that_identify_pupils(column, values):
    frame, _ = simulate_pupils(4, 40, 1)
    frame = frame.with_columns(pl.lit(values or "x").alias(column))
    with pytest.raises(ContributionError, match=column):
        fit_school_contribution(frame, stage="5-7", min_pupils=1)

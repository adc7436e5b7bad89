import pytest
from django.utils import translation

from skolekvalitet.organisations.validators import looks_like_person


@pytest.fixture(autouse=True)
def _in_english():
    """The reasons are read in English here, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "text",
    [
        "Sak 4 – Ola Nordmann 6B",
        "Sak 4 Kari",
        "elev: Hansen, 7A",
        "Per Hansen",
        "Liv Berg",
        "sak med Dag Solheim",
        "Anne-Lise",
    ],
)
def test_it_finds_names(text):
    assert "name" in looks_like_person(text)


@pytest.mark.parametrize(
    "text",
    ["01020312345", "010203 12345", "010203-12345", "p01020312345", "01.02.03 12345"],
)
def test_it_finds_identity_numbers(text):
    assert "identity number" in looks_like_person(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sak 4",
        "Sak 2024-03, 6B",
        "Per elev ble varselet fulgt opp",
        "Liv og helse",
        "Dag 1",
        "Tom mappe",
        "Stein i skoen",
        "Saken 12 ble meldt 12.03.25",
        "",
    ],
)
def test_it_lets_ordinary_text_pass(text):
    assert looks_like_person(text) is None


def test_it_finds_dates_only_when_asked():
    assert looks_like_person("Sak 12.03.14") is None
    assert "date" in looks_like_person("Sak 12.03.14", dates=True)

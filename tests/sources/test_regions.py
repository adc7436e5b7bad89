"""Old municipality and county numbers → today's (sources/data/regions.csv)."""

import pytest

from skolekvalitet.sources import regions


@pytest.mark.parametrize(
    ("old", "new", "relation"),
    [
        ("3005", "3301", "same"),  # Drammen, Viken → Buskerud (2024)
        ("3021", "3218", "same"),  # Ås, Viken → Akershus (2024)
        ("3001", "3101", "same"),  # Halden, Viken → Østfold (2024)
        ("3803", "3905", "same"),  # Tønsberg, Vestfold og Telemark → Vestfold (2024)
        ("3807", "4003", "same"),  # Skien → Telemark (2024)
        ("5401", "5501", "same"),  # Tromsø, Troms og Finnmark → Troms (2024)
        ("5403", "5601", "same"),  # Alta → Finnmark (2024)
        ("1238", "4622", "same"),  # Kvam, Hordaland → Vestland (2020)
        ("1201", "4601", "same"),  # Bergen (2020)
        ("0602", "3301", "merged"),  # Drammen 2019 → Drammen 3005 (with Nedre Eiker, Svelvik)
        ("0625", "3301", "merged"),  # Nedre Eiker
        ("1534", "1580", "same"),  # Haram: part of Ålesund 2020–23, its own again from 2024
        ("1507", "1508", "split"),  # Ålesund 2020–23 → Ålesund and Haram (2024)
        ("1850", "1806", "split"),  # Tysfjord → Narvik and Hamarøy (2020)
    ],
)
def test_it_maps_old_municipality_numbers(old, new, relation):
    assert regions.relation("municipality", old, new) == relation


def test_it_maps_counties_only_where_the_area_is_the_same():
    assert regions.relation("county", "30", "33") == "split"  # Viken is not Buskerud
    assert regions.relation("county", "12", "46") == "merged"  # Hordaland is part of Vestland
    assert regions.relation("county", "20", "56") == "same"  # Finnmark 2019 = Finnmark 2024
    assert regions.area_today("municipality", "3005", {("municipality", "3301")})[0] == "3301"
    assert regions.area_today("county", "30", {("county", "33")})[0] is None


def test_it_places_a_school_in_its_municipality_today():
    assert regions.municipality_in("3005", "3301") == "same"
    assert regions.municipality_in("3005", "33") == "same"
    assert regions.municipality_in("4622", "4622") == "same"
    assert regions.municipality_in("4601", "4622") is None
    assert regions.municipality_in("5012", "5059") == "split"  # Snillfjord → Orkland, in part


def test_every_changed_number_of_2024_is_covered():
    """All 51 Viken, 23 Vestfold og Telemark and 39 Troms og Finnmark municipalities."""
    for county, count in (("30", 51), ("38", 23), ("54", 39)):
        old = {
            c.old
            for (kind, code), changes in regions._changes().items()
            for c in changes
            if kind == "municipality" and code[:2] == county and c.until == "2023"
        }
        assert len(old) == count, county

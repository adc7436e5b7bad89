"""`skolekvalitet fetch` with a recorded API response (no network in tests)."""

from io import StringIO

import pytest
from django.core.management import call_command

from skolekvalitet.knowledge.management.commands.fetch import Command
from skolekvalitet.knowledge.models import Observation
from skolekvalitet.organisations.models import Owner, School
from skolekvalitet.sources.records import SourceError
from skolekvalitet.sources.udir_api import request_url
from tests.udir import udir_file


def test_it_builds_the_documented_request():
    url = request_url(155, ["974760673", "971524960"], ["2024-25", "2025-26"])
    assert url == (
        "https://api.statistikkbanken.udir.no/api/rest/v2/Eksport/155/data?filter="
        "EnhetNivaa(4)_Organisasjonsnummer(974760673_971524960)_TidID(202425_202526)"
        "&format=json"
    )
    with pytest.raises(SourceError):
        request_url(99, ["974760673"], ["2024-25"])


def test_it_stores_the_raw_response_before_importing(db, settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    owner = Owner.objects.create(slug="bergen", name="Bergen", kind="private")
    School.objects.create(
        owner=owner,
        name="Bergen private gymnas AS",
        org_number="974760673",
        first_grade=11,
        last_grade=13,
    )
    recorded = udir_file("elevundersokelsen_api/tabell_155.json")
    asked = []
    monkeypatch.setattr(Command, "opener", staticmethod(lambda url: asked.append(url) or recorded))
    call_command("fetch", owner="bergen", table=[155], year=["2025-26"], stdout=StringIO())
    assert "Organisasjonsnummer(974760673)" in asked[0]
    (saved,) = (tmp_path / "fetched" / "bergen").iterdir()
    assert saved.read_bytes() == recorded
    rates = dict(
        Observation.objects.filter(indicator__code="ps_participation", grade=11).values_list(
            "school_year__code", "value"
        )
    )
    assert rates["2021-22"] == 88.3 and rates["2025-26"] == 90.0

"""`skolekvalitet fetch` with a recorded API response (no network in tests)."""

import urllib.error
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.knowledge.management.commands.fetch import Command
from skolekvalitet.knowledge.models import Observation
from skolekvalitet.organisations.models import Membership, Owner, School
from skolekvalitet.organisations.roles import Role
from skolekvalitet.sources.records import SourceError
from skolekvalitet.sources.udir_api import layout_change, request_url
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
    (saved,) = (tmp_path / "fetched" / "bergen").glob("tabell_*.json")
    assert saved.read_bytes() == recorded
    rates = dict(
        Observation.objects.filter(indicator__code="ps_participation", grade=11).values_list(
            "school_year__code", "value"
        )
    )
    assert rates["2021-22"] == 88.3 and rates["2025-26"] == 90.0


RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> bytes:
    return (RECORDED / f"udir_api_{name}.json").read_bytes()


@pytest.fixture
def fjell(db, settings, tmp_path, world):
    settings.DATA_DIR = tmp_path
    owner = Owner.objects.create(slug="fjell", name="Fjell fylke", kind="county")
    School.objects.create(
        owner=owner,
        name="Fjell vidaregåande skule",
        org_number="974760673",
        first_grade=11,
        last_grade=13,
    )
    Membership.objects.create(person=world.admin, owner=owner, role=Role.OWNER_ADMIN)
    return owner


def run_fetch(monkeypatch, answers: dict[int, bytes], tables=(155,), **options):
    def opener(url: str) -> bytes:
        return answers[int(url.split("/Eksport/")[1].split("/")[0])]

    monkeypatch.setattr(Command, "opener", staticmethod(opener))
    out = StringIO()
    tables_given = [f"--table={t}" for t in tables]
    call_command("fetch", "--owner=fjell", *tables_given, "--year=2025-26", stdout=out, **options)
    return out.getvalue()


def participation(owner) -> dict:
    return dict(
        Observation.objects.filter(
            indicator__code="ps_participation", school__owner=owner, grade=11
        ).values_list("school_year__code", "value")
    )


def test_it_knows_the_recorded_layouts():
    for table in (154, 155):
        assert not layout_change(table, recorded(f"tabell_{table}").decode())
    change = layout_change(155, recorded("tabell_155_changed").decode())
    assert change.missing == {"AndelDeltatt"}
    assert change.unexpected == {"DeltakelseProsent", "Kjoenn"}
    assert change.unknown_values == {"Kjoenn": {"Totalt"}}
    assert layout_change(155, '{"rows": []}').message
    assert not layout_change(155, "[]")


def test_it_imports_and_keeps_the_last_good_answer(fjell, monkeypatch, tmp_path):
    out = run_fetch(monkeypatch, {155: recorded("tabell_155")})
    assert "3 new" in out  # the suppressed figure too
    assert participation(fjell) == {"2024-25": 91.2, "2025-26": 88.5}
    good = tmp_path / "fetched" / "fjell" / "last-good" / "tabell_155.json"
    assert good.read_bytes() == recorded("tabell_155")
    again = run_fetch(monkeypatch, {155: recorded("tabell_155")})
    assert "the same as the last good answer" in again


def test_a_changed_layout_imports_nothing_and_tells_the_owner(fjell, monkeypatch, tmp_path):
    run_fetch(monkeypatch, {155: recorded("tabell_155")})
    before = list(Observation.objects.values_list("pk", "value"))
    answers = {155: recorded("tabell_155_changed"), 154: recorded("tabell_154")}
    with pytest.raises(CommandError, match="DeltakelseProsent"):
        run_fetch(monkeypatch, answers, tables=(154, 155))
    # Nothing of the run is imported, not even the table whose layout is as expected.
    assert list(Observation.objects.values_list("pk", "value")) == before
    assert not Observation.objects.filter(indicator__code="ps_bullying").exists()
    fetched = tmp_path / "fetched" / "fjell"
    good = fetched / "last-good" / "tabell_155.json"
    assert good.read_bytes() == recorded("tabell_155")
    (refused,) = fetched.glob("tabell_155_*.refused.json")
    assert refused.read_bytes() == recorded("tabell_155_changed")
    (message,) = mail.outbox
    assert message.to == ["admin@fjordvik.example"]
    assert "AndelDeltatt" in message.body and "DeltakelseProsent" in message.body
    assert "Ingenting" in message.subject or "ingenting" in message.subject
    event = AuditEvent.objects.get(action="fetch_refused")
    assert event.owner == fjell and "DeltakelseProsent" in event.changes["155"][1]


def test_it_imports_nothing_when_udir_does_not_answer(fjell, monkeypatch):
    def down(url: str) -> bytes:
        raise urllib.error.URLError("connection refused")

    monkeypatch.setattr(Command, "opener", staticmethod(down))
    with pytest.raises(CommandError, match="155"):
        call_command("fetch", owner="fjell", table=[155], year=["2025-26"], stdout=StringIO())
    assert not Observation.objects.exists()

"""`skolekvalitet publish`: after an upgrade that changes how figures are hidden or compared,
every owner's published figures are worked out again, and only what changed is stored."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.models import Indicator, Observation
from skolekvalitet.knowledge.publishing import current
from skolekvalitet.organisations.schoolyears import school_year_starting


def _run(*args) -> str:
    out = StringIO()
    call_command("publish", *args, stdout=out)
    return out.getvalue()


def test_it_publishes_what_changed_and_then_nothing(world):
    sync_catalogue()
    Observation.objects.create(  # as an older version left it: written, never published
        indicator=Indicator.objects.get(code="nt5_reading", owner=None),
        school=world.school_a,
        school_year=school_year_starting(2025),
        grade=5,
        value=48.0,
        n=40,
        uncertainty=2.0,
        uncertainty_kind="udir",
    )
    assert current(world.owner) is None
    assert f"{world.owner.slug}: generation" in _run("--owner", world.owner.slug)
    assert current(world.owner) is not None
    assert f"{world.owner.slug}: nothing changed" in _run("--owner", world.owner.slug)
    with pytest.raises(CommandError):
        _run("--owner", "no-such-owner")

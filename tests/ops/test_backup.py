"""`skolekvalitet backup` and `restore`: one owner's data out to a file, the owner deleted, the
file restored, and the same data back: every object, field by field. The other owner is untouched
throughout."""

import json

import pytest
from django.core.management import CommandError, call_command

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.dialogues import actions as dialogues
from skolekvalitet.ops import jobs
from skolekvalitet.ops.backup import collect, delete_owner
from skolekvalitet.organisations.models import Membership, Owner, Person, School
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.plans.models import DevelopmentPlan
from skolekvalitet.reporting import actions as reporting
from skolekvalitet.reporting.models import StatusReport
from skolekvalitet.surveys import actions as surveys


def _snapshot(owner: Owner) -> dict:
    """Every object of the owner's backup set, serialised (the comparison is field by field)."""
    from django.core import serializers

    found = collect(owner)
    return {
        model._meta.label: sorted(
            json.dumps(o, sort_keys=True, default=str)
            for o in serializers.serialize(
                "python", model._default_manager.filter(pk__in=pks), use_natural_foreign_keys=True
            )
        )
        for model, pks in found.items()
    }


@pytest.fixture
def filled(world):
    year = current_school_year()
    DevelopmentPlan.objects.create(school=world.school_a, school_year=year)
    report = StatusReport.objects.create(owner=world.owner, school_year=year)
    reporting.save_narratives(world.admin, report, {"summary": "<p>Godt år.</p>"})
    reporting.save_version(world.admin, report)
    surveys.install_library(world.owner)
    dialogues.create_cycle(world.admin, world.owner, year)
    jobs.start(world.admin, world.owner, "tests.ops.test_backup.nothing", [], "Reminders")
    return world


def nothing() -> None:
    pass


def test_backup_delete_restore_gives_the_same_data(filled, tmp_path):
    world = filled
    before = _snapshot(world.owner)
    assert {"reporting.ReportVersion", "dialogues.Meeting", "audit.AuditEvent"} <= set(before)
    other = _snapshot(world.other_owner)
    file = tmp_path / "fjordvik.json"
    call_command("backup", "--owner", "fjordvik", str(file))

    delete_owner(world.owner)
    assert not Owner.objects.filter(slug="fjordvik").exists()
    assert not School.objects.filter(name="Alfheim skule").exists()
    assert Person.objects.filter(pk=world.admin.pk).exists()  # people stay
    assert not Membership.objects.filter(person=world.admin).exists()

    call_command("restore", str(file))
    restored = Owner.objects.get(slug="fjordvik")
    assert _snapshot(restored) == before
    assert _snapshot(world.other_owner) == other
    assert AuditEvent.objects.filter(owner=restored).count() == len(before["audit.AuditEvent"])


def test_restore_refuses_an_existing_owner_unless_told_to_replace(filled, tmp_path):
    file = tmp_path / "fjordvik.json"
    call_command("backup", "--owner", "fjordvik", str(file))
    before = _snapshot(filled.owner)
    with pytest.raises(CommandError, match="exists"):
        call_command("restore", str(file))
    call_command("restore", "--replace", str(file))
    assert _snapshot(Owner.objects.get(slug="fjordvik")) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json", "not a backup file"), ('{"format": "x"}', "not a Skolekvalitet owner backup")],
)
def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path, content, message):
    file = tmp_path / "bad.json"
    file.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(file))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("restore", str(tmp_path / "missing.json"))


def test_backup_of_an_unknown_owner_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="no owner"):
        call_command("backup", "--owner", "nobody", str(tmp_path / "x.json"))

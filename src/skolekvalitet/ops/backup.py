"""Backing up, deleting and restoring one owner's data (`skolekvalitet backup` / `restore`).

The owner's objects are every object of the project's models that reaches the owner through its
foreign keys (a school's plans, a report's versions, the audit log, ...), plus what those objects
point to outside the owner (people, school years, national indicators), so the file restores into
the installation it came from or into an empty one. People are written by e-mail (natural keys), so
a person who also works for another owner stays one person. Files (generated reports, uploads) are
not in the backup: reports can be made again from the data.

The file is JSON: {"format", "version", "owner", "created", "objects": [Django's serialisation]},
in dependency order."""

import datetime
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import IO

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from skolekvalitet.organisations.models import Owner

FORMAT, VERSION = "skolekvalitet-owner-backup", 1
CHUNK = 500


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup file that cannot be restored here; the message says why."""


def _own_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("skolekvalitet.") and not m._meta.proxy
    ]


def _forward_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)
    ]


def _paths(model: type[models.Model], seen: tuple, mine: set) -> list[str]:
    """Every lookup from `model` to Owner along foreign keys (at most six steps)."""
    if model is Owner:
        return ["pk"]
    if len(seen) >= 6:
        return []
    found = []
    for field in _forward_keys(model):
        target = field.related_model
        if target in seen or target not in mine:
            continue
        for rest in _paths(target, (*seen, model), mine):
            found.append(field.name if rest == "pk" else f"{field.name}__{rest}")
    return found


def owner_paths() -> dict[type[models.Model], list[str]]:
    """For each model that belongs to an owner: every lookup from it to the owner (an object
    belongs to the owner when any of them leads there)."""
    mine = set(_own_models())
    return {model: paths for model in mine if (paths := _paths(model, (), mine))}


# Every query here goes through the base manager, which never filters: a default manager may hide
# rows from pages (dialogues hides the private development talk), never from a backup.
def _of_owner(model: type[models.Model], paths: list[str], owner: Owner) -> models.QuerySet:
    condition = models.Q()
    for path in paths:
        condition |= models.Q(**{path: owner.pk})
    return model._base_manager.filter(condition)


def collect(owner: Owner) -> dict[type[models.Model], set]:
    """The primary keys to back up, by model: the owner's objects and what they point to."""
    owned = owner_paths()
    found: dict[type[models.Model], set] = defaultdict(set)
    pending: dict[type[models.Model], set] = defaultdict(set)
    for model, paths in owned.items():
        pks = set(_of_owner(model, paths, owner).values_list("pk", flat=True))
        found[model] |= pks
        pending[model] |= pks
    mine = set(_own_models())
    while pending:
        model, pks = pending.popitem()
        for field in _forward_keys(model):
            target = field.related_model
            if target not in mine or target is Owner:
                continue
            for chunk in _chunks(sorted(pks)):
                rows = model._base_manager.filter(pk__in=chunk)
                ids = set(
                    rows.exclude(**{field.attname: None}).values_list(field.attname, flat=True)
                )
                new = ids - found[target]
                if new:
                    found[target] |= new
                    pending[target] |= new
    return found


def _chunks(values: list) -> Iterator[list]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _ordered(found: dict) -> list[type[models.Model]]:
    """The models so that each comes after those it points to (a cycle is broken anywhere: the
    restore defers constraint checks to its end)."""
    needs = {
        m: {f.related_model for f in _forward_keys(m) if f.related_model in found} - {m}
        for m in found
    }
    order: list[type[models.Model]] = []
    while needs:
        ready = sorted((m for m, n in needs.items() if not n), key=lambda m: m._meta.label)
        if not ready:  # a cycle
            ready = [min(needs, key=lambda m: (len(needs[m]), m._meta.label))]
        for model in ready:
            order.append(model)
            del needs[model]
        for waiting in needs.values():
            waiting.difference_update(ready)
    return order


def dump(owner: Owner, stream: IO[str]) -> int:
    """Write the owner's backup to a text stream; returns the number of objects."""
    found = collect(owner)
    objects = []
    for model in _ordered(found):
        for chunk in _chunks(sorted(found[model])):
            queryset = model._base_manager.filter(pk__in=chunk).order_by("pk")
            objects += serializers.serialize(
                "python",
                queryset,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=model is _person_model(),
            )
    json.dump(
        {
            "format": FORMAT,
            "version": VERSION,
            "owner": owner.slug,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "objects": objects,
        },
        stream,
        cls=_Encoder,
        ensure_ascii=False,
    )
    return len(objects)


def _person_model() -> type[models.Model]:
    return apps.get_model("organisations", "Person")


def read(stream: IO[str]) -> dict:
    try:
        data = json.load(stream)
    except json.JSONDecodeError as error:
        raise BackupError(f"not a backup file (JSON error: {error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("not a Skolekvalitet owner backup")
    if data.get("version") != VERSION:
        raise BackupError(f"backup version {data.get('version')} is not supported")
    return data


@transaction.atomic
def load(data: dict) -> int:
    """Restore a backup read by `read`; refuses an owner whose address (slug) is taken."""
    if Owner.objects.filter(slug=data["owner"]).exists():
        raise BackupError(f"owner {data['owner']!r} exists; delete it first (restore --replace)")
    count = 0
    with connection.constraint_checks_disabled():
        for item in serializers.deserialize(
            "python", data["objects"], handle_forward_references=True
        ):
            item.save()
            count += 1
    connection.check_constraints()
    return count


@transaction.atomic
def delete_owner(owner: Owner) -> None:
    """Delete the owner and everything that belongs to it (not people or shared objects)."""
    owned = owner_paths()
    for model in reversed(_ordered({m: None for m in owned})):
        pks = list(_of_owner(model, owned[model], owner).values_list("pk", flat=True))
        for chunk in _chunks(pks):
            model._base_manager.filter(pk__in=chunk).delete()

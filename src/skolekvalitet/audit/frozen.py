"""Frozen records: what a decided thing showed when it was decided, stored once."""

from typing import Any

from django.db import models

from .models import FrozenRecord


def freeze(owner, kind: str, obj: models.Model, variants: dict[str, Any], replace=False) -> None:
    """Store {variant: JSON data} for obj. A record is frozen once; replace=True stores it anew
    (a decision taken again, such as an evaluation rewritten)."""
    for variant, data in variants.items():
        if replace:
            FrozenRecord.objects.filter(kind=kind, object_id=str(obj.pk), variant=variant).delete()
        FrozenRecord.objects.get_or_create(
            kind=kind,
            object_id=str(obj.pk),
            variant=variant,
            defaults={"owner": owner, "data": data},
        )


def frozen(kind: str, obj: models.Model, variant: str = "") -> FrozenRecord | None:
    return FrozenRecord.objects.filter(kind=kind, object_id=str(obj.pk), variant=variant).first()


def frozen_all(kind: str, objects) -> dict[tuple[str, str], FrozenRecord]:
    """{(object id, variant): record} for many objects in one query."""
    ids = [str(o.pk) for o in objects]
    return {
        (r.object_id, r.variant): r
        for r in FrozenRecord.objects.filter(kind=kind, object_id__in=ids)
    }

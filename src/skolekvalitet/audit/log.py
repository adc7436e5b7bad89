"""Recording audit events. Actions call `record` inside their transaction, so a failed write
leaves no audit event and an audit failure undoes the write."""

from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from .models import AuditEvent


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-friendly view of a model instance's field values."""
    return {
        k: v if isinstance(v, int | float | str | bool | None) else str(v)
        for k, v in model_to_dict(obj, fields=fields).items()
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(actor, owner, action: str, obj: models.Model, changes: dict | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        owner=owner,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if getattr(actor, "pk", None) else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )

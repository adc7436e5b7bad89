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
    """{field: [old, new]} for the fields that changed, also a field that was emptied (which
    `content` leaves out)."""
    keys = [*after, *(k for k in before if k not in after)]
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


# Never written to the log: credentials and secret addresses.
SECRET_FIELDS = frozenset({"password", "token", "secret", "code"})
# What a change to a secret records instead of its value (the log reads it as "changed, not shown").
SECRET_CHANGED = "(changed)"


def content(obj: models.Model) -> dict[str, Any]:
    """What an object holds, as a reader would name it: its fields without the id and secrets,
    related objects by name, empty fields left out."""
    out = {}
    for field in obj._meta.concrete_fields:
        if (
            field.primary_key
            or field.name in SECRET_FIELDS
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            continue  # the event has its own time
        value = getattr(obj, field.name) if field.is_relation else field.value_from_object(obj)
        if value in (None, "", [], {}):
            continue
        out[field.name] = value if isinstance(value, int | float | str | bool) else str(value)
    return out


def record(actor, owner, action: str, obj: models.Model, changes: dict | None = None) -> AuditEvent:
    """Log a write. A created object without listed changes is logged with its content (a note's
    text, a task's title and person), so the log says what was written, not only that it was."""
    if changes is None and action == "create":
        changes = {k: [None, v] for k, v in content(obj).items()}
    return AuditEvent.objects.create(
        owner=owner,
        school_id=school_of(obj),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if getattr(actor, "pk", None) else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def record_for_person(person, action: str) -> None:
    """An event about a person's own account (password set, invitation accepted), recorded at
    each owner they have a role at, so every owner's administrators see it in their log."""
    owner_ids = set(person.memberships.values_list("owner_id", flat=True)) or {None}
    for owner_id in sorted(owner_ids, key=lambda o: o or 0):
        AuditEvent.objects.create(
            owner_id=owner_id,
            actor=person,
            actor_name=str(person),
            action=action,
            object_type=person._meta.label_lower,
            object_id=str(person.pk),
            object_repr=str(person)[:300],
        )


def _follow(obj, path: str):
    for part in path.split("."):
        obj = getattr(obj, part, None)
    return obj


def school_of(obj, depth: int = 5) -> int | None:
    """The school an object belongs to, for filtering the log by school: its own `school`, else
    the school of what it hangs on (a plan item's plan, a criterion's goal's focus area's plan, a
    task's meeting, …), else, for an import, the one school its figures are of. Works on the
    migrations' historical models too (no imports of other apps)."""
    if obj is None:
        return None
    meta = obj._meta
    if meta.label_lower == "organisations.school":
        return obj.pk
    if hasattr(obj, "school_id"):
        return obj.school_id
    if meta.label_lower == "knowledge.import":
        observations = meta.apps.get_model("knowledge", "Observation")._default_manager
        found = set(
            observations.filter(source_import_id=obj.pk).values_list("school_id", flat=True)
        )
        return found.pop() if len(found) == 1 else None
    if depth == 0:
        return None
    for field in meta.concrete_fields:
        if not field.many_to_one or field.related_model._meta.label_lower in NO_SCHOOL:
            continue
        if (school := school_of(getattr(obj, field.name), depth - 1)) is not None:
            return school
    return None


# What nothing below a school hangs on: not followed when looking for an object's school.
NO_SCHOOL = frozenset(
    {
        "organisations.owner",
        "organisations.person",
        "organisations.schoolyear",
        "contenttypes.contenttype",
    }
)


def _owner_of(obj) -> int | None:
    for path in ("owner_id", "school.owner_id", "meeting.school.owner_id", "plan.school.owner_id"):
        value = _follow(obj, path)
        if value is not None:
            return value
    return None


def record_admin_entry(sender, instance, created: bool, **kwargs) -> None:
    """Edits in Django's admin site (developers only) reach the owner's audit log too."""
    if not created:
        return
    obj = None
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is not None and not instance.is_deletion():
        obj = model._default_manager.filter(pk=instance.object_id).first()
    AuditEvent.objects.create(
        owner_id=_owner_of(obj) if obj is not None else None,
        school_id=school_of(obj) if obj is not None else None,
        actor_id=instance.user_id,
        actor_name=str(instance.user),
        action={1: "admin_add", 2: "admin_change", 3: "admin_delete"}[instance.action_flag],
        object_type=model._meta.label_lower if model else "",
        object_id=str(instance.object_id or "")[:40],
        object_repr=instance.object_repr[:300],
        changes={"admin": instance.get_change_message()},
    )


def fill_schools(events) -> int:
    """Give the events recorded before they knew their school the school of their object, where
    it still exists (used by a migration with its historical models). Returns how many."""
    apps, filled = events._meta.apps, []
    for event in events._default_manager.filter(school=None).exclude(object_type=""):
        try:
            model = apps.get_model(event.object_type)
        except (LookupError, ValueError):
            continue
        try:
            obj = model._default_manager.filter(pk=event.object_id).first()
        except (ValueError, TypeError):  # an id of another form
            continue
        if (school := school_of(obj)) is not None and event.owner_id is not None:
            event.school_id = school
            filled.append(event)
    events._default_manager.bulk_update(filled, ["school"], batch_size=500)
    return len(filled)

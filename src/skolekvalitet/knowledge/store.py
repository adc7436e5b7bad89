"""The one way to write figures into the knowledge base. Imports, manual entry, the owner's own
school contribution, questionnaire scores and the demo all write through `write`: it validates
each figure (a school of the owner, or one of its comparison areas as the owner's own copy), keeps
every changed or removed value in `ObservationHistory` (who, when, which import), runs in one
transaction, audits, and publishes the owner's figures again when anything changed
(knowledge/publishing.py). A write that changes nothing changes and publishes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from skolekvalitet.audit.log import record
from skolekvalitet.organisations.models import Owner, Person

from . import publishing
from .chain import comparison_areas
from .models import Import, Observation, ObservationHistory, UncertaintyKind

COMPARED = ("value", "n", "uncertainty", "suppressed")
COPIED = (
    *COMPARED,
    "uncertainty_kind",
    "synthetic",
    "source_import",
    "source_line",
    "source_field",
)


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


def _counts(outcome: Written) -> dict[str, int]:
    return {
        "observations_created": outcome.created,
        "observations_updated": outcome.updated,
        "observations_removed": outcome.removed,
        "observations_unchanged": outcome.unchanged,
    }


def _identity(o: Observation) -> tuple:
    return (o.indicator_id, o.school_id, o.area_id, o.school_year_id, o.grade, o.subgroup)


def _validate(owner: Owner, figures: list[Observation]) -> None:
    schools = set(owner.schools.values_list("pk", flat=True))
    areas = {a.pk for a in comparison_areas(owner).values()}
    kinds = {"", *UncertaintyKind.values}
    for o in figures:
        if (o.school_id is None) == (o.area_id is None):
            raise ValidationError("a figure belongs to one school or one area")
        if o.school_id is not None and o.school_id not in schools:
            raise ValidationError(f"school {o.school_id} is not one of {owner.slug}'s schools")
        if o.area_id is not None:
            if o.area_id not in areas:
                raise ValidationError(f"area {o.area_id} is not one of {owner.slug}'s areas")
            o.owner = owner
        if o.uncertainty_kind not in kinds:
            raise ValidationError(f"unknown uncertainty kind {o.uncertainty_kind!r}")
        if o.n is not None and o.n < 0:
            raise ValidationError("a group size is never negative")


def _history(o: Observation, actor, source: Import | None, removed=False) -> ObservationHistory:
    return ObservationHistory(
        observation=o,
        what=f"{o.indicator_id}/{o.school_id or ''}/{o.area_id or ''}/{o.school_year_id}"
        f"/{o.grade}/{o.subgroup}",
        value=o.value,
        n=o.n,
        uncertainty=o.uncertainty,
        suppressed=o.suppressed,
        uncertainty_kind=o.uncertainty_kind,
        source_import_id=o.source_import_id,
        source_line=o.source_line,
        source_field=o.source_field,
        synthetic=o.synthetic,
        replaced_by=source,
        removed=removed,
        changed_by=actor,
    )


def _update(rows: list[Observation]) -> None:
    """Store changed figures. Django's bulk_update builds a CASE per field and row (seconds for
    a national import's thousands); on PostgreSQL one UPDATE … FROM (VALUES …) per batch."""
    if connection.vendor != "postgresql":
        Observation.objects.bulk_update(rows, list(COPIED), batch_size=2000)
        return
    fields = [Observation._meta.get_field(name) for name in ("id", *COPIED)]
    row = "(" + ", ".join(f"%s::{f.db_type(connection)}" for f in fields) + ")"
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    assign = ", ".join(f"{n} = v.{n}" for n in names.split(", ")[1:])
    table = connection.ops.quote_name(Observation._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            batch = rows[start : start + 1000]
            values = [
                f.get_db_prep_value(getattr(o, f.attname), connection)
                for o in batch
                for f in fields
            ]
            cursor.execute(
                f"UPDATE {table} AS t SET {assign} FROM (VALUES {', '.join([row] * len(batch))}) "
                f"AS v({names}) WHERE t.id = v.id",
                values,
            )


@transaction.atomic
def write(
    actor: Person | None,
    owner: Owner,
    figures: Iterable[Observation],
    *,
    source: Import | None = None,
    replace: QuerySet | None = None,
    action: str = "write",
    details: dict | None = None,
    publish: bool = True,
    subject=None,
) -> Written:
    """Store the figures (unsaved Observations; matched on indicator, school or area, school
    year, grade and subgroup). With `replace`, the owner's figures in that query that are not
    among `figures` are removed. `source` is the import they come from (provenance); the audit
    event is about `subject` (an undone import), else the source, else the owner."""
    actor = actor if getattr(actor, "pk", None) else None
    figures = list(figures)
    _validate(owner, figures)
    for o in figures:
        if source is not None:
            o.source_import = source
    mine = Q(school__owner=owner) | Q(area__isnull=False, owner=owner)
    existing: dict[tuple, Observation] = {}
    if figures:
        candidates = Observation.objects.filter(
            mine,
            indicator_id__in={o.indicator_id for o in figures},
            school_year_id__in={o.school_year_id for o in figures},
        )
        existing = {_identity(o): o for o in candidates}
    outcome = Written()
    to_create, to_update, history, seen = [], [], [], set()
    for o in figures:
        key = _identity(o)
        if key in seen:
            continue
        seen.add(key)
        current = existing.get(key)
        if current is None:
            to_create.append(o)
        elif all(getattr(current, f) == getattr(o, f) for f in COMPARED):
            outcome.unchanged += 1
        else:
            history.append(_history(current, actor, source))
            for f in COPIED:
                setattr(current, f, getattr(o, f))
            to_update.append(current)
    gone = []
    if replace is not None:
        kept = {existing[k].pk for k in seen if k in existing}
        gone = [o for o in replace.filter(mine) if o.pk not in kept]
        history.extend(_history(o, actor, source, removed=True) for o in gone)
    outcome.created, outcome.updated, outcome.removed = len(to_create), len(to_update), len(gone)
    if source is not None:  # what the import really wrote, whatever kind it is
        source.report = {**source.report, **_counts(outcome)}
        source.save(update_fields=["report"])
    if not outcome.changed:
        return outcome
    Observation.objects.bulk_create(to_create, batch_size=2000)
    _update(to_update)
    ObservationHistory.objects.bulk_create(history, batch_size=2000)
    if gone:
        Observation.objects.filter(pk__in=[o.pk for o in gone]).delete()
    changes = {k: [None, v] for k, v in _counts(outcome).items() if k != "observations_unchanged"}
    record(actor, owner, action, subject or source or owner, {**changes, **(details or {})})
    if publish:  # only the indicators written: their rows are all that can change
        publishing.enqueue(owner, {o.indicator_id for o in [*to_create, *to_update, *gone]})
    return outcome

"""Writes to the knowledge base outside imports: atomic and audited."""

from django.db import transaction

from skolekvalitet.audit.log import record, snapshot
from skolekvalitet.organisations.models import Owner, Person

from .models import Indicator


@transaction.atomic
def create_local_indicator(actor: Person, owner: Owner, indicator: Indicator) -> Indicator:
    indicator.owner = owner
    indicator.full_clean()
    indicator.save()
    record(
        actor,
        owner,
        "create",
        indicator,
        {k: [None, v] for k, v in snapshot(indicator, ["code", "name_nb", "unit"]).items()},
    )
    return indicator

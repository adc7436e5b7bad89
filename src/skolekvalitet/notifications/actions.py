"""Writes of a person's own notification settings: atomic and audited."""

from django.db import transaction

from skolekvalitet.audit.log import record
from skolekvalitet.organisations.access import owners_for
from skolekvalitet.organisations.models import Person

from .models import Preference


@transaction.atomic
def set_delivery(person: Person, delivery: str) -> Preference:
    preference, _created = Preference.objects.get_or_create(person=person)
    before = preference.delivery
    preference.delivery = delivery
    preference.save(update_fields=["delivery"])
    for owner in owners_for(person) or [None]:
        record(person, owner, "update", preference, {"delivery": [before, delivery]})
    return preference

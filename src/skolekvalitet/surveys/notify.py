"""Telling the school's staff that a staff round has opened: one e-mail per person and round, in
the reader's language, with the answer page's address and the closing day. Sent by a background
task (Django's task framework): at launch for a round that is open already, and by the daily
`skolekvalitet remind` for a round that opens later. Never for a round of an earlier school year.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from skolekvalitet.documents import present
from skolekvalitet.organisations.models import Person
from skolekvalitet.organisations.roles import SCHOOL_STAFF
from skolekvalitet.organisations.schoolyears import current_school_year

from .models import Audience, Notice, Round


def language_for(person: Person, round_: Round) -> str:
    """The reader's language: their own, else the school owner's."""
    return person.language or round_.school.owner.default_language


def _message(person: Person, round_: Round) -> tuple[str, str]:
    url = settings.SITE_ROOT.rstrip("/") + reverse(
        "answer_staff", args=[round_.school.owner.slug, round_.school_id, round_.pk]
    )
    with translation.override(language_for(person, round_)):
        values = {
            "name": person.name,
            "instrument": round_.instrument.name,
            "school": round_.school.name,
            "date": present.date(round_.closes),
            "url": url,
        }
        subject = _("Questionnaire for the staff: %(instrument)s") % values
        body = (
            _(
                "Hello %(name)s,\n\n"
                "The questionnaire “%(instrument)s” for the staff of %(school)s is open until "
                "%(date)s. Answer it here:\n%(url)s\n\n"
                "Your answers are anonymous: no one sees what you answered, and results are shown "
                "only for the whole group, after the round has closed."
            )
            % values
        )
    return subject, body


def send_notices(round_: Round, today: datetime.date) -> int:
    """E-mail each staff member of the round's school who has not been told yet; returns how
    many were told. Only an open staff round of the current school year."""
    if (
        round_.audience != Audience.STAFF
        or not round_.is_open(today)
        or round_.school_year_id != current_school_year(today).pk
    ):
        return 0
    told = set(Notice.objects.filter(round=round_).values_list("person_id", flat=True))
    people = Person.objects.filter(
        memberships__school=round_.school, memberships__role__in=SCHOOL_STAFF, is_active=True
    ).distinct()
    sent = 0
    for person in people.exclude(pk__in=told):
        with transaction.atomic():
            _notice, created = Notice.objects.get_or_create(
                round=round_, person=person, defaults={"sent_on": today}
            )
            if created:
                subject, body = _message(person, round_)
                send_mail(subject, body, None, [person.email])
                sent += 1
    return sent


def notify_due(today: datetime.date | None = None) -> int:
    """The daily run: tell the staff of every staff round that is open today (and of this
    school year) who have not been told yet."""
    today = today or timezone.localdate()
    rounds = Round.objects.filter(
        audience=Audience.STAFF,
        closed=False,
        opens__lte=today,
        closes__gte=today,
        school_year=current_school_year(today),
    ).select_related("school__owner", "instrument")
    return sum(send_notices(r, today) for r in rounds)


@task()
def notify_round(round_pk: int) -> int:
    round_ = Round.objects.select_related("school__owner", "instrument").filter(pk=round_pk).first()
    return send_notices(round_, timezone.localdate()) if round_ else 0

"""The one way to tell a person something by e-mail: `notify(person, kind, obj, url=…)`.

A notification is written once per person, kind and thing (`Notification.key`), in the
person's language (their own, else the school owner's), with the thing's address under
SITE_ROOT and its date in Norwegian format. People who chose "at once" get it through a Django
task now; the others get it in the daily digest (`send_digests`, run by `skolekvalitet remind`).
Nothing is sent about an earlier school year, and nothing of a development talk to anyone but
its parties.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from skolekvalitet.documents import present
from skolekvalitet.organisations import access
from skolekvalitet.organisations.models import Person
from skolekvalitet.organisations.schoolyears import current_school_year

from .models import Delivery, Kind, Notification, Preference

TEXTS = {
    Kind.TASK: (
        gettext_noop("New task for you: %(what)s"),
        gettext_noop(
            "You are responsible for the task “%(what)s” (%(school)s). The deadline is %(date)s."
        ),
    ),
    Kind.APPROVE: (
        gettext_noop("Minutes wait for your approval: %(what)s"),
        gettext_noop(
            "The minutes of %(what)s wait for your approval. The meeting is dated %(date)s."
        ),
    ),
    Kind.SIGN: (
        gettext_noop("A follow-up agreement waits for your signature: %(school)s"),
        gettext_noop(
            "The follow-up agreement “%(what)s” (%(school)s) waits for your signature. "
            "Its deadline is %(date)s."
        ),
    ),
    Kind.MEETING: (
        gettext_noop("Meeting on %(date)s: %(what)s"),
        gettext_noop(
            "%(what)s is set for %(date)s. Read the meeting pack before the meeting and give "
            "your input there."
        ),
    ),
    Kind.MOVED: (
        gettext_noop("Meeting moved to %(date)s: %(what)s"),
        gettext_noop("%(what)s has been moved to %(date)s."),
    ),
    Kind.DEADLINE: (
        gettext_noop("Deadline passed: %(what)s"),
        gettext_noop("The deadline for “%(what)s” (%(school)s) was %(date)s."),
    ),
    Kind.ROUND: (
        gettext_noop("A questionnaire is open: %(what)s"),
        gettext_noop("The questionnaire “%(what)s” (%(school)s) is open until %(date)s."),
    ),
}


def _school_of(obj):
    for path in ("school", "meeting.school"):
        found = obj
        for part in path.split("."):
            found = getattr(found, part, None)
        if found is not None:
            return found
    return None


def _meeting_of(obj):
    """The meeting a thing belongs to (itself for a meeting), for the talk's privacy."""
    return (
        obj if hasattr(obj, "event") and hasattr(obj, "school") else getattr(obj, "meeting", None)
    )


def _year_of(obj):
    year = getattr(obj, "school_year", None)
    meeting = _meeting_of(obj)
    if year is None and meeting is not None:
        year = meeting.event.cycle.school_year
    return year


def language_for(person: Person, owner) -> str:
    return getattr(person, "language", "") or owner.default_language


def delivery_of(person: Person) -> str:
    found = Preference.objects.filter(person=person).values_list("delivery", flat=True).first()
    return found or Delivery.IMMEDIATE


def notify(
    person: Person,
    kind: str,
    obj: models.Model,
    *,
    url: str,
    when: datetime.date | None = None,
    key: str = "",
    what=None,
) -> Notification | None:
    """Tell `person` about `obj` (a task, meeting, agreement, round…) once. `url` is the path
        of the page where it is done; `when` the date the message names; `key` tells apart several
        notifications of one kind about one thing (a meeting moved twice); `what` names the thing
    (a lazy translation is fine; default str(obj)), so that an e-mail need not carry its whole
    content. Returns the notification,
        or None when nothing is to be sent."""
    school = _school_of(obj)
    year = _year_of(obj)
    meeting = _meeting_of(obj)
    if (
        not person.is_active
        or school is None
        or (year is not None and year.pk != current_school_year().pk)
        or (
            meeting is not None
            and meeting.event.private
            and not access.is_party_to_talk(person, school)
        )
    ):
        return None
    full_key = f"{obj._meta.label_lower}:{obj.pk}" + (f":{key}" if key else "")
    if Notification.objects.filter(person=person, kind=kind, key=full_key).exists():
        return None
    language = language_for(person, school.owner)
    with translation.override(language):
        values = {
            "name": person.name,
            "what": str(obj if what is None else what),
            "school": school.name,
            "date": present.date(when) if when else "",
        }
        subject_text, body_text = TEXTS[kind]
        subject = _(subject_text) % values
        body = _(body_text) % values
        link = settings.SITE_ROOT.rstrip("/") + url
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                person=person,
                kind=kind,
                key=full_key[:120],
                subject=subject[:300],
                body=f"{body}\n\n{link}",
                language=language,
            )
    except IntegrityError:  # told already, by a request at the same moment
        return None
    if delivery_of(person) == Delivery.IMMEDIATE:
        send_notification.enqueue(notification.pk)
    return notification


def _greeting(person: Person, language: str) -> str:
    with translation.override(language):
        return _("Hello %(name)s,") % {"name": person.name}


@task()
def send_notification(pk: int) -> bool:
    """Send one notification unless it has been sent (a digest or another worker took it)."""
    with transaction.atomic():
        found = Notification.objects.select_related("person").filter(pk=pk, sent_at=None).first()
        if found is None or not Notification.objects.filter(pk=pk, sent_at=None).update(
            sent_at=timezone.now()
        ):
            return False
        person = found.person
        body = f"{_greeting(person, found.language)}\n\n{found.body}"
        send_mail(found.subject, body, None, [person.email])
    return True


def send_digests() -> int:
    """The daily digest: one e-mail per person who chose it, with everything not yet sent."""
    sent = 0
    waiting = (
        Notification.objects.filter(
            sent_at=None, person__notification_preference__delivery=Delivery.DIGEST
        )
        .values_list("person_id", flat=True)
        .distinct()
    )
    for person in Person.objects.filter(pk__in=list(waiting), is_active=True):
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update().filter(person=person, sent_at=None)
            )
            if not items:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(sent_at=timezone.now())
            language = items[-1].language
            with translation.override(language):
                subject = _("Skolekvalitet: %(count)s new notifications") % {"count": len(items)}
                intro = _("This is what happened since the last summary:")
            body = "\n\n".join(
                [_greeting(person, language), intro] + [f"– {n.subject}\n{n.body}" for n in items]
            )
            send_mail(subject, body, None, [person.email])
            sent += 1
    return sent

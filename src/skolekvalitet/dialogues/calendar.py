"""A person's own events as an iCalendar feed: the meetings they take part in (by role), the
owner-wide events that name one of their roles (the pupil councils' gathering, the meeting
with the parents' councils), the tasks they are responsible for and the follow-up dates of
agreements they own."""

import datetime

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from skolekvalitet.organisations import access

from .models import Agreement, Event, FeedToken, Meeting, Task


def _meetings(person) -> list[Meeting]:
    """The meetings the person takes part in: all of an owner's for its administrators; at
    their schools, those whose event lists one of their roles (the private talk only for the
    principal). Visibility comes from the access helpers, as on the pages."""
    found = []
    for owner in access.owners_for(person):
        schools = list(access.visible_schools(person, owner))
        admin = access.is_owner_admin(person, owner)
        for meeting in (
            Meeting.with_talk.for_reader(person)
            .filter(school__in=schools)
            .select_related("event", "school")
        ):
            roles = access.roles_at_school(person, meeting.school)
            if admin or roles & set(meeting.event.participants):
                found.append(meeting)
    return found


def owner_wide_events(person) -> list[Event]:
    """Events held once for the whole owner (not a meeting per school) whose participants
    include a role the person holds at the owner or at one of its schools."""
    found = []
    for owner in access.owners_for(person):
        roles = set(access.roles_at_owner(person, owner))
        for school in access.visible_schools(person, owner):
            roles |= access.roles_at_school(person, school)
        admin = access.is_owner_admin(person, owner)
        for event in Event.objects.filter(cycle__owner=owner, per_school=False).select_related(
            "cycle"
        ):
            if admin or roles & set(event.participants):
                found.append(event)
    return found


def feed(token: str) -> bytes | None:
    owner = FeedToken.objects.select_related("person").filter(token=token).first()
    if owner is None:
        return None
    person = owner.person
    cal = Calendar()
    cal.add("prodid", "-//Skolekvalitet//årshjul//NO")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Skolekvalitet")
    stamp = datetime.datetime.now(datetime.UTC)
    for meeting in _meetings(person):
        event = CalendarEvent()
        event.add("uid", f"meeting-{meeting.pk}@skolekvalitet")
        event.add("summary", f"{meeting.event.name} – {meeting.school.name}")
        if meeting.time:
            start = datetime.datetime.combine(meeting.date, meeting.time)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=meeting.event.duration or 60))
        else:
            event.add("dtstart", meeting.date)
        if meeting.place:
            event.add("location", meeting.place)
        event.add("dtstamp", stamp)
        cal.add_component(event)
    for item in owner_wide_events(person):
        event = CalendarEvent()
        event.add("uid", f"event-{item.pk}@skolekvalitet")
        event.add("summary", item.name)
        event.add("dtstart", item.starts)
        event.add("dtend", item.ends + datetime.timedelta(days=1))
        event.add("dtstamp", stamp)
        cal.add_component(event)
    for task in (
        Task.with_talk.for_reader(person)
        .filter(responsible=person)
        .exclude(status="done")
        .select_related("meeting__school")
    ):
        event = CalendarEvent()
        event.add("uid", f"task-{task.pk}@skolekvalitet")
        event.add("summary", f"Frist: {task.title} ({task.meeting.school.name})")
        event.add("dtstart", task.deadline)
        event.add("dtstamp", stamp)
        cal.add_component(event)
    for agreement in (
        Agreement.with_talk.for_reader(person)
        .filter(responsible=person, closed_at=None)
        .select_related("meeting__school")
    ):
        event = CalendarEvent()
        event.add("uid", f"agreement-{agreement.pk}@skolekvalitet")
        event.add(
            "summary",
            f"Oppfølging: {agreement.get_area_display()} ({agreement.meeting.school.name})",
        )
        event.add("dtstart", agreement.follow_up)
        event.add("dtstamp", stamp)
        cal.add_component(event)
    return cal.to_ical()

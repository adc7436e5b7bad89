"""What is overdue for an owner: meetings whose window closed without approved minutes, tasks
past their deadline, agreements past their deadline and not closed. Items of an earlier year
that the owner closed or carried over (`settled`) are never overdue."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from skolekvalitet.organisations.models import Owner, School

from .models import Agreement, Meeting, Task


@dataclass
class Overdue:
    meetings: list[Meeting]
    tasks: list[Task]
    agreements: list[Agreement]

    def __bool__(self) -> bool:
        return bool(self.meetings or self.tasks or self.agreements)


def late_agreements(today: datetime.date, reader=None) -> QuerySet[Agreement]:
    """Agreements past their deadline and not closed (Agreement.overdue, as a query); those of
    development talks only for a reader party to them, never in counts for everyone."""
    return Agreement.with_talk.for_reader(reader).filter(
        deadline__lt=today, closed_at=None, settled=""
    )


def overdue(
    owner: Owner, schools: list[School], today: datetime.date, reader, year=None
) -> Overdue:
    """year: only that school year's cycle (the timeline's); None: every year's."""
    of_year = {} if year is None else {"event__cycle__school_year": year}
    through = {f"meeting__{k}": v for k, v in of_year.items()}
    return Overdue(
        list(
            Meeting.with_talk.for_reader(reader)
            .filter(
                school__in=schools,
                event__cycle__owner=owner,
                event__ends__lt=today,
                settled="",
                **of_year,
            )
            .exclude(state=Meeting.State.APPROVED)
            .select_related("event", "school")
        ),
        list(
            Task.with_talk.for_reader(reader)
            .filter(meeting__school__in=schools, deadline__lt=today, settled="", **through)
            .exclude(status=Task.Status.DONE)
            .select_related("meeting__school", "responsible")
        ),
        list(
            late_agreements(today, reader)
            .filter(meeting__school__in=schools, **through)
            .select_related("meeting__school", "responsible")
        ),
    )


def overdue_agreements(school: School, today: datetime.date) -> int:
    return late_agreements(today).filter(meeting__school=school).count()


def overdue_agreements_by_school(owner: Owner, today: datetime.date) -> dict[int, int]:
    """{school id: overdue agreements} for all the owner's schools in one query."""
    return dict(
        late_agreements(today)
        .filter(meeting__school__owner=owner)
        .values("meeting__school_id")
        .annotate(n=Count("pk"))
        .values_list("meeting__school_id", "n")
    )

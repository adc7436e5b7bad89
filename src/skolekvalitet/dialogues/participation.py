"""Taking part in a meeting by role: who the event names (Event.participants), who of them
give written input (the union representative, the councils, teachers), and their input."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from skolekvalitet.documents.model import Paragraph, Table
from skolekvalitet.organisations import access
from skolekvalitet.organisations.models import Person
from skolekvalitet.organisations.roles import Role

from .models import Contribution, Meeting

# The roles that give input to a meeting that names them, in the order a person holding
# several of them is marked by.
CONTRIBUTORS = (Role.UNION_REP, Role.PUPIL_REP, Role.PARENT_REP, Role.TEACHER)


def contributor_role(person: Person, meeting: Meeting) -> str | None:
    """The role a person gives input as, or None: the event must name one of their roles at
    the school (never in the private development talk)."""
    if meeting.event.private:
        return None
    roles = access.roles_at_school(person, meeting.school)
    named = set(meeting.event.participants)
    return next((r for r in CONTRIBUTORS if r in roles and r in named), None)


def participants_of(meeting: Meeting) -> list[Person]:
    """The people who take part by role: the school's people whose role the event names, and
    the owner's administrators when it names them; of the talk only its parties."""
    roles = set(meeting.event.participants)
    school = meeting.school
    found = Q(memberships__school=school, memberships__role__in=roles - {Role.OWNER_ADMIN})
    if Role.OWNER_ADMIN in roles:
        found |= Q(
            memberships__owner=school.owner,
            memberships__school=None,
            memberships__role=Role.OWNER_ADMIN,
        )
    people = list(Person.objects.filter(found, is_active=True).distinct().order_by("pk"))
    if meeting.event.private:
        people = [p for p in people if access.is_party_to_talk(p, school)]
    return people


def meeting_path(meeting: Meeting) -> str:
    return reverse("meeting", args=[meeting.school.owner.slug, meeting.school_id, meeting.pk])


def contribution_blocks(meeting: Meeting) -> list:
    """The participants' input, marked by role (never a name)."""
    rows = tuple(
        (str(c.get_role_display()), c.text) for c in Contribution.objects.filter(meeting=meeting)
    )
    if not rows:
        return [Paragraph(_("No input from the participants."))]
    return [Table(_("Participants' input"), (_("Role"), _("Input")), rows)]


def contributions_for(reader: Person, meeting: Meeting, failed: dict | None = None) -> list:
    """The input the reader may see; their own carries `edit_form` (the form they sent back,
    if it did not save) until the minutes are approved."""
    from .forms import ContributionEditForm

    rows = list(Contribution.with_talk.for_reader(reader).filter(meeting=meeting))
    for row in rows:
        if row.author_id == reader.pk and not meeting.locked:
            prefix = f"input-{row.pk}"
            row.edit_form = (failed or {}).get(prefix) or ContributionEditForm(
                prefix=prefix, initial={"text": row.text}
            )
    return rows

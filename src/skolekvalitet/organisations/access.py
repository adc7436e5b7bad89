"""The one place that decides who sees and changes what.

Views fetch protected objects only through these helpers and never filter by owner themselves.
Rules of thumb: what a person may not see does not exist for them (404); what they may see but not
change answers 403. Every view declares its rule with `access_rule`, and the persona × URL test
(tests/organisations/test_access_walk.py) refuses URLs that do not.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.views.decorators.http import require_safe

from .models import Membership, Owner, Person, School
from .roles import OWNER_WIDE_READERS, SCHOOL_EDITORS, SCHOOL_ROLES, SCHOOL_STAFF, Role

RULES = frozenset(
    {
        "public",
        "public_post",
        "authenticated",
        "owner_member",
        "owner_admin",
        "school_view",
        "school_edit",
        "school_lead",
        "school_staff",
        "school_principal",
        "school_contribute",  # the school's staff and the owner's admins (plan comments)
        "principal",  # the school's principal only (approving and signing for the school)
        "personal",  # anyone with a role at the owner; the object decides (own feed, proposals)
        "school_personal",  # anyone who may see the school; the object decides (own task)
        "api_token",  # the open API: a read token of the owner, never a session (api/endpoints.py)
    }
)
# Rules that only read: their URLs answer 405 to anything but GET and HEAD, so no page under a
# reading rule can be made to write (docs/reference/access.md).
READING_RULES = frozenset({"owner_member", "school_view"})


def access_rule(rule: str) -> Callable:
    """Declare a view's access rule; every rule but the public ones requires a login."""
    if rule not in RULES:
        raise ValueError(f"unknown access rule {rule!r}")

    def decorate(view: Callable) -> Callable:
        wrapped = view if rule.startswith("public") else login_required(view)
        if rule in READING_RULES:
            wrapped = require_safe(wrapped)

        @wraps(view)
        def inner(request: HttpRequest, *args, **kwargs):
            return wrapped(request, *args, **kwargs)

        inner.access_rule = rule  # type: ignore[attr-defined]
        return inner

    return decorate


def _memberships(person: Person) -> list[Membership]:
    """The person's memberships, loaded once per request object."""
    cached = getattr(person, "_sk_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(person=person).select_related("owner", "school"))
        person._sk_memberships = cached  # type: ignore[attr-defined]
    return cached


def roles_at_owner(person: Person, owner: Owner) -> set[str]:
    return {m.role for m in _memberships(person) if m.owner_id == owner.pk and m.school_id is None}


def roles_at_school(person: Person, school: School) -> set[str]:
    return {m.role for m in _memberships(person) if m.school_id == school.pk}


def owners_for(person: Person) -> list[Owner]:
    seen: dict[int, Owner] = {}
    for m in _memberships(person):
        seen.setdefault(m.owner_id, m.owner)
    return sorted(seen.values(), key=lambda o: o.name)


def is_owner_admin(person: Person, owner: Owner) -> bool:
    return person.is_authenticated and Role.OWNER_ADMIN in roles_at_owner(person, owner)


def get_owner(person: Person, slug: str) -> Owner:
    """An owner the person belongs to in any role, else 404."""
    for owner in owners_for(person):
        if owner.slug == slug:
            return owner
    raise Http404


def get_owner_as_admin(person: Person, slug: str) -> Owner:
    owner = get_owner(person, slug)
    if not is_owner_admin(person, owner):
        raise PermissionDenied
    return owner


def visible_schools(person: Person, owner: Owner) -> QuerySet[School]:
    schools = School.objects.filter(owner=owner).select_related("owner")
    if roles_at_owner(person, owner) & OWNER_WIDE_READERS:
        return schools
    ids = {m.school_id for m in _memberships(person) if m.owner_id == owner.pk and m.school_id}
    return schools.filter(pk__in=ids)


def can_edit_school(person: Person, school: School) -> bool:
    return is_owner_admin(person, school.owner) or bool(
        roles_at_school(person, school) & SCHOOL_EDITORS
    )


def get_school(person: Person, slug: str, pk: int, *, edit: bool = False) -> School:
    """A school the person may see (404 otherwise); with edit=True one they may change (403)."""
    owner = get_owner(person, slug)
    try:
        school = visible_schools(person, owner).get(pk=pk)
    except School.DoesNotExist:
        raise Http404 from None
    if edit and not can_edit_school(person, school):
        raise PermissionDenied
    return school


def is_school_leader(person: Person, school: School) -> bool:
    return bool(roles_at_school(person, school) & SCHOOL_EDITORS)


def is_school_member(person: Person, school: School) -> bool:
    """Anyone with a role at the school."""
    return bool(roles_at_school(person, school))


def may_contribute(person: Person, school: School) -> bool:
    """Comments on the school's work (its development plan): the school's staff and the owner's
    admins. Owner-wide readers (politicians) and the councils read only."""
    return is_owner_admin(person, school.owner) or bool(
        roles_at_school(person, school) & SCHOOL_STAFF
    )


def may_read_school_work(person: Person, school: School, released: bool) -> bool:
    """The school analyses first: its own analyses and interpretations reach anyone outside the
    school's staff (the owner and the pupils' and parents' councils included) only once the
    school has released them."""
    return released or bool(roles_at_school(person, school) & SCHOOL_STAFF)


def is_principal(person: Person, school: School) -> bool:
    return Role.PRINCIPAL in roles_at_school(person, school)


def is_party_to_talk(person: Person, school: School) -> bool:
    """The principal's development talk is private to the principal and the owner's admins."""
    return is_owner_admin(person, school.owner) or is_principal(person, school)


def hide_private_talk(rows: QuerySet, person: Person | None = None) -> QuerySet:
    """Meetings, tasks, agreements or notes without anything of a development talk the person
    is not party to (is_party_to_talk). person=None hides every talk: for what others read too
    (packs of other meetings, reports, counts, reminders). Each model names the way to its
    meeting in TALK_PATH ("" for a meeting, "meeting__" for a task)."""
    path = rows.model.TALK_PATH
    talk = Q(**{f"{path}event__kind": "talk"})
    if person is None or not person.is_authenticated:
        return rows.exclude(talk)
    mine = _memberships(person)
    admin_of = [m.owner_id for m in mine if m.school_id is None and m.role == Role.OWNER_ADMIN]
    principal_at = [m.school_id for m in mine if m.role == Role.PRINCIPAL]
    party = Q(**{f"{path}school__owner_id__in": admin_of}) | Q(
        **{f"{path}school_id__in": principal_at}
    )
    return rows.exclude(talk & ~party)


def get_school_as_leader(person: Person, slug: str, pk: int) -> School:
    """A school whose principal or school leader the person is (development plans)."""
    school = get_school(person, slug, pk)
    if not is_school_leader(person, school):
        raise PermissionDenied
    return school


def get_school_as_staff(person: Person, slug: str, pk: int) -> School:
    """A school the person works at (answering staff questionnaires), else 404/403."""
    school = get_school(person, slug, pk)
    if not roles_at_school(person, school) & SCHOOL_STAFF:
        raise PermissionDenied
    return school


def may_read_results(person: Person, round_) -> bool:
    """A questionnaire's audience decides who reads its results (round page, spreadsheet,
    meeting packs): staff answers the school's staff and the owner's administrators; pupils'
    and parents' answers everyone with a role at the school (its councils too) and the owner's
    administrators. Politicians read no round: they get the dimension scores of the status
    report. Results also wait until the round takes no more answers (surveys.results)."""
    school = round_.school
    if is_owner_admin(person, school.owner):
        return True
    roles = roles_at_school(person, school)
    return bool(roles & SCHOOL_STAFF) if round_.audience == "staff" else bool(roles)


def may_read_staff_results(person: Person, school: School) -> bool:
    """Staff questionnaires' scores wherever they appear (data sheet, meeting packs): the
    school's staff and the owner's administrators, as for a staff round (may_read_results)."""
    return is_owner_admin(person, school.owner) or bool(
        roles_at_school(person, school) & SCHOOL_STAFF
    )


def get_school_as_owner_admin(person: Person, slug: str, pk: int) -> School:
    owner = get_owner_as_admin(person, slug)
    try:
        return School.objects.get(owner=owner, pk=pk)
    except School.DoesNotExist:
        raise Http404 from None


def school_memberships(person: Person, school: School) -> QuerySet[Membership]:
    """The people of a school the person may see (only through get_school first)."""
    get_school(person, school.owner.slug, school.pk)
    return school.memberships.select_related("person").order_by("role", "person__name")


def owner_memberships(person: Person, owner: Owner) -> QuerySet[Membership]:
    if not is_owner_admin(person, owner):
        raise PermissionDenied
    return Membership.objects.filter(owner=owner).select_related("person", "school")


def get_membership_as_admin(person: Person, slug: str, pk: int) -> Membership:
    owner = get_owner_as_admin(person, slug)
    try:
        return owner_memberships(person, owner).get(pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None


def grantable(person: Person, owner: Owner, school: School | None) -> tuple[set[str], QuerySet]:
    """The one rule of who grants which role, as (roles, schools) for an invitation form:
    owner administrators grant every role at the owner and its schools; a principal grants the
    school roles below principal at their own school, and only there; nobody else grants
    anything (403). Nobody grants themselves anything (`check_grant`)."""
    if is_owner_admin(person, owner):
        return set(Role), School.objects.filter(owner=owner)
    if school is not None and may_grant_at(person, school):
        return set(SCHOOL_ROLES - {Role.PRINCIPAL}), School.objects.filter(pk=school.pk)
    raise PermissionDenied


def may_grant_at(person: Person, school: School) -> bool:
    return is_owner_admin(person, school.owner) or is_principal(person, school)


def check_grant(person: Person, owner: Owner, school: School | None, role: str, email: str) -> None:
    """Refuse (403) a grant outside `grantable`: a role the person may not give, a school they
    may not give it at (an empty school means the whole owner), or any grant to themselves."""
    roles, schools = grantable(person, owner, school)
    own_school_only = not is_owner_admin(person, owner)
    if (
        role not in roles
        or (school is None and own_school_only)
        or (school is not None and not schools.filter(pk=school.pk).exists())
        or email.strip().lower() == person.email.lower()
    ):
        raise PermissionDenied


def get_owner_for_token(token, slug: str, scope: str | None = None) -> Owner:
    """The owner an API read token belongs to, under its slug: any other owner does not exist
    for the token (404); an operation needing a scope the token lacks is refused (403)."""
    if token.owner.slug != slug:
        raise Http404
    if scope is not None and scope not in token.scopes:
        raise PermissionDenied
    return token.owner


def audit_scope(person: Person, owner: Owner) -> Q:
    if not is_owner_admin(person, owner):
        raise PermissionDenied
    return Q(owner=owner)

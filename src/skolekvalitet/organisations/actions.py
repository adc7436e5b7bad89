"""Every write to organisations goes through these functions: atomic and audited."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from skolekvalitet.audit.log import diff, record, snapshot

from . import access
from .models import Enrolment, Membership, Owner, Person, School, SchoolYear

SCHOOL_FIELDS = ["name", "org_number", "first_grade", "last_grade"]


def _save_enrolments(school: School, year: SchoolYear, pupils: dict[int, int | None]) -> dict:
    before = {e.grade: e.pupils for e in school.enrolments.filter(school_year=year)}
    school.enrolments.filter(school_year=year).exclude(grade__in=list(school.grades)).delete()
    for grade, count in pupils.items():
        if count is None:
            Enrolment.objects.filter(school=school, school_year=year, grade=grade).delete()
        else:
            Enrolment.objects.update_or_create(
                school=school, school_year=year, grade=grade, defaults={"pupils": count}
            )
    after = {e.grade: e.pupils for e in school.enrolments.filter(school_year=year)}
    return {
        f"pupils {year} grade {g}": [before.get(g), after.get(g)]
        for g in sorted(set(before) | set(after))
        if before.get(g) != after.get(g)
    }


@transaction.atomic
def create_school(
    actor: Person, owner: Owner, school: School, year: SchoolYear, pupils: dict[int, int | None]
) -> School:
    school.owner = owner
    school.full_clean()
    school.save()
    changes = {k: [None, v] for k, v in snapshot(school, SCHOOL_FIELDS).items()}
    changes |= _save_enrolments(school, year, pupils)
    record(actor, owner, "create", school, changes)
    return school


@transaction.atomic
def update_school(
    actor: Person, school: School, before: dict, year: SchoolYear, pupils: dict[int, int | None]
) -> School:
    school.full_clean()
    school.save()
    changes = diff(before, snapshot(school, SCHOOL_FIELDS)) | _save_enrolments(school, year, pupils)
    if changes:
        record(actor, school.owner, "update", school, changes)
    return school


def invitation_link(person: Person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return settings.SITE_ROOT + reverse("invitation_accept", args=[uid, token])


@transaction.atomic
def invite_person(
    actor: Person, owner: Owner, *, name: str, email: str, role: str, school: School | None
) -> Membership:
    """Give a person (new or known by e-mail) a role, and e-mail them. A new person sets their
    password through the link in the invitation. Who may grant what is `access.check_grant`."""
    access.check_grant(actor, owner, school, role, email)
    email = email.strip().lower()
    person, created = Person.objects.get_or_create(email=email, defaults={"name": name.strip()})
    if created:
        person.set_unusable_password()
        person.save()
        record(
            actor, owner, "create", person, {"name": [None, person.name], "email": [None, email]}
        )
    membership = Membership(person=person, owner=owner, school=school, role=role)
    membership.full_clean()
    membership.save()
    record(
        actor,
        owner,
        "invite",
        membership,
        {"role": [None, role], "school": [None, str(school) if school else None]},
    )
    context = {
        "person": person,
        "owner": owner,
        "membership": membership,
        "inviter": actor,
        "link": invitation_link(person) if created else settings.SITE_ROOT,
    }
    with translation.override(owner.default_language):
        subject = render_to_string("organisations/email/invitation_subject.txt", context).strip()
        body = render_to_string("organisations/email/invitation_body.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return membership


@transaction.atomic
def remove_membership(actor: Person, membership: Membership) -> None:
    record(
        actor,
        membership.owner,
        "delete",
        membership,
        {"role": [membership.role, None], "person": [str(membership.person), None]},
    )
    membership.delete()

"""Pages for owners, schools and people. Objects come only through access helpers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from skolekvalitet.audit.log import snapshot
from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.audit.sentences import describe_all, kind_of

from . import access, actions
from .access import access_rule
from .forms import AuditFilterForm, InviteForm, PeopleFilterForm, SchoolForm, add_validation_error
from .models import Enrolment, Membership, Person, School
from .roles import SCHOOL_LEADERSHIP
from .schoolyears import current_school_year


@access_rule("owner_member")
def owner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner(request.user, slug)
    year = current_school_year()
    schools = access.visible_schools(request.user, owner).prefetch_related(
        Prefetch("enrolments", Enrolment.objects.filter(school_year=year), to_attr="current"),
        Prefetch(
            "memberships",
            Membership.objects.filter(role="principal").select_related("person"),
            to_attr="principals",
        ),
    )
    rows = [(s, sum(e.pupils for e in s.current), s.principals) for s in schools]
    return render(
        request,
        "organisations/owner.html",
        {
            "owner": owner,
            "rows": rows,
            "year": year,
            "is_admin": access.is_owner_admin(request.user, owner),
        },
    )


@access_rule("school_view")
def school_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    year = current_school_year()
    enrolments = list(school.enrolments.filter(school_year=year))
    people = list(access.school_memberships(request.user, school))
    return render(
        request,
        "organisations/school.html",
        {
            "school": school,
            "owner": school.owner,
            "year": year,
            "enrolments": enrolments,
            "total": sum(e.pupils for e in enrolments),
            "leaders": [m for m in people if m.role in SCHOOL_LEADERSHIP],
            "people": people,
            "can_edit": access.can_edit_school(request.user, school),
            "can_invite": access.may_grant_at(request.user, school),
            "is_owner_admin": access.is_owner_admin(request.user, school.owner),
        },
    )


def _school_form_page(request, owner, school: School, template_context: dict):
    year = current_school_year()
    pupils = (
        {e.grade: e.pupils for e in school.enrolments.filter(school_year=year)} if school.pk else {}
    )
    before = snapshot(school, actions.SCHOOL_FIELDS)
    form = SchoolForm(request.POST or None, instance=school, owner=owner, pupils=pupils)
    if request.method == "POST" and form.is_valid():
        try:
            if school.pk:
                actions.update_school(request.user, form.instance, before, year, form.pupils())
            else:
                actions.create_school(request.user, owner, form.instance, year, form.pupils())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The school was saved."))
            return redirect(form.instance)
    return render(
        request,
        "organisations/school_form.html",
        {"form": form, "owner": owner, "year": year, **template_context},
    )


@access_rule("owner_admin")
def school_create(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    return _school_form_page(request, owner, School(owner=owner), {"title": _("Add a school")})


@access_rule("school_edit")
def school_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk, edit=True)
    return _school_form_page(
        request,
        school.owner,
        school,
        {"title": _("Edit %(school)s") % {"school": school.name}, "school": school},
    )


def _invite_page(request, owner, school):
    roles, schools = access.grantable(request.user, owner, school)
    form = InviteForm(
        request.POST or None,
        owner=owner,
        actor=request.user,
        roles=roles,
        schools=schools,
        initial={"school": school},
    )
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            actions.invite_person(
                request.user,
                owner,
                **{k: data[k] for k in ("name", "email", "role", "school")},
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("%(email)s was invited.") % form.cleaned_data)
            return redirect(school) if school else redirect("people", owner.slug)
    return render(
        request, "organisations/invite.html", {"form": form, "owner": owner, "school": school}
    )


@access_rule("owner_admin")
def person_invite(request: HttpRequest, slug: str) -> HttpResponse:
    return _invite_page(request, access.get_owner_as_admin(request.user, slug), None)


@access_rule("school_principal")
def school_invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk, edit=True)
    return _invite_page(request, school.owner, school)


@access_rule("owner_admin")
def people(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    form = PeopleFilterForm(
        request.GET or None, schools=access.visible_schools(request.user, owner)
    )
    memberships = form.apply(access.owner_memberships(request.user, owner)).order_by(
        "person__name", "school__name", "role"
    )
    page = Paginator(memberships, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/people.html",
        {"owner": owner, "page": page, "form": form, "query": query.urlencode()},
    )


@access_rule("owner_admin")
def membership_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = access.get_membership_as_admin(request.user, slug, pk)
    if request.method == "POST":
        actions.remove_membership(request.user, membership)
        messages.success(request, _("The role was removed."))
        return redirect("people", slug)
    return render(
        request,
        "organisations/membership_delete.html",
        {"owner": membership.owner, "membership": membership},
    )


@require_safe
@access_rule("owner_admin")
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    events = AuditEvent.objects.filter(access.audit_scope(request.user, owner))
    types = sorted(set(events.values_list("object_type", flat=True).distinct()))
    form = AuditFilterForm(
        request.GET or None,
        schools=access.visible_schools(request.user, owner),
        people=Person.objects.filter(pk__in=events.values("actor")),
        kinds=sorted(((t, kind_of(t)) for t in types), key=lambda c: c[1]),
    )
    shown = events.filter(**form.filters()).select_related("school")
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    lines = describe_all(page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/audit.html",
        {"owner": owner, "page": page, "lines": lines, "form": form, "query": query.urlencode()},
    )

"""The annual cycle's pages. Meetings come only through the school the person may see; the
development talk only to its parties (Meeting.with_talk.for_reader); drafts only to leaders.
Every write has its own URL and view in writes.py; a write that fails renders its page here again
with the posted form and its errors."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skolekvalitet.analysis import presenting
from skolekvalitet.analysis.sheet import school_sheet
from skolekvalitet.documents import present
from skolekvalitet.documents import render as documents
from skolekvalitet.documents.model import Paragraph
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import School, SchoolYear
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year

from . import actions, calendar, participation, yearend
from .forms import (
    AgreementForm,
    AnalysisForm,
    ContributionForm,
    EventForm,
    GroupForm,
    GroupMeetingForm,
    MinutesForm,
    NoteForm,
    ProposalForm,
    ScheduleForm,
    TaskForm,
)
from .models import (
    Addendum,
    Agreement,
    AgreementNote,
    Cycle,
    Meeting,
    PackNote,
    SchoolAnalysis,
    Task,
)
from .overdue import overdue
from .pack import shown_pack


def cycle_of(owner, year: SchoolYear) -> Cycle | None:
    return Cycle.objects.filter(owner=owner, school_year=year).first()


def school_year(code: str) -> SchoolYear:
    try:
        return SchoolYear.objects.get(code=code)
    except SchoolYear.DoesNotExist:
        raise Http404 from None


@access_rule("owner_member")
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner(request.user, slug)
    admin = access.is_owner_admin(request.user, owner)
    current = current_school_year()
    years = list(
        SchoolYear.objects.filter(
            pk__in=Cycle.objects.filter(owner=owner).values("school_year")
        ).order_by("-code")
    )
    # The year switcher: ?year=2025-26; anything unknown shows the current year.
    year = next((y for y in years if y.code == request.GET.get("year")), current)
    cycle = cycle_of(owner, year)
    today = timezone.localdate()
    schools = list(access.visible_schools(request.user, owner))
    events, grid = [], []
    if cycle:
        events = list(cycle.events.all())
        # Every school's talk is in the cycle; only its parties get its link (_cell).
        meetings = {
            (m.event_id, m.school_id): m
            for m in Meeting.with_talk.filter(
                event__cycle=cycle, school__in=schools
            ).select_related("event")
        }
        grid = [
            (
                school,
                [
                    _cell(request.user, school, meetings.get((e.pk, school.pk)), today)
                    for e in events
                ],
            )
            for school in schools
        ]
    token = actions.feed_token(request.user)
    return render(
        request,
        "dialogues/timeline.html",
        {
            "owner": owner,
            "admin": admin,
            "cycle": cycle,
            "year": year,
            "events": events,
            "grid": grid,
            "overdue": overdue(owner, schools, today, request.user, year) if admin else None,
            "has_earlier": Cycle.objects.filter(owner=owner).exclude(school_year=year).exists(),
            "years": years,
            "current": year == current,
            "loose_ends": yearend.loose_ends(owner, request.user, current)
            if admin and year == current
            else None,
            "feed_url": request.build_absolute_uri(reverse("ical_feed", args=[token.token])),
        },
    )


def _cell(user, school: School, meeting: Meeting | None, today):
    if meeting is None:
        return None
    if meeting.event.private and not access.is_party_to_talk(user, school):
        return {"private": True, "meeting": meeting}
    return {"meeting": meeting, "overdue": meeting.overdue(today)}


@access_rule("owner_admin")
def cycle_edit(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    cycle = cycle_of(owner, school_year(year))
    if cycle is None:
        raise Http404
    return cycle_page(request, cycle)


def cycle_page(request, cycle: Cycle, failed=None, status: int = 200) -> HttpResponse:
    """failed: {event pk or "new": the bound form that did not save}."""
    failed = failed or {}
    forms = [
        (e, failed.get(e.pk) or EventForm(instance=e, prefix=str(e.pk))) for e in cycle.events.all()
    ]
    return render(
        request,
        "dialogues/cycle_edit.html",
        {
            "owner": cycle.owner,
            "cycle": cycle,
            "forms": forms,
            "new": failed.get("new") or EventForm(prefix="new"),
        },
        status=status,
    )


def get_meeting(user, slug: str, pk: int, meeting_pk: int) -> Meeting:
    school = access.get_school(user, slug, pk)
    try:
        return (
            Meeting.with_talk.for_reader(user)
            .select_related("event__cycle__school_year", "school__owner")
            .get(school=school, pk=meeting_pk)
        )
    except Meeting.DoesNotExist:
        raise Http404 from None


def meeting_roles(user, meeting: Meeting) -> dict[str, bool]:
    school = meeting.school
    owner_side = access.is_owner_admin(user, school.owner)
    principal = access.is_principal(user, school)
    leader = access.is_school_leader(user, school)
    return {"owner_side": owner_side, "principal": principal, "editor": owner_side or leader}


def meeting_forms(meeting: Meeting) -> dict:
    return {
        "schedule": ScheduleForm(instance=meeting, prefix="schedule"),
        "note": NoteForm(prefix="note"),
        "minutes": MinutesForm(instance=meeting, prefix="minutes"),
        "task": TaskForm(prefix="task", meeting=meeting),
        "agreement": AgreementForm(prefix="agreement", meeting=meeting),
        "addendum": NoteForm(prefix="addendum"),
        "input": ContributionForm(prefix="input"),
    }


@access_rule("school_view")
def meeting_detail(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    return meeting_page(request, get_meeting(request.user, slug, pk, meeting_pk))


def meeting_page(request, meeting: Meeting, failed=None, status: int = 200) -> HttpResponse:
    """failed: {form name: the bound form that did not save}."""
    user = request.user
    roles = meeting_roles(user, meeting)
    school = meeting.school
    visible = roles["editor"] or meeting.locked
    # Participants by role (union rep, councils, teachers) read the pack and give input.
    contributor = participation.contributor_role(user, meeting)
    reads_pack = roles["editor"] or contributor is not None
    pack, frozen_at = _pack(user, meeting) if reads_pack else (None, None)
    mine = {"meeting": meeting}
    return render(
        request,
        "dialogues/meeting.html",
        {
            "owner": school.owner,
            "school": school,
            "meeting": meeting,
            "event": meeting.event,
            "forms": {**meeting_forms(meeting), **(failed or {})},
            "pack": documents.to_html(pack, standalone=False) if pack else "",
            "frozen_at": frozen_at,
            "visible": visible,
            "tasks": Task.with_talk.for_reader(user).filter(**mine).select_related("responsible")
            if visible
            else [],
            "agreements": Agreement.with_talk.for_reader(user)
            .filter(**mine)
            .select_related("responsible")
            if visible
            else [],
            "notes": PackNote.with_talk.for_reader(user).filter(**mine).select_related("author")
            if roles["editor"]
            else [],
            "addenda": Addendum.with_talk.for_reader(user).filter(**mine).select_related("author"),
            "states": Task.Status.choices,
            "contributor": contributor,
            "contributor_label": Role(contributor).label if contributor else "",
            "contributions": participation.contributions_for(user, meeting, failed)
            if reads_pack or meeting.locked
            else [],
            "participants": [
                str(Role(r).label) for r in meeting.event.participants if r in Role.values
            ],
            **roles,
        },
        status=status,
    )


def _pack(user, meeting: Meeting):
    """The pack and, once the minutes are approved, when it was frozen."""
    school_side = access.is_school_member(user, meeting.school)
    return shown_pack(meeting, school_side=school_side, reader=user)


def _frozen_note(meeting: Meeting, frozen_at) -> str:
    url = settings.SITE_ROOT.rstrip("/") + reverse(
        "data_sheet", args=[meeting.school.owner.slug, meeting.school.pk]
    )
    return _("Figures as of %(date)s; newer figures: %(url)s") % {
        "date": present.date(timezone.localdate(frozen_at)),
        "url": url,
    }


@access_rule("school_edit")
def meeting_pack_pdf(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, slug, pk, meeting_pk)
    if not meeting_roles(request.user, meeting)["editor"]:
        raise PermissionDenied
    pack, frozen_at = _pack(request.user, meeting)
    if frozen_at:
        pack.blocks.insert(0, Paragraph(_frozen_note(meeting, frozen_at)))
    response = HttpResponse(documents.to_pdf(pack), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="pack-{meeting.pk}.pdf"'
    return response


def get_agreement(user, slug: str, pk: int, agreement_pk: int) -> Agreement:
    """An agreement the person may read: through its school, never of a talk they are not party
    to, and (like the minutes) for others than the editors only once its meeting is approved."""
    school = access.get_school(user, slug, pk)
    try:
        agreement = (
            Agreement.with_talk.for_reader(user)
            .select_related("meeting__event", "meeting__school__owner", "responsible")
            .get(meeting__school=school, pk=agreement_pk)
        )
    except Agreement.DoesNotExist:
        raise Http404 from None
    if not (meeting_roles(user, agreement.meeting)["editor"] or agreement.meeting.locked):
        raise Http404
    return agreement


@access_rule("school_view")
def agreement_detail(request: HttpRequest, slug: str, pk: int, agreement_pk: int) -> HttpResponse:
    return agreement_page(request, get_agreement(request.user, slug, pk, agreement_pk))


def agreement_page(request, agreement: Agreement, note_form=None, status=200) -> HttpResponse:
    school = agreement.meeting.school
    return render(
        request,
        "dialogues/agreement.html",
        {
            "owner": school.owner,
            "school": school,
            "agreement": agreement,
            "notes": AgreementNote.with_talk.for_reader(request.user)
            .filter(agreement=agreement)
            .select_related("author"),
            "note_form": note_form or NoteForm(),
            **meeting_roles(request.user, agreement.meeting),
        },
        status=status,
    )


@access_rule("school_view")
def school_analysis(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    return analysis_page(request, school, school_year(year))


def analysis_page(request, school: School, year: SchoolYear, form=None, status=200):
    """The school writes its analysis beside its results; the owner reads only released
    versions, each kept as it was released."""
    analysis = SchoolAnalysis.objects.filter(school=school, school_year=year).first()
    leader = access.is_school_leader(request.user, school)
    versions = list(analysis.versions.select_related("released_by")) if analysis else []
    latest = versions[0] if versions else None
    reads_draft = access.may_read_school_work(request.user, school, False)
    chosen = request.GET.get("version", "")
    if chosen:
        shown = next((v for v in versions if str(v.number) == chosen), None)
        if shown is None:
            raise Http404
    else:
        shown = analysis if reads_draft else latest
    is_version = shown is not None and shown is not analysis
    sheet = presenting.sheet(
        school_sheet(
            Chain(school.owner, [school]),
            school,
            staff_results=access.may_read_staff_results(request.user, school),
        )
    )
    return render(
        request,
        "dialogues/school_analysis.html",
        {
            "owner": school.owner,
            "school": school,
            "year": year,
            "analysis": analysis,
            "shown": shown,
            "is_version": is_version,
            # Said only when there is something newer to go back to: an older version, or
            # the school's own draft.
            "older_version": is_version and (shown != latest or reads_draft),
            "versions": versions,
            "unreleased": bool(analysis and analysis.unreleased_changes(latest)),
            "form": (form or AnalysisForm(instance=analysis)) if leader else None,
            "summary": sheet["summary"],
            # Every figure the summary names, and the hidden ones with the municipality's
            # figure beside them, as on the data sheet.
            "sections": [s for s in sheet["sections"] if s["rows"] or s["more"] or s["hidden"]],
        },
        status=status,
    )


@access_rule("owner_member")
def development_group(request: HttpRequest, slug: str) -> HttpResponse:
    return group_page(request, access.get_owner(request.user, slug))


def is_group_member(user, owner, group) -> bool:
    return access.is_owner_admin(user, owner) or group.members.filter(pk=user.pk).exists()


def group_page(request, owner, failed=None, status=200) -> HttpResponse:
    group = actions.group_for(owner)
    forms = {
        "group": GroupForm(instance=group, prefix="group"),
        "meeting": GroupMeetingForm(prefix="meeting"),
        "proposal": ProposalForm(prefix="proposal"),
        **(failed or {}),
    }
    return render(
        request,
        "dialogues/development_group.html",
        {
            "owner": owner,
            "group": group,
            "admin": access.is_owner_admin(request.user, owner),
            "member": is_group_member(request.user, owner, group),
            "forms": forms,
            "proposals": group.proposals.select_related("author").order_by("status", "-pk"),
        },
        status=status,
    )


@access_rule("public")
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    body = calendar.feed(token)
    if body is None:
        raise Http404
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")

"""The annual cycle's pages. Meetings come only through the school the person may see; the
development talk only to the principal and the owner's administrators; drafts only to leaders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from skolekvalitet.documents import render as documents
from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import School, SchoolYear
from skolekvalitet.organisations.roles import Role
from skolekvalitet.organisations.schoolyears import current_school_year
from skolekvalitet.site.forms import add_validation_error

from . import actions, calendar
from .forms import (
    AgreementForm,
    AnalysisForm,
    EventForm,
    GroupForm,
    GroupMeetingForm,
    MinutesForm,
    NoteForm,
    ProposalForm,
    ScheduleForm,
    TaskForm,
)
from .models import Agreement, Cycle, Event, Meeting, Proposal, SchoolAnalysis, Task
from .overdue import overdue
from .pack import meeting_pack


def _cycle(owner, year: SchoolYear) -> Cycle | None:
    return Cycle.objects.filter(owner=owner, school_year=year).first()


def _year(code: str) -> SchoolYear:
    try:
        return SchoolYear.objects.get(code=code)
    except SchoolYear.DoesNotExist:
        raise Http404 from None


@access_rule("owner_member")
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner(request.user, slug)
    admin = access.is_owner_admin(request.user, owner)
    year = current_school_year()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "renew_feed":
            actions.renew_feed(request.user)
            messages.success(
                request, _("Your calendar address was renewed; the old one no longer works.")
            )
            return redirect(request.path)
        if action == "create" and admin:
            source = (
                Cycle.objects.filter(owner=owner)
                .exclude(school_year=year)
                .order_by("-school_year__code")
                .first()
            )
            try:
                actions.create_cycle(
                    request.user,
                    owner,
                    year,
                    copy_from=source if request.POST.get("copy") else None,
                    empty=bool(request.POST.get("empty")),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        raise PermissionDenied
    cycle = _cycle(owner, year)
    today = timezone.localdate()
    schools = list(access.visible_schools(request.user, owner))
    events, grid = [], []
    if cycle:
        events = list(cycle.events.all())
        meetings = {
            (m.event_id, m.school_id): m
            for m in Meeting.objects.filter(event__cycle=cycle, school__in=schools).select_related(
                "event"
            )
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
            "overdue": overdue(owner, schools, today) if admin else None,
            "has_earlier": Cycle.objects.filter(owner=owner).exclude(school_year=year).exists(),
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
    cycle = _cycle(owner, _year(year))
    if cycle is None:
        raise Http404
    failed = {}
    if request.method == "POST":
        key = request.POST.get("form", "")
        try:
            event = (
                cycle.events.get(pk=key)
                if key.isdigit()
                else Event(cycle=cycle, order=cycle.events.count())
            )
        except Event.DoesNotExist:
            raise Http404 from None
        if request.POST.get("delete") and event.pk:
            try:
                actions.delete_event(request.user, event)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        form = EventForm(request.POST, instance=event, prefix=key or "new")
        if form.is_valid():
            try:
                actions.save_event(request.user, form.save(commit=False))
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(request.path)
        failed[key or "new"] = form
    forms = [
        (e, failed.get(str(e.pk)) or EventForm(instance=e, prefix=str(e.pk)))
        for e in cycle.events.all()
    ]
    return render(
        request,
        "dialogues/cycle_edit.html",
        {
            "owner": owner,
            "cycle": cycle,
            "forms": forms,
            "new": failed.get("new") or EventForm(prefix="new"),
        },
    )


def _meeting(user, slug: str, pk: int, meeting_pk: int) -> Meeting:
    school = access.get_school(user, slug, pk)
    try:
        meeting = Meeting.objects.select_related("event__cycle__school_year", "school__owner").get(
            school=school, pk=meeting_pk
        )
    except Meeting.DoesNotExist:
        raise Http404 from None
    if meeting.event.private and not access.is_party_to_talk(user, school):
        raise Http404
    return meeting


def _roles(user, meeting: Meeting) -> dict[str, bool]:
    school = meeting.school
    owner_side = access.is_owner_admin(user, school.owner)
    principal = access.is_principal(user, school)
    leader = access.is_school_leader(user, school)
    return {"owner_side": owner_side, "principal": principal, "editor": owner_side or leader}


@access_rule("school_view")
def meeting_detail(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request.user, slug, pk, meeting_pk)
    roles = _roles(request.user, meeting)
    school = meeting.school
    forms = {
        "schedule": ScheduleForm(instance=meeting, prefix="schedule"),
        "note": NoteForm(prefix="note"),
        "minutes": MinutesForm(instance=meeting, prefix="minutes"),
        "task": TaskForm(prefix="task", school=school),
        "agreement": AgreementForm(prefix="agreement", school=school),
        "addendum": NoteForm(prefix="addendum"),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if not roles["editor"] and action != "task_status":
            raise PermissionDenied
        try:
            done = _meeting_action(request, meeting, roles, action, forms)
        except ValidationError as error:
            form = forms.get(action)
            if form is not None:
                add_validation_error(form, error)
            else:
                messages.error(request, " ".join(error.messages))
            done = False
        if done:
            return redirect(request.path + (f"#{action}" if action in forms else ""))
    visible = roles["editor"] or meeting.locked
    pack = (
        documents.to_html(_pack(request.user, meeting), standalone=False) if roles["editor"] else ""
    )
    return render(
        request,
        "dialogues/meeting.html",
        {
            "owner": school.owner,
            "school": school,
            "meeting": meeting,
            "event": meeting.event,
            "forms": forms,
            "pack": pack,
            "visible": visible,
            "tasks": meeting.tasks.select_related("responsible") if visible else [],
            "agreements": meeting.agreements.select_related("responsible") if visible else [],
            "notes": meeting.pack_notes.select_related("author") if roles["editor"] else [],
            "states": Task.Status.choices,
            "participants": [
                str(Role(r).label) for r in meeting.event.participants if r in Role.values
            ],
            **roles,
        },
    )


def _pack(user, meeting: Meeting):
    school_side = access.is_school_member(user, meeting.school)
    return meeting_pack(meeting, school_side=school_side, reader=user)


def _meeting_action(request, meeting: Meeting, roles: dict, action: str, forms: dict) -> bool:
    user, school = request.user, meeting.school
    if action == "schedule":
        form = forms["schedule"] = ScheduleForm(
            request.POST, instance=Meeting.objects.get(pk=meeting.pk), prefix="schedule"
        )
        if form.is_valid():
            actions.schedule(
                user,
                meeting,
                form.cleaned_data["date"],
                form.cleaned_data["time"],
                form.cleaned_data["place"],
            )
            return True
    elif action == "note":
        form = forms["note"] = NoteForm(request.POST, prefix="note")
        if form.is_valid():
            actions.add_pack_note(user, meeting, form.cleaned_data["text"])
            return True
    elif action == "minutes":
        form = forms["minutes"] = MinutesForm(request.POST, prefix="minutes")
        if form.is_valid():
            actions.save_minutes(user, meeting, form.cleaned_data)
            messages.success(
                request, _("The minutes were saved. Both parties must approve them again.")
            )
            return True
    elif action == "task":
        form = forms["task"] = TaskForm(request.POST, prefix="task", school=school)
        if form.is_valid():
            actions.add_task(user, meeting, **form.cleaned_data)
            return True
    elif action == "agreement":
        form = forms["agreement"] = AgreementForm(request.POST, prefix="agreement", school=school)
        if form.is_valid():
            actions.add_agreement(user, meeting, form.cleaned_data)
            return True
    elif action == "addendum":
        form = forms["addendum"] = NoteForm(request.POST, prefix="addendum")
        if form.is_valid():
            actions.add_addendum(user, meeting, form.cleaned_data["text"])
            return True
    elif action == "state":
        actions.set_state(user, meeting, request.POST.get("state", ""))
        return True
    elif action in ("approve_owner", "approve_school"):
        as_owner = action == "approve_owner"
        if not (roles["owner_side"] if as_owner else roles["principal"]):
            raise PermissionDenied
        actions.approve(user, meeting, as_owner=as_owner)
        messages.success(request, _("You approved the minutes."))
        return True
    elif action == "task_status":
        try:
            task = meeting.tasks.get(pk=request.POST.get("task"))
        except (Task.DoesNotExist, ValueError):
            raise Http404 from None
        if not (roles["editor"] or task.responsible_id == user.pk):
            raise PermissionDenied
        actions.set_task_status(user, task, request.POST.get("status", ""))
        return True
    else:
        raise PermissionDenied
    return False


@access_rule("school_edit")
def meeting_pack_pdf(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    access.get_school(request.user, slug, pk, edit=True)
    meeting = _meeting(request.user, slug, pk, meeting_pk)
    roles = _roles(request.user, meeting)
    if not roles["editor"]:
        raise PermissionDenied
    response = HttpResponse(
        documents.to_pdf(_pack(request.user, meeting)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="pack-{meeting.pk}.pdf"'
    return response


@access_rule("school_view")
def agreement_detail(request: HttpRequest, slug: str, pk: int, agreement_pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    try:
        agreement = Agreement.objects.select_related("meeting__event", "responsible").get(
            meeting__school=school, pk=agreement_pk
        )
    except Agreement.DoesNotExist:
        raise Http404 from None
    roles = _roles(request.user, agreement.meeting)
    if not (roles["editor"] or agreement.meeting.locked):
        raise Http404
    note_form = NoteForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "sign_owner" and roles["owner_side"]:
                actions.sign(request.user, agreement, as_owner=True)
            elif action == "sign_school" and roles["principal"]:
                actions.sign(request.user, agreement, as_owner=False)
            elif action == "note" and roles["editor"]:
                note_form = NoteForm(request.POST)
                if not note_form.is_valid():
                    raise ValidationError(note_form.errors["text"])
                actions.note_agreement(request.user, agreement, note_form.cleaned_data["text"])
            elif action == "close" and roles["editor"]:
                actions.close_agreement(request.user, agreement)
            else:
                raise PermissionDenied
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect(request.path)
    return render(
        request,
        "dialogues/agreement.html",
        {
            "owner": school.owner,
            "school": school,
            "agreement": agreement,
            "note_form": note_form,
            **roles,
        },
    )


@access_rule("school_view")
def school_analysis(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    school_year = _year(year)
    analysis = SchoolAnalysis.objects.filter(school=school, school_year=school_year).first()
    leader = access.is_school_leader(request.user, school)
    form = AnalysisForm(instance=analysis)
    if request.method == "POST":
        if not leader:
            raise PermissionDenied
        if request.POST.get("action") == "release" and analysis:
            actions.release_analysis(request.user, analysis)
            messages.success(request, _("The analysis is now visible to the owner."))
            return redirect(request.path)
        form = AnalysisForm(
            request.POST,
            instance=analysis or SchoolAnalysis(school=school, school_year=school_year),
        )
        if form.is_valid():
            actions.save_analysis(request.user, form.save(commit=False))
            messages.success(request, _("Saved."))
            return redirect(request.path)
    shown = (
        analysis
        if analysis
        and access.may_read_school_work(request.user, school, bool(analysis.released_at))
        else None
    )
    return render(
        request,
        "dialogues/school_analysis.html",
        {
            "owner": school.owner,
            "school": school,
            "year": school_year,
            "analysis": shown,
            "form": form if leader else None,
        },
    )


@access_rule("owner_member")
def development_group(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner(request.user, slug)
    admin = access.is_owner_admin(request.user, owner)
    group = actions.group_for(owner)
    member = admin or group.members.filter(pk=request.user.pk).exists()
    forms = {
        "group": GroupForm(instance=group, prefix="group"),
        "meeting": GroupMeetingForm(prefix="meeting"),
        "proposal": ProposalForm(prefix="proposal"),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "proposal" and member:
            form = forms["proposal"] = ProposalForm(request.POST, prefix="proposal")
            if form.is_valid():
                actions.propose(request.user, group, form.cleaned_data["text"])
                messages.success(request, _("Your proposal was added."))
                return redirect(request.path)
        elif action in ("accept", "decline") and admin:
            try:
                proposal = group.proposals.get(pk=request.POST.get("proposal"), status="proposed")
            except (Proposal.DoesNotExist, ValueError):
                raise Http404 from None
            actions.decide_proposal(request.user, proposal, action == "accept")
            return redirect(request.path)
        elif action == "group" and admin:
            form = forms["group"] = GroupForm(request.POST, instance=group, prefix="group")
            if form.is_valid():
                actions.save_group(request.user, form)
                return redirect(request.path)
        elif action == "meeting" and admin:
            form = forms["meeting"] = GroupMeetingForm(request.POST, prefix="meeting")
            if form.is_valid():
                actions.add_group_meeting(request.user, group, form.save(commit=False))
                return redirect(request.path)
        else:
            raise PermissionDenied
    return render(
        request,
        "dialogues/development_group.html",
        {
            "owner": owner,
            "group": group,
            "admin": admin,
            "member": member,
            "forms": forms,
            "proposals": group.proposals.select_related("author").order_by("status", "-pk"),
        },
    )


@access_rule("public")
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    body = calendar.feed(token)
    if body is None:
        raise Http404
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")

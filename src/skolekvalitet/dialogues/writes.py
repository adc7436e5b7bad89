"""Every write of the annual cycle at its own URL with its own access rule (POST only). The
object comes through the same helpers as its page; a form that does not validate renders the
page again with what the person typed and the errors (400); nothing is written then."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.forms import add_validation_error
from skolekvalitet.organisations.schoolyears import current_school_year

from . import actions
from .forms import (
    AgreementForm,
    AnalysisForm,
    CycleCreateForm,
    EventForm,
    GroupForm,
    GroupMeetingForm,
    MinutesForm,
    NoteForm,
    ProposalForm,
    ScheduleForm,
    TaskForm,
    TaskStatusForm,
)
from .models import Agreement, Cycle, Event, Meeting, Proposal, SchoolAnalysis, Task
from .views import (
    agreement_page,
    analysis_page,
    cycle_of,
    cycle_page,
    get_agreement,
    get_meeting,
    group_page,
    is_group_member,
    meeting_page,
    meeting_roles,
    school_year,
)


def _saved(form, save: Callable[[dict], object]) -> bool:
    """Validate the form and save through the action; the action's refusals land on the form."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        add_validation_error(form, error)
        return False
    return True


def _done(request, url: str, error: ValidationError | None = None, success: str = ""):
    """After a write without a form: back to the page with what happened."""
    if error is not None:
        messages.error(request, " ".join(error.messages))
    elif success:
        messages.success(request, success)
    return redirect(url)


# The cycle ------------------------------------------------------------------------------------


@access_rule("personal")
@require_POST
def feed_renew(request: HttpRequest, slug: str) -> HttpResponse:
    access.get_owner(request.user, slug)
    actions.renew_feed(request.user)
    success = _("Your calendar address was renewed; the old one no longer works.")
    return _done(request, reverse("timeline", args=[slug]), success=success)


@access_rule("owner_admin")
@require_POST
def cycle_create(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    year = current_school_year()
    form = CycleCreateForm(request.POST)
    form.is_valid()  # two optional boxes: anything else reads as unticked
    options = form.cleaned_data
    source = (
        Cycle.objects.filter(owner=owner)
        .exclude(school_year=year)
        .order_by("-school_year__code")
        .first()
    )
    url = reverse("timeline", args=[slug])
    try:
        actions.create_cycle(
            request.user,
            owner,
            year,
            copy_from=source if options.get("copy") else None,
            empty=bool(options.get("empty")),
        )
    except ValidationError as error:
        return _done(request, url, error)
    return redirect(url)


def _cycle(request, slug: str, year: str) -> Cycle:
    owner = access.get_owner_as_admin(request.user, slug)
    cycle = cycle_of(owner, school_year(year))
    if cycle is None:
        raise Http404
    return cycle


def _event(cycle: Cycle, event_pk: int) -> Event:
    try:
        return cycle.events.get(pk=event_pk)
    except Event.DoesNotExist:
        raise Http404 from None


def _save_event(request, cycle: Cycle, event: Event, key) -> HttpResponse:
    form = EventForm(request.POST, instance=event, prefix=str(key))
    if _saved(form, lambda data: actions.save_event(request.user, form.save(commit=False))):
        messages.success(request, _("Saved."))
        return redirect("cycle_edit", cycle.owner.slug, cycle.school_year.code)
    return cycle_page(request, cycle, {key: form}, status=400)


@access_rule("owner_admin")
@require_POST
def event_add(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    cycle = _cycle(request, slug, year)
    return _save_event(request, cycle, Event(cycle=cycle, order=cycle.events.count()), "new")


@access_rule("owner_admin")
@require_POST
def event_save(request: HttpRequest, slug: str, year: str, event_pk: int) -> HttpResponse:
    cycle = _cycle(request, slug, year)
    return _save_event(request, cycle, _event(cycle, event_pk), event_pk)


@access_rule("owner_admin")
@require_POST
def event_delete(request: HttpRequest, slug: str, year: str, event_pk: int) -> HttpResponse:
    cycle = _cycle(request, slug, year)
    event = _event(cycle, event_pk)
    url = reverse("cycle_edit", args=[slug, year])
    try:
        actions.delete_event(request.user, event)
    except ValidationError as error:
        return _done(request, url, error)
    return _done(request, url, success=_("Deleted."))


# A meeting ------------------------------------------------------------------------------------


def _editor_meeting(request, slug: str, pk: int, meeting_pk: int) -> Meeting:
    meeting = get_meeting(request.user, slug, pk, meeting_pk)
    if not meeting_roles(request.user, meeting)["editor"]:
        raise PermissionDenied
    return meeting


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    args = [meeting.school.owner.slug, meeting.school_id, meeting.pk]
    return reverse("meeting", args=args) + anchor


def _meeting_form(request, meeting: Meeting, name: str, form, save, success="") -> HttpResponse:
    if _saved(form, save):
        return _done(request, _meeting_url(meeting, f"#{name}"), success=success)
    return meeting_page(request, meeting, {name: form}, status=400)


@access_rule("school_edit")
@require_POST
def meeting_schedule(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _editor_meeting(request, slug, pk, meeting_pk)
    form = ScheduleForm(
        request.POST, instance=Meeting.with_talk.get(pk=meeting.pk), prefix="schedule"
    )
    response = _meeting_form(
        request,
        meeting,
        "schedule",
        form,
        lambda d: actions.schedule(request.user, meeting, d["date"], d["time"], d["place"]),
    )
    others = actions.clashes(meeting) if response.status_code == 302 else []
    if others:  # a warning, not a block: two meetings of the school on one day
        messages.warning(
            request,
            _("Note: %(school)s has another meeting the same day: %(meetings)s.")
            % {"school": meeting.school.name, "meetings": ", ".join(m.event.name for m in others)},
        )
    return response


@access_rule("school_edit")
@require_POST
def meeting_note(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _editor_meeting(request, slug, pk, meeting_pk)
    form = NoteForm(request.POST, prefix="note")
    return _meeting_form(
        request,
        meeting,
        "note",
        form,
        lambda d: actions.add_pack_note(request.user, meeting, d["text"]),
    )


@access_rule("school_edit")
@require_POST
def meeting_minutes(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _editor_meeting(request, slug, pk, meeting_pk)
    form = MinutesForm(request.POST, prefix="minutes")
    return _meeting_form(
        request,
        meeting,
        "minutes",
        form,
        lambda d: actions.save_minutes(request.user, meeting, d),
        _("The minutes were saved. Both parties must approve them again."),
    )


@access_rule("school_edit")
@require_POST
def meeting_task(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _editor_meeting(request, slug, pk, meeting_pk)
    form = TaskForm(request.POST, prefix="task", meeting=meeting)
    return _meeting_form(
        request, meeting, "task", form, lambda d: actions.add_task(request.user, meeting, **d)
    )


@access_rule("school_edit")
@require_POST
def meeting_agreement(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _editor_meeting(request, slug, pk, meeting_pk)
    form = AgreementForm(request.POST, prefix="agreement", meeting=meeting)
    return _meeting_form(
        request,
        meeting,
        "agreement",
        form,
        lambda d: actions.add_agreement(request.user, meeting, d),
    )


@access_rule("school_edit")
@require_POST
def meeting_addendum(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _editor_meeting(request, slug, pk, meeting_pk)
    form = NoteForm(request.POST, prefix="addendum")
    return _meeting_form(
        request,
        meeting,
        "addendum",
        form,
        lambda d: actions.add_addendum(request.user, meeting, d["text"]),
    )


def _approve(request, meeting: Meeting, *, as_owner: bool) -> HttpResponse:
    try:
        actions.approve(request.user, meeting, as_owner=as_owner)
    except ValidationError as error:
        return _done(request, _meeting_url(meeting), error)
    return _done(request, _meeting_url(meeting), success=_("You approved the minutes."))


def _as_owner_admin(request, slug: str, rows, **lookup):
    """An object for a write by the owner's administrators: 404 when it does not exist for the
    person (another owner's, a development talk they are not party to), else 403 unless they
    administer the owner (who sees every school)."""
    owner = access.get_owner(request.user, slug)
    path = rows.model.TALK_PATH
    try:
        found = rows.for_reader(request.user).get(**{f"{path}school__owner": owner}, **lookup)
    except rows.model.DoesNotExist:
        raise Http404 from None
    if not access.is_owner_admin(request.user, owner):
        raise PermissionDenied
    return found


@access_rule("owner_admin")
@require_POST
def meeting_approve_owner(request, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _as_owner_admin(request, slug, Meeting.with_talk, school_id=pk, pk=meeting_pk)
    return _approve(request, meeting, as_owner=True)


@access_rule("principal")
@require_POST
def meeting_approve_school(request, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, slug, pk, meeting_pk)
    if not access.is_principal(request.user, meeting.school):
        raise PermissionDenied
    return _approve(request, meeting, as_owner=False)


@access_rule("school_personal")
@require_POST
def task_status(request: HttpRequest, slug: str, pk: int, task_pk: int) -> HttpResponse:
    """The person responsible for a task, or an editor, sets its status."""
    school = access.get_school(request.user, slug, pk)
    try:
        task = (
            Task.with_talk.for_reader(request.user)
            .select_related("meeting__school__owner")
            .get(meeting__school=school, pk=task_pk)
        )
    except Task.DoesNotExist:
        raise Http404 from None
    meeting = task.meeting
    roles = meeting_roles(request.user, meeting)
    if not (roles["editor"] or meeting.locked):
        raise Http404  # like the list of tasks, which shows only then
    if not (roles["editor"] or task.responsible_id == request.user.pk):
        raise PermissionDenied
    form = TaskStatusForm(request.POST)
    if not form.is_valid():
        return _done(request, _meeting_url(meeting), ValidationError(_("Choose a status.")))
    actions.set_task_status(request.user, task, form.cleaned_data["status"])
    return redirect(_meeting_url(meeting, "#tasks-h"))


# An agreement ---------------------------------------------------------------------------------


def _agreement_url(agreement) -> str:
    school = agreement.meeting.school
    return reverse("agreement", args=[school.owner.slug, school.pk, agreement.pk])


def _agreement_write(request, agreement, write) -> HttpResponse:
    try:
        write()
    except ValidationError as error:
        return _done(request, _agreement_url(agreement), error)
    return _done(request, _agreement_url(agreement), success=_("Saved."))


@access_rule("owner_admin")
@require_POST
def agreement_sign_owner(request, slug: str, pk: int, agreement_pk: int) -> HttpResponse:
    agreement = _as_owner_admin(
        request, slug, Agreement.with_talk, meeting__school_id=pk, pk=agreement_pk
    )
    return _agreement_write(
        request, agreement, lambda: actions.sign(request.user, agreement, as_owner=True)
    )


@access_rule("principal")
@require_POST
def agreement_sign_school(request, slug: str, pk: int, agreement_pk: int) -> HttpResponse:
    agreement = get_agreement(request.user, slug, pk, agreement_pk)
    if not access.is_principal(request.user, agreement.meeting.school):
        raise PermissionDenied
    return _agreement_write(
        request, agreement, lambda: actions.sign(request.user, agreement, as_owner=False)
    )


def _editor_agreement(request, slug: str, pk: int, agreement_pk: int):
    agreement = get_agreement(request.user, slug, pk, agreement_pk)
    if not meeting_roles(request.user, agreement.meeting)["editor"]:
        raise PermissionDenied
    return agreement


@access_rule("school_edit")
@require_POST
def agreement_note(request, slug: str, pk: int, agreement_pk: int) -> HttpResponse:
    agreement = _editor_agreement(request, slug, pk, agreement_pk)
    form = NoteForm(request.POST)
    if _saved(form, lambda d: actions.note_agreement(request.user, agreement, d["text"])):
        return redirect(_agreement_url(agreement))
    return agreement_page(request, agreement, form, status=400)


@access_rule("school_edit")
@require_POST
def agreement_close(request, slug: str, pk: int, agreement_pk: int) -> HttpResponse:
    agreement = _editor_agreement(request, slug, pk, agreement_pk)
    return _agreement_write(
        request, agreement, lambda: actions.close_agreement(request.user, agreement)
    )


# The school's own analysis --------------------------------------------------------------------


@access_rule("school_lead")
@require_POST
def analysis_save(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school_as_leader(request.user, slug, pk)
    found = school_year(year)
    analysis = SchoolAnalysis.objects.filter(school=school, school_year=found).first()
    form = AnalysisForm(
        request.POST, instance=analysis or SchoolAnalysis(school=school, school_year=found)
    )
    if _saved(form, lambda d: actions.save_analysis(request.user, form.save(commit=False))):
        messages.success(request, _("Saved."))
        return redirect("school_analysis", slug, pk, year)
    return analysis_page(request, school, found, form, status=400)


@access_rule("school_lead")
@require_POST
def analysis_release(request: HttpRequest, slug: str, pk: int, year: str) -> HttpResponse:
    school = access.get_school_as_leader(request.user, slug, pk)
    analysis = SchoolAnalysis.objects.filter(school=school, school_year=school_year(year)).first()
    url = reverse("school_analysis", args=[slug, pk, year])
    if analysis is None:
        return _done(request, url, ValidationError(_("Write the analysis before releasing it.")))
    try:
        version = actions.release_analysis(request.user, analysis)
    except ValidationError as error:
        return _done(request, url, error)
    success = _("Version %(number)d of the analysis is now visible to the owner.") % {
        "number": version.number
    }
    return _done(request, url, success=success)


# The development group ------------------------------------------------------------------------


@access_rule("personal")
@require_POST
def group_propose(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner(request.user, slug)
    group = actions.group_for(owner)
    if not is_group_member(request.user, owner, group):
        raise PermissionDenied
    form = ProposalForm(request.POST, prefix="proposal")
    if _saved(form, lambda d: actions.propose(request.user, group, d["text"])):
        messages.success(request, _("Your proposal was added."))
        return redirect("development_group", slug)
    return group_page(request, owner, {"proposal": form}, status=400)


def _decide(request, slug: str, proposal_pk: int, accept: bool) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    try:
        proposal = actions.group_for(owner).proposals.get(pk=proposal_pk, status="proposed")
    except Proposal.DoesNotExist:
        raise Http404 from None
    actions.decide_proposal(request.user, proposal, accept)
    return redirect("development_group", slug)


@access_rule("owner_admin")
@require_POST
def proposal_accept(request: HttpRequest, slug: str, proposal_pk: int) -> HttpResponse:
    return _decide(request, slug, proposal_pk, True)


@access_rule("owner_admin")
@require_POST
def proposal_decline(request: HttpRequest, slug: str, proposal_pk: int) -> HttpResponse:
    return _decide(request, slug, proposal_pk, False)


@access_rule("owner_admin")
@require_POST
def group_save(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    form = GroupForm(request.POST, instance=actions.group_for(owner), prefix="group")
    if _saved(form, lambda d: actions.save_group(request.user, form)):
        return redirect("development_group", slug)
    return group_page(request, owner, {"group": form}, status=400)


@access_rule("owner_admin")
@require_POST
def group_meeting_add(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    group = actions.group_for(owner)
    form = GroupMeetingForm(request.POST, prefix="meeting")
    if _saved(form, lambda d: actions.add_group_meeting(request.user, group, form.save(False))):
        return redirect("development_group", slug)
    return group_page(request, owner, {"meeting": form}, status=400)

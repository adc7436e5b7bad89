"""Taking part in a meeting and its minutes for the archive: a participant's input (its own
POST URL; the event must name the person's role, else 403), and the approved minutes as one
Document rendered as PDF and Word."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skolekvalitet.documents import present
from skolekvalitet.documents import render as documents
from skolekvalitet.documents.model import Document, Heading, Paragraph, Table
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.roles import Role

from . import actions
from .forms import ContributionEditForm, ContributionForm, MinutesForm
from .models import Addendum, Agreement, Contribution, Meeting, Task
from .participation import contribution_blocks, contributor_role
from .views import get_meeting
from .writes import _done, _meeting_form, _meeting_url

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@access_rule("school_personal")
@require_POST
def meeting_input(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting(request.user, slug, pk, meeting_pk)
    role = contributor_role(request.user, meeting)
    if role is None:
        raise PermissionDenied  # the event does not name the person's role
    form = ContributionForm(request.POST, prefix="input")
    return _meeting_form(
        request,
        meeting,
        "input",
        form,
        lambda d: actions.add_contribution(request.user, meeting, role, d["text"]),
        _("Your input was added to the meeting pack."),
    )


def _own_input(request, slug: str, pk: int, meeting_pk: int, contribution_pk: int):
    """The meeting and the person's own contribution to it (403 for anyone else's)."""
    meeting = get_meeting(request.user, slug, pk, meeting_pk)
    contribution = get_object_or_404(Contribution, pk=contribution_pk, meeting=meeting)
    if contribution.author_id != request.user.pk:
        raise PermissionDenied  # only its author changes or deletes a contribution
    return meeting, contribution


@access_rule("school_personal")
@require_POST
def meeting_input_edit(
    request: HttpRequest, slug: str, pk: int, meeting_pk: int, contribution_pk: int
) -> HttpResponse:
    meeting, contribution = _own_input(request, slug, pk, meeting_pk, contribution_pk)
    try:
        actions.check_own_open_input(request.user, contribution)
    except ValidationError as error:  # approved minutes: no form to show the refusal on
        return _done(request, _meeting_url(meeting, "#input-h"), error)
    name = f"input-{contribution.pk}"
    return _meeting_form(
        request,
        meeting,
        name,
        ContributionEditForm(request.POST, prefix=name),
        lambda d: actions.edit_contribution(request.user, contribution, d["text"]),
        _("Your input was changed."),
    )


@access_rule("school_personal")
@require_POST
def meeting_input_delete(
    request: HttpRequest, slug: str, pk: int, meeting_pk: int, contribution_pk: int
) -> HttpResponse:
    meeting, contribution = _own_input(request, slug, pk, meeting_pk, contribution_pk)
    url = _meeting_url(meeting, "#input-h")
    try:
        actions.delete_contribution(request.user, contribution)
    except ValidationError as error:
        return _done(request, url, error)
    return _done(request, url, success=_("Your input was deleted."))


def _when(moment) -> str:
    return present.date(moment) if moment else ""


def minutes_document(meeting: Meeting, language: str) -> Document:
    """The approved minutes: participants, notes per phase, decisions, the participants' input,
    tasks, agreements, approvals and addenda."""
    event = meeting.event
    doc = Document(
        _("Minutes: %(meeting)s") % {"meeting": f"{event.name} – {meeting.school.name}"},
        language,
        present.date(meeting.date) + (f", {meeting.place}" if meeting.place else ""),
    )
    roles = [str(Role(r).label) for r in event.participants if r in Role.values]
    doc.add(Paragraph(_("Participants: %(roles)s") % {"roles": ", ".join(roles) or "–"}))
    form = MinutesForm(instance=meeting)
    for name in ("notes_open", "notes_main", "notes_close", "decisions"):
        doc.add(Heading(1, str(form.fields[name].label)))
        doc.add(Paragraph(getattr(meeting, name) or "–"))
    doc.add(Heading(1, _("Participants' input")))
    for block in contribution_blocks(meeting):
        doc.add(block)
    doc.add(Heading(1, _("Intermediate work")))
    tasks = Task.with_talk.filter(meeting=meeting).select_related("responsible")
    doc.add(
        Table(
            _("Tasks"),
            (_("Task"), _("Responsible"), _("Deadline"), _("Status")),
            tuple(
                (t.title, t.responsible.name, _when(t.deadline), str(t.get_status_display()))
                for t in tasks
            ),
        )
        if tasks
        else Paragraph(_("No tasks."))
    )
    agreements = Agreement.with_talk.filter(meeting=meeting).select_related("responsible")
    doc.add(Heading(1, _("Follow-up agreements")))
    doc.add(
        Table(
            _("Follow-up agreements"),
            (_("Area"), _("What must be done"), _("By whom"), _("By when"), _("Follow-up")),
            tuple(
                (
                    str(a.get_area_display()),
                    a.what,
                    a.responsible.name,
                    _when(a.deadline),
                    _when(a.follow_up),
                )
                for a in agreements
            ),
        )
        if agreements
        else Paragraph(_("No follow-up agreements."))
    )
    doc.add(Heading(1, _("Approval")))
    for label, who, at in (
        (_("For the owner"), meeting.owner_approved_by, meeting.owner_approved_at),
        (_("For the school"), meeting.school_approved_by, meeting.school_approved_at),
    ):
        doc.add(Paragraph(f"{label}: {who.name if who else '–'} {_when(at)}".strip()))
    for addendum in Addendum.with_talk.filter(meeting=meeting).select_related("author"):
        doc.add(
            Paragraph(
                _("Addendum (%(date)s): %(text)s")
                % {"date": _when(addendum.created), "text": addendum.text}
            )
        )
    return doc


def _approved_minutes(request, slug: str, pk: int, meeting_pk: int) -> Document:
    meeting = get_meeting(request.user, slug, pk, meeting_pk)
    if not meeting.locked:
        raise Http404  # only approved minutes are a document for the archive
    return minutes_document(meeting, (request.LANGUAGE_CODE or "nb")[:2]), meeting


@access_rule("school_view")
def meeting_minutes_pdf(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    doc, meeting = _approved_minutes(request, slug, pk, meeting_pk)
    return HttpResponse(
        documents.to_pdf(doc),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="referat-{meeting.pk}.pdf"'},
    )


@access_rule("school_view")
def meeting_minutes_docx(request: HttpRequest, slug: str, pk: int, meeting_pk: int) -> HttpResponse:
    doc, meeting = _approved_minutes(request, slug, pk, meeting_pk)
    return HttpResponse(
        documents.to_docx(doc),
        content_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="referat-{meeting.pk}.docx"'},
    )

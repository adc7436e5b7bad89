"""Every write of the status report at its own URL with its own access rule (the owner's
administrators; POST only, but a publishing step's GET is the page that explains it to confirm).
The edit page's buttons post its one form to these addresses."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.schoolyears import current_school_year

from . import actions, steps, tasks
from .forms import GenerateForm
from .models import NARRATIVES, StatusReport
from .views import edit_page, get_report, step_page


def _report(request, slug: str, year: str) -> StatusReport:
    return get_report(access.get_owner_as_admin(request.user, slug), year, admin=True)


def _done(request, report, write) -> HttpResponse:
    """Save what is typed on the edit page first (the page again with its errors and what was
    typed, and nothing else done, when that fails); then the write."""
    refused = _save_typed(request, report)
    if refused is not None:
        return refused
    try:
        write()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("report_edit", report.owner.slug, report.school_year.code)


@access_rule("owner_admin")
@require_POST
def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    report, _created = StatusReport.objects.get_or_create(
        owner=owner,
        school_year=current_school_year(),
        defaults={"language": owner.default_language},
    )
    return redirect("report_edit", slug, report.school_year.code)


@access_rule("owner_admin")
@require_POST
def report_save(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    report = _report(request, slug, year)
    texts = {key: request.POST.get(key, "") for key in NARRATIVES}
    try:
        actions.save_narratives(request.user, report, texts)
    except ValidationError as error:
        return _refused(request, report, texts, error)
    messages.success(request, _("Saved."))
    return redirect("report_edit", slug, year)


@access_rule("owner_admin")
@require_POST
def report_save_preview(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    """Save what is typed, then open the preview in the language of the button pressed
    (?lang=, checked by the preview)."""
    report = _report(request, slug, year)
    refused = _save_typed(request, report)
    if refused is not None:
        return refused
    query = urlencode({"lang": request.GET.get("lang", "")})
    return redirect(f"{reverse('report_preview', args=[slug, year])}?{query}")


def _save_typed(request, report: StatusReport) -> HttpResponse | None:
    """Save the narratives posted with a button of the edit page, while the report is a draft
    (a final one shows them read-only). The refusal to return when they cannot be saved."""
    typed = {key: request.POST[key] for key in NARRATIVES if key in request.POST}
    if not typed or report.status != StatusReport.Status.DRAFT:
        return None
    try:
        actions.save_narratives(request.user, report, typed)
    except ValidationError as error:
        return _refused(request, report, typed, error)
    return None


def _refused(request, report, typed: dict[str, str], error: ValidationError) -> HttpResponse:
    """The edit page again with what was typed, the errors said at the top and at their
    fields."""
    for message in error.messages:
        messages.error(request, message)
    fields = error.message_dict if hasattr(error, "error_dict") else {}
    return edit_page(request, report, typed=typed, errors=fields, status=400)


@access_rule("owner_admin")
@require_POST
def report_accept_draft(request: HttpRequest, slug: str, year: str, chapter: str) -> HttpResponse:
    """Save what is typed, then take the chapter's generated draft into its assessment."""
    report = _report(request, slug, year)
    return _done(request, report, lambda: actions.accept_draft(request.user, report, chapter))


@access_rule("owner_admin")
@require_POST
def report_internal_control(
    request: HttpRequest, slug: str, year: str, include: bool
) -> HttpResponse:
    """Include or leave out the chapter on internal control (`include`, fixed by the URL)."""
    report = _report(request, slug, year)
    return _done(
        request, report, lambda: actions.set_internal_control(request.user, report, include)
    )


@access_rule("owner_admin")
@require_POST
def report_version(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    report = _report(request, slug, year)
    return _done(request, report, lambda: actions.save_version(request.user, report))


def _step(request, report: StatusReport, step: str, act) -> HttpResponse:
    """A step of the report's path, confirmed first. GET: the page that explains it, with its
    «Yes»; the edit page's button saves what is typed, then shows that page; its «Yes»
    (`confirm`) takes the step and says what it did."""
    if request.method == "GET":
        return step_page(request, report, step)
    if "confirm" not in request.POST:
        return _save_typed(request, report) or redirect(request.path)
    try:
        version = act()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, steps.done(report, step, version))
    return redirect("report_edit", report.owner.slug, report.school_year.code)


@access_rule("owner_admin")
@require_http_methods(["GET", "POST"])
def report_status(request: HttpRequest, slug: str, year: str, status: str) -> HttpResponse:
    """Draft, final or published (`status`, fixed by the URL: one URL per state)."""
    report = _report(request, slug, year)
    return _step(request, report, status, lambda: actions.set_status(request.user, report, status))


@access_rule("owner_admin")
@require_http_methods(["GET", "POST"])
def report_public(request: HttpRequest, slug: str, year: str, public: bool) -> HttpResponse:
    report = _report(request, slug, year)
    return _step(
        request,
        report,
        "public" if public else "private",
        lambda: actions.set_public(request.user, report, public),
    )


@access_rule("owner_admin")
@require_POST
def report_file(request: HttpRequest, slug: str, year: str, fmt: str) -> HttpResponse:
    """Make a PDF or DOCX (`fmt`, fixed by the URL) in the background, in the chosen language."""
    report = _report(request, slug, year)
    refused = _save_typed(request, report)  # the file has what is typed
    if refused is not None:
        return refused
    form = GenerateForm(request.POST)
    if not form.is_valid():
        return edit_page(request, report, form=form, status=400)
    job = tasks.start(request.user, report, fmt, form.cleaned_data["language"])
    return redirect("report_job", slug, year, job.pk)

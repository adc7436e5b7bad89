"""The owner's background jobs: what runs, what failed and why, and a retry for a failed one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule

from . import jobs, logs
from .health import uses_worker


@access_rule("owner_admin")
def job_list(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    recent = owner.background_jobs.select_related("created_by")[:50]
    return render(
        request,
        "ops/jobs.html",
        {"owner": owner, "jobs": recent, "worker": uses_worker()},
    )


@access_rule("owner_admin")
@require_POST
def job_retry(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    given = request.POST.get("job", "")
    job = owner.background_jobs.filter(pk=given).first() if given.isdigit() else None
    if job is None:
        messages.error(request, _("Choose a task to try again."))
    else:
        try:
            jobs.retry(request.user, job)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The task is queued again."))
    return redirect("job_list", owner.slug)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page (handler500): both written languages and English, and the request id to
    quote. It uses no request context, which may be what failed."""
    template = loader.get_template("500.html")
    body = template.render({"languages": ("nb", "nn", "en"), "request_id": logs.request_id.get()})
    return HttpResponseServerError(body)

"""The status report pages. Objects come only through access helpers."""

import itertools

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from skolekvalitet.documents import present
from skolekvalitet.documents import render as documents
from skolekvalitet.documents.versions import version_diff
from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.models import Owner
from skolekvalitet.organisations.schoolyears import current_school_year

from . import actions, published, steps, summary, tasks
from .build import chapter_titles, edit_state
from .forms import GenerateForm
from .models import (
    ASSESSED_CHAPTERS,
    NARRATIVES,
    Narrative,
    ReportJob,
    ReportVersion,
    StatusReport,
)
from .narratives import LIMITS, clean, contains, length
from .tasks import file_name

LANGUAGE_NAMES = (("nb", "Bokmål"), ("nn", "Nynorsk"))  # each in its own language
READABLE = (StatusReport.Status.FINAL, StatusReport.Status.PUBLISHED)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}


def get_report(owner: Owner, year: str, *, admin: bool) -> StatusReport:
    """A report of the owner; drafts only for its administrators (a draft once published is
    read by the others as it was published: published.document(reader=True))."""
    try:
        report = owner.reports.select_related("school_year").get(school_year__code=year)
    except StatusReport.DoesNotExist:
        raise Http404 from None
    if not admin and not _readable_by_all(report):
        raise Http404
    return report


def _readable_by_all(report: StatusReport) -> bool:
    """Final or published now, or published before and being revised."""
    return report.status in READABLE or published.last_published_version(report) is not None


def _shown_version(report: StatusReport, reader: bool):
    """The published version a reader is shown while the report is revised, else None."""
    if not reader or report.status == StatusReport.Status.PUBLISHED:
        return None
    return published.last_published_version(report)


def _version_line(version) -> str:
    """ "Published version 3, 2. desember 2026" for the version shown."""
    if version is None:
        return ""
    return _("Published version %(number)s, %(date)s") % {
        "number": version.number,
        "date": present.date(version.at),
    }


@access_rule("owner_member")
def report_list(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner(request.user, slug)
    admin = access.is_owner_admin(request.user, owner)
    reports = owner.reports.select_related("school_year").order_by("-school_year__code")
    if not admin:
        reports = [r for r in reports if _readable_by_all(r)]
    for r in reports:
        r.published = published.last_published_version(r)  # its files to download
        if not admin:
            r.shown = _version_line(_shown_version(r, reader=True))
        elif r.status != StatusReport.Status.PUBLISHED:  # being revised: what readers see
            r.earlier = _version_line(r.published)
    this_year = current_school_year()
    started = any(r.school_year_id == this_year.pk for r in reports)
    return render(
        request,
        "reporting/report_list.html",
        {"owner": owner, "reports": reports, "admin": admin, "started": started},
    )


@access_rule("owner_admin")
def report_edit(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    return edit_page(request, get_report(owner, year, admin=True))


def edit_page(
    request, report: StatusReport, typed=None, form=None, status=200, errors=None
) -> HttpResponse:
    """typed: the narratives as posted, when saving them failed, and errors: what was wrong,
    by narrative; form: a failed GenerateForm. The sections follow the report's order; each
    chapter's has its generated draft; a text with a length limit shows its count."""
    owner, year = report.owner, report.school_year.code
    previous = Narrative.objects.filter(
        report__owner=owner, report__school_year__code__lt=year
    ).order_by("-report__school_year__code")
    previous_text = {}
    for n in previous:
        previous_text.setdefault(n.key, n.html)
    current = (
        {k: clean(v) for k, v in typed.items()}
        if typed
        else {n.key: n.html for n in report.narratives.all()}
    )
    filled, drafts = edit_state(report)  # drafts in the report's language
    titles = chapter_titles()
    keys = ["foreword", "summary"]
    keys += [
        f"a_{key}"
        for key in ASSESSED_CHAPTERS
        if key != "internal_control" or report.internal_control
    ]
    keys += ["assessment", "measures"]
    sections = []
    for key in keys:
        chapter = key[2:] if key.startswith("a_") else ""
        draft = drafts.get(chapter, "") if chapter else ""
        label = f"{titles[chapter]}: {NARRATIVES[key][0]}" if chapter else str(NARRATIVES[key][0])
        sections.append(
            {
                "key": key,
                "chapter": chapter,
                "label": label,
                "text": current.get(key, ""),
                "previous": mark_safe(previous_text.get(key, "")),
                # Offered until it is taken into the text.
                "draft": mark_safe(draft) if not contains(current.get(key, ""), draft) else "",
                "limit": LIMITS.get(key),
                "length": length(current.get(key, "")),
                "errors": (errors or {}).get(key, []),
            }
        )
    return render(
        request,
        "reporting/report_edit.html",
        {
            "owner": owner,
            "report": report,
            "sections": sections,
            "editable": report.status == StatusReport.Status.DRAFT,
            "drafted": any(s["draft"] for s in sections),
            "preview_languages": LANGUAGE_NAMES,
            "generate": form or GenerateForm(initial={"language": report.language}),
            "missing": actions.missing_sections(report, filled),
            "versions": report.versions.select_related("saved_by"),
            "jobs": report.jobs.all()[:5],
            "published_version": published.last_published_version(report),
            "path": steps.path(report),
            "where": steps.where(report),
        },
        status=status,
    )


def step_page(request, report: StatusReport, step: str) -> HttpResponse:
    """What a step of the report's path does, to confirm or cancel; the edit page with the
    reason when it cannot be taken now."""
    refusal = steps.refusal(report, step)
    if refusal:
        messages.error(request, refusal)
        return redirect("report_edit", report.owner.slug, report.school_year.code)
    return render(
        request,
        "reporting/report_step.html",
        {
            "owner": report.owner,
            "report": report,
            "step": steps.explain(report, step),
            "where": steps.where(report),
        },
    )


def _readable(request: HttpRequest, slug: str, year: str, default: str = ""):
    """The owner, the report (a draft only for the owner's administrators), the language
    asked for (?lang=, else `default`, else the report's), with the form that checked it, and
    whether the user only reads the report (not one of its administrators)."""
    owner = access.get_owner(request.user, slug)
    admin = access.is_owner_admin(request.user, owner)
    report = get_report(owner, year, admin=admin)
    choice = GenerateForm({"language": request.GET.get("lang") or default or report.language})
    return owner, report, choice, not admin


def _document_page(request: HttpRequest, slug: str, year: str, build, template: str):
    """A report document as a page, in the language asked for, else the reader's own when it is
    Bokmål or Nynorsk, else the report's (a wrong one is said, and the report's own is shown);
    with links to it in each."""
    interface = translation.get_language()
    default = interface if interface in dict(LANGUAGE_NAMES) else ""
    owner, report, choice, reader = _readable(request, slug, year, default)
    if not choice.is_valid():
        messages.error(request, " ".join(choice.errors["language"]))
    doc = build(report, choice.cleaned_data.get("language"), reader=reader)
    # The published version whose copy the page shows (as published.document picks it).
    version = (
        published.last_published_version(report) if reader else published.published_version(report)
    )
    return render(
        request,
        template,
        {
            "owner": owner,
            "report": report,
            "body": mark_safe(documents.to_html(doc, standalone=False)),
            "language": doc.language,
            "report_languages": [
                (code, name, f"{request.path}?{urlencode({'lang': code})}")
                for code, name in LANGUAGE_NAMES
            ],
            "shown": _version_line(_shown_version(report, reader)),
            "downloads": _downloads(
                "report_published", [owner.slug, report.school_year.code], version, doc.language
            ),
        },
        status=200 if choice.is_valid() else 400,
    )


def _downloads(name: str, args: list, version, language: str) -> dict | None:
    """The links to a published version's files in the language ({format: address}); {}
    while they are being made, None without a published version."""
    if version is None:
        return None
    if not all(tasks.published_files(version, language).values()):
        return {}
    query = urlencode({"version": version.number, "lang": language})
    return {fmt: f"{reverse(f'{name}_{fmt}', args=args)}?{query}" for fmt in published.FORMATS}


def _asked_version(request: HttpRequest, versions: list):
    """The published version asked for (?version=N), else the newest; any other number: 404."""
    if not versions:
        raise Http404
    number = request.GET.get("version")
    if not number:
        return versions[0]
    for version in versions:
        if str(version.number) == number:
            return version
    raise Http404


def _published_file(request, report: StatusReport, version, language: str, fmt: str):
    """A published version's file as it was made from its copy; a page saying it is being
    made until it is."""
    if not tasks.published_files(version, language)[fmt]:
        return render(
            request,
            "reporting/report_file_waiting.html",
            {"report": report, "owner": report.owner},
        )
    name = published.file_name(version, language, fmt)
    download = (
        f"tilstandsrapport-{report.owner.slug}-{report.school_year.code}"
        f"-v{version.number}-{language}.{fmt}"
    )
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=download,
        content_type=CONTENT_TYPES[fmt],
    )


@access_rule("owner_member")
def report_published_file(request: HttpRequest, slug: str, year: str, fmt: str) -> HttpResponse:
    """The whole report as published, as PDF or Word (`fmt`, fixed by the URL), for everyone
    who reads it; a draft never (only published versions, ?version=N, else the newest)."""
    _owner, report, choice, _reader = _readable(request, slug, year)
    version = _asked_version(request, published.published_versions(report))
    if not choice.is_valid():
        return _refused_language(choice)
    return _published_file(request, report, version, choice.cleaned_data["language"], fmt)


def _refused_language(choice: GenerateForm) -> HttpResponse:
    return HttpResponse(
        " ".join(choice.errors["language"]), status=400, content_type="text/plain; charset=utf-8"
    )


@access_rule("owner_member")
def report_preview(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    return _document_page(request, slug, year, published.document, "reporting/report_preview.html")


@access_rule("owner_member")
def report_summary(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    """The one-page summary for politicians, read from the report as published."""
    return _document_page(request, slug, year, summary.summary, "reporting/report_summary.html")


@access_rule("owner_member")
def report_summary_pdf(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    owner, report, choice, reader = _readable(request, slug, year)
    if not choice.is_valid():
        return _refused_language(choice)
    doc = summary.summary(report, choice.cleaned_data["language"], reader=reader)
    response = HttpResponse(documents.to_pdf(doc, one_page=True), content_type="application/pdf")
    name = f"samandrag-{owner.slug}-{year}-{doc.language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@access_rule("owner_admin")
def report_versions(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    report = get_report(owner, year, admin=True)
    versions = list(report.versions.select_related("saved_by"))
    for older, newer in itertools.pairwise(versions):
        newer.changes = version_diff(older, newer)
    # Each published version with its files; one published again later says by which.
    for version in versions:
        version.replaced_by = version.downloads = None
    issued = [v for v in versions if v.kind == ReportVersion.Kind.PUBLISHED]
    for version, later in itertools.zip_longest(issued, issued[1:]):
        version.replaced_by = later
        version.downloads = _downloads(
            "report_published", [owner.slug, report.school_year.code], version, report.language
        )
    return render(
        request,
        "reporting/report_versions.html",
        {"owner": owner, "report": report, "versions": versions[::-1]},
    )


@access_rule("owner_admin")
def report_job(request: HttpRequest, slug: str, year: str, job: int) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    report = get_report(owner, year, admin=True)
    try:
        found = report.jobs.get(pk=job)
    except ReportJob.DoesNotExist:
        raise Http404 from None
    if request.GET.get("download") and found.done and not found.error:
        if not default_storage.exists(file_name(found)):
            raise Http404  # removed from the storage since
        name = f"tilstandsrapport-{owner.slug}-{year}-{found.language}.{found.fmt}"
        return FileResponse(
            default_storage.open(file_name(found), "rb"),
            as_attachment=True,
            filename=name,
            content_type=CONTENT_TYPES[found.fmt],
        )
    template = "reporting/_job.html" if request.htmx else "reporting/report_job.html"
    # Nobody has taken the task after a minute: no worker is probably running.
    waited = (timezone.now() - found.created).total_seconds()
    unattended = not found.done and not found.progress and waited > 60
    context = {"owner": owner, "report": report, "job": found, "unattended": unattended}
    return render(request, template, context)


def _public(slug: str, year: str) -> StatusReport:
    """A report its owner has made public, with a published version; else 404."""
    report = StatusReport.objects.filter(owner__slug=slug, school_year__code=year, public=True)
    report = report.select_related("owner", "school_year").first()
    if report is None:
        raise Http404
    return report


@access_rule("public")
def public_report(request: HttpRequest, slug: str, year: str) -> HttpResponse:
    """A published version (?version=N, else the newest), from the copy stored when it was
    published: it stays here while the report is revised, until a newer version is published.
    In Bokmål or Nynorsk (?lang=, else the report's language), the whole page."""
    report = _public(slug, year)
    versions = published.published_versions(report)
    version = _asked_version(request, versions)
    choice = GenerateForm({"language": request.GET.get("lang") or report.language})
    language = choice.cleaned_data["language"] if choice.is_valid() else report.language
    newest = versions[0]

    def here(**query) -> str:
        return f"{request.path}?{urlencode(query)}"

    with translation.override(language):
        if not choice.is_valid():
            messages.error(request, " ".join(choice.errors["language"]))
        doc = published.copy(report, version, language)
        older = {"version": version.number} if version != newest else {}
        response = render(
            request,
            "reporting/report_public.html",
            {
                "report": report,
                "body": mark_safe(documents.to_html(doc, standalone=False)),
                "language": language,
                "shown": _version_line(version),
                "older": version != newest,
                "current_url": here(lang=language),
                "report_languages": [
                    (code, name, here(lang=code, **older)) for code, name in LANGUAGE_NAMES
                ],
                "versions": [
                    {
                        "line": _version_line(v),
                        "current": v == newest,
                        "shown": v == version,
                        "url": here(
                            lang=language, **({"version": v.number} if v != newest else {})
                        ),
                    }
                    for v in versions
                ],
                "downloads": _downloads("public_report", [slug, year], version, language),
            },
            status=200 if choice.is_valid() else 400,
        )
    response["Content-Language"] = language
    return response


@access_rule("public")
def public_report_file(request: HttpRequest, slug: str, year: str, fmt: str) -> HttpResponse:
    """The public page's report as published, as PDF or Word (`fmt`, fixed by the URL)."""
    report = _public(slug, year)
    version = _asked_version(request, published.published_versions(report))
    choice = GenerateForm({"language": request.GET.get("lang") or report.language})
    if not choice.is_valid():
        return _refused_language(choice)
    with translation.override(choice.cleaned_data["language"]):
        return _published_file(request, report, version, choice.cleaned_data["language"], fmt)

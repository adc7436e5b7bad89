"""Generating a report file in the background. `start` records the owner's job (skolekvalitet.ops),
which the worker runs, so a failure shows on the owner's task page and can be tried again.
Progress is kept on the ReportJob for the page; the file goes to Django's storage (a local folder
or object storage, settings.STORAGES).

A published version's files, which its readers download, are made once from its copy by
`make_published_files`, started when the version is published (`start_published_files`)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext_noop

from skolekvalitet.audit.log import record
from skolekvalitet.documents import render
from skolekvalitet.ops import jobs
from skolekvalitet.ops.models import Job
from skolekvalitet.organisations.models import Language

from . import published
from .models import ReportJob, ReportVersion, StatusReport

PUBLISHED_FILES = "skolekvalitet.reporting.tasks.make_published_files"


def file_name(job: ReportJob) -> str:
    """The file's name in the storage."""
    return f"reports/report-{job.pk}.{job.fmt}"


def render_report(report, fmt: str, language: str, progress=lambda percent: None) -> bytes:
    return _render(published.document(report, language, progress), fmt)


def _render(doc, fmt: str) -> bytes:
    if fmt == "pdf":
        return render.to_pdf(doc)
    if fmt == "docx":
        return render.to_docx(doc)
    return render.to_html(doc).encode()


def start(actor, report: StatusReport, fmt: str, language: str) -> ReportJob:
    """Queue a PDF or DOCX of the report; the page follows the returned job's progress."""
    if language not in Language.values:
        language = report.language
    job = ReportJob.objects.create(report=report, fmt=fmt, language=language)
    record(
        actor,
        report.owner,
        "generate",
        report,
        {"format": [None, fmt], "language": [None, language]},
    )
    jobs.start(
        actor,
        report.owner,
        "skolekvalitet.reporting.tasks.generate",
        [job.pk],
        gettext_noop("Status report %(year)s as %(fmt)s"),
        year=str(report.school_year),
        fmt=fmt.upper(),
    )
    return job


@task()
def generate(job_id: int) -> None:
    job = ReportJob.objects.select_related("report__owner", "report__school_year").get(pk=job_id)
    ReportJob.objects.filter(pk=job.pk).update(progress=0, done=False, error="")  # a retry

    def progress(percent: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(progress=percent)

    try:
        data = render_report(job.report, job.fmt, job.language, progress)
        default_storage.delete(file_name(job))
        default_storage.save(file_name(job), ContentFile(data))
        ReportJob.objects.filter(pk=job.pk).update(progress=100, done=True)
    except Exception as error:  # recorded for the page; the job and the log keep the details
        ReportJob.objects.filter(pk=job.pk).update(error=str(error)[:500], done=True)
        raise


def make_published_files(version_id: int) -> None:
    """The published version's PDF and Word file in each language, from its copy; a file made
    already is kept (a job run again makes only what is missing)."""
    version = ReportVersion.objects.select_related("report__owner").get(pk=version_id)
    for language in Language.values:
        missing = [
            fmt
            for fmt in published.FORMATS
            if not default_storage.exists(published.file_name(version, language, fmt))
        ]
        doc = published.copy(version.report, version, language) if missing else None
        for fmt in missing:
            name = published.file_name(version, language, fmt)
            default_storage.save(name, ContentFile(_render(doc, fmt)))


def start_published_files(actor, version: ReportVersion) -> None:
    """Make the version's files in the background once its publication is committed (the
    owner's task page shows the job, and a failed one is tried again there)."""
    report = version.report
    transaction.on_commit(
        lambda: jobs.start(
            actor,
            report.owner,
            PUBLISHED_FILES,
            [version.pk],
            gettext_noop("Status report %(year)s, version %(number)s, as PDF and Word"),
            year=str(report.school_year),
            number=version.number,
        )
    )


def published_files(version: ReportVersion, language: str) -> dict[str, bool]:
    """{format: made} for the version's files in the language. Missing ones are started, unless
    a job has them already (waiting, running, or failed: retried on the owner's task page)."""
    made = {
        fmt: default_storage.exists(published.file_name(version, language, fmt))
        for fmt in published.FORMATS
    }
    if not all(made.values()):
        started = Job.objects.filter(function=PUBLISHED_FILES, args=[version.pk])
        if not started.exclude(status=Job.Status.DONE).exists():
            start_published_files(None, version)
    return made

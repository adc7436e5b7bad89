"""Generating a report file in the background. `start` records the owner's job (skolekvalitet.ops),
which the worker runs, so a failure shows on the owner's task page and can be tried again.
Progress is kept on the ReportJob for the page; the file goes to Django's storage (a local folder
or object storage, settings.STORAGES)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils.translation import gettext_noop

from skolekvalitet.audit.log import record
from skolekvalitet.documents import render
from skolekvalitet.ops import jobs
from skolekvalitet.organisations.models import Language

from . import published
from .models import ReportJob, StatusReport


def file_name(job: ReportJob) -> str:
    """The file's name in the storage."""
    return f"reports/report-{job.pk}.{job.fmt}"


def render_report(report, fmt: str, language: str, progress=lambda percent: None) -> bytes:
    doc = published.document(report, language, progress)
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
